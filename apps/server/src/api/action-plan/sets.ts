/**
 * The named record sets an indicator can count or sum. Each is one SQL query giving, per record: `key` (what
 * is counted, distinct), `year` and `state` (what the indicator is broken down by) and the set's filter and
 * numeric fields. Filters compare a field with a value or a list of values. The SQL lives here, never in the
 * indicator file: the file only names sets, fields and values, which are bound as parameters.
 */
export interface RecordSet {
  description: string;
  sql: string;
  /** filter name → SQL column of the set's query */
  filters: Record<string, string>;
  /** numeric fields that can be summed */
  sums: string[];
}

const IDENT = `SELECT i.person_id AS key, extract(year FROM i.date)::int AS year, i.state_code AS state,
  i.primary_form AS form, a.level AS level, a.kind AS agency_kind,
  (SELECT p.birth_year FROM persons p WHERE p.person_id = i.person_id) AS birth_year, i.date AS date
  FROM identifications i JOIN agencies a ON a.id = i.agency_id`;

export const RECORD_SETS = {
  victims_identified: {
    description: 'Persons identified as victims (counted once per year and state), by identification date',
    sql: IDENT,
    filters: {
      form: 'form',
      level: 'level',
      agency_kind: 'agency_kind',
      minor: '(birth_year IS NOT NULL AND year - birth_year < 18)',
    },
    sums: [],
  },
  victims_referred_within_year: {
    description:
      'Persons identified as victims who were referred to a service within 365 days of the identification',
    sql: `SELECT * FROM (${IDENT}) v WHERE EXISTS (SELECT 1 FROM referrals r WHERE r.person_id = v.key
      AND r.date >= v.date AND r.date <= v.date + 365)`,
    filters: {
      form: 'form',
      level: 'level',
      agency_kind: 'agency_kind',
      minor: '(birth_year IS NOT NULL AND year - birth_year < 18)',
    },
    sums: [],
  },
  investigations: {
    description: 'Investigations opened, by opening date',
    sql: `SELECT t.investigation_id AS key, extract(year FROM t.opened_date)::int AS year, t.state_code AS state,
      t.primary_form AS form, a.level AS level, t.official_complicity AS official_complicity
      FROM investigations t JOIN agencies a ON a.id = t.agency_id`,
    filters: { form: 'form', level: 'level', official_complicity: 'official_complicity' },
    sums: [],
  },
  prosecutions: {
    description: 'Prosecutions initiated, by initiation date',
    sql: `SELECT t.prosecution_id AS key, extract(year FROM t.initiated_date)::int AS year, t.state_code AS state,
      t.primary_form AS form, a.level AS level, t.official_complicity AS official_complicity
      FROM prosecutions t JOIN agencies a ON a.id = t.agency_id`,
    filters: { form: 'form', level: 'level', official_complicity: 'official_complicity' },
    sums: [],
  },
  convictions: {
    description: 'Convictions, by date; restitution ordered and sentence in months can be summed',
    sql: `SELECT t.conviction_id AS key, extract(year FROM t.date)::int AS year, t.state_code AS state,
      t.primary_form AS form, a.level AS level, t.restitution_ordered_mxn::float8 AS restitution_ordered_mxn,
      t.sentence_months::float8 AS sentence_months
      FROM convictions t JOIN agencies a ON a.id = t.agency_id`,
    filters: { form: 'form', level: 'level' },
    sums: ['restitution_ordered_mxn', 'sentence_months'],
  },
  restitution_payments: {
    description: 'Restitution payments, by the year and state of the conviction they pay',
    sql: `SELECT t.payment_id AS key, extract(year FROM c.date)::int AS year, c.state_code AS state,
      c.primary_form AS form, a.level AS level, t.source AS source, t.amount_mxn::float8 AS amount_mxn
      FROM restitution_payments t JOIN convictions c ON c.conviction_id = t.conviction_id
      JOIN agencies a ON a.id = c.agency_id`,
    filters: { form: 'form', level: 'level', source: 'source' },
    sums: ['amount_mxn'],
  },
  hotline_contacts: {
    description: "Hotline contacts, by date (state: the receiving hotline's state)",
    sql: `SELECT t.contact_id AS key, extract(year FROM t.date)::int AS year, a.state_code AS state,
      t.channel AS channel, t.trafficking_related AS trafficking_related, a.level AS level
      FROM hotline_contacts t JOIN agencies a ON a.id = t.agency_id`,
    filters: { channel: 'channel', trafficking_related: 'trafficking_related', level: 'level' },
    sums: [],
  },
  financial_reports: {
    description: "Financial intelligence reports, by date (state: the reporting agency's state)",
    sql: `SELECT t.report_id AS key, extract(year FROM t.date)::int AS year, a.state_code AS state,
      a.level AS level, t.amount_usd::float8 AS amount_usd
      FROM financial_reports t JOIN agencies a ON a.id = t.agency_id`,
    filters: { level: 'level' },
    sums: ['amount_usd'],
  },
} satisfies Record<string, RecordSet>;
export type SetName = keyof typeof RECORD_SETS;
