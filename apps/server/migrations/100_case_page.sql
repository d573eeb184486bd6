-- Issue 11, the complete case page.
-- A support plan with goals, tasks, due dates and follow-ups (encrypted JSON, like the other case fields).
ALTER TABLE cw_cases ADD COLUMN plan_enc text;

-- How a consent was given (verbal, written, by a guardian) or that a supervisor overrode it in an emergency.
-- NULL for events recorded before this migration ("not recorded"). The guardian's name, a note and an override's
-- justification are personal data: detail_enc.
ALTER TABLE cw_consents ADD COLUMN method text
  CHECK (method IN ('verbal', 'written', 'guardian', 'emergency_override'));
ALTER TABLE cw_consents ADD COLUMN detail_enc text;
ALTER TABLE cw_consents ADD CONSTRAINT cw_consents_override_grants
  CHECK (method IS DISTINCT FROM 'emergency_override' OR action = 'granted');

-- Consent events stay append-only; the one change allowed is re-encrypting detail_enc (enlace keys rotate).
CREATE OR REPLACE FUNCTION cw_consents_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF NEW.id = OLD.id AND NEW.case_id = OLD.case_id AND NEW.purpose = OLD.purpose AND NEW.action = OLD.action
       AND NEW.at = OLD.at AND NEW.recorded_by = OLD.recorded_by AND NEW.method IS NOT DISTINCT FROM OLD.method
       AND (NEW.detail_enc IS NULL) = (OLD.detail_enc IS NULL) THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'consent events are append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
