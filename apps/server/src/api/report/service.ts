/** The dashboard's figures: the same computation as `enlace report` (apps/server/src/report/service.ts). */

import type { ReportFilter } from '@enlace/core/report/breakdown';
import { figureRecords } from '@enlace/core/report/drilldown';
import type { Db } from '../../db/index.ts';
import { badInput } from '../../errors.ts';
import {
  latestStoredDashboard,
  refreshDashboardInBackground,
  type StoreOptions,
  storedLinkageReview,
  storedReportBundle,
} from '../../report/figures-store.ts';
import {
  latestStoredFiltered,
  refreshFilteredInBackground,
  storedFilteredFigures,
} from '../../report/filtered-store.ts';
import type { ReportBundle } from '../../report/render-html.ts';
import { commonPrefilter } from '../../report/repository.ts';
import type { LinkageReview } from '../../report/review.ts';
import { loadData, reportBundle } from '../../report/service.ts';
import { type CacheOptions, cached, dataVersion } from './cache.ts';
import type { DocumentQuery, RecordsQuery, ReportQuery } from './schema.ts';

/**
 * The report bundle of a year (three years of figures, by state, completeness, sources) for a filter,
 * computed once per data version (cache.ts): the dashboard's filters and the report downloads share it.
 * Unfiltered, its parts are also kept in the database per data version (figures-store.ts), so every
 * process (the CLI, other server processes, a restarted server) reuses them; `store: false` on a read
 * replica.
 */
export function bundleFor(
  db: Db,
  year: number,
  filter: ReportFilter = {},
  opts: CacheOptions & StoreOptions = {},
) {
  const key = `bundle|${year}|${filter.state ?? ''}|${filter.level ?? ''}|${filter.form ?? ''}`;
  const unfiltered = !filter.state && !filter.level && !filter.form;
  return cached(
    db,
    key,
    async () =>
      unfiltered
        ? storedReportBundle(db, year, opts)
        : reportBundle(
            await loadData({ kind: 'db', db }, year - 2, year, commonPrefilter([filter])),
            year,
            filter,
          ),
    opts,
  );
}

export interface DashboardOptions extends CacheOptions, StoreOptions {
  /**
   * true (the dashboard): when the data changed since the figures were stored, answer at once with the latest
   * stored figures of the year, marked stale, and compute the current ones in the background. false: wait
   * for the figures of the current data version (what every export and published document does).
   * Filtered figures (a state's page, a level, a form) are stored per (year, filter, data version) the same way
   * (filtered-store.ts). Default true.
   */
  allowStale?: boolean;
  /** where a failed background computation is reported (no personal data: aggregates only) */
  warn?: (line: string) => void;
}

/**
 * The dashboard's figures of a year. Unfiltered, after a write the analyst gets at once the latest stored
 * figures, with `freshness` saying the data version and time they were computed for, that newer data exists
 * (`stale`) and that the current figures are being computed (`updating`); the very first computation of a
 * year (nothing stored) is waited for.
 */
