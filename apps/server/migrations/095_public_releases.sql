-- The public release of the national figures (issue 13): an analyst prepares it (year, k, optional ε), a second
-- analyst approves it, and it is published on the open-data page /datos-abiertos. Aggregates only, no personal
-- data: `figures` is the protected release (every count 0 or ≥ k, suppressed cells null); `reasons` (why each
-- cell is suppressed) is for the analysts and never leaves the API.
CREATE TABLE public_releases (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  year integer NOT NULL CHECK (year BETWEEN 1990 AND 2100),
  k integer NOT NULL CHECK (k BETWEEN 2 AND 1000),
  epsilon double precision CHECK (epsilon IS NULL OR (epsilon > 0 AND epsilon <= 100)),
  status text NOT NULL DEFAULT 'prepared'
    CHECK (status IN ('prepared', 'published', 'discarded', 'superseded')),
  figures jsonb NOT NULL,
  reasons jsonb NOT NULL,
  primary_suppressed integer NOT NULL,
  complementary_suppressed integer NOT NULL,
  prepared_by uuid NOT NULL REFERENCES users (id),
  prepared_at timestamptz NOT NULL,
  approved_by uuid REFERENCES users (id),
  published_at timestamptz,
  closed_by uuid REFERENCES users (id),
  closed_at timestamptz,
  -- the two-person rule, also for writes that do not go through the API
  CHECK (approved_by IS NULL OR approved_by <> prepared_by),
  CHECK ((status IN ('published', 'superseded')) = (approved_by IS NOT NULL AND published_at IS NOT NULL))
);
-- one published release per year; publishing another supersedes it
CREATE UNIQUE INDEX public_releases_published_year ON public_releases (year) WHERE status = 'published';
CREATE INDEX public_releases_prepared_idx ON public_releases (prepared_at DESC);
