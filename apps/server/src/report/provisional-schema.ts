/**
 * The tables `repository.ts` reads, as the data model of the exchange format lays them out (one table per
 * file, primary key `id`). The data-model migrations (010-019) own the real tables; until they exist, the
 * report's database test and benchmark create these with IF NOT EXISTS so the SQL can be exercised.
 */
import type { ReportData } from '@enlace/core/report/types';
import type { Db } from '../db/index.ts';
import { encryptField } from '../security/crypto.ts';

export const PROVISIONAL_DDL = `
CREATE TABLE IF NOT EXISTS persons (id text PRIMARY KEY, agency_id text NOT NULL, sex text, nationality text,
  birth_date_enc text, curp_bidx text);
CREATE INDEX IF NOT EXISTS persons_curp_bidx ON persons (curp_bidx);
CREATE TABLE IF NOT EXISTS identifications (id text PRIMARY KEY, person_id text NOT NULL, agency_id text NOT NULL,
  date date NOT NULL, state_code text, primary_form text NOT NULL);
CREATE INDEX IF NOT EXISTS identifications_date ON identifications (date);
CREATE INDEX IF NOT EXISTS identifications_person ON identifications (person_id, date, id);
CREATE TABLE IF NOT EXISTS referrals (id text PRIMARY KEY, person_id text NOT NULL, from_agency_id text NOT NULL,
  to_agency_id text NOT NULL, date date NOT NULL);
CREATE INDEX IF NOT EXISTS referrals_date ON referrals (date);
CREATE TABLE IF NOT EXISTS services (id text PRIMARY KEY, person_id text NOT NULL, provider_agency_id text NOT NULL,
  start_date date, end_date date);
CREATE INDEX IF NOT EXISTS services_span ON services (start_date, end_date);
CREATE TABLE IF NOT EXISTS investigations (id text PRIMARY KEY, agency_id text NOT NULL, opened_date date NOT NULL,
  closed_date date, primary_form text NOT NULL, state_code text, official_complicity boolean);
CREATE INDEX IF NOT EXISTS investigations_opened ON investigations (opened_date);
CREATE TABLE IF NOT EXISTS prosecutions (id text PRIMARY KEY, agency_id text NOT NULL, investigation_id text,
  defendant_person_id text, initiated_date date NOT NULL, closed_date date, primary_form text NOT NULL,
  state_code text, official_complicity boolean);
CREATE TABLE IF NOT EXISTS convictions (id text PRIMARY KEY, agency_id text NOT NULL, prosecution_id text,
  date date NOT NULL, primary_form text NOT NULL, state_code text, sentence_months integer,
  restitution_ordered_mxn numeric);
CREATE INDEX IF NOT EXISTS convictions_date ON convictions (date);
CREATE TABLE IF NOT EXISTS restitution_payments (id text PRIMARY KEY, conviction_id text NOT NULL,
  victim_person_id text, date date NOT NULL, amount_mxn numeric NOT NULL, source text NOT NULL);
CREATE INDEX IF NOT EXISTS restitution_payments_conviction ON restitution_payments (conviction_id);
CREATE TABLE IF NOT EXISTS hotline_contacts (id text PRIMARY KEY, agency_id text NOT NULL, date date NOT NULL,
  trafficking_related boolean NOT NULL, referred_to_agency_id text);
CREATE INDEX IF NOT EXISTS hotline_contacts_date ON hotline_contacts (date);
CREATE TABLE IF NOT EXISTS financial_reports (id text PRIMARY KEY, agency_id text NOT NULL, date date NOT NULL,
  amount_usd numeric);
CREATE INDEX IF NOT EXISTS financial_reports_date ON financial_reports (date);
`;

