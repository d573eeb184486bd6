-- Blocking keys (person_link_keys) are derived data, ~15 rows per person, rewritten by every linkage pass. Their
-- foreign key to persons cost one referential check per key row (a look-up and a row lock on the person, each
-- WAL-logged): measured with durable settings, half of the time of storing a first import's 750,000 keys.
-- The cascade it gave is kept by a statement trigger: deleting persons deletes their keys in the same statement.
-- Keys are only written by the linkage for persons it has just read; a key of a person deleted meanwhile is
-- harmless (candidates are looked up in persons) and removed here too.
ALTER TABLE person_link_keys DROP CONSTRAINT IF EXISTS person_link_keys_person_id_fkey;

CREATE FUNCTION persons_deleted_forget_link_keys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM person_link_keys k USING gone g WHERE k.person_id = g.person_id;
  RETURN NULL;
END $$;
CREATE TRIGGER persons_deleted_link_keys AFTER DELETE ON persons
  REFERENCING OLD TABLE AS gone
  FOR EACH STATEMENT EXECUTE FUNCTION persons_deleted_forget_link_keys();

DELETE FROM person_link_keys k WHERE NOT EXISTS (SELECT 1 FROM persons p WHERE p.person_id = k.person_id);
