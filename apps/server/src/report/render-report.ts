/**
 * The national annual report as people read it (issue 13): one self-contained HTML page (no external
 * resource), printed to PDF by Chromium, in es-MX (default) or en-US. Written sentences the way the TIP
 * report states the figures, with the change from the year before; for each section a table with human
 * labels (the catalog of @enlace/core/report/labels, shared with the dashboard) and the two previous years;
 * readable bar charts; the state map with the quantile classes and legend the dashboard uses
 * (@enlace/core/report/classes); compact completeness notes; the sources and the counting rules in an annex.
 * The figures are those of the JSON (annual-report.md); nothing is re-counted here.
 */
import { quantileClasses } from '@enlace/core/report/classes';
import type { AnnualReport } from '@enlace/core/report/compute';
import {
  columnLabel,
  datasetLabel,
  FORM_GROUP_KEYS,
  figureLabel,
  MONEY_FIGURES,
  REPORT_SECTIONS,
  type ReportLang,
  type ReportSection,
  SEX_AGE_KEYS,
  STATE_FIGURE_COLUMNS,
  sectionLabel,
  segmentLabel,
} from '@enlace/core/report/labels';
import { reportSentences } from '@enlace/core/report/narrative';
import { type JusticeDurationFigures, justiceAnnexHtml } from './justice-annex.ts';
import { esc, geometry, type ReportBundle, stateName } from './render-html.ts';

export interface RenderOptions {
  lang?: ReportLang;
  /** Identifications of the year whose person has a link waiting for a reviewer (from the database; review.ts). */
  linkageReview?: { identifications_awaiting_review: number; links_awaiting_review: number };
  /** Durations of the justice chain (justice-annex.ts), shown in the annex. */
  justiceDurations?: JusticeDurationFigures;
}

/** The sentence saying how many identifications still wait on a linkage review (empty when none). */
function reviewSentence(opts: RenderOptions, lang: ReportLang): string {
  const r = opts.linkageReview;
  if (!r || r.identifications_awaiting_review === 0) return '';
  const n = new Intl.NumberFormat(lang).format(r.identifications_awaiting_review);
  const links = new Intl.NumberFormat(lang).format(r.links_awaiting_review);
  const one = r.identifications_awaiting_review === 1;
  return lang === 'es-MX'
    ? `${n} ${one ? 'registro de identificación de este año espera' : 'registros de identificación de este año esperan'} que una persona revise un posible vínculo con otro registro (${links} por revisar): las cifras de víctimas aún pueden cambiar por esa cantidad.`
    : `${n} identification ${one ? 'record of this year waits' : 'records of this year wait'} for a person to review a possible link with another record (${links} to review): the victim figures may still change by that many.`;
}

