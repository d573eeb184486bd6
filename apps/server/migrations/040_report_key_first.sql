-- The earliest identification of every base key (CURP blind index, else the person record itself), kept at
-- write time for the annual report's services rule.
--
-- A table of one row per person record cost an import about 18 % of its rows/s (a row written for every new
-- person, then updated by its identification). This one is written only by identifications: one upsert per base key of each
-- batch; a new person changes no key's earliest identification (it has none yet), and neither does a
-- deleted one (its identifications must be gone first). The report joins the served persons to their
-- base key (persons) and then to this table.
--
-- Invariant, at the end of every statement: a row per base key that has identifications, holding the
-- earliest of them (date, then smallest identification_id in byte order). Kept by statement-level triggers
-- (transition tables: one set-based pass per import batch) on identifications (insert, update, delete,
-- truncate) and persons (update of the CURP blind index), whatever writes them. The functions reach the
-- tables by their indexes only (planned without sequential scans: a plan that scans a whole table once per
-- batch would make an import quadratic).
-- docs/report.md; apps/server/src/report/repository.test.ts checks it against a computation from scratch
-- after every write, in any order of import, and the figures against the pure computation.

CREATE FUNCTION report_base_key(curp_bidx text, person_id text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT COALESCE('c:' || curp_bidx, 'p:' || person_id) $$;

CREATE TABLE report_key_first (
  base_key text PRIMARY KEY,
  first_date date NOT NULL,
  first_id text COLLATE "C" NOT NULL,
  first_form text NOT NULL
);

-- The earliest identification of each given base key, from scratch (keys without any lose their row).
CREATE FUNCTION report_key_first_recompute(keys text[]) RETURNS void LANGUAGE plpgsql
  SET enable_seqscan = off AS $$
BEGIN
  IF keys IS NULL OR cardinality(keys) = 0 THEN RETURN; END IF;
  DELETE FROM report_key_first WHERE base_key = ANY (keys);
  INSERT INTO report_key_first (base_key, first_date, first_id, first_form)
  SELECT k.bk, x.date, x.identification_id, x.primary_form
    FROM (SELECT DISTINCT unnest(keys) AS bk) k
    JOIN LATERAL (
      SELECT i.date, i.identification_id COLLATE "C" AS identification_id, i.primary_form
        FROM (SELECT p.person_id FROM persons p WHERE k.bk LIKE 'c:%' AND p.curp_bidx = substr(k.bk, 3)
              UNION ALL
              SELECT p.person_id FROM persons p
               WHERE k.bk LIKE 'p:%' AND p.person_id = substr(k.bk, 3) AND p.curp_bidx IS NULL) m
        JOIN identifications i ON i.person_id = m.person_id
       ORDER BY i.date, i.identification_id COLLATE "C" LIMIT 1) x ON true;
END $$;

-- New identifications can only make a base key's earliest identification earlier.
CREATE FUNCTION report_key_first_identifications_inserted() RETURNS trigger LANGUAGE plpgsql
  SET enable_seqscan = off AS $$
BEGIN
  INSERT INTO report_key_first AS r (base_key, first_date, first_id, first_form)
  SELECT DISTINCT ON (1) report_base_key(p.curp_bidx, p.person_id), n.date, n.identification_id COLLATE "C",
         n.primary_form
    FROM new_rows n JOIN persons p ON p.person_id = n.person_id
   ORDER BY 1, n.date, n.identification_id COLLATE "C"
  ON CONFLICT (base_key) DO UPDATE
     SET first_date = EXCLUDED.first_date, first_id = EXCLUDED.first_id, first_form = EXCLUDED.first_form
   WHERE EXCLUDED.first_date < r.first_date
      OR (EXCLUDED.first_date = r.first_date AND EXCLUDED.first_id < r.first_id);
  RETURN NULL;
END $$;

-- Changed identifications (person, date, form or id): recompute the base keys of both versions.
CREATE FUNCTION report_key_first_identifications_updated() RETURNS trigger LANGUAGE plpgsql
  SET enable_seqscan = off AS $$
BEGIN
  PERFORM report_key_first_recompute(ARRAY(
    SELECT DISTINCT report_base_key(p.curp_bidx, p.person_id)
      FROM ((SELECT identification_id, person_id, date, primary_form FROM old_rows
             EXCEPT SELECT identification_id, person_id, date, primary_form FROM new_rows)
            UNION
            (SELECT identification_id, person_id, date, primary_form FROM new_rows
             EXCEPT SELECT identification_id, person_id, date, primary_form FROM old_rows)) ch
      JOIN persons p ON p.person_id = ch.person_id));
  RETURN NULL;
END $$;

-- Deleted identifications: recompute the base keys whose earliest identification was deleted.
CREATE FUNCTION report_key_first_identifications_deleted() RETURNS trigger LANGUAGE plpgsql
  SET enable_seqscan = off AS $$
BEGIN
  PERFORM report_key_first_recompute(ARRAY(
    SELECT r.base_key FROM report_key_first r
     WHERE r.first_id IN (SELECT identification_id COLLATE "C" FROM old_rows)));
  RETURN NULL;
END $$;

CREATE FUNCTION report_key_first_identifications_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM report_key_first;
  RETURN NULL;
END $$;

-- A person whose base key changed (CURP set, changed or removed) takes their identifications from the old
-- key to the new one: recompute both.
CREATE FUNCTION report_key_first_persons_updated() RETURNS trigger LANGUAGE plpgsql
  SET enable_seqscan = off AS $$
BEGIN
  PERFORM report_key_first_recompute(ARRAY(
    SELECT k FROM old_rows o JOIN new_rows n ON n.person_id = o.person_id,
                  LATERAL (VALUES (report_base_key(o.curp_bidx, o.person_id)),
                                  (report_base_key(n.curp_bidx, n.person_id))) v(k)
     WHERE o.curp_bidx IS DISTINCT FROM n.curp_bidx));
  RETURN NULL;
END $$;

CREATE TRIGGER report_key_first_ins AFTER INSERT ON identifications REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_key_first_identifications_inserted();
CREATE TRIGGER report_key_first_upd AFTER UPDATE ON identifications
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_key_first_identifications_updated();
CREATE TRIGGER report_key_first_del AFTER DELETE ON identifications REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_key_first_identifications_deleted();
CREATE TRIGGER report_key_first_trunc AFTER TRUNCATE ON identifications
  FOR EACH STATEMENT EXECUTE FUNCTION report_key_first_identifications_truncated();
CREATE TRIGGER report_key_first_upd AFTER UPDATE ON persons
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_key_first_persons_updated();

-- The records already there.
INSERT INTO report_key_first (base_key, first_date, first_id, first_form)
SELECT DISTINCT ON (1) report_base_key(p.curp_bidx, p.person_id), i.date, i.identification_id, i.primary_form
  FROM identifications i JOIN persons p ON p.person_id = i.person_id
 ORDER BY 1, i.date, i.identification_id COLLATE "C";
