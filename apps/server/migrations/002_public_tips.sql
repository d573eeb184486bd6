-- Anonymous tips from the public (web form). The tipster needs no account; the description and the optional
-- contact are personal data (encrypted). Each tip goes to an agency's queue (the national hotline by default).

CREATE TABLE tips (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  folio text NOT NULL UNIQUE,                 -- given to the tipster to follow up by phone
  received_at timestamptz NOT NULL DEFAULT now(),
  agency_id text NOT NULL REFERENCES agencies (id),
  category text NOT NULL CHECK (category IN ('sexual', 'labor', 'begging', 'child', 'marriage', 'other')),
  state_code text CHECK (state_code ~ '^(0[1-9]|[12][0-9]|3[0-2])$'),
  language text NOT NULL DEFAULT 'spa' CHECK (language ~ '^[a-z]{3}$'),
  urgent boolean NOT NULL DEFAULT false,
  description_enc text NOT NULL,
  contact_enc text,
  status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'in_review', 'referred', 'closed')),
  referred_to_agency_id text REFERENCES agencies (id),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tips_queue_idx ON tips (agency_id, status, received_at DESC);
