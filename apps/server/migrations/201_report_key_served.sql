-- Issue 13: the years in which each base key (CURP blind index, else the person record) was served or referred,
-- with the form of the key's earliest identification ever, kept at write time, so the annual report's services
-- (distinct persons served / referred in a year, by the form of their earliest identification) are one scan of a
-- narrow table (the linked persons of the linkage engine combined at read time) instead of joining the year's
-- services and referrals with persons and report_key_first (apps/server/src/report/fast.ts, SERVED_SQL).
--
-- Invariant, at the end of every statement: one row per base key that has a service counted in some year or a
-- referral, holding
--   served     the years its services overlap (annual-report.md, compute.ts serviceOverlaps: a service counts in
--              the years from its start's to its end's, an open end or start unbounded; with neither date, or a
--              start in a later year than its end, in none);
--   referred   the years of its referrals;
--   first_form the primary form of its earliest identification ever (report_key_first, migration 040), null
--              without one.
-- Kept by statement-level triggers with transition tables: services or referrals inserted are merged into their
-- keys' rows (union of years); any other change recomputes the keys it touches from scratch (services or
-- referrals updated, both versions, or deleted; persons whose CURP blind index changed, old and new key, or that
-- are deleted); truncation of services or referrals clears their years; a change of report_key_first (kept by
-- its own triggers) sets first_form of its keys. The functions reach the tables by index only.
-- docs/report.md; apps/server/src/report/repository.test.ts checks it against a computation from scratch after
-- every write, and fast-equality.test.ts the figures against the pure computation.

CREATE TABLE report_key_served (
  base_key text PRIMARY KEY,
  served int4multirange NOT NULL,
  referred int4multirange NOT NULL,
  first_form text
);

-- The years of a service (empty when it counts in none).
CREATE FUNCTION report_service_years(start_date date, end_date date) RETURNS int4range
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN start_date IS NULL AND end_date IS NULL THEN 'empty'::int4range
    WHEN extract(year FROM start_date) > extract(year FROM end_date) THEN 'empty'::int4range
    ELSE int4range(extract(year FROM start_date)::int, extract(year FROM end_date)::int, '[]') END $$;

-- The rows of the given base keys from scratch (keys with nothing served nor referred lose their row).
CREATE FUNCTION report_key_served_recompute(keys text[]) RETURNS void LANGUAGE plpgsql
  SET enable_seqscan = off SET jit = off AS $$
BEGIN
  IF keys IS NULL OR cardinality(keys) = 0 THEN RETURN; END IF;
  DELETE FROM report_key_served WHERE base_key = ANY (keys);
  INSERT INTO report_key_served (base_key, served, referred, first_form)
  SELECT x.bk, x.served, x.referred, (SELECT f.first_form FROM report_key_first f WHERE f.base_key = x.bk)
    FROM (SELECT k.bk,
                 COALESCE(range_agg(e.years) FILTER (WHERE e.kind = 's'), '{}') AS served,
                 COALESCE(range_agg(e.years) FILTER (WHERE e.kind = 'r'), '{}') AS referred
            FROM (SELECT DISTINCT unnest(keys) AS bk) k
            JOIN LATERAL (
              SELECT p.person_id FROM persons p WHERE k.bk LIKE 'c:%' AND p.curp_bidx = substr(k.bk, 3)
              UNION ALL
              SELECT p.person_id FROM persons p
               WHERE k.bk LIKE 'p:%' AND p.person_id = substr(k.bk, 3) AND p.curp_bidx IS NULL) m ON true
            JOIN LATERAL (
              SELECT 's' AS kind, report_service_years(s.start_date, s.end_date) AS years
                FROM services s WHERE s.person_id = m.person_id
              UNION ALL
              SELECT 'r', int4range(extract(year FROM r.date)::int, extract(year FROM r.date)::int, '[]')
                FROM referrals r WHERE r.person_id = m.person_id) e ON true
           GROUP BY k.bk) x
   WHERE NOT (isempty(x.served) AND isempty(x.referred));
END $$;

-- New services: their years merged into their keys' rows.
CREATE FUNCTION report_key_served_services_inserted() RETURNS trigger LANGUAGE plpgsql
  SET enable_seqscan = off SET jit = off AS $$
