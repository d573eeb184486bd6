/**
 * The report's figures as written sentences, the way the US Trafficking in Persons report states them
 * ("En 2022 se identificaron 440 víctimas…, 12% más que en 2021 (393)"), in es-MX and en-US. Used by the
 * HTML/PDF report and the dashboard's summary. Every number in a sentence is a figure of the JSON (or the sum
 * of its level columns, said so); nothing is estimated. Pure, no I/O.
 */
import countries from 'i18n-iso-countries';
import type { AnnualReport } from './compute.ts';
import { MONEY_FIGURES, type ReportLang, type ReportSection, regionName } from './labels.ts';

export type Sentences = Partial<Record<ReportSection, string[]>>;

interface Fmt {
  n(v: number): string;
  money(v: number, currency: 'MXN' | 'USD'): string;
  list(items: string[]): string;
}

function fmt(lang: ReportLang): Fmt {
  const num = new Intl.NumberFormat(lang);
  const list = new Intl.ListFormat(lang, { style: 'long', type: 'conjunction' });
  return {
    n: (v) => num.format(v),
    money: (v, currency) =>
      new Intl.NumberFormat(lang, {
        style: 'currency',
        currency,
        currencyDisplay: 'code',
        maximumFractionDigits: Number.isInteger(v) ? 0 : 2,
        minimumFractionDigits: Number.isInteger(v) ? 0 : 2,
      }).format(v),
    list: (items) => list.format(items),
  };
}

/** "12% más que en 2021 (393)" / "12% more than in 2021 (393)"; empty when there is no earlier year. */
export function changeText(
  cur: number,
  prev: number | undefined,
  prevYear: number,
  lang: ReportLang,
): string {
  if (prev === undefined) return '';
  const f = fmt(lang);
  const es = lang === 'es-MX';
  if (cur === prev) return es ? `la misma cifra que en ${prevYear}` : `the same as in ${prevYear}`;
  if (prev === 0) return es ? `frente a ningún registro en ${prevYear}` : `up from none in ${prevYear}`;
  // no percentage to zero: a year without records says so in its own sentence (noneYet)
  if (cur === 0) return es ? `en ${prevYear}: ${f.n(prev)}` : `${prevYear}: ${f.n(prev)}`;
  const pct = Math.round((Math.abs(cur - prev) / prev) * 100);
  const p = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 }).format(pct);
  if (pct === 0)
    return es
      ? `casi la misma cifra que en ${prevYear} (${f.n(prev)})`
      : `almost the same as in ${prevYear} (${f.n(prev)})`;
  // written as Intl writes percentages in es-MX (CLDR: "12%", as the tables do): no space to break the line at
  if (es) return `${p}% ${cur > prev ? 'más' : 'menos'} que en ${prevYear} (${f.n(prev)})`;
  return `${p}% ${cur > prev ? 'more' : 'fewer'} than in ${prevYear} (${f.n(prev)})`;
}

