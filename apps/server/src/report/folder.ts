/**
 * Report data from an exchange-format folder (exchange-format.md), for `--from DIR`: the folder is validated
 * first by the importer's own reader (header, every cell, duplicate ids, references within the folder:
 * @enlace/core/exchange/read.ts), so a report is never computed from a folder the import would refuse; then its
 * rows are read as the spec's typed records. Personal fields used for linkage stay in memory only.
 */
import { existsSync, statSync } from 'node:fs';
import {
  directorySource,
  FILE_BY_KIND,
  type FolderSource,
  type RecordKind,
  type RecordOf,
  readRows,
  validateFolder,
  valuesToRecord,
} from '@enlace/core/exchange';
import type { ReportData } from '@enlace/core/report/types';
import { AppError, badInput } from '../errors.ts';
import { errorLine } from '../import/cli.ts';

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

/** How many of a refused folder's errors the message lists (the count of the rest follows). */
const ERRORS_SHOWN = 50;

/** The typed records of one file of a validated folder (none when the optional file is absent). */
async function records<K extends RecordKind>(
  src: FolderSource,
  present: ReadonlySet<string>,
  kind: K,
): Promise<RecordOf[K][]> {
  const def = FILE_BY_KIND[kind];
  const out: RecordOf[K][] = [];
  if (!present.has(def.file)) return out;
  await readRows(src, def, (row) => {
    out.push(valuesToRecord(kind, row.values));
  });
  return out;
}

/**
 * The report's records and the persons' identities of the exchange folder `dir`. A folder that is not valid
 * is refused with every error (file, line, column, both languages), like `enlace import --dry-run` would.
 */
export async function loadFolder(dir: string): Promise<{ data: ReportData; identities: PersonIdentity[] }> {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw badInput(`--from: ${dir} is not a folder / no es una carpeta`);
  const src = directorySource(dir);
  const v = await validateFolder(src, { maxErrors: ERRORS_SHOWN });
  if (!v.ok) {
    const lines = v.errors.map((e) => `  ${errorLine(e)}`);
    if (v.errorCount > v.errors.length)
      lines.push(
        `  … y ${v.errorCount - v.errors.length} errores más / and ${v.errorCount - v.errors.length} more errors`,
      );
    throw new AppError(
      'invalid_folder',
      `La carpeta ${dir} no cumple el formato de intercambio; no se calculó ninguna cifra / The folder ${dir} does not follow the exchange format; no figure was computed: ${v.errorCount} error(es)\n${lines.join('\n')}`,
      { status: 400, exitCode: 2 },
    );
  }
  const present = new Set(v.files.map((f) => f.file));
  const [agencies, persons, identifications, referrals, services] = await Promise.all([
    records(src, present, 'agencies'),
    records(src, present, 'persons'),
    records(src, present, 'identifications'),
    records(src, present, 'referrals'),
    records(src, present, 'services'),
  ]);
  const [investigations, prosecutions, convictions, payments, contacts, financial] = await Promise.all([
    records(src, present, 'investigations'),
    records(src, present, 'prosecutions'),
    records(src, present, 'convictions'),
    records(src, present, 'restitution_payments'),
    records(src, present, 'hotline_contacts'),
    records(src, present, 'financial_reports'),
  ]);
  const data: ReportData = {
    agencies: agencies.map((r) => ({
      agency_id: r.agency_id,
      level: r.level,
      kind: r.kind,
      state_code: r.state_code,
    })),
    persons: persons.map((r) => ({
      person_id: r.person_id,
      agency_id: r.agency_id,
      birth_date: r.birth_date,
      sex: r.sex,
      nationality: r.nationality,
    })),
    identifications: identifications.map((r) => ({
      identification_id: r.identification_id,
      person_id: r.person_id,
      agency_id: r.agency_id,
      date: r.date,
      state_code: r.state_code,
      primary_form: r.primary_form,
      country_of_exploitation: r.country_of_exploitation,
      other_forms: r.other_forms ?? [],
      sector: r.sector,
      means_of_control: r.means_of_control ?? [],
      recruitment: r.recruitment ?? [],
      recruiter_relation: r.recruiter_relation,
    })),
    referrals: referrals.map((r) => ({
      referral_id: r.referral_id,
      person_id: r.person_id,
      from_agency_id: r.from_agency_id,
      to_agency_id: r.to_agency_id,
      date: r.date,
    })),
    services: services.map((r) => ({
      service_id: r.service_id,
      person_id: r.person_id,
      provider_agency_id: r.provider_agency_id,
      start_date: r.start_date,
      end_date: r.end_date,
    })),
    investigations: investigations.map((r) => ({
      investigation_id: r.investigation_id,
      agency_id: r.agency_id,
      opened_date: r.opened_date,
      closed_date: r.closed_date,
      primary_form: r.primary_form,
      state_code: r.state_code,
      official_complicity: r.official_complicity,
    })),
    prosecutions: prosecutions.map((r) => ({
      prosecution_id: r.prosecution_id,
      agency_id: r.agency_id,
      investigation_id: r.investigation_id,
      defendant_person_id: r.defendant_person_id,
      initiated_date: r.initiated_date,
      closed_date: r.closed_date,
      primary_form: r.primary_form,
      state_code: r.state_code,
      official_complicity: r.official_complicity,
    })),
    convictions: convictions.map((r) => ({
      conviction_id: r.conviction_id,
      agency_id: r.agency_id,
      prosecution_id: r.prosecution_id,
      date: r.date,
      primary_form: r.primary_form,
      state_code: r.state_code,
      sentence_months: r.sentence_months,
      restitution_ordered_mxn: r.restitution_ordered_mxn,
    })),
    payments: payments.map((r) => ({
      payment_id: r.payment_id,
      conviction_id: r.conviction_id,
      victim_person_id: r.victim_person_id,
      date: r.date,
      amount_mxn: r.amount_mxn,
      source: r.source,
    })),
    contacts: contacts.map((r) => ({
      contact_id: r.contact_id,
      agency_id: r.agency_id,
      date: r.date,
      trafficking_related: r.trafficking_related,
      referred_to_agency_id: r.referred_to_agency_id,
    })),
    financialReports: financial.map((r) => ({
      report_id: r.report_id,
      agency_id: r.agency_id,
      date: r.date,
      amount_usd: r.amount_usd,
    })),
  };
  const identities = persons.map((r) => ({
    person_id: r.person_id,
    agency_id: r.agency_id,
    given_names: r.given_names,
    surname_1: r.surname_1,
    surname_2: r.surname_2,
    birth_date: r.birth_date,
    sex: r.sex,
    curp: r.curp,
    nationality: r.nationality,
    phone: r.phone,
    email: r.email,
  }));
  return { data, identities };
}
