-- Issue 13: a version of the event records alone, so a process can keep the event records it loaded for the
-- national figures (investigations, prosecutions, convictions, restitution payments with their victims' base keys,
-- hotline contacts, financial reports, agencies: apps/server/src/report/repository.ts loadEvents) while only other
-- records change. An import of identifications, a referral, a service or a link moves report_data_version (migration
-- 090) and the figures are computed again, but the event records of their years are the same: at 1,000,000 persons
-- their load was ~0.4 s of the server's CPU and ~0.3 s of the process's of a ~0.9 s cold computation
-- (docs/report.md, "Measured: the event records kept between computations").
--
-- A sequence like report_data_version (writers never wait on each other), moved by one statement-level trigger per
-- table loadEvents reads, and on persons by a change of a CURP's blind index (a payment's victim key) or a deletion.
-- The trigger takes the writers' shared advisory lock first, as report_data_changed does (migration 140), so a reader
-- that sees the lock free after reading the version knows every write that moved it has committed
-- (figures-store.ts dataVersionIfQuiet): event records loaded afterwards hold them, and are kept only then.
CREATE SEQUENCE report_events_version;

CREATE FUNCTION report_events_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(4242013);
  PERFORM nextval('report_events_version');
  RETURN NULL;
END $$;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['agencies', 'investigations', 'prosecutions', 'convictions', 'restitution_payments',
    'hotline_contacts', 'financial_reports']
  LOOP
    EXECUTE format(
      'CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH STATEMENT EXECUTE FUNCTION report_events_changed()',
      t || '_report_events', t);
    EXECUTE format(
      'CREATE TRIGGER %I AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION report_events_changed()',
      t || '_report_events_truncate', t);
  END LOOP;
END $$;

CREATE TRIGGER persons_report_events AFTER UPDATE OF curp_bidx OR DELETE ON persons
  FOR EACH STATEMENT EXECUTE FUNCTION report_events_changed();
CREATE TRIGGER persons_report_events_truncate AFTER TRUNCATE ON persons
  FOR EACH STATEMENT EXECUTE FUNCTION report_events_changed();
