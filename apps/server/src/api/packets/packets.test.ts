import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestServer, type TestServer } from '../../../test/server.ts';

/**
 * Cross-border referral packets through the HTTP API, on both databases: a packet needs the person's
 * cross-border consent, carries only the fields a partner needs, is signed (Ed25519) and imports as a new case
 * only where the sender's key is trusted and the signature holds; withdrawing the consent stops the next one.
 */
describe.each(['pglite', 'postgres'] as const)('packets on %s', (database) => {
  let srv: TestServer;
  let cwA: Client; // caseworker, prosecutor A
  let cwB: Client; // caseworker, prosecutor B
  let supB: Client; // supervisor, prosecutor B
  let caseId: string;

  beforeAll(async () => {
    srv = await startTestServer({ database });
    await srv.ensureAgency('fgj-a', 'state', '07', 'prosecutor');
    await srv.ensureAgency('fgj-b', 'state', '09', 'prosecutor');
    const login = async (role: 'caseworker' | 'supervisor', agencyId: string) =>
      srv.login(await srv.createUser({ role, agencyId }));
    cwA = await login('caseworker', 'fgj-a');
    cwB = await login('caseworker', 'fgj-b');
    supB = await login('supervisor', 'fgj-b');
    const c = await cwA.request('POST', '/api/cases', {
      person: {
        givenNames: 'Tonatiuh',
        surname1: 'Xochitl',
        surname2: 'Cuautle',
        birthDate: '1991-04-02',
        sex: 'male',
        nationality: 'MEX',
        curp: 'XOCT910402HCSCTN07',
        languages: ['nah', 'spa'],
        phone: '+52 961 000 0000',
        address: 'Domicilio conocido, Chamula',
      },
      needs: ['shelter'],
      municipality: '07078',
    });
    if (c.status !== 201) throw new Error(`case not opened: ${JSON.stringify(c.json)}`);
    caseId = c.json.id;
  }, 300_000);
  afterAll(async () => srv?.close());

  it('cross-border packet: needs the consent, is signed, and imports as a new case only with a trusted key', async () => {
    const body = {
      caseId,
      recipient: { agencyId: 'fgj-b', name: 'Partner B', country: 'USA' },
      services: ['shelter'],
      urgent: true,
    };
    const no = await cwA.request('POST', '/api/packets', body);
    expect(no.status).toBe(409);
    await cwA.request('POST', `/api/cases/${caseId}/consents`, {
      purpose: 'cross_border',
      action: 'granted',
    });
    const pk = await cwA.request('POST', '/api/packets', body);
    expect(pk.status).toBe(201);
    expect(pk.json.signature.alg).toBe('Ed25519');
    expect(pk.json.body.person).toEqual({
      givenNames: 'Tonatiuh',
      surname1: 'Xochitl',
      surname2: 'Cuautle',
      birthDate: '1991-04-02',
      sex: 'male',
      nationality: 'MEX',
      languages: ['nah', 'spa'],
    });
    expect(JSON.stringify(pk.json)).not.toMatch(/XOCT910402|Chamula|961 000/);

    const untrusted = await cwB.request('POST', '/api/packets/import', { packet: pk.json });
    expect(untrusted.status).toBe(422);
    expect(untrusted.json.error.code).toBe('packet_unknown_key');
    const key = await cwA.request('GET', '/api/packets/key');
    expect((await supB.request('POST', '/api/packets/trusted-keys', key.json)).status).toBe(200);
    const tampered = structuredClone(pk.json);
    tampered.body.person.givenNames = 'Otro';
    expect((await cwB.request('POST', '/api/packets/import', { packet: tampered })).json.error.code).toBe(
      'packet_bad_signature',
    );
    const imp = await cwB.request('POST', '/api/packets/import', { packet: pk.json });
    expect(imp.status).toBe(201);
    const newCase = await cwB.request('GET', `/api/cases/${imp.json.caseId}`);
    expect(newCase.json.person.givenNames).toBe('Tonatiuh');
    expect(newCase.json.needs).toEqual(['shelter']);
    expect((await cwB.request('POST', '/api/packets/import', { packet: pk.json })).status).toBe(409);

    // Withdrawal of the cross-border consent refuses the next packet.
    await cwA.request('POST', `/api/cases/${caseId}/consents`, {
      purpose: 'cross_border',
      action: 'withdrawn',
    });
    expect((await cwA.request('POST', '/api/packets', body)).json.error.code).toBe('consent_required');
  });
});
