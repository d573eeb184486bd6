/**
 * A running server computes the national figures of the latest year with data ahead of the first visit: at
 * start and whenever the data version has moved (checked every `intervalMs`, default 30 s), it fills the
 * figures kept in the database (figures-store.ts) for the latest year's report bundle, so the first analyst
 * who opens the dashboard after an import reads stored figures instead of waiting for the computation.
 * One refresh at a time; a refresh that finds no uncommitted write stores its figures; errors are reported
 * by `warn` (no personal data: aggregates only) and the next tick tries again.
 *
 * Then it fills the latest year's filtered views (filtered-store.ts PRECOMPUTED_FILTERS: the 32 state pages, each
 * agency level, each form group, each level with each form group) from one load of the records, so the first visit
 * of any of them reads stored figures.
 *
 * With `files`, the same refresh then renders and keeps the latest year's report files (render-store.ts: HTML,
 * and PDF when Chromium is installed) in those languages and formats, so the first download after an import
 * reads a stored file too; a failed render is reported by `warn` and does not hold back the figures.
 *
 * Last, the national dashboard of OTHER_YEARS other years the year selector offers, newest first, so an analyst who
 * picks another year reads stored figures too (after a write, the figures stored before it while these are computed
 * again: api/report/service.ts dashboardFigures).
 */
import { existsSync } from 'node:fs';
import { reportDocument, yearsWithData } from '../api/report/service.ts';
import type { Db } from '../db/index.ts';
import { dataVersionIfQuiet, storedLinkageReview, storedReportBundle } from './figures-store.ts';
import { storeFilteredPages } from './filtered-store.ts';
import { CHROMIUM_PATH } from './render-pdf.ts';
import type { ReportFormat, ReportLang } from './render-store.ts';

/**
 * How many other years than the latest the refresher stores the dashboard of: the year selector's, newest first (the
 * years after the latest with events but no victims yet, then the earlier ones).
 */
export const OTHER_YEARS = 9;

export interface FiguresRefresher {
  /** runs one check now (tests; the timer calls it too) */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

export function startFiguresRefresher(
  db: Db,
  opts: {
    intervalMs?: number;
    warn?: (line: string) => void;
    now?: () => Date;
    timer?: boolean;
    /** the latest year's report files to render ahead (server: both languages, HTML and PDF) */
    files?: ReadonlyArray<{ lang: ReportLang; format: ReportFormat }>;
  } = {},
): FiguresRefresher {
  let lastVersion: string | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;
  const run = async () => {
    const { version, quiet } = await dataVersionIfQuiet(db);
    // an uncommitted write: its figures cannot be stored yet; the next tick sees it committed
    if (!quiet || version === lastVersion) return;
    const { latest, years } = await yearsWithData(db, opts.now?.() ?? new Date());
    if (latest !== null) await Promise.all([storedReportBundle(db, latest), storedLinkageReview(db, latest)]);
    lastVersion = version;
    if (latest === null) return;
    // the filtered views of the latest year: states, levels, form groups (filtered-store.ts: one load for all)
    await storeFilteredPages(db, latest).catch((e: unknown) =>
      opts.warn?.(`filtered pages of ${latest} not computed: ${(e as Error).message}`),
    );
    // one file at a time (Chromium kept warm between the prints by reportDocument)
    for (const f of opts.files ?? []) {
      if (stopped) return;
      if (f.format === 'pdf' && !existsSync(CHROMIUM_PATH)) continue;
      await reportDocument(db, { year: latest, ...f }).catch((e: unknown) =>
        opts.warn?.(`report ${f.format} ${f.lang} ${latest} render failed: ${(e as Error).message}`),
      );
    }
    // the dashboard of the other years its year selector offers, newest first (each adds about one year's annual
    // part, its by-state figures and review counts to what the other years stored); a write meanwhile ends the run
    // (the next tick starts again from the latest year)
    for (const year of years.filter((y) => y !== latest).slice(0, OTHER_YEARS)) {
      if (stopped || (await dataVersionIfQuiet(db)).version !== version) return;
      await Promise.all([storedReportBundle(db, year, { keepEvents: false }), storedLinkageReview(db, year)]);
    }
  };
  const tick = () => {
    if (stopped) return Promise.resolve();
    running ??= run()
      .catch((e: unknown) => opts.warn?.(`figures refresh failed: ${(e as Error).message}`))
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = opts.timer === false ? undefined : setInterval(tick, opts.intervalMs ?? 30_000);
  timer?.unref();
  if (opts.timer !== false) void tick();
  return {
    tick,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
