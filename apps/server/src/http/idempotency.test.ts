import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestServer, type TestServer } from '../../test/server.ts';
import { decryptField } from '../security/crypto.ts';

describe('Idempotency-Key on writes', () => {
  let srv: TestServer;
  let cw: Client;
  beforeAll(async () => {
    srv = await startTestServer();
    cw = await srv.login(await srv.createUser({ role: 'caseworker', agencyId: 'fgj-idem' }));
  });
  afterAll(() => srv.close());

  const body = { person: { givenNames: 'Citlali', surname1: 'Ramírez' }, notes: 'Primer contacto' };
  const count = async () =>
    (
      await srv.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM cw_cases WHERE agency_id = 'fgj-idem'",
      )
    ).rows[0]!.n;

  it('a repeat with the same key gets the stored answer and writes nothing', async () => {
    const before = await count();
    const key = 'c0ffee00-0000-4000-8000-000000000001';
    const a = await cw.request('POST', '/api/cases', body, { 'idempotency-key': key });
    expect(a.status).toBe(201);
    const b = await cw.request('POST', '/api/cases', body, { 'idempotency-key': key });
    expect(b.status).toBe(201);
    expect(b.headers.get('idempotent-replayed')).toBe('true');
    expect(b.json.id).toBe(a.json.id);
    expect(b.json).toEqual(a.json);
    expect(await count()).toBe(before + 1);
    const stored = await srv.db.query<{ status: number; result_enc: string; response_enc: string }>(
      'SELECT status, result_enc, response_enc FROM idempotency_keys WHERE key = $1',
      [key],
    );
    // Written by the case's own transaction, with its result and the route's status; encrypted (a person's
    // name is in the answer).
    expect(stored.rows[0]!.status).toBe(201);
    expect(stored.rows[0]!.result_enc).not.toContain('Citlali');
    expect(stored.rows[0]!.response_enc).not.toContain('Citlali');
    expect(JSON.parse(decryptField(stored.rows[0]!.result_enc, 'idempotency_keys.result_enc')!).id).toBe(
      a.json.id,
    );
  });

  it('a write committed whose answer was never stored is answered from the transaction result', async () => {
    const key = 'c0ffee00-0000-4000-8000-000000000002';
    const a = await cw.request('POST', '/api/cases', body, { 'idempotency-key': key });
    // As if the server died between COMMIT and sending: only the transaction's own record remains.
    await srv.db.query('UPDATE idempotency_keys SET response_enc = NULL WHERE key = $1', [key]);
    const b = await cw.request('POST', '/api/cases', body, { 'idempotency-key': key });
    expect(b.status).toBe(201);
    expect(b.json.id).toBe(a.json.id);
  });

  it('the same key with another request is refused; bad keys are refused; no key writes each time', async () => {
    const key = 'c0ffee00-0000-4000-8000-000000000003';
    expect((await cw.request('POST', '/api/cases', body, { 'idempotency-key': key })).status).toBe(201);
    const other = await cw.request(
      'POST',
      '/api/cases',
      { ...body, notes: 'otra' },
      { 'idempotency-key': key },
    );
    expect(other.status).toBe(422);
    expect(other.json.error.code).toBe('idempotency_key_reused');
    const bad = await cw.request('POST', '/api/cases', body, { 'idempotency-key': 'x' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('idempotency_key_invalid');
    const before = await count();
    await cw.request('POST', '/api/cases', body);
    await cw.request('POST', '/api/cases', body);
    expect(await count()).toBe(before + 2);
  });

  it('sign-in and MFA answers (secrets, cookies) are never stored', async () => {
    const u = await srv.createUser({ role: 'analyst', agencyId: 'fgj-idem' });
    const r = await fetch(`${srv.url}/api/auth/login`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': 'c0ffee00-0000-4000-8000-00000000000a',
      },
      body: JSON.stringify({ email: u.email, password: u.password }),
    });
    expect(r.status).toBe(200);
    const stored = await srv.db.query(
      "SELECT 1 FROM idempotency_keys WHERE key = 'c0ffee00-0000-4000-8000-00000000000a'",
    );
    expect(stored.rows).toEqual([]);
  });

  it('keys belong to their user: another user with the same key makes their own case', async () => {
    const other = await srv.login(await srv.createUser({ role: 'caseworker', agencyId: 'fgj-idem' }));
    const key = 'c0ffee00-0000-4000-8000-000000000004';
    const a = await cw.request('POST', '/api/cases', body, { 'idempotency-key': key });
    const b = await other.request('POST', '/api/cases', body, { 'idempotency-key': key });
    expect(b.status).toBe(201);
    expect(b.json.id).not.toBe(a.json.id);
  });
});
