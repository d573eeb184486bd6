-- Public tip follow-up without an account (issue 12): the person who sent a tip gets its folio and a secret shown
-- once; only the secret's argon2id hash is kept. With both they see the tip's status and add information later
-- (tip_additions, encrypted like the tip). No IP address is stored anywhere. The queue can mark a tip as spam.

ALTER TABLE tips ADD COLUMN followup_hash text;

ALTER TABLE tips DROP CONSTRAINT IF EXISTS tips_status_check;
ALTER TABLE tips ADD CONSTRAINT tips_status_check
  CHECK (status IN ('new', 'in_review', 'referred', 'closed', 'spam'));

CREATE TABLE tip_additions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tip_id uuid NOT NULL REFERENCES tips (id) ON DELETE CASCADE,
  added_at timestamptz NOT NULL DEFAULT now(),
  text_enc text NOT NULL,
  contact_enc text
);
CREATE INDEX tip_additions_tip_idx ON tip_additions (tip_id, added_at);
