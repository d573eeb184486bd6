-- Issue 13 (speed): the national figures computed once per (year, data version) and kept in the database, so
-- the dashboard, the HTML and the PDF report, the CLI and every server process reuse them
-- (apps/server/src/report/figures-store.ts). Aggregates only: no personal data.
--   part 'annual': the year's annual report (annual-report.md);
--   part 'extras': the year's figures by state, completeness and sources (the dashboard's map, the report's
--   notes and annex).
-- A row is valid only while report_data_version (migration 090) still has the value it was computed at.
CREATE TABLE report_figures (
  year int NOT NULL,
  part text NOT NULL CHECK (part IN ('annual', 'extras')),
  data_version bigint NOT NULL,
  figures jsonb NOT NULL,
  computed_at timestamptz NOT NULL DEFAULT now(),
  compute_ms int,
  PRIMARY KEY (year, part)
);

-- Every write that moves the data version now also holds a shared transaction-level advisory lock until it
-- commits (writers share it, so they never wait on each other). A reader that gets the exclusive lock for a
-- moment (pg_try_advisory_lock) knows no such write is uncommitted: the version it reads then is the version
-- of committed data, and only figures computed from such a version are stored. Without this a version
-- moved by an uncommitted import could be stored with figures that do not contain the import.
CREATE OR REPLACE FUNCTION report_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(4242013);
  PERFORM nextval('report_data_version');
  RETURN NULL;
END $$;
