/**
 * Network analysis for investigators: the graph of the caller's agency (edge sources, scoped), its
 * communities and central actors, search, neighbourhoods by hops, shortest paths and exports. Every answer is
 * audited (what was looked at, never the values).
 */
import { csvCell, neutraliseCell } from '@enlace/core/spreadsheet-safety';
import { audit } from '../../audit/service.ts';
import { AppError } from '../../errors.ts';
import type { RequestContext, SessionUser } from '../../http/context.ts';
import {
  type Analysis,
  addFacts,
  analyse,
  type NetGraph,
  neighbourhood,
  newGraph,
  shortestPath,
} from './graph.ts';
import { NORMALISE } from './normalise.ts';
import { type Caller, EDGE_SOURCES, identifierNode } from './sources.ts';

/** Agencies that investigate (their staff with network:read see the network of their own records). */
export const INVESTIGATIVE_KINDS = ['prosecutor', 'police', 'financial_intelligence'] as const;

export interface Built {
  graph: NetGraph;
  analysis: Analysis;
}

/** Builds the caller's graph from every edge source (scoped to the caller) and analyses it. */
export async function buildNetwork(ctx: Pick<RequestContext, 'db'>, caller: Caller): Promise<Built> {
  const g = newGraph();
  for (const s of EDGE_SOURCES) {
    const out = await s.load(ctx.db, caller);
    for (const n of out.nodes) {
      if (!g.hasNode(n.id)) g.addNode(n.id, { kind: n.kind, label: n.label, roles: n.role ? [n.role] : [] });
      else {
        const at = g.getNodeAttributes(n.id);
        if (n.role && !at.roles.includes(n.role)) at.roles.push(n.role);
        if (at.label.startsWith('#') && !n.label.startsWith('#') && n.label) at.label = n.label;
      }
    }
    addFacts(g, out.facts);
  }
  return { graph: g, analysis: analyse(g) };
}

export function investigator(ctx: RequestContext): SessionUser {
  const u = ctx.user;
  if (!u) throw new AppError('unauthenticated', 'Please sign in', { status: 401 });
  if (!(INVESTIGATIVE_KINDS as readonly string[]).includes(u.agencyKind))
    throw new AppError(
      'network_not_investigative',
      'Network analysis is for investigative agencies (prosecutors, police, financial intelligence)',
      { status: 403 },
    );
  return u;
}

export interface NodeView {
  id: string;
  kind: string;
  label: string;
  roles: string[];
  community: number;
  communitySize: number;
  degree: number;
  betweenness: number;
  pagerank: number;
}
export interface EdgeView {
  source: string;
  target: string;
  relations: string[];
  records: { table: string; id: string }[];
}

function communitySizes(a: Analysis): Map<number, number> {
  const m = new Map<number, number>();
  for (const c of a.community.values()) m.set(c, (m.get(c) ?? 0) + 1);
  return m;
}

function nodeView(b: Built, id: string, sizes: Map<number, number>): NodeView {
  const at = b.graph.getNodeAttributes(id);
  const c = b.analysis.community.get(id) ?? -1;
  return {
    id,
    kind: at.kind,
    label: at.label,
    roles: [...at.roles].sort(),
    community: c,
    communitySize: sizes.get(c) ?? 1,
    degree: b.analysis.degree.get(id) ?? 0,
    betweenness: round(b.analysis.betweenness.get(id) ?? 0),
    pagerank: round(b.analysis.pagerank.get(id) ?? 0),
  };
}
const round = (x: number) => Math.round(x * 1e6) / 1e6;

function subgraph(b: Built, ids: Iterable<string>) {
  const set = new Set(ids);
  const sizes = communitySizes(b.analysis);
  const nodes = [...set].map((id) => nodeView(b, id, sizes));
  const edges: EdgeView[] = [];
  b.graph.forEachEdge((_e, at, s, t) => {
    if (set.has(s) && set.has(t))
      edges.push({
        source: s,
        target: t,
        relations: [...at.relations].sort(),
        records: at.provenance.map((p) => ({ table: p.table, id: p.recordId })),
      });
  });
  return { nodes, edges };
}

async function load(ctx: RequestContext) {
  const u = investigator(ctx);
  return { u, b: await buildNetwork(ctx, { agencyId: u.agencyId, role: u.role }) };
}

