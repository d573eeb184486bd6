-- The stored results and answers of idempotent writes may hold personal data (a case's person, a tip's
-- follow-up key): encrypted like every other personal field (`*_enc`, covered by `enlace keys rotate`).
ALTER TABLE idempotency_keys DROP COLUMN result, DROP COLUMN response;
ALTER TABLE idempotency_keys ADD COLUMN result_enc text, ADD COLUMN response_enc text;