export async function dashboardFigures(db: Db, q: ReportQuery, opts: DashboardOptions = {}) {
  const filter = {
    ...(q.state ? { state: q.state } : {}),
    ...(q.level ? { level: q.level } : {}),
    ...(q.form ? { form: q.form } : {}),
  };
  const unfiltered = !filter.state && !filter.level && !filter.form;
  if (unfiltered && opts.allowStale !== false && opts.store !== false) {
    const latest = await latestStoredDashboard(db, q.year);
    // never a mix of two data versions: when some parts are already of the current version (a computation storing
    // its parts right now, or a year's part computed for another year's dashboard) the stored parts would show
    // figures newer than the version the answer says; the request then waits below for the parts still missing
    // (a computation in progress is joined, not repeated)
    if (latest.figures && !latest.figures.current && !latest.figures.partlyCurrent) {
      // newer data than the stored figures: answer with them and compute the current ones behind
      refreshDashboardInBackground(db, q.year, opts.warn);
      const { bundle: b, review, dataVersion: v, computedAt } = latest.figures;
      return answer(filter, b, review, {
        dataVersion: v,
        computedAt,
        currentDataVersion: latest.version,
        stale: true,
        updating: true,
      });
    }
  }
  if (!unfiltered && opts.store !== false) {
    // a state's page, a level, a form: figures stored per (year, filter, data version) (filtered-store.ts)
    const latest = opts.allowStale !== false ? await latestStoredFiltered(db, q.year, filter) : null;
    if (latest?.figures && !latest.figures.current) {
      refreshFilteredInBackground(db, q.year, opts.warn);
      return answer(filter, latest.figures.bundle, latest.figures.review, {
        dataVersion: latest.figures.dataVersion,
        computedAt: latest.figures.computedAt,
        currentDataVersion: latest.version,
        stale: true,
        updating: true,
      });
    }
    const version = await dataVersion(db);
    const f = latest?.figures?.current
      ? latest.figures
      : await storedFilteredFigures(db, q.year, filter, opts);
    return answer(filter, f.bundle, f.review, {
      dataVersion: version,
      computedAt: f.computedAt,
      currentDataVersion: version,
      stale: false,
      updating: false,
    });
  }
  const version = await dataVersion(db);
  const [b, review] = await Promise.all([
    bundleFor(db, q.year, filter, opts),
    storedLinkageReview(db, q.year, opts),
  ]);
  return answer(filter, b, review, {
    dataVersion: version,
    computedAt: b.generatedAt ?? new Date().toISOString(),
    currentDataVersion: version,
    stale: false,
    updating: false,
  });
}

function answer(
  filter: ReportFilter,
  b: ReportBundle,
  review: LinkageReview,
  freshness: {
    dataVersion: string;
    computedAt: string;
    currentDataVersion: string;
    stale: boolean;
    updating: boolean;
  },
) {
  return {
    filter,
    report: b.report as unknown as Record<string, unknown>,
    previous: b.previous as unknown as Record<string, unknown>[],
    states: b.states,
    completeness: b.completeness,
    linkageReview: review,
    freshness,
  };
}

/** The records behind a figure, limited to the caller's agency (others only counted). */
export async function figureDrilldown(db: Db, q: RecordsQuery, agencyId: string) {
  const loaded = await loadData({ kind: 'db', db }, q.year, q.year);
  let all: ReturnType<typeof figureRecords>;
  try {
    all = figureRecords(q.year, loaded.data, loaded.personKey, q.figure);
  } catch (e) {
    throw badInput((e as Error).message);
  }
  const own = all
    .filter((r) => r.agency_id === agencyId)
    .map(({ kind, id, agency_id }) => ({ kind, id, agency_id }));
  return { figure: q.figure, records: own, other_agencies: all.length - own.length };
}

/**
 * Years from the earliest to the latest with records of identifications, investigations, prosecutions,
 * convictions or hotline contacts (min/max on the indexed date columns: no scan). Dates after `now` (a
 * mistyped date) are left out. The dashboard opens on `latest`: the latest year with victims identified (the
 * report's headline figure), not a later year that only holds, say, the first hotline contacts of a new year
 * and would open on "0 victims"; the latest year with any records when no victim is recorded at all.
 */
