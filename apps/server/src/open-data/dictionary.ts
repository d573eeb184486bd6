/**
 * The data dictionary of the public release: a human label and a description, in es-MX and en-US, for every
 * figure key, derived from the key's structure (the same structure `releaseCells` builds the cells from).
 */
import { inegiState } from '@enlace/core/codes';
import { computeStateFigures } from '@enlace/core/report/breakdown';
import { computeAnnualReport } from '@enlace/core/report/compute';
import { columnLabel, sectionLabel, segmentLabel } from '@enlace/core/report/labels';
import { releaseCells } from '@enlace/core/report/release';
import { emptyReportData } from '@enlace/core/report/types';

export type Lang = 'es-MX' | 'en-US';
type Pair = readonly [es: string, en: string];

// One name per figure everywhere: the families are named as the dashboard and the printed report name their
// sections (@enlace/core/report/labels sectionLabel), the states' columns as their state table does
const section = (s: string): Pair => [sectionLabel(s, 'es-MX'), sectionLabel(s, 'en-US')];
const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const column = (c: string): Pair => [lower(columnLabel(c, 'es-MX')), lower(columnLabel(c, 'en-US'))];
const segment = (g: string): Pair => [segmentLabel(g, 'es-MX'), segmentLabel(g, 'en-US')];
const named = (family: string, segment: string): Pair =>
  within(family, lower(segmentLabel(segment, 'es-MX')), lower(segmentLabel(segment, 'en-US')));
const within = (family: string, es: string, en: string): Pair => [
  `${sectionLabel(family, 'es-MX')} · ${es}`,
  `${sectionLabel(family, 'en-US')} · ${en}`,
];

