/**
 * Issue 13: the dashboard's filtered views (a state's page, a level, a form group) stored per (year, filter, data
 * version) (filtered-store.ts): the first visit computes and stores, the next reads the same figures, after a write
 * the page answers at once with the figures of before marked stale and recomputes them in the background; the
 * server's refresher fills the 32 state pages ahead. The stored figures are identical to the pure computation over
 * the records (`reportBundle`), also on random data (fast-check). PGlite and PostgreSQL, through the HTTP API of a
 * real server. No wall-clock wait: the test awaits the background computation itself.
 */
import type { ReportFilter } from '@enlace/core/report/breakdown';
import { FIXTURE, FIXTURE_LINKS } from '@enlace/core/report/fixture.test-data';
import { INEGI_STATE_CODES } from '@enlace/core/taxonomy';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestServer, type TestServer } from '../../../test/server.ts';
import { dashboardRefreshSettled } from '../../report/figures-store.ts';
import {
  filteredRefreshSettled,
  filterKey,
  PRECOMPUTED_FILTERS,
  storedFilteredFigures,
  storeFilteredPages,
  storeStatePages,
} from '../../report/filtered-store.ts';
import { insertReportData } from '../../report/seed.ts';
import { loadData, reportBundle } from '../../report/service.ts';
import { blindIndex } from '../../security/crypto.ts';
import { dashboardFigures } from './service.ts';

interface Freshness {
  dataVersion: string;
  computedAt: string;
  currentDataVersion: string;
  stale: boolean;
  updating: boolean;
}

