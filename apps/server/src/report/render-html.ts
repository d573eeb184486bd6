/**
 * Shared pieces of the HTML pages (state geometry, escaping, the choropleth) and the static page of the
 * public release. The annual report page itself is render-report.ts.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CompletenessRow, StateFigures } from '@enlace/core/report/breakdown';
import { MAP_COLORS, quantileClasses } from '@enlace/core/report/classes';
import type { AnnualReport } from '@enlace/core/report/compute';
import type { PublicRelease } from '@enlace/core/report/release';
import type { SourceRow } from '@enlace/core/report/sources';

export interface ReportBundle {
  report: AnnualReport;
  /** the reports of year-1 and year-2 (in that order) */
  previous: AnnualReport[];
  states: StateFigures[];
  completeness: CompletenessRow[];
  /** agencies and records of the year by level (the report's annex) */
  sources?: SourceRow[];
  generatedAt?: string;
}

interface GeoState {
  code: string;
  name: string;
  label: [string, string];
  path: string;
}
let geoCache: { viewBox: string; states: GeoState[] } | undefined;
export function geometry() {
  geoCache ??= JSON.parse(
    readFileSync(fileURLToPath(new URL('../../assets/geo/mx-states.svg.json', import.meta.url)), 'utf8'),
  ) as { viewBox: string; states: GeoState[] };
  return geoCache;
}
export const stateName = (code: string) => geometry().states.find((s) => s.code === code)?.name ?? code;

export const esc = (s: unknown): string =>
  String(s).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const fmtNum = (v: unknown) =>
  v === null || v === undefined
    ? '—'
    : typeof v === 'number'
      ? v.toLocaleString('en-US', { maximumFractionDigits: 2 })
      : Array.isArray(v)
        ? v.join(', ') || '—'
        : String(v);

/** Flattens a section into [path, value] leaves (arrays kept whole). */
export function leaves(obj: unknown, prefix = ''): Array<[string, unknown]> {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return [[prefix, obj]];
  return Object.entries(obj as Record<string, unknown>).flatMap(([k, v]) =>
    leaves(v, prefix ? `${prefix}.${k}` : k),
  );
}

const humanize = (path: string) => path.replaceAll('_', ' ').replaceAll('.', ' › ');

export function choropleth(values: Map<string, number | null>, title: string): string {
  const geo = geometry();
  // the quantile classes of the dashboard and the report (@enlace/core/report/classes)
  const classes = quantileClasses(values.values());
  const color = (v: number | null | undefined) => (v === null ? '#bdbdbd' : MAP_COLORS[classes.classOf(v)]!);
  const paths = geo.states
    .map((s) => {
      const v = values.get(s.code);
      return `<path d="${s.path}" fill="${color(v)}" stroke="#fff" stroke-width="0.8"><title>${esc(`${s.name}: ${v === null ? 'suppressed' : fmtNum(v ?? 0)}`)}</title></path>`;
    })
    .join('');
  const legend = classes.classes
    .map(
      (c, i) =>
        `<rect x="${20 + i * 110}" y="10" width="14" height="14" fill="${MAP_COLORS[c.index]}"/><text x="${38 + i * 110}" y="22">${c.lo === c.hi ? c.lo : `${c.lo}–${c.hi}`}</text>`,
    )
    .join('');
  return `<figure class="map"><svg viewBox="${geo.viewBox}" role="img" aria-label="${esc(title)}">${paths}${legend}</svg><figcaption>${esc(title)}. Fuente: INEGI, Marco Geoestadístico (límites estatales), simplificado.</figcaption></figure>`;
}

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:60rem;color:#1b1b1b;padding:0 1rem}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:2px solid #1f5f8b;break-after:avoid}
table{border-collapse:collapse;margin:.5rem 0;font-variant-numeric:tabular-nums}td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}
td:first-child,th:first-child{text-align:left}th{background:#eef3f7}.chart{width:100%;max-width:720px;font-size:10px}
.map svg{width:100%;max-width:760px;font-size:14px}.note{color:#555;font-size:12px}section{break-inside:auto}
@media print{body{margin:0}h2{break-before:auto}}`;

/** The static page of the public release (published figures only). */
export function renderReleaseHtml(rel: PublicRelease): string {
  const rows = Object.entries(rel.cells)
    .filter(([k]) => !k.startsWith('by_state.'))
    .map(
      ([k, v]) =>
        `<tr><td>${esc(humanize(k))}</td><td>${v === null ? '<abbr title="suppressed">s</abbr>' : v}</td></tr>`,
    )
    .join('');
  const amounts = Object.entries(rel.amounts)
    .map(
      ([k, v]) =>
        `<tr><td>${esc(humanize(k))}</td><td>${v === null ? '<abbr title="withheld">w</abbr>' : fmtNum(v)}</td></tr>`,
    )
    .join('');
  const byState = new Map<string, number | null>();
  for (const [k, v] of Object.entries(rel.cells)) {
    const m = /^by_state\.(\d\d)\.victims$/.exec(k);
    if (m) byState.set(m[1]!, v);
  }
  const dp = rel.disclosure.differential_privacy;
  return `<!doctype html><html lang="es"><head><meta charset="utf-8"><title>Trata de personas en México: cifras ${rel.year}</title><style>${STYLE}</style></head><body>
<h1>Trata de personas en México — cifras públicas ${rel.year}</h1>
<p class="note">${esc(rel.disclosure.note)} ${dp ? esc(`Counts carry differentially private noise (epsilon = ${dp.epsilon}; ${dp.mechanism}). ${dp.note}.`) : ''} s = suppressed, w = withheld. Suppressed cells: ${rel.disclosure.suppressed.length}.</p>
<table><thead><tr><th>Figure</th><th>${rel.year}</th></tr></thead><tbody>${rows}${amounts}<tr><td>victims › foreign › countries (≥ k victims)</td><td>${esc(rel.countries.join(', ') || '—')}</td></tr></tbody></table>
${byState.size ? choropleth(byState, `Victims identified in ${rel.year} by state (grey: suppressed)`) : ''}
</body></html>`;
}