/** The document's own words (figure labels come from the core catalog). */
const TEXT = {
  'es-MX': {
    title: (y: number) => `Trata de personas en México: cifras nacionales ${y}`,
    subtitle:
      'Informe anual calculado por Enlace con los registros de todas las instituciones participantes; cada víctima se cuenta una sola vez aunque la hayan registrado varias instituciones.',
    generated: (d: string) => `Generado el ${d}.`,
    summary: 'Resumen',
    keyFigures: 'Cifras principales',
    tableCaption: (s: string, ys: string) => `${s}: cifras de ${ys}`,
    chartTitle: (s: string, ys: string) => `${s}, ${ys}`,
    chartAlt: (s: string) =>
      `Gráfica de barras de ${s.toLowerCase()} por año; los valores están en la tabla.`,
    matrix: 'Víctimas por forma de explotación, sexo y edad',
    matrixNote:
      'Cada víctima se cuenta en la forma, el sexo y la edad de su primera identificación del año. Niñas y niños: menores de 18 años.',
    total: 'Total',
    map: 'Víctimas por estado donde fueron identificadas',
    mapCaption: (y: number) =>
      `Víctimas identificadas en ${y}, por estado donde fueron identificadas (personas sin duplicados dentro de cada estado). Clases por cuantiles: cada color agrupa un número parecido de estados.`,
    mapSource:
      'Límites estatales: INEGI, Marco Geoestadístico, simplificados. Estados en gris claro: ninguna víctima identificada.',
    legend: 'Leyenda',
    none: 'Ninguna',
    range: (lo: string, hi: string) => (lo === hi ? lo : `${lo} a ${hi}`),
    statesTable: 'Cifras por estado',
    completeness: 'Notas sobre la completitud de los datos',
    completenessIntro: (y: number) =>
      `Para cada conjunto de datos: cuántos registros de ${y} hay, de cuántos estados, y qué proporción tiene los campos clave.`,
    noStates: (d: string, list: string) => `${d}: sin registros de ${list}.`,
    allStates: (d: string) => `${d}: hay registros de los 32 estados.`,
    noStateAtAll: (d: string) =>
      `${d}: los registros no tienen estado (por ejemplo, la línea nacional de atención registra contactos de todo el país sin estado).`,
    noRecords: (d: string, y: number) => `${d}: ningún registro de ${y}.`,
    of32: (n: string) => `${n} de 32`,
    /** the "states" cell of a dataset whose records carry no state (as the dashboard's table says it) */
    noStateCell: 'sin estado',
    annex: 'Anexo',
    sources: 'A. Fuentes',
    sourcesIntro: (y: number) =>
      `Registros de ${y} de las instituciones que usan Enlace o que entregaron sus datos en el formato de intercambio:`,
    // a kind of source with its noun, singular and plural: "1 organismo internacional", "8 instituciones federales"
    levels: {
      federal: ['institución federal', 'instituciones federales'],
      state: ['institución estatal', 'instituciones estatales'],
      municipal: ['institución municipal', 'instituciones municipales'],
      ngo: ['organización de la sociedad civil', 'organizaciones de la sociedad civil'],
      international: ['organismo internacional', 'organismos internacionales'],
      foreign: ['institución extranjera', 'instituciones extranjeras'],
      unknown: ['institución sin nivel registrado', 'instituciones sin nivel registrado'],
    } as Record<string, readonly [string, string]>,
    sourceLine: (n: string, kind: string, records: string, oneRecord: boolean) =>
      `${n} ${kind} (${records} ${oneRecord ? 'registro' : 'registros'})`,
    noSources: 'No hay registros del año.',
    geoSource: 'Mapa: INEGI, Marco Geoestadístico (límites estatales), de libre uso con crédito a INEGI.',
    rules: 'B. Reglas de conteo',
    previousYears: (ys: string) => `Cada cifra se muestra junto a los dos años anteriores (${ys}).`,
    change: 'Cambio',
    changeNote: 'Cambio: respecto del año anterior.',
  },
  'en-US': {
    title: (y: number) => `Trafficking in persons in Mexico: national figures ${y}`,
    subtitle:
      'Annual report computed by Enlace from the records of every participating agency; each victim counts once even when several agencies recorded them.',
    generated: (d: string) => `Generated ${d}.`,
    summary: 'Summary',
    keyFigures: 'Key figures',
    tableCaption: (s: string, ys: string) => `${s}: figures for ${ys}`,
    chartTitle: (s: string, ys: string) => `${s}, ${ys}`,
    chartAlt: (s: string) => `Bar chart of ${s.toLowerCase()} by year; the values are in the table.`,
    matrix: 'Victims by form of exploitation, sex and age',
    matrixNote:
      'Each victim counts in the form, sex and age of their first identification of the year. Girls and boys: under 18.',
    total: 'Total',
    map: 'Victims by state where identified',
    mapCaption: (y: number) =>
      `Victims identified in ${y}, by state where identified (people deduplicated within each state). Quantile classes: each colour holds a similar number of states.`,
    mapSource:
      'State boundaries: INEGI, Marco Geoestadístico, simplified. Light grey states: no victim identified.',
    legend: 'Legend',
    none: 'None',
    range: (lo: string, hi: string) => (lo === hi ? lo : `${lo} to ${hi}`),
    statesTable: 'Figures by state',
    completeness: 'Notes on the completeness of the data',
    completenessIntro: (y: number) =>
      `For each dataset: how many records of ${y} there are, from how many states, and the share with each key field known.`,
    noStates: (d: string, list: string) => `${d}: no records from ${list}.`,
    allStates: (d: string) => `${d}: records from all 32 states.`,
    noStateAtAll: (d: string) =>
      `${d}: the records have no state (for instance, the national hotline records contacts from the whole country without a state).`,
    noRecords: (d: string, y: number) => `${d}: no records of ${y}.`,
    of32: (n: string) => `${n} of 32`,
    noStateCell: 'no state',
    annex: 'Annex',
    sources: 'A. Sources',
    sourcesIntro: (y: number) =>
      `Records of ${y} from the agencies that use Enlace or delivered their data in the exchange format:`,
    levels: {
      federal: ['federal agency', 'federal agencies'],
      state: ['state agency', 'state agencies'],
      municipal: ['municipal agency', 'municipal agencies'],
      ngo: ['civil society organization', 'civil society organizations'],
      international: ['international organization', 'international organizations'],
      foreign: ['foreign agency', 'foreign agencies'],
      unknown: ['agency with no level recorded', 'agencies with no level recorded'],
    } as Record<string, readonly [string, string]>,
    sourceLine: (n: string, kind: string, records: string, oneRecord: boolean) =>
      `${n} ${kind} (${records} ${oneRecord ? 'record' : 'records'})`,
    noSources: 'No records of the year.',
    geoSource: 'Map: INEGI, Marco Geoestadístico (state boundaries), free use with credit to INEGI.',
    rules: 'B. Counting rules',
    previousYears: (ys: string) => `Each figure is shown beside the two previous years (${ys}).`,
    change: 'Change',
    changeNote: 'Change: from the year before.',
  },
} as const;

