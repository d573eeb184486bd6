/**
 * The annual report for people: a self-contained HTML page (no external resources) with, for each section
 * of the JSON, a table and an inline SVG chart with the two previous years beside every figure, an SVG
 * choropleth of Mexico by state, and the completeness of the data. Also the static page of the public release.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CompletenessRow, StateFigures } from '@enlace/core/report/breakdown';
import type { AnnualReport } from '@enlace/core/report/compute';
import type { PublicRelease } from '@enlace/core/report/release';

export interface ReportBundle {
  report: AnnualReport;
  /** the reports of year-1 and year-2 (in that order) */
  previous: AnnualReport[];
  states: StateFigures[];
  completeness: CompletenessRow[];
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

const LABELS: Record<string, string> = {
  investigations: 'Investigations opened',
  prosecutions: 'Prosecutions (defendants active in the year)',
  convictions: 'Convictions',
  officials: 'Officials complicit in trafficking',
  victims: 'Victims identified (people, deduplicated)',
  services: 'Victim services',
  hotline: 'Hotline',
  financial_intelligence: 'Financial intelligence',
  restitution: 'Restitution (convictions of the year)',
};

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

function barChart(rows: Array<{ label: string; values: number[] }>, years: number[]): string {
  const numeric = rows.filter((r) => r.values.every((v) => Number.isFinite(v)));
  if (numeric.length === 0) return '';
  const max = Math.max(1, ...numeric.flatMap((r) => r.values));
  const rowH = 8 * years.length + 10;
  const labelW = 260;
  const W = 720;
  const H = numeric.length * rowH + 24;
  const colors = ['#c9d6df', '#7fa7c4', '#1f5f8b'];
  const parts: string[] = [];
  numeric.forEach((r, i) => {
    const y0 = i * rowH + 4;
    parts.push(
      `<text x="${labelW - 6}" y="${y0 + rowH / 2}" text-anchor="end" dominant-baseline="middle">${esc(r.label)}</text>`,
    );
    r.values.forEach((v, j) => {
      const w = ((W - labelW - 60) * v) / max;
      parts.push(
        `<rect x="${labelW}" y="${y0 + j * 8}" width="${w.toFixed(1)}" height="7" fill="${colors[j + 3 - years.length] ?? '#1f5f8b'}"><title>${esc(`${r.label} ${years[j]}: ${fmtNum(v)}`)}</title></rect>`,
      );
    });
  });
  const legend = years
    .map(
      (y, j) =>
        `<rect x="${labelW + j * 70}" y="${H - 14}" width="10" height="10" fill="${colors[j + 3 - years.length]}"/><text x="${labelW + j * 70 + 14}" y="${H - 5}">${y}</text>`,
    )
    .join('');
  return `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="chart">${parts.join('')}${legend}</svg>`;
}

