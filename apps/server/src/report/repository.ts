/**
 * SQL of the report: loads the records of a range of years that the counting rules read (all filtering by
 * date happens in SQL on indexed columns; counting happens once, in @enlace/core/report).
 *
 * Tables and columns are the data model of migration 010 (tables named like the exchange files, columns
 * like the CSV columns; birth dates read from the plain birth_year/month/day quasi-identifiers, never
 * decrypted). Linked persons: records sharing a CURP blind index, joined transitively by the linkage
 * engine's links (migration 020 `person_links`: confirmed, or undecided at or above COUNT_LINK; rejected
 * never join); a record with neither is its own person.
 */

import type { ReportFilter } from '@enlace/core/report/breakdown';
import type {
  PersonKey,
  RAgency,
  RContact,
  RConviction,
  ReportData,
  RFinancialReport,
  RIdentification,
  RInvestigation,
  RPayment,
  RPerson,
  RProsecution,
  RReferral,
  RService,
} from '@enlace/core/report/types';
import type { Form } from '@enlace/core/taxonomy';
import { KeyedSets } from '@enlace/linkage';
import { COUNT_LINK } from '../api/linkage/thresholds.ts';
import type { Db } from '../db/index.ts';

/** A row of `textRows` when the caller names no row type: every column text or null. */
type TextRow = Record<string, string | null>;

/** A payment with the base key of its victim's person record (null without a victim). */
type PaymentRow = RPayment & { k: string | null };
/** An identification as `textRows` reads it: its lists joined by ';' (null when empty). */
type IdentificationText = Omit<RIdentification, 'other_forms' | 'means_of_control' | 'recruitment'> & {
  other_forms: string | null;
  means_of_control: string | null;
  recruitment: string | null;
};
/** A person record with its base key (`BASE_KEY`). */
type PersonRow = RPerson & { k: string };
/** Two base keys a joining link of the linkage engine puts together. */
type LinkRow = { a: string; b: string };
/** The earliest identification ever of a served person's record, with that record's base key. */
type EarliestRow = Pick<
  RIdentification,
  'identification_id' | 'person_id' | 'agency_id' | 'date' | 'state_code' | 'primary_form'
> & { link_key?: string };

export async function hasTable(db: Db, name: string): Promise<boolean> {
  const { rows } = await db.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [name]);
  return !!rows[0]?.t;
}

/** Base key of a person record: its CURP blind index when it has one, else the record itself. */
export const BASE_KEY = "COALESCE('c:' || p.curp_bidx, 'p:' || p.person_id)";
/** A service whose span overlaps [$1, $2]; one with neither date counts nowhere. */
const SERVICE_IN_RANGE =
  '(start_date IS NOT NULL OR end_date IS NOT NULL) AND (start_date IS NULL OR start_date <= $2) AND (end_date IS NULL OR end_date >= $1)';

/**
 * Links of the linkage engine that join persons in the figures: confirmed, or undecided with a match probability of
 * at least 0.5 — the reading more likely than not, and the threshold of `enlace link`, so the database and the
 * command line count the same persons. Undecided links below AUTO_LINK (0.95) also wait for a reviewer; the report
 * says how many identifications such links touch (`linkage_review`, review.ts).
 */

/**
 * Large row sets travel as one text value (fields joined by U+001F, rows by U+001E) and are split here:
 * several times faster than a JS object per row from the driver. '' is null (no id or code is empty).
 */
export async function textRows<Row extends object = TextRow>(
  db: Db,
  sql: string,
  cols: readonly (keyof Row & string)[],
  params: readonly unknown[],
  bools: readonly (keyof Row & string)[] = [],
): Promise<Row[]> {
  const expr = cols.map((c) => `coalesce(s.${c}::text, '')`).join(' || chr(31) || ');
  const res = await db.query<{ t: string | null }>(
    `SELECT string_agg(${expr}, chr(30)) AS t FROM (${sql}) s`,
    params,
  );
  const text = res.rows[0]?.t;
  if (!text) return [];
  return text.split('\u001e').map((line) => {
    const f = line.split('\u001f');
    const o: Record<string, string | boolean | null> = {};
    cols.forEach((c, i) => {
      const v = f[i] ?? '';
      o[c] = v === '' ? null : bools.includes(c) ? v === 'true' : v;
    });
    return o as Row;
  });
}

