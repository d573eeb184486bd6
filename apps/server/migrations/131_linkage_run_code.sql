-- The linkage code a run was planned with (a digest of packages/linkage's sources): a worker running other code
-- (a machine not yet upgraded, or already upgraded) refuses the run's parts instead of mixing two versions.
ALTER TABLE linkage_runs ADD COLUMN code text NOT NULL DEFAULT '';