/** Name of an ISO 3166-1 alpha-3 country in the language. */
export function countryName(alpha3: string, lang: ReportLang): string {
  const a2 = countries.alpha3ToAlpha2(alpha3);
  return a2 ? regionName(a2, lang) : alpha3;
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

export interface SentenceOptions {
  /** the state's name when the figures are a state's (the dashboard's state page) */
  state?: string;
}

/**
 * Sentences of every section of the year's report; `prev` is the report of the year before (for the
 * change), or undefined. A figure that is zero reads "aún no hay registros" ("no records yet"), never
 * "0 víctimas, 100 % menos"; on a state's page the state is named instead of "1 estado".
 */
export function reportSentences(
  r: AnnualReport,
  prev: AnnualReport | undefined,
  lang: ReportLang,
  opts: SentenceOptions = {},
): Sentences {
  return lang === 'es-MX' ? spanish(r, prev, opts.state) : english(r, prev, opts.state);
}

const invTotal = (r: AnnualReport) => r.investigations.federal.total + r.investigations.state.total;
const prosTotal = (r: AnnualReport) => r.prosecutions.federal.total + r.prosecutions.state.total;

function spanish(r: AnnualReport, p: AnnualReport | undefined, state?: string): Sentences {
  const f = fmt('es-MX');
  const y = r.year;
  const py = y - 1;
  const ch = (cur: number, prev: number | undefined) => {
    const c = changeText(cur, prev, py, 'es-MX');
    return c ? `, ${c}` : '';
  };
  // a figure without records: said so, with the year before's figure when there is one
  const noneYet = (what: string, prev: number | undefined) =>
    `En ${y} aún no hay registros de ${what}${prev ? ` (en ${py}: ${f.n(prev)})` : ''}.`;
  const where = state ? ` en ${state}` : '';
  const v = r.victims;
  const m = v.by_form_sex_age;
  const sum = (g: 'girls' | 'women' | 'boys' | 'men' | 'unknown') =>
    m.sex[g] + m.labor[g] + m.other[g] + m.unspecified[g];
  const byForm = (k: 'sex' | 'labor' | 'other' | 'unspecified') =>
    m[k].girls + m[k].women + m[k].boys + m[k].men + m[k].unknown;
  const victims = [
    v.total === 0
      ? noneYet(`víctimas de trata de personas identificadas${where}`, p?.victims.total)
      : `En ${y} se ${plural(v.total, 'identificó', 'identificaron')} ${f.n(v.total)} ${plural(v.total, 'víctima', 'víctimas')} de trata de personas${where}${ch(v.total, p?.victims.total)}.`,
  ];
  if (v.total > 0) {
    victims.push(
      `De ellas, ${f.n(byForm('sex'))} ${plural(byForm('sex'), 'fue víctima', 'fueron víctimas')} de explotación sexual, ${f.n(byForm('labor'))} de explotación laboral, ${f.n(byForm('other'))} de otras formas de trata y de ${f.n(byForm('unspecified'))} no se registró la forma.`,
      `Entre las víctimas había ${f.n(sum('girls'))} ${plural(sum('girls'), 'niña', 'niñas')}, ${f.n(sum('boys'))} ${plural(sum('boys'), 'niño', 'niños')}, ${f.n(sum('women'))} ${plural(sum('women'), 'mujer', 'mujeres')} y ${f.n(sum('men'))} ${plural(sum('men'), 'hombre', 'hombres')}; de ${f.n(sum('unknown'))} no se conoce el sexo o la edad.`,
      `Las instituciones federales identificaron a ${f.n(v.federal.total)} y las estatales a ${f.n(v.state.total)}. ${plural(v.identification_records, 'El', 'Los')} ${f.n(v.identification_records)} ${plural(v.identification_records, 'registro de identificación del año corresponde', 'registros de identificación del año corresponden')} a ${f.n(v.total)} ${plural(v.total, 'persona', 'personas')}: ${f.n(v.linked_duplicates)} ${plural(v.linked_duplicates, 'registro era', 'registros eran')} de una persona ya registrada por otra institución o por la misma.`,
    );
    const names = v.foreign.countries.map((c) => countryName(c, 'es-MX'));
    victims.push(
      v.foreign.total === 0
        ? 'Ninguna víctima identificada era de nacionalidad extranjera.'
        : `${f.n(v.foreign.total)} ${plural(v.foreign.total, 'víctima era', 'víctimas eran')} de nacionalidad extranjera${names.length ? ` (${f.list(names)})` : ''}.`,
    );
  }
  const it = invTotal(r);
  const invStates = r.investigations.states_reporting;
  const investigations = [
    it === 0
      ? noneYet(`investigaciones por trata de personas${where}`, p && invTotal(p))
      : `En ${y} las fiscalías abrieron ${f.n(it)} ${plural(it, 'investigación', 'investigaciones')} por trata de personas${ch(it, p && invTotal(p))}: ${f.n(r.investigations.federal.total)} en el fuero federal y ${
          state
            ? `${f.n(r.investigations.state.total)} en la fiscalía de ${state}`
            : invStates === 0
              ? 'ninguna en las fiscalías de los estados'
              : `${f.n(r.investigations.state.total)} en las fiscalías de ${f.n(invStates)} ${plural(invStates, 'estado', 'estados')}`
        }.`,
  ];
  if (it > 0)
    investigations.push(
      `${cap(f.n(r.investigations.federal.sex + r.investigations.state.sex))} ${plural(r.investigations.federal.sex + r.investigations.state.sex, 'era', 'eran')} por explotación sexual y ${f.n(r.investigations.federal.labor + r.investigations.state.labor)} por explotación laboral.`,
    );
  const pt = prosTotal(r);
  const prStates = r.prosecutions.states_reporting;
  const prosecutions = [
    pt === 0
      ? noneYet(`personas en proceso penal por trata${where}`, p && prosTotal(p))
      : `Durante ${y} ${pt === 1 ? 'estuvo' : 'estuvieron'} en proceso penal ${f.n(pt)} ${plural(pt, 'persona acusada', 'personas acusadas')} de trata${ch(pt, p && prosTotal(p))}: ${f.n(r.prosecutions.federal.total)} en el fuero federal (${f.n(r.prosecutions.federal.new)} con proceso iniciado en el año) y ${
          r.prosecutions.state.total === 0
            ? `ninguna en el fuero común${state ? ` de ${state}` : ''}`
            : `${f.n(r.prosecutions.state.total)} en el fuero común de ${state ?? `${f.n(prStates)} ${plural(prStates, 'estado', 'estados')}`} (${f.n(r.prosecutions.state.new)} ${plural(r.prosecutions.state.new, 'iniciada', 'iniciadas')} en el año)`
        }.`,
  ];
  const c = r.convictions;
  const convictions = [
    c.total === 0
      ? noneYet(`sentencias condenatorias por trata${where}`, p?.convictions.total)
      : `Los tribunales condenaron a ${f.n(c.total)} ${plural(c.total, 'persona', 'personas')} por trata${ch(c.total, p?.convictions.total)}: ${f.n(c.federal.total)} en el fuero federal y ${f.n(c.state.total)} en el fuero común.`,
  ];
  if (c.total > 0 && c.sentence_months.min !== null && c.sentence_months.max !== null)
    convictions.push(
      c.sentence_months.min === c.sentence_months.max
        ? `La pena de prisión impuesta fue de ${f.n(c.sentence_months.max)} ${plural(c.sentence_months.max, 'mes', 'meses')} (${years(c.sentence_months.max, 'es-MX')}).`
        : `Las penas de prisión impuestas fueron de ${f.n(c.sentence_months.min)} a ${f.n(c.sentence_months.max)} meses (${years(c.sentence_months.min, 'es-MX')} a ${years(c.sentence_months.max, 'es-MX')}).`,
    );
  const o = r.officials;
  const officials = [
    o.investigations + o.prosecutions + o.convictions === 0
      ? `En ${y} no se registraron investigaciones, procesos ni sentencias por complicidad de servidores públicos en la trata.`
      : `En ${y} se ${plural(o.investigations, 'abrió', 'abrieron')} ${f.n(o.investigations)} ${plural(o.investigations, 'investigación', 'investigaciones')} por complicidad de servidores públicos en la trata; ${f.n(o.prosecutions)} ${plural(o.prosecutions, 'proceso estuvo', 'procesos estuvieron')} en curso y ${f.n(o.convictions)} ${plural(o.convictions, 'terminó', 'terminaron')} en sentencia condenatoria.`,
  ];
  const s = r.services;
  const services = [
    s.victims_served.total === 0 && s.victims_referred.total === 0
      ? noneYet('víctimas atendidas ni canalizadas a servicios', p?.services.victims_served.total)
      : `${cap(f.n(s.victims_served.total))} ${plural(s.victims_served.total, 'víctima recibió', 'víctimas recibieron')} servicios de atención en ${y}${ch(s.victims_served.total, p?.services.victims_served.total)}, y ${f.n(s.victims_referred.total)} ${plural(s.victims_referred.total, 'fue canalizada', 'fueron canalizadas')} a servicios.`,
  ];
  const h = r.hotline;
  const hotline = [
    h.trafficking_related_contacts === 0
      ? noneYet(
          'contactos de la línea de atención relacionados con la trata',
          p?.hotline.trafficking_related_contacts,
        )
      : `La línea de atención recibió ${f.n(h.trafficking_related_contacts)} ${plural(h.trafficking_related_contacts, 'contacto relacionado', 'contactos relacionados')} con la trata${ch(h.trafficking_related_contacts, p?.hotline.trafficking_related_contacts)}; ${f.n(h.referred_to_prosecutors)} se ${plural(h.referred_to_prosecutors, 'canalizó', 'canalizaron')} a fiscalías.`,
  ];
  const fi = r.financial_intelligence;
  const financial_intelligence = [
    fi.suspicious_transactions === 0
      ? noneYet(
          'reportes de operaciones sospechosas vinculadas con la trata',
          p?.financial_intelligence.suspicious_transactions,
        )
      : `La unidad de inteligencia financiera recibió ${f.n(fi.suspicious_transactions)} ${plural(fi.suspicious_transactions, 'reporte', 'reportes')} de operaciones sospechosas vinculadas con la trata, por ${f.money(fi.amount_usd, MONEY_FIGURES['financial_intelligence.amount_usd']!)}.`,
  ];
  const rs = r.restitution;
  const restitution = [
    rs.ordered_mxn === 0 && rs.paid_mxn === 0
      ? noneYet('reparación del daño ordenada o pagada', undefined)
      : `Las sentencias de ${y} ordenaron una reparación del daño de ${f.money(rs.ordered_mxn, 'MXN')}; ${
          rs.paid_mxn === 0
            ? 'a la fecha no se ha pagado'
            : `a la fecha se han pagado ${f.money(rs.paid_mxn, 'MXN')} a ${f.n(rs.victims_paid)} ${plural(rs.victims_paid, 'víctima', 'víctimas')}, ${f.money(rs.paid_by_fund_mxn, 'MXN')} de ellos por el fondo de ayuda a víctimas`
        }.`,
  ];
  return {
    victims,
    investigations,
    prosecutions,
    convictions,
    officials,
    services,
    hotline,
    financial_intelligence,
    restitution,
  };
}

function english(r: AnnualReport, p: AnnualReport | undefined, state?: string): Sentences {
  const f = fmt('en-US');
  const y = r.year;
  const py = y - 1;
  const ch = (cur: number, prev: number | undefined) => {
    const c = changeText(cur, prev, py, 'en-US');
    return c ? `, ${c}` : '';
  };
  const noneYet = (what: string, prev: number | undefined) =>
    `There are no records yet of ${what} in ${y}${prev ? ` (${py}: ${f.n(prev)})` : ''}.`;
  const where = state ? ` in ${state}` : '';
  const v = r.victims;
  const m = v.by_form_sex_age;
  const sum = (g: 'girls' | 'women' | 'boys' | 'men' | 'unknown') =>
    m.sex[g] + m.labor[g] + m.other[g] + m.unspecified[g];
  const byForm = (k: 'sex' | 'labor' | 'other' | 'unspecified') =>
    m[k].girls + m[k].women + m[k].boys + m[k].men + m[k].unknown;
  const victims = [
    v.total === 0
      ? noneYet(`trafficking victims identified${where}`, p?.victims.total)
      : `In ${y}, authorities${where} identified ${f.n(v.total)} trafficking ${plural(v.total, 'victim', 'victims')}${ch(v.total, p?.victims.total)}.`,
  ];
  if (v.total > 0) {
    victims.push(
      `Of these, ${f.n(byForm('sex'))} ${plural(byForm('sex'), 'was a victim', 'were victims')} of sex trafficking, ${f.n(byForm('labor'))} of labor trafficking, ${f.n(byForm('other'))} of other forms, and for ${f.n(byForm('unspecified'))} the form was not recorded.`,
      `They included ${f.n(sum('girls'))} ${plural(sum('girls'), 'girl', 'girls')}, ${f.n(sum('boys'))} ${plural(sum('boys'), 'boy', 'boys')}, ${f.n(sum('women'))} ${plural(sum('women'), 'woman', 'women')} and ${f.n(sum('men'))} ${plural(sum('men'), 'man', 'men')}; for ${f.n(sum('unknown'))} the sex or age is unknown.`,
      `Federal agencies identified ${f.n(v.federal.total)} and state agencies ${f.n(v.state.total)}. The year's ${f.n(v.identification_records)} identification ${plural(v.identification_records, 'record belongs', 'records belong')} to ${f.n(v.total)} ${plural(v.total, 'person', 'people')}: ${f.n(v.linked_duplicates)} ${plural(v.linked_duplicates, 'record was', 'records were')} of a person already recorded by another agency or by the same one.`,
    );
    const names = v.foreign.countries.map((c) => countryName(c, 'en-US'));
    victims.push(
      v.foreign.total === 0
        ? 'No identified victim was a foreign national.'
        : `${cap(f.n(v.foreign.total))} ${plural(v.foreign.total, 'victim was a foreign national', 'victims were foreign nationals')}${names.length ? ` (${f.list(names)})` : ''}.`,
    );
  }
  const it = invTotal(r);
  const invStates = r.investigations.states_reporting;
  const investigations = [
    it === 0
      ? noneYet(`trafficking investigations${where}`, p && invTotal(p))
      : `In ${y}, prosecutors opened ${f.n(it)} trafficking ${plural(it, 'investigation', 'investigations')}${ch(it, p && invTotal(p))}: ${f.n(r.investigations.federal.total)} federal and ${
          state
            ? `${f.n(r.investigations.state.total)} by the prosecutors of ${state}`
            : invStates === 0
              ? 'none by state prosecutors'
              : `${f.n(r.investigations.state.total)} by the prosecutors of ${f.n(invStates)} ${plural(invStates, 'state', 'states')}`
        }.`,
  ];
  if (it > 0)
    investigations.push(
      `${cap(f.n(r.investigations.federal.sex + r.investigations.state.sex))} concerned sex trafficking and ${f.n(r.investigations.federal.labor + r.investigations.state.labor)} labor trafficking.`,
    );
  const pt = prosTotal(r);
  const prStates = r.prosecutions.states_reporting;
  const prosecutions = [
    pt === 0
      ? noneYet(`defendants prosecuted for trafficking${where}`, p && prosTotal(p))
      : `During ${y}, ${f.n(pt)} ${plural(pt, 'defendant was', 'defendants were')} prosecuted for trafficking${ch(pt, p && prosTotal(p))}: ${f.n(r.prosecutions.federal.total)} federally (${f.n(r.prosecutions.federal.new)} initiated in the year) and ${
          r.prosecutions.state.total === 0
            ? `none in the courts of ${state ?? 'the states'}`
            : `${f.n(r.prosecutions.state.total)} in the courts of ${state ?? `${f.n(prStates)} ${plural(prStates, 'state', 'states')}`} (${f.n(r.prosecutions.state.new)} initiated in the year)`
        }.`,
  ];
  const c = r.convictions;
  const convictions = [
    c.total === 0
      ? noneYet(`trafficking convictions${where}`, p?.convictions.total)
      : `Courts convicted ${f.n(c.total)} ${plural(c.total, 'trafficker', 'traffickers')}${ch(c.total, p?.convictions.total)}: ${f.n(c.federal.total)} in federal and ${f.n(c.state.total)} in state courts.`,
  ];
  if (c.total > 0 && c.sentence_months.min !== null && c.sentence_months.max !== null)
    convictions.push(
      c.sentence_months.min === c.sentence_months.max
        ? `The prison sentence imposed was ${f.n(c.sentence_months.max)} ${plural(c.sentence_months.max, 'month', 'months')} (${years(c.sentence_months.max, 'en-US')}).`
        : `Prison sentences ranged from ${f.n(c.sentence_months.min)} to ${f.n(c.sentence_months.max)} months (${years(c.sentence_months.min, 'en-US')} to ${years(c.sentence_months.max, 'en-US')}).`,
    );
  const o = r.officials;
  const officials = [
    o.investigations + o.prosecutions + o.convictions === 0
      ? `In ${y}, no investigations, prosecutions or convictions of officials complicit in trafficking were recorded.`
      : `In ${y}, ${f.n(o.investigations)} ${plural(o.investigations, 'investigation', 'investigations')} of officials complicit in trafficking ${plural(o.investigations, 'was', 'were')} opened; ${f.n(o.prosecutions)} ${plural(o.prosecutions, 'prosecution was', 'prosecutions were')} under way and ${f.n(o.convictions)} ended in a conviction.`,
  ];
  const s = r.services;
  const services = [
    s.victims_served.total === 0 && s.victims_referred.total === 0
      ? noneYet('victims served or referred to services', p?.services.victims_served.total)
      : `${cap(f.n(s.victims_served.total))} ${plural(s.victims_served.total, 'victim received', 'victims received')} services in ${y}${ch(s.victims_served.total, p?.services.victims_served.total)}, and ${f.n(s.victims_referred.total)} ${plural(s.victims_referred.total, 'was', 'were')} referred to services.`,
  ];
  const h = r.hotline;
  const hotline = [
    h.trafficking_related_contacts === 0
      ? noneYet('trafficking-related hotline contacts', p?.hotline.trafficking_related_contacts)
      : `The hotline received ${f.n(h.trafficking_related_contacts)} trafficking-related ${plural(h.trafficking_related_contacts, 'contact', 'contacts')}${ch(h.trafficking_related_contacts, p?.hotline.trafficking_related_contacts)}; ${f.n(h.referred_to_prosecutors)} ${plural(h.referred_to_prosecutors, 'was', 'were')} referred to prosecutors.`,
  ];
  const fi = r.financial_intelligence;
  const financial_intelligence = [
    fi.suspicious_transactions === 0
      ? noneYet(
          'suspicious transaction reports linked to trafficking',
          p?.financial_intelligence.suspicious_transactions,
        )
      : `The financial intelligence unit received ${f.n(fi.suspicious_transactions)} suspicious transaction ${plural(fi.suspicious_transactions, 'report', 'reports')} linked to trafficking, for ${f.money(fi.amount_usd, 'USD')}.`,
  ];
  const rs = r.restitution;
  const restitution = [
    rs.ordered_mxn === 0 && rs.paid_mxn === 0
      ? noneYet('restitution ordered or paid', undefined)
      : `The year's convictions ordered ${f.money(rs.ordered_mxn, 'MXN')} in restitution; ${
          rs.paid_mxn === 0
            ? 'none has been paid to date'
            : `${f.money(rs.paid_mxn, 'MXN')} has been paid to date to ${f.n(rs.victims_paid)} ${plural(rs.victims_paid, 'victim', 'victims')}, ${f.money(rs.paid_by_fund_mxn, 'MXN')} of it by the victims' assistance fund`
        }.`,
  ];
  return {
    victims,
    investigations,
    prosecutions,
    convictions,
    officials,
    services,
    hotline,
    financial_intelligence,
    restitution,
  };
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Months as years, rounded to one decimal ("5 años", "190.8 años"). */
function years(months: number, lang: ReportLang): string {
  const yrs = Math.round((months / 12) * 10) / 10;
  const n = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(yrs);
  if (lang === 'es-MX') return `${n} ${yrs === 1 ? 'año' : 'años'}`;
  return `${n} ${yrs === 1 ? 'year' : 'years'}`;
}