/**
 * The linkage engine's joining links as a map base key -> representative (only keys merged with another);
 * `personKeyOf(base)` turns person ids with known base keys into linked-person keys.
 */
/** A PostgreSQL array literal of the texts (each quoted, `"` and `\\` escaped): the input `text[]` reads. */
export function pgTextArray(values: Iterable<string>): string {
  const out: string[] = [];
  for (const v of values) out.push(`"${v.replace(/[\\"]/g, '\\$&')}"`);
  return `{${out.join(',')}}`;
}

export async function linkRoots(db: Db) {
  const sets = new KeyedSets();
  if (await hasTable(db, 'person_links')) {
    // each link keeps its persons' base keys (migration 207, kept at write time): no look-up of persons
    const rows = await textRows<{ a: string; b: string }>(
      db,
      `SELECT key_a AS a, key_b AS b FROM person_links
        WHERE decision = 'confirmed' OR (decision IS NULL AND probability >= $1)`,
      ['a', 'b'],
      [COUNT_LINK],
    );
    for (const l of rows) sets.union(l.a, l.b);
  }
  const roots = new Map<string, string>();
  for (const k of sets.keys()) {
    const r = sets.find(k);
    if (r !== k) roots.set(k, r);
  }
  let params: [string, string] | undefined;
  return {
    roots,
    /**
     * The keys of `roots` and their representatives as two PostgreSQL array literals, for `$n::text[]` parameters:
     * written once per computation instead of serialized by the driver for each of the queries that take them
     * (40,000 elements at 1,000,000 persons: ~40 ms of this process's CPU per query).
     */
    arrays(): [string, string] {
      params ??= [pgTextArray(roots.keys()), pgTextArray(roots.values())];
      return params;
    },
    personKeyOf:
      (base: ReadonlyMap<string, string>): PersonKey =>
      (id) => {
        const b = base.get(id) ?? `p:${id}`;
        return roots.get(b) ?? b;
      },
  };
}

/** The year's event records the annual report counts (everything but persons, identifications, services and referrals; of the hotline contacts the trafficking-related ones). */
export async function loadEvents(db: Db, from: string, to: string) {
  const range = [from, to];
  const q = async <Row>(sql: string, params: unknown[] = range) => (await db.query<Row>(sql, params)).rows;
  const [agencies, investigations, prosecutions, convictions, payments, contacts, financialReports] =
    await Promise.all([
      q<RAgency>('SELECT id AS agency_id, level, kind, state_code FROM agencies', []),
      q<RInvestigation>(`SELECT investigation_id, agency_id, opened_date, closed_date, primary_form, state_code, official_complicity
         FROM investigations WHERE opened_date BETWEEN $1 AND $2`),
      q<RProsecution>(`SELECT prosecution_id, agency_id, investigation_id, defendant_person_id, initiated_date, closed_date,
              primary_form, state_code, official_complicity
         FROM prosecutions
        WHERE (initiated_date <= $2 AND (closed_date IS NULL OR closed_date >= $1))
           OR prosecution_id IN (SELECT prosecution_id FROM convictions WHERE date BETWEEN $1 AND $2 AND prosecution_id IS NOT NULL)`),
      q<RConviction>(`SELECT conviction_id, agency_id, prosecution_id, date, primary_form, state_code, sentence_months,
              restitution_ordered_mxn::text AS restitution_ordered_mxn
         FROM convictions WHERE date BETWEEN $1 AND $2`),
      q<PaymentRow>(`SELECT r.payment_id, r.conviction_id, r.victim_person_id, r.date, r.amount_mxn::text AS amount_mxn, r.source,
              ${BASE_KEY} AS k
         FROM restitution_payments r LEFT JOIN persons p ON p.person_id = r.victim_person_id
        WHERE r.conviction_id IN (SELECT conviction_id FROM convictions WHERE date BETWEEN $1 AND $2)`),
      textRows<RContact>(
        db,
        // only the trafficking-related ones: the only contacts the annual report counts (assembleAnnualReport)
        `SELECT contact_id, agency_id, date, trafficking_related, referred_to_agency_id FROM hotline_contacts
        WHERE date BETWEEN $1 AND $2 AND trafficking_related`,
        ['contact_id', 'agency_id', 'date', 'trafficking_related', 'referred_to_agency_id'],
        range,
        ['trafficking_related'],
      ),
      q<RFinancialReport>(
        'SELECT report_id, agency_id, date, amount_usd::text AS amount_usd FROM financial_reports WHERE date BETWEEN $1 AND $2',
      ),
    ]);
  const paymentKeys = new Map<string, string>();
  for (const p of payments) if (p.victim_person_id && p.k) paymentKeys.set(p.victim_person_id, p.k);
  return {
    data: {
      agencies,
      investigations,
      prosecutions,
      convictions: convictions.map((c) => ({ ...c, sentence_months: c.sentence_months ?? null })),
      payments,
      contacts,
      financialReports,
    },
    paymentKeys,
  };
}

