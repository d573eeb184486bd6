/**
 * The sources of a year's figures for the report's annex: how many agencies of each level contributed
 * records of the year, and how many records each dataset holds. Pure, no I/O.
 */
import { inYear } from './compute.ts';
import type { ReportData } from './types.ts';

export interface SourceRow {
  /** agency level: federal, state, municipal, ngo, international, foreign */
  level: string;
  agencies: number;
  records: number;
}

/** Agencies (by level) with at least one record dated in the year, and their number of records. */
export function reportSources(year: number, data: ReportData): SourceRow[] {
  const level = new Map(data.agencies.map((a) => [a.agency_id, a.level as string]));
  const perAgency = new Map<string, number>();
  const add = (agencyId: string, date: string | null | undefined) => {
    if (inYear(date, year)) perAgency.set(agencyId, (perAgency.get(agencyId) ?? 0) + 1);
  };
  for (const r of data.identifications) add(r.agency_id, r.date);
  for (const r of data.investigations) add(r.agency_id, r.opened_date);
  for (const r of data.prosecutions) add(r.agency_id, r.initiated_date);
  for (const r of data.convictions) add(r.agency_id, r.date);
  for (const r of data.referrals) add(r.from_agency_id, r.date);
  for (const r of data.services) add(r.provider_agency_id, r.start_date);
  for (const r of data.contacts) add(r.agency_id, r.date);
  for (const r of data.financialReports) add(r.agency_id, r.date);
  const out = new Map<string, SourceRow>();
  for (const [id, n] of perAgency) {
    const l = level.get(id) ?? 'unknown';
    const row = out.get(l) ?? { level: l, agencies: 0, records: 0 };
    row.agencies += 1;
    row.records += n;
    out.set(l, row);
  }
  const order = ['federal', 'state', 'municipal', 'ngo', 'international', 'foreign', 'unknown'];
  return [...out.values()].sort((a, b) => order.indexOf(a.level) - order.indexOf(b.level));
}