/** The counting rules of annual-report.md, as the annex states them. */
const RULES: Record<ReportLang, string[]> = {
  'es-MX': [
    'Año: un hecho pertenece al año de su fecha (identificación, apertura de la investigación, sentencia, canalización, contacto, reporte).',
    'Víctimas: se cuentan personas, no registros. Los registros de una misma persona hechos por distintas instituciones (o dos veces por una) se vinculan antes de contar: por CURP cuando ambos la tienen; si no, por nombre, fecha de nacimiento y sexo, tolerando errores de captura, segundo apellido faltante, apellidos invertidos, acentos y hipocorísticos.',
    'Una víctima cuenta una vez en el total, una vez en cada nivel (federal, estatal) que la identificó, y en la forma, el sexo y la edad de su primera identificación del año.',
    'Formas: explotación sexual; explotación laboral (trabajos forzados, servidumbre, esclavitud, mendicidad forzada, actividades delictivas forzadas); otras (matrimonio forzado, adopción ilegal, extracción de órganos, experimentación biomédica, otras); sin especificar.',
    'Edad: niñas y niños son menores de 18 años en la fecha de identificación; una fecha de nacimiento parcial da edad solo cuando no es ambigua; si el sexo o la edad no se conocen, la víctima cuenta como «sexo o edad sin dato».',
    'Víctima extranjera: nacionalidad conocida distinta de la mexicana.',
    'Procesos penales: personas acusadas con proceso activo en el año (iniciado a más tardar el 31 de diciembre y no concluido antes del 1 de enero); «iniciados en el año» son los nuevos.',
    'Nivel: las instituciones municipales cuentan como estatales; los totales y la columna «por forma» cuentan registros de todas las instituciones. «Estados que reportan» cuenta los estados distintos de los registros estatales de la cifra.',
    'Servicios: personas con un servicio cuyo periodo se cruza con el año; canalizadas: personas con una canalización fechada en el año.',
    'Línea de atención: contactos relacionados con trata; canalizados a fiscalías: los enviados a una institución de tipo fiscalía.',
    'Reparación del daño: montos exactos ordenados en las sentencias del año; lo pagado a la fecha incluye todos los pagos registrados para esas sentencias.',
    'Servidores públicos: investigaciones abiertas, procesos activos y sentencias del año marcados con complicidad de servidores públicos.',
  ],
  'en-US': [
    'Year: an event belongs to the year of its date (identification, investigation opened, conviction, referral, contact, report).',
    'Victims are people, not records. Records of the same person made by different agencies (or twice by one) are linked before counting: by CURP where both have one, otherwise by name, birth date and sex, tolerating typos, a missing second surname, swapped surnames, accents and nicknames.',
    'A victim counts once in the total, once in each level (federal, state) that identified them, and in the form, sex and age of their first identification of the year.',
    'Forms: sex trafficking; labor trafficking (forced labor, servitude, slavery, forced begging, forced criminality); other (forced marriage, illegal adoption, organ removal, biomedical experimentation, other); unspecified.',
    'Age: girls and boys are under 18 on the identification date; a partial birth date gives an age only where unambiguous; when sex or age is not known the victim counts as "sex or age unknown".',
    'Foreign victim: nationality known and not Mexican.',
    'Prosecutions: defendants active in the year (initiated on or before 31 December and not closed before 1 January); "initiated in the year" are the new ones.',
    'Level: municipal agencies count as state; totals and "by form" count records of every agency. "States reporting" counts the distinct states of the state-level records of the figure.',
    'Services: people with a service whose span overlaps the year; referred: people with a referral dated in the year.',
    'Hotline: trafficking-related contacts; referred to prosecutors: those sent to an agency of kind prosecutor.',
    "Restitution: exact amounts ordered by the year's convictions; paid to date includes every payment recorded for those convictions.",
    "Officials: investigations opened, prosecutions active and convictions of the year flagged as officials' complicity.",
  ],
};