describe.each(['pglite', 'postgres'] as const)('filtered dashboard on %s', (database) => {
  let srv: TestServer;
  let analyst: Client;
  beforeAll(async () => {
    srv = await startTestServer({ database });
    await insertReportData(srv.db, FIXTURE, (id) =>
      FIXTURE_LINKS[id] ? blindIndex('curp', `CURP-${FIXTURE_LINKS[id]}`) : null,
    );
    analyst = await srv.login(await srv.createUser({ role: 'analyst', agencyId: 'estadistica-nacional' }));
  }, 120_000);
  afterAll(async () => {
    if (srv) {
      await filteredRefreshSettled(srv.db);
      await dashboardRefreshSettled(srv.db);
    }
    await srv?.close();
  });

  /** the pure computation over the three years' records (what the filtered dashboard computed on every request) */
  const pure = async (year: number, filter: ReportFilter) => {
    const { generatedAt: _g, ...b } = reportBundle(
      await loadData({ kind: 'db', db: srv.db }, year - 2, year),
      year,
      filter,
    );
    return b;
  };
  const shown = (r: { json: Record<string, unknown> }) => ({
    report: r.json.report,
    previous: r.json.previous,
    states: r.json.states,
    completeness: r.json.completeness,
  });
  const stored = async () =>
    (
      await srv.db.query<{ filter: string; data_version: string }>(
        'SELECT filter, data_version::text AS data_version FROM report_filtered_figures WHERE year = 2023 ORDER BY filter',
      )
    ).rows;

  it('a state page is computed once, stored, read back identical; after a write it is stale then current', async () => {
    const page = () => analyst.request('GET', '/api/report?year=2023&state=09');
    const first = await page();
    expect(first.status).toBe(200);
    const f0 = first.json.freshness as Freshness;
    expect(f0).toMatchObject({ stale: false, updating: false });
    expect(f0.dataVersion).toBe(f0.currentDataVersion);
    const expected = await pure(2023, { state: '09' });
    const { sources: _s, ...without } = expected;
    expect(shown(first)).toEqual(JSON.parse(JSON.stringify(without)));
    expect(first.json.report.victims.total).toBeGreaterThan(0);
    expect((await stored()).map((r) => r.filter)).toContain(filterKey({ state: '09' }));

    // read from the store: the same figures, computed at the same moment
    const second = await page();
    expect(shown(second)).toEqual(shown(first));
    expect((second.json.freshness as Freshness).computedAt).toBe(f0.computedAt);

    // a level and a form group are stored the same way
    const level = await analyst.request('GET', '/api/report?year=2023&level=federal');
    const { sources: _l, ...lv } = await pure(2023, { level: 'federal' });
    expect(shown(level)).toEqual(JSON.parse(JSON.stringify(lv)));
    const form = await analyst.request('GET', '/api/report?year=2023&state=14&form=labor');
    const { sources: _f, ...fm } = await pure(2023, { state: '14', form: 'labor' });
    expect(shown(form)).toEqual(JSON.parse(JSON.stringify(fm)));

    // a write that changes the state's figures: an identification of Mexico City moved out of 2023
    await srv.db.query("UPDATE identifications SET date = '2019-06-01' WHERE identification_id = 'i02'");
    const after = await pure(2023, { state: '09' });
    expect(after.report.victims).not.toEqual(expected.report.victims);

    // at once: the figures of before, marked stale, while the current ones are computed behind
    const stale = await page();
    expect(stale.status).toBe(200);
    const f1 = stale.json.freshness as Freshness;
    expect(f1).toMatchObject({
      stale: true,
      updating: true,
      dataVersion: f0.dataVersion,
      computedAt: f0.computedAt,
    });
    expect(BigInt(f1.currentDataVersion)).toBeGreaterThan(BigInt(f1.dataVersion));
    expect(shown(stale)).toEqual(shown(first));

    // an export-like reader never gets the stale figures
    const waited = await dashboardFigures(srv.db, { year: 2023, state: '09' }, { allowStale: false });
    expect(waited.freshness.stale).toBe(false);
    expect(waited.report).toEqual(JSON.parse(JSON.stringify(after.report)));

    // the background computation recomputes every stored filter of the year with one load; then current
    await filteredRefreshSettled(srv.db);
    const fresh = await page();
    const f2 = fresh.json.freshness as Freshness;
    expect(f2).toMatchObject({ stale: false, updating: false });
    expect(f2.dataVersion).toBe(f2.currentDataVersion);
    const { sources: _a, ...afterShown } = after;
    expect(shown(fresh)).toEqual(JSON.parse(JSON.stringify(afterShown)));
    const versions = new Set((await stored()).map((r) => r.data_version));
    expect([...versions]).toEqual([f2.currentDataVersion]);

    // the read is audited as every dashboard read
    const audited = await srv.db.query(
      "SELECT 1 FROM audit_log WHERE resource = 'report' AND action = 'read' AND resource_id = '2023'",
    );
    expect(audited.rows.length).toBeGreaterThanOrEqual(5);
  });

  it("the refresher's state pages: the 32 states stored from one load, each equal to the pure computation", async () => {
    await srv.db.query("UPDATE identifications SET date = '2023-04-02' WHERE identification_id = 'i02'");
    await filteredRefreshSettled(srv.db);
    await storeStatePages(srv.db, 2023);
    const rows = await stored();
    const { version } = (
      await srv.db.query<{ version: string }>(
        'SELECT (CASE WHEN is_called THEN last_value ELSE 0 END)::text AS version FROM report_data_version',
      )
    ).rows[0]!;
    for (const s of INEGI_STATE_CODES)
      expect(rows.find((r) => r.filter === filterKey({ state: s }))?.data_version).toBe(version);
    // nothing left to compute the second time
    expect(await storeStatePages(srv.db, 2023)).toBe(0);
    for (const s of ['09', '14', '07', '15', '01']) {
      const r = await analyst.request('GET', `/api/report?year=2023&state=${s}`);
      expect((r.json.freshness as Freshness).stale).toBe(false);
      const { sources: _s, ...p } = await pure(2023, { state: s });
      expect(shown(r)).toEqual(JSON.parse(JSON.stringify(p)));
    }
  });

  it("the refresher's level and form views: both levels, the four form groups and each level with each group stored ahead from one load, each equal to the pure computation", async () => {
    await srv.db.query("UPDATE identifications SET date = '2023-05-02' WHERE identification_id = 'i02'");
    await filteredRefreshSettled(srv.db);
    // 32 states + 2 levels + 4 form groups + 2 × 4 level-and-group views
    expect(PRECOMPUTED_FILTERS).toHaveLength(46);
    expect(await storeFilteredPages(srv.db, 2023)).toBe(46);
    const { version } = (
      await srv.db.query<{ version: string }>(
        'SELECT (CASE WHEN is_called THEN last_value ELSE 0 END)::text AS version FROM report_data_version',
      )
    ).rows[0]!;
    const rows = await stored();
    for (const f of PRECOMPUTED_FILTERS)
      expect(rows.find((r) => r.filter === filterKey(f))?.data_version).toBe(version);
    expect(await storeFilteredPages(srv.db, 2023)).toBe(0);
    for (const [query, filter] of [
      ['level=federal', { level: 'federal' }],
      ['form=labor', { form: 'labor' }],
      ['level=state&form=sex', { level: 'state', form: 'sex' }],
    ] as const) {
      const r = await analyst.request('GET', `/api/report?year=2023&${query}`);
      expect(r.status).toBe(200);
      // read from the store: current, nothing computed for the visit
      expect((r.json.freshness as Freshness).stale).toBe(false);
      const { sources: _s, ...p } = await pure(2023, filter);
      expect(shown(r)).toEqual(JSON.parse(JSON.stringify(p)));
    }
  });

  it('on random moves of the records, the stored filtered figures equal the pure computation', async () => {
    const ids = FIXTURE.identifications.map((i) => i.identification_id);
    const filters: ReportFilter[] = [
      { state: '09' },
      { state: '14' },
      { state: '07' },
      { level: 'federal' },
      { level: 'state' },
      { form: 'sex' },
      // one view computed alone loads only its state's and level's records (repository.ts LoadPrefilter)
      { state: '09', form: 'labor' },
      { state: '09', level: 'state' },
      { state: '14', level: 'federal' },
      { state: '07', level: 'state', form: 'sex' },
      { level: 'state', form: 'unspecified' },
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            id: fc.constantFrom(...ids),
            state: fc.option(fc.constantFrom('09', '14', '07', '15'), { nil: null }),
            year: fc.integer({ min: 2020, max: 2024 }),
            form: fc.constantFrom('sexual', 'forced_labor', 'other', 'unspecified'),
          }),
          { minLength: 1, maxLength: 5 },
        ),
        fc.constantFrom(...filters),
        async (moves, filter) => {
          for (const m of moves)
            await srv.db.query(
              'UPDATE identifications SET state_code = $2, date = $3::date, primary_form = $4 WHERE identification_id = $1',
              [m.id, m.state, `${m.year}-06-15`, m.form],
            );
          await filteredRefreshSettled(srv.db);
          const { sources: _s, ...p } = await pure(2023, filter);
          const expected = JSON.parse(JSON.stringify(p));
          // computed and stored, then read back from the store: the same figures
          for (let i = 0; i < 2; i++) {
            const { bundle } = await storedFilteredFigures(srv.db, 2023, filter);
            const { generatedAt: _g, sources: _x, ...b } = JSON.parse(JSON.stringify(bundle));
            expect(b).toEqual(expected);
          }
        },
      ),
      { numRuns: 16 },
    );
  }, 180_000);
});
