import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/server.ts';
import { currentTotp } from '../../security/totp.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => srv.close());

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(srv.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json().catch(() => null)) as any, headers: res.headers };
}

describe('login, sessions and MFA', () => {
  it('sets a HttpOnly, Secure, SameSite=Strict session cookie and asks a caseworker to enrol MFA', async () => {
    const u = await srv.createUser({ role: 'caseworker' });
    const r = await post('/api/auth/login', { email: u.email, password: u.password });
    expect(r.status).toBe(200);
    expect(r.json.status).toBe('mfa_enrolment_required');
    const cookie = r.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Secure/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    // Until MFA is done, personal-data routes refuse.
    const c = cookie.split(';')[0]!;
    const a = await fetch(`${srv.url}/api/agencies`, { headers: { cookie: c } });
    expect(a.status).toBe(401);
    expect(((await a.json()) as any).error.code).toBe('mfa_required');
  });

  it('enrols TOTP, gives recovery codes, then requires a code at the next login; codes cannot be replayed', async () => {
    const u = await srv.createUser({ role: 'supervisor' });
    const client = await srv.login(u);
    expect((await client.request('GET', '/api/agencies')).status).toBe(200);
    const again = await post('/api/auth/login', { email: u.email, password: u.password });
    expect(again.json.status).toBe('mfa_required');
    const cookie = (again.headers.get('set-cookie') ?? '').split(';')[0]!;
    const h = { cookie, 'x-csrf-token': again.json.csrfToken };
    expect((await post('/api/auth/mfa/verify', { code: '000000' }, h)).status).toBe(400);
    const code = currentTotp(client.totpSecret!, Date.now() + 30_000);
    expect((await post('/api/auth/mfa/verify', { code }, h)).status).toBe(200);
    const third = await post('/api/auth/login', { email: u.email, password: u.password });
    const h3 = {
      cookie: (third.headers.get('set-cookie') ?? '').split(';')[0]!,
      'x-csrf-token': third.json.csrfToken,
    };
    expect((await post('/api/auth/mfa/verify', { code }, h3)).status).toBe(400); // replay refused
  });

  it('an analyst (aggregates only) signs in without MFA', async () => {
    const u = await srv.createUser({ role: 'analyst' });
    const r = await post('/api/auth/login', { email: u.email, password: u.password });
    expect(r.json.status).toBe('ok');
  });

  it('locks the account after 6 failures, even for the right password, with back-off', async () => {
    const u = await srv.createUser({ role: 'caseworker' });
    for (let i = 0; i < 6; i++)
      expect((await post('/api/auth/login', { email: u.email, password: 'wrong-password-xx' })).status).toBe(
        401,
      );
    const r = await post('/api/auth/login', { email: u.email, password: u.password });
    expect(r.status).toBe(423);
    expect(r.json.error.code).toBe('account_locked');
    expect(r.json.error.details[0].retryAfterSeconds).toBeGreaterThan(0);
  });

  it('does not reveal whether an account exists', async () => {
    const r = await post('/api/auth/login', { email: 'nobody@example.test', password: 'whatever-password' });
    expect(r.status).toBe(401);
    expect(r.json.error.code).toBe('invalid_credentials');
  });

  it('refuses mutating requests without the CSRF token, and login from another origin', async () => {
    const u = await srv.createUser({ role: 'agency_admin' });
    const client = await srv.login(u);
    const body = {
      email: 'new.person@example.test',
      displayName: 'X',
      role: 'caseworker',
      agencyId: u.agencyId,
      password: 'correct horse battery staple 9',
    };
    const r = await client.request('POST', '/api/users', body, { 'x-csrf-token': 'nope' });
    expect(r.status).toBe(403);
    expect(r.json.error.code).toBe('csrf_failed');
    const ok = await client.request('POST', '/api/users', body);
    expect(ok.status).toBe(201);
    const cross = await post(
      '/api/auth/login',
      { email: u.email, password: u.password },
      { origin: 'https://evil.example' },
    );
    expect(cross.status).toBe(403);
  });

  it('logout ends the session', async () => {
    const u = await srv.createUser({ role: 'analyst' });
    const client = await srv.login(u);
    expect((await client.request('POST', '/api/auth/logout')).status).toBe(204);
    expect((await client.request('GET', '/api/agencies')).status).toBe(401);
  });

  it('expires idle sessions', async () => {
    const u = await srv.createUser({ role: 'analyst' });
    const client = await srv.login(u);
    await srv.db.query("UPDATE sessions SET last_seen_at = now() - interval '31 minutes'");
    expect((await client.request('GET', '/api/agencies')).status).toBe(401);
  });

  it('expires sessions at the absolute limit even when active', async () => {
    const u = await srv.createUser({ role: 'analyst' });
    const client = await srv.login(u);
    await srv.db.query("UPDATE sessions SET expires_at = now() - interval '1 second'");
    expect((await client.request('GET', '/api/agencies')).status).toBe(401);
  });

  it('rejects weak and common passwords', async () => {
    const admin = await srv.createUser({ role: 'admin' });
    const client = await srv.login(admin);
    for (const [password, code] of [
      ['short-pw', 'password_too_short'],
      ['password1234', 'password_common'],
      ['aaaaaaaaaaaaaaaa', 'password_common'],
    ] as const) {
      const r = await client.request('POST', '/api/users', {
        email: `w${Math.random()}@example.test`,
        displayName: 'W',
        role: 'analyst',
        agencyId: admin.agencyId,
        password,
      });
      expect(r.status).toBe(400);
      expect([code, 'password_repetitive']).toContain(r.json.error.code);
    }
  });

  it('audits logins and failures', async () => {
    const { rows } = await srv.db.query<{ action: string }>(
      "SELECT DISTINCT action FROM audit_log WHERE resource = 'sessions'",
    );
    const actions = rows.map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['login', 'login_failed', 'mfa_failed', 'logout']));
  });
});

describe('rate limit on login', () => {
  it('answers 429 after the limit', async () => {
    const s = await startTestServer({ config: { loginRateLimitPerMinute: 3 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await fetch(`${s.url}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'x@example.test', password: 'y' }),
        });
        statuses.push(res.status);
      }
      expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
      expect(statuses[4]).toBe(429);
    } finally {
      await s.close();
    }
  });
});
