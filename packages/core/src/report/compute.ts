/**
 * The counting rules of annual-report.md: a pure reference implementation over plain records.
 * The CLI, the API and the web all get their figures from `computeAnnualReport` (the server loads the
 * year's records with SQL and hands them here), so there is one computation.
 */
import { FORM_GROUPS, type FormGroup, formGroup, reportingLevel } from '../taxonomy.ts';
import { SEX_AGE, type SexAge, sexAge } from './age.ts';
import { decimalToNumber, parseDecimal } from './decimal.ts';
import type { PersonKey, RAgency, ReportData, RIdentification } from './types.ts';

export type GroupCounts = { total: number } & Record<FormGroup, number>;
export type GroupOnly = Record<FormGroup, number>;

export interface AnnualReport {
  year: number;
  investigations: { federal: GroupCounts; state: GroupCounts; states_reporting: number };
  prosecutions: {
    federal: { total: number; new: number; ongoing: number };
    state: { total: number; new: number; ongoing: number };
    states_reporting: number;
    by_form: GroupOnly;
  };
  convictions: {
    total: number;
    federal: GroupCounts;
    state: GroupCounts;
    sentence_months: { min: number | null; max: number | null };
  };
  officials: { investigations: number; prosecutions: number; convictions: number };
  victims: {
    identification_records: number;
    linked_duplicates: number;
    total: number;
    federal: GroupCounts;
    state: GroupCounts & { states_reporting: GroupOnly };
    by_form_sex_age: Record<FormGroup, Record<SexAge, number>>;
    foreign: { total: number; countries: string[] };
  };
  services: { victims_served: GroupCounts; victims_referred: GroupCounts };
  hotline: { trafficking_related_contacts: number; referred_to_prosecutors: number };
  financial_intelligence: { suspicious_transactions: number; amount_usd: number };
  restitution: { ordered_mxn: number; paid_mxn: number; paid_by_fund_mxn: number; victims_paid: number };
}

const groupCounts = (): GroupCounts => ({ total: 0, sex: 0, labor: 0, other: 0, unspecified: 0 });
const groupOnly = (): GroupOnly => ({ sex: 0, labor: 0, other: 0, unspecified: 0 });
const sexAgeCounts = (): Record<SexAge, number> => ({ girls: 0, women: 0, boys: 0, men: 0, unknown: 0 });

export const yearOf = (date: string): number => Number(date.slice(0, 4));
export const inYear = (date: string | null | undefined, year: number): boolean =>
  !!date && yearOf(date) === year;

/** Total order of identifications: earliest date first, ties by smallest identification_id. */
export function compareIdentifications(a: RIdentification, b: RIdentification): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  if (a.identification_id === b.identification_id) return 0;
  return a.identification_id < b.identification_id ? -1 : 1;
}

/** An agency look-up with the reporting level and state of a record. */
export class Agencies {
  private readonly byId: Map<string, RAgency>;
  constructor(agencies: readonly RAgency[]) {
    this.byId = new Map(agencies.map((a) => [a.agency_id, a]));
  }
  get(id: string | null | undefined): RAgency | undefined {
    return id ? this.byId.get(id) : undefined;
  }
  /** 'federal' | 'state' (state or municipal) | null (NGO, international, foreign, unknown agency) */
  level(id: string): 'federal' | 'state' | null {
    const a = this.byId.get(id);
    return a ? reportingLevel(a.level) : null;
  }
  /** The state of a record: its own state_code, or else its agency's. */
  state(recordState: string | null | undefined, agencyId: string): string | null {
    return recordState || this.byId.get(agencyId)?.state_code || null;
  }
}

/** A victim (linked person) as counted for one year. */
export interface VictimFact {
  key: string;
  decisive: RIdentification;
  group: FormGroup;
  sexAge: SexAge;
  nationality: string | null;
  levels: Array<'federal' | 'state'>;
  /** distinct states of the person's state-level identifications of the year */
  stateLevelStates: string[];
  /** distinct states of all the person's identifications of the year */
  states: string[];
}

/** Per linked person: the identifications of `year`, the decisive one, and the person's attributes. */
/**
 * Per-data look-ups built once for the several years and breakdowns computed from the same records (the
 * report's three years, states, completeness): keyed by the record arrays, which are never changed in place.
 */
