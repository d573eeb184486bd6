-- Network analysis (issue 14): identifiers recorded from the web app and the API on a defendant of the agency
-- (jd_defendants) as well as on a person of the exchange records. Exactly one of the two is named.
ALTER TABLE network_identifiers ADD COLUMN defendant_id uuid REFERENCES jd_defendants (id);
ALTER TABLE network_identifiers ALTER COLUMN person_id DROP NOT NULL;
ALTER TABLE network_identifiers
  ADD CONSTRAINT network_identifiers_one_subject CHECK ((person_id IS NULL) <> (defendant_id IS NULL));
CREATE INDEX network_identifiers_defendant_idx ON network_identifiers (defendant_id);
