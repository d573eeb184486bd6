/**
 * Issue 13: after a write the dashboard answers at once with the figures stored for the previous data version,
 * marked stale (`freshness`), computes the current ones in the background (one computation, shared), and then
 * answers with them; the first computation of a year (nothing stored) is waited for. Exports (the report as
 * HTML, `enlace report --format json`'s figures, a waiting dashboard read) never use the stale figures.
 * PGlite and PostgreSQL, through the HTTP API of a real server. No wall-clock wait: the test awaits the
 * background computation itself (`dashboardRefreshSettled`).
 */
import { FIXTURE, FIXTURE_LINKS } from '@enlace/core/report/fixture.test-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestServer, type TestServer } from '../../../test/server.ts';
import { fastAnnualReport } from '../../report/fast.ts';
import {
  dashboardRefreshSettled,
  refreshDashboardInBackground,
  storedAnnualReport,
} from '../../report/figures-store.ts';
import { insertReportData } from '../../report/seed.ts';
import { blindIndex } from '../../security/crypto.ts';
import { dashboardFigures } from './service.ts';

interface Freshness {
  dataVersion: string;
  computedAt: string;
  currentDataVersion: string;
  stale: boolean;
  updating: boolean;
}
const victims = (r: { json: { report: { victims: { total: number; identification_records: number } } } }) =>
  r.json.report.victims;

