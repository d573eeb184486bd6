/**
 * The year's figures by state (the map), completeness of the data and sources of the report's annex, by
 * set-based SQL: grouped counts only, no record travels to Node. The same rules as
 * `computeStateFigures`, `computeCompleteness` and `reportSources` (@enlace/core/report) over the year's
 * records as `loadReportData` loads them; apps/server/src/report/extras-sql.test.ts checks equality on both
 * back ends (hand-built fixture with CURP and linkage links, generated data).
 */
import {
  COMPLETENESS_DATASETS,
  type CompletenessDataset,
  type CompletenessRow,
  type StateFigures,
} from '@enlace/core/report/breakdown';
import type { SourceRow } from '@enlace/core/report/sources';
import { INEGI_STATE_CODES } from '@enlace/core/taxonomy';
import type { Db } from '../db/index.ts';
import { LINKED_KEYS, type LinkedRoots, NO_JIT, withSettings } from './fast.ts';
import { BASE_KEY, linkRoots, textRows } from './repository.ts';

export interface ReportExtras {
  states: StateFigures[];
  completeness: CompletenessRow[];
  sources: SourceRow[];
}

const M = 'm AS (SELECT k, root FROM unnest($3::text[], $4::text[]) AS m(k, root))';
/** A record's state: its own, or else its agency's (Agencies.state). */
const ST = (r: string) => `COALESCE(NULLIF(${r}.state_code, ''), NULLIF(a.state_code, ''))`;
const IN_YEAR = (col: string) => `${col} BETWEEN $1 AND $2`;
/** activeInYear(initiated, closed, year) */
const ACTIVE = 'p.initiated_date <= $2 AND (p.closed_date IS NULL OR p.closed_date >= $1)';
/** A service loaded for the year (SERVICE_IN_RANGE) that serviceOverlaps the year */
const SERVICE = `(s.start_date IS NOT NULL OR s.end_date IS NOT NULL) AND (s.start_date IS NULL OR s.start_date <= $2)
  AND (s.end_date IS NULL OR s.end_date >= $1)`;
/** ageRange(birth, on) !== null: a birth date that reads as one, not after `on` (its earliest possible day) */
const AGE_KNOWN = (on: string) => `(p.birth_year BETWEEN 0 AND 9999 AND
  ROW(p.birth_year::int, COALESCE(p.birth_month::int, 1), CASE WHEN p.birth_month IS NULL THEN 1 ELSE COALESCE(p.birth_day::int, 1) END)
    <= ROW(extract(year FROM ${on})::int, extract(month FROM ${on})::int, extract(day FROM ${on})::int))`;

/** The justice records per state (the same in both ways of counting the victims per state). */
const JUSTICE_BY_STATE = `UNION ALL SELECT 'investigations', ${ST('x')}, count(*) FROM investigations x LEFT JOIN agencies a ON a.id = x.agency_id
           WHERE ${IN_YEAR('x.opened_date')} GROUP BY 2
UNION ALL SELECT 'prosecutions', ${ST('p')}, count(*) FROM prosecutions p LEFT JOIN agencies a ON a.id = p.agency_id
           WHERE ${ACTIVE} GROUP BY 2
UNION ALL SELECT 'convictions', ${ST('c')}, count(*) FROM convictions c LEFT JOIN agencies a ON a.id = c.agency_id
           WHERE ${IN_YEAR('c.date')} GROUP BY 2`;

/**
 * The year's figures by state by joining the year's identifications with persons and agencies: the reference of
 * STATES_SQL (the benchmark's "before", fastReportBundle(…, 'joins')).
 */
export const STATES_JOIN_SQL = `WITH ${M},
  idf AS (SELECT ${ST('i')} AS st, COALESCE(m.root, ${BASE_KEY}) AS k
            FROM identifications i JOIN persons p ON p.person_id = i.person_id
            LEFT JOIN agencies a ON a.id = i.agency_id LEFT JOIN m ON m.k = ${BASE_KEY}
           WHERE ${IN_YEAR('i.date')})
SELECT 'victims' AS what, st, count(DISTINCT k) AS n FROM idf WHERE st IS NOT NULL GROUP BY st
UNION ALL SELECT 'identification_records', st, count(*) FROM idf WHERE st IS NOT NULL GROUP BY st
${JUSTICE_BY_STATE}`;