BEGIN
  INSERT INTO report_key_served AS r (base_key, served, referred, first_form)
  SELECT x.k, x.served, '{}', (SELECT f.first_form FROM report_key_first f WHERE f.base_key = x.k)
    FROM (SELECT report_base_key(p.curp_bidx, p.person_id) AS k,
                 range_agg(report_service_years(s.start_date, s.end_date)) AS served
            FROM new_rows s JOIN persons p ON p.person_id = s.person_id
           GROUP BY 1) x
   WHERE NOT isempty(x.served)
  ON CONFLICT (base_key) DO UPDATE SET served = r.served + EXCLUDED.served WHERE NOT r.served @> EXCLUDED.served;
  RETURN NULL;
END $$;

-- New referrals: their years merged into their keys' rows.
CREATE FUNCTION report_key_served_referrals_inserted() RETURNS trigger LANGUAGE plpgsql
  SET enable_seqscan = off SET jit = off AS $$
BEGIN
  INSERT INTO report_key_served AS r (base_key, served, referred, first_form)
  SELECT x.k, '{}', x.referred, (SELECT f.first_form FROM report_key_first f WHERE f.base_key = x.k)
    FROM (SELECT report_base_key(p.curp_bidx, p.person_id) AS k,
                 range_agg(int4range(extract(year FROM n.date)::int, extract(year FROM n.date)::int, '[]')) AS referred
            FROM new_rows n JOIN persons p ON p.person_id = n.person_id
           GROUP BY 1) x
  ON CONFLICT (base_key) DO UPDATE SET referred = r.referred + EXCLUDED.referred
   WHERE NOT r.referred @> EXCLUDED.referred;
  RETURN NULL;
END $$;

-- Services or referrals updated (person or dates) or deleted: recompute the keys of both versions.
CREATE FUNCTION report_key_served_services_changed() RETURNS trigger LANGUAGE plpgsql
  SET enable_seqscan = off SET jit = off AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    PERFORM report_key_served_recompute(ARRAY(
      SELECT DISTINCT report_base_key(p.curp_bidx, p.person_id)
        FROM ((SELECT service_id, person_id, start_date, end_date FROM old_rows
               EXCEPT SELECT service_id, person_id, start_date, end_date FROM new_rows)
              UNION
              (SELECT service_id, person_id, start_date, end_date FROM new_rows
               EXCEPT SELECT service_id, person_id, start_date, end_date FROM old_rows)) ch
        JOIN persons p ON p.person_id = ch.person_id));
  ELSE
    PERFORM report_key_served_recompute(ARRAY(
      SELECT DISTINCT report_base_key(p.curp_bidx, p.person_id)
        FROM (SELECT DISTINCT person_id FROM old_rows) o JOIN persons p ON p.person_id = o.person_id));
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION report_key_served_referrals_changed() RETURNS trigger LANGUAGE plpgsql
  SET enable_seqscan = off SET jit = off AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    PERFORM report_key_served_recompute(ARRAY(
      SELECT DISTINCT report_base_key(p.curp_bidx, p.person_id)
        FROM ((SELECT referral_id, person_id, date FROM old_rows
               EXCEPT SELECT referral_id, person_id, date FROM new_rows)
              UNION
              (SELECT referral_id, person_id, date FROM new_rows
               EXCEPT SELECT referral_id, person_id, date FROM old_rows)) ch
        JOIN persons p ON p.person_id = ch.person_id));
  ELSE
    PERFORM report_key_served_recompute(ARRAY(
      SELECT DISTINCT report_base_key(p.curp_bidx, p.person_id)
        FROM (SELECT DISTINCT person_id FROM old_rows) o JOIN persons p ON p.person_id = o.person_id));
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION report_key_served_services_truncated() RETURNS trigger LANGUAGE plpgsql SET jit = off AS $$
BEGIN
  DELETE FROM report_key_served WHERE isempty(referred);
  UPDATE report_key_served SET served = '{}' WHERE NOT isempty(served);
  RETURN NULL;
END $$;

CREATE FUNCTION report_key_served_referrals_truncated() RETURNS trigger LANGUAGE plpgsql SET jit = off AS $$
BEGIN
  DELETE FROM report_key_served WHERE isempty(served);
  UPDATE report_key_served SET referred = '{}' WHERE NOT isempty(referred);
  RETURN NULL;
END $$;

