-- Insider-threat controls (issue 9): case assignment, break-glass and bulk-read alerts, national auditors.

-- A national auditor reads every agency's audit entries and alerts; an `auditor` only their own agency's.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('admin', 'agency_admin', 'supervisor',
  'caseworker', 'hotline_operator', 'service_provider', 'analyst', 'auditor', 'national_auditor'));

-- "One's own" case: created by the user or assigned to them (a supervisor or agency admin assigns).
ALTER TABLE cw_cases ADD COLUMN assigned_to uuid REFERENCES users (id);
CREATE INDEX cw_cases_assigned_idx ON cw_cases (assigned_to) WHERE assigned_to IS NOT NULL;
CREATE INDEX cw_cases_person_ref_idx ON cw_cases (person_ref) WHERE person_ref IS NOT NULL;
-- "One's own" person: recorded (created) by the user; the audit log is the record of who created it.
CREATE INDEX audit_log_creates_idx ON audit_log (resource, resource_id, user_id) WHERE action = 'create';

-- Bulk-read threshold: at least `bulk_read_threshold` distinct persons or cases in `bulk_read_window_minutes`.
CREATE TABLE alert_settings (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  bulk_read_threshold integer NOT NULL DEFAULT 50 CHECK (bulk_read_threshold BETWEEN 2 AND 100000),
  bulk_read_window_minutes integer NOT NULL DEFAULT 10 CHECK (bulk_read_window_minutes BETWEEN 1 AND 1440)
);
INSERT INTO alert_settings DEFAULT VALUES;

-- Which person or case each user read when (database clock): one row per user and record, refreshed only
-- when the previous read has left the window, so repeated reads of one record write nothing.
CREATE TABLE read_tally (
  user_id uuid NOT NULL,
  resource text NOT NULL,
  resource_id text NOT NULL,
  at timestamptz NOT NULL,
  PRIMARY KEY (user_id, resource, resource_id)
);
CREATE INDEX read_tally_window_idx ON read_tally (user_id, at);

-- Alerts for the reader's agency admins and auditors. No personal data: ids, counts, and for break-glass the
-- reason the user typed (the dialog asks not to write names in it).
CREATE TABLE alerts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('break_glass', 'bulk_read')),
  agency_id text NOT NULL REFERENCES agencies (id),
  user_id uuid NOT NULL REFERENCES users (id),
  resource text CHECK (resource IN ('persons', 'cases')),
  resource_id text,
  justification text,
  read_count integer,
  window_minutes integer,
  occurrences integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_at timestamptz NOT NULL DEFAULT now(),
  acknowledged_at timestamptz,
  acknowledged_by uuid REFERENCES users (id),
  CHECK ((kind = 'break_glass') = (resource IS NOT NULL AND resource_id IS NOT NULL)),
  CHECK ((kind = 'bulk_read') = (read_count IS NOT NULL))
);
CREATE INDEX alerts_agency_idx ON alerts (agency_id, created_at DESC);
CREATE INDEX alerts_user_idx ON alerts (user_id, kind, created_at DESC);

-- Counts every read or list of persons and cases as the audit group commit appends it (same transaction, no
-- extra round trip), and raises a bulk_read alert once a user's distinct records in the window reach the
-- threshold (at most one per user and window).
CREATE FUNCTION read_tally_note() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  s alert_settings;
  win interval;
  fresh integer;
  n integer;
BEGIN
  SELECT * INTO s FROM alert_settings;
  win := make_interval(mins => s.bulk_read_window_minutes);
  INSERT INTO read_tally AS t (user_id, resource, resource_id, at)
    SELECT DISTINCT NEW.user_id, NEW.resource, rid, now()
    FROM unnest(string_to_array(NEW.resource_id, ',')) AS rid WHERE rid <> ''
  ON CONFLICT (user_id, resource, resource_id) DO UPDATE SET at = excluded.at WHERE t.at <= excluded.at - win;
  GET DIAGNOSTICS fresh = ROW_COUNT;
  IF fresh = 0 THEN
    RETURN NULL;
  END IF;
  IF EXISTS (SELECT 1 FROM alerts WHERE user_id = NEW.user_id AND kind = 'bulk_read' AND created_at > now() - win) THEN
    RETURN NULL;
  END IF;
  SELECT count(*) INTO n FROM read_tally WHERE user_id = NEW.user_id AND at > now() - win;
  IF n >= s.bulk_read_threshold AND NEW.agency_id IS NOT NULL THEN
    INSERT INTO alerts (kind, agency_id, user_id, read_count, window_minutes)
    VALUES ('bulk_read', NEW.agency_id, NEW.user_id, n, s.bulk_read_window_minutes);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER audit_log_read_tally AFTER INSERT ON audit_log FOR EACH ROW
  WHEN (NEW.user_id IS NOT NULL AND NEW.action IN ('read', 'list') AND NEW.resource IN ('persons', 'cases')
        AND NEW.resource_id IS NOT NULL)
  EXECUTE FUNCTION read_tally_note();

-- Every raised alert is itself an audit entry ("raise", resource "alerts", the alert id; no user: the system
-- raised it; the agency whose admins see it). Deferred to the end of the transaction, so it is appended after
-- the group commit's own entries, under the same chain lock. The canonical text is built exactly as
-- audit/chain.ts canonicalEntry() builds it (the verifier recomputes it; a test keeps them equal).
CREATE FUNCTION alerts_audit_raise() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  t timestamptz := date_trunc('milliseconds', clock_timestamp());
BEGIN
  PERFORM audit_append(t, NULL, NEW.agency_id, 'raise', 'alerts', NEW.id::text, '{}'::text[], NULL,
    '[' || to_json(to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text || ',null,'
        || to_json(NEW.agency_id)::text || ',"raise","alerts",' || to_json(NEW.id::text)::text || ',[],null]');
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER alerts_audited AFTER INSERT ON alerts DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION alerts_audit_raise();
