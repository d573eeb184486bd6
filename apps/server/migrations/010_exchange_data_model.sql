-- The national data model: every record kind of the exchange format (shared/spec/exchange-format.md).
-- Tables are named like the files, columns like the CSV columns. Personal data is encrypted at the
-- field level (`*_enc`, AES-256-GCM, see src/security/crypto.ts); the CURP also has a keyed blind
-- index for exact look-ups. Plain columns are what aggregate statistics need (see docs/exchange.md).
-- `row_hash` is a keyed hash of the canonical exchange row: an import compares it to tell
-- inserted / updated / unchanged rows apart. Every table has an index on its id in byte order
-- (COLLATE "C") so that exports stream in a deterministic order.

ALTER TABLE agencies ADD COLUMN IF NOT EXISTS row_hash text;
CREATE INDEX IF NOT EXISTS agencies_id_c_idx ON agencies ((id COLLATE "C"));

CREATE TABLE persons (
  person_id text PRIMARY KEY CHECK (length(person_id) BETWEEN 1 AND 64),
  agency_id text NOT NULL REFERENCES agencies (id),
  given_names_enc text,
  surname_1_enc text,
  surname_2_enc text,
  birth_date_enc text,
  -- quasi-identifiers kept plain for age statistics (see docs/exchange.md)
  birth_year smallint,
  birth_month smallint CHECK (birth_month BETWEEN 1 AND 12),
  birth_day smallint CHECK (birth_day BETWEEN 1 AND 31),
  sex text CHECK (sex IN ('female', 'male', 'intersex')),
  nationality text CHECK (nationality ~ '^[A-Z]{3}$'),
  curp_enc text,
  curp_bidx text,
  indigenous boolean,
  languages text[],
  lgbtqi boolean,
  disability boolean,
  phone_enc text,
  email_enc text,
  address_enc text,
  row_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX persons_agency_idx ON persons (agency_id);
CREATE INDEX persons_curp_bidx_idx ON persons (curp_bidx) WHERE curp_bidx IS NOT NULL;
CREATE INDEX persons_id_c_idx ON persons ((person_id COLLATE "C"));

CREATE TABLE investigations (
  investigation_id text PRIMARY KEY CHECK (length(investigation_id) BETWEEN 1 AND 64),
  agency_id text NOT NULL REFERENCES agencies (id),
  opened_date date NOT NULL,
  closed_date date,
  primary_form text NOT NULL,
  state_code text CHECK (state_code ~ '^(0[1-9]|[12][0-9]|3[0-2])$'),
  official_complicity boolean,
  row_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX investigations_agency_idx ON investigations (agency_id);
CREATE INDEX investigations_opened_idx ON investigations (opened_date);
CREATE INDEX investigations_id_c_idx ON investigations ((investigation_id COLLATE "C"));

CREATE TABLE prosecutions (
  prosecution_id text PRIMARY KEY CHECK (length(prosecution_id) BETWEEN 1 AND 64),
  agency_id text NOT NULL REFERENCES agencies (id),
  investigation_id text REFERENCES investigations (investigation_id),
  defendant_person_id text REFERENCES persons (person_id),
  initiated_date date NOT NULL,
  closed_date date,
  primary_form text NOT NULL,
  state_code text CHECK (state_code ~ '^(0[1-9]|[12][0-9]|3[0-2])$'),
  official_complicity boolean,
  row_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX prosecutions_agency_idx ON prosecutions (agency_id);
CREATE INDEX prosecutions_initiated_idx ON prosecutions (initiated_date);
CREATE INDEX prosecutions_id_c_idx ON prosecutions ((prosecution_id COLLATE "C"));

CREATE TABLE convictions (
  conviction_id text PRIMARY KEY CHECK (length(conviction_id) BETWEEN 1 AND 64),
  agency_id text NOT NULL REFERENCES agencies (id),
  prosecution_id text REFERENCES prosecutions (prosecution_id),
  date date NOT NULL,
  primary_form text NOT NULL,
  state_code text CHECK (state_code ~ '^(0[1-9]|[12][0-9]|3[0-2])$'),
  sentence_months integer CHECK (sentence_months >= 0),
  fine_mxn numeric CHECK (fine_mxn >= 0),
  restitution_ordered_mxn numeric CHECK (restitution_ordered_mxn >= 0),
  row_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX convictions_agency_idx ON convictions (agency_id);
CREATE INDEX convictions_date_idx ON convictions (date);
CREATE INDEX convictions_id_c_idx ON convictions ((conviction_id COLLATE "C"));

CREATE TABLE identifications (
  identification_id text PRIMARY KEY CHECK (length(identification_id) BETWEEN 1 AND 64),
  person_id text NOT NULL REFERENCES persons (person_id),
  agency_id text NOT NULL REFERENCES agencies (id),
  date date NOT NULL,
  state_code text CHECK (state_code ~ '^(0[1-9]|[12][0-9]|3[0-2])$'),
  country_of_exploitation text CHECK (country_of_exploitation ~ '^[A-Z]{3}$'),
  primary_form text NOT NULL,
  other_forms text[],
  sector text,
  means_of_control text[],
  recruitment text[],
  recruiter_relation text,
  row_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX identifications_person_idx ON identifications (person_id);
CREATE INDEX identifications_agency_idx ON identifications (agency_id);
CREATE INDEX identifications_date_idx ON identifications (date);
CREATE INDEX identifications_id_c_idx ON identifications ((identification_id COLLATE "C"));

CREATE TABLE referrals (
  referral_id text PRIMARY KEY CHECK (length(referral_id) BETWEEN 1 AND 64),
  person_id text NOT NULL REFERENCES persons (person_id),
  from_agency_id text NOT NULL REFERENCES agencies (id),
  to_agency_id text NOT NULL REFERENCES agencies (id),
  date date NOT NULL,
  services text[],
  status text NOT NULL CHECK (status IN ('pending', 'accepted', 'declined', 'completed')),
  status_date date,
  row_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX referrals_person_idx ON referrals (person_id);
CREATE INDEX referrals_from_idx ON referrals (from_agency_id);
CREATE INDEX referrals_to_idx ON referrals (to_agency_id);
CREATE INDEX referrals_date_idx ON referrals (date);
CREATE INDEX referrals_id_c_idx ON referrals ((referral_id COLLATE "C"));

CREATE TABLE services (
  service_id text PRIMARY KEY CHECK (length(service_id) BETWEEN 1 AND 64),
  person_id text NOT NULL REFERENCES persons (person_id),
  provider_agency_id text NOT NULL REFERENCES agencies (id),
  service text NOT NULL,
  start_date date,
  end_date date,
  government_funded boolean,
  row_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX services_person_idx ON services (person_id);
CREATE INDEX services_provider_idx ON services (provider_agency_id);
CREATE INDEX services_start_idx ON services (start_date);
CREATE INDEX services_id_c_idx ON services ((service_id COLLATE "C"));

CREATE TABLE restitution_payments (
  payment_id text PRIMARY KEY CHECK (length(payment_id) BETWEEN 1 AND 64),
  conviction_id text NOT NULL REFERENCES convictions (conviction_id),
  victim_person_id text REFERENCES persons (person_id),
  date date NOT NULL,
  amount_mxn numeric NOT NULL CHECK (amount_mxn >= 0),
  source text NOT NULL CHECK (source IN ('perpetrator', 'assistance_fund')),
  row_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX restitution_payments_conviction_idx ON restitution_payments (conviction_id);
CREATE INDEX restitution_payments_date_idx ON restitution_payments (date);
CREATE INDEX restitution_payments_id_c_idx ON restitution_payments ((payment_id COLLATE "C"));

CREATE TABLE hotline_contacts (
  contact_id text PRIMARY KEY CHECK (length(contact_id) BETWEEN 1 AND 64),
  agency_id text NOT NULL REFERENCES agencies (id),
  date date NOT NULL,
  channel text NOT NULL CHECK (channel IN ('phone', 'chat', 'web', 'email', 'sms', 'whatsapp')),
  language text,
  trafficking_related boolean NOT NULL,
  referred_to_agency_id text REFERENCES agencies (id),
  row_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX hotline_contacts_agency_idx ON hotline_contacts (agency_id);
CREATE INDEX hotline_contacts_date_idx ON hotline_contacts (date);
CREATE INDEX hotline_contacts_id_c_idx ON hotline_contacts ((contact_id COLLATE "C"));

CREATE TABLE financial_reports (
  report_id text PRIMARY KEY CHECK (length(report_id) BETWEEN 1 AND 64),
  agency_id text NOT NULL REFERENCES agencies (id),
  date date NOT NULL,
  amount_usd numeric CHECK (amount_usd >= 0),
  investigation_id text REFERENCES investigations (investigation_id),
  row_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX financial_reports_agency_idx ON financial_reports (agency_id);
CREATE INDEX financial_reports_date_idx ON financial_reports (date);
CREATE INDEX financial_reports_id_c_idx ON financial_reports ((report_id COLLATE "C"));