const personMaps = new WeakMap<ReportData['persons'], Map<string, ReportData['persons'][number]>>();
export function personsById(persons: ReportData['persons']): Map<string, ReportData['persons'][number]> {
  let m = personMaps.get(persons);
  if (!m) {
    m = new Map(persons.map((p) => [p.person_id, p]));
    personMaps.set(persons, m);
  }
  return m;
}

export function victimFacts(year: number, data: ReportData, personKey: PersonKey): VictimFact[] {
  const agencies = new Agencies(data.agencies);
  const persons = personsById(data.persons);
  const byKey = new Map<string, RIdentification[]>();
  for (const idf of data.identifications) {
    if (!inYear(idf.date, year)) continue;
    const k = personKey(idf.person_id);
    const list = byKey.get(k);
    if (list) list.push(idf);
    else byKey.set(k, [idf]);
  }
  const facts: VictimFact[] = [];
  for (const [key, list] of byKey) {
    if (list.length > 1) list.sort(compareIdentifications);
    const decisive = list[0]!;
    const person = persons.get(decisive.person_id);
    let nationality = person?.nationality || null;
    if (!nationality) {
      for (const other of list) {
        const n = persons.get(other.person_id)?.nationality;
        if (n) {
          nationality = n;
          break;
        }
      }
    }
    const levels: Array<'federal' | 'state'> = [];
    const stateLevelStates: string[] = [];
    const states: string[] = [];
    for (const idf of list) {
      const lvl = agencies.level(idf.agency_id);
      const st = agencies.state(idf.state_code, idf.agency_id);
      if (lvl && !levels.includes(lvl)) levels.push(lvl);
      if (st && !states.includes(st)) states.push(st);
      if (lvl === 'state' && st && !stateLevelStates.includes(st)) stateLevelStates.push(st);
    }
    facts.push({
      key,
      decisive,
      group: formGroup(decisive.primary_form),
      sexAge: sexAge(person?.sex ?? null, person?.birth_date ?? null, decisive.date),
      nationality,
      levels,
      stateLevelStates,
      states,
    });
  }
  return facts;
}

/** Form group of each linked person's earliest identification ever (services rule). */
const everGroups = new WeakMap<ReportData['identifications'], WeakMap<PersonKey, Map<string, FormGroup>>>();
export function earliestGroupEver(data: ReportData, personKey: PersonKey): Map<string, FormGroup> {
  let byKey = everGroups.get(data.identifications);
  if (!byKey) {
    byKey = new WeakMap();
    everGroups.set(data.identifications, byKey);
  }
  let out = byKey.get(personKey);
  if (!out) {
    out = computeEarliestGroupEver(data, personKey);
    byKey.set(personKey, out);
  }
  return out;
}

function computeEarliestGroupEver(data: ReportData, personKey: PersonKey): Map<string, FormGroup> {
  const first = new Map<string, RIdentification>();
  for (const idf of data.identifications) {
    const k = personKey(idf.person_id);
    const cur = first.get(k);
    if (!cur || compareIdentifications(idf, cur) < 0) first.set(k, idf);
  }
  const out = new Map<string, FormGroup>();
  for (const [k, idf] of first) out.set(k, formGroup(idf.primary_form));
  return out;
}

/** Active in the year: initiated on or before 31 December and not closed before 1 January. */
export const activeInYear = (start: string, closed: string | null, year: number): boolean =>
  yearOf(start) <= year && (!closed || yearOf(closed) >= year);

/** A service span overlaps the year; open when end is empty; neither date counts nowhere. */
export function serviceOverlaps(start: string | null, end: string | null, year: number): boolean {
  if (!start && !end) return false;
  if (start && yearOf(start) > year) return false;
  if (end && yearOf(end) < year) return false;
  return true;
}

/**
 * What the victims and services sections count, reduced to one entry per linked person: from the records
 * here (`victimInputs`), or computed in SQL by the server's fast path with the same rules (checked equal
 * by apps/server/src/report/repository.test.ts).
 */
export interface VictimInputs {
  /**
   * One entry per linked person, or (`count`) one entry for `count` persons with the same values — the server's
   * fast path groups them in SQL; then `stateLevelStates` is the union of those persons' states (only the union
   * per form group is counted), and an entry of `count` 0 may carry states alone (the states of a form group).
   */
  facts: ReadonlyArray<
    Pick<VictimFact, 'group' | 'sexAge' | 'nationality' | 'levels' | 'stateLevelStates'> & { count?: number }
  >;
  identificationRecords: number;
  /** form group (earliest identification ever) per distinct linked person served / referred in the year */
  servedGroups: Iterable<FormGroup>;
  referredGroups: Iterable<FormGroup>;
}

