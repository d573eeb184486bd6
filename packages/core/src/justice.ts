/**
 * The justice chain against trafficking (investigation → prosecution → trial → sentence → appeal): the crimes of
 * the 2012 General Law (Ley General para Prevenir, Sancionar y Erradicar los Delitos en Materia de Trata de
 * Personas y para la Protección y Asistencia a las Víctimas de estos Delitos, DOF 14-06-2012) as a data list, the
 * roles of a defendant in a network, and the durations of a chain. Pure functions.
 *
 * The descriptions are short labels to pick a charge by; the law's text (as amended) is the authority. Art. 10
 * names the forms of exploitation with their articles: slavery 11, servitude 12, sexual exploitation 13–20, labour
 * exploitation 21, forced labour 22, forced begging 24, children in criminal activities 25, illegal adoption 26–27,
 * forced or servile marriage 28 and 29, organs 30, biomedical experimentation 31; arts. 32–36 are the Law's other
 * offences (advertising, media, premises, using a victim's services, disclosing confidential information).
 *
 * Every label was checked on 2026-12-05 against the Law's consolidated text of the Cámara de Diputados (last reform
 * DOF 14-11-2025), as stored in the public repository madfam-org/leyes-como-codigo-mx
 * (data/federal/mx-fed-lgpsedmtp-v2.xml). Not charges, and so not listed: art. 23 (when work is NOT forced labour
 * or labour exploitation: military service, civic duties, court-ordered community work, voluntary community work),
 * art. 37 (victims are not prosecuted for offences committed under their traffickers' control) and art. 38
 * (foreign victims are not sanctioned for their migration status). See docs/justice.md, "The crimes".
 */

export interface LawArticle {
  /** The article's number, used as the charge's code ("10" … "36", without 23). */
  article: string;
  es: string;
  en: string;
}

export const TRAFFICKING_LAW = {
  es: 'Ley General para Prevenir, Sancionar y Erradicar los Delitos en Materia de Trata de Personas (2012)',
  en: 'General Law to Prevent, Punish and Eradicate Trafficking in Persons Crimes (2012)',
} as const;

export const LAW_ARTICLES: readonly LawArticle[] = [
  {
    article: '10',
    es: 'Trata de personas: captar, enganchar, transportar, transferir, retener, entregar, recibir o alojar a una persona con fines de explotación',
    en: 'Trafficking in persons: recruiting, enticing, transporting, transferring, holding, handing over, receiving or harbouring a person for exploitation',
  },
  {
    article: '11',
    es: 'Tener o mantener a una persona en esclavitud',
    en: 'Holding or keeping a person in slavery',
  },
  {
    article: '12',
    es: 'Tener o mantener a una persona en condición de siervo (por deudas o de la gleba)',
    en: 'Holding or keeping a person in servitude (debt bondage or serfdom)',
  },
  {
    article: '13',
    es: 'Explotación de la prostitución ajena u otras formas de explotación sexual',
    en: 'Exploiting the prostitution of others or other forms of sexual exploitation',
  },
  {
    article: '14',
    es: 'Someter a una persona a realizar actos pornográficos o producir material pornográfico con ella',
    en: 'Forcing a person to perform pornographic acts or producing pornographic material with them',
  },
  {
    article: '15',
    es: 'Beneficiarse del comercio, distribución o exhibición de material pornográfico producto de explotación',
    en: 'Profiting from the trade, distribution or display of pornographic material produced by exploitation',
  },
  {
    article: '16',
    es: 'Inducir u obligar a personas menores de 18 años a actos sexuales o de exhibicionismo para grabarlos, fotografiarlos o exhibirlos',
    en: 'Inducing or forcing persons under 18 into sexual or exhibitionist acts to record, photograph or display them',
  },
  {
    article: '17',
    es: 'Almacenar, adquirir o arrendar material de explotación sexual de personas menores de 18 años',
    en: 'Storing, acquiring or renting material of the sexual exploitation of persons under 18',
  },
  {
    article: '18',
    es: 'Promover, publicitar o facilitar viajes para actos sexuales con personas menores de 18 años (turismo sexual)',
    en: 'Promoting, advertising or arranging travel for sexual acts with persons under 18 (sex tourism)',
  },
  {
    article: '19',
    es: 'Contratar u ofrecer a una persona un trabajo distinto a los servicios sexuales e inducirla con engaño a prestarlos',
    en: 'Hiring or offering a person work other than sexual services and inducing them by deception to provide them',
  },
  {
    article: '20',
    es: 'Contratar, aun lícitamente y con beneficio económico, a una persona para prestar servicios sexuales bajo engaño sobre sus condiciones (art. 19 fr. II–VI)',
    en: 'Hiring a person, even lawfully and for economic benefit, to provide sexual services under deception about the conditions (art. 19 s. II–VI)',
  },
  { article: '21', es: 'Explotación laboral', en: 'Labour exploitation' },
  { article: '22', es: 'Trabajo o servicios forzados', en: 'Forced labour or services' },
  { article: '24', es: 'Explotación de la mendicidad ajena', en: 'Exploiting the begging of others' },
  {
    article: '25',
    es: 'Utilización de personas menores de 18 años en actividades delictivas',
    en: 'Using persons under 18 in criminal activities',
  },
  {
    article: '26',
    es: 'Entregar o recibir ilegalmente (incluso por adopción) a una persona menor de 18 años para explotarla',
    en: 'Unlawfully handing over or receiving (even by adoption) a person under 18 to exploit them',
  },
  {
    article: '27',
    es: 'Adopción ilegal de una persona menor de 18 años (el otro supuesto de adopción ilegal de la Ley, art. 10 fr. VIII)',
    en: 'Illegal adoption of a person under 18 (the Law’s other illegal-adoption offence, art. 10 s. VIII)',
  },
  { article: '28', es: 'Matrimonio forzoso o servil', en: 'Forced or servile marriage' },
  {
    article: '29',
    es: 'Explotación sexual aprovechando la relación de matrimonio o concubinato (art. 10 fr. IX)',
    en: 'Sexual exploitation through a marriage or cohabitation (art. 10 s. IX)',
  },
  {
    article: '30',
    es: 'Tráfico de órganos, tejidos y células de seres humanos vivos (extracción, remoción u obtención a cambio de un beneficio)',
    en: 'Trafficking in organs, tissues and cells of living human beings (extraction, removal or obtaining for a benefit)',
  },
  {
    article: '31',
    es: 'Experimentación biomédica ilícita en seres humanos',
    en: 'Unlawful biomedical experimentation on human beings',
  },
  {
    article: '32',
    es: 'Contratar espacios para anuncios de publicidad ilícita o engañosa que faciliten o promuevan estos delitos',
    en: 'Buying space for unlawful or misleading advertisements that facilitate or promote these crimes',
  },
  {
    article: '33',
    es: 'Dirigir, gestionar o editar un medio que publique contenidos que faciliten o promuevan estos delitos',
    en: 'Directing, managing or editing a medium that publishes content facilitating or promoting these crimes',
  },
  {
    article: '34',
    es: 'Prestar o arrendar un inmueble sabiendo que se usará para cometer estos delitos',
    en: 'Lending or renting out a property knowing it will be used to commit these crimes',
  },
  {
    article: '35',
    es: 'Adquirir, usar, comprar, solicitar o alquilar los servicios de una persona sabiendo que es víctima de trata',
    en: 'Acquiring, using, buying, soliciting or hiring the services of a person knowing they are a trafficking victim',
  },
  {
    article: '36',
    es: 'Divulgar sin motivo fundado información reservada o confidencial sobre estos delitos, procesos o personas protegidas',
    en: 'Disclosing without good reason restricted or confidential information on these crimes, proceedings or protected persons',
  },
];

