-- Issue 11: a case moves to another agency (e.g. a prosecutor's office hands a person's case to the state DIF).
-- requested (by the sending caseworker, with the person's consent for `transfer`) → approved (by a supervisor
-- of the sending agency, not the requester) → accepted (by a supervisor of the receiving agency: the case,
-- its history, consents, screenings and referrals now belong to the receiving agency; the sending agency keeps
-- only this record) or declined (with a reason; the case stays with the sender). The sending supervisor may
-- also reject a request (with a reason) and the sender may cancel it until it is answered.
-- What the receiving supervisor needs to decide (name, age, sex, languages, needs) is a snapshot taken at the
-- request, encrypted; reasons are encrypted too.

ALTER TABLE cw_consents DROP CONSTRAINT IF EXISTS cw_consents_purpose_check;
ALTER TABLE cw_consents ADD CONSTRAINT cw_consents_purpose_check
  CHECK (purpose IN ('referral', 'cross_border', 'contact', 'statistics', 'transfer'));

CREATE TABLE cw_transfers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cw_cases (id),
  from_agency_id text NOT NULL REFERENCES agencies (id),
  to_agency_id text NOT NULL REFERENCES agencies (id),
  status text NOT NULL DEFAULT 'requested'
    CHECK (status IN ('requested', 'approved', 'rejected', 'cancelled', 'accepted', 'declined')),
  summary_enc text NOT NULL,
  reason_enc text NOT NULL,
  requested_by uuid NOT NULL REFERENCES users (id),
  requested_at timestamptz NOT NULL DEFAULT now(),
  approved_by uuid REFERENCES users (id),
  approved_at timestamptz,
  answered_by uuid REFERENCES users (id),
  answered_at timestamptz,
  answer_reason_enc text,
  CHECK (from_agency_id <> to_agency_id),
  CHECK (status IN ('requested', 'cancelled') OR answered_by IS NOT NULL OR approved_by IS NOT NULL),
  CHECK (status NOT IN ('rejected', 'declined') OR answer_reason_enc IS NOT NULL)
);
-- At most one open transfer per case.
CREATE UNIQUE INDEX cw_transfers_open_idx ON cw_transfers (case_id) WHERE status IN ('requested', 'approved');
CREATE INDEX cw_transfers_to_idx ON cw_transfers (to_agency_id, status, requested_at);
CREATE INDEX cw_transfers_from_idx ON cw_transfers (from_agency_id, status, requested_at);
