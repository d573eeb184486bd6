-- Linkage over several machines, the blocking keys spread too (docs/deployment.md "Linkage over several machines").
-- A run's persons are split into shards (a few thousand person ids each, in id order); each shard is one job of the
-- pg-boss queue: an `enlace worker` reads and decrypts the shard's persons, computes their blocking keys as blind
-- indexes and writes the difference with what is stored (keys no longer derived deleted, new ones copied in bulk),
-- while the coordinator blocks and compares. The shards of a run are deleted when it ends; the run keeps the counts.
CREATE TABLE linkage_run_shards (
  run_id bigint NOT NULL REFERENCES linkage_runs (id) ON DELETE CASCADE,
  shard integer NOT NULL CHECK (shard >= 0),
  person_ids text[] NOT NULL,
  keys_added integer,
  keys_removed integer,
  error text,
  worker text,
  finished_at timestamptz,
  PRIMARY KEY (run_id, shard)
);

-- the run is recorded before its pairs are known (its shards are queued first): parts 0 while planning
ALTER TABLE linkage_runs DROP CONSTRAINT IF EXISTS linkage_runs_parts_check;
ALTER TABLE linkage_runs ADD CONSTRAINT linkage_runs_parts_check CHECK (parts >= 0);
ALTER TABLE linkage_runs ADD COLUMN shards integer NOT NULL DEFAULT 0;
ALTER TABLE linkage_runs ADD COLUMN keys_added bigint;
ALTER TABLE linkage_runs ADD COLUMN keys_removed bigint;
