/**
 * The national report bundle of a year (the report for people, the unfiltered dashboard) from the database
 * without loading three years of records: the three years' figures by the SQL fast path (fast.ts, the same
 * figures as the pure computation), at once; the by-state figures, completeness and sources from the
 * records of the year alone. apps/server/src/api/report/report.test.ts checks it equals `reportBundle` over
 * the three years' records (PGlite and PostgreSQL, with CURP links).
 */
import { computeCompleteness, computeStateFigures } from '@enlace/core/report/breakdown';
import { reportSources } from '@enlace/core/report/sources';
import type { Db } from '../db/index.ts';
import { fastAnnualReport } from './fast.ts';
import type { ReportBundle } from './render-html.ts';
import { loadReportData } from './repository.ts';

export async function fastReportBundle(db: Db, year: number): Promise<ReportBundle> {
  const [report, prev1, prev2, loaded] = await Promise.all([
    fastAnnualReport(db, year),
    fastAnnualReport(db, year - 1),
    fastAnnualReport(db, year - 2),
    loadReportData(db, year, year, { withoutEarliestEver: true }),
  ]);
  return {
    report,
    previous: [prev1, prev2],
    states: computeStateFigures(year, loaded.data, loaded.personKey),
    completeness: computeCompleteness(year, loaded.data),
    sources: reportSources(year, loaded.data),
    generatedAt: new Date().toISOString(),
  };
}