/** The figures each section's chart shows, year on year (the table has them all). */
const CHARTS: Record<ReportSection, string[]> = {
  victims: ['victims.total', 'victims.federal.total', 'victims.state.total', 'victims.foreign.total'],
  investigations: ['investigations.federal.total', 'investigations.state.total'],
  prosecutions: [
    'prosecutions.federal.total',
    'prosecutions.federal.new',
    'prosecutions.state.total',
    'prosecutions.state.new',
  ],
  convictions: ['convictions.total', 'convictions.federal.total', 'convictions.state.total'],
  officials: ['officials.investigations', 'officials.prosecutions', 'officials.convictions'],
  services: ['services.victims_served.total', 'services.victims_referred.total'],
  hotline: ['hotline.trafficking_related_contacts', 'hotline.referred_to_prosecutors'],
  financial_intelligence: ['financial_intelligence.suspicious_transactions'],
  restitution: ['restitution.victims_paid'],
};

/** The number and null leaves of a section, depth first (the victims' matrix and countries apart). */
function figurePaths(report: AnnualReport, section: ReportSection): string[] {
  const out: string[] = [];
  const walk = (v: unknown, path: string) => {
    if (v === null || typeof v === 'number') out.push(path);
    else if (v && typeof v === 'object' && !Array.isArray(v))
      for (const [k, child] of Object.entries(v)) {
        const p = `${path}.${k}`;
        if (p === 'victims.by_form_sex_age' || p === 'victims.foreign.countries') continue;
        walk(child, p);
      }
  };
  walk((report as unknown as Record<string, unknown>)[section], section);
  return out;
}

function valueAt(obj: unknown, path: string): unknown {
  let cur = obj;
  for (const p of path.split('.')) cur = (cur as Record<string, unknown> | null | undefined)?.[p];
  return cur;
}

function formatters(lang: ReportLang) {
  const n = new Intl.NumberFormat(lang);
  const pct = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 });
  const signed = new Intl.NumberFormat(lang, {
    style: 'percent',
    maximumFractionDigits: 0,
    signDisplay: 'exceptZero',
  });
  const money = (currency: string, v: number) =>
    new Intl.NumberFormat(lang, {
      style: 'currency',
      currency,
      currencyDisplay: 'code',
      minimumFractionDigits: Number.isInteger(v) ? 0 : 2,
      maximumFractionDigits: Number.isInteger(v) ? 0 : 2,
    }).format(v);
  return {
    num: (v: unknown) => (typeof v === 'number' ? n.format(v) : '—'),
    figure: (path: string, v: unknown) => {
      const c = MONEY_FIGURES[path];
      return typeof v !== 'number' ? '—' : c ? money(c, v) : n.format(v);
    },
    share: (v: number | null) => (v === null ? '—' : pct.format(v)),
    // no percentage from or to zero (a year without records yet would read "−100 %")
    change: (cur: unknown, prev: unknown) =>
      typeof cur === 'number' && typeof prev === 'number' && prev !== 0 && cur !== 0
        ? signed.format((cur - prev) / prev)
        : '—',
  };
}

