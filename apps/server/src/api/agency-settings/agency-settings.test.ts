import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestServer, type TestServer } from '../../../test/server.ts';

/**
 * An agency's settings (issue 11): its agency administrators set the contact other agencies see on a case transfer;
 * nobody else changes them, each agency sees only its own, every change is audited.
 */
describe.each(['pglite', 'postgres'] as const)('agency settings on %s', (database) => {
  let srv: TestServer;
  let adminA: Client;
  let adminB: Client;
  let cwA: Client;
  let supA: Client;
  let supB: Client;

  beforeAll(async () => {
    srv = await startTestServer({ database });
    const login = async (role: 'caseworker' | 'supervisor' | 'agency_admin', agencyId: string) =>
      srv.login(await srv.createUser({ role, agencyId }));
    adminA = await login('agency_admin', 'as-a');
    adminB = await login('agency_admin', 'as-b');
    cwA = await login('caseworker', 'as-a');
    supA = await login('supervisor', 'as-a');
    supB = await login('supervisor', 'as-b');
  }, 300_000);
  afterAll(async () => srv?.close());

  it('an agency admin reads and sets the contact of her own agency; others may not', async () => {
    const empty = await adminA.request('GET', '/api/agency-settings');
    expect(empty.status).toBe(200);
    expect(empty.json).toMatchObject({ agencyId: 'as-a', contactName: null, contactEmail: null });
    const bad = await adminA.request('PUT', '/api/agency-settings', {
      contactName: 'Coordinación de Atención a Víctimas',
      contactEmail: 'no es un correo',
    });
    expect(bad.status).toBe(400);
    const ok = await adminA.request('PUT', '/api/agency-settings', {
      contactName: 'Coordinación de Atención a Víctimas',
      contactEmail: 'atencion.victimas@fiscalia.example',
      contactPhone: '55 5345 5000 ext. 1200',
    });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({
      contactName: 'Coordinación de Atención a Víctimas',
      contactEmail: 'atencion.victimas@fiscalia.example',
      contactPhone: '55 5345 5000 ext. 1200',
      updatedByName: 'agency_admin',
    });
    // Empty fields clear.
    const cleared = await adminA.request('PUT', '/api/agency-settings', { ...ok.json, contactPhone: '' });
    expect(cleared.status).toBe(400); // the answer's other fields are not part of the body
    const cleared2 = await adminA.request('PUT', '/api/agency-settings', {
      contactName: 'Coordinación de Atención a Víctimas',
      contactEmail: 'atencion.victimas@fiscalia.example',
      contactPhone: '',
    });
    expect(cleared2.json.contactPhone).toBeNull();
    expect((await adminB.request('GET', '/api/agency-settings')).json).toMatchObject({
      agencyId: 'as-b',
      contactName: null,
    });
    for (const c of [cwA, supA]) {
      expect((await c.request('GET', '/api/agency-settings')).status).toBe(403);
      expect((await c.request('PUT', '/api/agency-settings', { contactName: 'x' })).status).toBe(403);
    }
    const { rows } = await srv.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE resource = 'agency_settings' AND resource_id = 'as-a'",
    );
    expect(rows[0]!.n).toBe(2);
  });

  it('the receiving supervisor reads the sending agency’s contact on a transfer', async () => {
    await srv.ensureAgency('as-a', 'state', '09', 'prosecutor');
    await srv.ensureAgency('as-b', 'state', '07', 'child_protection');
    const c = await cwA.request('POST', '/api/cases', { person: { givenNames: 'Yolotl', sex: 'female' } });
    await cwA.request('POST', `/api/cases/${c.json.id}/consents`, { purpose: 'transfer', action: 'granted' });
    const t = await cwA.request('POST', `/api/cases/${c.json.id}/transfers`, {
      toAgencyId: 'as-b',
      reason: 'Vive ahora en Chiapas con su abuela.',
    });
    expect(t.status).toBe(201);
    await supA.request('POST', `/api/case-transfers/${t.json.id}/approve`);
    const inbox = await supB.request('GET', '/api/case-transfers?box=incoming');
    expect(inbox.json.items[0]).toMatchObject({
      fromAgencyContact: {
        name: 'Coordinación de Atención a Víctimas',
        email: 'atencion.victimas@fiscalia.example',
        phone: null,
      },
      toAgencyContact: null,
      mySide: 'receiving',
    });
  });
});