describe.each(['pglite', 'postgres'] as const)('dashboard after a write on %s', (database) => {
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
    if (srv) await dashboardRefreshSettled(srv.db);
    await srv?.close();
  });

  const dashboard = () => analyst.request('GET', '/api/report?year=2023');

  it('answers with the previous figures marked stale, then with the new ones', async () => {
    // the very first computation (nothing stored) is waited for: current figures
    const first = await dashboard();
    expect(first.status).toBe(200);
    const f0 = first.json.freshness as Freshness;
    expect(f0).toMatchObject({ stale: false, updating: false });
    expect(f0.dataVersion).toBe(f0.currentDataVersion);
    const before = victims(first);
    expect(before.total).toBe(8);

    // a write that changes the figures (an identification of 2023 moved to 2019) and a case written by the API
    await srv.db.query("UPDATE identifications SET date = '2019-06-01' WHERE identification_id = 'i01'");
    const cw = await srv.login(await srv.createUser({ role: 'caseworker', agencyId: 'fgj-cdmx' }));
    expect(
      (await cw.request('POST', '/api/cases', { person: { givenNames: 'Itzel', surname1: 'Ramírez' } }))
        .status,
    ).toBe(201);
    const expected = await fastAnnualReport(srv.db, 2023);
    expect(expected.victims.identification_records).toBe(before.identification_records - 1);

    // at once: the figures of before, saying which data version and time they are of, and that newer are coming
    const stale = await dashboard();
    expect(stale.status).toBe(200);
    const f1 = stale.json.freshness as Freshness;
    expect(f1).toMatchObject({ stale: true, updating: true, dataVersion: f0.dataVersion });
    expect(f1.computedAt).toBe(f0.computedAt);
    expect(BigInt(f1.currentDataVersion)).toBeGreaterThan(BigInt(f1.dataVersion));
    expect(victims(stale)).toEqual(before);
    expect(stale.json.previous).toEqual(first.json.previous);
    // asked again: the stored figures of before while it computes (or the new ones once stored), never a mix
    const again = await dashboard();
    if ((again.json.freshness as Freshness).stale) expect(victims(again)).toEqual(before);
    else expect(victims(again).identification_records).toBe(expected.victims.identification_records);

    // the background computation ends: the new figures, current
    await dashboardRefreshSettled(srv.db);
    const fresh = await dashboard();
    const f2 = fresh.json.freshness as Freshness;
    expect(f2).toMatchObject({ stale: false, updating: false, dataVersion: f1.currentDataVersion });
    expect(f2.dataVersion).toBe(f2.currentDataVersion);
    expect(victims(fresh).identification_records).toBe(expected.victims.identification_records);
    expect(victims(fresh).total).toBe(expected.victims.total);
    expect(Date.parse(f2.computedAt)).toBeGreaterThanOrEqual(Date.parse(f0.computedAt));

    // the read is audited as before
    const audited = await srv.db.query(
      "SELECT 1 FROM audit_log WHERE resource = 'report' AND action = 'read' AND resource_id = '2023'",
    );
    expect(audited.rows.length).toBeGreaterThanOrEqual(4);
  });

  it('never a mix of two data versions: with some parts already current (a computation storing them), it waits for the rest', async () => {
    await dashboard();
    await dashboardRefreshSettled(srv.db);
    const settled = await dashboard();
    expect((settled.json.freshness as Freshness).stale).toBe(false);
    // a write that changes the year's victims, then the year's own figures stored for the new data version while the
    // year's other parts (the previous years, the states, the review counts) still are of the old one, as in the
    // middle of a background computation (found by CI: a stale answer with the new year's victims)
    await srv.db.query("UPDATE identifications SET date = '2019-06-02' WHERE identification_id = 'i02'");
    const year = await storedAnnualReport(srv.db, 2023);
    expect(year.victims.identification_records).toBe(victims(settled).identification_records - 1);
    const mid = await dashboard();
    const f = mid.json.freshness as Freshness;
    expect(f).toMatchObject({ stale: false, updating: false });
    expect(f.dataVersion).toBe(f.currentDataVersion);
    expect(victims(mid)).toEqual(year.victims);
    // back as it was, for the tests after this one
    await srv.db.query("UPDATE identifications SET date = '2023-04-02' WHERE identification_id = 'i02'");
  });

  it('exports and documents never use the stale figures: they wait for the current data version', async () => {
    await dashboard();
    await dashboardRefreshSettled(srv.db);
    const settled = await dashboard();
    expect((settled.json.freshness as Freshness).stale).toBe(false);
    const shown = victims(settled);
    // a write that changes the victims of 2023: every identification of one person of 2023 moved out
    const { rows } = await srv.db.query<{ person_id: string }>(
      `SELECT person_id FROM identifications WHERE date BETWEEN '2023-01-01' AND '2023-12-31'
        GROUP BY person_id ORDER BY count(*), person_id LIMIT 1`,
    );
    await srv.db.query(
      "UPDATE identifications SET date = '2018-03-01' WHERE person_id = $1 AND date BETWEEN '2023-01-01' AND '2023-12-31'",
      [rows[0]!.person_id],
    );
    const expected = await fastAnnualReport(srv.db, 2023);
    expect(expected.victims.identification_records).toBeLessThan(shown.identification_records);

    // the dashboard is stale now …
    const stale = await dashboard();
    expect((stale.json.freshness as Freshness).stale).toBe(true);
    expect(victims(stale)).toEqual(shown);
    // … but the report file is of the current data (HTML; the PDF is printed from the same figures)
    const html = await analyst.request('GET', '/api/report/document?year=2023&format=html&lang=en-US');
    expect(html.status).toBe(200);
    const text = String(html.json);
    expect(text).toContain(
      `${expected.victims.identification_records} identification records belong to ${expected.victims.total} people`,
    );
    expect(text).not.toContain(`${shown.identification_records} identification records belong to`);
    // `enlace report --format json` reads the stored figures of the current data version or computes them
    const cli = await storedAnnualReport(srv.db, 2023);
    expect(cli.victims).toEqual(expected.victims);
    // a reader that must not show stale figures (an export) waits for the current ones
    const waited = await dashboardFigures(srv.db, { year: 2023 }, { allowStale: false });
    expect(waited.freshness.stale).toBe(false);
    expect(waited.report.victims).toEqual(expected.victims);
    await dashboardRefreshSettled(srv.db);
    const now = await dashboard();
    expect((now.json.freshness as Freshness).stale).toBe(false);
    expect(victims(now)).toEqual(expected.victims);
  });

  it('one background computation at a time, shared by the requests that arrive meanwhile', async () => {
    await dashboardRefreshSettled(srv.db);
    await srv.db.query("UPDATE identifications SET date = date WHERE identification_id = 'i02'");
    expect(refreshDashboardInBackground(srv.db, 2023)).toBe(true);
    // the same year again, another year, and a request of the dashboard: none starts a second computation
    expect(refreshDashboardInBackground(srv.db, 2023)).toBe(false);
    expect(refreshDashboardInBackground(srv.db, 2022)).toBe(false);
    const meanwhile = await dashboard();
    expect(meanwhile.status).toBe(200);
    await dashboardRefreshSettled(srv.db);
    const after = await dashboard();
    expect((after.json.freshness as Freshness).stale).toBe(false);
  });

  it("a filtered dashboard's first visit (nothing stored for it) waits for the current figures", async () => {
    await srv.db.query("UPDATE identifications SET date = date WHERE identification_id = 'i02'");
    const r = await analyst.request('GET', '/api/report?year=2023&level=federal');
    expect(r.status).toBe(200);
    expect((r.json.freshness as Freshness).stale).toBe(false);
    expect(r.json.freshness.dataVersion).toBe(r.json.freshness.currentDataVersion);
  });
});