/**
 * The same rows as STATES_JOIN_SQL, the victims and identification records per state from the counts kept at write
 * time (migration 205 `report_agg_states`: per year and state, the base keys with a record in that state and the
 * records in it, from `report_key_year.sts` of migration 202) instead of a scan of the year's rows of
 * `report_key_year`: the keys of linked sets ($3 key -> $4 representative, and the representative; their rows from the
 * copy of report_key_year for the linked keys, migration 208) are taken out of the keys' counts and count as one victim in each state of any of their records
 * (count(DISTINCT representative)). fast-equality.test.ts and figures-store.test.ts compare them with the pure
 * computation.
 */
export const STATES_SQL = `WITH ${M},
  ${LINKED_KEYS},
  u AS MATERIALIZED (
    SELECT lk.root, s.st, s.st IS DISTINCT FROM r.sts[s.i - 1] AS first
      FROM lk JOIN report_linked_key_year r ON r.base_key = lk.k AND r.year = extract(year FROM $1::date)::int
     CROSS JOIN LATERAL unnest(r.sts) WITH ORDINALITY AS s(st, i)),
  c AS (SELECT st, sum(n) AS n, sum(records) AS records FROM (
          SELECT a.state AS st, a.keys::bigint AS n, a.records::bigint AS records FROM report_agg_states a
           WHERE a.year = extract(year FROM $1::date)::int
          UNION ALL SELECT st, -count(*) FILTER (WHERE first), 0 FROM u GROUP BY st
          UNION ALL SELECT st, count(DISTINCT root), 0 FROM u GROUP BY st) v
         GROUP BY st)
SELECT 'victims' AS what, st, n FROM c WHERE n <> 0
UNION ALL SELECT 'identification_records', st, records FROM c WHERE records <> 0
${JUSTICE_BY_STATE}`;

/**
 * Per dataset: records, and how many have sex, age, form, nationality known; by state and in all ('all'). The
 * records that name a person (identifications, services, referrals) are joined with persons once, together (three
 * joins each read the 1,000,000 persons of the benchmark: ~0.25 s of the server's CPU more). The reference of
 * COMPLETENESS_SQL (fastReportBundle(…, 'joins')).
 */
export const COMPLETENESS_JOIN_SQL = `WITH named AS (
  SELECT 'identifications' AS ds, ${ST('i')} AS st, i.person_id AS pid, i.date AS on_date,
         i.primary_form <> 'unspecified' AS form
    FROM identifications i LEFT JOIN agencies a ON a.id = i.agency_id
   WHERE ${IN_YEAR('i.date')}
  UNION ALL
  SELECT 'services', NULLIF(a.state_code, ''), s.person_id, COALESCE(s.start_date, $2::date), false
    FROM services s LEFT JOIN agencies a ON a.id = s.provider_agency_id
   WHERE ${SERVICE}
  UNION ALL
  SELECT 'referrals', NULLIF(a.state_code, ''), r.person_id, r.date, false
    FROM referrals r LEFT JOIN agencies a ON a.id = r.to_agency_id
   WHERE ${IN_YEAR('r.date')}),
items AS (
  SELECT n.ds, n.st, (p.sex IS NOT NULL AND p.sex <> '') AS sex, ${AGE_KNOWN('n.on_date')} AS age, n.form,
         (p.nationality IS NOT NULL AND p.nationality <> '') AS nat
    FROM named n LEFT JOIN persons p ON p.person_id = n.pid
  UNION ALL
  SELECT 'investigations', ${ST('x')}, false, false, x.primary_form <> 'unspecified', false
    FROM investigations x LEFT JOIN agencies a ON a.id = x.agency_id WHERE ${IN_YEAR('x.opened_date')}
  UNION ALL
  SELECT 'prosecutions', ${ST('p')}, false, false, p.primary_form <> 'unspecified', false
    FROM prosecutions p LEFT JOIN agencies a ON a.id = p.agency_id WHERE ${ACTIVE}
  UNION ALL
  SELECT 'convictions', ${ST('c')}, false, false, c.primary_form <> 'unspecified', false
    FROM convictions c LEFT JOIN agencies a ON a.id = c.agency_id WHERE ${IN_YEAR('c.date')}
  UNION ALL
  SELECT 'hotline_contacts', NULLIF(a.state_code, ''), false, false, false, false
    FROM hotline_contacts h LEFT JOIN agencies a ON a.id = h.agency_id WHERE ${IN_YEAR('h.date')})
SELECT ds, CASE WHEN grouping(st) = 1 THEN 'all' ELSE st END AS st, count(*) AS records,
       count(*) FILTER (WHERE sex) AS sex, count(*) FILTER (WHERE COALESCE(age, false)) AS age,
       count(*) FILTER (WHERE form) AS form, count(*) FILTER (WHERE nat) AS nat
  FROM items GROUP BY GROUPING SETS ((ds, st), (ds))`;

