-- Issue 11, administration in the web app: an agency's own settings, kept by its agency administrators. The contact
-- other agencies see on a case transfer (an office, not a person's private data: a role name, an
-- institutional e-mail and telephone).
CREATE TABLE agency_settings (
  agency_id text PRIMARY KEY REFERENCES agencies (id),
  contact_name text CHECK (length(contact_name) <= 200),
  contact_email text CHECK (length(contact_email) <= 200),
  contact_phone text CHECK (length(contact_phone) <= 40),
  updated_by uuid REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now()
);
