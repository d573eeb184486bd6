-- Issue 13: a version of the data the national figures read, so a server can keep the dashboard's and the
-- report's computed figures until that data changes. A sequence (non-transactional, no row lock: writers
-- never wait on each other) moved by one statement-level trigger per table the report reads; readers take
-- its last_value. A version read while a write is still uncommitted can be one that write already moved,
-- so the cache also drops entries after a minute (apps/server/src/api/report/cache.ts).
CREATE SEQUENCE report_data_version;

CREATE FUNCTION report_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM nextval('report_data_version');
  RETURN NULL;
END $$;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['agencies', 'persons', 'identifications', 'referrals', 'services', 'investigations',
    'prosecutions', 'convictions', 'restitution_payments', 'hotline_contacts', 'financial_reports', 'person_links']
  LOOP
    EXECUTE format(
      'CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH STATEMENT EXECUTE FUNCTION report_data_changed()',
      t || '_report_version', t);
    EXECUTE format(
      'CREATE TRIGGER %I AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION report_data_changed()',
      t || '_report_version_truncate', t);
  END LOOP;
END $$;
