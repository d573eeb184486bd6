-- Idempotency keys: a client that did not get an answer to a write (the connection broke, the primary failed
-- over) sends the same request again with the same Idempotency-Key header; the server answers with the stored
-- result instead of applying it twice. The key is written in the same transaction as the write it guards.
CREATE TABLE idempotency_keys (
  -- Who sent it: a user id, or 'public' for public routes; keys are unique per principal.
  principal text NOT NULL,
  key text NOT NULL,
  -- Method and route pattern, and a hash of the body: the same key with another request is refused.
  method text NOT NULL,
  route text NOT NULL,
  request_hash text NOT NULL,
  -- The transaction's own result (known at commit), then the exact answer once it was sent.
  result jsonb,
  status integer,
  response text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (principal, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