export function victimInputs(year: number, data: ReportData, personKey: PersonKey): VictimInputs {
  const everGroup = earliestGroupEver(data, personKey);
  const served = new Set<string>();
  for (const s of data.services) {
    if (serviceOverlaps(s.start_date, s.end_date, year)) served.add(personKey(s.person_id));
  }
  const referred = new Set<string>();
  for (const r of data.referrals) if (inYear(r.date, year)) referred.add(personKey(r.person_id));
  const groups = (keys: Set<string>) => [...keys].map((k) => everGroup.get(k) ?? 'unspecified');
  return {
    facts: victimFacts(year, data, personKey),
    identificationRecords: data.identifications.reduce((n, i) => n + (inYear(i.date, year) ? 1 : 0), 0),
    servedGroups: groups(served),
    referredGroups: groups(referred),
  };
}

export function computeAnnualReport(
  year: number,
  data: ReportData,
  personKey: PersonKey = (id) => id,
): AnnualReport {
  return assembleAnnualReport(year, data, personKey, victimInputs(year, data, personKey));
}

/**
 * The report from the year's event records (investigations, prosecutions, convictions, payments, contacts,
 * financial reports) and the victims' per-person inputs.
 */
export function assembleAnnualReport(
  year: number,
  data: Pick<
    ReportData,
    | 'agencies'
    | 'investigations'
    | 'prosecutions'
    | 'convictions'
    | 'payments'
    | 'contacts'
    | 'financialReports'
  >,
  personKey: PersonKey,
  v: VictimInputs,
): AnnualReport {
  const agencies = new Agencies(data.agencies);

  // Investigations opened in the year
  const investigations = { federal: groupCounts(), state: groupCounts(), states_reporting: 0 };
  const invStates = new Set<string>();
  let officialInv = 0;
  for (const inv of data.investigations) {
    if (!inYear(inv.opened_date, year)) continue;
    if (inv.official_complicity) officialInv++;
    const lvl = agencies.level(inv.agency_id);
    if (!lvl) continue;
    const g = formGroup(inv.primary_form);
    investigations[lvl].total++;
    investigations[lvl][g]++;
    if (lvl === 'state') {
      const st = agencies.state(inv.state_code, inv.agency_id);
      if (st) invStates.add(st);
    }
  }
  investigations.states_reporting = invStates.size;

  // Prosecutions: defendants active in the year
  const prosecutions: AnnualReport['prosecutions'] = {
    federal: { total: 0, new: 0, ongoing: 0 },
    state: { total: 0, new: 0, ongoing: 0 },
    states_reporting: 0,
    by_form: groupOnly(),
  };
  const prosStates = new Set<string>();
  let officialPros = 0;
  for (const p of data.prosecutions) {
    if (!activeInYear(p.initiated_date, p.closed_date, year)) continue;
    if (p.official_complicity) officialPros++;
    prosecutions.by_form[formGroup(p.primary_form)]++;
    const lvl = agencies.level(p.agency_id);
    if (!lvl) continue;
    prosecutions[lvl].total++;
    if (inYear(p.initiated_date, year)) prosecutions[lvl].new++;
    else prosecutions[lvl].ongoing++;
    if (lvl === 'state') {
      const st = agencies.state(p.state_code, p.agency_id);
      if (st) prosStates.add(st);
    }
  }
  prosecutions.states_reporting = prosStates.size;

  // Convictions of the year
  const convictions: AnnualReport['convictions'] = {
    total: 0,
    federal: groupCounts(),
    state: groupCounts(),
    sentence_months: { min: null, max: null },
  };
  const flaggedProsecutions = new Set(
    data.prosecutions.filter((p) => p.official_complicity).map((p) => p.prosecution_id),
  );
  let officialConv = 0;
  const yearConvictions = new Set<string>();
  let ordered = 0n;
  for (const c of data.convictions) {
    if (!inYear(c.date, year)) continue;
    yearConvictions.add(c.conviction_id);
    convictions.total++;
    if (c.prosecution_id && flaggedProsecutions.has(c.prosecution_id)) officialConv++;
    if (c.restitution_ordered_mxn) ordered += parseDecimal(c.restitution_ordered_mxn);
    const s = c.sentence_months;
    if (s !== null && s !== undefined) {
      const sm = convictions.sentence_months;
      if (sm.min === null || s < sm.min) sm.min = s;
      if (sm.max === null || s > sm.max) sm.max = s;
    }
    const lvl = agencies.level(c.agency_id);
    if (!lvl) continue;
    convictions[lvl].total++;
    convictions[lvl][formGroup(c.primary_form)]++;
  }

  // Victims
  const facts = v.facts;
  const identificationRecords = v.identificationRecords;
  let persons = 0;
  for (const f of facts) persons += f.count ?? 1;
  const victims: AnnualReport['victims'] = {
    identification_records: identificationRecords,
    linked_duplicates: identificationRecords - persons,
    total: persons,
    federal: groupCounts(),
    state: { ...groupCounts(), states_reporting: groupOnly() },
    by_form_sex_age: {
      sex: sexAgeCounts(),
      labor: sexAgeCounts(),
      other: sexAgeCounts(),
      unspecified: sexAgeCounts(),
    },
    foreign: { total: 0, countries: [] },
  };
  const statesByGroup: Record<FormGroup, Set<string>> = {
    sex: new Set(),
    labor: new Set(),
    other: new Set(),
    unspecified: new Set(),
  };
  const countries = new Set<string>();
  for (const f of facts) {
    const n = f.count ?? 1;
    for (const lvl of f.levels) {
      victims[lvl].total += n;
      victims[lvl][f.group] += n;
    }
    for (const st of f.stateLevelStates) statesByGroup[f.group].add(st);
    victims.by_form_sex_age[f.group][f.sexAge] += n;
    if (f.nationality && f.nationality !== 'MEX' && n > 0) {
      victims.foreign.total += n;
      countries.add(f.nationality);
    }
  }
  for (const g of FORM_GROUPS) victims.state.states_reporting[g] = statesByGroup[g].size;
  victims.foreign.countries = [...countries].sort();

  // Services and referrals: distinct persons, form of their earliest identification ever
  const tallyPersons = (groups: Iterable<FormGroup>): GroupCounts => {
    const out = groupCounts();
    for (const g of groups) {
      out.total++;
      out[g]++;
    }
    return out;
  };

  // Hotline
  let contacts = 0;
  let toProsecutors = 0;
  for (const c of data.contacts) {
    if (!inYear(c.date, year) || !c.trafficking_related) continue;
    contacts++;
    if (agencies.get(c.referred_to_agency_id)?.kind === 'prosecutor') toProsecutors++;
  }

  // Financial intelligence
  let suspicious = 0;
  let amountUsd = 0n;
  for (const r of data.financialReports) {
    if (!inYear(r.date, year)) continue;
    suspicious++;
    if (r.amount_usd) amountUsd += parseDecimal(r.amount_usd);
  }

  // Restitution on the year's convictions: payments to date
  let paid = 0n;
  let paidByFund = 0n;
  const victimsPaid = new Set<string>();
  for (const p of data.payments) {
    if (!yearConvictions.has(p.conviction_id)) continue;
    const amount = parseDecimal(p.amount_mxn);
    paid += amount;
    if (p.source === 'assistance_fund') paidByFund += amount;
    if (p.victim_person_id) victimsPaid.add(personKey(p.victim_person_id));
  }

  return {
    year,
    investigations,
    prosecutions,
    convictions,
    officials: { investigations: officialInv, prosecutions: officialPros, convictions: officialConv },
    victims,
    services: {
      victims_served: tallyPersons(v.servedGroups),
      victims_referred: tallyPersons(v.referredGroups),
    },
    hotline: { trafficking_related_contacts: contacts, referred_to_prosecutors: toProsecutors },
    financial_intelligence: { suspicious_transactions: suspicious, amount_usd: decimalToNumber(amountUsd) },
    restitution: {
      ordered_mxn: decimalToNumber(ordered),
      paid_mxn: decimalToNumber(paid),
      paid_by_fund_mxn: decimalToNumber(paidByFund),
      victims_paid: victimsPaid.size,
    },
  };
}

export { SEX_AGE };
