import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestServer, type TestServer } from '../../../test/server.ts';
import type { Db } from '../../db/index.ts';

/**
 * DATABASE_READ_URL: the dashboard, report and publication queries go to the read pool (a standby); case work
 * and the audit trail never do. The read pool here is the same database behind a counter of its queries.
 */
describe('read pool (DATABASE_READ_URL)', () => {
  let srv: TestServer;
  let analyst: Client;
  let cw: Client;
  const readSql: string[] = [];
  beforeAll(async () => {
    srv = await startTestServer({
      readDb: (db: Db): Db => ({
        ...db,
        kind: db.kind,
        async query(sql, params, opts) {
          readSql.push(sql);
          return db.query(sql, params, opts);
        },
        transaction: (fn) => db.transaction(fn),
        exec: (sql) => db.exec(sql),
        close: async () => undefined,
      }),
    });
    analyst = await srv.login(await srv.createUser({ role: 'analyst', agencyId: 'fgj-read' }));
    cw = await srv.login(await srv.createUser({ role: 'caseworker', agencyId: 'fgj-read' }));
  });
  afterAll(() => srv.close());

  it('sends the dashboard and report queries to the read pool, their audit to the primary', async () => {
    readSql.length = 0;
    const years = await analyst.request('GET', '/api/report/years');
    expect(years.status).toBe(200);
    const r = await analyst.request('GET', `/api/report?year=${years.json.latest ?? 2025}`);
    expect(r.status).toBe(200);
    expect(readSql.length).toBeGreaterThan(0);
    expect(readSql.some((s) => /audit/i.test(s))).toBe(false);
    const audited = await srv.db.query(
      "SELECT 1 FROM audit_log WHERE resource = 'report' AND action = 'read' ORDER BY id DESC LIMIT 1",
    );
    expect(audited.rows.length).toBe(1);
  });

  it('case work reads its own writes from the primary, never from the read pool', async () => {
    readSql.length = 0;
    const c = await cw.request('POST', '/api/cases', { person: { givenNames: 'Xóchitl', surname1: 'Vega' } });
    expect(c.status).toBe(201);
    const got = await cw.request('GET', `/api/cases/${c.json.id}`);
    expect(got.status).toBe(200);
    expect((await cw.request('GET', '/api/cases')).status).toBe(200);
    expect(readSql).toEqual([]);
  });
});
