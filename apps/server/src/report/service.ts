/**
 * One computation for the CLI, the API and the web: the year's records (from the database or an exchange
 * folder) go through the pure counting rules of @enlace/core/report.
 */
import { randomInt } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  computeCompleteness,
  computeStateFigures,
  filterReportData,
  type ReportFilter,
} from '@enlace/core/report/breakdown';
import { type AnnualReport, computeAnnualReport, inYear, victimFacts } from '@enlace/core/report/compute';
import { ctdcCsv, ctdcExport } from '@enlace/core/report/ctdc';
import { buildRelease, type PublicRelease, type ReleaseInput, releaseCsv } from '@enlace/core/report/release';
import { reportSources } from '@enlace/core/report/sources';
import type { PersonKey, ReportData } from '@enlace/core/report/types';
import type { Db } from '../db/index.ts';
import { loadFolder } from './folder.ts';
import { linkedKeys } from './links.ts';
import { type ReportBundle, renderReleaseHtml } from './render-html.ts';
import { type LoadPrefilter, loadReportData } from './repository.ts';

export interface LoadedData {
  data: ReportData;
  personKey: PersonKey;
}

export type DataSource = { kind: 'db'; db: Db } | { kind: 'folder'; dir: string };

/**
 * The records of years [fromYear, toYear] (plus what the rules need from earlier years) and the links, from a
 * database or a folder. `prefilter`: only what views of that state and/or level need (repository.ts LoadPrefilter;
 * the views still apply their own filter).
 */
export async function loadData(
  src: DataSource,
  fromYear: number,
  toYear: number,
  prefilter?: LoadPrefilter,
): Promise<LoadedData> {
  if (src.kind === 'folder') {
    const { data, identities } = await loadFolder(src.dir);
    return { data, personKey: linkedKeys(identities, data.referrals, writtenContext(data)) };
  }
  return loadReportData(src.db, fromYear, toYear, prefilter ? { prefilter } : {});
}

/** Where and when each person record was written (api/linkage/context.ts), from a folder's files. */
function writtenContext(data: ReportData) {
  const stateOf = new Map(data.agencies.map((a) => [a.agency_id, a.state_code]));
  return {
    identifications: data.identifications,
    services: data.services.map((s) => ({
      person_id: s.person_id,
      start_date: s.start_date,
      provider_state: stateOf.get(s.provider_agency_id) ?? null,
    })),
  };
}

export function annualReport(l: LoadedData, year: number, filter: ReportFilter = {}): AnnualReport {
  return computeAnnualReport(year, filterReportData(l.data, filter), l.personKey);
}

export function reportBundle(l: LoadedData, year: number, filter: ReportFilter = {}): ReportBundle {
  const data = filterReportData(l.data, filter);
  return {
    report: computeAnnualReport(year, data, l.personKey),
    previous: [
      computeAnnualReport(year - 1, data, l.personKey),
      computeAnnualReport(year - 2, data, l.personKey),
    ],
    states: computeStateFigures(year, data, l.personKey),
    completeness: computeCompleteness(year, data),
    sources: reportSources(year, data),
    generatedAt: new Date().toISOString(),
  };
}

/** Foreign victims per nationality (for listing only countries with at least k victims). */
export function countryCounts(l: LoadedData, year: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of victimFacts(year, l.data, l.personKey)) {
    if (f.nationality && f.nationality !== 'MEX') out[f.nationality] = (out[f.nationality] ?? 0) + 1;
  }
  return out;
}

/** What the public release of `year` is built from: the report, the states, nationalities, all investigations. */
export function releaseInput(l: LoadedData, year: number): ReleaseInput {
  return {
    report: computeAnnualReport(year, l.data, l.personKey),
    states: computeStateFigures(year, l.data, l.personKey),
    countryCounts: countryCounts(l, year),
    investigationsAll: l.data.investigations.reduce((n, i) => n + (inYear(i.opened_date, year) ? 1 : 0), 0),
  };
}

export function publicRelease(
  l: LoadedData,
  year: number,
  opts: { k?: number; epsilon?: number } = {},
): PublicRelease {
  return buildRelease(releaseInput(l, year), {
    ...(opts.k !== undefined ? { k: opts.k } : {}),
    ...(opts.epsilon !== undefined
      ? { epsilon: opts.epsilon, rng: () => randomInt(0, 2 ** 47) / 2 ** 47 }
      : {}),
  });
}

/** Writes figures.json, figures.csv and index.html of the public release into `dir`. */
export function writeRelease(full: PublicRelease, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  // why each cell is suppressed tells a reader which ones are below k: never in the public files
  const rel: PublicRelease = { ...full, disclosure: { ...full.disclosure, reasons: {} } };
  const { reasons: _reasons, ...disclosure } = rel.disclosure;
  const files = {
    'figures.json': `${JSON.stringify({ year: rel.year, figures: rel.cells, amounts: rel.amounts, countries: rel.countries, disclosure, equations: rel.equations }, null, 2)}\n`,
    'figures.csv': releaseCsv(rel),
    'index.html': renderReleaseHtml(rel),
  };
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
  return Object.keys(files).map((f) => join(dir, f));
}

export function writeCtdc(l: LoadedData, file: string, k = 11) {
  const exp = ctdcExport(l.data, l.personKey, k);
  writeFileSync(file, ctdcCsv(exp));
  return exp;
}