/** Inserts plain report records (tests, benchmark); `curpOf` gives the CURP blind index of a person record. */
export async function insertReportData(
  db: Db,
  data: ReportData,
  curpOf: (personId: string) => string | null,
) {
  await db.transaction(async (tx) => {
    const ins = async (table: string, cols: string[], types: string[], rows: unknown[][]) => {
      if (rows.length === 0) return;
      const arrays = cols.map((_, j) => rows.map((r) => r[j] ?? null));
      await tx.query(
        `INSERT INTO ${table} (${cols.join(', ')}) SELECT * FROM unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})
         ON CONFLICT DO NOTHING`,
        arrays,
      );
    };
    const t = (n: number) => new Array<string>(n).fill('text');
    await ins(
      'agencies',
      ['id', 'name', 'level', 'kind', 'state_code'],
      t(5),
      data.agencies.map((a) => [a.agency_id, a.agency_id, a.level, a.kind, a.state_code]),
    );
    await ins(
      'persons',
      ['id', 'agency_id', 'sex', 'nationality', 'birth_date_enc', 'curp_bidx'],
      t(6),
      data.persons.map((p) => [
        p.person_id,
        p.agency_id,
        p.sex,
        p.nationality,
        encryptField(p.birth_date, 'persons.birth_date'),
        curpOf(p.person_id),
      ]),
    );
    await ins(
      'identifications',
      ['id', 'person_id', 'agency_id', 'date', 'state_code', 'primary_form'],
      ['text', 'text', 'text', 'date', 'text', 'text'],
      data.identifications.map((i) => [
        i.identification_id,
        i.person_id,
        i.agency_id,
        i.date,
        i.state_code,
        i.primary_form,
      ]),
    );
    await ins(
      'referrals',
      ['id', 'person_id', 'from_agency_id', 'to_agency_id', 'date'],
      ['text', 'text', 'text', 'text', 'date'],
      data.referrals.map((r) => [r.referral_id, r.person_id, r.from_agency_id, r.to_agency_id, r.date]),
    );
    await ins(
      'services',
      ['id', 'person_id', 'provider_agency_id', 'start_date', 'end_date'],
      ['text', 'text', 'text', 'date', 'date'],
      data.services.map((s) => [s.service_id, s.person_id, s.provider_agency_id, s.start_date, s.end_date]),
    );
    await ins(
      'investigations',
      ['id', 'agency_id', 'opened_date', 'closed_date', 'primary_form', 'state_code', 'official_complicity'],
      ['text', 'text', 'date', 'date', 'text', 'text', 'boolean'],
      data.investigations.map((i) => [
        i.investigation_id,
        i.agency_id,
        i.opened_date,
        i.closed_date,
        i.primary_form,
        i.state_code,
        i.official_complicity,
      ]),
    );
    await ins(
      'prosecutions',
      [
        'id',
        'agency_id',
        'investigation_id',
        'defendant_person_id',
        'initiated_date',
        'closed_date',
        'primary_form',
        'state_code',
        'official_complicity',
      ],
      ['text', 'text', 'text', 'text', 'date', 'date', 'text', 'text', 'boolean'],
      data.prosecutions.map((p) => [
        p.prosecution_id,
        p.agency_id,
        p.investigation_id,
        p.defendant_person_id,
        p.initiated_date,
        p.closed_date,
        p.primary_form,
        p.state_code,
        p.official_complicity,
      ]),
    );
    await ins(
      'convictions',
      [
        'id',
        'agency_id',
        'prosecution_id',
        'date',
        'primary_form',
        'state_code',
        'sentence_months',
        'restitution_ordered_mxn',
      ],
      ['text', 'text', 'text', 'date', 'text', 'text', 'int', 'numeric'],
      data.convictions.map((c) => [
        c.conviction_id,
        c.agency_id,
        c.prosecution_id,
        c.date,
        c.primary_form,
        c.state_code,
        c.sentence_months,
        c.restitution_ordered_mxn,
      ]),
    );
    await ins(
      'restitution_payments',
      ['id', 'conviction_id', 'victim_person_id', 'date', 'amount_mxn', 'source'],
      ['text', 'text', 'text', 'date', 'numeric', 'text'],
      data.payments.map((p) => [
        p.payment_id,
        p.conviction_id,
        p.victim_person_id,
        p.date,
        p.amount_mxn,
        p.source,
      ]),
    );
    await ins(
      'hotline_contacts',
      ['id', 'agency_id', 'date', 'trafficking_related', 'referred_to_agency_id'],
      ['text', 'text', 'date', 'boolean', 'text'],
      data.contacts.map((c) => [
        c.contact_id,
        c.agency_id,
        c.date,
        c.trafficking_related,
        c.referred_to_agency_id,
      ]),
    );
    await ins(
      'financial_reports',
      ['id', 'agency_id', 'date', 'amount_usd'],
      ['text', 'text', 'date', 'numeric'],
      data.financialReports.map((r) => [r.report_id, r.agency_id, r.date, r.amount_usd]),
    );
  });
}
