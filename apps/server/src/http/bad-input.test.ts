import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestServer, type TestServer } from '../../test/server.ts';

let srv: TestServer;
let admin: Client;
beforeAll(async () => {
  srv = await startTestServer({ database: 'postgres' });
  admin = await srv.login(await srv.createUser({ role: 'admin' }));
});
afterAll(async () => srv.close());

const countAgencies = async () =>
  (await srv.db.query<{ n: number }>('SELECT count(*)::int AS n FROM agencies')).rows[0]!.n;

describe('bad input gets a clear 4xx and writes nothing', () => {
  it('malformed JSON', async () => {
    const before = await countAgencies();
    const r = await admin.request('PUT', '/api/agencies/x1', '{"name": "A",', {});
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('malformed_json');
    expect(await countAgencies()).toBe(before);
  });
  it('wrong types and unknown fields name the field', async () => {
    const r = await admin.request('PUT', '/api/agencies/x2', {
      name: 'A',
      level: 'galactic',
      kind: 'prosecutor',
    });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('invalid_input');
    expect(JSON.stringify(r.json.error.details)).toContain('level');
    const u = await admin.request('PUT', '/api/agencies/x3', {
      name: 'A',
      level: 'federal',
      kind: 'prosecutor',
      extra: 1,
    });
    expect(u.status).toBe(400);
    expect(JSON.stringify(u.json.error.details)).toContain('extra');
  });
  it('a state agency needs an INEGI state code', async () => {
    const r = await admin.request('PUT', '/api/agencies/x4', {
      name: 'A',
      level: 'state',
      kind: 'prosecutor',
    });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.json.error.details)).toContain('stateCode');
  });
  it('oversized bodies', async () => {
    const r = await admin.request('PUT', '/api/agencies/x5', {
      name: 'A'.repeat(2 * 1024 * 1024),
      level: 'federal',
      kind: 'prosecutor',
    });
    expect(r.status).toBe(413);
    expect(r.json.error.code).toBe('body_too_large');
  });
  it('SQL and HTML injection attempts are stored as text or refused, never executed', async () => {
    const name = "x'); DROP TABLE agencies; -- <script>alert(1)</script>";
    const r = await admin.request('PUT', '/api/agencies/x6', { name, level: 'federal', kind: 'other' });
    expect(r.status).toBe(200);
    expect(r.json.name).toBe(name);
    const q = await admin.request('GET', `/api/agencies?q=${encodeURIComponent("' OR 1=1 --")}`);
    expect(q.status).toBe(200);
    expect(q.json.total).toBe(0);
    const bad = await admin.request('PUT', `/api/agencies/${encodeURIComponent("a' OR '1'='1")}`, {
      name: 'A',
      level: 'federal',
      kind: 'other',
    });
    expect(bad.status).toBe(400);
  });
  it('unknown routes and wrong methods are 404 JSON, never a stack trace', async () => {
    const r = await admin.request('GET', '/api/nothing-here');
    expect(r.status).toBe(404);
    expect(r.json.error.code).toBe('not_found');
    expect(JSON.stringify(r.json)).not.toMatch(/at .*\.ts/);
  });
  it('a failure inside a transaction leaves no partial write', async () => {
    const before = await countAgencies();
    await expect(
      srv.db.transaction(async (tx) => {
        await tx.query(
          "INSERT INTO agencies (id, name, level, kind) VALUES ('tx-1', 'T', 'federal', 'other')",
        );
        throw new Error('crash mid-request');
      }),
    ).rejects.toThrow('crash');
    expect(await countAgencies()).toBe(before);
  });
  it('serves security headers, /health and /openapi.json', async () => {
    const h = await fetch(`${srv.url}/health`);
    expect(h.status).toBe(200);
    expect(h.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(h.headers.get('x-frame-options')).toBeTruthy();
    // The same headers on an API error and on an unknown path, not only on a happy route.
    for (const path of ['/api/persons', '/no-such-page']) {
      const r = await fetch(`${srv.url}${path}`);
      expect(r.headers.get('content-security-policy')).toBe(
        "default-src 'self';script-src 'self';style-src 'self';img-src 'self' data:;font-src 'self';" +
          "connect-src 'self';object-src 'none';frame-ancestors 'none';base-uri 'self';form-action 'self'",
      );
      expect(r.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('referrer-policy')).toBe('no-referrer');
      expect(r.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
      expect(r.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    }
    const o = (await (await fetch(`${srv.url}/openapi.json`)).json()) as any;
    expect(o.openapi).toMatch(/^3\./);
    expect(Object.keys(o.paths)).toContain('/api/agencies');
  });
});
