-- Person linkage inside Enlace (docs/linkage.md): the same human across agencies.
-- Blocking keys are stored as keyed blind indexes (they contain name fragments), so the candidates of a
-- new person are found with one indexed look-up and no plaintext. Links keep the model's probability;
-- a supervisor's decision overrides it, every decision is kept (and can be undone) in link_decisions.

CREATE TABLE linkage_models (
  id bigserial PRIMARY KEY,
  model jsonb NOT NULL,
  persons integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE person_link_keys (
  person_id text NOT NULL REFERENCES persons (person_id) ON DELETE CASCADE,
  key_bidx text NOT NULL,
  PRIMARY KEY (person_id, key_bidx)
);
CREATE INDEX person_link_keys_key_idx ON person_link_keys (key_bidx);

CREATE TABLE person_links (
  person_a text NOT NULL REFERENCES persons (person_id) ON DELETE CASCADE,
  person_b text NOT NULL REFERENCES persons (person_id) ON DELETE CASCADE,
  probability real NOT NULL CHECK (probability >= 0 AND probability <= 1),
  decision text CHECK (decision IN ('confirmed', 'rejected')),
  decided_by uuid REFERENCES users (id),
  decided_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (person_a, person_b),
  CHECK (person_a < person_b)
);
CREATE INDEX person_links_b_idx ON person_links (person_b);
CREATE INDEX person_links_review_idx ON person_links (probability) WHERE decision IS NULL;

CREATE TABLE link_decisions (
  id bigserial PRIMARY KEY,
  person_a text NOT NULL,
  person_b text NOT NULL,
  decision text CHECK (decision IN ('confirmed', 'rejected')),
  previous text CHECK (previous IN ('confirmed', 'rejected')),
  undoes bigint REFERENCES link_decisions (id),
  decided_by uuid REFERENCES users (id),
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX link_decisions_pair_idx ON link_decisions (person_a, person_b);
