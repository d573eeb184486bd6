/**
 * The one catalog of human labels of the annual report's figures (annual-report.md), in es-MX and en-US:
 * the HTML/PDF report (apps/server/src/report/render-html.ts) and the analysts' dashboard
 * (apps/web/src/pages/report) both name every figure, section, dataset and column from here, so a figure
 * reads the same on paper and on screen. Pure, no I/O.
 */

export const REPORT_LANGS = ['es-MX', 'en-US'] as const;
export type ReportLang = (typeof REPORT_LANGS)[number];

/** `en`, `en-US`, `en-GB` → en-US; anything else (also missing) → es-MX, the default. */
export function reportLang(tag: string | null | undefined): ReportLang {
  return tag?.toLowerCase().startsWith('en') ? 'en-US' : 'es-MX';
}

type Catalog = Record<string, string>;
type Both = { 'es-MX': Catalog; 'en-US': Catalog };

/** The sections of annual-report.md, in the order of the report. */
export const REPORT_SECTIONS = [
  'victims',
  'investigations',
  'prosecutions',
  'convictions',
  'officials',
  'services',
  'hotline',
  'financial_intelligence',
  'restitution',
] as const;
export type ReportSection = (typeof REPORT_SECTIONS)[number];

const SECTIONS: Both = {
  'es-MX': {
    investigations: 'Investigaciones',
    prosecutions: 'Procesos penales',
    convictions: 'Sentencias condenatorias',
    officials: 'Complicidad de servidores públicos',
    victims: 'Víctimas identificadas',
    services: 'Servicios a víctimas',
    hotline: 'Línea de atención',
    financial_intelligence: 'Inteligencia financiera',
    restitution: 'Reparación del daño',
  },
  'en-US': {
    investigations: 'Investigations',
    prosecutions: 'Prosecutions',
    convictions: 'Convictions',
    officials: 'Official complicity',
    victims: 'Victims identified',
    services: 'Victim services',
    hotline: 'Hotline',
    financial_intelligence: 'Financial intelligence',
    restitution: 'Restitution',
  },
};

/** Labels of the path segments of the JSON. */
const SEGMENTS: Both = {
  'es-MX': {
    federal: 'Federal',
    state: 'Estatal',
    total: 'Total',
    sex: 'Explotación sexual',
    labor: 'Explotación laboral',
    other: 'Otras formas',
    unspecified: 'Forma sin especificar',
    states_reporting: 'Estados que reportan',
    new: 'Iniciados en el año',
    ongoing: 'En curso',
    by_form: 'Por forma',
    sentence_months: 'Pena de prisión (meses)',
    min: 'Mínima',
    max: 'Máxima',
    investigations: 'Investigaciones',
    prosecutions: 'Procesos penales',
    convictions: 'Sentencias condenatorias',
    identification_records: 'Registros de identificación',
    linked_duplicates: 'Registros de una misma persona (vinculados)',
    foreign: 'Víctimas extranjeras',
    countries: 'Países de origen',
    victims_served: 'Víctimas atendidas',
    victims_referred: 'Víctimas canalizadas',
    trafficking_related_contacts: 'Contactos relacionados con trata',
    referred_to_prosecutors: 'Canalizados a fiscalías',
    suspicious_transactions: 'Operaciones sospechosas reportadas',
    amount_usd: 'Monto de las operaciones (USD)',
    ordered_mxn: 'Reparación ordenada (MXN)',
    paid_mxn: 'Pagado a la fecha (MXN)',
    paid_by_fund_mxn: 'Pagado por el fondo de ayuda (MXN)',
    victims_paid: 'Víctimas que recibieron pago',
    girls: 'Niñas',
    women: 'Mujeres',
    boys: 'Niños',
    men: 'Hombres',
    unknown: 'Sexo o edad sin dato',
  },
  'en-US': {
    federal: 'Federal',
    state: 'State',
    total: 'Total',
    sex: 'Sex trafficking',
    labor: 'Labor trafficking',
    other: 'Other forms',
    unspecified: 'Form unspecified',
    states_reporting: 'States reporting',
    new: 'Initiated in the year',
    ongoing: 'Ongoing',
    by_form: 'By form',
    sentence_months: 'Prison sentence (months)',
    min: 'Minimum',
    max: 'Maximum',
    investigations: 'Investigations',
    prosecutions: 'Prosecutions',
    convictions: 'Convictions',
    identification_records: 'Identification records',
    linked_duplicates: 'Records of the same person (linked)',
    foreign: 'Foreign victims',
    countries: 'Countries of origin',
    victims_served: 'Victims served',
    victims_referred: 'Victims referred',
    trafficking_related_contacts: 'Trafficking-related contacts',
    referred_to_prosecutors: 'Referred to prosecutors',
    suspicious_transactions: 'Suspicious transactions reported',
    amount_usd: 'Amount of the transactions (USD)',
    ordered_mxn: 'Restitution ordered (MXN)',
    paid_mxn: 'Paid to date (MXN)',
    paid_by_fund_mxn: 'Paid by the assistance fund (MXN)',
    victims_paid: 'Victims who received payment',
    girls: 'Girls',
    women: 'Women',
    boys: 'Boys',
    men: 'Men',
    unknown: 'Sex or age unknown',
  },
};