// the forms as the report and the dashboard name them (@enlace/core/report/labels): "explotación laboral" counts
// every labour form of the counting rules (forced labour, servitude, slavery, begging…), not forced labour only
const GROUP: Record<string, Pair> = {
  total: ['total', 'total'],
  sex: ['explotación sexual', 'sex trafficking'],
  labor: ['explotación laboral', 'labor trafficking'],
  other: ['otras formas', 'other forms'],
  unspecified: ['forma sin especificar', 'form unspecified'],
};
const LEVEL: Record<string, Pair> = {
  federal: ['ámbito federal', 'federal'],
  state: ['ámbito estatal', 'state'],
};
const SEX_AGE: Record<string, Pair> = {
  girls: ['niñas', 'girls'],
  women: ['mujeres', 'women'],
  boys: ['niños', 'boys'],
  men: ['hombres', 'men'],
  unknown: ['sexo o edad sin dato', 'sex or age unknown'],
  total: ['total', 'total'],
};
const FAMILY: Record<string, { label: Pair; description: Pair }> = {
  investigations: {
    label: section('investigations'),
    description: [
      'Carpetas de investigación por trata abiertas en el año.',
      'Trafficking investigations opened in the year.',
    ],
  },
  prosecutions: {
    label: section('prosecutions'),
    description: [
      'Personas procesadas por trata con un proceso activo en el año (iniciado antes del 31 de diciembre y no concluido antes del 1 de enero).',
      'Trafficking defendants with a prosecution active in the year (initiated by 31 December, not closed before 1 January).',
    ],
  },
  convictions: {
    label: section('convictions'),
    description: [
      'Sentencias condenatorias por trata dictadas en el año.',
      'Trafficking convictions in the year.',
    ],
  },
  victims: {
    label: section('victims'),
    description: [
      'Personas distintas identificadas como víctimas en el año (una persona registrada por varias instituciones cuenta una vez).',
      'Distinct persons identified as victims in the year (a person recorded by several agencies counts once).',
    ],
  },
  services: {
    label: section('services'),
    description: [
      'Personas distintas que recibieron servicios o fueron canalizadas en el año, por la forma de su primera identificación.',
      'Distinct persons served or referred in the year, by the form of their first identification.',
    ],
  },
  officials: {
    label: section('officials'),
    description: [
      'Investigaciones, procesos y condenas marcados por complicidad de servidores públicos.',
      'Investigations, prosecutions and convictions flagged for official complicity.',
    ],
  },
  hotline: {
    label: section('hotline'),
    description: [
      'Contactos relacionados con trata recibidos en el año.',
      'Trafficking-related contacts received in the year.',
    ],
  },
  financial_intelligence: {
    label: section('financial_intelligence'),
    description: [
      'Reportes de operaciones sospechosas relacionadas con trata en el año.',
      'Suspicious transaction reports related to trafficking in the year.',
    ],
  },
  restitution: {
    label: section('restitution'),
    description: [
      'Reparación ordenada en las condenas del año y pagos registrados sobre ellas.',
      'Restitution ordered in the year’s convictions and payments recorded on them.',
    ],
  },
  by_state: {
    label: ['Por entidad federativa', 'By state'],
    description: [
      'Por la entidad del registro (o de su institución), de todos los ámbitos. Una víctima identificada en dos entidades cuenta en ambas.',
      'By the state of the record (or of its agency), every level. A victim identified in two states counts in both.',
    ],
  },
};
const STATE_COLUMN: Record<string, Pair> = {
  victims: column('victims'),
  investigations: column('investigations'),
  prosecutions: column('prosecutions'),
  convictions: column('convictions'),
};
const SPECIAL: Record<string, Pair> = {
  'victims.total': ['Víctimas identificadas (personas distintas)', 'Victims identified (distinct persons)'],
  'victims.identification_records': segment('identification_records'),
  'victims.linked_duplicates': segment('linked_duplicates'),
  'victims.foreign.total': segment('foreign'),
  'prosecutions.total': within('prosecutions', 'total', 'total'),
  'investigations.total': within('investigations', 'total', 'total'),
  'convictions.total': within('convictions', 'total', 'total'),
  'hotline.trafficking_related_contacts': within(
    'hotline',
    'contactos relacionados con trata',
    'trafficking-related contacts',
  ),
  'hotline.referred_to_prosecutors': within('hotline', 'canalizados a fiscalías', 'referred to prosecutors'),
  'hotline.not_referred_to_prosecutors': within(
    'hotline',
    'no canalizados a fiscalías',
    'not referred to prosecutors',
  ),
  // as the dashboard's and the report's rows name them (segmentLabel), after their section
  'financial_intelligence.suspicious_transactions': named(
    'financial_intelligence',
    'suspicious_transactions',
  ),
  'financial_intelligence.amount_usd': named('financial_intelligence', 'amount_usd'),
  'restitution.victims_paid': named('restitution', 'victims_paid'),
  'restitution.ordered_mxn': named('restitution', 'ordered_mxn'),
  'restitution.paid_mxn': named('restitution', 'paid_mxn'),
  'restitution.paid_by_fund_mxn': named('restitution', 'paid_by_fund_mxn'),
  'convictions.sentence_months.min': within(
    'convictions',
    'pena mínima (meses)',
    'shortest sentence (months)',
  ),
  'convictions.sentence_months.max': within(
    'convictions',
    'pena máxima (meses)',
    'longest sentence (months)',
  ),
  'services.victims_served.total': ['Víctimas atendidas · total', 'Victims served · total'],
  'services.victims_referred.total': ['Víctimas canalizadas · total', 'Victims referred · total'],
};

const pick = (p: Pair, lang: Lang) => (lang === 'es-MX' ? p[0] : p[1]);

