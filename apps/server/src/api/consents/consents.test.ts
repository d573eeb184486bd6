import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestServer, type TestServer } from '../../../test/server.ts';

/**
 * Consent through the HTTP API, on both databases: grants and withdrawals per purpose (one or several at once),
 * how each was given, the state per purpose, details encrypted and their reading audited, the emergency override
 * kept for supervisors (with a justification, flagged), a closed case takes no new grant, another agency kept out.
 * (What consent allows — referrals, packets, transfers, the statistics mirror: the tests of those resources.)
 */
describe.each(['pglite', 'postgres'] as const)('consents on %s', (database) => {
  let srv: TestServer;
  let cw: Client; // caseworker, DIF Oaxaca
  let sup: Client; // supervisor, DIF Oaxaca
  let other: Client; // caseworker of another agency
  let caseId: string;
  let cwName: string;

  const state = async (purpose: string) =>
    (
      (await cw.request('GET', `/api/cases/${caseId}/consents`)).json.status as {
        purpose: string;
        state: string;
      }[]
    ).find((s) => s.purpose === purpose)?.state;

  beforeAll(async () => {
    srv = await startTestServer({ database });
    await srv.ensureAgency('dif-oax', 'state', '20', 'child_protection');
    await srv.ensureAgency('fge-gro', 'state', '12', 'prosecutor');
    cw = await srv.login(await srv.createUser({ role: 'caseworker', agencyId: 'dif-oax' }));
    sup = await srv.login(await srv.createUser({ role: 'supervisor', agencyId: 'dif-oax' }));
    other = await srv.login(await srv.createUser({ role: 'caseworker', agencyId: 'fge-gro' }));
    cwName = (await cw.request('GET', '/api/auth/session')).json.user.displayName;
    const c = await cw.request('POST', '/api/cases', {
      person: {
        givenNames: 'Itzel',
        surname1: 'Ramírez',
        sex: 'female',
        birthDate: '2009-05-14',
        languages: ['zap', 'spa'],
      },
      needs: ['shelter'],
      municipality: '20067',
    });
    if (c.status !== 201) throw new Error(`case not opened: ${JSON.stringify(c.json)}`);
    caseId = c.json.id;
  }, 300_000);
  afterAll(async () => srv?.close());

  it('every purpose starts never asked; a grant and a withdrawal change its state, each kept as an event', async () => {
    const first = await cw.request('GET', `/api/cases/${caseId}/consents`);
    expect(first.status).toBe(200);
    expect(first.json.events).toEqual([]);
    expect(first.json.status.map((s: { purpose: string; state: string }) => [s.purpose, s.state])).toEqual([
      ['referral', 'never_asked'],
      ['cross_border', 'never_asked'],
      ['contact', 'never_asked'],
      ['statistics', 'never_asked'],
      ['transfer', 'never_asked'],
    ]);
    const g = await cw.request('POST', `/api/cases/${caseId}/consents`, {
      purpose: 'referral',
      action: 'granted',
      method: 'written',
    });
    expect(g.status).toBe(201);
    expect(g.json).toMatchObject({ purpose: 'referral', action: 'granted', method: 'written' });
    expect(g.json.events).toHaveLength(1);
    expect(await state('referral')).toBe('granted');
    expect(
      (
        await cw.request('POST', `/api/cases/${caseId}/consents`, {
          purpose: 'referral',
          action: 'withdrawn',
        })
      ).status,
    ).toBe(201);
    expect(await state('referral')).toBe('withdrawn');
    const list = await cw.request('GET', `/api/cases/${caseId}/consents`);
    expect(
      list.json.events.map((e: { action: string; method: string | null }) => [e.action, e.method]),
    ).toEqual([
      ['granted', 'written'],
      ['withdrawn', null],
    ]);
    expect(list.json.events[0]).toMatchObject({ recordedByName: cwName, guardianName: null, note: null });
    const history = await cw.request('GET', `/api/cases/${caseId}/history`);
    expect(history.json.items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['consent_granted', 'consent_withdrawn']),
    );
  });

  it("several purposes at once, by a guardian: one event each; the guardian's name is encrypted and its reading audited", async () => {
    const r = await cw.request('POST', `/api/cases/${caseId}/consents`, {
      purposes: ['contact', 'statistics'],
      action: 'granted',
      method: 'guardian',
      guardianName: 'Rosa Ramírez Cruz (madre)',
      note: 'Firmó el formato en la oficina.',
    });
    expect(r.status).toBe(201);
    expect(r.json.events.map((e: { purpose: string }) => e.purpose)).toEqual(['contact', 'statistics']);
    const stored = await srv.db.query<{ detail_enc: string | null }>(
      "SELECT detail_enc FROM cw_consents WHERE case_id = $1 AND purpose = 'contact'",
      [caseId],
    );
    expect(stored.rows[0]!.detail_enc).toBeTruthy();
    expect(stored.rows[0]!.detail_enc).not.toContain('Rosa');
    const list = await cw.request('GET', `/api/cases/${caseId}/consents`);
    expect(list.json.events.find((e: { purpose: string }) => e.purpose === 'contact')).toMatchObject({
      method: 'guardian',
      guardianName: 'Rosa Ramírez Cruz (madre)',
      note: 'Firmó el formato en la oficina.',
    });
    const reads = await srv.db.query(
      "SELECT 1 FROM audit_log WHERE resource = 'consents' AND resource_id = $1 AND action = 'read'",
      [caseId],
    );
    expect(reads.rows.length).toBeGreaterThan(0);
    // A guardian's consent names the guardian; purpose and purposes are one or the other.
    for (const bad of [
      { purpose: 'contact', action: 'granted', method: 'guardian' },
      { purpose: 'contact', purposes: ['statistics'], action: 'granted' },
      { action: 'granted' },
      { purpose: 'marketing', action: 'granted' },
    ]) {
      const res = await cw.request('POST', `/api/cases/${caseId}/consents`, bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.json.error.code).toBe('invalid_input');
    }
  });

  it('an emergency override is for a supervisor, with a justification; it is flagged like a break-glass read', async () => {
    const body = {
      purpose: 'transfer',
      action: 'granted',
      method: 'emergency_override',
      justification: 'La adolescente corre peligro inminente y está inconsciente en el hospital.',
    };
    const byCaseworker = await cw.request('POST', `/api/cases/${caseId}/consents`, body);
    expect(byCaseworker.status).toBe(403);
    expect(byCaseworker.json.error.code).toBe('override_not_permitted');
    expect(
      (await sup.request('POST', `/api/cases/${caseId}/consents`, { ...body, justification: 'corto' }))
        .status,
    ).toBe(400);
    const ok = await sup.request('POST', `/api/cases/${caseId}/consents`, body);
    expect(ok.status).toBe(201);
    expect(await state('transfer')).toBe('granted');
    const flagged = await srv.db.query(
      "SELECT 1 FROM audit_log WHERE resource = 'consents' AND resource_id = $1 AND justification IS NOT NULL",
      [caseId],
    );
    expect(flagged.rows.length).toBe(1);
    const history = await cw.request('GET', `/api/cases/${caseId}/history`);
    expect(history.json.items.map((e: { action: string }) => e.action)).toContain(
      'consent_emergency_override',
    );
  });

  it('another agency neither reads nor records consent for the case', async () => {
    expect((await other.request('GET', `/api/cases/${caseId}/consents`)).status).toBe(404);
    expect(
      (
        await other.request('POST', `/api/cases/${caseId}/consents`, {
          purpose: 'contact',
          action: 'withdrawn',
        })
      ).status,
    ).toBe(404);
    expect(await state('contact')).toBe('granted');
  });
});
