/**
 * The JSON report of one year with the per-person work done in SQL: the decisive identification of every
 * linked person of the year (GROUP BY person key, ordered array_agg), and the form of the earliest
 * identification ever of the persons served or referred (DISTINCT ON). The small event tables are loaded
 * as records. Tallies, ages and groups are the core's (`assembleAnnualReport`, `sexAge`, `formGroup`), and
 * repository.test.ts checks that this path gives the pure computation's figures.
 */

import { type Form, type FormGroup, formGroup, type Sex } from '@enlace/core';
import { sexAge } from '@enlace/core/report/age';
import { type AnnualReport, assembleAnnualReport, type VictimInputs } from '@enlace/core/report/compute';
import type { Db } from '../db/index.ts';
import { BASE_KEY, linkRoots, loadEvents, textRows } from './repository.ts';

const BIRTH = `CASE WHEN p.birth_year IS NULL THEN NULL
  WHEN p.birth_month IS NULL THEN lpad(p.birth_year::text, 4, '0')
  WHEN p.birth_day IS NULL THEN lpad(p.birth_year::text, 4, '0') || '-' || lpad(p.birth_month::text, 2, '0')
  ELSE lpad(p.birth_year::text, 4, '0') || '-' || lpad(p.birth_month::text, 2, '0') || '-' || lpad(p.birth_day::text, 2, '0') END`;
const SERVICE_IN_YEAR =
  '(s.start_date IS NOT NULL OR s.end_date IS NOT NULL) AND (s.start_date IS NULL OR s.start_date <= $2) AND (s.end_date IS NULL OR s.end_date >= $1)';

const M = 'm AS (SELECT k, root FROM unnest($3::text[], $4::text[]) AS m(k, root))';
/** Per linked person of the year ($1..$2): decisive form, date, sex, birth, nationality, levels, states. */
export const VICTIM_FACTS_SQL = `WITH ${M},
  i AS MATERIALIZED (
    SELECT COALESCE(m.root, ${BASE_KEY}) AS k, i.identification_id, i.date, i.primary_form, p.sex, ${BIRTH} AS birth,
           p.nationality AS nat, a.level, COALESCE(i.state_code, a.state_code) AS st
      FROM identifications i
      JOIN persons p ON p.person_id = i.person_id
      JOIN agencies a ON a.id = i.agency_id
      LEFT JOIN m ON m.k = ${BASE_KEY}
     WHERE i.date BETWEEN $1 AND $2),
  d AS (SELECT DISTINCT ON (k) k, primary_form AS form, date::text AS d, sex, birth FROM i
         ORDER BY k, date, identification_id COLLATE "C"),
  nat AS (SELECT DISTINCT ON (k) k, nat FROM i WHERE nat IS NOT NULL ORDER BY k, date, identification_id COLLATE "C"),
  g AS (SELECT k, bool_or(level = 'federal') AS fed, bool_or(level IN ('state', 'municipal')) AS sta,
               string_agg(DISTINCT st, ';') FILTER (WHERE level IN ('state', 'municipal') AND st IS NOT NULL) AS sls,
               count(*) AS n
          FROM i GROUP BY k)
SELECT d.k, d.form, d.d, d.sex, d.birth, nat.nat, g.fed, g.sta, g.sls, g.n
  FROM d JOIN g ON g.k = d.k LEFT JOIN nat ON nat.k = d.k`;
/** Distinct linked persons served / referred in the year by the form of their earliest identification ever. */
export const SERVED_GROUPS_SQL = `WITH ${M},
       sp AS (SELECT DISTINCT 's' AS what, COALESCE(m.root, ${BASE_KEY}) AS root
                FROM services s JOIN persons p ON p.person_id = s.person_id LEFT JOIN m ON m.k = ${BASE_KEY}
               WHERE ${SERVICE_IN_YEAR}
              UNION
              SELECT DISTINCT 'r', COALESCE(m.root, ${BASE_KEY})
                FROM referrals r JOIN persons p ON p.person_id = r.person_id LEFT JOIN m ON m.k = ${BASE_KEY}
               WHERE r.date BETWEEN $1 AND $2),
       roots AS (SELECT DISTINCT root FROM sp),
       basekeys AS (SELECT root AS k, root FROM roots UNION SELECT m.k, m.root FROM m JOIN roots USING (root)),
       members AS (SELECT p.person_id, bk.root FROM basekeys bk JOIN persons p ON p.curp_bidx = substr(bk.k, 3)
                    WHERE bk.k LIKE 'c:%'
                   UNION ALL
                   SELECT p.person_id, bk.root FROM basekeys bk JOIN persons p ON p.person_id = substr(bk.k, 3)
                    WHERE bk.k LIKE 'p:%' AND p.curp_bidx IS NULL),
       first AS (SELECT DISTINCT ON (mb.root) mb.root, i.primary_form
                   FROM members mb JOIN identifications i ON i.person_id = mb.person_id
                  ORDER BY mb.root, i.date, i.identification_id COLLATE "C")
       SELECT sp.what, COALESCE(f.primary_form, 'unspecified') AS form, count(*) AS n
         FROM sp LEFT JOIN first f USING (root) GROUP BY 1, 2`;

export async function fastAnnualReport(db: Db, year: number): Promise<AnnualReport> {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const { roots, personKeyOf } = await linkRoots(db);
  const mKeys = [...roots.keys()];
  const mRoots = mKeys.map((k) => roots.get(k)!);
  const params = [from, to, mKeys, mRoots];
  const [facts, groups, events] = await Promise.all([
    textRows(
      db,
      VICTIM_FACTS_SQL,
      ['k', 'form', 'd', 'sex', 'birth', 'nat', 'fed', 'sta', 'sls', 'n'],
      params,
      ['fed', 'sta'],
    ),
    textRows(db, SERVED_GROUPS_SQL, ['what', 'form', 'n'], params),
    loadEvents(db, from, to),
  ]);
  const served: FormGroup[] = [];
  const referred: FormGroup[] = [];
  for (const g of groups) {
    const list = g.what === 's' ? served : referred;
    for (let i = 0; i < Number(g.n); i++) list.push(formGroup(g.form as Form));
  }
  let records = 0;
  const v: VictimInputs = {
    facts: facts.map((f) => {
      records += Number(f.n);
      const levels: Array<'federal' | 'state'> = [];
      if (f.fed) levels.push('federal');
      if (f.sta) levels.push('state');
      return {
        group: formGroup(f.form as Form),
        sexAge: sexAge((f.sex as Sex | null) ?? null, f.birth ?? null, f.d),
        nationality: f.nat ?? null,
        levels,
        stateLevelStates: f.sls ? String(f.sls).split(';') : [],
      };
    }),
    identificationRecords: 0,
    servedGroups: served,
    referredGroups: referred,
  };
  v.identificationRecords = records;
  return assembleAnnualReport(year, events.data, personKeyOf(events.paymentKeys), v);
}
