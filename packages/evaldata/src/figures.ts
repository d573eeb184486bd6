/**
 * The annual-report figures computed from an exchange folder and a known entity of every person record
 * (perfect linkage), written from the counting rules of /work/shared/spec/annual-report.md alone (not from
 * packages/core's report code). Where the spec text leaves a choice, the choice made is listed in
 * `INTERPRETATIONS` and written into truth.json beside the figures.
 */

type Row = Record<string, string>;
export type FormGroup = 'sex' | 'labor' | 'other' | 'unspecified';
const GROUPS: readonly FormGroup[] = ['sex', 'labor', 'other', 'unspecified'];
type AgeSex = 'girls' | 'women' | 'boys' | 'men' | 'unknown';

export const INTERPRETATIONS: readonly string[] = [
  'victims: a person counts in the federal (state) column when at least one of their identifications of the year was made by a federal (state or municipal) agency; within that column they count under the form group of their earliest identification of the year overall (ties: smallest identification_id), not of their earliest identification at that level.',
  "victims.state.states_reporting[form]: the distinct non-empty state_code values of the year's state-level identification records of the persons counted in state[form].",
  "age from a partial birth date (the spec: 'a partial birth date gives an age only where it is unambiguous'): read as the age group: a person counts as a girl/boy or woman/man when every possible birth date in the partial date (not later than the identification date) puts them on the same side of 18, else unknown. The stricter reading (an age known to the year) is in truth.json's `alternatives` as `age_rule: 'exact'`; the spec could say which it means.",
  "nationality: from the person record of the deciding identification, else from the person records of the person's other identifications of the year in order (date, identification_id), the first that has one.",
  'services: a service with a start date and no end date runs from its start on; with an end date and no start date it runs until its end; with neither it counts nowhere. The form of a served or referred person is the group of their earliest identification in the whole folder (ties: smallest identification_id), else unspecified.',
  'restitution.paid_mxn and paid_by_fund_mxn: every payment in the folder on a conviction of the year, whatever the payment date; victims_paid counts distinct persons (entities) among the victim_person_id of those payments.',
  'prosecutions: active in the year when initiated_date <= 31 December and closed_date is empty or >= 1 January.',
  'officials.convictions: convictions of the year whose prosecution_id names a prosecution with official_complicity true.',
  'money: sums exact to the cent; an integer when whole.',
];

export function formGroup(form: string): FormGroup {
  if (form === 'sexual') return 'sex';
  if (['forced_labor', 'servitude', 'slavery', 'forced_begging', 'forced_criminality'].includes(form))
    return 'labor';
  if (
    ['forced_marriage', 'illegal_adoption', 'organ_removal', 'biomedical_experimentation', 'other'].includes(
      form,
    )
  )
    return 'other';
  return 'unspecified';
}

function zeroForms(): Record<'total' | FormGroup, number> {
  return { total: 0, sex: 0, labor: 0, other: 0, unspecified: 0 };
}
function zeroAgeSex(): Record<AgeSex, number> {
  return { girls: 0, women: 0, boys: 0, men: 0, unknown: 0 };
}

export interface AnnualFigures {
  year: number;
  investigations: {
    federal: Record<'total' | FormGroup, number>;
    state: Record<'total' | FormGroup, number>;
    states_reporting: number;
  };
  prosecutions: {
    federal: { total: number; new: number; ongoing: number };
    state: { total: number; new: number; ongoing: number };
    states_reporting: number;
    by_form: Record<FormGroup, number>;
  };
  convictions: {
    total: number;
    federal: Record<'total' | FormGroup, number>;
    state: Record<'total' | FormGroup, number>;
    sentence_months: { min: number | null; max: number | null };
  };
  officials: { investigations: number; prosecutions: number; convictions: number };
  victims: {
    identification_records: number;
    linked_duplicates: number;
    total: number;
    federal: Record<'total' | FormGroup, number>;
    state: Record<'total' | FormGroup, number> & { states_reporting: Record<FormGroup, number> };
    by_form_sex_age: Record<FormGroup, Record<AgeSex, number>>;
    foreign: { total: number; countries: string[] };
  };
  services: {
    victims_served: Record<'total' | FormGroup, number>;
    victims_referred: Record<'total' | FormGroup, number>;
  };
  hotline: { trafficking_related_contacts: number; referred_to_prosecutors: number };
  financial_intelligence: { suspicious_transactions: number; amount_usd: number };
  restitution: { ordered_mxn: number; paid_mxn: number; paid_by_fund_mxn: number; victims_paid: number };
}

