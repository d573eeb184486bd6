import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestServer, type TestServer } from '../../../test/server.ts';

/**
 * The audit log through the HTTP API, on both databases: an agency's auditor reads that agency's entries only,
 * the national auditor every agency's; filters and paging; reading the log is itself audited; the chain
 * verifies; nobody else reads it. (The chain itself, group commit and tampering: src/audit/audit.test.ts.)
 */
describe.each(['pglite', 'postgres'] as const)('audit API on %s', (database) => {
  let srv: TestServer;
  let auditorA: Client;
  let auditorB: Client;
  let national: Client;
  let caseworkerA: Client;
  let caseworkerB: Client;
  let caseA: string;
  let caseB: string;

  beforeAll(async () => {
    srv = await startTestServer({ database });
    await srv.ensureAgency('fge-pue', 'state', '21', 'prosecutor');
    await srv.ensureAgency('fge-tlax', 'state', '29', 'prosecutor');
    const login = async (role: Parameters<TestServer['createUser']>[0]['role'], agencyId: string) =>
      srv.login(await srv.createUser({ role, agencyId }));
    auditorA = await login('auditor', 'fge-pue');
    auditorB = await login('auditor', 'fge-tlax');
    national = await login('national_auditor', 'sesnsp');
    caseworkerA = await login('caseworker', 'fge-pue');
    caseworkerB = await login('caseworker', 'fge-tlax');
    const open = async (c: Client, givenNames: string) =>
      (
        await c.request('POST', '/api/cases', {
          person: { givenNames, surname1: 'Hernández', sex: 'female', languages: ['spa'] },
          needs: ['psychological'],
        })
      ).json.id as string;
    caseA = await open(caseworkerA, 'Guadalupe');
    caseB = await open(caseworkerB, 'Xóchitl');
  }, 300_000);
  afterAll(async () => srv?.close());

  type Entry = { agencyId: string | null; resource: string; resourceId: string | null; action: string };

  it("an agency's auditor reads its own agency's entries only; the national auditor reads every agency's", async () => {
    const a = await auditorA.request('GET', '/api/audit?limit=500');
    expect(a.status).toBe(200);
    const aEntries = a.json.items as Entry[];
    expect(aEntries.length).toBeGreaterThan(0);
    expect(aEntries.every((e) => e.agencyId === 'fge-pue')).toBe(true);
    expect(aEntries).toContainEqual(
      expect.objectContaining({ resource: 'cases', resourceId: caseA, action: 'create' }),
    );
    expect(aEntries.map((e) => e.resourceId)).not.toContain(caseB);

    const all = (await national.request('GET', '/api/audit?limit=500&resource=cases')).json.items as Entry[];
    expect(all.map((e) => e.resourceId)).toEqual(expect.arrayContaining([caseA, caseB]));
    expect(all.every((e) => e.resource === 'cases')).toBe(true);

    const b = (await auditorB.request('GET', '/api/audit?limit=500')).json.items as Entry[];
    expect(b.map((e) => e.resourceId)).not.toContain(caseA);
  });

  it('filters and pages newest first; every entry carries its hash; reading the log is audited', async () => {
    const creates = await national.request('GET', '/api/audit?resource=cases&action=create');
    expect(creates.json.total).toBe(2);
    expect(creates.json.items.map((e: Entry) => e.resourceId)).toEqual([caseB, caseA]);
    for (const e of creates.json.items) {
      expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(e.prevHash).toMatch(/^[0-9a-f]{64}$/);
    }
    const page = await national.request('GET', '/api/audit?limit=1&offset=1&resource=cases&action=create');
    expect(page.json).toMatchObject({ total: 2, items: [expect.objectContaining({ resourceId: caseA })] });
    const ids = (await national.request('GET', '/api/audit?limit=500')).json.items.map(
      (e: { id: number }) => e.id,
    );
    expect(ids).toEqual([...ids].sort((x: number, y: number) => y - x));

    const me = await srv.db.query<{ user_id: string }>(
      "SELECT user_id FROM audit_log WHERE resource = 'audit' AND action = 'list' AND agency_id = 'fge-tlax'",
    );
    expect(me.rows.length).toBeGreaterThan(0);
    expect((await auditorA.request('GET', '/api/audit?limit=501')).status).toBe(400);
    expect((await auditorA.request('GET', '/api/audit?userId=not-a-uuid')).status).toBe(400);
  });

  it('the chain verifies from end to end; caseworkers neither read nor verify the log', async () => {
    const v = await auditorA.request('POST', '/api/audit/verify');
    expect(v.status).toBe(200);
    expect(v.json).toMatchObject({ ok: true, firstBadId: null, reason: null });
    expect(v.json.checked).toBeGreaterThan(0);
    expect(v.json.headHash).toMatch(/^[0-9a-f]{64}$/);
    expect((await caseworkerA.request('GET', '/api/audit')).status).toBe(403);
    expect((await caseworkerA.request('POST', '/api/audit/verify')).status).toBe(403);
  });
});
