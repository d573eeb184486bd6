-- Issue 13 (speed): the dashboard's filtered figures (a state's page, an agency level, a form group) kept per
-- (year, filter) with the report_data_version (migration 090) they were computed at, like the national figures
-- of report_figures (migration 140): apps/server/src/report/filtered-store.ts. A filtered report re-runs the
-- counting rules on the filtered events (every breakdown of the state, its distinct victims), which the national
-- figures do not hold, so it cannot be derived from them and is stored on its own. One row per (year, filter):
-- the previous data version's row stays until the new one replaces it, so after a write the page answers at once
-- with it, marked stale, while the current figures are computed. Aggregates only: no personal data.
CREATE TABLE report_filtered_figures (
  year int NOT NULL,
  filter text NOT NULL,
  data_version bigint NOT NULL,
  figures json NOT NULL,
  computed_at timestamptz NOT NULL DEFAULT now(),
  compute_ms int,
  PRIMARY KEY (year, filter)
);
