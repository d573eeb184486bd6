-- Network analysis (issue 14): identifiers recorded on an investigation of the justice chain (jd_stages, the
-- chain's opening stage) as well as on a person or a defendant. Exactly one of the three is named.
ALTER TABLE network_identifiers ADD COLUMN chain_id uuid REFERENCES jd_stages (id);
ALTER TABLE network_identifiers DROP CONSTRAINT network_identifiers_one_subject;
ALTER TABLE network_identifiers
  ADD CONSTRAINT network_identifiers_one_subject CHECK (num_nonnulls(person_id, defendant_id, chain_id) = 1);
CREATE INDEX network_identifiers_chain_idx ON network_identifiers (chain_id);