/** Exact decimal to cents (BigInt); '' → 0. */
function cents(v: string | undefined): bigint {
  if (!v) return 0n;
  const neg = v.startsWith('-');
  const [i, f = ''] = (neg ? v.slice(1) : v).split('.');
  const c = BigInt(i || '0') * 100n + BigInt(`${f}00`.slice(0, 2));
  if (f.length > 2 && /[1-9]/.test(f.slice(2))) throw new Error(`more than two decimals: ${v}`);
  return neg ? -c : c;
}
function fromCents(c: bigint): number {
  return c % 100n === 0n ? Number(c / 100n) : Number(c) / 100;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}
function dim(y: number, m: number): number {
  return [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
}
function ageOn(by: number, bm: number, bd: number, ry: number, rm: number, rd: number): number {
  return ry - by - (rm < bm || (rm === bm && rd < bd) ? 1 : 0);
}

/** Age in whole years at `on` (YYYY-MM-DD) from a full or partial birth date, or null when unknown/ambiguous. */
export function ageFromBirth(birth: string, on: string): number | null {
  if (!birth) return null;
  const [ry, rm, rd] = on.split('-').map(Number) as [number, number, number];
  const parts = birth.split('-').map(Number);
  const by = parts[0]!;
  let lo: [number, number, number];
  let hi: [number, number, number];
  if (parts.length === 3) lo = hi = [by, parts[1]!, parts[2]!];
  else if (parts.length === 2) {
    lo = [by, parts[1]!, 1];
    hi = [by, parts[1]!, dim(by, parts[1]!)];
  } else {
    lo = [by, 1, 1];
    hi = [by, 12, 31];
  }
  // possible birth dates not later than the identification date
  const onKey = ry * 10000 + rm * 100 + rd;
  const key = (d: [number, number, number]) => d[0] * 10000 + d[1] * 100 + d[2];
  if (key(lo) > onKey) return null;
  if (key(hi) > onKey) hi = [ry, rm, rd];
  const a1 = ageOn(...lo, ry, rm, rd);
  const a2 = ageOn(...hi, ry, rm, rd);
  return a1 === a2 ? a1 : null;
}

/**
 * Minor (true), adult (false) or unknown (null) at `on`. `rule` 'group' (the default reading): also from a
 * partial date whose possible ages all fall on one side of 18; 'exact': only from an age known to the year.
 */
export function minorAt(birth: string, on: string, rule: AgeRule = 'group'): boolean | null {
  const exact = ageFromBirth(birth, on);
  if (exact !== null) return exact < 18;
  if (rule === 'exact' || !birth) return null;
  const parts = birth.split('-');
  const oldest = ageFromBirth(parts.length === 1 ? `${parts[0]}-01-01` : `${parts[0]}-${parts[1]}-01`, on);
  const lastDay = parts.length === 1 ? 31 : dim(Number(parts[0]), Number(parts[1]));
  const youngestBirth =
    parts.length === 1 ? `${parts[0]}-12-31` : `${parts[0]}-${parts[1]}-${String(lastDay).padStart(2, '0')}`;
  const youngest = ageFromBirth(youngestBirth < on ? youngestBirth : on, on);
  if (oldest === null || youngest === null) return null;
  if (oldest < 18 && youngest < 18) return true;
  if (oldest >= 18 && youngest >= 18) return false;
  return null;
}

export type AgeRule = 'exact' | 'group';

function inYear(date: string | undefined, year: number): boolean {
  return !!date && date.startsWith(`${year}-`);
}

/** What the steps of `computeFigures` share: the rows, the year, the person of a record, agencies and persons. */
interface FigureInput {
  rows: Record<string, Row[]>;
  entityOf: (personId: string) => string;
  year: number;
  ageRule: AgeRule | undefined;
  jan1: string;
  dec31: string;
  agencies: Map<string, Row>;
  persons: Map<string, Row>;
  /** The level an agency counts at: federal, or state (municipal agencies count with their state). */
  level: (agencyId: string | undefined) => 'federal' | 'state' | null;
}

/** Identifications in date order, then by id: a person's first identification is the first of these. */
const byDateThenId = (a: Row, b: Row) =>
  a.date! < b.date!
    ? -1
    : a.date! > b.date!
      ? 1
      : a.identification_id! < b.identification_id!
        ? -1
        : a.identification_id! > b.identification_id!
          ? 1
          : 0;

/** Investigations opened in the year, by level and form; states reporting; official complicity. */
function investigationFigures(c: FigureInput) {
  const { rows, year, level } = c;
  const inv = { federal: zeroForms(), state: zeroForms(), states_reporting: 0 };
  const invStates = new Set<string>();
  let offInv = 0;
  for (const r of rows['investigations.csv'] ?? []) {
    if (!inYear(r.opened_date, year)) continue;
    if (r.official_complicity === 'true') offInv++;
    const l = level(r.agency_id);
    if (!l) continue;
    inv[l].total++;
    inv[l][formGroup(r.primary_form!)]++;
    if (l === 'state' && r.state_code) invStates.add(r.state_code);
  }
  inv.states_reporting = invStates.size;
  return { inv, offInv };
}

/** Prosecutions active in the year (new or ongoing) by level, by form; states reporting; official complicity. */
function prosecutionFigures(c: FigureInput) {
  const { rows, year, level, jan1, dec31 } = c;
  const pros = {
    federal: { total: 0, new: 0, ongoing: 0 },
    state: { total: 0, new: 0, ongoing: 0 },
    states_reporting: 0,
    by_form: { sex: 0, labor: 0, other: 0, unspecified: 0 } as Record<FormGroup, number>,
  };
  const prosStates = new Set<string>();
  let offPros = 0;
  const prosById = new Map<string, Row>();
  for (const r of rows['prosecutions.csv'] ?? []) {
    prosById.set(r.prosecution_id!, r);
    const active = r.initiated_date! <= dec31 && (!r.closed_date || r.closed_date >= jan1);
    if (!active) continue;
    if (r.official_complicity === 'true') offPros++;
    pros.by_form[formGroup(r.primary_form!)]++;
    const l = level(r.agency_id);
    if (!l) continue;
    pros[l].total++;
    if (inYear(r.initiated_date, year)) pros[l].new++;
    else pros[l].ongoing++;
    if (l === 'state' && r.state_code) prosStates.add(r.state_code);
  }
  pros.states_reporting = prosStates.size;
  return { pros, offPros, prosById };
}

/** Convictions of the year by level and form, sentence range, restitution ordered and paid on them. */
function convictionFigures(c: FigureInput, prosById: Map<string, Row>) {
  const { rows, year, level, entityOf } = c;
  const conv = {
    total: 0,
    federal: zeroForms(),
    state: zeroForms(),
    sentence_months: { min: null as number | null, max: null as number | null },
  };
  let offConv = 0;
  let ordered = 0n;
  const yearConvictions = new Set<string>();
  for (const r of rows['convictions.csv'] ?? []) {
    if (!inYear(r.date, year)) continue;
    conv.total++;
    yearConvictions.add(r.conviction_id!);
    ordered += cents(r.restitution_ordered_mxn);
    if (r.prosecution_id && prosById.get(r.prosecution_id)?.official_complicity === 'true') offConv++;
    if (r.sentence_months) {
      const s = Number(r.sentence_months);
      conv.sentence_months.min =
        conv.sentence_months.min === null ? s : Math.min(conv.sentence_months.min, s);
      conv.sentence_months.max =
        conv.sentence_months.max === null ? s : Math.max(conv.sentence_months.max, s);
    }
    const l = level(r.agency_id);
    if (!l) continue;
    conv[l].total++;
    conv[l][formGroup(r.primary_form!)]++;
  }
  let paid = 0n;
  let fund = 0n;
  const paidVictims = new Set<string>();
  for (const r of rows['restitution_payments.csv'] ?? []) {
    if (!yearConvictions.has(r.conviction_id!)) continue;
    const c = cents(r.amount_mxn);
    paid += c;
    if (r.source === 'assistance_fund') fund += c;
    if (r.victim_person_id) paidVictims.add(entityOf(r.victim_person_id));
  }
  return { conv, offConv, ordered, paid, fund, paidVictims };
}

/** Victims identified in the year, each counted once (first identification): level, form, sex and age, foreign. */
function victimFigures(c: FigureInput) {
  const { rows, year, level, entityOf, persons } = c;
  const opts = { ageRule: c.ageRule };
  const ids = (rows['identifications.csv'] ?? []).filter((r) => inYear(r.date, year));
  const byEntity = new Map<string, Row[]>();
  for (const r of ids) {
    const e = entityOf(r.person_id!);
    const list = byEntity.get(e) ?? [];
    list.push(r);
    byEntity.set(e, list);
  }
  const victims = {
    identification_records: ids.length,
    linked_duplicates: 0,
    total: byEntity.size,
    federal: zeroForms(),
    state: {
      ...zeroForms(),
      states_reporting: { sex: 0, labor: 0, other: 0, unspecified: 0 } as Record<FormGroup, number>,
    },
    by_form_sex_age: Object.fromEntries(GROUPS.map((g) => [g, zeroAgeSex()])) as Record<
      FormGroup,
      Record<AgeSex, number>
    >,
    foreign: { total: 0, countries: [] as string[] },
  };
  victims.linked_duplicates = victims.identification_records - victims.total;
  const stateReporting = Object.fromEntries(GROUPS.map((g) => [g, new Set<string>()])) as Record<
    FormGroup,
    Set<string>
  >;
  const countries = new Set<string>();
  for (const list of byEntity.values()) {
    list.sort(byDateThenId);
    const first = list[0]!;
    const g = formGroup(first.primary_form!);
    const rec = persons.get(first.person_id!);
    // sex and age group
    const sex = rec?.sex;
    const minor = rec ? minorAt(rec.birth_date ?? '', first.date!, opts.ageRule) : null;
    let cat: AgeSex = 'unknown';
    if ((sex === 'female' || sex === 'male') && minor !== null) {
      cat = sex === 'female' ? (minor ? 'girls' : 'women') : minor ? 'boys' : 'men';
    }
    victims.by_form_sex_age[g][cat]++;
    // levels
    const levels = new Set(list.map((r) => level(r.agency_id)));
    if (levels.has('federal')) {
      victims.federal.total++;
      victims.federal[g]++;
    }
    if (levels.has('state')) {
      victims.state.total++;
      victims.state[g]++;
      for (const r of list)
        if (level(r.agency_id) === 'state' && r.state_code) stateReporting[g].add(r.state_code);
    }
    // nationality
    let nat = rec?.nationality ?? '';
    if (!nat) {
      for (const r of list.slice(1)) {
        const n = persons.get(r.person_id!)?.nationality;
        if (n) {
          nat = n;
          break;
        }
      }
    }
    if (nat && nat !== 'MEX') {
      victims.foreign.total++;
      countries.add(nat);
    }
  }
  for (const g of GROUPS) victims.state.states_reporting[g] = stateReporting[g].size;
  victims.foreign.countries = [...countries].sort();
  return victims;
}

/** Victims served and referred in the year, by the form of their earliest identification ever. */
function serviceFigures(c: FigureInput) {
  const { rows, year, entityOf, jan1, dec31 } = c;
  const earliest = new Map<string, Row>();
  for (const r of rows['identifications.csv'] ?? []) {
    const e = entityOf(r.person_id!);
    const cur = earliest.get(e);
    if (!cur || byDateThenId(r, cur) < 0) earliest.set(e, r);
  }
  const formOfEntity = (e: string): FormGroup => {
    const r = earliest.get(e);
    return r ? formGroup(r.primary_form!) : 'unspecified';
  };
  const served = new Set<string>();
  for (const r of rows['services.csv'] ?? []) {
    const s = r.start_date;
    const e = r.end_date;
    if (!s && !e) continue;
    if (s && s > dec31) continue;
    if (e && e < jan1) continue;
    served.add(entityOf(r.person_id!));
  }
  const referred = new Set<string>();
  for (const r of rows['referrals.csv'] ?? []) if (inYear(r.date, year)) referred.add(entityOf(r.person_id!));
  const byForm = (set: Set<string>) => {
    const out = zeroForms();
    for (const e of set) {
      out.total++;
      out[formOfEntity(e)]++;
    }
    return out;
  };
  return { victims_served: byForm(served), victims_referred: byForm(referred) };
}

/** Trafficking-related hotline contacts (and those referred to prosecutors); suspicious transactions in USD. */
function hotlineAndFinancialFigures(c: FigureInput) {
  const { rows, year, agencies } = c;
  let hotline = 0;
  let hotlineToPros = 0;
  for (const r of rows['hotline_contacts.csv'] ?? []) {
    if (!inYear(r.date, year) || r.trafficking_related !== 'true') continue;
    hotline++;
    if (r.referred_to_agency_id && agencies.get(r.referred_to_agency_id)?.kind === 'prosecutor')
      hotlineToPros++;
  }
  let fin = 0;
  let usd = 0n;
  for (const r of rows['financial_reports.csv'] ?? []) {
    if (!inYear(r.date, year)) continue;
    fin++;
    usd += cents(r.amount_usd);
  }
  return { hotline, hotlineToPros, fin, usd };
}

/**
 * The figures of one year. `rows` holds the folder's files (file name → rows of strings); `entityOf` maps a
 * person_id to the person (entity) it records.
 */
export function computeFigures(
  rows: Record<string, Row[]>,
  entityOf: (personId: string) => string,
  year: number,
  opts: { ageRule?: AgeRule } = {},
): AnnualFigures {
  const agencies = new Map((rows['agencies.csv'] ?? []).map((a) => [a.agency_id!, a]));
  const level = (agencyId: string | undefined): 'federal' | 'state' | null => {
    const l = agencies.get(agencyId ?? '')?.level;
    return l === 'federal' ? 'federal' : l === 'state' || l === 'municipal' ? 'state' : null;
  };
  const c: FigureInput = {
    rows,
    entityOf,
    year,
    ageRule: opts.ageRule,
    jan1: `${year}-01-01`,
    dec31: `${year}-12-31`,
    agencies,
    persons: new Map((rows['persons.csv'] ?? []).map((p) => [p.person_id!, p])),
    level,
  };
  const { inv, offInv } = investigationFigures(c);
  const { pros, offPros, prosById } = prosecutionFigures(c);
  const { conv, offConv, ordered, paid, fund, paidVictims } = convictionFigures(c, prosById);
  const victims = victimFigures(c);
  const { hotline, hotlineToPros, fin, usd } = hotlineAndFinancialFigures(c);
  return {
    year,
    investigations: inv,
    prosecutions: pros,
    convictions: conv,
    officials: { investigations: offInv, prosecutions: offPros, convictions: offConv },
    victims,
    services: serviceFigures(c),
    hotline: { trafficking_related_contacts: hotline, referred_to_prosecutors: hotlineToPros },
    financial_intelligence: { suspicious_transactions: fin, amount_usd: fromCents(usd) },
    restitution: {
      ordered_mxn: fromCents(ordered),
      paid_mxn: fromCents(paid),
      paid_by_fund_mxn: fromCents(fund),
      victims_paid: paidVictims.size,
    },
  };
}
