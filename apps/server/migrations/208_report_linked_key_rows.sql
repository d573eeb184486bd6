-- Issue 13: the linked persons' rows of the kept tables read from small tables of their own. The report counts
-- people, not records: the counts kept at write time (migrations 200-206) count base keys (a CURP's blind index,
-- else a person record), and at read time the keys that the linkage engine's counting links join into one person
-- are taken out and counted again per linked set (fast.ts VICTIM_GROUPS_SQL and SERVED_KEYS_SQL, extras-sql.ts
-- STATES_SQL). Their rows were read by one index probe per key in report_key_year, report_key_served and
-- report_key_first: 40,000 keys at the benchmark's 1,000,000 persons and 20,000 links, four passes, ~1 s of the
-- server's CPU of a cold computation. Here the rows of the linked keys are kept apart as well:
--
--   report_linked_keys        the base keys of the persons of every counting link (confirmed, or undecided from
--                             0.5 on: report_link_counts, the same rule as COUNT_LINK in the code), from the links'
--                             kept keys (migration 207);
--   report_linked_key_year    the rows of report_key_year of those keys (same columns);
--   report_linked_key_served  the rows of report_key_served of those keys;
--   report_linked_key_first   the rows of report_key_first of those keys.
--
-- Invariant, at the end of every statement: report_linked_keys is the set of key_a and key_b of the counting links,
-- and each report_linked_key_* table holds exactly the rows of its kept table whose key is in that set. Kept by
-- statement-level triggers: links inserted, updated or deleted (their keys' membership recomputed, and their rows
-- copied or removed), and any change to a kept table's rows (the changed keys that are linked: their rows copied
-- again). Truncation of the links empties all four; of a kept table, its copy.
-- Two writers at once: a record's writer (whose statements change kept rows) takes report_linked_keys in ROW
-- EXCLUSIVE mode before it reads which keys are linked, a link's writer in SHARE ROW EXCLUSIVE mode before it
-- recomputes them; the two modes conflict, so whichever comes second waits for the first one's commit and then
-- reads what it committed (its statements take a new snapshot: READ COMMITTED): a link written while a record of
-- its key is uncommitted copies the record's rows once it is committed, and a record written while a link is
-- uncommitted sees the link. Records' writers do not wait for each other (ROW EXCLUSIVE does not conflict with
-- itself); links' writers wait for each other and, while one holds the lock, records' writers wait for it (a
-- link statement's refresh: ~0.1 s for 20,000 links).
-- apps/server/src/report/repository.test.ts checks the four tables against the links and the kept tables after
-- every write, and two writers at once on PostgreSQL; fast-equality.test.ts the figures against the pure
-- computation.

CREATE FUNCTION report_link_counts(decision text, probability real) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT COALESCE(decision = 'confirmed' OR (decision IS NULL AND probability >= 0.5), false) $$;

CREATE INDEX person_links_key_a_idx ON person_links (key_a);
CREATE INDEX person_links_key_b_idx ON person_links (key_b);

CREATE TABLE report_linked_keys (base_key text PRIMARY KEY);

CREATE TABLE report_linked_key_year (
  base_key text NOT NULL,
  year int NOT NULL,
  d text[] COLLATE "C" NOT NULL,
  sa text COLLATE "C",
  nat text[] COLLATE "C",
  fed boolean NOT NULL,
  sta boolean NOT NULL,
  sls text[] COLLATE "C" NOT NULL,
  n int NOT NULL,
  sts text[] COLLATE "C" NOT NULL,
  PRIMARY KEY (base_key, year)
);

CREATE TABLE report_linked_key_served (
  base_key text PRIMARY KEY,
  served int4multirange NOT NULL,
  referred int4multirange NOT NULL,
  first_form text
);

CREATE TABLE report_linked_key_first (
  base_key text PRIMARY KEY,
  first_date date NOT NULL,
  first_id text COLLATE "C" NOT NULL,
  first_form text NOT NULL
);

-- The rows of the given keys in one copy (`which`: 'y' year, 's' served, 'f' first, or all three), from the kept
-- table, for the keys that are linked (the caller holds the lock on report_linked_keys: see above).
CREATE FUNCTION report_linked_refresh(keys text[], which text) RETURNS void LANGUAGE plpgsql
  SET enable_seqscan = off SET jit = off AS $$
DECLARE
  ks text[];
BEGIN
  IF keys IS NULL OR cardinality(keys) = 0 THEN RETURN; END IF;
  ks := ARRAY(SELECT DISTINCT k FROM unnest(keys) k WHERE k IS NOT NULL ORDER BY 1);
  IF which IN ('y', 'all') THEN
    DELETE FROM report_linked_key_year WHERE base_key = ANY (ks);
    INSERT INTO report_linked_key_year (base_key, year, d, sa, nat, fed, sta, sls, n, sts)
    SELECT r.base_key, r.year, r.d, r.sa, r.nat, r.fed, r.sta, r.sls, r.n, r.sts
      FROM report_key_year r JOIN report_linked_keys l ON l.base_key = r.base_key
     WHERE r.base_key = ANY (ks);
  END IF;
  IF which IN ('s', 'all') THEN
    DELETE FROM report_linked_key_served WHERE base_key = ANY (ks);
    INSERT INTO report_linked_key_served (base_key, served, referred, first_form)
    SELECT r.base_key, r.served, r.referred, r.first_form
      FROM report_key_served r JOIN report_linked_keys l ON l.base_key = r.base_key
     WHERE r.base_key = ANY (ks);
  END IF;
  IF which IN ('f', 'all') THEN
    DELETE FROM report_linked_key_first WHERE base_key = ANY (ks);
    INSERT INTO report_linked_key_first (base_key, first_date, first_id, first_form)
    SELECT r.base_key, r.first_date, r.first_id, r.first_form
      FROM report_key_first r JOIN report_linked_keys l ON l.base_key = r.base_key
     WHERE r.base_key = ANY (ks);
  END IF;
END $$;

-- Whether the given keys are linked, from the links, then their rows (all three copies).
CREATE FUNCTION report_linked_keys_refresh(keys text[]) RETURNS void LANGUAGE plpgsql
  SET enable_seqscan = off SET jit = off AS $$
DECLARE
  ks text[];
BEGIN
  IF keys IS NULL OR cardinality(keys) = 0 THEN RETURN; END IF;
  ks := ARRAY(SELECT DISTINCT k FROM unnest(keys) k WHERE k IS NOT NULL ORDER BY 1);
  -- link writers one at a time, and none while a record's writer is uncommitted (see above)
  LOCK TABLE report_linked_keys IN SHARE ROW EXCLUSIVE MODE;
  DELETE FROM report_linked_keys WHERE base_key = ANY (ks);
  INSERT INTO report_linked_keys (base_key)
  SELECT k FROM unnest(ks) k
   WHERE EXISTS (SELECT 1 FROM person_links l WHERE l.key_a = k AND report_link_counts(l.decision, l.probability))
      OR EXISTS (SELECT 1 FROM person_links l WHERE l.key_b = k AND report_link_counts(l.decision, l.probability));
  PERFORM report_linked_refresh(ks, 'all');
END $$;

CREATE FUNCTION report_linked_links_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM report_linked_keys_refresh(ARRAY(
    SELECT key_a FROM new_rows WHERE report_link_counts(decision, probability)
    UNION SELECT key_b FROM new_rows WHERE report_link_counts(decision, probability)));
  RETURN NULL;
END $$;

CREATE FUNCTION report_linked_links_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM report_linked_keys_refresh(ARRAY(
    SELECT k FROM old_rows o JOIN new_rows n ON n.person_a = o.person_a AND n.person_b = o.person_b,
                  LATERAL (VALUES (o.key_a), (o.key_b), (n.key_a), (n.key_b)) v(k)
     WHERE o.key_a IS DISTINCT FROM n.key_a OR o.key_b IS DISTINCT FROM n.key_b
        OR report_link_counts(o.decision, o.probability) <> report_link_counts(n.decision, n.probability)
    -- a link whose persons changed (not done by the application: a pair is its key) counts as deleted and inserted
    UNION SELECT k FROM old_rows o CROSS JOIN LATERAL (VALUES (o.key_a), (o.key_b)) v(k)
     WHERE NOT EXISTS (SELECT 1 FROM new_rows n WHERE n.person_a = o.person_a AND n.person_b = o.person_b)
    UNION SELECT k FROM new_rows n CROSS JOIN LATERAL (VALUES (n.key_a), (n.key_b)) v(k)
     WHERE NOT EXISTS (SELECT 1 FROM old_rows o WHERE n.person_a = o.person_a AND n.person_b = o.person_b)));
  RETURN NULL;
END $$;

CREATE FUNCTION report_linked_links_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM report_linked_keys_refresh(ARRAY(
    SELECT key_a FROM old_rows WHERE report_link_counts(decision, probability)
    UNION SELECT key_b FROM old_rows WHERE report_link_counts(decision, probability)));
  RETURN NULL;
END $$;

CREATE FUNCTION report_linked_links_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM report_linked_keys;
  DELETE FROM report_linked_key_year;
  DELETE FROM report_linked_key_served;
  DELETE FROM report_linked_key_first;
  RETURN NULL;
END $$;

CREATE TRIGGER report_linked_ins AFTER INSERT ON person_links REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_linked_links_inserted();
CREATE TRIGGER report_linked_upd AFTER UPDATE ON person_links REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_linked_links_updated();
CREATE TRIGGER report_linked_del AFTER DELETE ON person_links REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_linked_links_deleted();
CREATE TRIGGER report_linked_trunc AFTER TRUNCATE ON person_links
  FOR EACH STATEMENT EXECUTE FUNCTION report_linked_links_truncated();

-- A kept table's rows changed: the changed keys that are linked get their rows copied again.
CREATE FUNCTION report_linked_kept_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  which text := CASE TG_TABLE_NAME WHEN 'report_key_year' THEN 'y' WHEN 'report_key_served' THEN 's' ELSE 'f' END;
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    IF NOT EXISTS (SELECT 1 FROM new_rows) THEN RETURN NULL; END IF;
  ELSIF NOT EXISTS (SELECT 1 FROM old_rows) THEN RETURN NULL;
  END IF;
  -- waits for a link writer's commit; the statements below then see its links (see above)
  LOCK TABLE report_linked_keys IN ROW EXCLUSIVE MODE;
  IF TG_OP = 'INSERT' THEN
    PERFORM report_linked_refresh(ARRAY(
      SELECT DISTINCT c.base_key FROM new_rows c JOIN report_linked_keys l ON l.base_key = c.base_key), which);
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM report_linked_refresh(ARRAY(
      SELECT DISTINCT c.base_key FROM (SELECT base_key FROM new_rows UNION SELECT base_key FROM old_rows) c
        JOIN report_linked_keys l ON l.base_key = c.base_key), which);
  ELSE
    PERFORM report_linked_refresh(ARRAY(
      SELECT DISTINCT c.base_key FROM old_rows c JOIN report_linked_keys l ON l.base_key = c.base_key), which);
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION report_linked_kept_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'report_key_year' THEN DELETE FROM report_linked_key_year;
  ELSIF TG_TABLE_NAME = 'report_key_served' THEN DELETE FROM report_linked_key_served;
  ELSE DELETE FROM report_linked_key_first;
  END IF;
  RETURN NULL;
END $$;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['report_key_year', 'report_key_served', 'report_key_first'] LOOP
    EXECUTE format('CREATE TRIGGER report_linked_ins AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
                      FOR EACH STATEMENT EXECUTE FUNCTION report_linked_kept_changed()', t);
    EXECUTE format('CREATE TRIGGER report_linked_upd AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                      FOR EACH STATEMENT EXECUTE FUNCTION report_linked_kept_changed()', t);
    EXECUTE format('CREATE TRIGGER report_linked_del AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
                      FOR EACH STATEMENT EXECUTE FUNCTION report_linked_kept_changed()', t);
    EXECUTE format('CREATE TRIGGER report_linked_trunc AFTER TRUNCATE ON %I
                      FOR EACH STATEMENT EXECUTE FUNCTION report_linked_kept_truncated()', t);
  END LOOP;
END $$;

-- the links and rows there are now
INSERT INTO report_linked_keys (base_key)
SELECT key_a FROM person_links WHERE report_link_counts(decision, probability)
UNION SELECT key_b FROM person_links WHERE report_link_counts(decision, probability);
INSERT INTO report_linked_key_year (base_key, year, d, sa, nat, fed, sta, sls, n, sts)
SELECT r.base_key, r.year, r.d, r.sa, r.nat, r.fed, r.sta, r.sls, r.n, r.sts
  FROM report_key_year r JOIN report_linked_keys l ON l.base_key = r.base_key;
INSERT INTO report_linked_key_served (base_key, served, referred, first_form)
SELECT r.base_key, r.served, r.referred, r.first_form
  FROM report_key_served r JOIN report_linked_keys l ON l.base_key = r.base_key;
INSERT INTO report_linked_key_first (base_key, first_date, first_id, first_form)
SELECT r.base_key, r.first_date, r.first_id, r.first_form
  FROM report_key_first r JOIN report_linked_keys l ON l.base_key = r.base_key;
