import { memorySource } from '@enlace/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestServer, type TestServer, type TestUser } from '../../../test/server.ts';
import { audit, verifyAuditChain } from '../../audit/service.ts';
import { importFolder } from '../../import/engine.ts';

/**
 * Insider-threat controls (issue 9): break-glass reads outside one's own cases, bulk-read alerts, and audit
 * entries and alerts scoped to the auditor's agency. No test waits on the clock: the bulk-read window is the
 * database's, and reads "in the past" are inserted with a backdated time.
 */
const REASON = 'Cubro la guardia de una colega: llamada urgente de la persona';
const withReason = (text: string) => ({ 'x-enlace-justification': encodeURIComponent(text) });

describe.each(['pglite', 'postgres'] as const)('insider-threat controls on %s', (database) => {
  let srv: TestServer;
  const u: Record<string, TestUser> = {};
  const c: Record<string, Client> = {};
  let caseId: string;
  let seq = 0;

  /** Imports `n` persons of the agency (as the command line: nobody's "own"); returns their ids. */
  async function importPersons(agencyId: string, n: number): Promise<string[]> {
    const batch = ++seq;
    const ids = Array.from({ length: n }, (_, i) => `${agencyId}/b${batch}-${String(i).padStart(3, '0')}`);
    const files = {
      'agencies.csv': `agency_id,name,level,kind,state_code,country\n${agencyId},Agency ${agencyId},federal,prosecutor,,MEX\n`,
      'persons.csv': `person_id,agency_id,given_names,surname_1,sex\n${ids.map((id) => `${id},${agencyId},Xóchitl,Pérez,female`).join('\n')}\n`,
    };
    const r = await importFolder(
      { db: srv.db, actor: { userId: null, agencyId: null } },
      memorySource(files),
    );
    if (!r.ok) throw new Error(JSON.stringify(r.errors.slice(0, 2)));
    return ids;
  }

  const alertsOf = async (client: Client, query = '?status=all&limit=500') =>
    (await client.request('GET', `/api/alerts${query}`)).json.items as {
      id: string;
      kind: string;
      userId: string;
      agencyId: string;
      resourceId: string | null;
      justification: string | null;
      readCount: number | null;
      occurrences: number;
      acknowledgedAt: string | null;
    }[];

  beforeAll(async () => {
    srv = await startTestServer({ database });
    await srv.ensureAgency('ag-a');
    await srv.ensureAgency('ag-b');
    const roles = {
      owner: ['caseworker', 'ag-a'],
      colleague: ['caseworker', 'ag-a'],
      hotline: ['hotline_operator', 'ag-a'],
      sup: ['supervisor', 'ag-a'],
      admin: ['agency_admin', 'ag-a'],
      auditA: ['auditor', 'ag-a'],
      auditB: ['auditor', 'ag-b'],
      adminB: ['agency_admin', 'ag-b'],
      national: ['national_auditor', 'ag-b'],
      sysadmin: ['admin', 'ag-b'],
    } as const;
    for (const [k, [role, agencyId]] of Object.entries(roles)) {
      u[k] = await srv.createUser({ role, agencyId });
      c[k] = await srv.login(u[k]!);
    }
    const r = await c.owner!.request('POST', '/api/cases', {
      person: { givenNames: 'Citlali', surname1: 'Ramírez', sex: 'female' },
      notes: 'Primera entrevista en el albergue',
    });
    expect(r.status).toBe(201);
    caseId = r.json.id;
  }, 180_000);
  afterAll(async () => srv?.close());

  describe('break-glass', () => {
    it('own case: the creator reads it with no prompt and nothing is flagged', async () => {
      const r = await c.owner!.request('GET', `/api/cases/${caseId}`);
      expect(r.status).toBe(200);
      expect(r.json.person.givenNames).toBe('Citlali');
      expect((await alertsOf(c.admin!)).filter((a) => a.userId === u.owner!.id)).toEqual([]);
    });

    it("a colleague's case without a reason: 403 justification_required and no personal data", async () => {
      const r = await c.colleague!.request('GET', `/api/cases/${caseId}`);
      expect(r.status).toBe(403);
      expect(r.json.error.code).toBe('justification_required');
      expect(JSON.stringify(r.json)).not.toMatch(/Citlali|Ramírez|albergue/);
      const h = await c.colleague!.request('GET', `/api/cases/${caseId}/history`);
      expect(h.status).toBe(403);
      expect(h.json.error.code).toBe('justification_required');
      // the case's consents, services and restitution ask for the same reason as the case itself
      for (const sub of ['consents', 'services', 'restitution']) {
        const x = await c.colleague!.request('GET', `/api/cases/${caseId}/${sub}`);
        expect(x.status, sub).toBe(403);
        expect(x.json.error.code, sub).toBe('justification_required');
      }
      const short = await c.colleague!.request(
        'GET',
        `/api/cases/${caseId}`,
        undefined,
        withReason('porque sí'),
      );
      expect(short.status).toBe(400);
      expect(short.json.error.code).toBe('justification_invalid');
      expect(JSON.stringify(short.json)).not.toMatch(/Citlali/);
      const long = await c.colleague!.request(
        'GET',
        `/api/cases/${caseId}`,
        undefined,
        withReason('x'.repeat(501)),
      );
      expect(long.status).toBe(400);
      const reads = await srv.db.query(
        "SELECT 1 FROM audit_log WHERE user_id = $1 AND action = 'read' AND resource = 'cases'",
        [u.colleague!.id],
      );
      expect(reads.rows.length).toBe(0);
      // Writes answer with the record too: no way around the prompt.
      const patch = await c.colleague!.request('PATCH', `/api/cases/${caseId}`, {});
      expect(patch.status).toBe(403);
      expect(patch.json.error.code).toBe('justification_required');
      const closure = await c.colleague!.request('POST', `/api/cases/${caseId}/closure`, { reason: 'other' });
      expect(closure.json.error.code).toBe('justification_required');
      expect(JSON.stringify([patch.json, closure.json])).not.toMatch(/Citlali|Ramírez|albergue/);
    });

    it('with a reason: answered, the reason is in the audit entry, and a break_glass alert is raised', async () => {
      const r = await c.colleague!.request('GET', `/api/cases/${caseId}`, undefined, withReason(REASON));
      expect(r.status).toBe(200);
      expect(r.json.person.givenNames).toBe('Citlali');
      const entry = await srv.db.query<{ justification: string }>(
        "SELECT justification FROM audit_log WHERE user_id = $1 AND action = 'read' AND resource = 'cases' AND resource_id = $2",
        [u.colleague!.id, caseId],
      );
      expect(entry.rows.map((e) => e.justification)).toEqual([REASON]);
      const alerts = (await alertsOf(c.admin!)).filter(
        (a) => a.kind === 'break_glass' && a.userId === u.colleague!.id,
      );
      expect(alerts).toHaveLength(1);
      expect(alerts[0]).toMatchObject({
        resourceId: caseId,
        justification: REASON,
        occurrences: 1,
        agencyId: 'ag-a',
      });
      // The alert is itself audited (raised by the system for agency A), and the chain still verifies.
      const raised = await srv.db.query(
        "SELECT 1 FROM audit_log WHERE action = 'raise' AND resource = 'alerts' AND resource_id = $1 AND agency_id = 'ag-a'",
        [alerts[0]!.id],
      );
      expect(raised.rows.length).toBe(1);
      expect((await verifyAuditChain(srv.db)).ok).toBe(true);
      // Reading it again (the history too) counts on the same open alert.
      const h = await c.colleague!.request(
        'GET',
        `/api/cases/${caseId}/history`,
        undefined,
        withReason(REASON),
      );
      expect(h.status).toBe(200);
      const again = (await alertsOf(c.admin!)).filter(
        (a) => a.kind === 'break_glass' && a.userId === u.colleague!.id,
      );
      expect(again.map((a) => a.occurrences)).toEqual([2]);
    });

    it('supervisors read the agency without a prompt (audited, unflagged); an assigned case is the assignee’s own', async () => {
      const r = await c.sup!.request('GET', `/api/cases/${caseId}`);
      expect(r.status).toBe(200);
      expect((await alertsOf(c.admin!)).filter((a) => a.userId === u.sup!.id)).toEqual([]);
      const forbidden = await c.colleague!.request('PUT', `/api/cases/${caseId}/assignee`, {
        userId: u.colleague!.id,
      });
      expect(forbidden.status).toBe(403);
      const other = await c.adminB!.request('PUT', `/api/cases/${caseId}/assignee`, { userId: u.adminB!.id });
      expect(other.status).toBe(404);
      const wrongAgency = await c.sup!.request('PUT', `/api/cases/${caseId}/assignee`, {
        userId: u.adminB!.id,
      });
      expect(wrongAgency.status).toBe(404);
      const asg = await c.sup!.request('PUT', `/api/cases/${caseId}/assignee`, { userId: u.colleague!.id });
      expect(asg.status).toBe(200);
      expect((await c.colleague!.request('GET', `/api/cases/${caseId}/assignee`)).json).toMatchObject({
        assignedTo: u.colleague!.id,
        assignedToName: 'caseworker',
      });
      const staff = (await c.sup!.request('GET', '/api/case-assignees')).json.items as { id: string }[];
      expect(staff.map((s) => s.id)).toEqual(
        expect.arrayContaining([u.owner!.id, u.colleague!.id, u.admin!.id]),
      );
      expect(staff.map((s) => s.id)).not.toContain(u.hotline!.id);
      expect(staff.map((s) => s.id)).not.toContain(u.adminB!.id);
      const hotlineAssignee = await c.sup!.request('PUT', `/api/cases/${caseId}/assignee`, {
        userId: u.hotline!.id,
      });
      expect(hotlineAssignee.json.error.code).toBe('invalid_assignee');
      const mine = await c.colleague!.request('GET', `/api/cases/${caseId}`);
      expect(mine.status).toBe(200);
      const hist = await c.owner!.request('GET', `/api/cases/${caseId}/history`);
      expect(hist.json.items.map((e: { action: string }) => e.action)).toContain('assigned');
      // Unassigned: the reason is asked again at once.
      expect((await c.sup!.request('PUT', `/api/cases/${caseId}/assignee`, { userId: null })).status).toBe(
        200,
      );
      expect((await c.colleague!.request('GET', `/api/cases/${caseId}`)).status).toBe(403);
    });

    it('persons: someone else’s record needs a reason from caseworkers and hotline operators; one’s own does not', async () => {
      const [imported] = await importPersons('ag-a', 1);
      const path = `/api/persons/${encodeURIComponent(imported!)}`;
      for (const who of ['owner', 'hotline'] as const) {
        const r = await c[who]!.request('GET', path);
        expect(r.status, who).toBe(403);
        expect(r.json.error.code).toBe('justification_required');
        expect(JSON.stringify(r.json)).not.toMatch(/Xóchitl|Pérez/);
      }
      const ok = await c.hotline!.request(
        'GET',
        path,
        undefined,
        withReason('Llamada de seguimiento al 800'),
      );
      expect(ok.status).toBe(200);
      expect(ok.json.values.given_names).toBe('Xóchitl');
      expect((await c.sup!.request('GET', path)).status).toBe(200);
      // A person the caseworker recorded is theirs.
      const put = await c.owner!.request('PUT', '/api/persons/ag-a%2Fmine-1', {
        given_names: 'Lucía',
        surname_1: 'Torres',
        sex: 'female',
      });
      expect(put.status).toBe(200);
      expect((await c.owner!.request('GET', '/api/persons/ag-a%2Fmine-1')).status).toBe(200);
      expect((await c.colleague!.request('GET', '/api/persons/ag-a%2Fmine-1')).status).toBe(403);
      const rewrite = await c.colleague!.request('PUT', '/api/persons/ag-a%2Fmine-1', {});
      expect(rewrite.status).toBe(403);
      expect(JSON.stringify(rewrite.json)).not.toMatch(/Lucía|Torres/);
      const flagged = (await alertsOf(c.auditA!)).filter(
        (a) => a.kind === 'break_glass' && a.userId === u.hotline!.id,
      );
      expect(flagged.map((a) => a.resourceId)).toEqual([imported]);
    });
  });

  describe('alerts: who sees them', () => {
    it('agency admin and auditor of the agency see its alerts; another agency’s auditor and admin do not', async () => {
      expect((await alertsOf(c.admin!)).length).toBeGreaterThan(0);
      expect((await alertsOf(c.auditA!)).length).toBeGreaterThan(0);
      expect(await alertsOf(c.auditB!)).toEqual([]);
      expect(await alertsOf(c.adminB!)).toEqual([]);
      const national = await alertsOf(c.national!);
      expect(national.some((a) => a.agencyId === 'ag-a')).toBe(true);
      for (const who of ['owner', 'sup', 'hotline'] as const) {
        expect((await c[who]!.request('GET', '/api/alerts')).status, who).toBe(403);
      }
    });

    it('acknowledging: the agency admin of the agency only, never one’s own alert', async () => {
      const [open] = (await alertsOf(c.admin!, '?status=open')).filter((a) => a.userId === u.colleague!.id);
      expect(open).toBeDefined();
      expect((await c.adminB!.request('POST', `/api/alerts/${open!.id}/acknowledge`)).status).toBe(404);
      expect((await c.auditB!.request('POST', `/api/alerts/${open!.id}/acknowledge`)).status).toBe(404);
      const ack = await c.admin!.request('POST', `/api/alerts/${open!.id}/acknowledge`);
      expect(ack.status).toBe(200);
      expect(ack.json.acknowledgedAt).not.toBeNull();
      expect((await alertsOf(c.admin!, '?status=open')).map((a) => a.id)).not.toContain(open!.id);
      // A new break-glass read after the acknowledgement opens a new alert.
      await c.colleague!.request('GET', `/api/persons/ag-a%2Fmine-1`, undefined, withReason(REASON));
      const own = await srv.db.query<{ id: string }>(
        'SELECT id FROM alerts WHERE user_id = $1 AND acknowledged_at IS NULL',
        [u.colleague!.id],
      );
      expect(own.rows.length).toBeGreaterThan(0);
    });
  });

  describe('bulk reads', () => {
    it('a list page counts its rows: 49 distinct persons raise nothing, the 50th does (one alert, no personal data)', async () => {
      const ids = await importPersons('ag-a', 60);
      // A supervisor's agency-wide reads are unprompted but counted.
      u.sup2 = await srv.createUser({ role: 'supervisor', agencyId: 'ag-a' });
      c.sup = await srv.login(u.sup2);
      u.sup = u.sup2;
      const first = await c.sup!.request('GET', `/api/persons?limit=49&offset=0`);
      expect(first.status).toBe(200);
      const before = await srv.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM read_tally WHERE user_id = $1',
        [u.sup!.id],
      );
      expect(before.rows[0]!.n).toBe(49);
      expect((await alertsOf(c.admin!)).filter((a) => a.kind === 'bulk_read')).toEqual([]);
      // Reading one of those 49 again does not count twice.
      const listed = (first.json.items as { id: string }[]).map((i) => i.id);
      expect((await c.sup!.request('GET', `/api/persons/${encodeURIComponent(listed[0]!)}`)).status).toBe(
        200,
      );
      expect((await alertsOf(c.admin!)).filter((a) => a.kind === 'bulk_read')).toEqual([]);
      const fiftieth = ids.find((id) => !listed.includes(id))!;
      expect((await c.sup!.request('GET', `/api/persons/${encodeURIComponent(fiftieth)}`)).status).toBe(200);
      const bulk = (await alertsOf(c.admin!)).filter((a) => a.kind === 'bulk_read');
      expect(bulk).toHaveLength(1);
      expect(bulk[0]).toMatchObject({
        userId: u.sup!.id,
        readCount: 50,
        resourceId: null,
        justification: null,
      });
      expect(JSON.stringify(bulk)).not.toMatch(/Xóchitl|Pérez/);
      // More reads in the same window raise no second alert.
      await c.sup!.request('GET', `/api/persons?limit=60&offset=49`);
      expect((await alertsOf(c.admin!)).filter((a) => a.kind === 'bulk_read')).toHaveLength(1);
      // Seen by the agency's auditor and the national auditor, not by agency B's auditor.
      expect((await alertsOf(c.auditA!)).filter((a) => a.kind === 'bulk_read')).toHaveLength(1);
      expect((await alertsOf(c.national!)).filter((a) => a.kind === 'bulk_read')).toHaveLength(1);
      expect((await alertsOf(c.auditB!)).filter((a) => a.kind === 'bulk_read')).toEqual([]);
      const raised = await srv.db.query(
        "SELECT 1 FROM audit_log WHERE action = 'raise' AND resource = 'alerts' AND resource_id = $1",
        [bulk[0]!.id],
      );
      expect(raised.rows.length).toBe(1);
      expect((await verifyAuditChain(srv.db)).ok).toBe(true);
    });

    it('the window is the database clock: reads older than the window do not count (inserted, not waited for)', async () => {
      const reader = await srv.createUser({ role: 'supervisor', agencyId: 'ag-a' });
      const ctx = { db: srv.db, actor: { userId: reader.id, agencyId: 'ag-a' } };
      const backdate = async (n: number, minutes: number, prefix: string) =>
        srv.db.query(
          `INSERT INTO read_tally (user_id, resource, resource_id, at)
           SELECT $1, 'cases', $3 || g, now() - make_interval(mins => $2) FROM generate_series(1, $4) g`,
          [reader.id, minutes, prefix, n],
        );
      const bulkOf = async () =>
        (
          await srv.db.query('SELECT read_count FROM alerts WHERE user_id = $1 AND kind = $2', [
            reader.id,
            'bulk_read',
          ])
        ).rows;
      await backdate(49, 11, 'old-'); // 11 minutes ago: outside the 10-minute window
      await audit(ctx, { action: 'read', resource: 'persons', resourceId: 'p-now-1' });
      expect(await bulkOf()).toEqual([]);
      // An expired record read again counts afresh.
      await audit(ctx, { action: 'list', resource: 'cases', resourceId: 'old-1,old-2,old-2' });
      await backdate(46, 9, 'recent-'); // 9 minutes ago: inside
      expect(await bulkOf()).toEqual([]);
      await audit(ctx, { action: 'read', resource: 'cases', resourceId: 'p-now-2' }); // 1 + 2 + 46 + 1 = 50
      expect(await bulkOf()).toEqual([{ read_count: 50 }]);
    });

    it('the threshold and window are configurable by the administrator', async () => {
      expect(
        (
          await c.admin!.request('PUT', '/api/alerts/settings', {
            bulkReadThreshold: 5,
            bulkReadWindowMinutes: 1,
          })
        ).status,
      ).toBe(403);
      const r = await c.sysadmin!.request('PUT', '/api/alerts/settings', {
        bulkReadThreshold: 3,
        bulkReadWindowMinutes: 5,
      });
      expect(r.json).toEqual({ bulkReadThreshold: 3, bulkReadWindowMinutes: 5 });
      const reader = await srv.createUser({ role: 'caseworker', agencyId: 'ag-b' });
      await audit(
        { db: srv.db, actor: { userId: reader.id, agencyId: 'ag-b' } },
        { action: 'list', resource: 'persons', resourceId: 'x1,x2,x3' },
      );
      expect(
        (await alertsOf(c.auditB!)).filter((a) => a.kind === 'bulk_read').map((a) => a.readCount),
      ).toEqual([3]);
      expect((await alertsOf(c.auditA!)).filter((a) => a.userId === reader.id)).toEqual([]);
      await c.sysadmin!.request('PUT', '/api/alerts/settings', {
        bulkReadThreshold: 50,
        bulkReadWindowMinutes: 10,
      });
    });
  });

  describe('audit log scope', () => {
    it('an auditor reads only their agency’s entries; a national auditor reads every agency’s; verify walks the whole chain', async () => {
      const a = await c.auditA!.request('GET', '/api/audit?limit=500');
      expect(a.status).toBe(200);
      expect(a.json.items.length).toBeGreaterThan(0);
      expect(new Set(a.json.items.map((e: { agencyId: string }) => e.agencyId))).toEqual(new Set(['ag-a']));
      const b = await c.auditB!.request('GET', '/api/audit?limit=500');
      expect(b.json.items.every((e: { agencyId: string }) => e.agencyId === 'ag-b')).toBe(true);
      const n = await c.national!.request('GET', '/api/audit?limit=500');
      const agencies = new Set(n.json.items.map((e: { agencyId: string }) => e.agencyId));
      expect(agencies.has('ag-a') && agencies.has('ag-b')).toBe(true);
      const all = await srv.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log');
      const v = await c.auditA!.request('POST', '/api/audit/verify');
      expect(v.json.ok).toBe(true);
      expect(v.json.checked).toBeGreaterThanOrEqual(all.rows[0]!.n);
    });
  });
});
