/**
 * One-off: builds apps/server/assets/geo/mx-states.svg.json from the INEGI state geometry in
 * ../shared/data/geo (see apps/server/assets/geo/SOURCES.md): Douglas-Peucker simplification, tiny islands
 * dropped, projected once (equirectangular scaled by cos 24°) into SVG path strings.
 * Run: node apps/server/bin/run-ts.mjs apps/server/src/report/geo-build.ts [path/to/mexico_estados_inegi.geojson]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

type Pt = [number, number];
const src =
  process.argv[2] ??
  fileURLToPath(new URL('../../../../../shared/data/geo/mexico_estados_inegi.geojson', import.meta.url));
const out = fileURLToPath(new URL('../../assets/geo/mx-states.svg.json', import.meta.url));
const TOLERANCE = 0.015; // degrees
const MIN_AREA = 0.01; // square degrees: smaller islands are dropped (the largest ring of a state is kept)

function perpDist(p: Pt, a: Pt, b: Pt): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len = Math.hypot(dx, dy);
  if (len === 0) return Math.hypot(p[0] - a[0], p[1] - a[1]);
  return Math.abs(dy * p[0] - dx * p[1] + b[0] * a[1] - b[1] * a[0]) / len;
}

function simplify(pts: Pt[], tol: number): Pt[] {
  if (pts.length < 3) return pts;
  const keep = new Uint8Array(pts.length);
  keep[0] = keep[pts.length - 1] = 1;
  const stack: Array<[number, number]> = [[0, pts.length - 1]];
  while (stack.length) {
    const [s, e] = stack.pop()!;
    let idx = -1;
    let max = tol;
    for (let i = s + 1; i < e; i++) {
      const d = perpDist(pts[i]!, pts[s]!, pts[e]!);
      if (d > max) {
        max = d;
        idx = i;
      }
    }
    if (idx >= 0) {
      keep[idx] = 1;
      stack.push([s, idx], [idx, e]);
    }
  }
  return pts.filter((_, i) => keep[i]);
}

const area = (r: Pt[]) =>
  Math.abs(
    r.reduce((s, p, i) => {
      const q = r[(i + 1) % r.length]!;
      return s + p[0] * q[1] - q[0] * p[1];
    }, 0),
  ) / 2;

const geo = JSON.parse(readFileSync(src, 'utf8')) as {
  features: Array<{
    properties: { CVE_ENT: string; NOM_ENT: string };
    geometry: { type: string; coordinates: unknown };
  }>;
};
const K = Math.cos((24 * Math.PI) / 180);
let minX = Infinity;
let minY = Infinity;
let maxX = -Infinity;
let maxY = -Infinity;
const states = geo.features.map((f) => {
  const polys = (
    f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates
  ) as Pt[][][];
  let rings = polys.map((p) => p[0]!); // outer rings (INEGI state polygons have no meaningful holes here)
  const largest = Math.max(...rings.map(area));
  rings = rings.filter((r) => area(r) >= MIN_AREA || area(r) === largest);
  const projected = rings
    .map((r) => simplify(r, TOLERANCE).map(([lon, lat]) => [lon * K, -lat] as Pt))
    .filter((r) => r.length >= 4);
  for (const r of projected)
    for (const [x, y] of r) {
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
    }
  return { code: f.properties.CVE_ENT, name: f.properties.NOM_ENT, rings: projected };
});
const W = 1000;
const scale = W / (maxX - minX);
const H = Math.ceil((maxY - minY) * scale);
const fmt = (v: number) => (Math.round(v * 10) / 10).toString();
const result = {
  source:
    'INEGI state boundaries (Marco Geoestadístico) via lapanquecita/consultas-populares mexico.json; simplified. See SOURCES.md.',
  viewBox: `0 0 ${W} ${H}`,
  states: states
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((s) => {
      let cx = 0;
      let cy = 0;
      let n = 0;
      const big = s.rings.reduce((a, b) => (area(b) > area(a) ? b : a));
      for (const [x, y] of big) {
        cx += x;
        cy += y;
        n++;
      }
      return {
        code: s.code,
        name: s.name,
        label: [fmt((cx / n - minX) * scale), fmt((cy / n - minY) * scale)],
        path: s.rings
          .map(
            (r) =>
              `M${r.map(([x, y]) => `${fmt((x - minX) * scale)},${fmt((y - minY) * scale)}`).join('L')}Z`,
          )
          .join(''),
      };
    }),
};
writeFileSync(out, `${JSON.stringify(result)}\n`);
process.stdout.write(
  `wrote ${out}: ${result.states.length} states, ${JSON.stringify(result).length} bytes\n`,
);
