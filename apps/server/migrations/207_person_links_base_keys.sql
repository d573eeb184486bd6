-- Issue 13: the report's linked persons read without looking every link's two persons up. The report counts people,
-- not records: a person's base key is its CURP's blind index, else its id (report_base_key, migration 040), and the
-- links of the linkage engine that count (confirmed, or undecided from 0.5 on) join base keys into one person
-- (report/repository.ts linkRoots). Reading the links joined each link with persons twice: two index probes into the
-- persons table per link, 40,000 at the benchmark's 1,000,000 persons and 20,000 links (0.15 s of the server's CPU
-- with the pages cached, 0.6 s without; the first query of every cold computation, which the others wait for).
--
-- Here each link keeps the base keys of its two persons, written when the link is written and when a person's CURP
-- changes:
--   person_links.key_a = report_base_key(persons.curp_bidx, persons.person_id) of person_a; key_b of person_b.
-- Invariant, at the end of every statement: every link's key_a and key_b are its persons' base keys. Kept by a
-- BEFORE INSERT OR UPDATE row trigger on person_links (the persons' keys read once per written link) and an AFTER
-- UPDATE row trigger on persons that fires only when the CURP's blind index changed. A person's id never changes
-- (the links' foreign keys refer to it); deleting a person deletes its links (ON DELETE CASCADE).
-- apps/server/src/report/repository.test.ts checks the keys against persons after links and CURPs change.

ALTER TABLE person_links ADD COLUMN key_a text COLLATE "C", ADD COLUMN key_b text COLLATE "C";

UPDATE person_links l
   SET key_a = report_base_key(pa.curp_bidx, pa.person_id), key_b = report_base_key(pb.curp_bidx, pb.person_id)
  FROM persons pa, persons pb
 WHERE pa.person_id = l.person_a AND pb.person_id = l.person_b;

ALTER TABLE person_links ALTER COLUMN key_a SET NOT NULL, ALTER COLUMN key_b SET NOT NULL;

CREATE FUNCTION person_links_keys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- a person that does not exist: its id as the key, and the foreign key refuses the link as before
  NEW.key_a := COALESCE((SELECT report_base_key(p.curp_bidx, p.person_id) FROM persons p WHERE p.person_id = NEW.person_a),
                        report_base_key(NULL, NEW.person_a));
  NEW.key_b := COALESCE((SELECT report_base_key(p.curp_bidx, p.person_id) FROM persons p WHERE p.person_id = NEW.person_b),
                        report_base_key(NULL, NEW.person_b));
  RETURN NEW;
END $$;

-- on insert, and on an update that names the persons or the keys (a decision or a new probability changes neither)
CREATE TRIGGER person_links_keys BEFORE INSERT OR UPDATE OF person_a, person_b, key_a, key_b ON person_links
  FOR EACH ROW EXECUTE FUNCTION person_links_keys();

CREATE FUNCTION person_links_keys_of_person() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE person_links SET key_a = report_base_key(NEW.curp_bidx, NEW.person_id) WHERE person_a = NEW.person_id;
  UPDATE person_links SET key_b = report_base_key(NEW.curp_bidx, NEW.person_id) WHERE person_b = NEW.person_id;
  RETURN NULL;
END $$;

CREATE TRIGGER person_links_keys_of_person AFTER UPDATE OF curp_bidx ON persons
  FOR EACH ROW WHEN (OLD.curp_bidx IS DISTINCT FROM NEW.curp_bidx) EXECUTE FUNCTION person_links_keys_of_person();
