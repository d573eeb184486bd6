-- Foundation: agencies, users, sessions, data-encryption key ids, and the append-only audit log.

CREATE TABLE agencies (
  id text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
  name text NOT NULL CHECK (length(name) > 0),
  level text NOT NULL CHECK (level IN ('federal', 'state', 'municipal', 'ngo', 'international', 'foreign')),
  kind text NOT NULL CHECK (kind IN ('prosecutor', 'immigration', 'labor_inspection', 'child_protection',
    'consular', 'police', 'hotline', 'service_provider', 'financial_intelligence', 'other')),
  state_code text CHECK (state_code ~ '^(0[1-9]|[12][0-9]|3[0-2])$'),
  country text NOT NULL DEFAULT 'MEX' CHECK (country ~ '^[A-Z]{3}$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((level IN ('state', 'municipal')) = (state_code IS NOT NULL))
);
CREATE INDEX agencies_level_idx ON agencies (level, state_code);

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id text NOT NULL REFERENCES agencies (id),
  email text NOT NULL UNIQUE CHECK (email = lower(email)),
  display_name text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'agency_admin', 'supervisor', 'caseworker', 'hotline_operator',
    'service_provider', 'analyst', 'auditor')),
  password_hash text NOT NULL,
  mfa_secret_enc text,
  mfa_enabled boolean NOT NULL DEFAULT false,
  mfa_last_step bigint NOT NULL DEFAULT 0,
  recovery_codes text[] NOT NULL DEFAULT '{}',
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  disabled_at timestamptz,
  locale text NOT NULL DEFAULT 'es-MX' CHECK (locale IN ('es-MX', 'en-US')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX users_agency_idx ON users (agency_id);

CREATE TABLE sessions (
  id text PRIMARY KEY,               -- SHA-256 of the cookie token; the token itself is never stored
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  mfa_state text NOT NULL CHECK (mfa_state IN ('ok', 'verify', 'enrol')),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

-- Data-encryption key ids. Keys are derived from the master key per id (HKDF-SHA256);
-- exactly one is active for new writes. Old ids stay to decrypt values not yet re-encrypted.
CREATE TABLE encryption_keys (
  id text PRIMARY KEY,
  active boolean NOT NULL DEFAULT false,
  check_value text NOT NULL,         -- HMAC of a constant under the key: proves the master key is right
  created_at timestamptz NOT NULL DEFAULT now(),
  retired_at timestamptz
);
CREATE UNIQUE INDEX encryption_keys_one_active ON encryption_keys (active) WHERE active;

CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL,
  user_id uuid,
  agency_id text,
  action text NOT NULL,
  resource text NOT NULL,
  resource_id text,
  fields text[] NOT NULL DEFAULT '{}',
  justification text,
  prev_hash text NOT NULL,
  hash text NOT NULL
);
CREATE INDEX audit_log_resource_idx ON audit_log (resource, resource_id);
CREATE INDEX audit_log_user_idx ON audit_log (user_id, id);

-- The database itself refuses to change or remove audit entries.
CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

-- Appends one entry to the hash chain: hash = SHA-256(previous hash || canonical entry).
-- The canonical entry is computed by the application from the same column values (see audit/chain.ts),
-- and `enlace audit verify` recomputes it from the stored columns.
CREATE FUNCTION audit_append(p_at timestamptz, p_user uuid, p_agency text, p_action text, p_resource text,
  p_resource_id text, p_fields text[], p_justification text, p_canonical text) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  prev text;
  new_id bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(4242002);
  SELECT hash INTO prev FROM audit_log ORDER BY id DESC LIMIT 1;
  prev := coalesce(prev, repeat('0', 64));
  INSERT INTO audit_log (at, user_id, agency_id, action, resource, resource_id, fields, justification, prev_hash, hash)
  VALUES (p_at, p_user, p_agency, p_action, p_resource, p_resource_id, p_fields, p_justification, prev,
    encode(sha256(convert_to(prev || p_canonical, 'UTF8')), 'hex'))
  RETURNING id INTO new_id;
  RETURN new_id;
END $$;
