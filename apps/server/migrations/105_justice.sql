-- Issue 14: perpetrators and defendants as records, the justice chain (investigation → prosecution → trial →
-- sentence → appeal) with charges, defendants, victims, official complicity and court, restitution ordered on a
-- real conviction record, and financial intelligence reports. New tables only: the exchange format's files do not
-- need them (docs/justice.md). Personal data lives only in *_enc columns (AES-256-GCM, column bound as AAD; found
-- by `enlace keys rotate` by their name).

CREATE TABLE jd_defendants (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id text NOT NULL REFERENCES agencies (id),
  -- Non-identifying fields (lists, statistics).
  sex text CHECK (sex IN ('female', 'male', 'intersex')),
  nationality text CHECK (nationality ~ '^[A-Z]{3}$'),
  network_roles text[] NOT NULL DEFAULT '{}'
    CHECK (network_roles <@ ARRAY['recruiter', 'transporter', 'exploiter', 'financier', 'facilitator', 'official']),
  -- Names, aliases, birth date or age, CURP: one encrypted JSON document.
  identity_enc text NOT NULL,
  notes_enc text,
  -- The case whose perpetrator list it came from, if any.
  source_case_id uuid REFERENCES cw_cases (id),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX jd_defendants_agency_idx ON jd_defendants (agency_id, created_at);

-- Possible same-person pairs of defendants found by the linkage library, and the reviewers' decisions.
CREATE TABLE jd_defendant_links (
  a uuid NOT NULL REFERENCES jd_defendants (id) ON DELETE CASCADE,
  b uuid NOT NULL REFERENCES jd_defendants (id) ON DELETE CASCADE,
  probability real NOT NULL CHECK (probability >= 0 AND probability <= 1),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'same', 'different')),
  decided_by uuid REFERENCES users (id),
  decided_at timestamptz,
  found_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (a, b),
  CHECK (a < b)
);
CREATE INDEX jd_defendant_links_b_idx ON jd_defendant_links (b);

-- One stage of a chain. The investigation is the chain's head (chain_id = its own id).
CREATE TABLE jd_stages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id text NOT NULL REFERENCES agencies (id),
  chain_id uuid NOT NULL REFERENCES jd_stages (id),
  stage text NOT NULL CHECK (stage IN ('investigation', 'prosecution', 'trial', 'sentence', 'appeal')),
  -- The file's number (carpeta de investigación, causa penal, toca): not personal.
  reference text NOT NULL DEFAULT '' CHECK (length(reference) <= 100),
  -- The exchange record of this stage when there is one (investigations, prosecutions or convictions).
  record_ref text CHECK (length(record_ref) BETWEEN 1 AND 64),
  started_on date NOT NULL,
  ended_on date CHECK (ended_on >= started_on),
  court text NOT NULL DEFAULT '' CHECK (length(court) <= 300),
  charges text[] NOT NULL DEFAULT '{}',
  outcome text,
  sentence_months integer CHECK (sentence_months BETWEEN 0 AND 2400),
  fine_mxn numeric(16, 2) CHECK (fine_mxn >= 0),
  official_complicity boolean NOT NULL DEFAULT false,
  complicity_enc text,
  notes_enc text,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((stage = 'investigation') = (chain_id = id))
);
CREATE INDEX jd_stages_agency_idx ON jd_stages (agency_id, stage, started_on);
CREATE INDEX jd_stages_chain_idx ON jd_stages (chain_id);

CREATE TABLE jd_stage_defendants (
  stage_id uuid NOT NULL REFERENCES jd_stages (id) ON DELETE CASCADE,
  defendant_id uuid NOT NULL REFERENCES jd_defendants (id),
  PRIMARY KEY (stage_id, defendant_id)
);
CREATE INDEX jd_stage_defendants_def_idx ON jd_stage_defendants (defendant_id);

-- Victims are the exchange model's persons (checked readable by the agency at every write).
CREATE TABLE jd_stage_victims (
  stage_id uuid NOT NULL REFERENCES jd_stages (id) ON DELETE CASCADE,
  person_id text NOT NULL CHECK (length(person_id) BETWEEN 1 AND 64),
  PRIMARY KEY (stage_id, person_id)
);

-- Restitution ordered in a sentence, on a real conviction record, for one victim; and what was paid, by whom.
CREATE TABLE jd_restitution_orders (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  stage_id uuid NOT NULL REFERENCES jd_stages (id),
  conviction_ref text NOT NULL CHECK (length(conviction_ref) BETWEEN 1 AND 64),
  victim_person_id text NOT NULL CHECK (length(victim_person_id) BETWEEN 1 AND 64),
  debtor_defendant_id uuid REFERENCES jd_defendants (id),
  ordered_mxn numeric(16, 2) NOT NULL CHECK (ordered_mxn >= 0),
  ordered_on date,
  recorded_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (stage_id, conviction_ref, victim_person_id)
);
CREATE TABLE jd_restitution_payments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  order_id uuid NOT NULL REFERENCES jd_restitution_orders (id),
  paid_on date NOT NULL,
  amount_mxn numeric(16, 2) NOT NULL CHECK (amount_mxn > 0),
  payer text NOT NULL CHECK (payer IN ('defendant', 'assistance_fund', 'seized_assets', 'other')),
  payer_defendant_id uuid REFERENCES jd_defendants (id),
  recorded_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (payer = 'defendant' OR payer_defendant_id IS NULL)
);
CREATE INDEX jd_restitution_payments_order_idx ON jd_restitution_payments (order_id);

-- Financial intelligence: a report with its type, subjects (persons, companies) and accounts (encrypted),
-- amounts and currency, linked many-to-many to investigations (chains) and defendants.
CREATE TABLE jd_financial_reports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id text NOT NULL REFERENCES agencies (id),
  report_type text NOT NULL CHECK (report_type IN ('unusual_operation', 'relevant_operation', 'internal_concern',
    'cash_deposit', 'wire_transfer', 'other')),
  reference text NOT NULL DEFAULT '' CHECK (length(reference) <= 100),
  reported_on date NOT NULL,
  institution text NOT NULL DEFAULT '' CHECK (length(institution) <= 300),
  amount numeric(18, 2) NOT NULL CHECK (amount >= 0),
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  subjects_enc text,
  accounts_enc text,
  notes_enc text,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX jd_financial_reports_agency_idx ON jd_financial_reports (agency_id, reported_on);
CREATE TABLE jd_financial_report_chains (
  report_id uuid NOT NULL REFERENCES jd_financial_reports (id) ON DELETE CASCADE,
  chain_id uuid NOT NULL REFERENCES jd_stages (id),
  PRIMARY KEY (report_id, chain_id)
);
CREATE TABLE jd_financial_report_defendants (
  report_id uuid NOT NULL REFERENCES jd_financial_reports (id) ON DELETE CASCADE,
  defendant_id uuid NOT NULL REFERENCES jd_defendants (id),
  PRIMARY KEY (report_id, defendant_id)
);
