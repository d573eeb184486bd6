/**
 * The JSON report of one year from the database without loading every record:
 * - victims: one row per linked person of the year (decisive identification, sex, birth date, nationality,
 *   levels, states), aggregated in SQL in one pass;
 * - services and referrals: the distinct linked persons served / referred in the year by the form of their
 *   earliest identification ever, in SQL on `report_key_first` (migration 040, kept at write time);
 * - the small event tables as records.
 * Tallies, ages and groups are the core's (`assembleAnnualReport`), and repository.test.ts checks that this
 * path gives the pure computation's figures.
 */

import { sexAge } from '@enlace/core/report/age';
import { type AnnualReport, assembleAnnualReport, type VictimInputs } from '@enlace/core/report/compute';
import { type Form, type FormGroup, formGroup, type Sex } from '@enlace/core/taxonomy';
import type { Db } from '../db/index.ts';
import { BASE_KEY, linkRoots, loadEvents, textRows } from './repository.ts';

const BIRTH = `CASE WHEN p.birth_year IS NULL THEN NULL
  WHEN p.birth_month IS NULL THEN lpad(p.birth_year::text, 4, '0')
  WHEN p.birth_day IS NULL THEN lpad(p.birth_year::text, 4, '0') || '-' || lpad(p.birth_month::text, 2, '0')
  ELSE lpad(p.birth_year::text, 4, '0') || '-' || lpad(p.birth_month::text, 2, '0') || '-' || lpad(p.birth_day::text, 2, '0') END`;
const SERVICE_IN_YEAR =
  '(s.start_date IS NOT NULL OR s.end_date IS NOT NULL) AND (s.start_date IS NULL OR s.start_date <= $2) AND (s.end_date IS NULL OR s.end_date >= $1)';

const M = 'm AS (SELECT k, root FROM unnest($3::text[], $4::text[]) AS m(k, root))';
/**
 * Per linked person of the year ($1..$2), in one hash aggregation (no sort): the decisive identification
 * (earliest date, ties by smallest identification_id in byte order: the minimum of an array compared
 * element by element) with its form and its person record's sex and birth date; the nationality of the
 * first of the year's records that has one; the levels; the states of the state-level records; the count.
 */
export const VICTIM_FACTS_SQL = `WITH ${M}
SELECT d[3] AS form, d[1] AS d, d[4] AS sex, d[5] AS birth, nat[3] AS nat, fed::int + 2 * sta::int AS levels, sls, n
  FROM (SELECT COALESCE(m.root, ${BASE_KEY}) AS k,
               min(ARRAY[i.date::text, i.identification_id COLLATE "C", i.primary_form, p.sex, ${BIRTH}]) AS d,
               min(ARRAY[i.date::text, i.identification_id COLLATE "C", p.nationality])
                 FILTER (WHERE p.nationality IS NOT NULL) AS nat,
               bool_or(a.level = 'federal') AS fed, bool_or(a.level IN ('state', 'municipal')) AS sta,
               string_agg(COALESCE(i.state_code, a.state_code), ';')
                 FILTER (WHERE a.level IN ('state', 'municipal') AND COALESCE(i.state_code, a.state_code) IS NOT NULL) AS sls,
               count(*) AS n
          FROM identifications i
          JOIN persons p ON p.person_id = i.person_id
          JOIN agencies a ON a.id = i.agency_id
          LEFT JOIN m ON m.k = ${BASE_KEY}
         WHERE i.date BETWEEN $1 AND $2
         GROUP BY 1) g`;

/**
 * Distinct linked persons served / referred in the year ($1..$2) by the form of their earliest
 * identification ever: each served person's base key (persons), then the earliest identification of that
 * key from `report_key_first` (migration 040, kept by triggers at write time); a person of a linked set ($3
 * key -> $4 representative, the linkage engine's links) takes the earliest over the keys of the set.
 */