/** Horizontal grouped bars, one group per figure, one bar per year; labels at a readable size. */
function barChart(
  rows: Array<{ label: string; values: number[]; texts: string[] }>,
  years: number[],
  title: string,
  alt: string,
): string {
  if (rows.length === 0) return '';
  const max = Math.max(1, ...rows.flatMap((r) => r.values));
  const barH = 13;
  const gap = 12;
  const rowH = barH * years.length + gap;
  const labelW = 270;
  const valueW = 70;
  const W = 760;
  const top = 28;
  const H = top + rows.length * rowH + 6;
  const colors = ['#b9cfe0', '#6d9dc5', '#1f5f8b'].slice(3 - years.length);
  const parts: string[] = [
    `<text x="0" y="16" class="ct">${esc(title)}</text>`,
    ...years.map(
      (y, j) =>
        `<rect x="${W - (years.length - j) * 80}" y="5" width="14" height="14" fill="${colors[j]}"/><text x="${W - (years.length - j) * 80 + 18}" y="17">${y}</text>`,
    ),
  ];
  // a long name wraps onto lines of at most ~32 characters (13 px text in the 262 px before the bars)
  const lineH = 14;
  const wrap = (label: string): string[] => {
    const lines: string[] = [];
    for (const word of label.split(' ')) {
      const last = lines.at(-1);
      if (last !== undefined && `${last} ${word}`.length <= 32) lines[lines.length - 1] = `${last} ${word}`;
      else lines.push(word);
    }
    return lines;
  };
  rows.forEach((r, i) => {
    const y0 = top + i * rowH;
    const lines = wrap(r.label);
    const y1 = y0 + (barH * years.length) / 2 + 5 - ((lines.length - 1) * lineH) / 2;
    parts.push(
      `<text x="${labelW - 8}" y="${y1}" text-anchor="end">${lines.map((l, k) => `<tspan x="${labelW - 8}" dy="${k ? lineH : 0}">${esc(l)}</tspan>`).join('')}</text>`,
    );
    r.values.forEach((v, j) => {
      const w = ((W - labelW - valueW) * v) / max;
      const y = y0 + j * barH;
      parts.push(
        `<rect x="${labelW}" y="${y}" width="${Math.max(0.5, w).toFixed(1)}" height="${barH - 2}" fill="${colors[j]}"/><text x="${(labelW + w + 4).toFixed(1)}" y="${y + barH - 3}" class="cv">${esc(r.texts[j])}</text>`,
      );
    });
  });
  return `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(alt)}">${parts.join('')}</svg>`;
}

/** The state map with the quantile classes and legend shared with the dashboard. */
export function stateMap(values: Map<string, number>, lang: ReportLang, year: number): string {
  const T = TEXT[lang];
  const f = formatters(lang);
  const geo = geometry();
  const classes = quantileClasses(values.values());
  const paths = geo.states
    .map((s) => {
      const v = values.get(s.code) ?? 0;
      return `<path d="${s.path}" class="map-c${classes.classOf(v)}" stroke="#fff" stroke-width="0.8"><title>${esc(`${s.name}: ${f.num(v)}`)}</title></path>`;
    })
    .join('');
  const legend = [
    `<li><span class="swatch map-c0"></span>${esc(T.none)}</li>`,
    ...classes.classes.map(
      (c) => `<li><span class="swatch map-c${c.index}"></span>${esc(T.range(f.num(c.lo), f.num(c.hi)))}</li>`,
    ),
  ].join('');
  return `<figure class="map"><svg viewBox="${geo.viewBox}" role="img" aria-label="${esc(`${T.map} ${year}`)}">${paths}</svg><figcaption><p class="legend-title">${esc(T.legend)}</p><ul class="legend">${legend}</ul><p>${esc(T.mapCaption(year))}</p><p class="note">${esc(T.mapSource)}</p></figcaption></figure>`;
}

const STYLE = `@page{size:A4;margin:16mm 14mm 18mm}
*{box-sizing:border-box}
body{font:10.5pt/1.45 "DejaVu Sans","Liberation Sans",Arial,sans-serif;color:#1b1b1b;margin:0 auto;max-width:190mm;padding:0 4mm}
h1{font-size:20pt;line-height:1.2;margin:0 0 4mm;color:#123f5f}
h2{font-size:14pt;margin:8mm 0 3mm;padding-bottom:1mm;border-bottom:2px solid #1f5f8b;color:#123f5f;break-after:avoid}
h3{font-size:11pt;margin:5mm 0 2mm;break-after:avoid}
p{margin:0 0 2.5mm}
.lead{font-size:11.5pt}
.note{color:#4a4a4a;font-size:9pt}
table{border-collapse:collapse;width:100%;margin:2mm 0 4mm;font-variant-numeric:tabular-nums;font-size:9.5pt}
caption{text-align:left;font-weight:600;padding-bottom:1mm;caption-side:top}
th,td{border-bottom:1px solid #d5dde3;padding:1.2mm 2mm;text-align:right;vertical-align:top}
th:first-child,td:first-child{text-align:left}
tbody th{font-weight:400}
thead th{background:#eef3f7;border-bottom:1.5px solid #1f5f8b}
tr{break-inside:avoid}
tr.total td{font-weight:700}
.cards{display:grid;grid-template-columns:repeat(3,1fr);gap:3mm;margin:3mm 0 5mm;padding:0;list-style:none}
.cards li{border:1px solid #cfdbe4;border-radius:2mm;padding:2.5mm 3mm;break-inside:avoid}
.cards .v{font-size:18pt;font-weight:700;color:#123f5f;display:block}
.cards .l{font-size:9pt;display:block}
.cards .c{font-size:8.5pt;color:#4a4a4a;display:block}
.chart{width:100%;height:auto;font-size:13px;margin:1mm 0 4mm;break-inside:avoid}
.chart .ct{font-weight:700;font-size:13px}.chart .cv{font-size:11px;fill:#333}
.map{margin:0;break-inside:avoid}
.map svg{width:100%;height:auto;max-height:150mm}
.map figcaption{font-size:9.5pt}
.legend{list-style:none;padding:0;margin:1mm 0 2mm;display:flex;flex-wrap:wrap;gap:2mm 5mm}
.legend-title{font-weight:600;margin:2mm 0 0}
.swatch{display:inline-block;width:4mm;height:4mm;margin-right:1.5mm;vertical-align:-0.6mm;border:1px solid #9aa9b5}
.map-c0{fill:#eef2f5;background:#eef2f5}.map-c1{fill:#c6dbef;background:#c6dbef}.map-c2{fill:#9ecae1;background:#9ecae1}
.map-c3{fill:#6baed6;background:#6baed6}.map-c4{fill:#3182bd;background:#3182bd}.map-c5{fill:#08519c;background:#08519c}
.states td,.states th{padding:0.8mm 2mm;font-size:9pt}
ol.rules li,ul.notes li{margin-bottom:1.5mm}
section{break-inside:auto}
.annex{break-before:page}
@media screen{body{padding:6mm 4mm}.scroll{overflow-x:auto}}`;

