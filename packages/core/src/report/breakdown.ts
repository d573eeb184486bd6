/**
 * Figures by state (the map), completeness of the data, and the dashboard filters. Pure; built on the
 * same rules as compute.ts.
 */
import { type FormGroup, formGroup, INEGI_STATE_CODES } from '../taxonomy.ts';
import { ageRange } from './age.ts';
import { Agencies, activeInYear, inYear, personsById, victimFacts } from './compute.ts';
import type { PersonKey, ReportData } from './types.ts';

export interface StateFigures {
  state_code: string;
  victims: number;
  identification_records: number;
  investigations: number;
  prosecutions: number;
  convictions: number;
}

/**
 * Per INEGI state: distinct victims identified there in the year (a person identified in two states counts
 * in both), identification records, investigations opened, prosecutions active and convictions, by the
 * record's state (or else its agency's), every agency level.
 */
export function computeStateFigures(year: number, data: ReportData, personKey: PersonKey = (id) => id) {
  const agencies = new Agencies(data.agencies);
  const out = new Map<string, StateFigures>(
    INEGI_STATE_CODES.map((s) => [
      s,
      {
        state_code: s,
        victims: 0,
        identification_records: 0,
        investigations: 0,
        prosecutions: 0,
        convictions: 0,
      },
    ]),
  );
  for (const f of victimFacts(year, data, personKey)) {
    for (const s of f.states) {
      const row = out.get(s);
      if (row) row.victims++;
    }
  }
  const bump = (s: string | null, field: Exclude<keyof StateFigures, 'state_code'>) => {
    const row = s ? out.get(s) : undefined;
    if (row) row[field]++;
  };
  for (const i of data.identifications)
    if (inYear(i.date, year)) bump(agencies.state(i.state_code, i.agency_id), 'identification_records');
  for (const i of data.investigations)
    if (inYear(i.opened_date, year)) bump(agencies.state(i.state_code, i.agency_id), 'investigations');
  for (const p of data.prosecutions)
    if (activeInYear(p.initiated_date, p.closed_date, year))
      bump(agencies.state(p.state_code, p.agency_id), 'prosecutions');
  for (const c of data.convictions)
    if (inYear(c.date, year)) bump(agencies.state(c.state_code, c.agency_id), 'convictions');
  return [...out.values()];
}

export const COMPLETENESS_DATASETS = [
  'identifications',
  'investigations',
  'prosecutions',
  'convictions',
  'services',
  'referrals',
  'hotline_contacts',
] as const;
export type CompletenessDataset = (typeof COMPLETENESS_DATASETS)[number];

export interface CompletenessRow {
  dataset: CompletenessDataset;
  /** INEGI state code, or 'all' for the national row */
  state: string;
  records: number;
  /** share (0..1) of the records with each key field known; null when the field does not apply or no records */
  sex: number | null;
  age: number | null;
  form: number | null;
  nationality: number | null;
}

interface Acc {
  records: number;
  sex: number;
  age: number;
  form: number;
  nationality: number;
}

/**
 * For each dataset and state: whether records exist for the year, and the share of records with sex, age,
 * form and nationality known (victim fields through the identification's person record).
 */