/** The datasets whose records have no person: one item per record of the year (form known or not). */
const UNNAMED_ITEMS = `SELECT 'investigations' AS ds, ${ST('x')} AS st, (x.primary_form <> 'unspecified')::int AS form
    FROM investigations x LEFT JOIN agencies a ON a.id = x.agency_id WHERE ${IN_YEAR('x.opened_date')}
  UNION ALL
  SELECT 'prosecutions', ${ST('p')}, (p.primary_form <> 'unspecified')::int
    FROM prosecutions p LEFT JOIN agencies a ON a.id = p.agency_id WHERE ${ACTIVE}
  UNION ALL
  SELECT 'convictions', ${ST('c')}, (c.primary_form <> 'unspecified')::int
    FROM convictions c LEFT JOIN agencies a ON a.id = c.agency_id WHERE ${IN_YEAR('c.date')}
  UNION ALL
  SELECT 'hotline_contacts', NULLIF(a.state_code, ''), 0
    FROM hotline_contacts h LEFT JOIN agencies a ON a.id = h.agency_id WHERE ${IN_YEAR('h.date')}`;

/**
 * The same rows as COMPLETENESS_JOIN_SQL (groups of no record left out), the identifications, services and referrals
 * from the counts kept at write time (migration 206 `report_agg_completeness`: per dataset, agency, own state and
 * first year, a difference array of the records and of those with the person's sex, age, nationality and the form
 * known) instead of joining the year's records with every person; a record's state its own, else its agency's, read
 * here (an agency's state may have changed since). The other datasets name no person and are read as before.
 */
export const COMPLETENESS_SQL = `WITH items AS (
  SELECT CASE c.ds WHEN 'i' THEN 'identifications' WHEN 's' THEN 'services' ELSE 'referrals' END AS ds,
         COALESCE(c.own_state, NULLIF(a.state_code, '')) AS st, c.records::bigint AS records, c.sex::bigint AS sex,
         c.age::bigint AS age, c.form::bigint AS form, c.nat::bigint AS nat
    FROM report_agg_completeness c LEFT JOIN agencies a ON a.id = c.agency_id
   WHERE c.year_from <= extract(year FROM $1::date)::int
  UNION ALL
  SELECT ds, st, count(*), 0, 0, sum(form), 0 FROM (${UNNAMED_ITEMS}) u GROUP BY 1, 2)
SELECT ds, CASE WHEN grouping(st) = 1 THEN 'all' ELSE st END AS st, sum(records) AS records, sum(sex) AS sex,
       sum(age) AS age, sum(form) AS form, sum(nat) AS nat
  FROM items GROUP BY GROUPING SETS ((ds, st), (ds)) HAVING sum(records) <> 0`;

/**
 * Records of the year per agency (reportSources), over the records the year's load holds: prosecutions active
 * in the year or convicted in it, services loaded for the year.
 */
export const SOURCES_SQL = `WITH per AS (
  SELECT agency_id AS id, count(*) AS n FROM identifications WHERE ${IN_YEAR('date')} GROUP BY 1
  UNION ALL SELECT agency_id, count(*) FROM investigations WHERE ${IN_YEAR('opened_date')} GROUP BY 1
  UNION ALL SELECT p.agency_id, count(*) FROM prosecutions p
             WHERE ${IN_YEAR('p.initiated_date')} AND (${ACTIVE}
                OR p.prosecution_id IN (SELECT prosecution_id FROM convictions WHERE ${IN_YEAR('date')} AND prosecution_id IS NOT NULL))
             GROUP BY 1
  UNION ALL SELECT agency_id, count(*) FROM convictions WHERE ${IN_YEAR('date')} GROUP BY 1
  UNION ALL SELECT from_agency_id, count(*) FROM referrals WHERE ${IN_YEAR('date')} GROUP BY 1
  UNION ALL SELECT s.provider_agency_id, count(*) FROM services s WHERE ${SERVICE} AND ${IN_YEAR('s.start_date')} GROUP BY 1
  UNION ALL SELECT agency_id, count(*) FROM hotline_contacts WHERE ${IN_YEAR('date')} GROUP BY 1
  UNION ALL SELECT agency_id, count(*) FROM financial_reports WHERE ${IN_YEAR('date')} GROUP BY 1)
SELECT COALESCE(a.level, 'unknown') AS level, count(DISTINCT per.id) AS agencies, sum(per.n) AS records
  FROM per LEFT JOIN agencies a ON a.id = per.id GROUP BY 1`;

