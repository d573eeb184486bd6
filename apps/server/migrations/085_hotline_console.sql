-- The national hotline's console (issue 12): contacts taken by operators (call, chat, SMS, WhatsApp, e-mail, web),
-- their message threads (inbound webhook, outbound replies), follow-up tasks, and referrals that reach the
-- receiving agency's inbox. A contact IS the statistics row the annual report counts: every console contact
-- writes its `hotline_contacts` row (exchange format) in the same transaction (`record_id`), so there is no
-- second bookkeeping. Personal data (caller, narrative, screen answers, messages) is encrypted (`*_enc`).

CREATE TABLE hl_contacts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  ref text NOT NULL UNIQUE,                       -- short reference people quote: L-XXXXXXXX
  record_id text NOT NULL UNIQUE,                 -- hotline_contacts.contact_id of the statistics row
  agency_id text NOT NULL REFERENCES agencies (id),
  channel text NOT NULL CHECK (channel IN ('phone', 'chat', 'web', 'email', 'sms', 'whatsapp')),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  caller_type text CHECK (caller_type IN ('victim', 'family', 'witness', 'professional', 'other')),
  language text CHECK (language ~ '^[a-z]{3}$'),
  state_code text CHECK (state_code ~ '^(0[1-9]|[12][0-9]|3[0-2])$'),
  municipality text CHECK (municipality ~ '^[0-9]{5}$'),
  urgency text NOT NULL DEFAULT 'medium' CHECK (urgency IN ('critical', 'high', 'medium', 'low')),
  risk_indicators text[] NOT NULL DEFAULT '{}',
  trafficking text NOT NULL DEFAULT 'unsure' CHECK (trafficking IN ('yes', 'no', 'unsure')),
  primary_form text,
  cross_border boolean NOT NULL DEFAULT false,
  consent_share boolean NOT NULL DEFAULT false,
  consent_cross_border boolean NOT NULL DEFAULT false,
  outcome text CHECK (outcome IN ('information', 'referred', 'case_opened', 'case_linked', 'transferred_us',
    'no_action')),
  caller_name_enc text,
  caller_contact_enc text,
  narrative_enc text,
  screen_enc text,
  screen_recommendation text,
  screen_indicators text[] NOT NULL DEFAULT '{}',
  thread_key text,                                -- blind index of the channel address (inbound messages)
  thread_address_enc text,
  operator_id uuid REFERENCES users (id),
  case_id uuid REFERENCES cw_cases (id),          -- case opened or linked by the hotline
  packet_id uuid,                                 -- cross-border packet of a warm transfer
  referred_to_agency_id text REFERENCES agencies (id),
  referral_status text CHECK (referral_status IN ('pending', 'accepted', 'declined')),
  referral_note_enc text,
  referral_decline_reason text,
  referred_at timestamptz,
  received_case_id uuid REFERENCES cw_cases (id), -- case the receiving agency opened from the referral
  received_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX hl_contacts_queue_idx ON hl_contacts (agency_id, status, received_at DESC);
CREATE INDEX hl_contacts_referred_idx ON hl_contacts (referred_to_agency_id) WHERE referred_to_agency_id IS NOT NULL;
CREATE INDEX hl_contacts_thread_idx ON hl_contacts (agency_id, thread_key) WHERE thread_key IS NOT NULL;

CREATE TABLE hl_messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  contact_id uuid NOT NULL REFERENCES hl_contacts (id),
  direction text NOT NULL CHECK (direction IN ('in', 'out')),
  body_enc text NOT NULL,
  provider_sid text UNIQUE,                       -- the provider's message id (idempotency of the webhook)
  status text NOT NULL CHECK (status IN ('received', 'sent', 'not_sent', 'failed')),
  status_detail text,
  sent_by uuid REFERENCES users (id),
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX hl_messages_contact_idx ON hl_messages (contact_id, at);

CREATE TABLE hl_tasks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  contact_id uuid NOT NULL REFERENCES hl_contacts (id),
  title_enc text NOT NULL,
  due_at timestamptz NOT NULL,
  done_at timestamptz,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX hl_tasks_contact_idx ON hl_tasks (contact_id);

-- A tip referred to an agency reaches that agency's inbox; what it answered and the case it opened.
ALTER TABLE tips ADD COLUMN referral_status text CHECK (referral_status IN ('pending', 'accepted', 'declined'));
ALTER TABLE tips ADD COLUMN received_case_id uuid REFERENCES cw_cases (id);
CREATE INDEX tips_referred_idx ON tips (referred_to_agency_id) WHERE referred_to_agency_id IS NOT NULL;
