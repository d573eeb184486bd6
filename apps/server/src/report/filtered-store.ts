/**
 * The dashboard's filtered figures (a state's page, an agency level, a form group) kept per (year, filter, data
 * version) in `report_filtered_figures` (migration 170), like the national figures of figures-store.ts.
 *
 * Why stored and not derived from the national figures: a filtered report runs the same counting rules on the
 * filtered events (filterReportData), so a state's page holds every breakdown of the annual report for that state
 * (victims by sex, age, form, nationality…, its distinct victims, its investigations by form…) and its completeness;
 * the national figures hold only the national breakdowns and five counts per state (the map), and distinct victims
 * do not add up across states (a person identified in two states counts in both). So the filtered figures are
 * computed by the pure rules over the three years' records, once per data version, and stored.
 *
 * Only figures computed while no write was uncommitted are stored (dataVersionIfQuiet, as figures-store.ts). After
 * a write the stored row of the previous data version stays until replaced: the dashboard answers at once with it,
 * marked stale, and one background computation per database recomputes every filter of that year that has a
 * stored row, loading the records once for all of them. The server's refresher fills the latest year's 32 state
 * pages, both levels, the four form groups and each level with each form group the same way (one load:
 * storeFilteredPages), so even the first visit of any of them reads stored figures.
 * Aggregates only: no personal data.
 */
import type { ReportFilter } from '@enlace/core/report/breakdown';
import { FORM_GROUPS, INEGI_STATE_CODES } from '@enlace/core/taxonomy';
import type { Db } from '../db/index.ts';
import { filteredBundles } from './bundle-thread.ts';
import {
  dataVersionIfQuiet,
  isComputingFigures,
  type StoreOptions,
  storedLinkageReview,
} from './figures-store.ts';
import type { ReportBundle } from './render-html.ts';
import { hasTable } from './repository.ts';
import type { LinkageReview } from './review.ts';

const LEVELS = ['federal', 'state'] as const;

export interface FilteredFigures {
  bundle: ReportBundle;
  review: LinkageReview;
}

/** The filter as the store's key: `state=09;level=;form=` (every field, fixed order). */
export function filterKey(f: ReportFilter): string {
  return `state=${f.state ?? ''};level=${f.level ?? ''};form=${f.form ?? ''}`;
}

function keyFilter(key: string): ReportFilter {
  const m = Object.fromEntries(key.split(';').map((p) => p.split('=') as [string, string]));
  return {
    ...(m.state ? { state: m.state } : {}),
    ...(m.level ? { level: m.level as ReportFilter['level'] } : {}),
    ...(m.form ? { form: m.form as ReportFilter['form'] } : {}),
  };
}

interface Row {
  filter: string;
  figures: unknown;
  data_version: string;
  computed_at: string;
}

const parse = (r: Row): FilteredFigures =>
  (typeof r.figures === 'string' ? JSON.parse(r.figures) : r.figures) as FilteredFigures;

async function readRows(db: Db, year: number, keys: string[] | null): Promise<Row[]> {
  const { rows } = await db.query<Row>(
    `SELECT filter, figures, data_version::text AS data_version,
            to_char(computed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS computed_at
       FROM report_filtered_figures WHERE year = $1 AND ($2::text[] IS NULL OR filter = ANY($2::text[]))`,
    [year, keys],
  );
  return rows;
}

/** one computation per (data version, year, filter) in a process, shared by the requests that need it */
const inflight = new WeakMap<Db, Map<string, Promise<FilteredFigures & { computedAt: string }>>>();

/**
 * The filtered figures of a year for each filter at the current data version, computed from ONE load of the
 * three years' records (the pure rules, as before), and stored when the version was read while no write was
 * uncommitted. Already running computations of the same (version, year, filter) are shared.
 */
