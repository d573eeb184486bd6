/**
 * The national figures computed once per (year, data version) and kept in the database (`report_figures`,
 * migration 140): the dashboard, the HTML and PDF report, `enlace report --format json` and every server
 * process read the same stored figures until a write moves `report_data_version` (migration 090; every
 * insert, update, delete or truncate of a table the report reads).
 *
 * Only figures computed while no such write was uncommitted are stored: the writers' trigger holds a shared
 * advisory lock until commit, and `dataVersionIfQuiet` reads the version and then checks in pg_locks that no
 * session holds it. A version read while a write is uncommitted is not stored (computed
 * and returned only), so a stored row always holds the figures of the committed data of its version.
 * Aggregates only: no personal data.
 */
import type { AnnualReport } from '@enlace/core/report/compute';
import { LRUCache } from 'lru-cache';
import type { Db } from '../db/index.ts';
import { reportDb } from '../db/limit.ts';
import { type ReportExtras, reportExtras } from './extras-sql.ts';
import {
  fastAnnualReport,
  fastVictimInputs,
  type LinkedRoots,
  type YearEvents,
  type YearInputs,
} from './fast.ts';
import type { ReportBundle } from './render-html.ts';
import { hasTable, linkRoots, loadEvents } from './repository.ts';
import { type LinkageReview, linkageReview } from './review.ts';

export const REPORT_WRITE_LOCK = 4242013;

export interface StoreOptions {
  /**
   * false: neither read nor write stored figures (a read replica, whose advisory locks do not see the
   * primary's writers and which cannot write). Default true.
   */
  store?: boolean;
  /**
   * false: event records this call loads are not kept for later computations (the refresher's earlier years, so
   * they do not push out the latest years' records). Default true.
   */
  keepEvents?: boolean;
}

type Part = 'annual' | 'extras' | 'review';
interface PartValue {
  annual: AnnualReport;
  extras: ReportExtras;
  review: LinkageReview;
}

/**
 * The data version, and whether no write that moves it is uncommitted (then figures of it may be stored): the
 * version first, then whether any session holds the writers' shared advisory lock (pg_locks; readers take no
 * lock, so they neither wait for writers nor for each other). A writer that moved the version before it was
 * read either still holds the lock (not quiet) or has committed; one that moves it later leaves this version
 * to the committed data.
 */
export async function dataVersionIfQuiet(
  db: Db,
): Promise<{ version: string; quiet: boolean; eventsVersion: string }> {
  return db.transaction(async (tx) => {
    // the event records' own version (migration 209), read with the data version, before the lock is checked
    const v = await tx.query<{ v: string; e: string; recovery: boolean }>(
      `SELECT (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM report_data_version)::text AS v,
              (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM report_events_version)::text AS e,
              pg_is_in_recovery() AS recovery`,
    );
    const w = await tx.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_locks
        WHERE locktype = 'advisory' AND classid = 0 AND objid = ${REPORT_WRITE_LOCK} AND objsubid = 1
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    );
    const row = v.rows[0];
    return {
      version: row?.v ?? '0',
      quiet: !!row && !row.recovery && (w.rows[0]?.n ?? 0) === 0,
      eventsVersion: row?.e ?? '0',
    };
  });
}

/**
 * What the parts computed by one call share: the links, and the per-person inputs and the event records of its annual
 * parts' years.
 */
interface Shared {
  links: () => Promise<LinkedRoots>;
  inputs: () => Promise<YearInputs>;
  events: () => Promise<YearEvents>;
}

const COMPUTE: {
  [P in Part]: (db: Db, year: number, shared: Shared) => Promise<PartValue[P]>;
} = {
  annual: (db, year, s) => fastAnnualReport(db, year, s.links(), s.inputs(), s.events()),
  extras: (db, year, s) => reportExtras(db, year, s.links()),
  review: (db, year) => linkageReview(db, year),
};

export interface StoredPart<P extends Part> {
  year: number;
  part: P;
  value: PartValue[P];
  computedAt: string;
  /** true when read from the store, false when computed by this call */
  stored: boolean;
}

/**
 * The requested parts at the current data version: read from the store when there, else computed (at once)
 * and stored if the version was read while no write was uncommitted.
 */
