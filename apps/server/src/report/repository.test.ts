import { sexAge } from '@enlace/core/report/age';
import { computeCompleteness, computeStateFigures } from '@enlace/core/report/breakdown';
import { computeAnnualReport } from '@enlace/core/report/compute';
import { FIXTURE, FIXTURE_LINKS, fixtureKey } from '@enlace/core/report/fixture.test-data';
import { emptyReportData, type ReportData } from '@enlace/core/report/types';
import type { Sex } from '@enlace/core/taxonomy';
import { KeyedSets } from '@enlace/linkage';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/databases.ts';
import { AUTO_LINK, REVIEW_LOW } from '../api/linkage/thresholds.ts';
import type { Db } from '../db/index.ts';
import { blindIndex } from '../security/crypto.ts';
import { fastAnnualReport } from './fast.ts';
import { linkageReview } from './review.ts';
import { insertReportData } from './seed.ts';
import { loadData, publicRelease, reportBundle } from './service.ts';

describe.each(testDatabases())('report from the database on $name', ({ open }) => {
  it('SQL loading feeds the same counting rules: the figures equal the pure computation on the fixture', async () => {
    const db = await open();
    try {
      // the linkage engine's clusters, here as shared CURP blind indexes
      await insertReportData(db, FIXTURE, (id) =>
        FIXTURE_LINKS[id] ? blindIndex('curp', `CURP-${FIXTURE_LINKS[id]}`) : null,
      );
      for (const year of [2022, 2023, 2024]) {
        const loaded = await loadData({ kind: 'db', db }, year, year);
        expect(computeAnnualReport(year, loaded.data, loaded.personKey)).toEqual(
          computeAnnualReport(year, FIXTURE, fixtureKey),
        );
        // the SQL fast path of `enlace report --format json`
        expect(await fastAnnualReport(db, year)).toEqual(computeAnnualReport(year, FIXTURE, fixtureKey));
      }
      const loaded = await loadData({ kind: 'db', db }, 2021, 2023);
      const b = reportBundle(loaded, 2023);
      expect(b.report.victims.total).toBe(8);
      expect(b.previous.map((r) => r.victims.total)).toEqual([1, 0]);
      expect(b.states).toEqual(computeStateFigures(2023, FIXTURE, fixtureKey));
      expect(b.completeness).toEqual(computeCompleteness(2023, FIXTURE));
      // identification details reach the CTDC export
      await db.query(
        `UPDATE identifications SET means_of_control = '{debt_bondage,threats}', sector = 'agriculture',
                recruitment = '{abduction}', recruiter_relation = 'employer', country_of_exploitation = 'USA'
          WHERE identification_id = 'i02'`,
      );
      const withDetails = await loadData({ kind: 'db', db }, 2023, 2023);
      const i02 = withDetails.data.identifications.find((i) => i.identification_id === 'i02');
      expect(i02).toMatchObject({
        means_of_control: ['debt_bondage', 'threats'],
        sector: 'agriculture',
        recruitment: ['abduction'],
        recruiter_relation: 'employer',
        country_of_exploitation: 'USA',
        other_forms: [],
      });
      const rel = publicRelease(loaded, 2023);
      expect(rel.cells['victims.total']).toBeNull();
    } finally {
      await db.close();
    }
  });

  it('links of the linkage engine join persons transitively; rejected and low links do not', async () => {
    const db = await open();
    try {
      // V1, V2, V3 by CURP; V8 only through an undecided link of probability 0.97; p4-p7 rejected; p5-p6 at 0.45 (in
      // the review band, below the counting threshold)
      const byCurp = new Set(['V1', 'V2', 'V3']);
      await insertReportData(db, FIXTURE, (id) =>
        FIXTURE_LINKS[id] && byCurp.has(FIXTURE_LINKS[id])
          ? blindIndex('curp', `CURP-${FIXTURE_LINKS[id]}`)
          : null,
      );
      await db.query(
        `INSERT INTO person_links (person_a, person_b, probability, decision) VALUES
           ('p8', 'p8b', 0.97, NULL), ('p4', 'p7', 0.99, 'rejected'), ('p5', 'p6', 0.45, NULL)`,
      );
      const loaded = await loadData({ kind: 'db', db }, 2023, 2023);
      expect(computeAnnualReport(2023, loaded.data, loaded.personKey)).toEqual(
        computeAnnualReport(2023, FIXTURE, fixtureKey),
      );
      for (const year of [2022, 2023, 2024])
        expect(await fastAnnualReport(db, year)).toEqual(computeAnnualReport(year, FIXTURE, fixtureKey));
      // p5-p6 at 0.45 waits for a reviewer: the identifications of p5 and p6 of the year are said to wait on it
      const ids = await db.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM identifications WHERE person_id IN ('p5', 'p6') AND date BETWEEN '2023-01-01' AND '2023-12-31'`,
      );
      expect(Number(ids.rows[0]!.n)).toBeGreaterThan(0);
      expect(await linkageReview(db, 2023)).toEqual({
        identifications_awaiting_review: Number(ids.rows[0]!.n),
        links_awaiting_review: 1,
      });
      await db.query("UPDATE person_links SET decision = 'confirmed' WHERE person_a = 'p5'");
      expect(await linkageReview(db, 2023)).toEqual({
        identifications_awaiting_review: 0,
        links_awaiting_review: 0,
      });
      const again = await loadData({ kind: 'db', db }, 2023, 2023);
      expect(computeAnnualReport(2023, again.data, again.personKey).victims.total).toBe(7);
      expect(await fastAnnualReport(db, 2023)).toEqual(
        computeAnnualReport(2023, again.data, again.personKey),
      );
    } finally {
      await db.close();
    }
  });

  it("each link keeps its persons' base keys through link writes, CURP changes and a missing person (migration 207)", async () => {
    const db = await open();
    // the keys every link must hold: its persons' base keys, read by joining persons
    const mismatches = async () =>
      (
        await db.query<{ n: string }>(
          `SELECT count(*)::text AS n FROM person_links l
             JOIN persons pa ON pa.person_id = l.person_a JOIN persons pb ON pb.person_id = l.person_b
            WHERE l.key_a IS DISTINCT FROM COALESCE('c:' || pa.curp_bidx, 'p:' || pa.person_id)
               OR l.key_b IS DISTINCT FROM COALESCE('c:' || pb.curp_bidx, 'p:' || pb.person_id)`,
        )
      ).rows[0]!.n;
    try {
      await insertReportData(db, FIXTURE, curpOf);
      // single and batched inserts, an upsert of an existing link, a decision
      await db.query(
        `INSERT INTO person_links (person_a, person_b, probability) VALUES ('p8', 'p8b', 0.97), ('p1a', 'p4', 0.6)`,
      );
      await db.query(
        `INSERT INTO person_links (person_a, person_b, probability)
         SELECT * FROM unnest($1::text[], $2::text[], $3::real[])
         ON CONFLICT (person_a, person_b) DO UPDATE SET probability = EXCLUDED.probability`,
        [
          ['p1a', 'p4'],
          ['p5', 'p6'],
          [0.7, 0.99],
        ],
      );
      await db.query("UPDATE person_links SET decision = 'confirmed' WHERE person_a = 'p4'");
      expect(await mismatches()).toBe('0');
      // a linked person gets another person's CURP, then none, then its own back: both sides of its links follow
      await db.query("UPDATE persons SET curp_bidx = $1 WHERE person_id IN ('p4', 'p8b')", [curpOf('p2a')]);
      expect(await mismatches()).toBe('0');
      await db.query("UPDATE persons SET curp_bidx = NULL WHERE person_id = 'p1a'");
      expect(await mismatches()).toBe('0');
      await db.query("UPDATE persons SET curp_bidx = $1 WHERE person_id = 'p1a'", [curpOf('p1a')]);
      // a write to the keys themselves is overwritten by the persons' keys
      await db.query("UPDATE person_links SET key_a = 'c:forged', key_b = 'p:forged'");
      expect(await mismatches()).toBe('0');
      const keys = await db.query<{ key_a: string }>(
        "SELECT key_a FROM person_links WHERE person_a = 'p4' AND person_b = 'p6'",
      );
      expect(keys.rows[0]!.key_a).toBe(`c:${curpOf('p2a')}`);
      // the figures count the links through the kept keys as the pure computation counts them through the persons'
      // own base keys and the counting links, read here by joining persons (union-find of KeyedSets)
      const base = new Map(
        (
          await db.query<{ id: string; k: string }>(
            `SELECT person_id AS id, COALESCE('c:' || curp_bidx, 'p:' || person_id) AS k FROM persons`,
          )
        ).rows.map((r) => [r.id, r.k]),
      );
      const sets = new KeyedSets();
      const counting = await db.query<{ a: string; b: string }>(
        "SELECT person_a AS a, person_b AS b FROM person_links WHERE decision = 'confirmed' OR (decision IS NULL AND probability >= 0.5)",
      );
      for (const l of counting.rows) sets.union(base.get(l.a)!, base.get(l.b)!);
      const key = (id: string) => sets.find(base.get(id) ?? `p:${id}`);
      const loaded = await loadData({ kind: 'db', db }, 2022, 2024);
      for (const year of [2022, 2023, 2024])
        expect(await fastAnnualReport(db, year)).toEqual(computeAnnualReport(year, loaded.data, key));
      // a link to a person that does not exist is refused by the foreign key, as before
      await expect(
        db.query(
          "INSERT INTO person_links (person_a, person_b, probability) VALUES ('p1a', 'zz-missing', 0.9)",
        ),
      ).rejects.toMatchObject({ code: '23503' });
      // deleting a person deletes its links
      await db.query("DELETE FROM person_links WHERE person_a = 'p8' OR person_b = 'p8'");
      expect(await mismatches()).toBe('0');
    } finally {
      await db.close();
    }
  });
});

const NONE: ReportData = emptyReportData();
const curpOf = (id: string) => (FIXTURE_LINKS[id] ? blindIndex('curp', `CURP-${FIXTURE_LINKS[id]}`) : null);

/** A person record's birth date as the report reads it ('YYYY', 'YYYY-MM', 'YYYY-MM-DD'). */
const BIRTH_TEXT = `CASE WHEN p.birth_year IS NULL THEN NULL
  WHEN p.birth_month IS NULL THEN lpad(p.birth_year::text, 4, '0')
  WHEN p.birth_day IS NULL THEN lpad(p.birth_year::text, 4, '0') || '-' || lpad(p.birth_month::text, 2, '0')
  ELSE lpad(p.birth_year::text, 4, '0') || '-' || lpad(p.birth_month::text, 2, '0') || '-' || lpad(p.birth_day::text, 2, '0') END`;
/** the earliest identification of every base key, from scratch */
const FIRST_SCRATCH = `SELECT DISTINCT ON (1) report_base_key(p.curp_bidx, p.person_id) AS base_key, i.date AS first_date,
       i.identification_id AS first_id, i.primary_form AS first_form
  FROM identifications i JOIN persons p ON p.person_id = i.person_id
 ORDER BY 1, i.date, i.identification_id COLLATE "C"`;

/**
 * The tables kept at write time by triggers — report_key_first (migration 040), report_key_year (200, 202),
 * report_key_served (201) — next to the same facts computed from scratch.
 */
async function firstTables(db: Db) {
  const rows = async (sql: string) => (await db.query(sql)).rows;
  const kept = {
    first: await rows(
      `SELECT base_key, first_date, first_id, first_form FROM report_key_first ORDER BY base_key COLLATE "C"`,
    ),
    year: await rows(
      `SELECT base_key, year, d, nat, fed, sta, sls, n, sts, sa FROM report_key_year ORDER BY base_key COLLATE "C", year`,
    ),
    served: await rows(
      // open ends cut at 2100 like the computation from scratch
      `SELECT base_key, (served * '{[1900,2100]}'::int4multirange)::text AS served, referred::text AS referred, first_form
         FROM report_key_served ORDER BY base_key COLLATE "C"`,
    ),
  };
  const scratch = {
    first: await rows(`SELECT * FROM (${FIRST_SCRATCH}) s ORDER BY base_key COLLATE "C"`),
    // the victims' facts of each base key and year: decisive identification (earliest date, smallest id), the
    // nationality of the earliest record with one, levels, the states of its state-level records, the count, the
    // states of all its records (migration 202)
    year: await rows(
      `SELECT * FROM (
       SELECT report_base_key(p.curp_bidx, p.person_id) AS base_key, extract(year FROM i.date)::int AS year,
              min(ARRAY[to_char(i.date, 'YYYY-MM-DD'), i.identification_id COLLATE "C", i.primary_form, p.sex, ${BIRTH_TEXT}]) AS d,
              min(ARRAY[to_char(i.date, 'YYYY-MM-DD'), i.identification_id COLLATE "C", p.nationality])
                FILTER (WHERE p.nationality IS NOT NULL) AS nat,
              bool_or(a.level = 'federal') AS fed, bool_or(a.level IN ('state', 'municipal')) AS sta,
              ARRAY(SELECT DISTINCT x COLLATE "C" FROM unnest(array_agg(COALESCE(i.state_code, a.state_code))
                      FILTER (WHERE a.level IN ('state', 'municipal'))) x WHERE x IS NOT NULL ORDER BY 1) AS sls,
              count(*)::int AS n,
              -- the state of each record that has one (its own, else its agency's; empty text as none), sorted
              ARRAY(SELECT x COLLATE "C" FROM unnest(array_agg(COALESCE(NULLIF(i.state_code, ''), NULLIF(a.state_code, '')))) x
                     WHERE x IS NOT NULL ORDER BY 1) AS sts
         FROM identifications i JOIN persons p ON p.person_id = i.person_id JOIN agencies a ON a.id = i.agency_id
        GROUP BY 1, 2) s ORDER BY base_key COLLATE "C", year`,
    ),
    // the years each base key was served (annual-report.md: a service counts in the years from its start's to its
    // end's; open ends unbounded; neither date: none) and referred, with its earliest identification's form
    served: await rows(
      `WITH y AS (SELECT generate_series(1900, 2100) AS y),
            ev AS (SELECT s.person_id, 's' AS kind, y.y FROM services s JOIN y
                     ON (s.start_date IS NOT NULL OR s.end_date IS NOT NULL)
                    AND (s.start_date IS NULL OR extract(year FROM s.start_date) <= y.y)
                    AND (s.end_date IS NULL OR extract(year FROM s.end_date) >= y.y)
                   UNION ALL SELECT r.person_id, 'r', extract(year FROM r.date)::int FROM referrals r),
            k AS (SELECT report_base_key(p.curp_bidx, p.person_id) AS base_key, ev.kind, ev.y
                    FROM ev JOIN persons p ON p.person_id = ev.person_id)
       SELECT * FROM (
       SELECT k.base_key,
              (SELECT COALESCE(range_agg(int4range(x.y, x.y, '[]')), '{}') FROM k x WHERE x.base_key = k.base_key AND x.kind = 's')::text AS served,
              (SELECT COALESCE(range_agg(int4range(x.y, x.y, '[]')), '{}') FROM k x WHERE x.base_key = k.base_key AND x.kind = 'r')::text AS referred,
              f.first_form
         FROM (SELECT DISTINCT base_key FROM k) k LEFT JOIN (${FIRST_SCRATCH}) f ON f.base_key = k.base_key) s
        ORDER BY base_key COLLATE "C"`,
    ),
  };
  // the counts kept per group (migration 205): their sums, and after a compaction the same rows, one per group
  const agg = async (from: 'kept' | 'scratch') => {
    const src = (kept: string, scratch: string) => (from === 'kept' ? kept : `(${scratch})`);
    return {
      victims:
        await rows(`SELECT year, form, sa, nat, levels, sum(keys)::int AS keys, sum(records)::int AS records
          FROM ${src(
            'report_agg_victims',
            `SELECT year, d[3] AS form, sa, nat[3] AS nat, (fed::int + 2 * sta::int)::smallint AS levels,
                                               1 AS keys, n AS records FROM report_key_year`,
          )} a
         GROUP BY 1, 2, 3, 4, 5 HAVING sum(keys) <> 0 OR sum(records) <> 0 ORDER BY 1, 2, 3, 4, 5`),
      formStates: await rows(`SELECT year, form, state, sum(keys)::int AS keys
          FROM ${src('report_agg_form_states', 'SELECT year, d[3] AS form, s AS state, 1 AS keys FROM report_key_year, unnest(sls) s')} a
         GROUP BY 1, 2, 3 HAVING sum(keys) <> 0 ORDER BY 1, 2, 3`),
      states: await rows(`SELECT year, state, sum(keys)::int AS keys, sum(records)::int AS records
          FROM ${src(
            'report_agg_states',
            `SELECT year, s AS state, count(DISTINCT base_key) AS keys, count(*) AS records
                                             FROM report_key_year, unnest(sts) s GROUP BY 1, 2`,
          )} a
         GROUP BY 1, 2 HAVING sum(keys) <> 0 OR sum(records) <> 0 ORDER BY 1, 2`),
    };
  };
  // the persons served and referred per year and form (migration 205's difference array)
  const servedPerYear = (from: 'kept' | 'scratch') =>
    rows(
      from === 'kept'
        ? `SELECT y.y, a.what::text AS what, a.form, sum(a.delta)::int AS n
             FROM report_agg_served a JOIN generate_series(1990, 2040) y(y) ON a.year_from <= y.y
            GROUP BY 1, 2, 3 HAVING sum(a.delta) <> 0 ORDER BY 1, 2, 3`
        : `SELECT y.y, w.what, COALESCE(x.first_form, 'unspecified') AS form, count(*)::int AS n
             FROM report_key_served x CROSS JOIN generate_series(1990, 2040) y(y)
             CROSS JOIN LATERAL (VALUES ('s', x.served @> y.y), ('r', x.referred @> y.y)) w(what, yes)
            WHERE w.yes GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    );
  // the completeness counts per year, dataset, agency and own state (migration 206's difference arrays), and from the
  // records: a service in every year from its start's to its end's, its age on its start or else on December 31
  const completeness = (from: 'kept' | 'scratch') =>
    rows(
      from === 'kept'
        ? `SELECT y.y, c.ds::text AS ds, c.agency_id, c.own_state, sum(c.records)::int AS records,
                  sum(c.sex)::int AS sex, sum(c.age)::int AS age, sum(c.form)::int AS form, sum(c.nat)::int AS nat
             FROM report_agg_completeness c JOIN generate_series(1975, 2030) y(y) ON c.year_from <= y.y
            GROUP BY y.y, c.ds, c.agency_id, c.own_state
           HAVING sum(c.records) <> 0 OR sum(c.sex) <> 0 OR sum(c.age) <> 0 OR sum(c.form) <> 0 OR sum(c.nat) <> 0
            ORDER BY y.y, ds, c.agency_id COLLATE "C", c.own_state COLLATE "C"`
        : `WITH y AS (SELECT generate_series(1975, 2030) AS y),
                rec AS (
                  SELECT y.y, 'i' AS ds, i.agency_id, NULLIF(i.state_code, '') AS own_state, i.person_id, i.date AS on_date,
                         i.primary_form <> 'unspecified' AS form
                    FROM identifications i JOIN y ON extract(year FROM i.date) = y.y
                  UNION ALL
                  SELECT y.y, 's', s.provider_agency_id, NULL, s.person_id, COALESCE(s.start_date, make_date(y.y, 12, 31)), false
                    FROM services s JOIN y ON (s.start_date IS NOT NULL OR s.end_date IS NOT NULL)
                     AND (s.start_date IS NULL OR s.start_date <= make_date(y.y, 12, 31))
                     AND (s.end_date IS NULL OR s.end_date >= make_date(y.y, 1, 1))
                  UNION ALL
                  SELECT y.y, 'r', r.to_agency_id, NULL, r.person_id, r.date, false
                    FROM referrals r JOIN y ON extract(year FROM r.date) = y.y)
           SELECT rec.y, rec.ds, rec.agency_id, rec.own_state, count(*)::int AS records,
                  count(*) FILTER (WHERE p.sex IS NOT NULL AND p.sex <> '')::int AS sex,
                  count(*) FILTER (WHERE p.birth_year BETWEEN 0 AND 9999 AND
                    ROW(p.birth_year::int, COALESCE(p.birth_month::int, 1), CASE WHEN p.birth_month IS NULL THEN 1 ELSE COALESCE(p.birth_day::int, 1) END)
                      <= ROW(extract(year FROM rec.on_date)::int, extract(month FROM rec.on_date)::int, extract(day FROM rec.on_date)::int))::int AS age,
                  count(*) FILTER (WHERE rec.form)::int AS form,
                  count(*) FILTER (WHERE p.nationality IS NOT NULL AND p.nationality <> '')::int AS nat
             FROM rec JOIN persons p ON p.person_id = rec.person_id
            GROUP BY rec.y, rec.ds, rec.agency_id, rec.own_state
            ORDER BY rec.y, rec.ds, rec.agency_id COLLATE "C", rec.own_state COLLATE "C"`,
    );
  (kept as Record<string, unknown>).completeness = await completeness('kept');
  (scratch as Record<string, unknown>).completeness = await completeness('scratch');
  (kept as Record<string, unknown>).aggServed = await servedPerYear('kept');
  (scratch as Record<string, unknown>).aggServed = await servedPerYear('scratch');
  (kept as Record<string, unknown>).agg = await agg('kept');
  (scratch as Record<string, unknown>).agg = await agg('scratch');
  // the decisive identification's sex-and-age category (migration 203) by the core's own rule, from its sex,
  // birth and date
  scratch.year = scratch.year.map((r) => {
    const d = r.d as (string | null)[];
    return { ...r, sa: sexAge(d[3] as Sex | null, d[4] ?? null, d[0]!) };
  });
  return { kept, scratch };
}

/**
 * The copies kept for the linked keys (migration 208) against the links and the kept tables: the rows each copy has
 * and should not, and should have and has not (all empty when consistent). The linked keys are read here by joining
 * the counting links with persons (not from the links' kept keys).
 */
async function linkedCopyDifferences(db: Db) {
  const linked = `SELECT DISTINCT COALESCE('c:' || p.curp_bidx, 'p:' || p.person_id) AS base_key
      FROM person_links l JOIN persons p ON p.person_id IN (l.person_a, l.person_b)
     WHERE l.decision = 'confirmed' OR (l.decision IS NULL AND l.probability >= 0.5)`;
  const diff = async (copy: string, kept: string, cols: string) => {
    const should = `SELECT ${cols} FROM ${kept} WHERE base_key IN (${linked})`;
    const has = `SELECT ${cols} FROM ${copy}`;
    const { rows } = await db.query(
      `SELECT 'extra' AS d, * FROM (${has} EXCEPT ${should}) a UNION ALL SELECT 'missing', * FROM (${should} EXCEPT ${has}) b`,
    );
    return rows;
  };
  return {
    keys: (
      await db.query(
        `SELECT 'extra' AS d, base_key FROM (SELECT base_key FROM report_linked_keys EXCEPT ${linked}) a
         UNION ALL SELECT 'missing', base_key FROM (${linked} EXCEPT SELECT base_key FROM report_linked_keys) b`,
      )
    ).rows,
    year: await diff(
      'report_linked_key_year',
      'report_key_year',
      'base_key, year, d, sa, nat, fed, sta, sls, n, sts',
    ),
    served: await diff(
      'report_linked_key_served',
      'report_key_served',
      'base_key, served, referred, first_form',
    ),
    first: await diff(
      'report_linked_key_first',
      'report_key_first',
      'base_key, first_date, first_id, first_form',
    ),
  };
}
const NO_DIFFERENCE = { keys: [], year: [], served: [], first: [] };

/** After every write: the kept tables equal the ones computed from scratch. */
async function expectConsistent(db: Db) {
  const { kept, scratch } = await firstTables(db);
  expect(kept).toEqual(scratch);
  expect(await linkedCopyDifferences(db)).toEqual(NO_DIFFERENCE);
  // folded, the counts of migration 205 are one row per group with the same sums
  await db.query('SELECT report_agg_compact()');
  const folded = await firstTables(db);
  expect(folded.kept).toEqual(scratch);
  // one row per group (and none that sums to nothing) in every table of counts (migrations 205, 206)
  for (const [table, group] of [
    ['report_agg_victims', 'year, form, sa, nat, levels'],
    ['report_agg_form_states', 'year, form, state'],
    ['report_agg_states', 'year, state'],
    ['report_agg_served', 'what, form, year_from'],
    ['report_agg_completeness', 'ds, agency_id, own_state, year_from'],
  ])
    expect(
      (
        await db.query<{ n: number }>(
          `SELECT (SELECT count(*) FROM ${table})::int - (SELECT count(*) FROM (SELECT DISTINCT ${group} FROM ${table}) g)::int AS n`,
        )
      ).rows,
      table,
    ).toEqual([{ n: 0 }]);
  await expectReviewByRule(db);
}

/**
 * The linkage review counts (review.ts) against their rule read off the rows: the identifications of the year whose
 * person has an undecided link in the review band, and the links in the band with a person identified in the year.
 */
async function expectReviewByRule(db: Db) {
  const links = (
    await db.query<{ a: string; b: string; p: number; d: string | null }>(
      'SELECT person_a AS a, person_b AS b, probability AS p, decision AS d FROM person_links',
    )
  ).rows.filter((l) => l.d === null && l.p >= REVIEW_LOW && l.p < AUTO_LINK);
  const idfs = (
    await db.query<{ person_id: string; date: string }>('SELECT person_id, date FROM identifications')
  ).rows;
  for (const year of [2022, 2023, 2024]) {
    const ofYear = idfs.filter((i) => i.date.startsWith(`${year}-`));
    const touched = new Set(links.flatMap((l) => [l.a, l.b]));
    const identified = new Set(ofYear.map((i) => i.person_id));
    expect(await linkageReview(db, year), `review ${year}`).toEqual({
      identifications_awaiting_review: ofYear.filter((i) => touched.has(i.person_id)).length,
      links_awaiting_review: links.filter((l) => identified.has(l.a) || identified.has(l.b)).length,
    });
  }
}

async function clearRecords(db: Db) {
  for (const t of [
    'restitution_payments',
    'convictions',
    'prosecutions',
    'investigations',
    'services',
    'referrals',
    'identifications',
    'hotline_contacts',
    'financial_reports',
    'person_links',
    'persons',
  ])
    await db.query(`DELETE FROM ${t}`);
}

const chunked = <T>(xs: readonly T[], sizes: readonly number[]): T[][] => {
  const out: T[][] = [];
  let i = 0;
  for (let j = 0; i < xs.length; j++) {
    const n = sizes.length ? sizes[j % sizes.length]! : xs.length;
    out.push(xs.slice(i, i + n));
    i += n;
  }
  return out;
};

describe.each(testDatabases())('first identification kept at write time on $name', ({ open }) => {
  it('is the same whatever the order, the batches and the later corrections of the writes', async () => {
    const db = await open();
    try {
      const expected = [2022, 2023, 2024].map((y) => computeAnnualReport(y, FIXTURE, fixtureKey));
      const ids = FIXTURE.identifications;
      await fc.assert(
        fc.asyncProperty(
          fc.shuffledSubarray([...FIXTURE.persons], { minLength: FIXTURE.persons.length }),
          fc.shuffledSubarray([...ids], { minLength: ids.length }),
          fc.array(fc.integer({ min: 1, max: 7 }), { maxLength: 4 }),
          fc.boolean(),
          fc.integer({ min: 0, max: ids.length - 1 }),
          fc.integer({ min: 0, max: FIXTURE.persons.length - 1 }),
          fc.boolean(),
          fc.record({
            service: fc.integer({ min: 0, max: FIXTURE.services.length - 1 }),
            referral: fc.integer({ min: 0, max: FIXTURE.referrals.length - 1 }),
            agency: fc.integer({ min: 0, max: FIXTURE.agencies.length - 1 }),
          }),
          // links of the linkage engine between persons, counting or not (migration 208's copies follow them)
          fc.array(
            fc.record({
              a: fc.integer({ min: 0, max: FIXTURE.persons.length - 1 }),
              b: fc.integer({ min: 0, max: FIXTURE.persons.length - 1 }),
              probability: fc.constantFrom(0.3, 0.5, 0.7, 0.99),
              decision: fc.constantFrom(null, 'confirmed', 'rejected'),
            }),
            { maxLength: 4 },
          ),
          async (persons, idfs, sizes, curpLater, touchIdf, touchPerson, servicesFirst, touch, links) => {
            await clearRecords(db);
            expect((await db.query('SELECT count(*)::int AS n FROM report_key_first')).rows).toEqual([
              { n: 0 },
            ]);
            // persons in batches (CURPs now or only after the identifications), each batch followed by the
            // identifications whose persons are in
            const inserted = new Set<string>();
            let pending = idfs;
            for (const batch of chunked(persons, sizes)) {
              await insertReportData(db, { ...NONE, agencies: FIXTURE.agencies, persons: batch }, (id) =>
                curpLater ? null : curpOf(id),
              );
              for (const p of batch) inserted.add(p.person_id);
              // services and referrals before the identifications of their persons (their form comes later)
              if (servicesFirst) {
                const mine = <T extends { person_id: string }>(xs: readonly T[]) =>
                  xs.filter((x) => batch.some((p) => p.person_id === x.person_id));
                await insertReportData(
                  db,
                  { ...NONE, services: mine(FIXTURE.services), referrals: mine(FIXTURE.referrals) },
                  curpOf,
                );
              }
              const ready = pending.filter((i) => inserted.has(i.person_id));
              pending = pending.filter((i) => !inserted.has(i.person_id));
              for (const b of chunked(ready, sizes))
                await insertReportData(db, { ...NONE, identifications: b }, curpOf);
              await expectConsistent(db);
            }
            // the links, then a decision changed back and forth, before the corrections below
            for (const l of links) {
              const [a, b] = [FIXTURE.persons[l.a]!.person_id, FIXTURE.persons[l.b]!.person_id].sort();
              if (a === b) continue;
              await db.query(
                `INSERT INTO person_links (person_a, person_b, probability, decision) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (person_a, person_b) DO UPDATE SET probability = EXCLUDED.probability, decision = EXCLUDED.decision`,
                [a, b, l.probability, l.decision],
              );
            }
            await expectConsistent(db);
            if (links.length > 0) {
              await db.query(
                "UPDATE person_links SET decision = 'rejected', decided_at = now() WHERE decision IS NULL",
              );
              await expectConsistent(db);
              await db.query(
                "UPDATE person_links SET decision = NULL, decided_at = NULL WHERE decision = 'rejected' AND decided_at IS NOT NULL",
              );
              await expectConsistent(db);
            }
            if (curpLater)
              for (const p of persons)
                await db.query('UPDATE persons SET curp_bidx = $2 WHERE person_id = $1', [
                  p.person_id,
                  curpOf(p.person_id),
                ]);
            // corrections that come and go: an identification moved to an early date and back, an earlier one
            // added then deleted, a CURP removed and set again
            const idf = ids[touchIdf]!;
            const person = FIXTURE.persons[touchPerson]!.person_id;
            await db.query(
              "UPDATE identifications SET date = '1990-01-01', primary_form = 'organ_removal' WHERE identification_id = $1",
              [idf.identification_id],
            );
            await expectConsistent(db);
            await db.query(
              'UPDATE identifications SET date = $2, primary_form = $3 WHERE identification_id = $1',
              [idf.identification_id, idf.date, idf.primary_form],
            );
            await expectConsistent(db);
            // an identification moved to another person record and back
            await db.query('UPDATE identifications SET person_id = $2 WHERE identification_id = $1', [
              idf.identification_id,
              person,
            ]);
            await expectConsistent(db);
            await db.query('UPDATE identifications SET person_id = $2 WHERE identification_id = $1', [
              idf.identification_id,
              idf.person_id,
            ]);
            await expectConsistent(db);
            // its state changed, removed (the agency's then) and set back (report_key_year.sts, migration 202)
            for (const st of ['05', null, idf.state_code ?? null]) {
              await db.query('UPDATE identifications SET state_code = $2 WHERE identification_id = $1', [
                idf.identification_id,
                st,
              ]);
              await expectConsistent(db);
            }
            await db.query(
              `INSERT INTO identifications (identification_id, person_id, agency_id, date, primary_form, state_code, row_hash)
               VALUES ('zz-extra', $1, $2, '1980-01-01', 'organ_removal', '07', '-')`,
              [person, FIXTURE.agencies[0]!.agency_id],
            );
            await expectConsistent(db);
            await db.query("DELETE FROM identifications WHERE identification_id = 'zz-extra'");
            await expectConsistent(db);
            await db.query('UPDATE persons SET curp_bidx = NULL WHERE person_id = $1', [person]);
            await expectConsistent(db);
            await db.query('UPDATE persons SET curp_bidx = $2 WHERE person_id = $1', [
              person,
              curpOf(person),
            ]);
            await expectConsistent(db);
            // the other records, then the figures
            await insertReportData(
              db,
              {
                ...FIXTURE,
                persons: [],
                identifications: [],
                ...(servicesFirst ? { services: [], referrals: [] } : {}),
              },
              curpOf,
            );
            await expectConsistent(db);
            // corrections of services, referrals, persons and agencies that come and go
            const svc = FIXTURE.services[touch.service]!;
            const ref = FIXTURE.referrals[touch.referral]!;
            // a service moved to another person record and back, open at the start, inverted across years
            await db.query('UPDATE services SET person_id = $2 WHERE service_id = $1', [
              svc.service_id,
              person,
            ]);
            await expectConsistent(db);
            await db.query('UPDATE services SET person_id = $2 WHERE service_id = $1', [
              svc.service_id,
              svc.person_id,
            ]);
            await expectConsistent(db);
            await db.query(
              "UPDATE services SET start_date = NULL, end_date = '2019-05-01' WHERE service_id = $1",
              [svc.service_id],
            );
            await expectConsistent(db);
            await db.query(
              "UPDATE services SET start_date = '2024-03-01', end_date = '2023-02-01' WHERE service_id = $1",
              [svc.service_id],
            );
            await expectConsistent(db);
            // a referral moved to another person and year, and back
            await db.query('UPDATE referrals SET person_id = $2, date = $3 WHERE referral_id = $1', [
              ref.referral_id,
              person,
              '2021-07-07',
            ]);
            await expectConsistent(db);
            await db.query('UPDATE referrals SET person_id = $2, date = $3 WHERE referral_id = $1', [
              ref.referral_id,
              ref.person_id,
              ref.date,
            ]);
            await db.query('UPDATE services SET start_date = $2, end_date = $3 WHERE service_id = $1', [
              svc.service_id,
              svc.start_date,
              svc.end_date,
            ]);
            await expectConsistent(db);
            await db.query('DELETE FROM services WHERE service_id = $1', [svc.service_id]);
            await db.query('DELETE FROM referrals WHERE referral_id = $1', [ref.referral_id]);
            await expectConsistent(db);
            await insertReportData(db, { ...NONE, services: [svc], referrals: [ref] }, curpOf);
            await expectConsistent(db);
            // a person's sex, birth date and nationality changed and set back; an agency's level and state
            const before = (
              await db.query(
                'SELECT sex, birth_year, birth_month, birth_day, nationality FROM persons WHERE person_id = $1',
                [person],
              )
            ).rows[0]!;
            for (const set of [
              "sex = 'intersex'",
              'birth_year = 1901, birth_month = NULL, birth_day = NULL',
              "nationality = 'GTM'",
            ]) {
              await db.query(`UPDATE persons SET ${set} WHERE person_id = $1`, [person]);
              await expectConsistent(db);
            }
            await db.query(
              `UPDATE persons SET sex = $2, birth_year = $3, birth_month = $4, birth_day = $5, nationality = $6
                WHERE person_id = $1`,
              [
                person,
                before.sex,
                before.birth_year,
                before.birth_month,
                before.birth_day,
                before.nationality,
              ],
            );
            await expectConsistent(db);
            const agency = FIXTURE.agencies[touch.agency]!;
            await db.query("UPDATE agencies SET level = 'state', state_code = '31' WHERE id = $1", [
              agency.agency_id,
            ]);
            await expectConsistent(db);
            await db.query('UPDATE agencies SET level = $2, state_code = $3 WHERE id = $1', [
              agency.agency_id,
              agency.level,
              agency.state_code,
            ]);
            await expectConsistent(db);
            // with the links: the fixture's persons joined by the counting links (read through the copies of
            // migration 208) as the pure computation joins them
            // the last write of a pair wins (the upsert above)
            const last = new Map<string, (typeof links)[number]>();
            for (const l of links) {
              const pair = [FIXTURE.persons[l.a]!.person_id, FIXTURE.persons[l.b]!.person_id]
                .sort()
                .join('|');
              last.set(pair, l);
            }
            const finalSets = new KeyedSets();
            for (const [pair, l] of last) {
              const [a, b] = pair.split('|') as [string, string];
              if (a !== b && (l.decision === 'confirmed' || (l.decision === null && l.probability >= 0.5)))
                finalSets.union(fixtureKey(a), fixtureKey(b));
            }
            const linkedKey = (id: string) => finalSets.find(fixtureKey(id));
            for (const y of [2022, 2023, 2024])
              expect(await fastAnnualReport(db, y)).toEqual(computeAnnualReport(y, FIXTURE, linkedKey));
            await db.query('DELETE FROM person_links');
            const { kept, scratch } = await firstTables(db);
            expect(kept).toEqual(scratch);
            expect(await linkedCopyDifferences(db)).toEqual(NO_DIFFERENCE);
            expect(kept.first).toHaveLength(new Set(ids.map((i) => fixtureKey(i.person_id))).size);
            for (const [i, y] of [2022, 2023, 2024].entries())
              expect(await fastAnnualReport(db, y)).toEqual(expected[i]);
          },
        ),
        { numRuns: 12 },
      );
    } finally {
      await db.close();
    }
  }, 120_000);

  it('follows a person whose CURP changes to another person, and deletions of persons', async () => {
    const db = await open();
    try {
      await insertReportData(db, FIXTURE, curpOf);
      // the sets of V1 and V2 merged by a CURP correction, then split again
      const v1 = curpOf('p1a');
      await db.query("UPDATE persons SET curp_bidx = $1 WHERE person_id IN ('p2a', 'p2b')", [v1]);
      let { kept, scratch } = await firstTables(db);
      expect(kept).toEqual(scratch);
      const merged: Record<string, string> = { ...FIXTURE_LINKS, p2a: 'V1', p2b: 'V1' };
      for (const y of [2022, 2023, 2024])
        expect(await fastAnnualReport(db, y)).toEqual(
          computeAnnualReport(y, FIXTURE, (id) => merged[id] ?? id),
        );
      await db.query("UPDATE persons SET curp_bidx = $1 WHERE person_id IN ('p2a', 'p2b')", [curpOf('p2a')]);
      ({ kept, scratch } = await firstTables(db));
      expect(kept).toEqual(scratch);
      for (const y of [2022, 2023, 2024])
        expect(await fastAnnualReport(db, y)).toEqual(computeAnnualReport(y, FIXTURE, fixtureKey));
      // a person with everything removed (case work's erasure order): its key's first moves to the others
      const gone = 'p1a';
      await db.query('DELETE FROM restitution_payments WHERE victim_person_id = $1', [gone]);
      await db.query('DELETE FROM services WHERE person_id = $1', [gone]);
      await db.query('DELETE FROM referrals WHERE person_id = $1', [gone]);
      await db.query('UPDATE prosecutions SET defendant_person_id = NULL WHERE defendant_person_id = $1', [
        gone,
      ]);
      await db.query('DELETE FROM identifications WHERE person_id = $1', [gone]);
      await expectConsistent(db);
      await db.query('DELETE FROM persons WHERE person_id = $1', [gone]);
      ({ kept, scratch } = await firstTables(db));
      expect(kept).toEqual(scratch);
      const rest: ReportData = {
        ...FIXTURE,
        persons: FIXTURE.persons.filter((p) => p.person_id !== gone),
        identifications: FIXTURE.identifications.filter((i) => i.person_id !== gone),
        services: FIXTURE.services.filter((i) => i.person_id !== gone),
        referrals: FIXTURE.referrals.filter((i) => i.person_id !== gone),
        payments: FIXTURE.payments.filter((i) => i.victim_person_id !== gone),
        prosecutions: FIXTURE.prosecutions.map((p) =>
          p.defendant_person_id === gone ? { ...p, defendant_person_id: null } : p,
        ),
      };
      for (const y of [2022, 2023, 2024])
        expect(await fastAnnualReport(db, y)).toEqual(computeAnnualReport(y, rest, fixtureKey));
      // a new person and their identification in one statement (data-modifying CTE): the triggers of the
      // two tables may fire in either order
      await db.query(
        `WITH p AS (INSERT INTO persons (person_id, agency_id, curp_bidx, row_hash) VALUES ('p-new', 'fgr', NULL, '-'))
         INSERT INTO identifications (identification_id, person_id, agency_id, date, primary_form, row_hash)
         VALUES ('i-new', 'p-new', 'fgr', '2023-02-02', 'slavery', '-')`,
      );
      await expectConsistent(db);
      expect(
        (await db.query("SELECT first_id FROM report_key_first WHERE base_key = 'p:p-new'")).rows,
      ).toEqual([{ first_id: 'i-new' }]);
      await db.query('TRUNCATE identifications CASCADE');
      ({ kept, scratch } = await firstTables(db));
      expect(kept).toEqual(scratch);
      expect(kept.served.length).toBeGreaterThan(0);
      await db.query('TRUNCATE referrals');
      ({ kept, scratch } = await firstTables(db));
      expect(kept).toEqual(scratch);
      await db.query('TRUNCATE services');
      ({ kept, scratch } = await firstTables(db));
      expect(kept).toEqual(scratch);
      expect(kept.served).toEqual([]);
    } finally {
      await db.close();
    }
  }, 60_000);
});

describe.each(testDatabases().filter((d) => d.name === 'postgres'))(
  'counts kept per group (migration 205) with concurrent writers on $name',
  ({ open }) => {
    it('a compaction beside an uncommitted write, and two compactions at once, keep every count', async () => {
      const db = await open();
      try {
        await insertReportData(db, FIXTURE, curpOf);
        // a writer appends its counts and has not committed when another connection folds the tables: the fold
        // does not see them (nor delete them); they count once committed
        await db.transaction(async (tx) => {
          await tx.query(
            `INSERT INTO identifications (identification_id, person_id, agency_id, date, primary_form, state_code, row_hash)
             VALUES ('i-late', 'p2a', 'fgj-cdmx', '2023-01-05', 'sexual', '15', '-')`,
          );
          await tx.query("UPDATE persons SET sex = 'male' WHERE person_id = 'p2a'");
          await Promise.all([
            db.query('SELECT report_agg_compact()'),
            db.query('SELECT report_agg_compact()'),
          ]);
        });
        await expectConsistent(db);
        // and a writer that rolls back leaves nothing
        await db
          .transaction(async (tx) => {
            await tx.query("DELETE FROM identifications WHERE identification_id = 'i-late'");
            await db.query('SELECT report_agg_compact()');
            throw new Error('rolled back');
          })
          .catch(() => undefined);
        await expectConsistent(db);
        expect(
          (
            await db.query(
              "SELECT count(*)::int AS n FROM identifications WHERE identification_id = 'i-late'",
            )
          ).rows,
        ).toEqual([{ n: 1 }]);
        // the kept tables truncated (as a rebuild does): their counts go with them
        await db.query('TRUNCATE report_key_year, report_key_served');
        expect(
          (
            await db.query(
              `SELECT ((SELECT count(*) FROM report_agg_victims) + (SELECT count(*) FROM report_agg_form_states)
                    + (SELECT count(*) FROM report_agg_states) + (SELECT count(*) FROM report_agg_served))::int AS n`,
            )
          ).rows,
        ).toEqual([{ n: 0 }]);
      } finally {
        await db.close();
      }
    }, 60_000);

    it("a link and a record of its key written at once: the linked keys' copies hold what both committed (migration 208)", async () => {
      const db = await open();
      // resolves once another session waits for a lock on report_linked_keys (no clock: polled between turns), or
      // once the other write is done without waiting
      const someoneWaits = async (other: Promise<unknown>) => {
        let done = false;
        void other.then(
          () => {
            done = true;
          },
          () => {
            done = true;
          },
        );
        while (!done) {
          const { rows } = await db.query<{ n: number }>(
            "SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND relation = 'report_linked_keys'::regclass",
          );
          if (rows[0]!.n > 0) return;
          await new Promise((r) => setImmediate(r));
        }
      };
      const identification = (id: string, person: string) =>
        `INSERT INTO identifications (identification_id, person_id, agency_id, date, primary_form, state_code, row_hash)
         VALUES ('${id}', '${person}', 'fgj-cdmx', '2023-02-01', 'labor', '15', '-')`;
      try {
        await insertReportData(db, FIXTURE, curpOf);
        // a record first, uncommitted: the link written meanwhile waits for it, then copies the committed rows
        let linkWritten: Promise<unknown> | undefined;
        await db.transaction(async (tx) => {
          await tx.query(identification('i-first', 'p4'));
          linkWritten = db.query(
            "INSERT INTO person_links (person_a, person_b, probability) VALUES ('p4', 'p5', 0.99)",
          );
          await someoneWaits(linkWritten);
        });
        await linkWritten;
        expect(await linkedCopyDifferences(db)).toEqual(NO_DIFFERENCE);
        // a link first, uncommitted: the record written meanwhile waits for it, then sees its key linked
        let recordWritten: Promise<unknown> | undefined;
        await db.transaction(async (tx) => {
          await tx.query(
            "INSERT INTO person_links (person_a, person_b, probability) VALUES ('p6', 'p7', 0.99)",
          );
          recordWritten = db.query(identification('i-second', 'p6'));
          await someoneWaits(recordWritten);
        });
        await recordWritten;
        expect(await linkedCopyDifferences(db)).toEqual(NO_DIFFERENCE);
        expect(
          (
            await db.query<{ n: number }>(
              "SELECT count(*)::int AS n FROM report_linked_key_year WHERE n > 0 AND d[2] IN ('i-first', 'i-second')",
            )
          ).rows,
        ).toEqual([{ n: 2 }]);
        await expectConsistent(db);
      } finally {
        await db.close();
      }
    }, 60_000);
  },
);