const notInNetwork = (field: string) =>
  new AppError('network_node_unknown', `${field}: no such node in your agency's network`, {
    status: 404,
    details: [{ field }],
  });

/** The whole network in numbers and its most central actors (persons first by betweenness, then degree). */
export async function overview(ctx: RequestContext) {
  const { b } = await load(ctx);
  const sizes = communitySizes(b.analysis);
  const byKind: Record<string, number> = {};
  b.graph.forEachNode((_n, at) => {
    byKind[at.kind] = (byKind[at.kind] ?? 0) + 1;
  });
  const ranked = b.graph
    .filterNodes((_n, at) => at.kind === 'person')
    .map((id) => nodeView(b, id, sizes))
    .filter((n) => n.degree > 1)
    .sort((x, y) => y.betweenness - x.betweenness || y.degree - x.degree || x.id.localeCompare(y.id))
    .slice(0, 10);
  const communities = [...sizes.entries()].filter(([, n]) => n >= 3).length;
  await audit(ctx, {
    action: 'read',
    resource: 'network',
    resourceId: 'overview',
    fields: ['central_actors'],
  });
  return {
    nodes: b.graph.order,
    edges: b.graph.size,
    communities,
    modularity: round(b.analysis.modularity),
    byKind,
    centralActors: ranked,
  };
}

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** Nodes whose label contains the words typed, or the identifier typed in any format. */
export async function search(ctx: RequestContext, q: string) {
  const { b } = await load(ctx);
  const sizes = communitySizes(b.analysis);
  const found = new Set<string>();
  for (const kind of Object.keys(NORMALISE) as (keyof typeof NORMALISE)[]) {
    const n = identifierNode(kind, q);
    if (n && b.graph.hasNode(n.id)) found.add(n.id);
  }
  const words = fold(q).split(/\s+/).filter(Boolean);
  const digits = q.replace(/\D/g, '');
  b.graph.forEachNode((id, at) => {
    if (found.size >= 20) return;
    const l = fold(at.label);
    if (words.length && words.every((w) => l.includes(w))) found.add(id);
    else if (digits.length >= 4 && at.label.replace(/\D/g, '').includes(digits)) found.add(id);
  });
  const items = [...found].slice(0, 20).map((id) => nodeView(b, id, sizes));
  items.sort((x, y) => Number(y.kind === 'person') - Number(x.kind === 'person') || y.degree - x.degree);
  await audit(ctx, { action: 'list', resource: 'network', resourceId: 'search', fields: ['label'] });
  return { items };
}

/** A node, its neighbours up to `hops` links away, and the members of its community. */
export async function neighbourhoodOf(ctx: RequestContext, node: string, hops: number) {
  const { b } = await load(ctx);
  if (!b.graph.hasNode(node)) throw notInNetwork('node');
  const ids = neighbourhood(b.graph, node, hops);
  const sub = subgraph(b, ids);
  const sizes = communitySizes(b.analysis);
  const c = b.analysis.community.get(node);
  const members = b.graph
    .filterNodes((id) => b.analysis.community.get(id) === c)
    .map((id) => nodeView(b, id, sizes))
    .sort((x, y) => y.degree - x.degree || x.id.localeCompare(y.id))
    .slice(0, 50);
  await audit(ctx, {
    action: 'read',
    resource: 'network',
    resourceId: node,
    fields: [`hops:${hops}`, `nodes:${sub.nodes.length}`],
  });
  return { center: node, hops, ...sub, communityMembers: members, truncated: ids.size >= 400 };
}

/** The shortest chain of links between two nodes (empty when they are not connected). */
export async function pathBetween(ctx: RequestContext, from: string, to: string) {
  const { b } = await load(ctx);
  if (!b.graph.hasNode(from)) throw notInNetwork('node');
  if (!b.graph.hasNode(to)) throw notInNetwork('to');
  const path = shortestPath(b.graph, from, to);
  const sub = path ? subgraph(b, path) : { nodes: [], edges: [] };
  // keep only the edges along the path, in order
  const edges = path
    ? path
        .slice(1)
        .map(
          (t, i) =>
            sub.edges.find(
              (e) => (e.source === path[i] && e.target === t) || (e.target === path[i] && e.source === t),
            )!,
        )
    : [];
  const order = new Map((path ?? []).map((id, i) => [id, i]));
  await audit(ctx, { action: 'read', resource: 'network', resourceId: `${from}→${to}`, fields: ['path'] });
  return {
    found: path !== null,
    nodes: sub.nodes.sort((x, y) => order.get(x.id)! - order.get(y.id)!),
    edges,
  };
}