export async function storedParts<P extends Part>(
  db: Db,
  wanted: ReadonlyArray<{ year: number; part: P }>,
  opts: StoreOptions = {},
): Promise<StoredPart<P>[]> {
  const useStore = opts.store !== false && (await hasTable(db, 'report_figures'));
  const { version, quiet, eventsVersion } = useStore
    ? await dataVersionIfQuiet(db)
    : { version: '0', quiet: false, eventsVersion: '0' };
  const found = new Map<string, { figures: unknown; computed_at: string }>();
  if (useStore) {
    const { rows } = await db.query<{ year: number; part: string; figures: unknown; computed_at: string }>(
      `SELECT year, part, figures, to_char(computed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS computed_at
         FROM report_figures WHERE data_version = $1::bigint AND (year, part) IN (SELECT * FROM unnest($2::int[], $3::text[]))`,
      [version, wanted.map((w) => w.year), wanted.map((w) => w.part)],
    );
    for (const r of rows) found.set(`${r.year}|${r.part}`, r);
  }
  // the counts kept at write time (migration 205) folded to one row per group before the parts are computed from
  // them (only on a primary with no write uncommitted: `quiet`; readers sum the rows, so they are right either way)
  if (quiet && wanted.some((w) => !found.has(`${w.year}|${w.part}`)))
    await db.query('SELECT report_agg_compact()');
  // the links are read once for all the parts computed by this call (the three years and the extras), and the
  // per-person queries of the annual parts it computes run once for all their years (fast.ts fastVictimInputs)
  // the computations' queries at most as many at once as the machine has cores, shared with every other report
  // computation of this process (db/limit.ts)
  const cdb = reportDb(db);
  let linksP: Promise<LinkedRoots> | undefined;
  const links = () => {
    linksP ??= linkRoots(cdb);
    return linksP;
  };
  const annualYears = wanted
    .filter((w) => w.part === 'annual' && !found.has(`${w.year}|annual`))
    .map((w) => w.year);
  let inputsP: Promise<YearInputs> | undefined;
  const inputs = () => {
    inputsP ??= fastVictimInputs(cdb, annualYears, links());
    return inputsP;
  };
  // the event records (investigations, prosecutions, convictions, payments, contacts, financial reports) of all the
  // annual parts' years in one load: each year's report counts only its own (assembleAnnualReport filters by year,
  // as the pure computation does over all the records), and a prosecution active in several years is read once
  // kept in this process between computations while the event records' version stays (keptEvents)
  let eventsP: Promise<YearEvents> | undefined;
  const events = () => {
    const from = `${Math.min(...annualYears)}-01-01`;
    const to = `${Math.max(...annualYears)}-12-31`;
    eventsP ??= keptEvents(
      db,
      quiet ? eventsVersion : null,
      from,
      to,
      () => loadEvents(cdb, from, to),
      opts.keepEvents !== false,
    );
    return eventsP;
  };
  const shared: Shared = { links, inputs, events };
  return Promise.all(
    wanted.map(async ({ year, part }): Promise<StoredPart<P>> => {
      const hit = found.get(`${year}|${part}`);
      if (hit) {
        const figures = typeof hit.figures === 'string' ? JSON.parse(hit.figures) : hit.figures;
        return { year, part, value: figures as PartValue[P], computedAt: hit.computed_at, stored: true };
      }
      if (!quiet) {
        const value = (await COMPUTE[part](cdb, year, shared)) as PartValue[P];
        return { year, part, value, computedAt: new Date().toISOString(), stored: false };
      }
      // one computation per (data version, year, part) in this process: a request that arrives while the
      // server's refresh (or another request) computes the same part waits for it instead of computing it again
      let running = inflight.get(db);
      if (!running) {
        running = new Map();
        inflight.set(db, running);
      }
      const key = `${version}|${year}|${part}`;
      let pending = running.get(key) as Promise<{ value: PartValue[P]; computedAt: string }> | undefined;
      if (!pending) {
        const map = running;
        // kept until the data version moves (a request that missed the store just before the computation
        // finished gets its result too); only the current version's entries are kept; a failed one is dropped
        for (const k of map.keys()) if (!k.startsWith(`${version}|`)) map.delete(k);
        pending = computeAndStore(db, cdb, year, part, version, shared);
        map.set(key, pending);
        pending.catch(() => {
          if (map.get(key) === pending) map.delete(key);
        });
      }
      const { value, computedAt } = await pending;
      return { year, part, value, computedAt, stored: false };
    }),
  );
}

/** How many ranges of years of event records a process keeps per database (the latest dashboard's and one more). */
const KEPT_EVENT_RANGES = 2;
const eventsKept = new WeakMap<Db, LRUCache<string, Promise<YearEvents>>>();

/**
 * The event records of a range of years (loadEvents) as loaded by an earlier computation of this process while the
 * event records' version (migration 209) was the same, else loaded now. `version` null (a write uncommitted when the
 * version was read): loaded and not kept. Only loads made after the version was read with no write uncommitted are
 * kept, so what is kept holds every write up to that version; a write to an event table (or a CURP's change) moves
 * the version and the next computation loads them again. The least recently used range is dropped past
 * KEPT_EVENT_RANGES. The arrays are frozen: the computations only read them.
 * Memory: one range of three years at 1,000,000 persons is ~115,000 records (docs/report.md).
 */