export function computeCompleteness(year: number, data: ReportData): CompletenessRow[] {
  const agencies = new Agencies(data.agencies);
  const persons = personsById(data.persons);
  const rows: CompletenessRow[] = [];
  const tally = (
    dataset: CompletenessDataset,
    items: Iterable<{
      state: string | null;
      sex?: boolean;
      age?: boolean;
      form?: boolean;
      nationality?: boolean;
    }>,
    fields: { sex: boolean; age: boolean; form: boolean; nationality: boolean },
  ) => {
    const acc = new Map<string, Acc>();
    const add = (
      key: string,
      it: { sex?: boolean; age?: boolean; form?: boolean; nationality?: boolean },
    ) => {
      let a = acc.get(key);
      if (!a) {
        a = { records: 0, sex: 0, age: 0, form: 0, nationality: 0 };
        acc.set(key, a);
      }
      a.records++;
      if (it.sex) a.sex++;
      if (it.age) a.age++;
      if (it.form) a.form++;
      if (it.nationality) a.nationality++;
    };
    for (const it of items) {
      add('all', it);
      if (it.state) add(it.state, it);
    }
    for (const state of ['all', ...INEGI_STATE_CODES]) {
      const a = acc.get(state) ?? { records: 0, sex: 0, age: 0, form: 0, nationality: 0 };
      const share = (applies: boolean, n: number) => (applies && a.records > 0 ? n / a.records : null);
      rows.push({
        dataset,
        state,
        records: a.records,
        sex: share(fields.sex, a.sex),
        age: share(fields.age, a.age),
        form: share(fields.form, a.form),
        nationality: share(fields.nationality, a.nationality),
      });
    }
  };
  const victimFields = { sex: true, age: true, form: true, nationality: true };
  const formOnly = { sex: false, age: false, form: true, nationality: false };
  const none = { sex: false, age: false, form: false, nationality: false };
  const personFields = { sex: true, age: true, form: false, nationality: true };
  const personInfo = (personId: string, date: string) => {
    const p = persons.get(personId);
    return {
      sex: !!p?.sex,
      age: ageRange(p?.birth_date ?? null, date) !== null,
      nationality: !!p?.nationality,
    };
  };
  tally(
    'identifications',
    data.identifications
      .filter((i) => inYear(i.date, year))
      .map((i) => ({
        state: agencies.state(i.state_code, i.agency_id),
        form: i.primary_form !== 'unspecified',
        ...personInfo(i.person_id, i.date),
      })),
    victimFields,
  );
  tally(
    'investigations',
    data.investigations
      .filter((i) => inYear(i.opened_date, year))
      .map((i) => ({
        state: agencies.state(i.state_code, i.agency_id),
        form: i.primary_form !== 'unspecified',
      })),
    formOnly,
  );
  tally(
    'prosecutions',
    data.prosecutions
      .filter((p) => activeInYear(p.initiated_date, p.closed_date, year))
      .map((p) => ({
        state: agencies.state(p.state_code, p.agency_id),
        form: p.primary_form !== 'unspecified',
      })),
    formOnly,
  );
  tally(
    'convictions',
    data.convictions
      .filter((c) => inYear(c.date, year))
      .map((c) => ({
        state: agencies.state(c.state_code, c.agency_id),
        form: c.primary_form !== 'unspecified',
      })),
    formOnly,
  );
  const yearEnd = `${year}-12-31`;
  tally(
    'services',
    data.services
      .filter((s) => {
        if (!s.start_date && !s.end_date) return false;
        if (s.start_date && Number(s.start_date.slice(0, 4)) > year) return false;
        return !(s.end_date && Number(s.end_date.slice(0, 4)) < year);
      })
      .map((s) => ({
        state: agencies.get(s.provider_agency_id)?.state_code ?? null,
        ...personInfo(s.person_id, s.start_date ?? yearEnd),
      })),
    personFields,
  );
  tally(
    'referrals',
    data.referrals
      .filter((r) => inYear(r.date, year))
      .map((r) => ({
        state: agencies.get(r.to_agency_id)?.state_code ?? null,
        ...personInfo(r.person_id, r.date),
      })),
    personFields,
  );
  tally(
    'hotline_contacts',
    data.contacts
      .filter((c) => inYear(c.date, year))
      .map((c) => ({ state: agencies.get(c.agency_id)?.state_code ?? null })),
    none,
  );
  return rows;
}

export interface ReportFilter {
  /** INEGI state code: keep records of that state (the record's, or else its agency's) */
  state?: string;
  /** keep records of agencies of that reporting level */
  level?: 'federal' | 'state';
  /** keep events whose primary form is in that group */
  form?: FormGroup;
}

/**
 * Restricts the data to the events matching a dashboard filter; the report of the filtered data is then
 * computed with the same rules. Services, referrals, payments and contacts follow their agency.
 */
export function filterReportData(data: ReportData, filter: ReportFilter): ReportData {
  if (!filter.state && !filter.level && !filter.form) return data;
  const agencies = new Agencies(data.agencies);
  const okAgency = (agencyId: string, recordState: string | null) =>
    (!filter.level || agencies.level(agencyId) === filter.level) &&
    (!filter.state || agencies.state(recordState, agencyId) === filter.state);
  const okForm = (form: Parameters<typeof formGroup>[0]) => !filter.form || formGroup(form) === filter.form;
  const convictions = data.convictions.filter(
    (c) => okAgency(c.agency_id, c.state_code) && okForm(c.primary_form),
  );
  const convIds = new Set(convictions.map((c) => c.conviction_id));
  return {
    agencies: data.agencies,
    persons: data.persons,
    identifications: data.identifications.filter(
      (i) => okAgency(i.agency_id, i.state_code) && okForm(i.primary_form),
    ),
    investigations: data.investigations.filter(
      (i) => okAgency(i.agency_id, i.state_code) && okForm(i.primary_form),
    ),
    prosecutions: data.prosecutions.filter(
      (p) => okAgency(p.agency_id, p.state_code) && okForm(p.primary_form),
    ),
    convictions,
    payments: data.payments.filter((p) => convIds.has(p.conviction_id)),
    services: filter.form ? [] : data.services.filter((s) => okAgency(s.provider_agency_id, null)),
    referrals: filter.form ? [] : data.referrals.filter((r) => okAgency(r.to_agency_id, null)),
    contacts: filter.form ? [] : data.contacts.filter((c) => okAgency(c.agency_id, null)),
    financialReports: filter.form ? [] : data.financialReports.filter((r) => okAgency(r.agency_id, null)),
  };
}
