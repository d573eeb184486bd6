import { FIXTURE, FIXTURE_LINKS } from '@enlace/core/report/fixture.test-data';
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/databases.ts';
import type { Db } from '../db/index.ts';
import { blindIndex } from '../security/crypto.ts';
import { bundlesOnThread, filteredBundles, lastThreadRun } from './bundle-thread.ts';
import { filterKey, PRECOMPUTED_FILTERS } from './filtered-store.ts';
import { insertReportData } from './seed.ts';
import { loadData, reportBundle } from './service.ts';

const curp = (id: string) => (FIXTURE_LINKS[id] ? blindIndex('curp', `CURP-${FIXTURE_LINKS[id]}`) : null);
const strip = <T extends { generatedAt?: string }>(b: T) => ({ ...b, generatedAt: undefined });
const stripAll = <T extends { generatedAt?: string }>(m: Map<string, T>) =>
  new Map([...m].map(([k, b]) => [k, strip(b)]));
const filters = [{}, ...PRECOMPUTED_FILTERS].map((f) => [filterKey(f), f] as const);
const NO_WORKER = new URL('./no-such-worker.ts', import.meta.url).href;

async function seeded(open: () => Promise<Db>): Promise<Db> {
  const db = await open();
  await insertReportData(db, FIXTURE, curp);
  const persons = (
    await db.query<{ person_id: string }>('SELECT person_id FROM persons ORDER BY 1')
  ).rows.map((r) => r.person_id);
  // a link of the linkage engine: the thread must count the linked persons as one, as this thread does
  await db.query(
    'INSERT INTO person_links (person_a, person_b, probability, decision) VALUES ($1, $2, 0.97, $3)',
    [persons[0], persons[3], 'confirmed'],
  );
  return db;
}

const env = process.env.ENLACE_REPORT_THREAD;
afterEach(() => {
  if (env === undefined) delete process.env.ENLACE_REPORT_THREAD;
  else process.env.ENLACE_REPORT_THREAD = env;
});

describe.each(testDatabases())('filtered views on a worker thread ($name)', ({ name, open }) => {
  it('records handed over: the same figures as in this thread, for every precomputed view; a thread that cannot start changes nothing', async () => {
    const db = await seeded(open);
    try {
      for (const year of [2022, 2023, 2024]) {
        const loaded = await loadData({ kind: 'db', db }, year - 2, year);
        const here = new Map(filters.map(([k, f]) => [k, strip(reportBundle(loaded, year, f))]));
        const threaded = await bundlesOnThread(loaded, year, filters);
        expect(lastThreadRun.used, 'the thread computed them').toBe(true);
        expect(lastThreadRun.views).toBe(filters.length);
        expect(stripAll(threaded)).toEqual(here);
        // a thread whose code cannot load: every view computed here, the same figures
        const fallback = await bundlesOnThread(loaded, year, filters, { entry: NO_WORKER });
        expect(lastThreadRun.views).toBe(0);
        expect(stripAll(fallback)).toEqual(here);
      }
    } finally {
      await db.close();
    }
  }, 120_000);

  it(`from the database (${name === 'postgres' ? 'the thread loads the records through its own connections' : 'loaded here, handed over'}): the same figures; a failed thread falls back`, async () => {
    const db = await seeded(open);
    try {
      process.env.ENLACE_REPORT_THREAD = 'on';
      const year = 2023;
      const loaded = await loadData({ kind: 'db', db }, year - 2, year);
      const here = new Map(filters.map(([k, f]) => [k, strip(reportBundle(loaded, year, f))]));
      expect(stripAll(await filteredBundles(db, year, filters))).toEqual(here);
      expect(lastThreadRun).toMatchObject({ used: true, views: filters.length });
      if (name === 'postgres') expect(lastThreadRun.sendMs, 'no records handed over').toBeLessThan(100);
      expect(stripAll(await filteredBundles(db, year, filters, { entry: NO_WORKER }))).toEqual(here);
      expect(lastThreadRun.views).toBe(0);
      process.env.ENLACE_REPORT_THREAD = 'off';
      expect(stripAll(await filteredBundles(db, year, filters))).toEqual(here);
      expect(lastThreadRun.used).toBe(false);
    } finally {
      await db.close();
    }
  }, 120_000);
});
