-- Network analysis (issue 14): identifiers an investigator records on a person of the agency (bank accounts,
-- CLABE, vehicles, companies, online handles, and phones/e-mails/addresses beyond the person record).
-- The value is encrypted (AAD network_identifiers.value); `value_bidx` is a keyed hash of the normalised
-- value (apps/server/src/api/network/normalise.ts), so the same account written two ways is one node.
CREATE TABLE network_identifiers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id text NOT NULL REFERENCES agencies (id),
  person_id text NOT NULL REFERENCES persons (person_id),
  kind text NOT NULL CHECK (kind IN ('phone', 'email', 'address', 'account', 'vehicle', 'company', 'handle')),
  value_enc text NOT NULL,
  value_bidx text NOT NULL,
  note_enc text,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX network_identifiers_agency_idx ON network_identifiers (agency_id);
CREATE INDEX network_identifiers_person_idx ON network_identifiers (person_id);
CREATE INDEX network_identifiers_bidx_idx ON network_identifiers (kind, value_bidx);
