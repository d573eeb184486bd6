import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestServer, type TestServer } from '../../../test/server.ts';

/**
 * The referral workflow through the HTTP API, on both databases: one open referral of a case per provider
 * (also under two requests at once), both sides named, a referral open again after the last one ended.
 * (The whole journey with consent, the provider's field limits, services and withdrawal: cases/casework.test.ts.)
 */
describe.each(['pglite', 'postgres'] as const)('referral workflow on %s', (database) => {
  let srv: TestServer;
  let cwA: Client; // caseworker, prosecutor A
  let provP: Client; // shelter P
  let providerP: string;
  let providerQ: string;

  beforeAll(async () => {
    srv = await startTestServer({ database });
    await srv.ensureAgency('fgj-a', 'state', '07', 'prosecutor');
    await srv.ensureAgency('shelter-p', 'ngo', null, 'service_provider');
    await srv.ensureAgency('shelter-q', 'ngo', null, 'service_provider');
    cwA = await srv.login(await srv.createUser({ role: 'caseworker', agencyId: 'fgj-a' }));
    provP = await srv.login(await srv.createUser({ role: 'service_provider', agencyId: 'shelter-p' }));
    const provQ = await srv.login(await srv.createUser({ role: 'service_provider', agencyId: 'shelter-q' }));
    const base = {
      services: ['shelter', 'psychological'],
      languages: ['spa', 'nah'],
      coverage: { states: ['07'] },
      municipality: '07101',
      capacity: { total: 10, free: 2 },
      referralContact: 'canalizacion@example.test',
    };
    providerP = (await provP.request('PUT', '/api/providers/mine', { ...base, name: 'Refugio P' })).json.id;
    providerQ = (
      await provQ.request('PUT', '/api/providers/mine', {
        ...base,
        name: 'Casa Q',
        eligibility: { sexes: ['female'] },
      })
    ).json.id;
    if (!providerP || !providerQ) throw new Error('providers not registered');
  }, 300_000);
  afterAll(async () => srv?.close());

  it('a second open referral of a case to the same provider is refused (409), even from two requests at once; names on both sides', async () => {
    const c = await cwA.request('POST', '/api/cases', {
      person: { givenNames: 'Citlali', sex: 'female', languages: ['nah'] },
      needs: ['shelter'],
      municipality: '07078',
    });
    await cwA.request('POST', `/api/cases/${c.json.id}/consents`, { purpose: 'referral', action: 'granted' });
    const body = { caseId: c.json.id, providerId: providerP, services: ['shelter'] };
    // Two clicks at once: exactly one referral is created.
    const both = await Promise.all([
      cwA.request('POST', '/api/case-referrals', body),
      cwA.request('POST', '/api/case-referrals', body),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    const refused = both.find((r) => r.status === 409)!;
    expect(refused.json.error.code).toBe('referral_already_open');
    const created = both.find((r) => r.status === 201)!;
    const open = await srv.db.query(
      "SELECT id FROM cw_referrals WHERE case_id = $1 AND provider_id = $2 AND status IN ('pending', 'accepted')",
      [c.json.id, providerP],
    );
    expect(open.rows).toHaveLength(1);
    // Both sides see the other's name (institutions' names only, no personal data in the list).
    const [agencyA, agencyP] = (
      await srv.db.query<{ id: string; name: string }>(
        "SELECT id, name FROM agencies WHERE id IN ('fgj-a', 'shelter-p') ORDER BY id",
      )
    ).rows;
    expect(created.json).toMatchObject({ fromAgencyName: agencyA!.name, toAgencyName: agencyP!.name });
    const inbox = await provP.request('GET', '/api/case-referrals?box=received');
    const got = inbox.json.items.find((x: { id: string }) => x.id === created.json.id);
    expect(got).toMatchObject({
      fromAgencyId: 'fgj-a',
      fromAgencyName: agencyA!.name,
      toAgencyName: agencyP!.name,
    });
    expect(got).not.toHaveProperty('caseId');
    // Still refused once accepted; allowed again after a decline.
    await provP.request('POST', `/api/case-referrals/${created.json.id}/accept`);
    const again = await cwA.request('POST', '/api/case-referrals', body);
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('referral_already_open');
    // Another provider is a different referral.
    const q = await cwA.request('POST', '/api/case-referrals', { ...body, providerId: providerQ });
    expect(q.status).toBe(201);
    const bC = await srv.login(await srv.createUser({ role: 'caseworker', agencyId: 'fgj-a' }));
    expect((await bC.request('POST', '/api/case-referrals', body)).json.error.code).toBe(
      'referral_already_open',
    );
    await provP.request('POST', `/api/case-referrals/${created.json.id}/complete`);
    expect((await cwA.request('POST', '/api/case-referrals', body)).status).toBe(201);
  });
});
