/**
 * The JSON report of one year from the database without loading every record:
 * - victims: the linked persons of the year by group (the sex-and-age category of the decisive identification,
 *   form, nationality, levels; the state-level states per form), from the counts kept at write time (migration
 *   205, over `report_key_year` of migrations 200, 203: the facts per base key and year), the keys of linked sets
 *   taken out and their sets combined in SQL;
 * - services and referrals: the distinct linked persons served / referred in the year by the form of their
 *   earliest identification ever, from the difference array kept at write time (migration 205, over
 *   `report_key_served` of migration 201: per base key the years served and referred and that form) and
 *   `report_key_first` (migration 040) for the linked sets;
 * - the small event tables as records.
 * Tallies and groups are the core's (`assembleAnnualReport`; the sex-and-age category the SQL twin of its `sexAge`,
 * report_sex_age of migration 203), and repository.test.ts checks that this path gives the pure computation's figures.
 */

import type { SexAge } from '@enlace/core/report/age';
import { type AnnualReport, assembleAnnualReport, type VictimInputs } from '@enlace/core/report/compute';
import { type Form, type FormGroup, formGroup } from '@enlace/core/taxonomy';
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
 * Every key of the linked sets ($3 key -> $4 representative, and each representative itself) with its set. Their
 * rows of the kept tables are read from the copies kept for the linked keys alone (migration 208:
 * report_linked_key_year, report_linked_key_served, report_linked_key_first), joined by hash: before, one index
 * probe per key into the whole kept tables (the served and referred of three years at 1,000,000 persons: 0.41-0.47 s
 * of the server's CPU by probes, the victims 0.37-0.6 s, the by-state 0.18-0.2 s).
 */
export const LINKED_KEYS = `lk AS (SELECT k, root FROM m UNION ALL SELECT DISTINCT root, root FROM m)`;
/**
 * Per linked person of the year $1..$2 ('2023-01-01' to '2023-12-31'), in one hash aggregation: the decisive
 * identification (earliest date, ties by smallest identification_id in byte order: the minimum of an array
 * compared element by element) with its form and its person record's sex-and-age category on that date
 * (report_sex_age, migration 203); the nationality of the
 * first of the year's records that has one; the levels; the states of the state-level records; the count. The
 * year (`y`) leads each row. The reference of VICTIM_GROUPS_SQL (the same persons counted from the counts kept at
 * write time): fast-equality.test.ts compares the two.
 */
export const VICTIM_FACTS_JOIN_SQL = `WITH ${M}
SELECT extract(year FROM $1::date)::int AS y, d[3] AS form, report_sex_age(d[4], d[5], d[1]) AS sexage, nat[3] AS nat,
       fed::int + 2 * sta::int AS levels, sls, n
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
 * The victims of the years $1..$2 by group, from the counts kept at write time (migration 205: per year, the base
 * keys and their records by decisive form, sex-and-age category, nationality and levels; the base keys per decisive
 * form and state-level state) instead of a row per base key: the counts of all the keys, minus the rows of the keys
 * of linked sets (`e`: their rows of report_key_year, from its copy for the linked keys, migration 208), plus one row per linked set and
 * year (`c`: the keys of a set combined per year by the same minima — decisive identification, nationality —, or
 * — levels —, union — states — and sum — records — as VICTIM_FACTS_JOIN_SQL does per person). Two kinds of lines: 'v' — year, form, sex-and-age,
 * nationality, levels, persons, records; 's' — year, form, the states of that form's state-level records ('' none).
 * fast-equality.test.ts compares the figures with the joins' and the pure computation's.
 */
export const VICTIM_GROUPS_SQL = `WITH ${M},
       ${LINKED_KEYS},
       e AS MATERIALIZED (
         SELECT lk.root, r.year, r.d, r.sa, r.nat, r.fed, r.sta, r.sls, r.n
           FROM lk JOIN report_linked_key_year r ON r.base_key = lk.k
          WHERE r.year BETWEEN extract(year FROM $1::date)::int AND extract(year FROM $2::date)::int),
       c AS (SELECT e.year AS y, e.root, min(e.d) AS d, min(e.nat) AS nat, bool_or(e.fed) AS fed, bool_or(e.sta) AS sta,
                    sum(e.n) AS n
               FROM e GROUP BY 1, 2),
       g AS (SELECT a.year AS y, a.form, a.sa, a.nat, a.levels, a.keys::bigint AS persons, a.records
               FROM report_agg_victims a
              WHERE a.year BETWEEN extract(year FROM $1::date)::int AND extract(year FROM $2::date)::int
             UNION ALL
             SELECT e.year, e.d[3], e.sa, e.nat[3], (e.fed::int + 2 * e.sta::int)::smallint, -1, -e.n FROM e
             UNION ALL
             SELECT c.y, c.d[3], report_sex_age(c.d[4], c.d[5], c.d[1]), c.nat[3], (c.fed::int + 2 * c.sta::int)::smallint,
                    1, c.n FROM c),
       fs AS (SELECT a.year AS y, a.form, a.state, a.keys::bigint AS k FROM report_agg_form_states a
               WHERE a.year BETWEEN extract(year FROM $1::date)::int AND extract(year FROM $2::date)::int
              UNION ALL
              SELECT e.year, e.d[3], s.st, -1 FROM e CROSS JOIN LATERAL unnest(e.sls) AS s(st)
              UNION ALL
              SELECT DISTINCT c.y, c.d[3], s.st, 1
                FROM c JOIN e ON e.root = c.root AND e.year = c.y CROSS JOIN LATERAL unnest(e.sls) AS s(st))
SELECT string_agg(t, chr(30)) AS t FROM (
  SELECT concat('v', chr(31), y, chr(31), form, chr(31), sa, chr(31), nat, chr(31), levels, chr(31), sum(persons), chr(31),
                sum(records)) AS t
    FROM g GROUP BY y, form, sa, nat, levels HAVING sum(persons) <> 0
  UNION ALL
  SELECT concat('s', chr(31), y, chr(31), form, chr(31), string_agg(state, ';' ORDER BY state)) FROM (
    SELECT y, form, state FROM fs GROUP BY 1, 2, 3 HAVING sum(k) > 0) x GROUP BY y, form) l`;

/**
 * The victims of the years by group (VICTIM_GROUPS_SQL), read into facts per year that each stand for `count`
 * persons (every year of the range has an entry, empty when it has no identification); the state-level states of
 * each form as facts of no person (`count` 0: the core counts only the union of states per form group).
 */
export async function victimGroups(db: Db, years: readonly number[], params: readonly unknown[]) {
  const { rows } = await db.query<{ t: string | null }>(VICTIM_GROUPS_SQL, params);
  const byYear = new Map<number, Facts>(years.map((y) => [y, { facts: [], records: 0 }]));
  for (const line of rows[0]?.t?.split('\u001e') ?? []) {
    const [kind, y, form, ...rest] = line.split('\u001f') as [string, string, string, ...string[]];
    const into = byYear.get(Number(y));
    if (!into) continue;
    if (kind === 's') {
      into.facts.push({
        group: formGroup(form as Form),
        sexAge: 'unknown',
        nationality: null,
        levels: [],
        stateLevelStates: rest[0] ? rest[0].split(';') : [],
        count: 0,
      });
      continue;
    }
    const [sexage, nat, levels, persons, records] = rest as [string, string, string, string, string];
    addGroup(into, [form, sexage, nat, levels, persons, records], []);
  }
  return byYear;
}

/**
 * Per year of $1..$2 (whole years; services: one year unless `probeLinked`), the distinct linked persons served
 * ('s': services overlapping that year) or
 * referred ('r': referrals of that year) by the form of their earliest identification ever: each served person
 * record's base key (persons) turned into its linked person (the linkage engine's links: $3 key -> $4
 * representative, only keys merged with another), then that person's earliest identification from
 * `report_key_first` (migration 040, kept by triggers at write time) — for a linked set the earliest over the keys
 * of the set (`rf`, computed for every set once: a set's representative is a key of the set, so a set none of
 * whose keys has an identification finds no row in `rf` nor in `report_key_first` and counts as 'unspecified').
 * The years of a bundle in one pass: the join with persons and report_key_first is made once for all of them.
 * One query per kind, run at once on two connections: they count separately (distinct persons per kind).
 * `probeLinked` (several years, hash joins): `rf` probes report_key_first's primary key once per key of a linked
 * set (LATERAL … OFFSET 0) instead of hashing the whole table for the 2 % of keys that are linked.
 */
export function servedGroupsSql(what: 's' | 'r', probeLinked = false): string {
  // one year (the CLI's JSON): the year's services; several (a bundle): each service with every year it overlaps
  const ev =
    what === 's' && !probeLinked
      ? `SELECT extract(year FROM $1::date)::int AS y, s.person_id FROM services s WHERE ${SERVICE_IN_YEAR}`
      : what === 's'
        ? `SELECT y.y, s.person_id FROM services s
           JOIN generate_series(extract(year FROM $1::date)::int, extract(year FROM $2::date)::int) AS y(y)
             ON (s.start_date IS NULL OR s.start_date <= make_date(y.y, 12, 31))
            AND (s.end_date IS NULL OR s.end_date >= make_date(y.y, 1, 1))
          WHERE ${SERVICE_IN_YEAR}`
        : 'SELECT extract(year FROM r.date)::int AS y, r.person_id FROM referrals r WHERE r.date BETWEEN $1 AND $2';
  return `WITH ${M},
       x AS (SELECT DISTINCT ev.y, COALESCE(m.root, ${BASE_KEY}) AS key
               FROM (${ev}) ev JOIN persons p ON p.person_id = ev.person_id LEFT JOIN m ON m.k = ${BASE_KEY}),
       rf AS (SELECT DISTINCT ON (lk.root) lk.root, f.first_form
                FROM (SELECT k, root FROM m UNION ALL SELECT DISTINCT root, root FROM m) lk
                ${
                  probeLinked
                    ? `JOIN LATERAL (SELECT f.first_form, f.first_date, f.first_id FROM report_key_first f
                                     WHERE f.base_key = lk.k OFFSET 0) f ON true`
                    : 'JOIN report_key_first f ON f.base_key = lk.k'
                }
               ORDER BY lk.root, f.first_date, f.first_id)
SELECT x.y, '${what}' AS what, COALESCE(rf.first_form, f.first_form, 'unspecified') AS form, count(*) AS n
  FROM x LEFT JOIN rf ON rf.root = x.key LEFT JOIN report_key_first f ON f.base_key = x.key
 GROUP BY 1, 2, 3`;
}
export const SERVED_SQL = { services: servedGroupsSql('s'), referrals: servedGroupsSql('r') };
/** the served persons of several years: probing report_key_first for the linked keys, run with hash joins */
export const SERVED_YEARS_SQL = servedGroupsSql('s', true);

/**
 * Per year of $1..$2 (whole years), the distinct linked persons served ('s') and referred ('r') by the form of
 * their earliest identification ever, from the counts kept at write time (migration 205 `report_agg_served`: per
 * served/referred and form of the earliest identification, a difference array over the years of the base keys of
 * `report_key_served`, migration 201) instead of a scan of that table: the counts of all base keys (`a`: the sum
 * of the deltas up to each year), minus the keys of linked sets ($3 key -> $4 representative, and the
 * representative; their rows from the copy of report_key_served for the linked keys, migration 208), plus one per linked set and year served or referred when any
 * key of the set is, with the form of the earliest identification over all the keys of the set (`rf`:
 * the copy of report_key_first for the linked keys). The same rows as the two
 * queries of servedGroupsSql (its reference: the year's services and referrals joined with persons and
 * report_key_first; fast-equality.test.ts compares them).
 */
export const SERVED_KEYS_SQL = `WITH ${M},
       ${LINKED_KEYS},
       ys AS (SELECT y FROM generate_series(extract(year FROM $1::date)::int, extract(year FROM $2::date)::int) AS y(y)),
       e AS MATERIALIZED (
         SELECT ys.y, lk.root, x.first_form, x.served @> ys.y AS s, x.referred @> ys.y AS r
           FROM lk JOIN report_linked_key_served x ON x.base_key = lk.k
           JOIN ys ON x.served @> ys.y OR x.referred @> ys.y),
       g AS (SELECT e.y, e.root, bool_or(e.s) AS s, bool_or(e.r) AS r FROM e GROUP BY 1, 2),
       rf AS (SELECT DISTINCT ON (lk.root) lk.root, f.first_form
                FROM lk JOIN report_linked_key_first f ON f.base_key = lk.k
               WHERE lk.root IN (SELECT root FROM g)
               ORDER BY lk.root, f.first_date, f.first_id),
       c AS (SELECT y, what, form, sum(n) AS n FROM (
               SELECT ys.y, a.what::text AS what, a.form, sum(a.delta)::bigint AS n
                 FROM report_agg_served a JOIN ys ON a.year_from <= ys.y GROUP BY 1, 2, 3
               UNION ALL
               SELECT e.y, w.what, COALESCE(e.first_form, 'unspecified'), -count(*)
                 FROM e CROSS JOIN LATERAL (VALUES ('s', e.s), ('r', e.r)) AS w(what, yes) WHERE w.yes GROUP BY 1, 2, 3
               UNION ALL
               SELECT g.y, w.what, COALESCE(rf.first_form, 'unspecified'), count(*)
                 FROM g LEFT JOIN rf ON rf.root = g.root CROSS JOIN LATERAL (VALUES ('s', g.s), ('r', g.r)) AS w(what, yes)
                WHERE w.yes GROUP BY 1, 2, 3) z
              GROUP BY 1, 2, 3)
SELECT y, what, form, n FROM c WHERE n > 0`;

/**
 * Settings of each query's own transaction (SET LOCAL): memory for its sorts and hashes (no spill to disk at
 * the default 4 MB); no JIT compilation (`jit`: the planner's row estimates for the links' `unnest` put these
 * queries above `jit_above_cost`, and compiling them took 1–3 s of CPU each at 1,000,000 persons, more than
 * running them); no parallel workers (the report runs its queries at once, one per connection, so on two
 * cores workers only add their start and their gathering: 3.9 s of the server's CPU for a cold JSON report
 * at 1,000,000 persons with them, 3.1 s without).
 * Referrals (and the victims and served of one year): no hash joins for the served and referred (hashing the
 * whole persons or report_key_first table, the planner's choice, took more CPU than merge joins over their
 * primary keys for one year's 50,000 referrals or 116,000 services).
 * Victims and served of several years (a bundle's three years): no merge joins instead (the links join by hash
 * instead of sorting every identification or served person by its key: 2.2 → 1.5 s of the server's CPU for the
 * served of three years at 1,000,000 persons, bench/report.bench.ts).
 */
export const VICTIM_SETTINGS = { work_mem: '64MB', jit: 'off', max_parallel_workers_per_gather: '0' };
/** no JIT for the report's smaller queries either (the links, the events, the review counts) */
export const NO_JIT = { jit: 'off' };
export const SERVED_SETTINGS = {
  work_mem: '64MB',
  enable_hashjoin: 'off',
  jit: 'off',
  max_parallel_workers_per_gather: '0',
};
/**
 * The queries on the tables and counts kept at write time (VICTIM_GROUPS_SQL, SERVED_KEYS_SQL): no merge joins (when
 * they scanned the years' rows, merge joins sorted the 130,000-160,000 rows of a year by key: 0.27-0.33 s of the
 * server's CPU against 0.21-0.25 s by hash at 1,000,000 persons; the linked keys' rows come from their copies, migration 208).
 */
export const KEPT_SETTINGS = {
  work_mem: '64MB',
  enable_mergejoin: 'off',
  jit: 'off',
  max_parallel_workers_per_gather: '0',
};
/** several years: the victims of each year and the served of all of them with hash joins */
export const YEARS_SETTINGS = {
  work_mem: '64MB',
  enable_mergejoin: 'off',
  jit: 'off',
  max_parallel_workers_per_gather: '0',
};
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

type Facts = { facts: VictimInputs['facts'][number][]; records: number };

/** One group of persons read from SQL text (form, sex-and-age, nationality, levels, persons, records) added to a year. */
function addGroup(into: Facts, [form, sexage, nat, levels, persons, records]: string[], states: string[]) {
  into.records += Number(records);
  into.facts.push({
    group: formGroup(form as Form),
    sexAge: sexage as SexAge,
    nationality: nat || null,
    levels: LEVELS[Number(levels)]!,
    stateLevelStates: states,
    count: Number(persons),
  });
}

/**
 * The rows of VICTIM_FACTS_JOIN_SQL (the reference of VICTIM_GROUPS_SQL) counted in SQL by what the report tallies
 * — year, form, sex-and-age (kept with each key's decisive identification, migration 203's `sa`; for a linked
 * set, of the set's decisive identification), nationality, levels — with the records and the union of the state-level
 * states of each group's persons: a few thousand rows for three years instead of one per person (the server
 * built, and this process parsed, a 30 MB text for three years at 1,000,000 persons). Read into facts per year that
 * each stand for `count` persons (every year of the range has an entry, empty when it has no identification).
 */
export async function victimFacts(
  db: Db,
  years: readonly number[],
  params: readonly unknown[],
  sql: string = VICTIM_FACTS_JOIN_SQL,
) {
  const { rows } = await db.query<{ t: string | null }>(
    `SELECT string_agg(concat(y, chr(31), form, chr(31), sexage, chr(31), nat, chr(31), levels, chr(31), persons,
                              chr(31), records, chr(31), sls), chr(30)) AS t
       FROM (SELECT y, form, sexage, nat, levels, count(*) AS persons, sum(n) AS records,
                    string_agg(DISTINCT sls, ';') FILTER (WHERE sls <> '') AS sls
               FROM (${sql}) f
              GROUP BY 1, 2, 3, 4, 5) g`,
    params,
  );
  const byYear = new Map<number, Facts>(years.map((y) => [y, { facts: [], records: 0 }]));
  const text = rows[0]?.t;
  if (!text) return byYear;
  for (const line of text.split('\u001e')) {
    const [y, form, sexage, nat, levels, persons, records, sls] = line.split('\u001f') as [
      string,
      ...string[],
    ];
    const into = byYear.get(Number(y));
    if (!into) continue;
    addGroup(
      into,
      [form!, sexage!, nat!, levels!, persons!, records!],
      sls ? [...new Set(sls.split(';'))] : [],
    );
  }
  return byYear;
}

/** The linkage engine's joining links as linkRoots reads them (shared by the parts of one computation). */
export type LinkedRoots = Awaited<ReturnType<typeof linkRoots>>;

/** The per-person inputs of the annual report of each of some years (victims, served, referred), by year. */
export type YearInputs = Map<number, VictimInputs>;

/**
 * The per-person inputs of the annual reports of consecutive years: the served and the referred each by one query
 * for all the years (one join with persons, the links and report_key_first instead of one per year), the victims
 * by one query per year, all at once on their own connections. Each year's inputs are what that year alone gives.
 */
export async function fastVictimInputs(
  db: Db,
  years: readonly number[],
  links?: Promise<LinkedRoots>,
  /**
   * 'kept' (the default): from the tables kept at write time (report_key_year, report_key_served); 'joins': the
   * same rows by joining the years' records (VICTIM_FACTS_JOIN_SQL, servedGroupsSql), as before migrations
   * 200-201 — the reference the tests and bench/report.bench.ts compare them with.
   */
  via: 'kept' | 'joins' = 'kept',
): Promise<YearInputs> {
  const lo = Math.min(...years);
  const hi = Math.max(...years);
  const [mKeys, mRoots] = (await (links ?? linkRoots(db))).arrays();
  const params = [`${lo}-01-01`, `${hi}-12-31`, mKeys, mRoots];
  const served = (sql: string, settings: Readonly<Record<string, string>>) =>
    withSettings(db, settings, (tx) => textRows(tx, sql, ['y', 'what', 'form', 'n'], params));
  const all: number[] = [];
  for (let y = lo; y <= hi; y++) all.push(y);
  const several = all.length > 1;
  const [facts, servedRows, referredRows] = await (via === 'kept'
    ? // victims, and served and referred together: one query each for all the years, at once
      Promise.all([
        withSettings(db, KEPT_SETTINGS, (tx) => victimGroups(tx, all, params)),
        served(SERVED_KEYS_SQL, KEPT_SETTINGS),
      ]).then(
        ([f, rows]) => [f, rows.filter((r) => r.what === 's'), rows.filter((r) => r.what === 'r')] as const,
      )
    : // victims one query per year, at once (one pass over the three years took as much of the server's CPU as
      // the three, and on one connection); served and referred one query each for all the years
      Promise.all([
        Promise.all(
          all.map((y) =>
            withSettings(db, several ? YEARS_SETTINGS : VICTIM_SETTINGS, (tx) =>
              victimFacts(tx, [y], [`${y}-01-01`, `${y}-12-31`, mKeys, mRoots], VICTIM_FACTS_JOIN_SQL),
            ),
          ),
        ).then((maps) => new Map(maps.flatMap((m) => [...m]))),
        several ? served(SERVED_YEARS_SQL, YEARS_SETTINGS) : served(SERVED_SQL.services, SERVED_SETTINGS),
        served(SERVED_SQL.referrals, SERVED_SETTINGS),
      ]));
  // each form group as many times as the persons it counts, read again on every iteration: no array of one entry
  // per person (~170,000 a year at 1,000,000 persons: their allocation and collection were ~0.1-0.2 s of this
  // process's CPU per bundle)
  const toGroups = (rows: typeof servedRows, year: number): Iterable<FormGroup> => {
    const counted = rows
      .filter((g) => Number(g.y) === year)
      .map((g) => [formGroup(g.form as Form), Number(g.n)] as const);
    return {
      *[Symbol.iterator]() {
        for (const [group, n] of counted) for (let i = 0; i < n; i++) yield group;
      },
    };
  };
  const out: YearInputs = new Map();
  for (const year of years) {
    const f = facts.get(year)!;
    out.set(year, {
      facts: f.facts,
      identificationRecords: f.records,
      servedGroups: toGroups(servedRows, year),
      referredGroups: toGroups(referredRows, year),
    });
  }
  return out;
}

/** The event records of some years as loadEvents reads them (shared by the annual reports of those years). */
export type YearEvents = Awaited<ReturnType<typeof loadEvents>>;

/**
 * The year's annual report by SQL. `links`: the links already being read for another part of the same
 * computation (figures-store.ts reads them once for the three years and the extras), else read here.
 * `inputs`: the per-person inputs already being computed for several years at once (fastVictimInputs: the
 * three years of a bundle in one pass), else computed here for this year alone.
 * `events`: the event records already being loaded for several years at once (a bundle's three years in one load:
 * assembleAnnualReport counts only the year's, as the pure computation does over all the records), else loaded here
 * for this year alone.
 */
export async function fastAnnualReport(
  db: Db,
  year: number,
  links?: Promise<LinkedRoots>,
  inputs?: Promise<YearInputs>,
  events?: Promise<YearEvents>,
): Promise<AnnualReport> {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  // the small event tables load while the links are read and the per-person queries (victims, served,
  // referred) run at once, each on its own connection of the pool
  const eventsP = events ?? loadEvents(db, from, to);
  eventsP.catch(() => undefined);
  const linksP = links ?? linkRoots(db);
  linksP.catch(() => undefined);
  const [v, ev, { personKeyOf }] = await Promise.all([
    (inputs ?? fastVictimInputs(db, [year], linksP)).then((m) => m.get(year)!),
    eventsP,
    linksP,
  ]);
  return assembleAnnualReport(year, ev.data, personKeyOf(ev.paymentKeys), v);
}
