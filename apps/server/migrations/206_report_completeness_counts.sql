-- Issue 13: the completeness notes of a year counted without joining the year's records with every person. The
-- report's completeness (extras-sql.ts COMPLETENESS_JOIN_SQL, the rules of computeCompleteness) says, per dataset and
-- state, how many records of the year there are and how many have the person's sex, age, nationality and the form
-- known. For identifications, services and referrals the person's fields come from persons: the join of a year's
-- ~320,000 such records with the 1,000,000 persons of the benchmark hashed the whole persons table (~0.9 s of the
-- server's CPU, the report bundle's largest part). Here the same counts are kept at write time as a difference array
-- over years:
--
--   report_agg_completeness (ds, agency_id, own_state, year_from) -> records, sex, age, form, nat
--     ds         'i' identifications, 's' services, 'r' referrals;
--     agency_id  the identifying agency, the service's provider, the referral's receiving agency: the record's state
--                is its own (own_state: identifications only, empty text as none), else that agency's, read at report
--                time (so a change of an agency's state needs no change here);
--     a record counts in the years [lo, hi): an identification or referral in the year of its date; a service in
--     the years from its start's to its end's (an open end unbounded; neither date: never; a start after the end's
--     year: never), as the report loads services for a year (extras-sql.ts SERVICE). Each range adds +1 at lo (the
--     smallest int when it has no start) and -1 at hi (nothing when it has no end) to `records` and, when the
--     record has them, to `sex`, `nat` (the person's) and `form` (an identification's form other than
--     'unspecified'). `age`: the person's age is known on the record's date (its birth date reads as one and is not
--     after it; for a service its start, or the last day of the year when it has none: from the year of the birth
--     on, or the next one when the birth's month and day read after December 31), a range of its own.
--
-- Invariant, at the end of every statement: for every year y, the sums over the rows with year_from <= y are the
-- counts of the records of year y by dataset, agency and own state. Rows are appended (-1 times what a statement
-- removed, +1 times what it added; writers never wait on a counter's row) and folded by report_agg_compact().
-- Kept by statement-level triggers: records inserted, updated (the columns read here) or deleted; persons whose sex,
-- nationality or birth date changed (their records counted again with the new values); truncation. A person is
-- deleted only after its records (the foreign keys forbid it before; the application deletes them in that order).
-- apps/server/src/report/repository.test.ts checks the counts of every year 1975-2030 against the records after
-- every write, fast-equality.test.ts the figures against the pure computation.

CREATE TABLE report_agg_completeness (
  ds "char" NOT NULL,
  agency_id text COLLATE "C",
  own_state text COLLATE "C",
  year_from int NOT NULL,
  records int NOT NULL,
  sex int NOT NULL,
  age int NOT NULL,
  form int NOT NULL,
  nat int NOT NULL
);

-- ageRange(birth, on) !== null, as extras-sql.ts AGE_KNOWN: a birth date that reads as one, not after `on_date`.
CREATE FUNCTION report_age_known(y smallint, m smallint, d smallint, on_date date) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT COALESCE(y BETWEEN 0 AND 9999 AND
    ROW(y::int, COALESCE(m::int, 1), CASE WHEN m IS NULL THEN 1 ELSE COALESCE(d::int, 1) END)
      <= ROW(extract(year FROM on_date)::int, extract(month FROM on_date)::int, extract(day FROM on_date)::int), false) $$;

-- The first year whose December 31 the birth date is not after (report_age_known on that day), null when it does not
-- read as one.
CREATE FUNCTION report_age_from(y smallint, m smallint, d smallint) RETURNS int
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN y BETWEEN 0 AND 9999 THEN y::int +
    CASE WHEN ROW(COALESCE(m::int, 1), CASE WHEN m IS NULL THEN 1 ELSE COALESCE(d::int, 1) END) <= ROW(12, 31)
         THEN 0 ELSE 1 END END $$;

-- The statement that adds `sign` times the counts of the records of dataset `ds` read from the relation `recs`, with
-- the fields of their persons read from the relation `people` (persons, or a persons trigger's old or new rows).
-- Returned as text: the trigger functions run it themselves, where their transition tables are visible. (The items
-- are computed once each, OFFSET 0: inlined into the four bounds, the age test ran up to four times per record.)
CREATE FUNCTION report_comp_sql(ds "char", recs text, people text, sign int) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$
  SELECT format($f$
    INSERT INTO report_agg_completeness (ds, agency_id, own_state, year_from, records, sex, age, form, nat)
    SELECT x.ds, x.agency_id, x.own_state, b.y, %1$s * sum(b.r), %1$s * sum(b.r * x.sex::int), %1$s * sum(b.a),
           %1$s * sum(b.r * x.form::int), %1$s * sum(b.r * x.nat::int)
      FROM (SELECT x.ds, x.agency_id, x.own_state, x.sex, x.nat, x.form, x.hi, COALESCE(x.lo, -2147483648) AS lo,
                   CASE WHEN x.age_from IS NOT NULL THEN GREATEST(COALESCE(x.lo, -2147483648), x.age_from) END AS alo
              FROM (%2$s) x OFFSET 0) x
     CROSS JOIN LATERAL (VALUES (x.lo, 1, 0), (x.hi, -1, 0), (x.alo, 0, 1), (CASE WHEN x.alo IS NOT NULL THEN x.hi END, 0, -1))
                 AS b(y, r, a)
     WHERE b.y IS NOT NULL AND (x.hi IS NULL OR x.lo < x.hi) AND (b.a = 0 OR x.hi IS NULL OR x.alo < x.hi)
     GROUP BY 1, 2, 3, 4$f$, sign,
    format(CASE ds
      WHEN 'i' THEN $q$SELECT 'i'::"char" AS ds, i.agency_id, NULLIF(i.state_code, '') AS own_state,
          extract(year FROM i.date)::int AS lo, extract(year FROM i.date)::int + 1 AS hi,
          COALESCE(p.sex <> '', false) AS sex, COALESCE(p.nationality <> '', false) AS nat,
          COALESCE(i.primary_form <> 'unspecified', false) AS form,
          CASE WHEN report_age_known(p.birth_year, p.birth_month, p.birth_day, i.date) THEN extract(year FROM i.date)::int END AS age_from
        FROM %1$s i JOIN %2$s p ON p.person_id = i.person_id$q$
      WHEN 'r' THEN $q$SELECT 'r'::"char" AS ds, r.to_agency_id AS agency_id, NULL::text AS own_state,
          extract(year FROM r.date)::int AS lo, extract(year FROM r.date)::int + 1 AS hi,
          COALESCE(p.sex <> '', false) AS sex, COALESCE(p.nationality <> '', false) AS nat, false AS form,
          CASE WHEN report_age_known(p.birth_year, p.birth_month, p.birth_day, r.date) THEN extract(year FROM r.date)::int END AS age_from
        FROM %1$s r JOIN %2$s p ON p.person_id = r.person_id$q$
      ELSE $q$SELECT 's'::"char" AS ds, s.provider_agency_id AS agency_id, NULL::text AS own_state,
          extract(year FROM s.start_date)::int AS lo, extract(year FROM s.end_date)::int + 1 AS hi,
          COALESCE(p.sex <> '', false) AS sex, COALESCE(p.nationality <> '', false) AS nat, false AS form,
          CASE WHEN s.start_date IS NULL THEN report_age_from(p.birth_year, p.birth_month, p.birth_day)
               WHEN report_age_known(p.birth_year, p.birth_month, p.birth_day, s.start_date)
               THEN extract(year FROM s.start_date)::int END AS age_from
        FROM %1$s s JOIN %2$s p ON p.person_id = s.person_id
       WHERE s.start_date IS NOT NULL OR s.end_date IS NOT NULL$q$ END, recs, people)) $$;

-- Records inserted, updated or deleted (TG_ARGV[0]: the dataset): the rows the statement removed counted -1, the
-- rows it added +1, with their persons' fields as they are. The persons are reached by primary key (the planner knows
-- nothing of a transition table's size: it hashed the whole persons table for a statement of 2,000 rows).
CREATE FUNCTION report_comp_changed() RETURNS trigger LANGUAGE plpgsql SET enable_seqscan = off SET jit = off AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    EXECUTE report_comp_sql(TG_ARGV[0]::"char", 'old_rows', 'persons', -1);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    EXECUTE report_comp_sql(TG_ARGV[0]::"char", 'new_rows', 'persons', 1);
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION report_comp_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM report_agg_completeness WHERE ds = TG_ARGV[0]::"char";
  RETURN NULL;
END $$;

-- Persons whose sex, nationality or birth date changed: their records counted -1 with the old fields, +1 with the new.
CREATE FUNCTION report_comp_persons_updated() RETURNS trigger LANGUAGE plpgsql
  SET enable_seqscan = off SET jit = off AS $$
DECLARE
  ids text[];
  t record;
BEGIN
  ids := ARRAY(SELECT o.person_id FROM old_rows o JOIN new_rows n ON n.person_id = o.person_id
                WHERE o.sex IS DISTINCT FROM n.sex OR o.nationality IS DISTINCT FROM n.nationality
                   OR o.birth_year IS DISTINCT FROM n.birth_year OR o.birth_month IS DISTINCT FROM n.birth_month
                   OR o.birth_day IS DISTINCT FROM n.birth_day);
  IF cardinality(ids) = 0 THEN RETURN NULL; END IF;
  FOR t IN SELECT * FROM (VALUES ('i'::"char", 'identifications'), ('s', 'services'), ('r', 'referrals')) v(ds, tbl) LOOP
    EXECUTE report_comp_sql(t.ds, format('(SELECT * FROM %I WHERE person_id = ANY ($1))', t.tbl),
                            '(SELECT * FROM old_rows WHERE person_id = ANY ($1))', -1) USING ids;
    EXECUTE report_comp_sql(t.ds, format('(SELECT * FROM %I WHERE person_id = ANY ($1))', t.tbl),
                            '(SELECT * FROM new_rows WHERE person_id = ANY ($1))', 1) USING ids;
  END LOOP;
  RETURN NULL;
END $$;

-- The same four triggers on each of the three tables.
DO $$
DECLARE t record;
BEGIN
  FOR t IN SELECT * FROM (VALUES ('identifications', 'i'), ('services', 's'), ('referrals', 'r')) v(tbl, ds) LOOP
    EXECUTE format('CREATE TRIGGER report_comp_ins AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
                      FOR EACH STATEMENT EXECUTE FUNCTION report_comp_changed(%L)', t.tbl, t.ds);
    EXECUTE format('CREATE TRIGGER report_comp_upd AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                      FOR EACH STATEMENT EXECUTE FUNCTION report_comp_changed(%L)', t.tbl, t.ds);
    EXECUTE format('CREATE TRIGGER report_comp_del AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
                      FOR EACH STATEMENT EXECUTE FUNCTION report_comp_changed(%L)', t.tbl, t.ds);
    EXECUTE format('CREATE TRIGGER report_comp_trunc AFTER TRUNCATE ON %I
                      FOR EACH STATEMENT EXECUTE FUNCTION report_comp_truncated(%L)', t.tbl, t.ds);
  END LOOP;
END $$;
CREATE TRIGGER report_comp_upd AFTER UPDATE ON persons REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_comp_persons_updated();

-- The compaction of migration 205, now also of these counts, and only of the groups that need it: a group of more than
-- one row folded into one, a group that sums to nothing removed; the others are left as they are (folding every row
-- again cost 0.15-0.35 s of the server's CPU before each computation at 1,000,000 persons when nothing had changed).
-- The rows are those of this statement's snapshot (by ctid): rows appended meanwhile by other writers stay.
CREATE OR REPLACE FUNCTION report_agg_compact() RETURNS void LANGUAGE plpgsql SET jit = off AS $$
BEGIN
  IF NOT pg_try_advisory_xact_lock(205, 1) THEN RETURN; END IF;
  WITH g AS (SELECT array_agg(ctid) AS rows, year, form, sa, nat, levels, sum(keys) AS keys, sum(records) AS records
               FROM report_agg_victims GROUP BY year, form, sa, nat, levels
             HAVING count(*) > 1 OR (sum(keys) = 0 AND sum(records) = 0)),
       d AS (DELETE FROM report_agg_victims WHERE ctid IN (SELECT unnest(rows) FROM g))
  INSERT INTO report_agg_victims (year, form, sa, nat, levels, keys, records)
  SELECT year, form, sa, nat, levels, keys, records FROM g WHERE keys <> 0 OR records <> 0;
  WITH g AS (SELECT array_agg(ctid) AS rows, year, form, state, sum(keys) AS keys
               FROM report_agg_form_states GROUP BY year, form, state HAVING count(*) > 1 OR sum(keys) = 0),
       d AS (DELETE FROM report_agg_form_states WHERE ctid IN (SELECT unnest(rows) FROM g))
  INSERT INTO report_agg_form_states (year, form, state, keys) SELECT year, form, state, keys FROM g WHERE keys <> 0;
  WITH g AS (SELECT array_agg(ctid) AS rows, year, state, sum(keys) AS keys, sum(records) AS records
               FROM report_agg_states GROUP BY year, state
             HAVING count(*) > 1 OR (sum(keys) = 0 AND sum(records) = 0)),
       d AS (DELETE FROM report_agg_states WHERE ctid IN (SELECT unnest(rows) FROM g))
  INSERT INTO report_agg_states (year, state, keys, records)
  SELECT year, state, keys, records FROM g WHERE keys <> 0 OR records <> 0;
  WITH g AS (SELECT array_agg(ctid) AS rows, what, form, year_from, sum(delta) AS delta
               FROM report_agg_served GROUP BY what, form, year_from HAVING count(*) > 1 OR sum(delta) = 0),
       d AS (DELETE FROM report_agg_served WHERE ctid IN (SELECT unnest(rows) FROM g))
  INSERT INTO report_agg_served (what, form, year_from, delta) SELECT what, form, year_from, delta FROM g WHERE delta <> 0;
  WITH g AS (SELECT array_agg(ctid) AS rows, ds, agency_id, own_state, year_from, sum(records) AS records,
                    sum(sex) AS sex, sum(age) AS age, sum(form) AS form, sum(nat) AS nat
               FROM report_agg_completeness GROUP BY ds, agency_id, own_state, year_from
             HAVING count(*) > 1 OR (sum(records) = 0 AND sum(sex) = 0 AND sum(age) = 0 AND sum(form) = 0 AND sum(nat) = 0)),
       d AS (DELETE FROM report_agg_completeness WHERE ctid IN (SELECT unnest(rows) FROM g))
  INSERT INTO report_agg_completeness (ds, agency_id, own_state, year_from, records, sex, age, form, nat)
  SELECT ds, agency_id, own_state, year_from, records, sex, age, form, nat FROM g
   WHERE records <> 0 OR sex <> 0 OR age <> 0 OR form <> 0 OR nat <> 0;
END $$;

-- The records already there, then folded.
DO $$
BEGIN
  EXECUTE report_comp_sql('i', 'identifications', 'persons', 1);
  EXECUTE report_comp_sql('s', 'services', 'persons', 1);
  EXECUTE report_comp_sql('r', 'referrals', 'persons', 1);
  PERFORM report_agg_compact();
END $$;
