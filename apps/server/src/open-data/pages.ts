/**
 * The open-data page: server-rendered HTML (no JavaScript), es-MX by default and en-US. Only figures of a
 * published release, only values that are 0 or ≥ k (checked again here), suppressed cells as "reservado".
 */
import { INEGI_STATES } from '@enlace/core/codes';
import { sectionLabel } from '@enlace/core/report/labels';
import { FORM_GROUPS } from '@enlace/core/taxonomy';
import type { ReleaseRow } from '../api/releases/repository.ts';
import { cellsBelowK } from '../api/releases/service.ts';
import { html, type Raw, raw } from '../public/html.ts';
import { allFigureKeys, figureDescription, figureLabel, type Lang } from './dictionary.ts';

export const BASE = '/datos-abiertos';

const T = {
  'es-MX': {
    site: 'Enlace · Datos abiertos',
    title: 'Cifras nacionales de trata de personas',
    lead: 'Cifras oficiales de México sobre trata de personas, calculadas con las mismas reglas del informe anual, con las víctimas registradas por varias instituciones contadas una sola vez.',
    years: 'Publicaciones',
    none: 'Todavía no hay cifras publicadas.',
    yearTitle: 'Cifras nacionales de trata de personas, {year}',
    published: 'Publicado el {date}. Aprobado por una segunda persona analista.',
    protection:
      'Para proteger a las víctimas, ninguna cifra entre 1 y {k1} se publica: aparece como «reservado». También se reservan otras cifras, elegidas para que ninguna cifra reservada pueda deducirse restando o sumando las publicadas. {n} de {total} cifras están reservadas.',
    dp: 'Las cifras llevan ruido aleatorio de privacidad diferencial (ε = {eps}); los totales son la suma de sus partes.',
    downloads: 'Descargas',
    csv: 'Cifras (CSV)',
    json: 'Cifras (JSON)',
    dictionary: 'Diccionario de datos',
    dictionaryCsv: 'Diccionario (CSV)',
    suppressed: 'reservado',
    withheld: 'retenido',
    withheldNote:
      'Un monto o una pena «retenido» descansa en menos de {k} personas o registros: no se publica, para que no revele a quienes corresponde.',
    figure: 'Cifra',
    value: 'Valor',
    state: 'Entidad',
    statesNote:
      '«—»: no aplica. Una víctima identificada en dos entidades cuenta en ambas: «Todas las entidades» suma las entidades y no hay cifra de víctimas sin entidad registrada.',
    key: 'Clave',
    label: 'Nombre',
    description: 'Descripción',
    countries: 'Países de origen de las víctimas extranjeras (con al menos {k} víctimas)',
    countriesNone: 'Ningún país con al menos {k} víctimas; {n} países no se listan.',
    sections: {
      // named as the dashboard and the printed report name them (one name per figure)
      victims: sectionLabel('victims', 'es-MX'),
      sexAge: 'Víctimas por forma de explotación, sexo y edad',
      investigations: sectionLabel('investigations', 'es-MX'),
      prosecutions: sectionLabel('prosecutions', 'es-MX'),
      convictions: sectionLabel('convictions', 'es-MX'),
      services: sectionLabel('services', 'es-MX'),
      other: 'Otras cifras',
      amounts: 'Montos y penas',
      states: 'Por entidad federativa',
    },
    level: 'Ámbito',
    dictLead:
      'Cada cifra de las publicaciones, con su clave (columna «figure» del CSV y del JSON), su nombre y cómo se cuenta. Una cifra vacía (null) está reservada.',
    relationsTitle: 'Relaciones entre cifras',
    relations: [
      'Formas dentro de un ámbito: el total de cada ámbito es la suma de las formas de explotación.',
      'Ámbitos dentro de un total: total = federal + estatal + otras instituciones.',
      'Entidades: la suma de las 32 entidades más «sin entidad registrada» es el total nacional (víctimas: una persona puede contar en dos entidades).',
      'Sexo y edad: cada fila y columna de la tabla suma su total, y ambos suman el total de víctimas.',
      'Procesos: total = iniciados en el año + de años anteriores. Registros de identificación = víctimas + duplicados enlazados. Línea: contactos = canalizados + no canalizados.',
      'La supresión complementaria toma en cuenta todas estas relaciones a la vez: ninguna cifra reservada puede despejarse de ellas.',
    ],
    back: 'Todas las publicaciones',
    notFound: 'No hay cifras publicadas de ese año.',
    footer: 'Datos sin información personal. Licencia: datos abiertos, citar la fuente.',
    langName: 'Español',
  },
  'en-US': {
    site: 'Enlace · Open data',
    title: 'National trafficking-in-persons figures',
    lead: "Mexico's official trafficking-in-persons figures, computed with the annual report's rules, with victims recorded by several agencies counted once.",
    years: 'Releases',
    none: 'No figures have been published yet.',
    yearTitle: 'National trafficking-in-persons figures, {year}',
    published: 'Published on {date}. Approved by a second analyst.',
    protection:
      'To protect victims, no figure between 1 and {k1} is published: it reads "suppressed". Further figures are suppressed so that no suppressed figure can be worked out by adding or subtracting published ones. {n} of {total} figures are suppressed.',
    dp: 'The figures carry random differential-privacy noise (ε = {eps}); totals are the sums of their parts.',
    downloads: 'Downloads',
    csv: 'Figures (CSV)',
    json: 'Figures (JSON)',
    dictionary: 'Data dictionary',
    dictionaryCsv: 'Dictionary (CSV)',
    suppressed: 'suppressed',
    withheld: 'withheld',
    withheldNote:
      'A "withheld" amount or sentence rests on fewer than {k} people or records: it is not published, so that it cannot reveal them.',
    figure: 'Figure',
    value: 'Value',
    state: 'State',
    statesNote:
      '"—": not applicable. A victim identified in two states counts in both: "All states" adds up the states and there is no figure of victims with no state recorded.',
    key: 'Key',
    label: 'Name',
    description: 'Description',
    countries: 'Countries of origin of foreign victims (with at least {k} victims)',
    countriesNone: 'No country with at least {k} victims; {n} countries are not listed.',
    sections: {
      victims: sectionLabel('victims', 'en-US'),
      sexAge: 'Victims by form of exploitation, sex and age',
      investigations: sectionLabel('investigations', 'en-US'),
      prosecutions: sectionLabel('prosecutions', 'en-US'),
      convictions: sectionLabel('convictions', 'en-US'),
      services: sectionLabel('services', 'en-US'),
      other: 'Other figures',
      amounts: 'Amounts and sentences',
      states: 'By state',
    },
    level: 'Level',
    dictLead:
      'Every figure of the releases, with its key (the "figure" column of the CSV and JSON), its name and how it is counted. An empty (null) figure is suppressed.',
    relationsTitle: 'Relations between figures',
    relations: [
      "Forms within a level: each level's total is the sum of the forms of exploitation.",
      'Levels within a total: total = federal + state + other agencies.',
      'States: the 32 states plus "no state recorded" add up to the national total (victims: a person can count in two states).',
      'Sex and age: every row and column of the table adds up to its total, and both to the victims total.',
      'Prosecutions: total = initiated in the year + from earlier years. Identification records = victims + linked duplicates. Hotline: contacts = referred + not referred.',
      'Complementary suppression takes all these relations into account at once: no suppressed figure can be solved from them.',
    ],
    back: 'All releases',
    notFound: 'No figures have been published for that year.',
    footer: 'No personal data. Open data: please cite the source.',
    langName: 'English',
  },
} as const;