export const LAW_ARTICLE_CODES = LAW_ARTICLES.map((a) => a.article) as readonly string[];

/** What a defendant did in the network. */
export const NETWORK_ROLES = [
  'recruiter',
  'transporter',
  'exploiter',
  'financier',
  'facilitator',
  'official',
] as const;
export type NetworkRole = (typeof NETWORK_ROLES)[number];

/** The stages of the chain, in order. */
export const JUSTICE_STAGES = ['investigation', 'prosecution', 'trial', 'sentence', 'appeal'] as const;
export type JusticeStage = (typeof JUSTICE_STAGES)[number];

/** The outcomes each stage may have. */
export const STAGE_OUTCOMES: Record<JusticeStage, readonly string[]> = {
  investigation: ['open', 'charged', 'archived', 'not_prosecuted'],
  prosecution: ['open', 'sent_to_trial', 'abbreviated_procedure', 'dismissed'],
  trial: ['open', 'convicted', 'acquitted', 'mixed'],
  sentence: ['convicted', 'acquitted'],
  appeal: ['pending', 'upheld', 'modified', 'overturned'],
};

/** Kinds of financial intelligence reports (UIF/SHCP and institutions' reports). */
export const FINANCIAL_REPORT_TYPES = [
  'unusual_operation',
  'relevant_operation',
  'internal_concern',
  'cash_deposit',
  'wire_transfer',
  'other',
] as const;

/** Whole days from `from` to `to` (YYYY-MM-DD), negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  const a = Date.UTC(+from.slice(0, 4), +from.slice(5, 7) - 1, +from.slice(8, 10));
  const b = Date.UTC(+to.slice(0, 4), +to.slice(5, 7) - 1, +to.slice(8, 10));
  return Math.round((b - a) / 86_400_000);
}

export interface StageDates {
  stage: JusticeStage;
  startedOn: string;
}

export interface ChainDurations {
  /** Investigation opened → first charge (prosecution). */
  openingToChargeDays: number | null;
  /** First charge → first sentence. */
  chargeToSentenceDays: number | null;
  /** Investigation opened → first sentence. */
  openingToSentenceDays: number | null;
}

/** The durations of one chain from the first date of each stage (null where a stage is missing or dates run backwards). */
export function chainDurations(stages: readonly StageDates[]): ChainDurations {
  const first = (s: JusticeStage) =>
    stages
      .filter((x) => x.stage === s)
      .map((x) => x.startedOn)
      .sort()[0];
  const opened = first('investigation');
  const charged = first('prosecution');
  const sentenced = first('sentence');
  const span = (a?: string, b?: string) => {
    if (!a || !b) return null;
    const d = daysBetween(a, b);
    return d >= 0 ? d : null;
  };
  return {
    openingToChargeDays: span(opened, charged),
    chargeToSentenceDays: span(charged, sentenced),
    openingToSentenceDays: span(opened, sentenced),
  };
}

export interface DurationSummary {
  count: number;
  medianDays: number | null;
  p25Days: number | null;
  p75Days: number | null;
}

/** Median and quartiles (nearest-rank) of a list of durations in days. */
export function summariseDurations(values: readonly (number | null)[]): DurationSummary {
  const v = values.filter((x): x is number => x !== null && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return { count: 0, medianDays: null, p25Days: null, p75Days: null };
  const at = (q: number) => v[Math.min(v.length - 1, Math.max(0, Math.ceil(q * v.length) - 1))]!;
  return { count: v.length, medianDays: at(0.5), p25Days: at(0.25), p75Days: at(0.75) };
}
