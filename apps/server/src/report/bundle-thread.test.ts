import { FIXTURE, FIXTURE_LINKS } from '@enlace/core/report/fixture.test-data';
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/databases.ts';
import { blindIndex } from '../security/crypto.ts';
import { bundlesOnThread, lastThreadRun } from './bundle-thread.ts';
import { filterKey, PRECOMPUTED_FILTERS } from './filtered-store.ts';
import { insertReportData } from './seed.ts';
import { loadData, reportBundle } from './service.ts';

const curp = (id: string) => (FIXTURE_LINKS[id] ? blindIndex('curp', `CURP-${FIXTURE_LINKS[id]}`) : null);
const strip = <T extends { generatedAt?: string }>(b: T) => ({ ...b, generatedAt: undefined });

describe.each(testDatabases().slice(0, 1))('filtered views on a worker thread ($name)', ({ open }) => {
  it('the same figures as in this thread, for every precomputed view; a thread that cannot start changes nothing', async () => {
    const db = await open();
    try {
      await insertReportData(db, FIXTURE, curp);
      const persons = (
        await db.query<{ person_id: string }>('SELECT person_id FROM persons ORDER BY 1')
      ).rows.map((r) => r.person_id);
      // a link of the linkage engine: the thread must count the linked persons as one, as this thread does
      await db.query(
        'INSERT INTO person_links (person_a, person_b, probability, decision) VALUES ($1, $2, 0.97, $3)',
        [persons[0], persons[3], 'confirmed'],
      );
      for (const year of [2022, 2023, 2024]) {
        const loaded = await loadData({ kind: 'db', db }, year - 2, year);
        const filters = [{}, ...PRECOMPUTED_FILTERS].map((f) => [filterKey(f), f] as const);
        const here = new Map(filters.map(([k, f]) => [k, strip(reportBundle(loaded, year, f))]));
        const threaded = await bundlesOnThread(loaded, year, filters);
        expect(lastThreadRun.used, 'the thread computed them').toBe(true);
        expect(lastThreadRun.views).toBe(filters.length);
        expect(new Map([...threaded].map(([k, b]) => [k, strip(b)]))).toEqual(here);
        // a thread whose code cannot load: every view computed here, the same figures
        const fallback = await bundlesOnThread(loaded, year, filters, {
          entry: new URL('./no-such-worker.ts', import.meta.url).href,
        });
        expect(lastThreadRun.views).toBe(0);
        expect(new Map([...fallback].map(([k, b]) => [k, strip(b)]))).toEqual(here);
      }
    } finally {
      await db.close();
    }
  }, 120_000);
});