export const SERVED_GROUPS_SQL = `WITH ${M},
       ev AS (SELECT 's' AS what, s.person_id FROM services s WHERE ${SERVICE_IN_YEAR}
              UNION ALL
              SELECT 'r', r.person_id FROM referrals r WHERE r.date BETWEEN $1 AND $2),
       e AS (SELECT DISTINCT ev.what, ${BASE_KEY} AS base_key FROM ev JOIN persons p ON p.person_id = ev.person_id),
       lk AS (SELECT k, root FROM m UNION SELECT root, root FROM m),
       lfirst AS (SELECT DISTINCT ON (lk.root) lk.root, f.first_form
                    FROM lk JOIN report_key_first f ON f.base_key = lk.k
                   WHERE lk.root IN (SELECT lk2.root FROM e JOIN lk lk2 ON lk2.k = e.base_key)
                   ORDER BY lk.root, f.first_date, f.first_id)
SELECT what, COALESCE(form, 'unspecified') AS form, count(*) AS n
  FROM (SELECT e.what, f.first_form AS form
          FROM e LEFT JOIN report_key_first f ON f.base_key = e.base_key
         WHERE NOT EXISTS (SELECT 1 FROM lk WHERE lk.k = e.base_key)
        UNION ALL
        SELECT what, form FROM (SELECT DISTINCT e.what, lk.root, lf.first_form AS form
                                  FROM e JOIN lk ON lk.k = e.base_key LEFT JOIN lfirst lf ON lf.root = lk.root) l) x
 GROUP BY 1, 2`;

/**
 * Settings of each query's own transaction (SET LOCAL): memory for its sorts and hashes (no spill to disk at
 * the default 4 MB), and for the served/referred query no hash joins: hashing the whole persons or
 * report_key_first table (the planner's choice) took 0.85 s at 1,000,000 persons, merge joins over their
 * primary keys 0.66 s.
 */
export const VICTIM_SETTINGS = { work_mem: '64MB' };
export const SERVED_SETTINGS = { work_mem: '64MB', enable_hashjoin: 'off' };
export function withSettings<T>(
  db: Db,
  settings: Readonly<Record<string, string>>,
  fn: (tx: Db) => Promise<T>,
): Promise<T> {
  return db.transaction(async (tx) => {
    for (const [name, value] of Object.entries(settings))
      await tx.query('SELECT set_config($1, $2, true)', [name, value]);
    return fn(tx);
  });
}

const LEVELS: ReadonlyArray<Array<'federal' | 'state'>> = [[], ['federal'], ['state'], ['federal', 'state']];

/** The rows of VICTIM_FACTS_SQL as one text value (fields joined by U+001F, rows by U+001E), read into facts. */
async function victimFacts(db: Db, params: readonly unknown[]) {
  const { rows } = await db.query<{ t: string | null }>(
    `SELECT string_agg(concat(form, chr(31), d, chr(31), sex, chr(31), birth, chr(31), nat, chr(31), levels, chr(31),
                              sls, chr(31), n), chr(30)) AS t FROM (${VICTIM_FACTS_SQL}) s`,
    params,
  );
  const facts: VictimInputs['facts'][number][] = [];
  let records = 0;
  const text = rows[0]?.t;
  if (!text) return { facts, records };
  for (const line of text.split('\u001e')) {
    const [form, d, sex, birth, nat, levels, sls, n] = line.split('\u001f') as [string, ...string[]];
    records += Number(n);
    facts.push({
      group: formGroup(form as Form),
      sexAge: sexAge((sex || null) as Sex | null, birth || null, d!),
      nationality: nat || null,
      levels: LEVELS[Number(levels)]!,
      stateLevelStates: sls ? [...new Set(sls.split(';'))] : [],
    });
  }
  return { facts, records };
}

export async function fastAnnualReport(db: Db, year: number): Promise<AnnualReport> {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  // the small event tables load while the links are read; then the two per-person queries run at once,
  // each on its own connection of the pool
  const eventsP = loadEvents(db, from, to);
  eventsP.catch(() => undefined);
  const { roots, personKeyOf } = await linkRoots(db);
  const mKeys = [...roots.keys()];
  const mRoots = mKeys.map((k) => roots.get(k)!);
  const params = [from, to, mKeys, mRoots];
  const [facts, groups, events] = await Promise.all([
    withSettings(db, VICTIM_SETTINGS, (tx) => victimFacts(tx, params)),
    withSettings(db, SERVED_SETTINGS, (tx) => textRows(tx, SERVED_GROUPS_SQL, ['what', 'form', 'n'], params)),
    eventsP,
  ]);
  const served: FormGroup[] = [];
  const referred: FormGroup[] = [];
  for (const g of groups) {
    const list = g.what === 's' ? served : referred;
    for (let i = 0; i < Number(g.n); i++) list.push(formGroup(g.form as Form));
  }
  const v: VictimInputs = {
    facts: facts.facts,
    identificationRecords: facts.records,
    servedGroups: served,
    referredGroups: referred,
  };
  return assembleAnnualReport(year, events.data, personKeyOf(events.paymentKeys), v);
}
