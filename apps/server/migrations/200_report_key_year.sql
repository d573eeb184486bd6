-- Issue 13: the facts of each base key (CURP blind index, else the person record) in each year it was identified,
-- kept at write time, so the annual report's victims are a scan of one year's rows of a narrow table (the linked
-- persons of the linkage engine combined at read time) instead of a join of the year's identifications with
-- persons and agencies (apps/server/src/report/fast.ts, VICTIM_FACTS_SQL: the same facts per linked person).
--
-- Invariant, at the end of every statement: one row per (base key, year) that has identifications dated in that
-- year, holding over them:
--   d    the decisive identification: the minimum of ARRAY[date, identification_id, primary_form, sex, birth]
--        (arrays compare element by element in byte order: earliest date, then smallest id), sex and birth date of
--        its person record (birth as 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD');
--   nat  the minimum of ARRAY[date, identification_id, nationality] over the records whose person has one (null
--        when none);
--   fed / sta  identified by a federal / a state or municipal agency;
--   sls  the distinct states (the record's own, else its agency's) of its state and municipal records, sorted;
--   n    the number of identification records.
-- Dates are written as text in ISO form whatever the session's DateStyle (the functions set it).
--
-- Kept by statement-level triggers with transition tables (one set-based statement per import batch):
-- identifications inserted are merged into their keys' rows (an upsert: minima, or, union of states, sum); any
-- other change recomputes the keys it touches from scratch: identifications updated (both versions) or deleted,
-- persons whose CURP blind index, sex, birth date or nationality changed (old and new key) or that are deleted,
-- agencies whose level or state changed (the keys of their identifications); truncation empties it. A new
-- person or agency changes nothing (no identification yet). The functions reach the tables by index only.
-- docs/report.md; apps/server/src/report/repository.test.ts checks it against a computation from scratch after
-- every write, in any order of import, and fast-equality.test.ts the figures against the pure computation.

CREATE TABLE report_key_year (
  base_key text NOT NULL,
  year int NOT NULL,
  d text[] COLLATE "C" NOT NULL,
  nat text[] COLLATE "C",
  fed boolean NOT NULL,
  sta boolean NOT NULL,
  sls text[] COLLATE "C" NOT NULL,
  n int NOT NULL,
  PRIMARY KEY (base_key, year)
);
-- No index on year: a year's rows lie on nearly every page (identifications arrive in any order of date), so the
-- report reads the table sequentially (as fast as by an index at 1,000,000 persons), and writes keep one index.

-- A person record's birth date as the report reads it: 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' (null without a year).
CREATE FUNCTION report_birth_text(y smallint, m smallint, d smallint) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN y IS NULL THEN NULL
    WHEN m IS NULL THEN lpad(y::text, 4, '0')
    WHEN d IS NULL THEN lpad(y::text, 4, '0') || '-' || lpad(m::text, 2, '0')
    ELSE lpad(y::text, 4, '0') || '-' || lpad(m::text, 2, '0') || '-' || lpad(d::text, 2, '0') END $$;

-- The facts of the given base keys in every year, from scratch (keys without identifications lose their rows).
CREATE FUNCTION report_key_year_recompute(keys text[]) RETURNS void LANGUAGE plpgsql
  SET enable_seqscan = off SET jit = off SET datestyle = 'ISO, YMD' AS $$
BEGIN
  IF keys IS NULL OR cardinality(keys) = 0 THEN RETURN; END IF;
  DELETE FROM report_key_year WHERE base_key = ANY (keys);
  INSERT INTO report_key_year (base_key, year, d, nat, fed, sta, sls, n)
  SELECT k.bk, extract(year FROM i.date)::int,
         min(ARRAY[i.date::text, i.identification_id COLLATE "C", i.primary_form, m.sex, m.birth]),
         min(ARRAY[i.date::text, i.identification_id COLLATE "C", m.nationality]) FILTER (WHERE m.nationality IS NOT NULL),
         bool_or(a.level = 'federal'), bool_or(a.level IN ('state', 'municipal')),
         COALESCE(array_agg(DISTINCT COALESCE(i.state_code, a.state_code) COLLATE "C" ORDER BY COALESCE(i.state_code, a.state_code) COLLATE "C")
                    FILTER (WHERE a.level IN ('state', 'municipal') AND COALESCE(i.state_code, a.state_code) IS NOT NULL), '{}'),
         count(*)
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

-- New identifications: merged into the rows of their keys and years.
CREATE FUNCTION report_key_year_identifications_inserted() RETURNS trigger LANGUAGE plpgsql
  SET enable_seqscan = off SET jit = off SET datestyle = 'ISO, YMD' AS $$
BEGIN
  INSERT INTO report_key_year AS r (base_key, year, d, nat, fed, sta, sls, n)
  SELECT report_base_key(p.curp_bidx, p.person_id), extract(year FROM i.date)::int,
         min(ARRAY[i.date::text, i.identification_id COLLATE "C", i.primary_form, p.sex,
                   report_birth_text(p.birth_year, p.birth_month, p.birth_day)]),
         min(ARRAY[i.date::text, i.identification_id COLLATE "C", p.nationality]) FILTER (WHERE p.nationality IS NOT NULL),
         bool_or(a.level = 'federal'), bool_or(a.level IN ('state', 'municipal')),
         COALESCE(array_agg(DISTINCT COALESCE(i.state_code, a.state_code) COLLATE "C" ORDER BY COALESCE(i.state_code, a.state_code) COLLATE "C")
                    FILTER (WHERE a.level IN ('state', 'municipal') AND COALESCE(i.state_code, a.state_code) IS NOT NULL), '{}'),
         count(*)
    FROM new_rows i JOIN persons p ON p.person_id = i.person_id JOIN agencies a ON a.id = i.agency_id
   GROUP BY 1, 2
  ON CONFLICT (base_key, year) DO UPDATE
     SET d = least(r.d, EXCLUDED.d), nat = least(r.nat, EXCLUDED.nat), fed = r.fed OR EXCLUDED.fed,
         sta = r.sta OR EXCLUDED.sta,
         sls = CASE WHEN EXCLUDED.sls <@ r.sls THEN r.sls
                    ELSE ARRAY(SELECT DISTINCT s COLLATE "C" FROM unnest(r.sls || EXCLUDED.sls) s ORDER BY 1) END,
         n = r.n + EXCLUDED.n;
  RETURN NULL;
END $$;

-- Changed identifications (any column the facts read): recompute the keys of both versions.
CREATE FUNCTION report_key_year_identifications_updated() RETURNS trigger LANGUAGE plpgsql
  SET enable_seqscan = off SET jit = off AS $$
BEGIN
  PERFORM report_key_year_recompute(ARRAY(
    SELECT DISTINCT report_base_key(p.curp_bidx, p.person_id)
      FROM ((SELECT identification_id, person_id, agency_id, date, state_code, primary_form FROM old_rows
             EXCEPT SELECT identification_id, person_id, agency_id, date, state_code, primary_form FROM new_rows)
            UNION
            (SELECT identification_id, person_id, agency_id, date, state_code, primary_form FROM new_rows
             EXCEPT SELECT identification_id, person_id, agency_id, date, state_code, primary_form FROM old_rows)) ch
      JOIN persons p ON p.person_id = ch.person_id));
  RETURN NULL;
END $$;

-- Deleted identifications: recompute their keys (a person deleted in the same statement: persons_deleted below).
CREATE FUNCTION report_key_year_identifications_deleted() RETURNS trigger LANGUAGE plpgsql
  SET enable_seqscan = off SET jit = off AS $$
BEGIN
  PERFORM report_key_year_recompute(ARRAY(
    SELECT DISTINCT report_base_key(p.curp_bidx, p.person_id)
      FROM (SELECT DISTINCT person_id FROM old_rows) o JOIN persons p ON p.person_id = o.person_id));
  RETURN NULL;
END $$;

CREATE FUNCTION report_key_year_identifications_truncated() RETURNS trigger LANGUAGE plpgsql SET jit = off AS $$
BEGIN
  DELETE FROM report_key_year;
  RETURN NULL;
END $$;

-- Persons whose key or whose attributes the facts read changed: recompute the old and the new key.
CREATE FUNCTION report_key_year_persons_updated() RETURNS trigger LANGUAGE plpgsql
  SET enable_seqscan = off SET jit = off AS $$
BEGIN
  PERFORM report_key_year_recompute(ARRAY(
    SELECT DISTINCT k FROM old_rows o JOIN new_rows n ON n.person_id = o.person_id,
                  LATERAL (VALUES (report_base_key(o.curp_bidx, o.person_id)),
                                  (report_base_key(n.curp_bidx, n.person_id))) v(k)
     WHERE o.curp_bidx IS DISTINCT FROM n.curp_bidx OR o.sex IS DISTINCT FROM n.sex
        OR o.birth_year IS DISTINCT FROM n.birth_year OR o.birth_month IS DISTINCT FROM n.birth_month
        OR o.birth_day IS DISTINCT FROM n.birth_day OR o.nationality IS DISTINCT FROM n.nationality));
  RETURN NULL;
END $$;

-- Deleted persons (their identifications are gone first, or in the same statement): recompute their keys.
CREATE FUNCTION report_key_year_persons_deleted() RETURNS trigger LANGUAGE plpgsql
  SET enable_seqscan = off SET jit = off AS $$
BEGIN
  PERFORM report_key_year_recompute(ARRAY(SELECT DISTINCT report_base_key(o.curp_bidx, o.person_id) FROM old_rows o));
  RETURN NULL;
END $$;

-- Agencies whose level or state changed: recompute the keys of their identifications.
CREATE FUNCTION report_key_year_agencies_updated() RETURNS trigger LANGUAGE plpgsql
  SET enable_seqscan = off SET jit = off AS $$
BEGIN
  PERFORM report_key_year_recompute(ARRAY(
    SELECT DISTINCT report_base_key(p.curp_bidx, p.person_id)
      FROM old_rows o JOIN new_rows n ON n.id = o.id
      JOIN identifications i ON i.agency_id = n.id
      JOIN persons p ON p.person_id = i.person_id
     WHERE o.level IS DISTINCT FROM n.level OR o.state_code IS DISTINCT FROM n.state_code));
  RETURN NULL;
END $$;

CREATE TRIGGER report_key_year_ins AFTER INSERT ON identifications REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_key_year_identifications_inserted();
CREATE TRIGGER report_key_year_upd AFTER UPDATE ON identifications
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_key_year_identifications_updated();
CREATE TRIGGER report_key_year_del AFTER DELETE ON identifications REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_key_year_identifications_deleted();
CREATE TRIGGER report_key_year_trunc AFTER TRUNCATE ON identifications
  FOR EACH STATEMENT EXECUTE FUNCTION report_key_year_identifications_truncated();
CREATE TRIGGER report_key_year_upd AFTER UPDATE ON persons
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_key_year_persons_updated();
CREATE TRIGGER report_key_year_del AFTER DELETE ON persons REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_key_year_persons_deleted();
CREATE TRIGGER report_key_year_upd AFTER UPDATE ON agencies
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_key_year_agencies_updated();

-- The records already there.
SET LOCAL datestyle = 'ISO, YMD';
INSERT INTO report_key_year (base_key, year, d, nat, fed, sta, sls, n)
SELECT report_base_key(p.curp_bidx, p.person_id), extract(year FROM i.date)::int,
       min(ARRAY[i.date::text, i.identification_id COLLATE "C", i.primary_form, p.sex,
                 report_birth_text(p.birth_year, p.birth_month, p.birth_day)]),
       min(ARRAY[i.date::text, i.identification_id COLLATE "C", p.nationality]) FILTER (WHERE p.nationality IS NOT NULL),
       bool_or(a.level = 'federal'), bool_or(a.level IN ('state', 'municipal')),
       COALESCE(array_agg(DISTINCT COALESCE(i.state_code, a.state_code) COLLATE "C" ORDER BY COALESCE(i.state_code, a.state_code) COLLATE "C")
                  FILTER (WHERE a.level IN ('state', 'municipal') AND COALESCE(i.state_code, a.state_code) IS NOT NULL), '{}'),
       count(*)
  FROM identifications i JOIN persons p ON p.person_id = i.person_id JOIN agencies a ON a.id = i.agency_id
 GROUP BY 1, 2;
