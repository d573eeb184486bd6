import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestServer, type TestServer } from '../../../test/server.ts';

/**
 * Transfer of a case to another agency (issue 11), through the HTTP API on both databases: consent for transfer,
 * the sending supervisor's approval (not the requester's own), the receiving supervisor's acceptance or decline
 * with a reason, the case changing hands (the sender loses it, keeps the transfer record), every step in the
 * history and the audit log; and an attacking agency that can neither see, approve, accept nor transfer.
 */
describe.each(['pglite', 'postgres'] as const)('case transfers on %s', (database) => {
  let srv: TestServer;
  let cwA: Client;
  let supA: Client;
  let cwB: Client;
  let supB: Client;
  let supC: Client; // the attacker's supervisor
  let cwC: Client;
  let cwBUser: string;
  let caseId: string;
  let transferId: string;

  const openCase = async (given: string, consent = true) => {
    const c = await cwA.request('POST', '/api/cases', {
      person: { givenNames: given, surname1: 'Pérez', sex: 'female', approximateAge: 16, languages: ['tzo'] },
      needs: ['shelter', 'legal'],
    });
    expect(c.status).toBe(201);
    if (consent) {
      const g = await cwA.request('POST', `/api/cases/${c.json.id}/consents`, {
        purpose: 'transfer',
        action: 'granted',
        method: 'written',
      });
      expect(g.status).toBe(201);
    }
    return c.json.id as string;
  };

  beforeAll(async () => {
    srv = await startTestServer({ database });
    await srv.ensureAgency('tr-a', 'state', '09', 'prosecutor');
    await srv.ensureAgency('tr-b', 'state', '07', 'child_protection');
    await srv.ensureAgency('tr-c', 'state', '15', 'prosecutor');
    await srv.ensureAgency('tr-empty', 'state', '20', 'prosecutor'); // nobody could accept there
    const login = async (role: 'caseworker' | 'supervisor', agencyId: string) =>
      srv.login(await srv.createUser({ role, agencyId }));
    cwA = await login('caseworker', 'tr-a');
    supA = await login('supervisor', 'tr-a');
    const bUser = await srv.createUser({ role: 'caseworker', agencyId: 'tr-b' });
    cwBUser = bUser.id;
    cwB = await srv.login(bUser);
    supB = await login('supervisor', 'tr-b');
    supC = await login('supervisor', 'tr-c');
    cwC = await login('caseworker', 'tr-c');
  }, 300_000);
  afterAll(async () => srv?.close());

  it('lists the agencies that can receive a case (not the own, not one without a supervisor)', async () => {
    const r = await cwA.request('GET', '/api/transfer-destinations');
    expect(r.status).toBe(200);
    const ids = r.json.items.map((a: { id: string }) => a.id);
    expect(ids).toContain('tr-b');
    expect(ids).not.toContain('tr-a');
    expect(ids).not.toContain('tr-empty');
    expect(r.json.items.find((a: { id: string }) => a.id === 'tr-b')).toMatchObject({ name: 'Agency tr-b' });
  });

  it('needs the person’s consent for transfer and a destination that can receive it', async () => {
    caseId = await openCase('Xóchitl', false);
    const body = { toAgencyId: 'tr-b', reason: 'La persona vive ahora en Chiapas con su familia.' };
    const noConsent = await cwA.request('POST', `/api/cases/${caseId}/transfers`, body);
    expect(noConsent.status).toBe(409);
    expect(noConsent.json.error.code).toBe('consent_required');
    await cwA.request('POST', `/api/cases/${caseId}/consents`, {
      purpose: 'transfer',
      action: 'granted',
      method: 'verbal',
    });
    for (const to of ['tr-a', 'tr-empty', 'no-such-agency']) {
      const r = await cwA.request('POST', `/api/cases/${caseId}/transfers`, { ...body, toAgencyId: to });
      expect(r.status, to).toBe(400);
      expect(r.json.error.code).toBe('invalid_destination');
    }
    const short = await cwA.request('POST', `/api/cases/${caseId}/transfers`, { ...body, reason: 'corto' });
    expect(short.status).toBe(400);
    const r = await cwA.request('POST', `/api/cases/${caseId}/transfers`, body);
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({
      status: 'requested',
      toAgencyId: 'tr-b',
      fromAgencyId: 'tr-a',
      person: { displayName: 'Xóchitl Pérez', sex: 'female', age: 16, languages: ['tzo'] },
      caseIsOurs: true,
    });
    transferId = r.json.id;
    const again = await cwA.request('POST', `/api/cases/${caseId}/transfers`, body);
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('transfer_already_open');
  });

  it('the receiving agency sees nothing before the sending supervisor approves', async () => {
    const inbox = await supB.request('GET', '/api/case-transfers?box=incoming');
    expect(inbox.status).toBe(200);
    expect(inbox.json.items).toEqual([]);
    expect((await supB.request('POST', `/api/case-transfers/${transferId}/accept`)).status).toBe(404);
    const counts = await supA.request('GET', '/api/case-transfers/counts');
    expect(counts.json).toMatchObject({ toApprove: 1, openOutgoing: 1, incoming: 0 });
  });

  it('another agency cannot see, approve, reject, cancel, accept or decline the transfer, nor transfer the case', async () => {
    const reason = { reason: 'Intento de otra institución, debe fallar.' };
    for (const [step, body] of [
      ['approve', undefined],
      ['reject', reason],
      ['cancel', undefined],
      ['accept', undefined],
      ['decline', reason],
    ] as const) {
      const r = await supC.request('POST', `/api/case-transfers/${transferId}/${step}`, body);
      expect(r.status, step).toBe(404);
    }
    expect((await cwC.request('POST', `/api/case-transfers/${transferId}/cancel`)).status).toBe(404);
    expect(
      (
        await cwC.request('POST', `/api/cases/${caseId}/transfers`, {
          toAgencyId: 'tr-c',
          reason: 'Queremos este caso para nosotros.',
        })
      ).status,
    ).toBe(404);
    expect((await cwC.request('GET', `/api/cases/${caseId}/transfers`)).status).toBe(404);
    for (const box of ['incoming', 'outgoing'])
      expect((await supC.request('GET', `/api/case-transfers?box=${box}`)).json.items).toEqual([]);
    // The receiving side cannot approve for the sender, and a caseworker cannot approve at all.
    expect((await supB.request('POST', `/api/case-transfers/${transferId}/approve`)).status).toBe(404);
    expect((await cwA.request('POST', `/api/case-transfers/${transferId}/approve`)).status).toBe(403);
  });

  it('a supervisor does not approve a transfer they asked for (four eyes)', async () => {
    const other = await openCase('Guadalupe');
    const r = await supA.request('POST', `/api/cases/${other}/transfers`, {
      toAgencyId: 'tr-b',
      reason: 'Pedido por la supervisora misma.',
    });
    expect(r.status).toBe(201);
    const own = await supA.request('POST', `/api/case-transfers/${r.json.id}/approve`);
    expect(own.status).toBe(403);
    expect(own.json.error.code).toBe('four_eyes');
    // … and the sender may withdraw it.
    const cancel = await cwA.request('POST', `/api/case-transfers/${r.json.id}/cancel`);
    expect(cancel.json.status).toBe('cancelled');
  });

  it('approved by the sender, accepted by the receiver: the case changes hands', async () => {
    // With consent for statistics the case is mirrored in the exchange model (annual report): under the sender now.
    await cwA.request('POST', `/api/cases/${caseId}/consents`, { purpose: 'statistics', action: 'granted' });
    const mirror = () =>
      srv.db.query<{ agency_id: string }>('SELECT agency_id FROM persons WHERE person_id = $1', [
        `cw-${caseId}`,
      ]);
    expect((await mirror()).rows).toEqual([{ agency_id: 'tr-a' }]);
    const ok = await supA.request('POST', `/api/case-transfers/${transferId}/approve`);
    expect(ok.status).toBe(200);
    expect(ok.json.status).toBe('approved');
    expect(ok.json.approvedByName).toBeTruthy();
    const inbox = await supB.request('GET', '/api/case-transfers?box=incoming');
    expect(inbox.json.items).toHaveLength(1);
    expect(inbox.json.items[0]).toMatchObject({
      id: transferId,
      status: 'approved',
      fromAgencyName: expect.any(String),
      reason: 'La persona vive ahora en Chiapas con su familia.',
      person: { displayName: 'Xóchitl Pérez', needs: ['shelter', 'legal'] },
      caseIsOurs: false,
    });
    expect(inbox.json.counts.incoming).toBe(1);
    expect((await cwB.request('GET', '/api/case-transfers?box=incoming')).status).toBe(403);
    // The sending supervisor cannot accept for the receiver.
    expect((await supA.request('POST', `/api/case-transfers/${transferId}/accept`)).status).toBe(404);

    const acc = await supB.request('POST', `/api/case-transfers/${transferId}/accept`);
    expect(acc.status).toBe(200);
    expect(acc.json).toMatchObject({ status: 'accepted', caseIsOurs: true });
    expect((await supB.request('POST', `/api/case-transfers/${transferId}/accept`)).status).toBe(409);

    // The mirror moved with it (the annual report counts the person under the receiving agency).
    expect((await mirror()).rows).toEqual([{ agency_id: 'tr-b' }]);
    // The sender lost the case, keeps the record.
    expect((await cwA.request('GET', `/api/cases/${caseId}`)).status).toBe(404);
    expect((await supA.request('GET', `/api/cases/${caseId}`)).status).toBe(404);
    expect((await cwA.request('PATCH', `/api/cases/${caseId}`, { notes: 'x' })).status).toBe(404);
    const out = await supA.request('GET', '/api/case-transfers?box=outgoing');
    const rec = out.json.items.find((t: { id: string }) => t.id === transferId);
    expect(rec).toMatchObject({ status: 'accepted', caseIsOurs: false, answeredByName: expect.any(String) });

    // The receiver holds it, with its history and consents, unassigned; its supervisor assigns it.
    const c = await supB.request('GET', `/api/cases/${caseId}`);
    expect(c.status).toBe(200);
    expect(c.json.agencyId).toBe('tr-b');
    expect((await supB.request('GET', `/api/cases/${caseId}/assignee`)).json.assignedTo).toBeNull();
    const assign = await supB.request('PUT', `/api/cases/${caseId}/assignee`, { userId: cwBUser });
    expect(assign.status).toBe(200);
    expect((await cwB.request('GET', `/api/cases/${caseId}`)).status).toBe(200);
    const history = await supB.request('GET', `/api/cases/${caseId}/history`);
    const actions = history.json.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['created', 'transfer_requested', 'transfer_approved', 'transfer_accepted']),
    );
    const consents = await supB.request('GET', `/api/cases/${caseId}/consents`);
    expect(consents.status).toBe(200);
    const transfers = await supB.request('GET', `/api/cases/${caseId}/transfers`);
    expect(transfers.json.items.map((t: { status: string }) => t.status)).toEqual(['accepted']);

    const { rows } = await srv.db.query<{ action: string; resource: string }>(
      `SELECT action, resource FROM audit_log WHERE (resource = 'case_transfers' AND resource_id = $1 AND action <> 'list')
         OR (resource = 'cases' AND resource_id = $2 AND 'agency_id' = ANY(fields)) ORDER BY id`,
      [transferId, caseId],
    );
    expect(rows.map((r) => `${r.resource}:${r.action}`)).toEqual([
      'case_transfers:create',
      'case_transfers:update',
      'case_transfers:update',
      'cases:update',
    ]);
  });

  it('declined by the receiver with a reason: the case stays with the sender', async () => {
    const id = await openCase('Itzel');
    const t = await cwA.request('POST', `/api/cases/${id}/transfers`, {
      toAgencyId: 'tr-b',
      reason: 'Necesita protección de niñas, niños y adolescentes.',
    });
    await supA.request('POST', `/api/case-transfers/${t.json.id}/approve`);
    const noReason = await supB.request('POST', `/api/case-transfers/${t.json.id}/decline`, {});
    expect(noReason.status).toBe(400);
    const d = await supB.request('POST', `/api/case-transfers/${t.json.id}/decline`, {
      reason: 'No tenemos competencia en este municipio.',
    });
    expect(d.json).toMatchObject({
      status: 'declined',
      answerReason: 'No tenemos competencia en este municipio.',
    });
    expect((await cwA.request('GET', `/api/cases/${id}`)).json.agencyId).toBe('tr-a');
    expect((await supB.request('GET', `/api/cases/${id}`)).status).toBe(404);
    const hist = await cwA.request('GET', `/api/cases/${id}/history`);
    expect(hist.json.items.map((e: { action: string }) => e.action)).toContain('transfer_declined');
  });

  it('rejected by the sending supervisor; a consent withdrawn before acceptance stops the transfer', async () => {
    const id = await openCase('Marisol');
    const t = await cwA.request('POST', `/api/cases/${id}/transfers`, {
      toAgencyId: 'tr-b',
      reason: 'Se mudó con su tía a Tuxtla Gutiérrez.',
    });
    const rej = await supA.request('POST', `/api/case-transfers/${t.json.id}/reject`, {
      reason: 'Falta la declaración ministerial; esperar.',
    });
    expect(rej.json.status).toBe('rejected');
    const t2 = await cwA.request('POST', `/api/cases/${id}/transfers`, {
      toAgencyId: 'tr-b',
      reason: 'Ya rindió su declaración ministerial.',
    });
    expect(t2.status).toBe(201);
    await supA.request('POST', `/api/case-transfers/${t2.json.id}/approve`);
    await cwA.request('POST', `/api/cases/${id}/consents`, { purpose: 'transfer', action: 'withdrawn' });
    const acc = await supB.request('POST', `/api/case-transfers/${t2.json.id}/accept`);
    expect(acc.status).toBe(409);
    expect(acc.json.error.code).toBe('consent_required');
    expect((await cwA.request('GET', `/api/cases/${id}`)).json.agencyId).toBe('tr-a');
  });
});