export function choropleth(values: Map<string, number | null>, title: string): string {
  const geo = geometry();
  const nums = [...values.values()].filter((v): v is number => typeof v === 'number');
  const max = Math.max(1, ...nums);
  const ramp = ['#f1f5f9', '#c6dbef', '#9ecae1', '#6baed6', '#3182bd', '#08519c'];
  const color = (v: number | null | undefined) => {
    if (v === null || v === undefined) return '#e0e0e0';
    if (v === 0) return ramp[0]!;
    return ramp[Math.min(5, 1 + Math.floor((4.999 * v) / max))]!;
  };
  const paths = geo.states
    .map((s) => {
      const v = values.get(s.code);
      return `<path d="${s.path}" fill="${color(v)}" stroke="#fff" stroke-width="0.8"><title>${esc(`${s.name}: ${v === null ? 'suppressed' : fmtNum(v ?? 0)}`)}</title></path>`;
    })
    .join('');
  const steps = [0, 1, 2, 3, 4].map((i) => Math.max(1, Math.ceil((max * i) / 5)));
  const legend = steps
    .map(
      (s, i) =>
        `<rect x="${20 + i * 70}" y="10" width="14" height="14" fill="${ramp[i + 1]}"/><text x="${38 + i * 70}" y="22">≥ ${s}</text>`,
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

/** The annual report page. */
export function renderReportHtml(b: ReportBundle): string {
  const years = [...b.previous.map((p) => p.year).reverse(), b.report.year];
  const series = [...[...b.previous].reverse(), b.report];
  const sections = Object.keys(LABELS).map((key) => {
    const rows = leaves((b.report as unknown as Record<string, unknown>)[key]).map(([path]) => {
      const vals = series.map((r) => {
        let cur: unknown = (r as unknown as Record<string, unknown>)[key];
        for (const p of path.split('.')) if (p) cur = (cur as Record<string, unknown> | undefined)?.[p];
        return cur;
      });
      return { path, vals };
    });
    const table = `<table><thead><tr><th>Figure</th>${years.map((y) => `<th>${y}</th>`).join('')}</tr></thead><tbody>${rows
      .map(
        (r) =>
          `<tr><td>${esc(humanize(r.path))}</td>${r.vals.map((v) => `<td>${esc(fmtNum(v))}</td>`).join('')}</tr>`,
      )
      .join('')}</tbody></table>`;
    const chart = barChart(
      rows
        .filter((r) => r.vals.every((v) => typeof v === 'number'))
        .map((r) => ({ label: humanize(r.path), values: r.vals as number[] })),
      years,
    );
    return `<section id="${key}"><h2>${esc(LABELS[key])}</h2>${table}${chart}</section>`;
  });
  const stateVals = new Map(b.states.map((s) => [s.state_code, s.victims]));
  const stateTable = `<table><thead><tr><th>State</th><th>Victims</th><th>Identification records</th><th>Investigations</th><th>Prosecutions</th><th>Convictions</th></tr></thead><tbody>${b.states
    .map(
      (s) =>
        `<tr><td>${esc(`${s.state_code} ${stateName(s.state_code)}`)}</td><td>${s.victims}</td><td>${s.identification_records}</td><td>${s.investigations}</td><td>${s.prosecutions}</td><td>${s.convictions}</td></tr>`,
    )
    .join('')}</tbody></table>`;
  const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)}%`);
  const datasets = [...new Set(b.completeness.map((c) => c.dataset))];
  const completeness = datasets
    .map((d) => {
      const rows = b.completeness.filter((c) => c.dataset === d);
      return `<h3>${esc(d.replaceAll('_', ' '))}</h3><table><thead><tr><th>State</th><th>Records in ${b.report.year}</th><th>Sex known</th><th>Age known</th><th>Form known</th><th>Nationality known</th></tr></thead><tbody>${rows
        .map(
          (c) =>
            `<tr><td>${esc(c.state === 'all' ? 'National' : `${c.state} ${stateName(c.state)}`)}</td><td>${c.records === 0 ? 'no records' : c.records}</td><td>${pct(c.sex)}</td><td>${pct(c.age)}</td><td>${pct(c.form)}</td><td>${pct(c.nationality)}</td></tr>`,
        )
        .join('')}</tbody></table>`;
    })
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Enlace — trafficking in persons figures ${b.report.year}</title><style>${STYLE}</style></head><body>
<h1>Trafficking in persons in Mexico: national figures ${b.report.year}</h1>
<p class="note">Computed by Enlace from the records of every participating agency, victims deduplicated across agencies (annual-report.md). Each figure is shown beside the two previous years (${years.slice(0, -1).join(', ')}). ${b.generatedAt ? `Generated ${esc(b.generatedAt)}.` : ''}</p>
${sections.join('\n')}
<section id="map"><h2>Victims identified by state</h2>${choropleth(stateVals, `Victims identified in ${b.report.year} by state where identified`)}${stateTable}</section>
<section id="completeness"><h2>Completeness of the data</h2><p class="note">For each dataset and state: whether records exist for ${b.report.year}, and the share of records with each key field known.</p>${completeness}</section>
</body></html>`;
}

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
