-- Issue 13: the states of all the identification records of each base key and year in `report_key_year`
-- (migration 200), so the annual report's figures by state (the map: victims and identification records per state,
-- computeStateFigures in @enlace/core/report/breakdown) are a scan of one year's rows of that narrow table (the
-- linked persons of the linkage engine combined at read time) instead of a join of the year's identifications
-- with persons and agencies (apps/server/src/report/extras-sql.ts, STATES_SQL; STATES_JOIN_SQL the reference).
--
-- Invariant of 200, plus:
--   sts  the state of each of its records of the year that has one (the record's own, else its agency's; empty
--        text as none, like Agencies.state), one element per record, sorted (so: the distinct states of the
--        person and the count of records per state).
-- Kept by the same triggers as the other columns (their functions replaced here): inserted identifications merge
-- their states into the row (sorted concatenation), any other change recomputes the keys from scratch.
-- apps/server/src/report/repository.test.ts checks it against a computation from scratch after every write.

ALTER TABLE report_key_year ADD COLUMN sts text[] COLLATE "C" NOT NULL DEFAULT '{}';

CREATE OR REPLACE FUNCTION report_key_year_recompute(keys text[]) RETURNS void LANGUAGE plpgsql
  SET enable_seqscan = off SET jit = off SET datestyle = 'ISO, YMD' AS $$
BEGIN
  IF keys IS NULL OR cardinality(keys) = 0 THEN RETURN; END IF;
  DELETE FROM report_key_year WHERE base_key = ANY (keys);
  INSERT INTO report_key_year (base_key, year, d, nat, fed, sta, sls, n, sts)
  SELECT k.bk, extract(year FROM i.date)::int,
         min(ARRAY[i.date::text, i.identification_id COLLATE "C", i.primary_form, m.sex, m.birth]),
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
                   report_birth_text(p.birth_year, p.birth_month, p.birth_day)]),
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

-- The records already there: the table rebuilt in this transaction (a new file, no dead rows left behind for the
-- report's sequential scans, as an UPDATE of every row would leave).
TRUNCATE report_key_year;
SET LOCAL datestyle = 'ISO, YMD';
INSERT INTO report_key_year (base_key, year, d, nat, fed, sta, sls, n, sts)
SELECT report_base_key(p.curp_bidx, p.person_id), extract(year FROM i.date)::int,
       min(ARRAY[i.date::text, i.identification_id COLLATE "C", i.primary_form, p.sex,
                 report_birth_text(p.birth_year, p.birth_month, p.birth_day)]),
       min(ARRAY[i.date::text, i.identification_id COLLATE "C", p.nationality]) FILTER (WHERE p.nationality IS NOT NULL),
       bool_or(a.level = 'federal'), bool_or(a.level IN ('state', 'municipal')),
       COALESCE(array_agg(DISTINCT COALESCE(i.state_code, a.state_code) COLLATE "C" ORDER BY COALESCE(i.state_code, a.state_code) COLLATE "C")
                  FILTER (WHERE a.level IN ('state', 'municipal') AND COALESCE(i.state_code, a.state_code) IS NOT NULL), '{}'),
       count(*),
       COALESCE(array_agg(COALESCE(NULLIF(i.state_code, ''), NULLIF(a.state_code, '')) COLLATE "C"
                          ORDER BY COALESCE(NULLIF(i.state_code, ''), NULLIF(a.state_code, '')) COLLATE "C")
                  FILTER (WHERE COALESCE(NULLIF(i.state_code, ''), NULLIF(a.state_code, '')) IS NOT NULL), '{}')
  FROM identifications i JOIN persons p ON p.person_id = i.person_id JOIN agencies a ON a.id = i.agency_id
 GROUP BY 1, 2;
