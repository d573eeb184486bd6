import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestServer, type TestServer } from '../../../test/server.ts';

/** GET /api/providers/mine: the agency's own listing for its page, address for serving staff, audited. */
const ADDRESS = 'Andador Discreto 4, Col. Reservada';

describe('my provider listing', () => {
  let srv: TestServer;
  let prov: Client;
  let sup: Client;
  let other: Client;

  beforeAll(async () => {
    srv = await startTestServer({ database: 'pglite' });
    await srv.ensureAgency('casa-m', 'ngo', null, 'service_provider');
    await srv.ensureAgency('casa-n', 'ngo', null, 'service_provider');
    const login = async (role: 'service_provider' | 'supervisor', agencyId: string) =>
      srv.login(await srv.createUser({ role, agencyId }));
    prov = await login('service_provider', 'casa-m');
    sup = await login('supervisor', 'casa-m');
    other = await login('service_provider', 'casa-n');
  }, 300_000);
  afterAll(async () => srv?.close());

  it('is 404 before the listing exists, then returns it with the address to its own staff only', async () => {
    const none = await prov.request('GET', '/api/providers/mine');
    expect(none.status).toBe(404);
    const put = await prov.request('PUT', '/api/providers/mine', {
      name: 'Casa M',
      services: ['shelter', 'legal'],
      languages: ['spa', 'tzo'],
      eligibility: { sexes: ['female'], minAge: 18, maxAge: null },
      coverage: { states: ['07'] },
      municipality: '07078',
      capacity: { total: 8, free: 3 },
      referralContact: 'intake@casa-m.example',
      address: ADDRESS,
    });
    expect(put.status).toBe(200);
    const mine = await prov.request('GET', '/api/providers/mine');
    expect(mine.status).toBe(200);
    expect(mine.json).toMatchObject({
      id: put.json.id,
      agencyId: 'casa-m',
      name: 'Casa M',
      languages: ['spa', 'tzo'],
      capacity: { total: 8, free: 3 },
      address: ADDRESS,
    });
    expect((await sup.request('GET', '/api/providers/mine')).json.address).toBe(ADDRESS);
    const audited = await srv.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE resource = 'providers' AND resource_id = $1 AND action = 'read'",
      [put.json.id],
    );
    expect(audited.rows[0]!.n).toBe(2);
    // Another agency's staff get their own (none), never this one.
    const o = await other.request('GET', '/api/providers/mine');
    expect(o.status).toBe(404);
    expect(JSON.stringify(o.json)).not.toContain(ADDRESS);
    // Capacity changes show on the next read.
    expect((await prov.request('PUT', '/api/providers/mine/capacity', { free: 4 })).status).toBe(200);
    expect((await prov.request('GET', '/api/providers/mine')).json.capacity).toEqual({ total: 8, free: 4 });
  });
});
