-- A DELETE on identifications paid a whole pass over report_key_first in report_key_first_identifications_deleted()
-- (migration 040): its lookup of the deleted identifications by first_id had no index, and that function plans
-- without sequential scans, so every such statement took ~60 ms of the server's CPU on an empty database and ~257 ms
-- at 1,000,000 persons, also when it deleted no row, as every save of a case-work case without an identification date
-- runs one (its mirror identification removed: cases/exchange-sync.ts). A case write cost the server ~70-95 ms of CPU, ~85 % of it
-- there; the failover test's 1,000 concurrent case writes took 110 s of the servers' CPU.
--
-- An index on first_id, and nothing to do when the statement deleted no row. The rule is the same (the base keys
-- whose earliest identification was deleted are computed again); apps/server/src/report/repository.test.ts checks the
-- table against a computation from scratch after every kind of write, deletions included.
CREATE INDEX report_key_first_first_id ON report_key_first (first_id);

CREATE OR REPLACE FUNCTION report_key_first_identifications_deleted() RETURNS trigger LANGUAGE plpgsql
  SET enable_seqscan = off AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM old_rows) THEN RETURN NULL; END IF;
  PERFORM report_key_first_recompute(ARRAY(
    SELECT r.base_key FROM report_key_first r
     WHERE r.first_id IN (SELECT identification_id COLLATE "C" FROM old_rows)));
  RETURN NULL;
END $$;
