/**
 * The report's figures as written sentences, the way the US Trafficking in Persons report states them
 * ("En 2022 se identificaron 440 víctimas…, 12 % más que en 2021 (393)"), in es-MX and en-US. Used by the
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

/** "12 % más que en 2021 (393)" / "12% more than in 2021 (393)"; empty when there is no earlier year. */
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
  if (prev === 0) return es ? `frente a ninguna en ${prevYear}` : `up from none in ${prevYear}`;
  const pct = Math.round((Math.abs(cur - prev) / prev) * 100);
  const p = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 }).format(pct);
  if (pct === 0)
    return es
      ? `casi la misma cifra que en ${prevYear} (${f.n(prev)})`
      : `almost the same as in ${prevYear} (${f.n(prev)})`;
  if (es) return `${p} % ${cur > prev ? 'más' : 'menos'} que en ${prevYear} (${f.n(prev)})`;
  return `${p}% ${cur > prev ? 'more' : 'fewer'} than in ${prevYear} (${f.n(prev)})`;
}

/** Name of an ISO 3166-1 alpha-3 country in the language. */
export function countryName(alpha3: string, lang: ReportLang): string {
  const a2 = countries.alpha3ToAlpha2(alpha3);
  return a2 ? regionName(a2, lang) : alpha3;
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

/**
 * Sentences of every section of the year's report; `prev` is the report of the year before (for the
 * change), or undefined.
 */
export function reportSentences(
  r: AnnualReport,
  prev: AnnualReport | undefined,
  lang: ReportLang,
): Sentences {
  return lang === 'es-MX' ? spanish(r, prev) : english(r, prev);
}

const invTotal = (r: AnnualReport) => r.investigations.federal.total + r.investigations.state.total;
const prosTotal = (r: AnnualReport) => r.prosecutions.federal.total + r.prosecutions.state.total;

function spanish(r: AnnualReport, p: AnnualReport | undefined): Sentences {
  const f = fmt('es-MX');
  const y = r.year;
  const py = y - 1;
  const ch = (cur: number, prev: number | undefined) => {
    const c = changeText(cur, prev, py, 'es-MX');
    return c ? `, ${c}` : '';
  };
  const v = r.victims;
  const m = v.by_form_sex_age;
  const sum = (g: 'girls' | 'women' | 'boys' | 'men' | 'unknown') =>
    m.sex[g] + m.labor[g] + m.other[g] + m.unspecified[g];
  const byForm = (k: 'sex' | 'labor' | 'other' | 'unspecified') =>
    m[k].girls + m[k].women + m[k].boys + m[k].men + m[k].unknown;
  const victims = [
    `En ${y} se identificaron ${f.n(v.total)} ${plural(v.total, 'víctima', 'víctimas')} de trata de personas${ch(v.total, p?.victims.total)}.`,
  ];
  if (v.total > 0) {
    victims.push(
      `De ellas, ${f.n(byForm('sex'))} fueron víctimas de explotación sexual, ${f.n(byForm('labor'))} de explotación laboral, ${f.n(byForm('other'))} de otras formas de trata y de ${f.n(byForm('unspecified'))} no se registró la forma.`,
      `Entre las víctimas había ${f.n(sum('girls'))} ${plural(sum('girls'), 'niña', 'niñas')}, ${f.n(sum('boys'))} ${plural(sum('boys'), 'niño', 'niños')}, ${f.n(sum('women'))} ${plural(sum('women'), 'mujer', 'mujeres')} y ${f.n(sum('men'))} ${plural(sum('men'), 'hombre', 'hombres')}; de ${f.n(sum('unknown'))} no se conoce el sexo o la edad.`,
      `Las instituciones federales identificaron a ${f.n(v.federal.total)} y las estatales a ${f.n(v.state.total)}. Los ${f.n(v.identification_records)} registros de identificación del año corresponden a ${f.n(v.total)} personas: ${f.n(v.linked_duplicates)} ${plural(v.linked_duplicates, 'registro era', 'registros eran')} de una persona ya registrada por otra institución o por la misma.`,
    );
    const names = v.foreign.countries.map((c) => countryName(c, 'es-MX'));
    victims.push(
      v.foreign.total === 0
        ? 'Ninguna víctima identificada era de nacionalidad extranjera.'
        : `${f.n(v.foreign.total)} ${plural(v.foreign.total, 'víctima era', 'víctimas eran')} de nacionalidad extranjera${names.length ? ` (${f.list(names)})` : ''}.`,
    );
  }
  const it = invTotal(r);
  const investigations = [
    `En ${y} las fiscalías abrieron ${f.n(it)} ${plural(it, 'investigación', 'investigaciones')} por trata de personas${ch(it, p && invTotal(p))}: ${f.n(r.investigations.federal.total)} en el fuero federal y ${f.n(r.investigations.state.total)} en las fiscalías de ${f.n(r.investigations.states_reporting)} ${plural(r.investigations.states_reporting, 'estado', 'estados')}.`,
  ];
  if (it > 0)
    investigations.push(
      `${cap(f.n(r.investigations.federal.sex + r.investigations.state.sex))} ${plural(r.investigations.federal.sex + r.investigations.state.sex, 'era', 'eran')} por explotación sexual y ${f.n(r.investigations.federal.labor + r.investigations.state.labor)} por explotación laboral.`,
    );
  const pt = prosTotal(r);
  const prosecutions = [
    `Durante ${y} ${pt === 1 ? 'estuvo' : 'estuvieron'} en proceso penal ${f.n(pt)} ${plural(pt, 'persona acusada', 'personas acusadas')} de trata${ch(pt, p && prosTotal(p))}: ${f.n(r.prosecutions.federal.total)} en el fuero federal (${f.n(r.prosecutions.federal.new)} con proceso iniciado en el año) y ${f.n(r.prosecutions.state.total)} en el fuero común de ${f.n(r.prosecutions.states_reporting)} ${plural(r.prosecutions.states_reporting, 'estado', 'estados')} (${f.n(r.prosecutions.state.new)} iniciados en el año).`,
  ];
  const c = r.convictions;
  const convictions = [
    `Los tribunales condenaron a ${f.n(c.total)} ${plural(c.total, 'persona', 'personas')} por trata${ch(c.total, p?.convictions.total)}: ${f.n(c.federal.total)} en el fuero federal y ${f.n(c.state.total)} en el fuero común.`,
  ];
  if (c.sentence_months.min !== null && c.sentence_months.max !== null)
    convictions.push(
      `Las penas de prisión impuestas fueron de ${f.n(c.sentence_months.min)} a ${f.n(c.sentence_months.max)} meses (${years(c.sentence_months.min, 'es-MX')} a ${years(c.sentence_months.max, 'es-MX')}).`,
    );
  const o = r.officials;
  const officials = [
    o.investigations + o.prosecutions + o.convictions === 0
      ? `En ${y} no se registraron investigaciones, procesos ni sentencias por complicidad de servidores públicos en la trata.`
      : `En ${y} se abrieron ${f.n(o.investigations)} ${plural(o.investigations, 'investigación', 'investigaciones')} por complicidad de servidores públicos en la trata; ${f.n(o.prosecutions)} ${plural(o.prosecutions, 'proceso estuvo', 'procesos estuvieron')} en curso y ${f.n(o.convictions)} ${plural(o.convictions, 'terminó', 'terminaron')} en sentencia condenatoria.`,
  ];
  const s = r.services;
  const services = [
    `${cap(f.n(s.victims_served.total))} ${plural(s.victims_served.total, 'víctima recibió', 'víctimas recibieron')} servicios de atención en ${y}${ch(s.victims_served.total, p?.services.victims_served.total)}, y ${f.n(s.victims_referred.total)} ${plural(s.victims_referred.total, 'fue canalizada', 'fueron canalizadas')} a servicios.`,
  ];
  const h = r.hotline;
  const hotline = [
    `La línea de atención recibió ${f.n(h.trafficking_related_contacts)} ${plural(h.trafficking_related_contacts, 'contacto relacionado', 'contactos relacionados')} con la trata${ch(h.trafficking_related_contacts, p?.hotline.trafficking_related_contacts)}; ${f.n(h.referred_to_prosecutors)} se ${plural(h.referred_to_prosecutors, 'canalizó', 'canalizaron')} a fiscalías.`,
  ];
  const fi = r.financial_intelligence;
  const financial_intelligence = [
    `La unidad de inteligencia financiera recibió ${f.n(fi.suspicious_transactions)} ${plural(fi.suspicious_transactions, 'reporte', 'reportes')} de operaciones sospechosas vinculadas con la trata, por ${f.money(fi.amount_usd, MONEY_FIGURES['financial_intelligence.amount_usd']!)}.`,
  ];
  const rs = r.restitution;
  const restitution = [
    `Las sentencias de ${y} ordenaron una reparación del daño de ${f.money(rs.ordered_mxn, 'MXN')}; a la fecha se han pagado ${f.money(rs.paid_mxn, 'MXN')} a ${f.n(rs.victims_paid)} ${plural(rs.victims_paid, 'víctima', 'víctimas')}, ${f.money(rs.paid_by_fund_mxn, 'MXN')} de ellos por el fondo de ayuda a víctimas.`,
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

function english(r: AnnualReport, p: AnnualReport | undefined): Sentences {
  const f = fmt('en-US');
  const y = r.year;
  const py = y - 1;
  const ch = (cur: number, prev: number | undefined) => {
    const c = changeText(cur, prev, py, 'en-US');
    return c ? `, ${c}` : '';
  };
  const v = r.victims;
  const m = v.by_form_sex_age;
  const sum = (g: 'girls' | 'women' | 'boys' | 'men' | 'unknown') =>
    m.sex[g] + m.labor[g] + m.other[g] + m.unspecified[g];
  const byForm = (k: 'sex' | 'labor' | 'other' | 'unspecified') =>
    m[k].girls + m[k].women + m[k].boys + m[k].men + m[k].unknown;
  const victims = [
    `In ${y}, authorities identified ${f.n(v.total)} trafficking ${plural(v.total, 'victim', 'victims')}${ch(v.total, p?.victims.total)}.`,
  ];
  if (v.total > 0) {
    victims.push(
      `Of these, ${f.n(byForm('sex'))} were victims of sex trafficking, ${f.n(byForm('labor'))} of labor trafficking, ${f.n(byForm('other'))} of other forms, and for ${f.n(byForm('unspecified'))} the form was not recorded.`,
      `They included ${f.n(sum('girls'))} ${plural(sum('girls'), 'girl', 'girls')}, ${f.n(sum('boys'))} ${plural(sum('boys'), 'boy', 'boys')}, ${f.n(sum('women'))} ${plural(sum('women'), 'woman', 'women')} and ${f.n(sum('men'))} ${plural(sum('men'), 'man', 'men')}; for ${f.n(sum('unknown'))} the sex or age is unknown.`,
      `Federal agencies identified ${f.n(v.federal.total)} and state agencies ${f.n(v.state.total)}. The year's ${f.n(v.identification_records)} identification records belong to ${f.n(v.total)} people: ${f.n(v.linked_duplicates)} ${plural(v.linked_duplicates, 'record was', 'records were')} of a person already recorded by another agency or by the same one.`,
    );
    const names = v.foreign.countries.map((c) => countryName(c, 'en-US'));
    victims.push(
      v.foreign.total === 0
        ? 'No identified victim was a foreign national.'
        : `${cap(f.n(v.foreign.total))} ${plural(v.foreign.total, 'victim was a foreign national', 'victims were foreign nationals')}${names.length ? ` (${f.list(names)})` : ''}.`,
    );
  }
  const it = invTotal(r);
  const investigations = [
    `In ${y}, prosecutors opened ${f.n(it)} trafficking ${plural(it, 'investigation', 'investigations')}${ch(it, p && invTotal(p))}: ${f.n(r.investigations.federal.total)} federal and ${f.n(r.investigations.state.total)} by the prosecutors of ${f.n(r.investigations.states_reporting)} ${plural(r.investigations.states_reporting, 'state', 'states')}.`,
  ];
  if (it > 0)
    investigations.push(
      `${cap(f.n(r.investigations.federal.sex + r.investigations.state.sex))} concerned sex trafficking and ${f.n(r.investigations.federal.labor + r.investigations.state.labor)} labor trafficking.`,
    );
  const pt = prosTotal(r);
  const prosecutions = [
    `During ${y}, ${f.n(pt)} ${plural(pt, 'defendant was', 'defendants were')} prosecuted for trafficking${ch(pt, p && prosTotal(p))}: ${f.n(r.prosecutions.federal.total)} federally (${f.n(r.prosecutions.federal.new)} initiated in the year) and ${f.n(r.prosecutions.state.total)} in the courts of ${f.n(r.prosecutions.states_reporting)} ${plural(r.prosecutions.states_reporting, 'state', 'states')} (${f.n(r.prosecutions.state.new)} initiated in the year).`,
  ];
  const c = r.convictions;
  const convictions = [
    `Courts convicted ${f.n(c.total)} ${plural(c.total, 'trafficker', 'traffickers')}${ch(c.total, p?.convictions.total)}: ${f.n(c.federal.total)} in federal and ${f.n(c.state.total)} in state courts.`,
  ];
  if (c.sentence_months.min !== null && c.sentence_months.max !== null)
    convictions.push(
      `Prison sentences ranged from ${f.n(c.sentence_months.min)} to ${f.n(c.sentence_months.max)} months (${years(c.sentence_months.min, 'en-US')} to ${years(c.sentence_months.max, 'en-US')}).`,
    );
  const o = r.officials;
  const officials = [
    o.investigations + o.prosecutions + o.convictions === 0
      ? `In ${y}, no investigations, prosecutions or convictions of officials complicit in trafficking were recorded.`
      : `In ${y}, ${f.n(o.investigations)} ${plural(o.investigations, 'investigation', 'investigations')} of officials complicit in trafficking were opened; ${f.n(o.prosecutions)} ${plural(o.prosecutions, 'prosecution was', 'prosecutions were')} under way and ${f.n(o.convictions)} ended in a conviction.`,
  ];
  const s = r.services;
  const services = [
    `${cap(f.n(s.victims_served.total))} ${plural(s.victims_served.total, 'victim received', 'victims received')} services in ${y}${ch(s.victims_served.total, p?.services.victims_served.total)}, and ${f.n(s.victims_referred.total)} ${plural(s.victims_referred.total, 'was', 'were')} referred to services.`,
  ];
  const h = r.hotline;
  const hotline = [
    `The hotline received ${f.n(h.trafficking_related_contacts)} trafficking-related ${plural(h.trafficking_related_contacts, 'contact', 'contacts')}${ch(h.trafficking_related_contacts, p?.hotline.trafficking_related_contacts)}; ${f.n(h.referred_to_prosecutors)} ${plural(h.referred_to_prosecutors, 'was', 'were')} referred to prosecutors.`,
  ];
  const fi = r.financial_intelligence;
  const financial_intelligence = [
    `The financial intelligence unit received ${f.n(fi.suspicious_transactions)} suspicious transaction ${plural(fi.suspicious_transactions, 'report', 'reports')} linked to trafficking, for ${f.money(fi.amount_usd, 'USD')}.`,
  ];
  const rs = r.restitution;
  const restitution = [
    `The year's convictions ordered ${f.money(rs.ordered_mxn, 'MXN')} in restitution; ${f.money(rs.paid_mxn, 'MXN')} has been paid to date to ${f.n(rs.victims_paid)} ${plural(rs.victims_paid, 'victim', 'victims')}, ${f.money(rs.paid_by_fund_mxn, 'MXN')} of it by the victims' assistance fund.`,
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
