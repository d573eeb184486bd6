-- Linkage over several machines, the reading spread too (docs/deployment.md "Linkage over several machines").
-- The worker that writes a shard's blocking keys (it has read and decrypted the shard's persons for them) also
-- stores the shard's linkage records — each person's id, agency and compared fields — as one field-encrypted
-- value, in the same transaction. The coordinator reads these snapshots (one decryption per shard, not one per
-- field) to block; each worker reads them once per run and compares parts that carry only pairs (indices into the
-- run's records), so a part no longer carries a copy of its records. Deleted with the shard when the run ends.
ALTER TABLE linkage_run_shards ADD COLUMN records_enc text;
ALTER TABLE linkage_run_parts ALTER COLUMN records_enc DROP NOT NULL;