export function keptEvents(
  db: Db,
  version: string | null,
  from: string,
  to: string,
  load: () => Promise<YearEvents>,
  keep = true,
): Promise<YearEvents> {
  if (version === null) return load();
  let kept = eventsKept.get(db);
  if (!kept) {
    kept = new LRUCache({ max: KEPT_EVENT_RANGES });
    eventsKept.set(db, kept);
  }
  const key = `${version}|${from}|${to}`;
  const hit = kept.get(key);
  if (hit) return hit;
  const p = load().then((ev) => {
    for (const list of Object.values(ev.data)) Object.freeze(list);
    return ev;
  });
  if (!keep) return p;
  for (const k of [...kept.keys()]) if (!k.startsWith(`${version}|`)) kept.delete(k);
  kept.set(key, p);
  const map = kept;
  p.catch(() => {
    if (map.peek(key) === p) map.delete(key);
  });
  return p;
}

const inflight = new WeakMap<Db, Map<string, Promise<unknown>>>();
/** how many parts this process is computing for a database right now (any data version) */
const computing = new WeakMap<Db, number>();

/** Whether this process is computing national figures for a database right now (a background job waits its turn). */
export function isComputingFigures(db: Db): boolean {
  return (computing.get(db) ?? 0) > 0 || background.has(db);
}

/** Computes a part and stores it under `version` (read while no write was uncommitted). */
async function computeAndStore<P extends Part>(
  db: Db,
  /** `db` with the computation's limit of queries at once */
  cdb: Db,
  year: number,
  part: P,
  version: string,
  shared: Shared,
): Promise<{ value: PartValue[P]; computedAt: string }> {
  const started = performance.now();
  computing.set(db, (computing.get(db) ?? 0) + 1);
  let value: PartValue[P];
  try {
    value = (await COMPUTE[part](cdb, year, shared)) as PartValue[P];
  } finally {
    computing.set(db, (computing.get(db) ?? 1) - 1);
  }
  const computedAt = new Date().toISOString();
  // a newer version's row is never replaced by an older one; a failed write (read-only database) only
  // means the next request computes again
  await db
    .query(
      `INSERT INTO report_figures (year, part, data_version, figures, computed_at, compute_ms)
             VALUES ($1, $2, $3::bigint, $4::json, $5::timestamptz, $6)
             ON CONFLICT (year, part) DO UPDATE SET data_version = EXCLUDED.data_version, figures = EXCLUDED.figures,
               computed_at = EXCLUDED.computed_at, compute_ms = EXCLUDED.compute_ms
             WHERE report_figures.data_version <= EXCLUDED.data_version`,
      [year, part, version, JSON.stringify(value), computedAt, Math.round(performance.now() - started)],
    )
    .catch(() => undefined);
  return { value, computedAt };
}

/** The year's annual report (annual-report.md) at the current data version: stored, or computed once. */
export async function storedAnnualReport(db: Db, year: number, opts: StoreOptions = {}) {
  const [r] = await storedParts(db, [{ year, part: 'annual' as const }], opts);
  return r!.value;
}

/** The year's linkage review counts (review.ts) at the current data version: stored, or computed once. */
export async function storedLinkageReview(db: Db, year: number, opts: StoreOptions = {}) {
  const [r] = await storedParts(db, [{ year, part: 'review' as const }], opts);
  return r!.value;
}

/**
 * The national report bundle of a year (the report for people, the unfiltered dashboard): the three years'
 * annual reports and the year's by-state figures, completeness and sources, each stored per data version (so
 * the dashboard of 2024 reuses 2023 and 2022 as computed for it or for the dashboard of 2023).
 */
export async function storedReportBundle(
  db: Db,
  year: number,
  opts: StoreOptions = {},
): Promise<ReportBundle> {
  const parts = await storedParts<Part>(
    db,
    [
      { year, part: 'annual' },
      { year: year - 1, part: 'annual' },
      { year: year - 2, part: 'annual' },
      { year, part: 'extras' },
    ],
    opts,
  );
  const [r0, r1, r2, ex] = parts as [
    StoredPart<'annual'>,
    StoredPart<'annual'>,
    StoredPart<'annual'>,
    StoredPart<'extras'>,
  ];
  return {
    report: r0.value,
    previous: [r1.value, r2.value],
    states: ex.value.states,
    completeness: ex.value.completeness,
    sources: ex.value.sources,
    generatedAt: parts
      .map((p) => p.computedAt)
      .sort()
      .at(-1)!,
  };
}

