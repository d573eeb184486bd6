-- Linkage spread over machines (docs/deployment.md "Linkage over several machines"). A coordinator
-- (`enlace link --distributed`) splits the candidate pairs of a linkage of every person into parts by
-- blocking key; each part is one job of the pg-boss queue (its own schema, `pgboss`, created by the library),
-- taken by `enlace worker` processes on any machine that reaches the database. A part carries its records'
-- compared fields as one field-encrypted value (personal data), its pairs and term-frequency weights
-- (bytea), and, once a worker has compared them, the comparison vectors (bytea). The parts of a run are
-- deleted when the run ends, done or failed; the run's row stays as its record.

CREATE TABLE linkage_runs (
  id bigserial PRIMARY KEY,
  status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'failed')),
  persons integer NOT NULL,
  pairs bigint NOT NULL,
  parts integer NOT NULL CHECK (parts >= 1),
  comparisons text[] NOT NULL,
  term_frequencies boolean NOT NULL,
  model_id bigint REFERENCES linkage_models (id),
  links integer,
  error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);

CREATE TABLE linkage_run_parts (
  run_id bigint NOT NULL REFERENCES linkage_runs (id) ON DELETE CASCADE,
  part integer NOT NULL CHECK (part >= 0),
  records_enc text NOT NULL,
  pairs bytea NOT NULL,
  pair_count integer NOT NULL,
  result bytea,
  error text,
  worker text,
  finished_at timestamptz,
  PRIMARY KEY (run_id, part)
);
