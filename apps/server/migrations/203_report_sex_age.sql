-- Issue 13: the sex-and-age category of each base key's decisive identification kept in `report_key_year`
-- (migration 200), so the annual report counts the victims of a year by group in SQL (a few thousand grouped rows
-- for three years instead of one row per person that the server turned into text and Node parsed and classified:
-- apps/server/src/report/fast.ts victimFacts).
--
-- Invariant of 200 and 202, with `d` now ARRAY[date, identification_id, primary_form, sex, birth, sexage]: the
-- sixth element is report_sex_age(sex, birth, date) of the decisive identification — the core's `sexAge`
-- (packages/core/src/report/age.ts; the categories of annual-report.md: girls, women, boys, men, unknown). The
-- minimum of the arrays is still decided by (date, identification_id), unique, so a linked person's category is
-- its decisive record's. Kept by the same triggers (their functions replaced here).
-- apps/server/src/report/fast.test.ts checks report_sex_age against `sexAge` on random dates (fast-check).

-- The smallest and largest completed years a person born on `birth` ('YYYY', 'YYYY-MM' or 'YYYY-MM-DD'; a partial
-- date gives a range: its latest day, its first) can have on `d` ('YYYY-MM-DD'): under 18 when the largest is,
-- 18 or over when the smallest is; unknown otherwise, without a sex of female or male, without a birth date that
-- reads as one, or when born after `d`.
CREATE FUNCTION report_sex_age(sex text, birth text, d text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN sex IS NULL OR sex NOT IN ('female', 'male') OR birth IS NULL OR d IS NULL
      OR birth !~ '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$' OR d !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN 'unknown'
    -- largest age below 0: born after the date
    WHEN substr(d, 1, 4)::int - substr(birth, 1, 4)::int
         - (substr(d, 6, 2)::int * 100 + substr(d, 9, 2)::int
            < CASE length(birth) WHEN 4 THEN 101 ELSE substr(birth, 6, 2)::int * 100
                   + CASE length(birth) WHEN 7 THEN 1 ELSE substr(birth, 9, 2)::int END END)::int < 0 THEN 'unknown'
    -- largest age below 18
    WHEN substr(d, 1, 4)::int - substr(birth, 1, 4)::int
         - (substr(d, 6, 2)::int * 100 + substr(d, 9, 2)::int
            < CASE length(birth) WHEN 4 THEN 101 ELSE substr(birth, 6, 2)::int * 100
                   + CASE length(birth) WHEN 7 THEN 1 ELSE substr(birth, 9, 2)::int END END)::int < 18
      THEN CASE sex WHEN 'female' THEN 'girls' ELSE 'boys' END
    -- smallest age 18 or over
    WHEN substr(d, 1, 4)::int - substr(birth, 1, 4)::int
         - (substr(d, 6, 2)::int * 100 + substr(d, 9, 2)::int
            < CASE length(birth) WHEN 4 THEN 1231 ELSE substr(birth, 6, 2)::int * 100
                   + CASE length(birth) WHEN 7 THEN 31 ELSE substr(birth, 9, 2)::int END END)::int >= 18
      THEN CASE sex WHEN 'female' THEN 'women' ELSE 'men' END
    ELSE 'unknown' END $$;

CREATE OR REPLACE FUNCTION report_key_year_recompute(keys text[]) RETURNS void LANGUAGE plpgsql
  SET enable_seqscan = off SET jit = off SET datestyle = 'ISO, YMD' AS $$
BEGIN
  IF keys IS NULL OR cardinality(keys) = 0 THEN RETURN; END IF;
  DELETE FROM report_key_year WHERE base_key = ANY (keys);
  INSERT INTO report_key_year (base_key, year, d, nat, fed, sta, sls, n, sts)
  SELECT k.bk, extract(year FROM i.date)::int,
         min(ARRAY[i.date::text, i.identification_id COLLATE "C", i.primary_form, m.sex, m.birth,
                   report_sex_age(m.sex, m.birth, i.date::text)]),
         min(ARRAY[i.date::text, i.identification_id COLLATE "C", m.nationality]) FILTER (WHERE m.nationality IS NOT NULL),
         bool_or(a.level = 'federal'), bool_or(a.level IN ('state', 'municipal')),
         COALESCE(array_agg(DISTINCT COALESCE(i.state_code, a.state_code) COLLATE "C" ORDER BY COALESCE(i.state_code, a.state_code) COLLATE "C")
                    FILTER (WHERE a.level IN ('state', 'municipal') AND COALESCE(i.state_code, a.state_code) IS NOT NULL), '{}'),
         count(*),
         COALESCE(array_agg(COALESCE(NULLIF(i.state_code, ''), NULLIF(a.state_code, '')) COLLATE "C"
                            ORDER BY COALESCE(NULLIF(i.state_code, ''), NULLIF(a.state_code, '')) COLLATE "C")
                    FILTER (WHERE COALESCE(NULLIF(i.state_code, ''), NULLIF(a.state_code, '')) IS NOT NULL), '{}')
    FROM (SELECT DISTINCT unnest(keys) AS bk) k
    JOIN LATERAL (
      SELECT p.person_id, p.sex, p.nationality, report_birth_text(p.birth_year, p.birth_month, p.birth_day) AS birth
        FROM persons p WHERE k.bk LIKE 'c:%' AND p.curp_bidx = substr(k.bk, 3)
      UNION ALL
      SELECT p.person_id, p.sex, p.nationality, report_birth_text(p.birth_year, p.birth_month, p.birth_day)
        FROM persons p WHERE k.bk LIKE 'p:%' AND p.person_id = substr(k.bk, 3) AND p.curp_bidx IS NULL) m ON true
    JOIN identifications i ON i.person_id = m.person_id
    JOIN agencies a ON a.id = i.agency_id
   GROUP BY 1, 2;
END $$;

CREATE OR REPLACE FUNCTION report_key_year_identifications_inserted() RETURNS trigger LANGUAGE plpgsql
  SET enable_seqscan = off SET jit = off SET datestyle = 'ISO, YMD' AS $$
BEGIN
  INSERT INTO report_key_year AS r (base_key, year, d, nat, fed, sta, sls, n, sts)
  SELECT report_base_key(p.curp_bidx, p.person_id), extract(year FROM i.date)::int,
         min(ARRAY[i.date::text, i.identification_id COLLATE "C", i.primary_form, p.sex,
                   report_birth_text(p.birth_year, p.birth_month, p.birth_day),
                   report_sex_age(p.sex, report_birth_text(p.birth_year, p.birth_month, p.birth_day), i.date::text)]),
         min(ARRAY[i.date::text, i.identification_id COLLATE "C", p.nationality]) FILTER (WHERE p.nationality IS NOT NULL),
         bool_or(a.level = 'federal'), bool_or(a.level IN ('state', 'municipal')),
         COALESCE(array_agg(DISTINCT COALESCE(i.state_code, a.state_code) COLLATE "C" ORDER BY COALESCE(i.state_code, a.state_code) COLLATE "C")
                    FILTER (WHERE a.level IN ('state', 'municipal') AND COALESCE(i.state_code, a.state_code) IS NOT NULL), '{}'),
         count(*),
         COALESCE(array_agg(COALESCE(NULLIF(i.state_code, ''), NULLIF(a.state_code, '')) COLLATE "C"
                            ORDER BY COALESCE(NULLIF(i.state_code, ''), NULLIF(a.state_code, '')) COLLATE "C")
                    FILTER (WHERE COALESCE(NULLIF(i.state_code, ''), NULLIF(a.state_code, '')) IS NOT NULL), '{}')
    FROM new_rows i JOIN persons p ON p.person_id = i.person_id JOIN agencies a ON a.id = i.agency_id
   GROUP BY 1, 2
  ON CONFLICT (base_key, year) DO UPDATE
     SET d = least(r.d, EXCLUDED.d), nat = least(r.nat, EXCLUDED.nat), fed = r.fed OR EXCLUDED.fed,
         sta = r.sta OR EXCLUDED.sta,
         sls = CASE WHEN EXCLUDED.sls <@ r.sls THEN r.sls
                    ELSE ARRAY(SELECT DISTINCT s COLLATE "C" FROM unnest(r.sls || EXCLUDED.sls) s ORDER BY 1) END,
         n = r.n + EXCLUDED.n,
         sts = CASE WHEN cardinality(EXCLUDED.sts) = 0 THEN r.sts
                    ELSE ARRAY(SELECT s COLLATE "C" FROM unnest(r.sts || EXCLUDED.sts) s ORDER BY 1) END;
  RETURN NULL;
END $$;

-- The rows already there: the table rebuilt in this transaction with the category appended (a new file, no dead
-- rows left behind for the report's sequential scans, as an UPDATE of every row would leave).
CREATE TEMP TABLE report_key_year_203 ON COMMIT DROP AS
  SELECT base_key, year, d || report_sex_age(d[4], d[5], d[1]) AS d, nat, fed, sta, sls, n, sts FROM report_key_year;
TRUNCATE report_key_year;
INSERT INTO report_key_year (base_key, year, d, nat, fed, sta, sls, n, sts)
  SELECT base_key, year, d, nat, fed, sta, sls, n, sts FROM report_key_year_203;