/**
 * What a load may leave out for views that all keep one state and/or one agency level (a state's page combined with
 * a level or a form): the records `filterReportData` would drop for that state and level, by the same rules (a
 * record's state is its own, or else its agency's; an agency's level federal, or state for state and municipal
 * agencies; records without a state of their own — services, referrals, contacts, financial reports — by their
 * agency), and the person records only those dropped records name. The views' own filter still runs on what is
 * loaded, so the figures are the same (filtered-dashboard.test.ts compares them with the pure computation).
 */
export interface LoadPrefilter {
  state?: string;
  level?: 'federal' | 'state';
}

/** The prefilter every one of `filters` allows (a state or level shared by all), or undefined. */
export function commonPrefilter(filters: ReadonlyArray<ReportFilter>): LoadPrefilter | undefined {
  if (filters.length === 0) return undefined;
  const state = filters.every((f) => f.state && f.state === filters[0]!.state)
    ? filters[0]!.state
    : undefined;
  const level = filters.every((f) => f.level && f.level === filters[0]!.level)
    ? filters[0]!.level
    : undefined;
  return state || level ? { ...(state ? { state } : {}), ...(level ? { level } : {}) } : undefined;
}

/**
 * SQL conditions for a prefilter, `$3` its state: `own(agency, state)` for records with a state of their own,
 * `byAgency(agency)` for the others. Always true without a prefilter.
 */
function prefilterSql(pf: LoadPrefilter | undefined) {
  const levels = pf?.level === 'federal' ? "('federal')" : "('state', 'municipal')";
  const level = (agency: string) =>
    pf?.level ? ` AND ${agency} IN (SELECT id FROM agencies WHERE level IN ${levels})` : '';
  return {
    own: (agency: string, state: string) =>
      `${
        pf?.state
          ? `(NULLIF(${state}, '') = $3 OR (NULLIF(${state}, '') IS NULL AND ${agency} IN (SELECT id FROM agencies WHERE NULLIF(state_code, '') = $3)))`
          : 'true'
      }${level(agency)}`,
    byAgency: (agency: string) =>
      `${pf?.state ? `${agency} IN (SELECT id FROM agencies WHERE NULLIF(state_code, '') = $3)` : 'true'}${level(agency)}`,
  };
}