const LEVEL_ORDER = ['federal', 'state', 'municipal', 'ngo', 'international', 'foreign', 'unknown'];
const FIELDS: Record<
  CompletenessDataset,
  { sex: boolean; age: boolean; form: boolean; nationality: boolean }
> = {
  identifications: { sex: true, age: true, form: true, nationality: true },
  investigations: { sex: false, age: false, form: true, nationality: false },
  prosecutions: { sex: false, age: false, form: true, nationality: false },
  convictions: { sex: false, age: false, form: true, nationality: false },
  services: { sex: true, age: true, form: false, nationality: true },
  referrals: { sex: true, age: true, form: false, nationality: true },
  hotline_contacts: { sex: false, age: false, form: false, nationality: false },
};

export async function reportExtras(
  db: Db,
  year: number,
  links?: Promise<LinkedRoots>,
  /**
   * the by-state victims and records and the completeness from the counts kept at write time (default), or by joining
   * the records (the reference)
   */
  via: 'kept' | 'joins' = 'kept',
): Promise<ReportExtras> {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const [mKeys, mRoots] = (await (links ?? linkRoots(db))).arrays();
  // each query on its own connection, with memory for its sorts and hashes (no spill to disk), no JIT
  // (fast.ts VICTIM_SETTINGS: compiling took longer than running), no parallel workers (they run at once already)
  const mem = { work_mem: '64MB', jit: 'off', max_parallel_workers_per_gather: '0' };
  const [stateRows, compRows, sourceRows] = await Promise.all([
    withSettings(db, mem, (tx) =>
      textRows(
        tx,
        via === 'kept' ? STATES_SQL : STATES_JOIN_SQL,
        ['what', 'st', 'n'],
        [from, to, mKeys, mRoots],
      ),
    ),
    withSettings(db, mem, (tx) =>
      textRows(
        tx,
        via === 'kept' ? COMPLETENESS_SQL : COMPLETENESS_JOIN_SQL,
        ['ds', 'st', 'records', 'sex', 'age', 'form', 'nat'],
        [from, to],
      ),
    ),
    withSettings(db, NO_JIT, (tx) =>
      tx.query<{ level: string; agencies: string; records: string }>(SOURCES_SQL, [from, to]),
    ),
  ]);

  const states = new Map<string, StateFigures>(
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
  for (const r of stateRows) {
    const row = r.st ? states.get(r.st) : undefined;
    if (row) row[r.what as Exclude<keyof StateFigures, 'state_code'>] = Number(r.n);
  }

  const acc = new Map<string, { records: number; sex: number; age: number; form: number; nat: number }>();
  for (const r of compRows) {
    if (r.st === null) continue; // the group of records without a state: only in 'all'
    acc.set(`${r.ds}|${r.st}`, {
      records: Number(r.records),
      sex: Number(r.sex),
      age: Number(r.age),
      form: Number(r.form),
      nat: Number(r.nat),
    });
  }
  const completeness: CompletenessRow[] = [];
  for (const dataset of COMPLETENESS_DATASETS) {
    const fields = FIELDS[dataset];
    for (const state of ['all', ...INEGI_STATE_CODES]) {
      const a = acc.get(`${dataset}|${state}`) ?? { records: 0, sex: 0, age: 0, form: 0, nat: 0 };
      const share = (applies: boolean, n: number) => (applies && a.records > 0 ? n / a.records : null);
      completeness.push({
        dataset,
        state,
        records: a.records,
        sex: share(fields.sex, a.sex),
        age: share(fields.age, a.age),
        form: share(fields.form, a.form),
        nationality: share(fields.nationality, a.nat),
      });
    }
  }

  const sources = sourceRows.rows
    .map((r) => ({ level: r.level, agencies: Number(r.agencies), records: Number(r.records) }))
    .sort((a, b) => LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level));
  return { states: [...states.values()], completeness, sources };
}
