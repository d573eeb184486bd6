-- Issue 11: a person a caseworker records may already be known to another agency (linkage score). The caseworker
-- sees only "may be known elsewhere" and may ask for contact; the other agency's supervisors see the request with
-- their own person and accept (the requester then sees whom to contact) or decline. Nothing of the other agency's
-- record is shown to the requester.
CREATE TABLE cw_access_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cw_cases (id),
  from_agency_id text NOT NULL REFERENCES agencies (id),
  requested_by uuid NOT NULL REFERENCES users (id),
  to_agency_id text NOT NULL REFERENCES agencies (id),
  -- The other agency's person (never returned to the requester).
  person_id text NOT NULL,
  probability real NOT NULL,
  reason_enc text,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'declined')),
  answered_by uuid REFERENCES users (id),
  answered_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (from_agency_id <> to_agency_id)
);
CREATE UNIQUE INDEX cw_access_requests_open_idx ON cw_access_requests (case_id, person_id) WHERE status = 'pending';
CREATE INDEX cw_access_requests_to_idx ON cw_access_requests (to_agency_id, status, created_at);
CREATE INDEX cw_access_requests_case_idx ON cw_access_requests (case_id);
