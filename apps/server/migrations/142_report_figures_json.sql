-- Issue 13: the stored figures keep the text of the computed JSON (key order included), so `enlace report
-- --format json` prints byte for byte the same from stored figures as when it computes them (jsonb reorders
-- keys). The rows are only a cache of computed figures: emptied, computed again on the next request.
TRUNCATE report_figures;
ALTER TABLE report_figures ALTER COLUMN figures TYPE json USING figures::json;
-- (Readers check the writers' shared lock in pg_locks instead of taking the exclusive one for a moment as
-- migration 140's comment says: two readers at once would have refused each other.)
