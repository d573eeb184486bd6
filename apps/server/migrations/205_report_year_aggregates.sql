-- Issue 13: the victims of a year counted without reading every base key's row. `report_key_year` (migrations 200,
-- 202, 203) holds one row per base key and year; the report grouped the years' rows (450,000 for a bundle's three
-- years at 1,000,000 persons: ~1.9 s of the server's CPU) and the by-state figures scanned the year's again
-- (~0.4-0.6 s). Here the same groups are kept as signed counts, changed by every change of `report_key_year`:
--
--   report_agg_victims      (year, form, sa, nat, levels) -> keys, records: the base keys whose row has that decisive
--                           form (d[3]), sex-and-age category (sa), nationality (nat[3]) and levels (fed + 2 * sta),
--                           and the sum of their records (n);
--   report_agg_form_states  (year, form, state) -> keys: the base keys of that decisive form with that state among
--                           their state-level states (sls);
--   report_agg_states       (year, state) -> keys, records: the base keys with a record in that state (sts), and the
--                           records in it.
--
-- Invariant, at the end of every statement: for every group, the sum of the rows with its values equals that count
-- over `report_key_year` (rows of a group may be many: each change appends the old row's values with -1 and the new
-- row's with +1, so concurrent writers only insert and never wait for each other on a counter's row);
-- report_agg_compact() folds each table into one row per group with a non-zero count (the report calls it before it
-- computes, apps/server/src/report/figures-store.ts; readers sum, so they are right before and after).
-- At read time the linked persons of the linkage engine are combined as before: the counts of all keys, minus the
-- rows of the keys in linked sets (read by primary key), plus one per linked set
-- (apps/server/src/report/fast.ts VICTIM_GROUPS_SQL, extras-sql.ts STATES_SQL).
-- apps/server/src/report/repository.test.ts checks the sums against a grouping of `report_key_year` after every
-- write and after compaction, fast-equality.test.ts the figures against the pure computation.

CREATE TABLE report_agg_victims (
  year int NOT NULL,
  form text COLLATE "C",
  sa text COLLATE "C",
  nat text COLLATE "C",
  levels smallint NOT NULL,
  keys int NOT NULL,
  records bigint NOT NULL
);
CREATE TABLE report_agg_form_states (
  year int NOT NULL,
  form text COLLATE "C",
  state text COLLATE "C" NOT NULL,
  keys int NOT NULL
);
CREATE TABLE report_agg_states (
  year int NOT NULL,
  state text COLLATE "C" NOT NULL,
  keys int NOT NULL,
  records int NOT NULL
);

-- Adds the groups of the given rows of report_key_year, each counted `sign` times (1: rows that appeared, -1: rows
-- that went away).
CREATE FUNCTION report_agg_apply(rows report_key_year[], sign int) RETURNS void LANGUAGE plpgsql SET jit = off AS $$
BEGIN
  IF rows IS NULL OR cardinality(rows) = 0 THEN RETURN; END IF;
  INSERT INTO report_agg_victims (year, form, sa, nat, levels, keys, records)
  SELECT r.year, r.d[3], r.sa, r.nat[3], (r.fed::int + 2 * r.sta::int)::smallint, sign * count(*), sign * sum(r.n)
    FROM unnest(rows) r GROUP BY 1, 2, 3, 4, 5;
  INSERT INTO report_agg_form_states (year, form, state, keys)
  SELECT r.year, r.d[3], s.st, sign * count(*)
    FROM unnest(rows) r CROSS JOIN LATERAL unnest(r.sls) AS s(st) GROUP BY 1, 2, 3;
  -- sts is sorted: a state's first element counts the key once, every element a record
  INSERT INTO report_agg_states (year, state, keys, records)
  SELECT r.year, s.st, sign * count(*) FILTER (WHERE s.st IS DISTINCT FROM r.sts[s.i - 1]), sign * count(*)
    FROM unnest(rows) r CROSS JOIN LATERAL unnest(r.sts) WITH ORDINALITY AS s(st, i) GROUP BY 1, 2;
END $$;

-- The triggers of both kept tables (report_key_year here, report_key_served below): the rows a statement removed
-- (old_rows) counted -1 and the rows it added (new_rows) +1 by the table's apply function (TG_ARGV[0]); on TRUNCATE
-- the tables of its counts (TG_ARGV) emptied.
CREATE FUNCTION report_agg_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    EXECUTE format('SELECT %I(ARRAY(SELECT t::%I FROM old_rows t), -1)', TG_ARGV[0], TG_TABLE_NAME);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    EXECUTE format('SELECT %I(ARRAY(SELECT t::%I FROM new_rows t), 1)', TG_ARGV[0], TG_TABLE_NAME);
  END IF;
  RETURN NULL;
END $$;
CREATE FUNCTION report_agg_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE 'TRUNCATE ' || (SELECT string_agg(quote_ident(t), ', ') FROM unnest(TG_ARGV) t);
  RETURN NULL;
END $$;