/** A sub-graph (a node and its neighbours) as JSON, CSV (nodes then edges) or GraphML; audited as an export. */
export async function exportSubgraph(
  ctx: RequestContext,
  node: string,
  hops: number,
  format: 'json' | 'csv' | 'graphml',
) {
  const data = await neighbourhoodOf(ctx, node, hops);
  await audit(ctx, {
    action: 'export',
    resource: 'network',
    resourceId: node,
    fields: [format, `hops:${hops}`, `nodes:${data.nodes.length}`],
  });
  const stamp = node.replace(/[^a-zA-Z0-9_-]+/g, '-').slice(0, 40);
  if (format === 'json') {
    const body = JSON.stringify({ center: data.center, hops, nodes: data.nodes, edges: data.edges }, null, 2);
    return { body, type: 'application/json; charset=utf-8', file: `red-${stamp}.json` };
  }
  if (format === 'csv')
    return { body: subgraphCsv(data), type: 'text/csv; charset=utf-8', file: `red-${stamp}.csv` };
  return {
    body: subgraphGraphml(data),
    type: 'application/graphml+xml; charset=utf-8',
    file: `red-${stamp}.graphml`,
  };
}

/** Nodes and edges in one CSV (a `type` column says which); every text cell neutralised against formulas. */
export function subgraphCsv(d: { nodes: NodeView[]; edges: EdgeView[] }): string {
  const head = [
    'type',
    'id',
    'kind',
    'label',
    'roles',
    'community',
    'degree',
    'betweenness',
    'pagerank',
    'source',
    'target',
    'relations',
    'records',
  ];
  const rows: (string | number)[][] = [head];
  for (const n of d.nodes)
    rows.push([
      'node',
      n.id,
      n.kind,
      n.label,
      n.roles.join(';'),
      n.community,
      n.degree,
      n.betweenness,
      n.pagerank,
      '',
      '',
      '',
      '',
    ]);
  for (const e of d.edges)
    rows.push([
      'edge',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      e.source,
      e.target,
      e.relations.join(';'),
      e.records.map((r) => `${r.table}/${r.id}`).join(';'),
    ]);
  return `\uFEFF${rows.map((r) => r.map((c) => csvCell(c)).join(',')).join('\r\n')}\r\n`;
}

const xml = (s: string) =>
  s.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

/** GraphML (XML escaped; text through the same formula guard, since spreadsheet tools import GraphML too). */
export function subgraphGraphml(d: { nodes: NodeView[]; edges: EdgeView[] }): string {
  const cell = (s: string) => xml(neutraliseCell(s));
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
    '  <key id="kind" for="node" attr.name="kind" attr.type="string"/>',
    '  <key id="label" for="node" attr.name="label" attr.type="string"/>',
    '  <key id="community" for="node" attr.name="community" attr.type="int"/>',
    '  <key id="degree" for="node" attr.name="degree" attr.type="int"/>',
    '  <key id="betweenness" for="node" attr.name="betweenness" attr.type="double"/>',
    '  <key id="relations" for="edge" attr.name="relations" attr.type="string"/>',
    '  <graph id="G" edgedefault="undirected">',
  ];
  for (const n of d.nodes)
    out.push(
      `    <node id="${xml(n.id)}"><data key="kind">${n.kind}</data><data key="label">${cell(n.label)}</data><data key="community">${n.community}</data><data key="degree">${n.degree}</data><data key="betweenness">${n.betweenness}</data></node>`,
    );
  d.edges.forEach((e, i) => {
    out.push(
      `    <edge id="e${i}" source="${xml(e.source)}" target="${xml(e.target)}"><data key="relations">${xml(e.relations.join(';'))}</data></edge>`,
    );
  });
  out.push('  </graph>', '</graphml>');
  return `${out.join('\n')}\n`;
}