export async function yearsWithData(db: Db, now = new Date()) {
  const today = now.toISOString().slice(0, 10);
  const r = await db.query<{ lo: number | null; hi: number | null; victims_hi: number | null }>(
    `SELECT extract(year FROM min(lo))::int AS lo, extract(year FROM max(hi))::int AS hi,
            extract(year FROM max(hi) FILTER (WHERE src = 'i'))::int AS victims_hi FROM (
       SELECT 'i' AS src, min(date) AS lo, max(date) AS hi FROM identifications WHERE date <= $1::date
       UNION ALL SELECT 'o', min(opened_date), max(opened_date) FROM investigations WHERE opened_date <= $1::date
       UNION ALL SELECT 'o', min(initiated_date), max(initiated_date) FROM prosecutions WHERE initiated_date <= $1::date
       UNION ALL SELECT 'o', min(date), max(date) FROM convictions WHERE date <= $1::date
       UNION ALL SELECT 'o', min(date), max(date) FROM hotline_contacts WHERE date <= $1::date) x`,
    [today],
  );
  const { lo, hi, victims_hi } = r.rows[0] ?? { lo: null, hi: null, victims_hi: null };
  if (lo === null || hi === null) return { years: [] as number[], latest: null };
  const years: number[] = [];
  for (let y = hi; y >= lo; y--) years.push(y);
  return { years, latest: victims_hi ?? hi };
}

/**
 * The national report of a year as a file (HTML or PDF), as `enlace report --format html|pdf` writes it: kept in
 * the database per (year, language, format) for the data version (render-store.ts), so a repeated download of
 * the same data is read instead of printed again.
 */
export async function reportDocument(db: Db, q: DocumentQuery, opts: StoreOptions = {}) {
  const { storedReportFile } = await import('../../report/render-store.ts');
  const { justiceDurationFigures } = await import('../../report/justice-annex.ts');
  const file = await storedReportFile(
    db,
    q,
    async () => {
      const [bundle, linkageReview, justiceDurations] = await Promise.all([
        bundleFor(db, q.year, {}, opts),
        storedLinkageReview(db, q.year, opts),
        justiceDurationFigures(db, q.year),
      ]);
      return { bundle, linkageReview, justiceDurations };
    },
    // the server keeps Chromium warm for a minute: the next print skips its start
    { ...opts, keepWarmMs: 60_000 },
  );
  const name = `${q.lang === 'es-MX' ? 'trata-mexico-cifras' : 'trafficking-mexico-figures'}-${q.year}`;
  if (q.format === 'html')
    return {
      body: file.body.toString('utf8'),
      type: 'text/html; charset=utf-8',
      file: `${name}.html`,
      stored: file.stored,
    };
  return { body: file.body, type: 'application/pdf', file: `${name}.pdf`, stored: file.stored };
}

/**
 * Who may download the national anonymised victim records (CTDC / HTCDS columns): the rule chosen pending
 * confirmation (docs/report.md) is an analyst (`ctdc:export`) of a national agency — one of federal level,
 * where the national statistics agency and Enlace's national analysts sit. State and municipal analysts see
 * the aggregates only.
 */
export async function mayExportCtdc(db: Db, user: { role: string; agencyId: string }): Promise<boolean> {
  if (user.role !== 'analyst') return false;
  const r = await db.query<{ level: string }>('SELECT level FROM agencies WHERE id = $1', [user.agencyId]);
  return r.rows[0]?.level === 'federal';
}

/** The CTDC file's name in the reader's language (the web app's `report.export.ctdcName`). */
export const CTDC_FILE_NAME = {
  'es-MX': 'victimas-ctdc-htcds',
  'en-US': 'victim-records-ctdc-htcds',
} as const;

/**
 * Every victim (linked person with an identification) as a k-anonymised CTDC row: the same loading, linking,
 * k-anonymity and formula-injection guard as `enlace ctdc` (writeCtdc, exportCtdc), as a CSV file.
 */
export async function ctdcDownload(db: Db, k: number, lang: 'es-MX' | 'en-US' = 'es-MX', now = new Date()) {
  const { ctdcCsv, ctdcExport } = await import('@enlace/core/report/ctdc');
  const loaded = await loadData({ kind: 'db', db }, 1900, now.getUTCFullYear() + 1);
  const exp = ctdcExport(loaded.data, loaded.personKey, k);
  return {
    body: ctdcCsv(exp),
    file: `${CTDC_FILE_NAME[lang]}-${now.toISOString().slice(0, 10)}.csv`,
    rows: exp.rows.length,
    suppressed: exp.suppressed,
    generalised: exp.generalised,
  };
}