/** The human label of a figure key (never the raw key, unless the key is unknown). */
export function figureLabel(key: string, lang: Lang): string {
  const special = SPECIAL[key];
  if (special) return pick(special, lang);
  const seg = key.split('.');
  const l = (p: Pair | undefined) => (p ? pick(p, lang) : undefined);
  const join = (...parts: Array<string | undefined>) => parts.filter(Boolean).join(' · ');
  const [family, a, b] = seg;
  if (family === 'by_state' && a && b) {
    const where =
      a === 'all'
        ? lang === 'es-MX'
          ? 'Todas las entidades'
          : 'All states'
        : a === 'no_state'
          ? lang === 'es-MX'
            ? 'Sin entidad registrada'
            : 'No state recorded'
          : (inegiState(a)?.name ?? a);
    return join(where, l(STATE_COLUMN[b]));
  }
  if (family === 'victims' && a === 'by_form_sex_age' && b && seg[3]) {
    const form = b === 'total' ? (lang === 'es-MX' ? 'todas las formas' : 'all forms') : l(GROUP[b]);
    return join(
      lang === 'es-MX' ? 'Víctimas por forma, sexo y edad' : 'Victims by form, sex and age',
      form,
      l(SEX_AGE[seg[3]]),
    );
  }
  if (family === 'services' && (a === 'victims_served' || a === 'victims_referred') && b) {
    const head =
      a === 'victims_served'
        ? lang === 'es-MX'
          ? 'Víctimas atendidas'
          : 'Victims served'
        : lang === 'es-MX'
          ? 'Víctimas canalizadas'
          : 'Victims referred';
    return join(head, l(GROUP[b]));
  }
  if (family === 'officials' && a) {
    return join(l(FAMILY.officials!.label), l(STATE_COLUMN[a]));
  }
  if (family && FAMILY[family] && a === 'other_agencies') {
    return join(
      l(FAMILY[family]!.label),
      lang === 'es-MX'
        ? 'instituciones sin ámbito federal ni estatal'
        : 'agencies of no federal or state level',
    );
  }
  if (family === 'prosecutions' && a === 'by_form' && b)
    return join(l(FAMILY.prosecutions!.label), l(GROUP[b]));
  if (family === 'prosecutions' && a && b) {
    const status: Record<string, Pair> = {
      total: ['total', 'total'],
      new: ['iniciados en el año', 'initiated in the year'],
      ongoing: ['de años anteriores', 'from earlier years'],
    };
    return join(l(FAMILY.prosecutions!.label), l(LEVEL[a]), l(status[b]));
  }
  if (family && FAMILY[family] && a && LEVEL[a] && b)
    return join(l(FAMILY[family]!.label), l(LEVEL[a]), l(GROUP[b]));
  return key;
}

/** The description of a figure key: its family's, plus how a derived cell is made. */
export function figureDescription(key: string, lang: Lang): string {
  const seg = key.split('.');
  const fam = FAMILY[seg[0] ?? ''];
  const base = fam ? pick(fam.description, lang) : '';
  const extra: string[] = [];
  if (seg[1] === 'other_agencies')
    extra.push(
      lang === 'es-MX'
        ? 'El total menos los ámbitos federal y estatal (casi siempre 0): así el total es siempre la suma de sus partes.'
        : 'The total less the federal and state levels (almost always 0): so the total is always the sum of its parts.',
    );
  if (seg[1] === 'no_state')
    extra.push(lang === 'es-MX' ? 'Registros sin entidad federativa.' : 'Records with no state.');
  if (key.endsWith('_mxn') || key.endsWith('_usd') || key.includes('sentence_months'))
    extra.push(
      lang === 'es-MX'
        ? 'Se retiene cuando descansa en menos de k personas o registros.'
        : 'Withheld when it rests on fewer than k people or records.',
    );
  return [base, ...extra].filter(Boolean).join(' ');
}

let keysCache: string[] | null = null;
/** Every figure key a release can hold (counts, then amounts), in the release's order. */
export function allFigureKeys(): string[] {
  if (keysCache) return keysCache;
  const data = emptyReportData();
  const report = computeAnnualReport(2000, data);
  const { cells } = releaseCells({ report, states: computeStateFigures(2000, data) });
  keysCache = [
    ...Object.keys(cells),
    'restitution.ordered_mxn',
    'restitution.paid_mxn',
    'restitution.paid_by_fund_mxn',
    'financial_intelligence.amount_usd',
    'convictions.sentence_months.min',
    'convictions.sentence_months.max',
  ];
  return keysCache;
}