/**
 * A wide table in a frame that scrolls sideways on a narrow screen (a phone opening the HTML): the page itself
 * never gets wider than the screen. Printed, the frame is nothing.
 */
function scrollable(table: string, label: string): string {
  return `<div class="scroll" role="region" tabindex="0" aria-label="${esc(label)}">${table}</div>`;
}

/** The annual report page (HTML), in the language given (es-MX by default). */
export function renderReportHtml(b: ReportBundle, opts: RenderOptions = {}): string {
  const lang = opts.lang ?? 'es-MX';
  const T = TEXT[lang];
  const f = formatters(lang);
  const r = b.report;
  const series = [...[...b.previous].reverse(), r];
  const years = series.map((s) => s.year);
  const prev = b.previous[0];
  const sentences = reportSentences(r, prev, lang);
  const yearsText = `${years[0]}–${years.at(-1)}`;

  // key figures
  const cards: Array<[string, number, number | undefined]> = [
    ['victims.total', r.victims.total, prev?.victims.total],
    [
      'investigations',
      r.investigations.federal.total + r.investigations.state.total,
      prev && prev.investigations.federal.total + prev.investigations.state.total,
    ],
    [
      'prosecutions',
      r.prosecutions.federal.total + r.prosecutions.state.total,
      prev && prev.prosecutions.federal.total + prev.prosecutions.state.total,
    ],
    ['convictions.total', r.convictions.total, prev?.convictions.total],
    ['services.victims_served.total', r.services.victims_served.total, prev?.services.victims_served.total],
    [
      'hotline.trafficking_related_contacts',
      r.hotline.trafficking_related_contacts,
      prev?.hotline.trafficking_related_contacts,
    ],
  ];
  const cardLabel = (key: string) =>
    key.includes('.')
      ? figureLabel(key, lang)
      : `${sectionLabel(key, lang)} (${lang === 'es-MX' ? 'federales y estatales' : 'federal and state'})`;
  const cardsHtml = `<ul class="cards">${cards
    .map(
      ([key, v, p]) =>
        `<li><span class="v">${esc(f.num(v))}</span><span class="l">${esc(key === 'services.victims_served.total' ? segmentLabel('victims_served', lang) : key === 'hotline.trafficking_related_contacts' ? segmentLabel('trafficking_related_contacts', lang) : cardLabel(key))}</span><span class="c">${p === undefined ? '' : esc(`${r.year - 1}: ${f.num(p)} (${f.change(v, p)})`)}</span></li>`,
    )
    .join('')}</ul>`;
  const summary = (['victims', 'investigations', 'prosecutions', 'convictions'] as const)
    .map((s) => sentences[s]?.[0])
    .filter(Boolean)
    .map((s) => `<p class="lead">${esc(s)}</p>`)
    .concat(reviewSentence(opts, lang) ? [`<p class="note">${esc(reviewSentence(opts, lang))}</p>`] : [])
    .join('');

  const sections = REPORT_SECTIONS.map((section) => {
    const paths = figurePaths(r, section);
    const head = `<tr><th scope="col">${esc(columnLabel('figure', lang))}</th>${years.map((y) => `<th scope="col">${y}</th>`).join('')}<th scope="col">${esc(T.change)}</th></tr>`;
    const body = paths
      .map((path) => {
        const vals = series.map((s) => valueAt(s, path));
        return `<tr><th scope="row">${esc(figureLabel(path, lang))}</th>${vals.map((v) => `<td>${esc(f.figure(path, v))}</td>`).join('')}<td>${esc(f.change(vals.at(-1), vals.at(-2)))}</td></tr>`;
      })
      .join('');
    const title = sectionLabel(section, lang);
    const table = scrollable(
      `<table><caption>${esc(T.tableCaption(title, yearsText))}</caption><thead>${head}</thead><tbody>${body}</tbody></table>`,
      T.tableCaption(title, yearsText),
    );
    const chartRows = CHARTS[section].map((path) => {
      const vals = series.map((s) => valueAt(s, path));
      return {
        label: figureLabel(path, lang),
        values: vals.map((v) => (typeof v === 'number' ? v : 0)),
        texts: vals.map((v) => f.figure(path, v)),
      };
    });
    const chart = chartRows.some((c) => c.values.some((v) => v > 0))
      ? barChart(chartRows, years, T.chartTitle(title, yearsText), T.chartAlt(title))
      : '';
    const text = (sentences[section] ?? []).map((s) => `<p>${esc(s)}</p>`).join('');
    const matrix = section === 'victims' ? victimsMatrix(r, lang) : '';
    return `<section id="${section}"><h2>${esc(title)}</h2>${text}${table}${matrix}${chart}</section>`;
  });

  const stateVals = new Map(b.states.map((s) => [s.state_code, s.victims]));
  const statesTable = `<table class="states"><caption>${esc(`${T.statesTable}, ${r.year}`)}</caption><thead><tr><th scope="col">${esc(columnLabel('state', lang))}</th>${STATE_FIGURE_COLUMNS.map((c) => `<th scope="col">${esc(columnLabel(c, lang))}</th>`).join('')}</tr></thead><tbody>${b.states
    .map(
      (s) =>
        `<tr><th scope="row">${esc(stateName(s.state_code))}</th>${STATE_FIGURE_COLUMNS.map((c) => `<td>${esc(f.num(s[c]))}</td>`).join('')}</tr>`,
    )
    .join('')}</tbody></table>`;

  const html = `<!doctype html><html lang="${lang === 'es-MX' ? 'es-MX' : 'en-US'}"><head><meta charset="utf-8"><title>${esc(T.title(r.year))}</title><style>${STYLE}</style></head><body>
<header><h1>${esc(T.title(r.year))}</h1><p>${esc(T.subtitle)}</p><p class="note">${esc(T.previousYears(years.slice(0, -1).join(', ')))} ${esc(T.changeNote)} ${b.generatedAt ? esc(T.generated(b.generatedAt.slice(0, 10))) : ''}</p></header>
<section id="summary"><h2>${esc(T.summary)}</h2>${cardsHtml}${summary}</section>
${sections.join('\n')}
<section id="map"><h2>${esc(`${T.map}, ${r.year}`)}</h2>${stateMap(stateVals, lang, r.year)}${scrollable(statesTable, `${T.statesTable}, ${r.year}`)}</section>
${completenessNotes(b, lang)}
${annex(b, lang, opts)}
</body></html>`;
  return html;
}

