/**
 * The national report bundle of a year (the report for people, the unfiltered dashboard) from the database
 * without loading records: the three years' figures by the SQL fast path (fast.ts, the same figures as the
 * pure computation), the by-state figures, completeness and sources by grouped SQL (extras-sql.ts), all at
 * once. apps/server/src/api/report/report.test.ts checks it equals `reportBundle` over the three years'
 * records (PGlite and PostgreSQL, with CURP links). Computed afresh on every call; the dashboard, the report
 * documents and the CLI read it through the figures kept per data version (figures-store.ts).
 */
import type { Db } from '../db/index.ts';
import { reportExtras } from './extras-sql.ts';
import { fastAnnualReport, fastVictimInputs } from './fast.ts';
import type { ReportBundle } from './render-html.ts';
import { linkRoots, loadEvents } from './repository.ts';

export async function fastReportBundle(
  db: Db,
  year: number,
  /** fastVictimInputs and the by-state figures: from the tables kept at write time (default), or by joining the records (the reference) */
  via: 'kept' | 'joins' = 'kept',
): Promise<ReportBundle> {
  const links = linkRoots(db);
  links.catch(() => undefined);
  // the per-person queries once for the three years (fast.ts fastVictimInputs)
  const inputs = fastVictimInputs(db, [year, year - 1, year - 2], links, via);
  inputs.catch(() => undefined);
  // the event records of the three years in one load (each year's report counts only its own)
  const events = loadEvents(db, `${year - 2}-01-01`, `${year}-12-31`);
  events.catch(() => undefined);
  const [report, prev1, prev2, extras] = await Promise.all([
    fastAnnualReport(db, year, links, inputs, events),
    fastAnnualReport(db, year - 1, links, inputs, events),
    fastAnnualReport(db, year - 2, links, inputs, events),
    reportExtras(db, year, links, via),
  ]);
  return { report, previous: [prev1, prev2], ...extras, generatedAt: new Date().toISOString() };
}
