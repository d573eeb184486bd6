-- Group commit of audit entries in ONE statement (one round trip instead of BEGIN, lock, head, INSERT, COMMIT):
-- under the same advisory lock as audit_append(), reads the chain head and appends the entries in order, each
-- hash = SHA-256(previous hash || canonical entry), exactly as audit_append() and the verifier compute it.
-- p_fields holds each entry's field list as a JSON array of strings.
CREATE FUNCTION audit_append_batch(p_at timestamptz[], p_user uuid[], p_agency text[], p_action text[],
  p_resource text[], p_resource_id text[], p_fields text[], p_justification text[], p_canonical text[])
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  prev text;
  h text;
  n integer := coalesce(array_length(p_at, 1), 0);
BEGIN
  IF n = 0 THEN
    RETURN 0;
  END IF;
  PERFORM pg_advisory_xact_lock(4242002);
  SELECT hash INTO prev FROM audit_log ORDER BY id DESC LIMIT 1;
  prev := coalesce(prev, repeat('0', 64));
  FOR i IN 1..n LOOP
    h := encode(sha256(convert_to(prev || p_canonical[i], 'UTF8')), 'hex');
    INSERT INTO audit_log (at, user_id, agency_id, action, resource, resource_id, fields, justification, prev_hash, hash)
    VALUES (p_at[i], p_user[i], p_agency[i], p_action[i], p_resource[i], p_resource_id[i],
            ARRAY(SELECT jsonb_array_elements_text(p_fields[i]::jsonb)), p_justification[i], prev, h);
    prev := h;
  END LOOP;
  RETURN n;
END $$;
