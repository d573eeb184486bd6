-- The annual report's services rule reads, for every person served or referred in a year, the form of
-- the earliest identification ever of their base key (CURP blind index, else the record itself; the
-- linkage engine's links are applied at report time). Found at report time, that is two look-ups per
-- served person (person -> base key -> its identifications); here it is kept at write time instead:
-- one row per person record with its base key and the earliest identification (date, then smallest
-- identification_id in byte order) of all the records sharing that key. All rows of one base key carry
-- the same first identification, equal to the minimum over identifications at every statement's end.
--
-- Maintained by statement-level triggers (transition tables: one set-based pass per import batch) on
-- persons and identifications, whatever writes them (import, records API, case work, seeds, tests).
-- docs/report.md; apps/server/src/report/repository.test.ts checks it against the pure computation,
-- also after updates, deletions and in any order of import.

CREATE TABLE report_person_first (
  person_id text PRIMARY KEY REFERENCES persons (person_id) ON DELETE CASCADE ON UPDATE CASCADE,
  base_key text NOT NULL,
  first_date date,
  first_id text COLLATE "C",
  first_form text
) WITH (fillfactor = 80);
CREATE INDEX report_person_first_key_idx ON report_person_first (base_key);

CREATE FUNCTION report_base_key(curp_bidx text, person_id text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT COALESCE('c:' || curp_bidx, 'p:' || person_id) $$;

-- Sets the first identification of every row of the given base keys from the identifications.
CREATE FUNCTION report_first_recompute(keys text[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF keys IS NULL OR cardinality(keys) = 0 THEN RETURN; END IF;
  UPDATE report_person_first r
     SET first_date = f.date, first_id = f.identification_id, first_form = f.primary_form
    FROM (SELECT k.bk, x.date, x.identification_id, x.primary_form
            FROM (SELECT DISTINCT unnest(keys) AS bk) k
            LEFT JOIN LATERAL (
              SELECT i.date, i.identification_id COLLATE "C" AS identification_id, i.primary_form
                FROM report_person_first m JOIN identifications i ON i.person_id = m.person_id
               WHERE m.base_key = k.bk
               ORDER BY i.date, i.identification_id COLLATE "C" LIMIT 1) x ON true) f
   WHERE r.base_key = f.bk
     AND (r.first_id IS DISTINCT FROM f.identification_id OR r.first_date IS DISTINCT FROM f.date
          OR r.first_form IS DISTINCT FROM f.primary_form);
END $$;

-- New identifications can only make a base key's first identification earlier.
CREATE FUNCTION report_first_identifications_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE report_person_first r
     SET first_date = c.date, first_id = c.identification_id, first_form = c.primary_form
    FROM (SELECT DISTINCT ON (1) report_base_key(p.curp_bidx, p.person_id) AS bk, n.date,
                 n.identification_id COLLATE "C" AS identification_id, n.primary_form
            FROM new_rows n JOIN persons p ON p.person_id = n.person_id
           ORDER BY 1, n.date, n.identification_id COLLATE "C") c
   WHERE r.base_key = c.bk
     AND (r.first_id IS NULL OR c.date < r.first_date
          OR (c.date = r.first_date AND c.identification_id < r.first_id));
  RETURN NULL;
END $$;

-- Changed identifications (person, date, form or id): recompute the base keys of both versions.
CREATE FUNCTION report_first_identifications_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM report_first_recompute(ARRAY(
    SELECT DISTINCT report_base_key(p.curp_bidx, p.person_id)
      FROM ((SELECT identification_id, person_id, date, primary_form FROM old_rows
             EXCEPT SELECT identification_id, person_id, date, primary_form FROM new_rows)
            UNION
            (SELECT identification_id, person_id, date, primary_form FROM new_rows
             EXCEPT SELECT identification_id, person_id, date, primary_form FROM old_rows)) ch
      JOIN persons p ON p.person_id = ch.person_id));
  RETURN NULL;
END $$;

-- Deleted identifications: recompute the base keys whose first identification was deleted.
CREATE FUNCTION report_first_identifications_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM report_first_recompute(ARRAY(
    SELECT DISTINCT r.base_key FROM old_rows o JOIN report_person_first r ON r.first_id = o.identification_id));
  RETURN NULL;
END $$;

CREATE FUNCTION report_first_identifications_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE report_person_first SET first_date = NULL, first_id = NULL, first_form = NULL WHERE first_id IS NOT NULL;
  RETURN NULL;
END $$;

-- New persons take the first identification of the records already sharing their CURP key; if some of
-- them already have identifications (possible in one statement with data-modifying CTEs), recompute.
CREATE FUNCTION report_first_persons_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_person_first (person_id, base_key, first_date, first_id, first_form)
  SELECT n.person_id, report_base_key(n.curp_bidx, n.person_id), s.first_date, s.first_id, s.first_form
    FROM new_rows n
    LEFT JOIN (SELECT DISTINCT ON (base_key) base_key, first_date, first_id, first_form
                 FROM report_person_first
                WHERE base_key IN (SELECT 'c:' || curp_bidx FROM new_rows WHERE curp_bidx IS NOT NULL)
                ORDER BY base_key, first_date, first_id) s
      ON n.curp_bidx IS NOT NULL AND s.base_key = 'c:' || n.curp_bidx;
  PERFORM report_first_recompute(ARRAY(
    SELECT DISTINCT report_base_key(n.curp_bidx, n.person_id)
      FROM new_rows n WHERE EXISTS (SELECT 1 FROM identifications i WHERE i.person_id = n.person_id)));
  RETURN NULL;
END $$;

-- A person whose base key changed (CURP set, changed or removed; id renamed) moves to the new key:
-- recompute the old and the new key.
CREATE FUNCTION report_first_persons_updated() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  keys text[];
BEGIN
  WITH ch AS (
    SELECT r.person_id, r.base_key AS old_key, report_base_key(n.curp_bidx, n.person_id) AS new_key
      FROM new_rows n JOIN report_person_first r ON r.person_id = n.person_id
     WHERE r.base_key <> report_base_key(n.curp_bidx, n.person_id)),
  u AS (UPDATE report_person_first r SET base_key = ch.new_key FROM ch WHERE r.person_id = ch.person_id)
  SELECT array_agg(old_key) || array_agg(new_key) INTO keys FROM ch;
  PERFORM report_first_recompute(keys);
  RETURN NULL;
END $$;

-- Deleted persons (their rows go by the foreign key): recompute their keys for the remaining records.
CREATE FUNCTION report_first_persons_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM report_first_recompute(ARRAY(SELECT DISTINCT report_base_key(curp_bidx, person_id) FROM old_rows));
  RETURN NULL;
END $$;

CREATE TRIGGER report_first_ins AFTER INSERT ON identifications REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_first_identifications_inserted();
CREATE TRIGGER report_first_upd AFTER UPDATE ON identifications REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_first_identifications_updated();
CREATE TRIGGER report_first_del AFTER DELETE ON identifications REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_first_identifications_deleted();
CREATE TRIGGER report_first_trunc AFTER TRUNCATE ON identifications
  FOR EACH STATEMENT EXECUTE FUNCTION report_first_identifications_truncated();
CREATE TRIGGER report_first_ins AFTER INSERT ON persons REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_first_persons_inserted();
CREATE TRIGGER report_first_upd AFTER UPDATE ON persons REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_first_persons_updated();
CREATE TRIGGER report_first_del AFTER DELETE ON persons REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_first_persons_deleted();

-- The records already there.
INSERT INTO report_person_first (person_id, base_key, first_date, first_id, first_form)
SELECT p.person_id, report_base_key(p.curp_bidx, p.person_id), f.date, f.identification_id, f.primary_form
  FROM persons p
  LEFT JOIN (SELECT DISTINCT ON (1) report_base_key(p.curp_bidx, p.person_id) AS bk, i.date,
                    i.identification_id, i.primary_form
               FROM identifications i JOIN persons p ON p.person_id = i.person_id
              ORDER BY 1, i.date, i.identification_id COLLATE "C") f
    ON f.bk = report_base_key(p.curp_bidx, p.person_id);