export async function loadReportData(
  db: Db,
  fromYear: number,
  toYear: number,
  opts: {
    /**
     * Leave out the earliest identification ever of the persons served or referred (the services rule of the
     * annual report needs it; the by-state figures, completeness and sources do not): fast-bundle.ts.
     */
    withoutEarliestEver?: boolean;
    /** only what views of this state and/or level need (LoadPrefilter) */
    prefilter?: LoadPrefilter;
  } = {},
): Promise<{ data: ReportData; personKey: PersonKey }> {
  const from = `${fromYear}-01-01`;
  const to = `${toYear}-12-31`;
  const pf = opts.prefilter?.state || opts.prefilter?.level ? opts.prefilter : undefined;
  const range = pf?.state ? [from, to, pf.state] : [from, to];
  const { own, byAgency } = prefilterSql(pf);
  const q = async <Row>(sql: string, params: unknown[] = range) => (await db.query<Row>(sql, params)).rows;

  const [
    agencies,
    identifications,
    services,
    referrals,
    personRows,
    investigations,
    convictions,
    contacts,
    financialReports,
  ] = await Promise.all([
    q<RAgency>('SELECT id AS agency_id, level, kind, state_code FROM agencies', []),
    textRows<IdentificationText>(
      db,
      `SELECT identification_id, person_id, agency_id, date, state_code, primary_form, country_of_exploitation,
              array_to_string(other_forms, ';') AS other_forms, sector,
              array_to_string(means_of_control, ';') AS means_of_control,
              array_to_string(recruitment, ';') AS recruitment, recruiter_relation
           FROM identifications WHERE date BETWEEN $1 AND $2 AND ${own('agency_id', 'state_code')}`,
      [
        'identification_id',
        'person_id',
        'agency_id',
        'date',
        'state_code',
        'primary_form',
        'country_of_exploitation',
        'other_forms',
        'sector',
        'means_of_control',
        'recruitment',
        'recruiter_relation',
      ],
      range,
    ).then((rows) =>
      rows.map(
        (r): RIdentification => ({
          ...r,
          other_forms: r.other_forms ? (String(r.other_forms).split(';') as Form[]) : [],
          means_of_control: r.means_of_control ? String(r.means_of_control).split(';') : [],
          recruitment: r.recruitment ? String(r.recruitment).split(';') : [],
        }),
      ),
    ),
    textRows<RService>(
      db,
      `SELECT service_id, person_id, provider_agency_id, start_date, end_date FROM services
        WHERE ${SERVICE_IN_RANGE} AND ${byAgency('provider_agency_id')}`,
      ['service_id', 'person_id', 'provider_agency_id', 'start_date', 'end_date'],
      range,
    ),
    textRows<RReferral>(
      db,
      `SELECT referral_id, person_id, from_agency_id, to_agency_id, date FROM referrals
        WHERE date BETWEEN $1 AND $2 AND ${byAgency('to_agency_id')}`,
      ['referral_id', 'person_id', 'from_agency_id', 'to_agency_id', 'date'],
      range,
    ),
    // every person record the range's records name: base key and the attributes the rules read
    textRows<PersonRow>(
      db,
      `SELECT p.person_id, ${BASE_KEY} AS k, p.agency_id, p.sex, p.nationality,
              CASE WHEN birth_year IS NULL THEN NULL
                   WHEN birth_month IS NULL THEN lpad(birth_year::text, 4, '0')
                   WHEN birth_day IS NULL THEN lpad(birth_year::text, 4, '0') || '-' || lpad(birth_month::text, 2, '0')
                   ELSE lpad(birth_year::text, 4, '0') || '-' || lpad(birth_month::text, 2, '0') || '-' || lpad(birth_day::text, 2, '0')
              END AS birth_date
         FROM persons p
        WHERE p.person_id IN (
              SELECT person_id FROM identifications WHERE date BETWEEN $1 AND $2 AND ${own('agency_id', 'state_code')}
              UNION SELECT person_id FROM services WHERE ${SERVICE_IN_RANGE} AND ${byAgency('provider_agency_id')}
              UNION SELECT person_id FROM referrals WHERE date BETWEEN $1 AND $2 AND ${byAgency('to_agency_id')}
              UNION SELECT victim_person_id FROM restitution_payments
                     WHERE conviction_id IN (SELECT conviction_id FROM convictions
                                              WHERE date BETWEEN $1 AND $2 AND ${own('agency_id', 'state_code')}))`,
      ['person_id', 'k', 'agency_id', 'sex', 'nationality', 'birth_date'],
      range,
    ),
    q<RInvestigation>(
      `SELECT investigation_id, agency_id, opened_date, closed_date, primary_form, state_code, official_complicity
           FROM investigations WHERE opened_date BETWEEN $1 AND $2 AND ${own('agency_id', 'state_code')}`,
    ),
    q<RConviction>(
      `SELECT conviction_id, agency_id, prosecution_id, date, primary_form, state_code, sentence_months,
                restitution_ordered_mxn::text AS restitution_ordered_mxn
           FROM convictions WHERE date BETWEEN $1 AND $2 AND ${own('agency_id', 'state_code')}`,
    ),
    q<RContact>(
      `SELECT contact_id, agency_id, date, trafficking_related, referred_to_agency_id
           FROM hotline_contacts WHERE date BETWEEN $1 AND $2 AND ${byAgency('agency_id')}`,
    ),
    q<RFinancialReport>(
      `SELECT report_id, agency_id, date, amount_usd::text AS amount_usd FROM financial_reports
        WHERE date BETWEEN $1 AND $2 AND ${byAgency('agency_id')}`,
    ),
  ]);
  // prosecutions active in the range, and the prosecutions of the range's convictions (officials rule)
  const prosecutions = await q<RProsecution>(
    `SELECT prosecution_id, agency_id, investigation_id, defendant_person_id, initiated_date, closed_date,
            primary_form, state_code, official_complicity
       FROM prosecutions
      WHERE ((initiated_date <= $2 AND (closed_date IS NULL OR closed_date >= $1))
             OR prosecution_id IN (SELECT prosecution_id FROM convictions WHERE date BETWEEN $1 AND $2 AND prosecution_id IS NOT NULL))
        AND ${own('agency_id', 'state_code')}`,
  );
  const payments = await q<RPayment>(
    `SELECT payment_id, conviction_id, victim_person_id, date, amount_mxn::text AS amount_mxn, source
       FROM restitution_payments
      WHERE conviction_id IN (SELECT conviction_id FROM convictions WHERE date BETWEEN $1 AND $2 AND ${own('agency_id', 'state_code')})`,
  );

  const base = new Map<string, string>(personRows.map((r) => [r.person_id, r.k]));
  const sets = new KeyedSets();
  if (await hasTable(db, 'person_links')) {
    const links = await q<LinkRow>(
      `SELECT key_a AS a, key_b AS b FROM person_links
        WHERE decision = 'confirmed' OR (decision IS NULL AND probability >= $1)`,
      [COUNT_LINK],
    );
    for (const l of links) sets.union(l.a, l.b);
  }
  const baseOf = (id: string) => base.get(id) ?? `p:${id}`;

  // services/referrals: earliest identification ever of every record of the linked persons served or referred
  // (any date, also after the range; the range's own identifications are loaded already)
  const servedRoots = new Set([...services, ...referrals].map((r) => sets.find(baseOf(r.person_id))));
  const servedBase = new Set<string>(servedRoots);
  for (const k of sets.keys()) if (servedRoots.has(sets.find(k))) servedBase.add(k);
  const curps = [...servedBase].filter((k) => k.startsWith('c:')).map((k) => k.slice(2));
  const plain = [...servedBase].filter((k) => k.startsWith('p:')).map((k) => k.slice(2));
  const loadedIds = new Set(identifications.map((r) => r.identification_id));
  const earliest = (
    servedBase.size && !opts.withoutEarliestEver
      ? await textRows<EarliestRow>(
          db,
          `WITH k AS (SELECT p.person_id AS id, ${BASE_KEY} AS k FROM persons p
                       WHERE p.curp_bidx = ANY($1::text[]) OR (p.curp_bidx IS NULL AND p.person_id = ANY($2::text[])))
           SELECT DISTINCT ON (i.person_id) i.identification_id, i.person_id, i.agency_id, i.date, i.state_code,
                  i.primary_form, k.k AS link_key
             FROM identifications i JOIN k ON k.id = i.person_id
            ORDER BY i.person_id, i.date, i.identification_id COLLATE "C"`,
          ['identification_id', 'person_id', 'agency_id', 'date', 'state_code', 'primary_form', 'link_key'],
          [curps, plain],
        )
      : []
  ).filter((r) => !loadedIds.has(r.identification_id));
  for (const r of earliest) {
    base.set(r.person_id, r.link_key!);
    delete r.link_key;
  }

  const persons = personRows.map(
    (p): RPerson => ({
      person_id: p.person_id,
      agency_id: p.agency_id,
      sex: p.sex,
      nationality: p.nationality,
      birth_date: p.birth_date,
    }),
  );

  const data: ReportData = {
    agencies,
    persons,
    identifications: [...identifications, ...earliest],
    referrals,
    services,
    investigations,
    prosecutions,
    convictions: convictions.map((c) => ({ ...c, sentence_months: c.sentence_months ?? null })),
    payments,
    contacts,
    financialReports,
  };
  return { data, personKey: (id: string) => sets.find(baseOf(id)) };
}