function victimsMatrix(r: AnnualReport, lang: ReportLang): string {
  const T = TEXT[lang];
  const f = formatters(lang);
  const m = r.victims.by_form_sex_age;
  const rowTotal = (g: (typeof FORM_GROUP_KEYS)[number]) => SEX_AGE_KEYS.reduce((a, s) => a + m[g][s], 0);
  const colTotal = (s: (typeof SEX_AGE_KEYS)[number]) => FORM_GROUP_KEYS.reduce((a, g) => a + m[g][s], 0);
  const head = `<tr><th scope="col">${esc(lang === 'es-MX' ? 'Forma de explotación' : 'Form of exploitation')}</th>${SEX_AGE_KEYS.map((s) => `<th scope="col">${esc(segmentLabel(s, lang))}</th>`).join('')}<th scope="col">${esc(T.total)}</th></tr>`;
  const body = FORM_GROUP_KEYS.map(
    (g) =>
      `<tr><th scope="row">${esc(segmentLabel(g, lang))}</th>${SEX_AGE_KEYS.map((s) => `<td>${esc(f.num(m[g][s]))}</td>`).join('')}<td>${esc(f.num(rowTotal(g)))}</td></tr>`,
  ).join('');
  const total = `<tr class="total"><th scope="row">${esc(T.total)}</th>${SEX_AGE_KEYS.map((s) => `<td>${esc(f.num(colTotal(s)))}</td>`).join('')}<td>${esc(f.num(FORM_GROUP_KEYS.reduce((a, g) => a + rowTotal(g), 0)))}</td></tr>`;
  return `${scrollable(`<table><caption>${esc(`${T.matrix}, ${r.year}`)}</caption><thead>${head}</thead><tbody>${body}${total}</tbody></table>`, `${T.matrix}, ${r.year}`)}<p class="note">${esc(T.matrixNote)}</p>`;
}