-- Persons whose key changed (CURP blind index set, changed or removed), or deleted: recompute their keys.
CREATE FUNCTION report_key_served_persons_updated() RETURNS trigger LANGUAGE plpgsql
  SET enable_seqscan = off SET jit = off AS $$
BEGIN
  PERFORM report_key_served_recompute(ARRAY(
    SELECT DISTINCT k FROM old_rows o JOIN new_rows n ON n.person_id = o.person_id,
                  LATERAL (VALUES (report_base_key(o.curp_bidx, o.person_id)),
                                  (report_base_key(n.curp_bidx, n.person_id))) v(k)
     WHERE o.curp_bidx IS DISTINCT FROM n.curp_bidx));
  RETURN NULL;
END $$;

CREATE FUNCTION report_key_served_persons_deleted() RETURNS trigger LANGUAGE plpgsql
  SET enable_seqscan = off SET jit = off AS $$
BEGIN
  PERFORM report_key_served_recompute(ARRAY(
    SELECT DISTINCT report_base_key(o.curp_bidx, o.person_id) FROM old_rows o));
  RETURN NULL;
END $$;

-- report_key_first changed (its own triggers): the first form of its keys.
CREATE FUNCTION report_key_served_first_changed() RETURNS trigger LANGUAGE plpgsql
  SET enable_seqscan = off SET jit = off AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    UPDATE report_key_served r SET first_form = (SELECT f.first_form FROM report_key_first f WHERE f.base_key = r.base_key)
     WHERE r.base_key IN (SELECT base_key FROM old_rows);
  ELSE
    UPDATE report_key_served r SET first_form = n.first_form
      FROM new_rows n WHERE r.base_key = n.base_key AND r.first_form IS DISTINCT FROM n.first_form;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER report_key_served_ins AFTER INSERT ON services REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_key_served_services_inserted();
CREATE TRIGGER report_key_served_upd AFTER UPDATE ON services
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_key_served_services_changed();
CREATE TRIGGER report_key_served_del AFTER DELETE ON services REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_key_served_services_changed();
CREATE TRIGGER report_key_served_trunc AFTER TRUNCATE ON services
  FOR EACH STATEMENT EXECUTE FUNCTION report_key_served_services_truncated();
CREATE TRIGGER report_key_served_ins AFTER INSERT ON referrals REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_key_served_referrals_inserted();
CREATE TRIGGER report_key_served_upd AFTER UPDATE ON referrals
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_key_served_referrals_changed();
CREATE TRIGGER report_key_served_del AFTER DELETE ON referrals REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_key_served_referrals_changed();
CREATE TRIGGER report_key_served_trunc AFTER TRUNCATE ON referrals
  FOR EACH STATEMENT EXECUTE FUNCTION report_key_served_referrals_truncated();
CREATE TRIGGER report_key_served_upd AFTER UPDATE ON persons
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_key_served_persons_updated();
CREATE TRIGGER report_key_served_del AFTER DELETE ON persons REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_key_served_persons_deleted();
CREATE TRIGGER report_key_served_first_ins AFTER INSERT ON report_key_first REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_key_served_first_changed();
CREATE TRIGGER report_key_served_first_upd AFTER UPDATE ON report_key_first REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_key_served_first_changed();
CREATE TRIGGER report_key_served_first_del AFTER DELETE ON report_key_first REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_key_served_first_changed();

-- The records already there.
INSERT INTO report_key_served (base_key, served, referred, first_form)
SELECT x.k, x.served, x.referred, f.first_form
  FROM (SELECT report_base_key(p.curp_bidx, p.person_id) AS k,
               COALESCE(range_agg(e.years) FILTER (WHERE e.kind = 's'), '{}') AS served,
               COALESCE(range_agg(e.years) FILTER (WHERE e.kind = 'r'), '{}') AS referred
          FROM (SELECT s.person_id, 's' AS kind, report_service_years(s.start_date, s.end_date) AS years
                  FROM services s
                UNION ALL
                SELECT r.person_id, 'r', int4range(extract(year FROM r.date)::int, extract(year FROM r.date)::int, '[]')
                  FROM referrals r) e
          JOIN persons p ON p.person_id = e.person_id
         GROUP BY 1) x
  LEFT JOIN report_key_first f ON f.base_key = x.k
 WHERE NOT (isempty(x.served) AND isempty(x.referred));