/** Labels of whole paths where joining the segments would read badly. */
const PATHS: Both = {
  'es-MX': {
    'victims.total': 'Víctimas (personas, sin duplicados)',
    'victims.foreign.total': 'Víctimas extranjeras',
    'convictions.total': 'Sentencias condenatorias, total',
    'convictions.sentence_months.min': 'Pena de prisión mínima (meses)',
    'convictions.sentence_months.max': 'Pena de prisión máxima (meses)',
    'officials.investigations': 'Investigaciones con servidores públicos implicados',
    'officials.prosecutions': 'Procesos con servidores públicos implicados',
    'officials.convictions': 'Sentencias de servidores públicos',
  },
  'en-US': {
    'victims.total': 'Victims (people, deduplicated)',
    'victims.foreign.total': 'Foreign victims',
    'convictions.total': 'Convictions, total',
    'convictions.sentence_months.min': 'Shortest prison sentence (months)',
    'convictions.sentence_months.max': 'Longest prison sentence (months)',
    'officials.investigations': 'Investigations implicating officials',
    'officials.prosecutions': 'Prosecutions implicating officials',
    'officials.convictions': 'Convictions of officials',
  },
};

export const sectionLabel = (section: string, lang: ReportLang): string => SECTIONS[lang][section] ?? section;

export const segmentLabel = (segment: string, lang: ReportLang): string => SEGMENTS[lang][segment] ?? segment;

/**
 * The label of a figure inside its section (`investigations.federal.sex` → "Federal · Explotación
 * sexual"): a whole-path label where one exists, else the segments' labels joined; the victims' matrix
 * leaves (`victims.by_form_sex_age.labor.unknown`) read "Explotación laboral · Sexo o edad sin dato".
 */
export function figureLabel(path: string, lang: ReportLang): string {
  const whole = PATHS[lang][path];
  if (whole) return whole;
  const segs = path.split('.').slice(1);
  const shown = segs[0] === 'by_form_sex_age' ? segs.slice(1) : segs;
  return shown.map((s, i) => (i === 0 ? segmentLabel(s, lang) : lower(segmentLabel(s, lang)))).join(' · ');
}

/**
 * The label of a figure with its section (`Investigaciones · Federal · explotación sexual`); a figure with
 * a whole-path label already names its section (`Víctimas (personas, sin duplicados)`).
 */
export function figureFullLabel(path: string, lang: ReportLang): string {
  if (PATHS[lang][path]) return PATHS[lang][path]!;
  const section = path.split('.')[0] ?? '';
  return `${sectionLabel(section, lang)} · ${figureLabel(path, lang)}`;
}

/** Lower-case the first letter of a label used after the first one. */
const lower = (label: string) => label.charAt(0).toLowerCase() + label.slice(1);

/** Money figures and their currency. */
export const MONEY_FIGURES: Readonly<Record<string, 'MXN' | 'USD'>> = {
  'financial_intelligence.amount_usd': 'USD',
  'restitution.ordered_mxn': 'MXN',
  'restitution.paid_mxn': 'MXN',
  'restitution.paid_by_fund_mxn': 'MXN',
};

/** Datasets of the completeness notes (`computeCompleteness`). */
const DATASETS: Both = {
  'es-MX': {
    identifications: 'Identificaciones de víctimas',
    investigations: 'Investigaciones',
    prosecutions: 'Procesos penales',
    convictions: 'Sentencias',
    services: 'Servicios',
    referrals: 'Canalizaciones',
    hotline_contacts: 'Contactos de la línea de atención',
  },
  'en-US': {
    identifications: 'Victim identifications',
    investigations: 'Investigations',
    prosecutions: 'Prosecutions',
    convictions: 'Convictions',
    services: 'Services',
    referrals: 'Referrals',
    hotline_contacts: 'Hotline contacts',
  },
};
export const datasetLabel = (dataset: string, lang: ReportLang): string => DATASETS[lang][dataset] ?? dataset;

/** Columns of the by-state table (`StateFigures`) and of the completeness notes. */
const COLUMNS: Both = {
  'es-MX': {
    state: 'Estado',
    victims: 'Víctimas',
    identification_records: 'Registros de identificación',
    investigations: 'Investigaciones',
    prosecutions: 'Procesos penales',
    convictions: 'Sentencias',
    dataset: 'Conjunto de datos',
    records: 'Registros',
    reporting: 'Estados con registros',
    sex: 'Sexo conocido',
    age: 'Edad conocida',
    form: 'Forma conocida',
    nationality: 'Nacionalidad conocida',
    figure: 'Cifra',
    change: 'Cambio',
    national: 'Nacional',
  },
  'en-US': {
    state: 'State',
    victims: 'Victims',
    identification_records: 'Identification records',
    investigations: 'Investigations',
    prosecutions: 'Prosecutions',
    convictions: 'Convictions',
    dataset: 'Dataset',
    records: 'Records',
    reporting: 'States with records',
    sex: 'Sex known',
    age: 'Age known',
    form: 'Form known',
    nationality: 'Nationality known',
    figure: 'Figure',
    change: 'Change',
    national: 'National',
  },
};
export const columnLabel = (column: string, lang: ReportLang): string => COLUMNS[lang][column] ?? column;

/** Columns of the by-state figures, in the order of the tables. */
export const STATE_FIGURE_COLUMNS = [
  'victims',
  'identification_records',
  'investigations',
  'prosecutions',
  'convictions',
] as const;

/** Form groups and sex/age groups, in the order of the tables. */
export const FORM_GROUP_KEYS = ['sex', 'labor', 'other', 'unspecified'] as const;
export const SEX_AGE_KEYS = ['girls', 'women', 'boys', 'men', 'unknown'] as const;

/** Country name of an ISO 3166-1 alpha-2 code in the language (Intl), the code itself where unknown. */
export function regionName(alpha2: string, lang: ReportLang): string {
  try {
    return new Intl.DisplayNames([lang], { type: 'region' }).of(alpha2) ?? alpha2;
  } catch {
    return alpha2;
  }
}