function completenessNotes(b: ReportBundle, lang: ReportLang): string {
  const T = TEXT[lang];
  const f = formatters(lang);
  const datasets = [...new Set(b.completeness.map((c) => c.dataset))];
  const rows = datasets.map((d) => {
    const all = b.completeness.find((c) => c.dataset === d && c.state === 'all');
    const perState = b.completeness.filter((c) => c.dataset === d && c.state !== 'all');
    const missing = perState.filter((c) => c.records === 0).map((c) => stateName(c.state));
    return { d, all, reporting: perState.length - missing.length, missing };
  });
  const share = (k: 'sex' | 'age' | 'form' | 'nationality') => columnLabel(k, lang);
  const table = `<table><thead><tr><th scope="col">${esc(columnLabel('dataset', lang))}</th><th scope="col">${esc(columnLabel('records', lang))}</th><th scope="col">${esc(columnLabel('reporting', lang))}</th>${(['sex', 'age', 'form', 'nationality'] as const).map((k) => `<th scope="col">${esc(share(k))}</th>`).join('')}</tr></thead><tbody>${rows
    .map(
      (x) =>
        `<tr><th scope="row">${esc(datasetLabel(x.d, lang))}</th><td>${esc(f.num(x.all?.records ?? 0))}</td><td>${esc(x.reporting === 0 && (x.all?.records ?? 0) > 0 ? T.noStateCell : T.of32(f.num(x.reporting)))}</td>${(['sex', 'age', 'form', 'nationality'] as const).map((k) => `<td>${esc(f.share(x.all?.[k] ?? null))}</td>`).join('')}</tr>`,
    )
    .join('')}</tbody></table>`;
  const list = new Intl.ListFormat(lang, { style: 'long', type: 'conjunction' });
  const notes = rows
    .map((x) => {
      const d = datasetLabel(x.d, lang);
      if ((x.all?.records ?? 0) === 0) return T.noRecords(d, b.report.year);
      if (x.reporting === 0) return T.noStateAtAll(d);
      if (x.missing.length === 0) return T.allStates(d);
      return T.noStates(d, list.format(x.missing));
    })
    .map((n) => `<li>${esc(n)}</li>`)
    .join('');
  return `<section id="completeness"><h2>${esc(T.completeness)}</h2><p class="note">${esc(T.completenessIntro(b.report.year))} ${esc(lang === 'es-MX' ? '«—»: el campo no aplica al conjunto de datos.' : '"—": the field does not apply to the dataset.')}</p>${scrollable(table, T.completeness)}<ul class="notes">${notes}</ul></section>`;
}

function annex(b: ReportBundle, lang: ReportLang, opts: RenderOptions = {}): string {
  const T = TEXT[lang];
  const f = formatters(lang);
  const src = b.sources ?? [];
  const sources = src.length
    ? `<p>${esc(T.sourcesIntro(b.report.year))}</p><ul>${src.map((s) => `<li>${esc(T.sourceLine(f.num(s.agencies), T.levels[s.level]?.[s.agencies === 1 ? 0 : 1] ?? s.level, f.num(s.records), s.records === 1))}</li>`).join('')}</ul>`
    : `<p>${esc(T.noSources)}</p>`;
  return `<section id="annex" class="annex"><h2>${esc(T.annex)}</h2><h3>${esc(T.sources)}</h3>${sources}<p class="note">${esc(T.geoSource)}</p><h3>${esc(T.rules)}</h3><ol class="rules">${RULES[lang].map((x) => `<li>${esc(x)}</li>`).join('')}</ol>${justiceAnnexHtml(opts.justiceDurations, lang)}</section>`;
}