type Texts = (typeof T)[Lang];
const fill = (s: string, vars: Record<string, string | number>) =>
  s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));

export const texts = (lang: Lang): Texts => T[lang];

function layout(lang: Lang, title: string, path: string, body: Raw): string {
  const t = T[lang];
  const other: Lang = lang === 'es-MX' ? 'en-US' : 'es-MX';
  return `<!doctype html>${html`<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title} · ${t.site}</title><link rel="stylesheet" href="${BASE}/estilo.css"></head><body><header class="top"><div class="row"><a class="site" href="${BASE}?lang=${lang}">${t.site}</a><nav class="langs" aria-label="Idioma / Language"><ul><li><a href="${path}?lang=${other}" lang="${other}" hreflang="${other}">${T[other].langName}</a></li></ul></nav></div></header><main id="contenido">${body}</main><footer>${t.footer}</footer></body></html>`}`;
}

export function indexPage(lang: Lang, releases: readonly ReleaseRow[]): string {
  const t = T[lang];
  const body = html`<h1>${t.title}</h1><p class="lead">${t.lead}</p><h2>${t.years}</h2>${
    releases.length
      ? html`<ul class="years">${releases.map(
          (r) =>
            html`<li><a href="${BASE}/${r.year}?lang=${lang}">${fill(t.yearTitle, { year: r.year })}</a></li>`,
        )}</ul>`
      : html`<p>${t.none}</p>`
  }<p><a href="${BASE}/diccionario?lang=${lang}">${t.dictionary}</a></p>`;
  return layout(lang, t.title, BASE, body);
}

export function notFoundPage(lang: Lang): string {
  const t = T[lang];
  return layout(
    lang,
    t.notFound,
    BASE,
    html`<h1>${t.notFound}</h1><p><a href="${BASE}?lang=${lang}">${t.back}</a></p>`,
  );
}

/** The cells of a published release, refusing any value below k (never rendered, whatever is stored). */
export function safeCells(r: ReleaseRow): Record<string, number | null> {
  const bad = cellsBelowK(r.figures.cells, r.k);
  if (bad.length) throw new Error('a published release holds counts below k');
  return r.figures.cells;
}