CREATE TRIGGER report_agg_ins AFTER INSERT ON report_key_year REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_agg_changed('report_agg_apply');
-- (also the rows an INSERT … ON CONFLICT DO UPDATE of migration 200's trigger merges into)
CREATE TRIGGER report_agg_upd AFTER UPDATE ON report_key_year
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_agg_changed('report_agg_apply');
CREATE TRIGGER report_agg_del AFTER DELETE ON report_key_year REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_agg_changed('report_agg_apply');
CREATE TRIGGER report_agg_trunc AFTER TRUNCATE ON report_key_year
  FOR EACH STATEMENT EXECUTE FUNCTION report_agg_truncated('report_agg_victims', 'report_agg_form_states', 'report_agg_states');

-- The persons served and referred in a year counted without reading every base key's row of
-- `report_key_served` (migration 201: per base key the years it was served and referred, and the form of its earliest
-- identification ever): the report scanned the whole table for a bundle's three years (~1.5 s of the server's CPU at
-- 1,000,000 persons). Here its counts are kept as a difference array, changed by every change of the table:
--
--   report_agg_served  (what, form, year_from) -> delta: 's' served / 'r' referred, the form of the key's earliest
--                      identification ('unspecified' without one); each range of years [lo, hi) of a key adds +1 at
--                      lo (the smallest int when the range has no start) and -1 at hi (nothing when it has no end).
--
-- Invariant, at the end of every statement: for every year y, what and form, the sum of the deltas with
-- year_from <= y is the number of base keys served (referred) in y with that form. Rows are appended (-1 times the
-- old row's deltas, +1 times the new row's) and folded by report_agg_compact() below. At read time the linked persons
-- of the linkage engine are combined as before (apps/server/src/report/fast.ts SERVED_KEYS_SQL): the counts of all
-- keys, minus the keys of linked sets (read by primary key), plus one per linked set and year with the form of the
-- set's earliest identification.
-- apps/server/src/report/repository.test.ts checks the counts against `report_key_served` after every write,
-- fast-equality.test.ts the figures against the pure computation.

CREATE TABLE report_agg_served (
  what "char" NOT NULL,
  form text COLLATE "C" NOT NULL,
  year_from int NOT NULL,
  delta int NOT NULL
);

CREATE FUNCTION report_agg_served_apply(rows report_key_served[], sign int) RETURNS void LANGUAGE plpgsql
  SET jit = off AS $$
BEGIN
  IF rows IS NULL OR cardinality(rows) = 0 THEN RETURN; END IF;
  INSERT INTO report_agg_served (what, form, year_from, delta)
  SELECT w.what, COALESCE(x.first_form, 'unspecified'), b.y, sign * sum(b.d)
    FROM unnest(rows) x
   CROSS JOIN LATERAL (VALUES ('s'::"char", x.served), ('r'::"char", x.referred)) AS w(what, mr)
   CROSS JOIN LATERAL unnest(w.mr) AS rg(r)
   CROSS JOIN LATERAL (VALUES (COALESCE(lower(rg.r), -2147483648), 1), (upper(rg.r), -1)) AS b(y, d)
   WHERE b.y IS NOT NULL
   GROUP BY 1, 2, 3;
END $$;

CREATE TRIGGER report_agg_served_ins AFTER INSERT ON report_key_served REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_agg_changed('report_agg_served_apply');
CREATE TRIGGER report_agg_served_upd AFTER UPDATE ON report_key_served
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_agg_changed('report_agg_served_apply');
CREATE TRIGGER report_agg_served_del AFTER DELETE ON report_key_served REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_agg_changed('report_agg_served_apply');
CREATE TRIGGER report_agg_served_trunc AFTER TRUNCATE ON report_key_served
  FOR EACH STATEMENT EXECUTE FUNCTION report_agg_truncated('report_agg_served');

-- Folds each table into one row per group with a non-zero count. Rows appended meanwhile by other writers are not
-- in this statement's snapshot and stay as they are; a second compaction at the same time returns at once.
CREATE FUNCTION report_agg_compact() RETURNS void LANGUAGE plpgsql SET jit = off AS $$
BEGIN
  IF NOT pg_try_advisory_xact_lock(205, 1) THEN RETURN; END IF;
  WITH d AS (DELETE FROM report_agg_victims RETURNING *)
  INSERT INTO report_agg_victims (year, form, sa, nat, levels, keys, records)
  SELECT year, form, sa, nat, levels, sum(keys), sum(records) FROM d GROUP BY 1, 2, 3, 4, 5
  HAVING sum(keys) <> 0 OR sum(records) <> 0;
  WITH d AS (DELETE FROM report_agg_form_states RETURNING *)
  INSERT INTO report_agg_form_states (year, form, state, keys)
  SELECT year, form, state, sum(keys) FROM d GROUP BY 1, 2, 3 HAVING sum(keys) <> 0;
  WITH d AS (DELETE FROM report_agg_states RETURNING *)
  INSERT INTO report_agg_states (year, state, keys, records)
  SELECT year, state, sum(keys), sum(records) FROM d GROUP BY 1, 2 HAVING sum(keys) <> 0 OR sum(records) <> 0;
  WITH d AS (DELETE FROM report_agg_served RETURNING *)
  INSERT INTO report_agg_served (what, form, year_from, delta)
  SELECT what, form, year_from, sum(delta) FROM d GROUP BY 1, 2, 3 HAVING sum(delta) <> 0;
END $$;

-- The rows already there, a year at a time, then folded.
DO $$
DECLARE y int;
BEGIN
  FOR y IN SELECT DISTINCT year FROM report_key_year LOOP
    PERFORM report_agg_apply(ARRAY(SELECT r FROM report_key_year r WHERE r.year = y), 1);
  END LOOP;
  PERFORM report_agg_served_apply(ARRAY(SELECT t FROM report_key_served t), 1);
  PERFORM report_agg_compact();
END $$;
