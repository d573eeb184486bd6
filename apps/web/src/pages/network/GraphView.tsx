import Graph from 'graphology';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import { useEffect, useRef, useState } from 'react';
import type { NetEdge, NetNode } from './types.ts';

export const KIND_COLOURS: Record<string, string> = {
  person: '#7a1f5c',
  phone: '#1f5f8b',
  email: '#2d6a4f',
  address: '#8a5a00',
  account: '#b02a1a',
  vehicle: '#4a4a8a',
  company: '#5c4033',
  handle: '#00707a',
  investigation: '#333333',
  financial_report: '#6b3fa0',
};

/**
 * The neighbourhood drawn with sigma (WebGL) on a ForceAtlas2 layout. Clicking a node selects it. When WebGL
 * is not available the parent shows the list instead (`onUnavailable`).
 */
export function GraphView({
  nodes,
  edges,
  center,
  highlight,
  onSelect,
  onUnavailable,
  label,
}: {
  nodes: NetNode[];
  edges: NetEdge[];
  center: string;
  highlight: ReadonlySet<string>;
  onSelect: (id: string) => void;
  onUnavailable: () => void;
  label: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (!box.current) return;
    let renderer: { kill(): void } | null = null;
    let cancelled = false;
    const g = new Graph();
    nodes.forEach((n, i) => {
      const angle = (2 * Math.PI * i) / Math.max(1, nodes.length);
      g.addNode(n.id, {
        x: n.id === center ? 0 : Math.cos(angle),
        y: n.id === center ? 0 : Math.sin(angle),
        size: 4 + Math.min(8, n.degree),
        label: n.label,
        color: KIND_COLOURS[n.kind] ?? '#555',
        highlighted: highlight.has(n.id) || n.id === center,
      });
    });
    for (const e of edges)
      if (g.hasNode(e.source) && g.hasNode(e.target) && !g.hasEdge(e.source, e.target))
        g.addEdge(e.source, e.target, { size: 1.5, color: '#9a9a9a' });
    if (g.order > 2) forceAtlas2.assign(g, { iterations: 150, settings: forceAtlas2.inferSettings(g) });
    import('sigma')
      .then(({ default: Sigma }) => {
        if (cancelled || !box.current) return;
        try {
          // sizes in screen pixels: sigma 4 measures them in graph units by default, which made a node of a
          // small neighbourhood (a ForceAtlas2 layout a few units wide) cover the canvas
          const s = new Sigma(g, box.current, { settings: { itemSizesReference: 'screen' } });
          s.on('clickNode', ({ node }) => onSelect(node));
          renderer = s;
          setReady(true);
        } catch {
          onUnavailable();
        }
      })
      .catch(() => onUnavailable());
    return () => {
      cancelled = true;
      renderer?.kill();
    };
  }, [nodes, edges, center, highlight, onSelect, onUnavailable]);
  return (
    <div
      ref={box}
      className="net-canvas"
      role="img"
      aria-label={label}
      data-ready={ready ? 'true' : 'false'}
    />
  );
}