export function yearPage(lang: Lang, r: ReleaseRow): string {
  const t = T[lang];
  const cells = safeCells(r);
  const nf = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
  const num = (key: string) => {
    const v = cells[key];
    if (v === undefined) return html`<td class="n">—</td>`;
    return v === null ? html`<td class="sup">${t.suppressed}</td>` : html`<td class="n">${nf.format(v)}</td>`;
  };
  const shown = new Set<string>();
  const use = (key: string) => {
    shown.add(key);
    return num(key);
  };
  /** a table in a keyboard-reachable scrolling region named by the table's caption (already escaped) */
  const scroll = (inner: Raw) => {
    const caption = /<caption>(.*?)<\/caption>/.exec(inner.value)?.[1] ?? '';
    return html`<div class="scroll" tabindex="0" role="region" aria-label="${raw(caption)}">${inner}</div>`;
  };
  /** level × form table of a block (investigations, convictions, victims) */
  const levelTable = (block: string, caption: string) =>
    scroll(
      html`<table><caption>${caption}</caption><thead><tr><th scope="col">${t.level}</th>${[
        'total',
        ...FORM_GROUPS,
      ].map(
        (g) =>
          html`<th scope="col" class="n">${figureLabel(`${block}.federal.${g}`, lang).split(' · ').pop()}</th>`,
      )}</tr></thead><tbody>${(['federal', 'state'] as const).map(
        (lvl) =>
          html`<tr><th scope="row">${figureLabel(`${block}.${lvl}.total`, lang).split(' · ')[1]}</th>${['total', ...FORM_GROUPS].map((g) => use(`${block}.${lvl}.${g}`))}</tr>`,
      )}</tbody></table>`,
    );
  const list = (keys: readonly string[], caption: string) => {
    const present = keys.filter((k) => k in cells);
    if (!present.length) return html``;
    return scroll(
      html`<table><caption>${caption}</caption><thead><tr><th scope="col">${t.figure}</th><th scope="col" class="n">${t.value}</th></tr></thead><tbody>${present.map(
        (k) => html`<tr><th scope="row">${figureLabel(k, lang)}</th>${use(k)}</tr>`,
      )}</tbody></table>`,
    );
  };
  const sexAges = ['girls', 'women', 'boys', 'men', 'unknown', 'total'];
  const sexAgeTable = scroll(
    html`<table><caption>${t.sections.sexAge}</caption><thead><tr><th scope="col">${figureLabel('victims.federal.total', lang).split(' · ')[0]}</th>${sexAges.map(
      (sa) =>
        html`<th scope="col" class="n">${figureLabel(`victims.by_form_sex_age.sex.${sa}`, lang).split(' · ').pop()}</th>`,
    )}</tr></thead><tbody>${[...FORM_GROUPS, 'total'].map(
      (g) =>
        html`<tr><th scope="row">${figureLabel(`victims.by_form_sex_age.${g}.girls`, lang).split(' · ')[1]}</th>${sexAges.map(
          (sa) =>
            sa === 'total' && g === 'total'
              ? use('victims.total')
              : use(`victims.by_form_sex_age.${g}.${sa}`),
        )}</tr>`,
    )}</tbody></table>`,
  );
  const stateCols = ['victims', 'investigations', 'prosecutions', 'convictions'];
  const stateRows = [...INEGI_STATES.map((s) => s.code), 'all', 'no_state'];
  const statesTable = Object.keys(cells).some((k) => k.startsWith('by_state.'))
    ? scroll(
        html`<table><caption>${t.sections.states}</caption><thead><tr><th scope="col">${t.state}</th>${stateCols.map(
          (c) =>
            html`<th scope="col" class="n">${figureLabel(`by_state.01.${c}`, lang).split(' · ').pop()}</th>`,
        )}</tr></thead><tbody>${stateRows.map(
          (s) =>
            html`<tr><th scope="row">${figureLabel(`by_state.${s}.victims`, lang).split(' · ')[0]}</th>${stateCols.map(
              (c) => (`by_state.${s}.${c}` in cells ? use(`by_state.${s}.${c}`) : html`<td class="n">—</td>`),
            )}</tr>`,
        )}</tbody></table>`,
      )
    : html``;

  const sections = html`
<h2>${t.sections.victims}</h2>
${list(['victims.total', 'victims.identification_records', 'victims.linked_duplicates', 'victims.foreign.total'], t.sections.victims)}
${levelTable('victims', figureLabel('victims.federal.total', lang).split(' · ')[0]!)}
<h2>${t.sections.sexAge}</h2>
${sexAgeTable}
<h2>${t.sections.investigations}</h2>
${list(['investigations.total', 'investigations.other_agencies'], t.sections.investigations)}
${levelTable('investigations', t.sections.investigations)}
<h2>${t.sections.prosecutions}</h2>
${list(
  [
    'prosecutions.total',
    ...['federal', 'state'].flatMap((l) => ['total', 'new', 'ongoing'].map((f) => `prosecutions.${l}.${f}`)),
    'prosecutions.other_agencies',
    ...FORM_GROUPS.map((g) => `prosecutions.by_form.${g}`),
  ],
  t.sections.prosecutions,
)}
<h2>${t.sections.convictions}</h2>
${list(['convictions.total', 'convictions.other_agencies'], t.sections.convictions)}
${levelTable('convictions', t.sections.convictions)}
<h2>${t.sections.services}</h2>
${list(
  ['victims_served', 'victims_referred'].flatMap((b) =>
    ['total', ...FORM_GROUPS].map((g) => `services.${b}.${g}`),
  ),
  t.sections.services,
)}
<h2>${t.sections.states}</h2>
${statesTable}${
  Object.keys(cells).some((k) => k.startsWith('by_state.')) && !('by_state.no_state.victims' in cells)
    ? html`<p class="note">${t.statesNote}</p>`
    : ''
}`;
  const rest = Object.keys(cells).filter((k) => !shown.has(k) && !k.startsWith('by_state.'));
  const amounts = Object.keys(r.figures.amounts);
  const amountRows = scroll(
    html`<table><caption>${t.sections.amounts}</caption><thead><tr><th scope="col">${t.figure}</th><th scope="col" class="n">${t.value}</th></tr></thead><tbody>${amounts.map(
      (k) => {
        const v = r.figures.amounts[k];
        return html`<tr><th scope="row">${figureLabel(k, lang)}</th>${v === null || v === undefined ? html`<td class="sup">${t.withheld}</td>` : html`<td class="n">${nf.format(v)}</td>`}</tr>`;
      },
    )}</tbody></table>`,
  );
  const suppressedCount = Object.values(cells).filter((v) => v === null).length;
  const countries = r.figures.countries.length
    ? html`<p>${fill(t.countries, { k: r.k })}: ${r.figures.countries.join(', ')}</p>`
    : html`<p>${fill(t.countriesNone, { k: r.k, n: r.figures.disclosure.countries_withheld })}</p>`;
  const date = new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'America/Mexico_City' }).format(
    new Date(r.published_at ?? r.prepared_at),
  );
  const path = `${BASE}/${r.year}`;
  const body = html`<p><a href="${BASE}?lang=${lang}">${t.back}</a></p><h1>${fill(t.yearTitle, { year: r.year })}</h1>
<p class="lead">${fill(t.published, { date })}</p>
<p class="note">${fill(t.protection, { k1: r.k - 1, n: suppressedCount, total: Object.keys(cells).length })}${
    r.epsilon ? html` ${fill(t.dp, { eps: r.epsilon })}` : ''
  }</p>
<h2>${t.downloads}</h2>
<ul class="downloads"><li><a href="${path}/cifras.csv" download>${t.csv}</a></li><li><a href="${path}/cifras.json" download>${t.json}</a></li><li><a href="${BASE}/diccionario?lang=${lang}">${t.dictionary}</a></li></ul>
${sections}
<h2>${t.sections.other}</h2>
${list(rest, t.sections.other)}
${countries}
<h2>${t.sections.amounts}</h2>
${amountRows}${
  Object.values(r.figures.amounts).some((v) => v === null || v === undefined)
    ? html`<p class="note">${fill(t.withheldNote, { k: r.k })}</p>`
    : ''
}`;
  return layout(lang, fill(t.yearTitle, { year: r.year }), path, body);
}

export function dictionaryPage(lang: Lang): string {
  const t = T[lang];
  const body = html`<p><a href="${BASE}?lang=${lang}">${t.back}</a></p><h1>${t.dictionary}</h1><p class="lead">${t.dictLead}</p>
<ul class="downloads"><li><a href="${BASE}/diccionario.csv" download>${t.dictionaryCsv}</a></li></ul>
<h2>${t.relationsTitle}</h2><ul>${t.relations.map((s) => html`<li>${s}</li>`)}</ul>
<h2>${t.dictionary}</h2>
<div class="scroll" tabindex="0" role="region" aria-label="${t.dictionary}"><table><caption>${t.dictionary}</caption><thead><tr><th scope="col">${t.key}</th><th scope="col">${t.label}</th><th scope="col">${t.description}</th></tr></thead><tbody>${allFigureKeys().map(
    (k) =>
      html`<tr><td><code>${k}</code></td><td>${figureLabel(k, lang)}</td><td>${figureDescription(k, lang)}</td></tr>`,
  )}</tbody></table></div>`;
  return layout(lang, t.dictionary, `${BASE}/diccionario`, body);
}
