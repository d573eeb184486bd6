/**
 * Report data from an exchange-format folder (exchange-format.md), for `--from DIR`: reads the CSV files
 * the counting rules need. Personal fields used for linkage stay in memory only.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FILES, isTextColumn } from '@enlace/core/exchange/spec';
import type { ReportData } from '@enlace/core/report/types';
import { restoreCell } from '@enlace/core/spreadsheet-safety';
import { parse } from 'csv-parse/sync';

export interface PersonIdentity {
  person_id: string;
  agency_id: string;
  given_names: string | null;
  surname_1: string | null;
  surname_2: string | null;
  birth_date: string | null;
  sex: string | null;
  curp: string | null;
  nationality: string | null;
  phone: string | null;
  email: string | null;
}

type Rec = Record<string, string>;
const n = (v: string | undefined) => (v === undefined || v === '' ? null : v);
const b = (v: string | undefined) => (v === 'true' ? true : v === 'false' ? false : null);
const list = (v: string | undefined) => (v ? v.split(';').filter(Boolean) : []);

/** Text columns (`id`, `text`) of each spec file: their cells are restored from the formula-injection escape. */
const TEXT_COLUMNS = new Map(
  FILES.map((d) => [d.file as string, d.columns.filter(isTextColumn).map((c) => c.name)]),
);

function read(dir: string, file: string): Rec[] {
  const p = join(dir, file);
  if (!existsSync(p)) return [];
  const rows = parse(readFileSync(p), { columns: true, skip_empty_lines: true, bom: true }) as Rec[];
  const text = TEXT_COLUMNS.get(file) ?? [];
  for (const r of rows) for (const c of text) if (r[c] !== undefined) r[c] = restoreCell(r[c]);
  return rows;
}

export function loadFolder(dir: string): { data: ReportData; identities: PersonIdentity[] } {
  const persons = read(dir, 'persons.csv');
  // biome-ignore lint/suspicious/noExplicitAny: CSV values are validated strings of the spec's enumerations
  const x = (v: string | undefined) => n(v) as any;
  const data: ReportData = {
    agencies: read(dir, 'agencies.csv').map((r) => ({
      agency_id: r.agency_id!,
      level: x(r.level),
      kind: x(r.kind),
      state_code: n(r.state_code),
    })),
    persons: persons.map((r) => ({
      person_id: r.person_id!,
      agency_id: r.agency_id!,
      birth_date: n(r.birth_date),
      sex: x(r.sex),
      nationality: n(r.nationality),
    })),
    identifications: read(dir, 'identifications.csv').map((r) => ({
      identification_id: r.identification_id!,
      person_id: r.person_id!,
      agency_id: r.agency_id!,
      date: r.date!,
      state_code: n(r.state_code),
      primary_form: x(r.primary_form) ?? 'unspecified',
      country_of_exploitation: n(r.country_of_exploitation),
      other_forms: list(r.other_forms) as never,
      sector: x(r.sector),
      means_of_control: list(r.means_of_control),
      recruitment: list(r.recruitment),
      recruiter_relation: x(r.recruiter_relation),
    })),
    referrals: read(dir, 'referrals.csv').map((r) => ({
      referral_id: r.referral_id!,
      person_id: r.person_id!,
      from_agency_id: r.from_agency_id!,
      to_agency_id: r.to_agency_id!,
      date: r.date!,
    })),
    services: read(dir, 'services.csv').map((r) => ({
      service_id: r.service_id!,
      person_id: r.person_id!,
      provider_agency_id: r.provider_agency_id!,
      start_date: n(r.start_date),
      end_date: n(r.end_date),
    })),
    investigations: read(dir, 'investigations.csv').map((r) => ({
      investigation_id: r.investigation_id!,
      agency_id: r.agency_id!,
      opened_date: r.opened_date!,
      closed_date: n(r.closed_date),
      primary_form: x(r.primary_form) ?? 'unspecified',
      state_code: n(r.state_code),
      official_complicity: b(r.official_complicity),
    })),
    prosecutions: read(dir, 'prosecutions.csv').map((r) => ({
      prosecution_id: r.prosecution_id!,
      agency_id: r.agency_id!,
      investigation_id: n(r.investigation_id),
      defendant_person_id: n(r.defendant_person_id),
      initiated_date: r.initiated_date!,
      closed_date: n(r.closed_date),
      primary_form: x(r.primary_form) ?? 'unspecified',
      state_code: n(r.state_code),
      official_complicity: b(r.official_complicity),
    })),
    convictions: read(dir, 'convictions.csv').map((r) => ({
      conviction_id: r.conviction_id!,
      agency_id: r.agency_id!,
      prosecution_id: n(r.prosecution_id),
      date: r.date!,
      primary_form: x(r.primary_form) ?? 'unspecified',
      state_code: n(r.state_code),
      sentence_months: r.sentence_months ? Number(r.sentence_months) : null,
      restitution_ordered_mxn: n(r.restitution_ordered_mxn),
    })),
    payments: read(dir, 'restitution_payments.csv').map((r) => ({
      payment_id: r.payment_id!,
      conviction_id: r.conviction_id!,
      victim_person_id: n(r.victim_person_id),
      date: r.date!,
      amount_mxn: r.amount_mxn!,
      source: x(r.source),
    })),
    contacts: read(dir, 'hotline_contacts.csv').map((r) => ({
      contact_id: r.contact_id!,
      agency_id: r.agency_id!,
      date: r.date!,
      trafficking_related: r.trafficking_related === 'true',
      referred_to_agency_id: n(r.referred_to_agency_id),
    })),
    financialReports: read(dir, 'financial_reports.csv').map((r) => ({
      report_id: r.report_id!,
      agency_id: r.agency_id!,
      date: r.date!,
      amount_usd: n(r.amount_usd),
    })),
  };
  const identities = persons.map((r) => ({
    person_id: r.person_id!,
    agency_id: r.agency_id!,
    given_names: n(r.given_names),
    surname_1: n(r.surname_1),
    surname_2: n(r.surname_2),
    birth_date: n(r.birth_date),
    sex: n(r.sex),
    curp: n(r.curp),
    nationality: n(r.nationality),
    phone: n(r.phone),
    email: n(r.email),
  }));
  return { data, identities };
}
