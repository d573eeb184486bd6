/**
 * Inserts plain report records into the data model of migration 010 (the report's database test and the
 * benchmark). Personal fields the report does not read stay empty; the birth date goes to the plain
 * birth_year/month/day quasi-identifiers and, encrypted, to birth_date_enc.
 */
import type { ReportData } from '@enlace/core/report/types';
import type { Db } from '../db/index.ts';
import { encryptField } from '../security/crypto.ts';

type Col = [name: string, type: string];

/** INSERT ... SELECT FROM unnest(arrays): one statement per table and batch. */
export async function insertRows(db: Db, table: string, cols: readonly Col[], rows: readonly unknown[][]) {
  if (rows.length === 0) return;
  const arrays = cols.map((_, j) => rows.map((r) => r[j] ?? null));
  await db.query(
    `INSERT INTO ${table} (${cols.map((c) => c[0]).join(', ')})
     SELECT * FROM unnest(${cols.map((c, i) => `$${i + 1}::${c[1]}[]`).join(', ')}) ON CONFLICT DO NOTHING`,
    arrays,
  );
}

/** Columns of type text. */
const textCols = (...names: string[]): Col[] => names.map((n) => [n, 'text']);

/** `curpOf` gives the CURP blind index of a person record (how the fixture's links reach the database). */
export async function insertReportData(
  db: Db,
  data: ReportData,
  curpOf: (personId: string) => string | null,
) {
  await db.transaction(async (tx) => {
    await insertRows(
      tx,
      'agencies',
      textCols('id', 'name', 'level', 'kind', 'state_code'),
      data.agencies.map((a) => [a.agency_id, a.agency_id, a.level, a.kind, a.state_code]),
    );
    await insertRows(
      tx,
      'persons',
      [
        ...textCols('person_id', 'agency_id', 'sex', 'nationality', 'birth_date_enc'),
        ['birth_year', 'int2'],
        ['birth_month', 'int2'],
        ['birth_day', 'int2'],
        ...textCols('curp_bidx', 'row_hash'),
      ],
      data.persons.map((p) => {
        const [y, m, d] = (p.birth_date ?? '').split('-').map((x) => (x ? Number(x) : null));
        return [
          p.person_id,
          p.agency_id,
          p.sex,
          p.nationality,
          encryptField(p.birth_date, 'persons.birth_date'),
          y ?? null,
          m ?? null,
          d ?? null,
          curpOf(p.person_id),
          '-',
        ];
      }),
    );
    await insertRows(
      tx,
      'investigations',
      [
        ...textCols('investigation_id', 'agency_id'),
        ['opened_date', 'date'],
        ['closed_date', 'date'],
        ...textCols('primary_form', 'state_code'),
        ['official_complicity', 'boolean'],
        ...textCols('row_hash'),
      ],
      data.investigations.map((i) => [
        i.investigation_id,
        i.agency_id,
        i.opened_date,
        i.closed_date,
        i.primary_form,
        i.state_code,
        i.official_complicity,
        '-',
      ]),
    );
    await insertRows(
      tx,
      'prosecutions',
      [
        ...textCols('prosecution_id', 'agency_id', 'investigation_id', 'defendant_person_id'),
        ['initiated_date', 'date'],
        ['closed_date', 'date'],
        ...textCols('primary_form', 'state_code'),
        ['official_complicity', 'boolean'],
        ...textCols('row_hash'),
      ],
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
        '-',
      ]),
    );
    await insertRows(
      tx,
      'convictions',
      [
        ...textCols('conviction_id', 'agency_id', 'prosecution_id'),
        ['date', 'date'],
        ...textCols('primary_form', 'state_code'),
        ['sentence_months', 'int4'],
        ['restitution_ordered_mxn', 'numeric'],
        ...textCols('row_hash'),
      ],
      data.convictions.map((c) => [
        c.conviction_id,
        c.agency_id,
        c.prosecution_id,
        c.date,
        c.primary_form,
        c.state_code,
        c.sentence_months,
        c.restitution_ordered_mxn,
        '-',
      ]),
    );
    await insertRows(
      tx,
      'identifications',
      [
        ...textCols('identification_id', 'person_id', 'agency_id'),
        ['date', 'date'],
        ...textCols('state_code', 'primary_form', 'row_hash'),
      ],
      data.identifications.map((i) => [
        i.identification_id,
        i.person_id,
        i.agency_id,
        i.date,
        i.state_code,
        i.primary_form,
        '-',
      ]),
    );
    await insertRows(
      tx,
      'referrals',
      [
        ...textCols('referral_id', 'person_id', 'from_agency_id', 'to_agency_id'),
        ['date', 'date'],
        ...textCols('status', 'row_hash'),
      ],
      data.referrals.map((r) => [
        r.referral_id,
        r.person_id,
        r.from_agency_id,
        r.to_agency_id,
        r.date,
        'pending',
        '-',
      ]),
    );
    await insertRows(
      tx,
      'services',
      [
        ...textCols('service_id', 'person_id', 'provider_agency_id', 'service'),
        ['start_date', 'date'],
        ['end_date', 'date'],
        ...textCols('row_hash'),
      ],
      data.services.map((s) => [
        s.service_id,
        s.person_id,
        s.provider_agency_id,
        'shelter',
        s.start_date,
        s.end_date,
        '-',
      ]),
    );
    await insertRows(
      tx,
      'restitution_payments',
      [
        ...textCols('payment_id', 'conviction_id', 'victim_person_id'),
        ['date', 'date'],
        ['amount_mxn', 'numeric'],
        ...textCols('source', 'row_hash'),
      ],
      data.payments.map((p) => [
        p.payment_id,
        p.conviction_id,
        p.victim_person_id,
        p.date,
        p.amount_mxn,
        p.source,
        '-',
      ]),
    );
    await insertRows(
      tx,
      'hotline_contacts',
      [
        ...textCols('contact_id', 'agency_id'),
        ['date', 'date'],
        ...textCols('channel'),
        ['trafficking_related', 'boolean'],
        ...textCols('referred_to_agency_id', 'row_hash'),
      ],
      data.contacts.map((c) => [
        c.contact_id,
        c.agency_id,
        c.date,
        'phone',
        c.trafficking_related,
        c.referred_to_agency_id,
        '-',
      ]),
    );
    await insertRows(
      tx,
      'financial_reports',
      [
        ...textCols('report_id', 'agency_id'),
        ['date', 'date'],
        ['amount_usd', 'numeric'],
        ...textCols('row_hash'),
      ],
      data.financialReports.map((r) => [r.report_id, r.agency_id, r.date, r.amount_usd, '-']),
    );
  });
}
