-- Case work (issue 6): screenings, cases with their history, consent per purpose, the provider
-- directory, the referral workflow with its timings, services delivered, restitution, and signed
-- cross-border packets. Personal data lives only in *_enc columns (AES-256-GCM, see security/crypto.ts).
-- person_ref links a case to the exchange model's persons when it is known (persons.person_id).

CREATE TABLE cw_cases (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id text NOT NULL REFERENCES agencies (id),
  person_ref text,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closure_requested', 'closed')),
  closure_reason text CHECK (closure_reason IN ('goals_met', 'person_declined_services', 'transferred',
    'lost_contact', 'repatriated', 'deceased', 'other')),
  closure_requested_by uuid REFERENCES users (id),
  closure_approved_by uuid REFERENCES users (id),
  closed_at timestamptz,
  -- Non-identifying fields used by matching and statistics.
  sex text CHECK (sex IN ('female', 'male', 'intersex')),
  nationality text CHECK (nationality ~ '^[A-Z]{3}$'),
  languages text[] NOT NULL DEFAULT '{}',
  migration_status text,
  municipality text CHECK (municipality ~ '^[0-9]{5}$'),
  identification jsonb NOT NULL DEFAULT '{}',
  needs text[] NOT NULL DEFAULT '{}',
  -- Personal data: JSON documents, encrypted.
  person_enc text,
  perpetrators_enc text,
  timeline_enc text,
  notes_enc text,
  support_plan_enc text,
  curp_bidx text,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'closed') = (closure_approved_by IS NOT NULL AND closed_at IS NOT NULL))
);
CREATE INDEX cw_cases_agency_idx ON cw_cases (agency_id, status);

-- History of every change to a case (who, when, what; the before/after values encrypted).
CREATE TABLE cw_case_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cw_cases (id),
  at timestamptz NOT NULL DEFAULT now(),
  user_id uuid REFERENCES users (id),
  action text NOT NULL,
  fields text[] NOT NULL DEFAULT '{}',
  detail_enc text
);
CREATE INDEX cw_case_events_case_idx ON cw_case_events (case_id, id);

CREATE TABLE cw_screenings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id text NOT NULL REFERENCES agencies (id),
  case_id uuid REFERENCES cw_cases (id),
  instrument_id text NOT NULL,
  instrument_version text NOT NULL,
  status text NOT NULL DEFAULT 'in_progress' CHECK (status IN ('in_progress', 'completed')),
  answers_enc text,
  recommendation text CHECK (recommendation IN ('refer_for_assessment', 'no_indicators_found')),
  indicators text[] NOT NULL DEFAULT '{}',
  result_enc text,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz
);
CREATE INDEX cw_screenings_agency_idx ON cw_screenings (agency_id, status);

-- Consent events, append-only: the state of a purpose at a time is its last event.
CREATE TABLE cw_consents (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cw_cases (id),
  purpose text NOT NULL CHECK (purpose IN ('referral', 'cross_border', 'contact', 'statistics')),
  action text NOT NULL CHECK (action IN ('granted', 'withdrawn')),
  at timestamptz NOT NULL DEFAULT clock_timestamp(),
  recorded_by uuid NOT NULL REFERENCES users (id)
);
CREATE INDEX cw_consents_case_idx ON cw_consents (case_id, purpose, at);
CREATE FUNCTION cw_consents_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'consent events are append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER cw_consents_no_update BEFORE UPDATE OR DELETE ON cw_consents
  FOR EACH ROW EXECUTE FUNCTION cw_consents_refuse_change();

-- Provider directory: one entry per service-providing agency (a shelter, an NGO, a DIF office ...).
CREATE TABLE cw_providers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id text NOT NULL UNIQUE REFERENCES agencies (id),
  name text NOT NULL,
  profile jsonb NOT NULL,
  places_total integer CHECK (places_total >= 0),
  places_free integer CHECK (places_free >= 0 AND places_free <= places_total),
  referral_contact text NOT NULL,
  -- A shelter's address: only its own staff and, after it accepts, the referring caseworker.
  address_enc text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Referral workflow with its timings. referral_ref is the exchange model's referral id when exported.
CREATE TABLE cw_referrals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cw_cases (id),
  from_agency_id text NOT NULL REFERENCES agencies (id),
  to_agency_id text NOT NULL REFERENCES agencies (id),
  provider_id uuid NOT NULL REFERENCES cw_providers (id),
  services text[] NOT NULL CHECK (cardinality(services) > 0),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'declined', 'completed')),
  created_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  answered_at timestamptz,
  accepted_at timestamptz,
  declined_at timestamptz,
  decline_reason text,
  first_service_at timestamptz,
  completed_at timestamptz,
  answered_by uuid REFERENCES users (id),
  referral_ref text,
  CHECK (status <> 'declined' OR (decline_reason IS NOT NULL AND length(decline_reason) > 0))
);
CREATE INDEX cw_referrals_to_idx ON cw_referrals (to_agency_id, status);
CREATE INDEX cw_referrals_from_idx ON cw_referrals (from_agency_id, status);
CREATE INDEX cw_referrals_case_idx ON cw_referrals (case_id);

CREATE TABLE cw_services (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cw_cases (id),
  referral_id uuid REFERENCES cw_referrals (id),
  provider_agency_id text NOT NULL REFERENCES agencies (id),
  service text NOT NULL CHECK (service IN ('shelter', 'medical', 'psychological', 'legal', 'education',
    'employment', 'repatriation', 'interpretation', 'financial', 'security')),
  start_date date NOT NULL,
  end_date date CHECK (end_date >= start_date),
  funding text NOT NULL CHECK (funding IN ('federal', 'state', 'municipal', 'ngo', 'international', 'private', 'other')),
  recorded_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cw_services_case_idx ON cw_services (case_id);

-- Restitution ordered in a conviction for one victim (the case), and the payments against it.
CREATE TABLE cw_restitution_orders (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cw_cases (id),
  conviction_ref text NOT NULL CHECK (length(conviction_ref) BETWEEN 1 AND 64),
  ordered_mxn numeric(16, 2) NOT NULL CHECK (ordered_mxn >= 0),
  ordered_on date,
  recorded_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (case_id, conviction_ref)
);
CREATE TABLE cw_restitution_payments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  order_id uuid NOT NULL REFERENCES cw_restitution_orders (id),
  paid_on date NOT NULL,
  amount_mxn numeric(16, 2) NOT NULL CHECK (amount_mxn > 0),
  source text NOT NULL CHECK (source IN ('perpetrator', 'assistance_fund')),
  recorded_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cw_restitution_payments_order_idx ON cw_restitution_payments (order_id);

-- Ed25519 keys for cross-border packets: each agency's own key pair (private key encrypted) and
-- the public keys of trusted foreign partners.
CREATE TABLE cw_packet_keys (
  key_id text PRIMARY KEY,
  agency_id text NOT NULL,
  public_key_pem text NOT NULL,
  private_key_enc text,
  trusted_by text REFERENCES agencies (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX cw_packet_keys_own ON cw_packet_keys (agency_id) WHERE private_key_enc IS NOT NULL;

CREATE TABLE cw_packets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  packet_id uuid NOT NULL,
  direction text NOT NULL CHECK (direction IN ('outgoing', 'incoming')),
  agency_id text NOT NULL REFERENCES agencies (id),
  case_id uuid REFERENCES cw_cases (id),
  counterpart text NOT NULL,
  key_id text NOT NULL,
  packet_enc text NOT NULL,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX cw_packets_once ON cw_packets (packet_id, agency_id, direction);