export async function computeFiltered(
  db: Db,
  year: number,
  filters: ReportFilter[],
  opts: StoreOptions = {},
): Promise<Map<string, FilteredFigures & { computedAt: string }>> {
  const useStore = opts.store !== false && (await hasTable(db, 'report_filtered_figures'));
  const { version, quiet } = useStore ? await dataVersionIfQuiet(db) : { version: '0', quiet: false };
  let running = inflight.get(db);
  if (!running) {
    running = new Map();
    inflight.set(db, running);
  }
  const map = running;
  for (const k of map.keys()) if (!k.startsWith(`${version}|`)) map.delete(k);
  const out = new Map<string, FilteredFigures & { computedAt: string }>();
  const todo = new Map<string, ReportFilter>();
  for (const f of filters) {
    const key = filterKey(f);
    const pending = quiet ? map.get(`${version}|${year}|${key}`) : undefined;
    if (pending) out.set(key, await pending);
    else todo.set(key, f);
  }
  if (todo.size === 0) return out;
  const started = performance.now();
  const all = (async () => {
    // the load and the views: on a worker thread for a large database, this thread answering requests meanwhile;
    // else here, one view at a time, the event loop free between them (bundle-thread.ts)
    const [bundles, review] = await Promise.all([
      filteredBundles(db, year, [...todo]),
      storedLinkageReview(db, year, opts),
    ]);
    const computed = new Map<string, FilteredFigures & { computedAt: string }>();
    for (const key of todo.keys()) {
      const bundle = bundles.get(key)!;
      computed.set(key, { bundle, review, computedAt: bundle.generatedAt! });
    }
    if (quiet) {
      const ms = Math.round(performance.now() - started);
      const keys = [...computed.keys()];
      // a newer version's row is never replaced by an older one; a failed write only means computing again
      await db
        .query(
          `INSERT INTO report_filtered_figures (year, filter, data_version, figures, computed_at, compute_ms)
             SELECT $1, f, $3::bigint, g::json, c::timestamptz, $6
               FROM unnest($2::text[], $4::text[], $5::text[]) AS x(f, g, c)
             ON CONFLICT (year, filter) DO UPDATE SET data_version = EXCLUDED.data_version,
               figures = EXCLUDED.figures, computed_at = EXCLUDED.computed_at, compute_ms = EXCLUDED.compute_ms
             WHERE report_filtered_figures.data_version <= EXCLUDED.data_version`,
          [
            year,
            keys,
            version,
            keys.map((k) => {
              const { computedAt: _c, ...figures } = computed.get(k)!;
              return JSON.stringify(figures);
            }),
            keys.map((k) => computed.get(k)!.computedAt),
            ms,
          ],
        )
        .catch(() => undefined);
    }
    return computed;
  })();
  if (quiet) {
    for (const key of todo.keys()) {
      const one = all.then((m) => m.get(key)!);
      const full = `${version}|${year}|${key}`;
      map.set(full, one);
      one.catch(() => {
        if (map.get(full) === one) map.delete(full);
      });
    }
  }
  for (const [key, v] of await all) out.set(key, v);
  return out;
}

/**
 * The filtered figures of a year at the current data version: read from the store when there, else computed
 * (waited for) and stored.
 */
export async function storedFilteredFigures(
  db: Db,
  year: number,
  filter: ReportFilter,
  opts: StoreOptions = {},
): Promise<FilteredFigures & { computedAt: string }> {
  const key = filterKey(filter);
  if (opts.store !== false && (await hasTable(db, 'report_filtered_figures'))) {
    const { version } = await dataVersionIfQuiet(db);
    const [row] = await readRows(db, year, [key]);
    if (row && row.data_version === version) return { ...parse(row), computedAt: row.computed_at };
  }
  const m = await computeFiltered(db, year, [filter], opts);
  return m.get(key)!;
}

/**
 * The latest stored figures of a filter, whatever data version they were computed at, with the current data
 * version; `figures` null when never stored (the first visit waits for the computation).
 */
