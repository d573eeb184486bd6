-- Password resets by administrators and forced password changes (issue 9/11).
-- password_change_required: the password was set by someone else (first administrator, a user created with a
-- one-time password, a reset); the next sign-in must choose a new one before anything else.
-- Sessions get a fourth state, 'password': signed in with such a password, only the change is allowed.
ALTER TABLE users ADD COLUMN password_change_required boolean NOT NULL DEFAULT false;
ALTER TABLE users ADD COLUMN password_changed_at timestamptz;
ALTER TABLE sessions DROP CONSTRAINT sessions_mfa_state_check;
ALTER TABLE sessions ADD CONSTRAINT sessions_mfa_state_check
  CHECK (mfa_state IN ('ok', 'verify', 'enrol', 'password'));
