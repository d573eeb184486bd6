-- A person whose identifying data changed loses its blocking keys, so the next linkage pass
-- (after every import and entry) compares it again, like a new person.
CREATE FUNCTION persons_forget_link_keys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM person_link_keys WHERE person_id = NEW.person_id;
  RETURN NEW;
END $$;
CREATE TRIGGER persons_changed_relink AFTER UPDATE ON persons
  FOR EACH ROW WHEN (OLD.row_hash IS DISTINCT FROM NEW.row_hash)
  EXECUTE FUNCTION persons_forget_link_keys();