export async function latestStoredFiltered(db: Db, year: number, filter: ReportFilter) {
  const { version } = await dataVersionIfQuiet(db);
  const [row] = await readRows(db, year, [filterKey(filter)]);
  if (!row) return { version, figures: null };
  return {
    version,
    figures: {
      ...parse(row),
      dataVersion: row.data_version,
      computedAt: row.computed_at,
      current: row.data_version === version,
    },
  };
}

const background = new WeakMap<Db, Promise<void>>();

/**
 * Recomputes in the background, for the current data version, every filter of the year with a stored row of an
 * older version (the pages analysts opened: one load of the records for all of them). One at a time per
 * database in this process, none while the process computes other figures (the national refresh, an export);
 * nothing starts while a write is uncommitted. Returns at once: true when it started.
 */
export function refreshFilteredInBackground(db: Db, year: number, warn?: (line: string) => void): boolean {
  if (background.has(db) || isComputingFigures(db)) return false;
  const run = (async () => {
    const { version, quiet } = await dataVersionIfQuiet(db);
    if (!quiet) return;
    const stale = (await readRows(db, year, null)).filter((r) => r.data_version !== version);
    if (stale.length)
      await computeFiltered(
        db,
        year,
        stale.map((r) => keyFilter(r.filter)),
      );
  })()
    .catch((e: unknown) =>
      warn?.(`filtered figures of ${year} not computed in the background: ${(e as Error).message}`),
    )
    .finally(() => {
      if (background.get(db) === run) background.delete(db);
    });
  background.set(db, run);
  return true;
}

/** Resolves when the background computation of filtered figures (if any) has ended (tests, benchmark). */
export async function filteredRefreshSettled(db: Db): Promise<void> {
  await background.get(db);
}

/**
 * The filtered views a running server keeps ahead for the latest year: the 32 states' pages, each agency level,
 * each form group and each level with each form group (the dashboard's level and form selectors, alone or
 * together): 46 filters, computed from one load of the records.
 */
export const PRECOMPUTED_FILTERS: readonly ReportFilter[] = [
  ...INEGI_STATE_CODES.map((state) => ({ state })),
  ...LEVELS.map((level) => ({ level })),
  ...FORM_GROUPS.map((form) => ({ form })),
  ...LEVELS.flatMap((level) => FORM_GROUPS.map((form) => ({ level, form }))),
];

/**
 * The given filters of a year at the current data version, those not stored yet computed from one load of the
 * records; returns how many were computed (0: all stored already, or a write is uncommitted).
 */
async function storeFilters(db: Db, year: number, filters: readonly ReportFilter[]): Promise<number> {
  if (!(await hasTable(db, 'report_filtered_figures'))) return 0;
  const { version, quiet } = await dataVersionIfQuiet(db);
  if (!quiet) return 0;
  const have = new Set(
    (await readRows(db, year, null)).filter((r) => r.data_version === version).map((r) => r.filter),
  );
  const missing = filters.filter((f) => !have.has(filterKey(f)));
  if (missing.length) await computeFiltered(db, year, missing);
  return missing.length;
}

/**
 * The 32 states' pages of a year at the current data version, those not stored yet computed from one load of
 * the records: a state's first visit reads stored figures.
 */
export function storeStatePages(db: Db, year: number): Promise<number> {
  return storeFilters(
    db,
    year,
    INEGI_STATE_CODES.map((state) => ({ state })),
  );
}

/**
 * Every precomputed filtered view of a year (PRECOMPUTED_FILTERS: states, levels, form groups, level with form
 * group) at the current data version, those not stored yet computed from one load of the records (the server's
 * refresher, after the national figures): the first visit of any of them reads stored figures, and after a write
 * the background refresh recomputes them all (each has a stored row) from one load.
 */
export function storeFilteredPages(db: Db, year: number): Promise<number> {
  return storeFilters(db, year, PRECOMPUTED_FILTERS);
}