/** The parts of the national bundle of a year and its review counts: what the unfiltered dashboard shows. */
const dashboardParts = (year: number) =>
  [
    { year, part: 'annual' },
    { year: year - 1, part: 'annual' },
    { year: year - 2, part: 'annual' },
    { year, part: 'extras' },
    { year, part: 'review' },
  ] as const;

/**
 * The latest figures stored for the dashboard of a year, whatever data version they were computed at
 * (`report_figures` keeps one row per (year, part): the previous version's row stays until the new one
 * replaces it), with the current data version. `figures` is null when a part was never stored (the very
 * first computation: the caller waits for it). Aggregates only.
 */
export async function latestStoredDashboard(db: Db, year: number) {
  const { version, quiet } = await dataVersionIfQuiet(db);
  const wanted = dashboardParts(year);
  const { rows } = await db.query<{
    year: number;
    part: string;
    figures: unknown;
    data_version: string;
    computed_at: string;
  }>(
    `SELECT year, part, figures, data_version::text AS data_version,
            to_char(computed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS computed_at
       FROM report_figures WHERE (year, part) IN (SELECT * FROM unnest($1::int[], $2::text[]))`,
    [wanted.map((w) => w.year), wanted.map((w) => w.part)],
  );
  const byKey = new Map(rows.map((r) => [`${r.year}|${r.part}`, r]));
  const got = wanted.map((w) => byKey.get(`${w.year}|${w.part}`));
  if (got.some((r) => !r)) return { version, quiet, figures: null };
  const [r0, r1, r2, ex, rv] = got.map((r) => ({
    ...r!,
    value: typeof r!.figures === 'string' ? JSON.parse(r!.figures) : r!.figures,
  })) as { value: unknown; data_version: string; computed_at: string }[];
  // parts stored at different versions (a year computed for another year's dashboard): the oldest is what
  // the whole answer is at least as new as
  const oldest = [...got].sort((a, b) =>
    BigInt(a!.data_version) < BigInt(b!.data_version)
      ? -1
      : BigInt(a!.data_version) > BigInt(b!.data_version)
        ? 1
        : 0,
  )[0]!;
  const current = got.every((r) => r!.data_version === version);
  // some parts already of the current version, others not: a computation of the current figures storing its parts
  // right now (or a year's part computed for another year's dashboard at this version)
  const partlyCurrent = !current && got.some((r) => r!.data_version === version);
  return {
    version,
    quiet,
    figures: {
      bundle: {
        report: r0!.value as AnnualReport,
        previous: [r1!.value as AnnualReport, r2!.value as AnnualReport],
        states: (ex!.value as ReportExtras).states,
        completeness: (ex!.value as ReportExtras).completeness,
        sources: (ex!.value as ReportExtras).sources,
        generatedAt: got
          .map((r) => r!.computed_at)
          .sort()
          .at(-1)!,
      } satisfies ReportBundle,
      review: rv!.value as LinkageReview,
      dataVersion: oldest.data_version,
      // as the bundle's generatedAt (what the report and a current answer say): the latest of the figures' parts
      computedAt: got
        .slice(0, 4)
        .map((r) => r!.computed_at)
        .sort()
        .at(-1)!,
      current,
      partlyCurrent,
    },
  };
}

const background = new WeakMap<Db, Promise<void>>();

/**
 * Computes and stores the dashboard figures of a year for the current data version in the background: one such
 * computation at a time per database in this process, and none while the process is already computing figures
 * (the server's refresh, a request that waits for a first computation, an export): the next request after it
 * finishes starts the next one if the data moved again. Nothing starts while a write is uncommitted (its
 * figures could not be stored); the next request after the commit starts it. Returns at once: true when it
 * started a computation, false when one was already running.
 */
export function refreshDashboardInBackground(db: Db, year: number, warn?: (line: string) => void): boolean {
  if (background.has(db) || (computing.get(db) ?? 0) > 0) return false;
  const run = (async () => {
    const { quiet } = await dataVersionIfQuiet(db);
    if (!quiet) return;
    await Promise.all([storedReportBundle(db, year), storedLinkageReview(db, year)]);
  })()
    .catch((e: unknown) =>
      warn?.(`figures of ${year} not computed in the background: ${(e as Error).message}`),
    )
    .finally(() => {
      if (background.get(db) === run) background.delete(db);
    });
  background.set(db, run);
  return true;
}

/** Resolves when the background computation of this database (if any) has ended (tests, benchmark, shutdown). */
export async function dashboardRefreshSettled(db: Db): Promise<void> {
  await background.get(db);
}
