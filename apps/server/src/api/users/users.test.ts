/**
 * Password resets by administrators, the forced change of a temporary password, self-service password change
 * and recovery codes (issues 9 and 11).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestServer, type TestServer, type TestUser } from '../../../test/server.ts';
import { currentTotp } from '../../security/totp.ts';
import { bootstrapFirstAdmin } from '../../server.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
  await srv.ensureAgency('agency-a');
  await srv.ensureAgency('agency-b');
});
afterAll(async () => srv.close());

/** Signs in with email and password only; the client is in whatever state the server answers. */
async function signIn(email: string, password: string) {
  const res = await fetch(`${srv.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const json = (await res.json()) as any;
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const client: Client = {
    csrfToken: json.csrfToken,
    cookie,
    request: async (method, path, body, headers = {}) => {
      const r = await fetch(srv.url + path, {
        method,
        headers: {
          cookie,
          'x-csrf-token': json.csrfToken,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await r.text();
      return { status: r.status, json: text ? JSON.parse(text) : null, headers: r.headers };
    },
  };
  return { status: res.status, loginStatus: json.status as string, json, client };
}

async function mfaRow(userId: string) {
  const { rows } = await srv.db.query<{
    mfa_enabled: boolean;
    mfa_secret_enc: string | null;
    recovery_codes: string[];
    password_change_required: boolean;
  }>(
    'SELECT mfa_enabled, mfa_secret_enc, recovery_codes, password_change_required FROM users WHERE id = $1',
    [userId],
  );
  return rows[0]!;
}

async function auditActions(userId: string) {
  const { rows } = await srv.db.query<{ action: string }>(
    'SELECT action FROM audit_log WHERE resource_id = $1 ORDER BY id',
    [userId],
  );
  return rows.map((r) => r.action);
}

const STRONG = 'lince-morado-cruza-el-puente-7';
const STRONG_2 = 'tortuga-azul-nada-en-calma-42';

describe('password reset by an administrator', () => {
  let admin: { user: TestUser; client: Client };
  let worker: TestUser;
  let workerSession: Client;

  beforeAll(async () => {
    const a = await srv.createUser({ role: 'agency_admin', agencyId: 'agency-a' });
    admin = { user: a, client: await srv.login(a) };
    worker = await srv.createUser({ role: 'caseworker', agencyId: 'agency-a' });
    workerSession = await srv.login(worker); // MFA enrolled, fully signed in
    expect((await mfaRow(worker.id)).mfa_enabled).toBe(true);
  });

  it('ends the sessions, clears MFA and forces a new password at the next sign-in; audited', async () => {
    expect((await workerSession.request('GET', '/api/agencies')).status).toBe(200);
    const r = await admin.client.request('POST', `/api/users/${worker.id}/password-reset`);
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('no-store');
    const temp: string = r.json.temporaryPassword;
    expect(temp).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    expect(r.json.user).toMatchObject({ id: worker.id, mfaEnabled: false, mustChangePassword: true });

    // Every session of the user ended.
    const gone = await workerSession.request('GET', '/api/agencies');
    expect(gone.status).toBe(401);
    expect(gone.json.error.code).toBe('unauthenticated');
    // TOTP secret and recovery codes cleared.
    const row = await mfaRow(worker.id);
    expect(row).toMatchObject({ mfa_enabled: false, mfa_secret_enc: null, recovery_codes: [] });
    expect(row.password_change_required).toBe(true);

    // The old password no longer works; the temporary one signs in to a password change only.
    expect((await signIn(worker.email, worker.password)).status).toBe(401);
    const s = await signIn(worker.email, temp);
    expect(s.status).toBe(200);
    expect(s.loginStatus).toBe('password_change_required');
    const session = await s.client.request('GET', '/api/auth/session');
    expect(session.json.mfa).toBe('password');
    const blocked = await s.client.request('GET', '/api/agencies');
    expect(blocked.status).toBe(401);
    expect((await s.client.request('POST', '/api/auth/mfa/setup')).json.error.code).toBe(
      'password_change_required',
    );
    expect((await s.client.request('POST', '/api/auth/mfa/enable', { code: '123456' })).status).toBe(409);

    // The new password follows the policy and is not the temporary one.
    const weak = await s.client.request('POST', '/api/auth/password', { newPassword: 'corto' });
    expect(weak.status).toBe(400);
    expect(weak.json.error).toMatchObject({
      code: 'password_too_short',
      details: [{ field: 'newPassword' }],
    });
    const common = await s.client.request('POST', '/api/auth/password', { newPassword: 'password1234' });
    expect(common.json.error.code).toBe('password_common');
    const same = await s.client.request('POST', '/api/auth/password', { newPassword: temp });
    expect(same.json.error.code).toBe('password_reused');

    const ok = await s.client.request('POST', '/api/auth/password', { newPassword: STRONG });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ status: 'ok', mfa: 'enrol' });
    // Now MFA enrolment, from scratch.
    expect((await s.client.request('GET', '/api/agencies')).status).toBe(401);
    const setup = await s.client.request('POST', '/api/auth/mfa/setup');
    expect(setup.status).toBe(200);
    const en = await s.client.request('POST', '/api/auth/mfa/enable', {
      code: currentTotp(setup.json.secret),
    });
    expect(en.status).toBe(200);
    expect(en.json.recoveryCodes).toHaveLength(10);
    expect((await s.client.request('GET', '/api/agencies')).status).toBe(200);
    expect((await mfaRow(worker.id)).password_change_required).toBe(false);

    // The temporary password is gone; the chosen one works (and asks for the new TOTP).
    expect((await signIn(worker.email, temp)).status).toBe(401);
    expect((await signIn(worker.email, STRONG)).loginStatus).toBe('mfa_required');
    expect(await auditActions(worker.id)).toEqual(
      expect.arrayContaining(['password_reset', 'password_changed', 'mfa_enabled']),
    );
    const { rows } = await srv.db.query<{ user_id: string }>(
      "SELECT user_id FROM audit_log WHERE action = 'password_reset' AND resource_id = $1",
      [worker.id],
    );
    expect(rows.map((x) => x.user_id)).toEqual([admin.user.id]);
  });

  it('an agency admin of another agency gets 404; an agency admin cannot reset an admin, an auditor or themself', async () => {
    const other = await srv.login(await srv.createUser({ role: 'agency_admin', agencyId: 'agency-b' }));
    const target = await srv.createUser({ role: 'supervisor', agencyId: 'agency-a' });
    const cross = await other.request('POST', `/api/users/${target.id}/password-reset`);
    expect(cross.status).toBe(404);
    expect(cross.json.error.code).toBe('not_found');
    expect(cross.json.temporaryPassword).toBeUndefined();
    // Nothing changed for the target.
    expect((await signIn(target.email, target.password)).loginStatus).toBe('mfa_enrolment_required');

    const sysAdmin = await srv.createUser({ role: 'admin', agencyId: 'agency-a' });
    const toAdmin = await admin.client.request('POST', `/api/users/${sysAdmin.id}/password-reset`);
    expect(toAdmin.status).toBe(403);
    const auditor = await srv.createUser({ role: 'auditor', agencyId: 'agency-a' });
    expect((await admin.client.request('POST', `/api/users/${auditor.id}/password-reset`)).status).toBe(403);
    const self = await admin.client.request('POST', `/api/users/${admin.user.id}/password-reset`);
    expect(self.status).toBe(409);
    expect(self.json.error.code).toBe('self_reset');
    // A supervisor has no users:write at all.
    const sup = await srv.login(await srv.createUser({ role: 'supervisor', agencyId: 'agency-a' }));
    expect((await sup.request('POST', `/api/users/${target.id}/password-reset`)).status).toBe(403);

    // The system administrator resets anyone, any agency.
    const root = await srv.login(sysAdmin);
    const r = await root.request('POST', `/api/users/${target.id}/password-reset`);
    expect(r.status).toBe(200);
    expect((await signIn(target.email, r.json.temporaryPassword)).loginStatus).toBe(
      'password_change_required',
    );
  });

  it('a user created through the API gets a one-time password and must change it', async () => {
    const r = await admin.client.request('POST', '/api/users', {
      email: 'nueva.persona@example.test',
      displayName: 'Nueva Persona',
      role: 'hotline_operator',
      agencyId: 'agency-a',
    });
    expect(r.status).toBe(201);
    expect(r.json.mustChangePassword).toBe(true);
    expect(typeof r.json.temporaryPassword).toBe('string');
    const s = await signIn('nueva.persona@example.test', r.json.temporaryPassword);
    expect(s.loginStatus).toBe('password_change_required');
    // The list never shows a password.
    const list = await admin.client.request('GET', '/api/users?limit=500');
    const found = list.json.items.find((u: { id: string }) => u.id === r.json.id);
    expect(found).toMatchObject({ mustChangePassword: true });
    expect(found.temporaryPassword).toBeUndefined();
  });
});

describe('changing one own password', () => {
  it('needs the current password, refuses weak ones, ends the other sessions and keeps this one', async () => {
    const u = await srv.createUser({ role: 'supervisor', agencyId: 'agency-a' });
    const here = await srv.login(u);
    const elsewhere = await signIn(u.email, u.password); // a second device, stopped at the MFA step
    expect(elsewhere.loginStatus).toBe('mfa_required');

    const missing = await here.request('POST', '/api/auth/password', { newPassword: STRONG });
    expect(missing.status).toBe(400);
    expect(missing.json.error).toMatchObject({
      code: 'wrong_password',
      details: [{ field: 'currentPassword' }],
    });
    const wrong = await here.request('POST', '/api/auth/password', {
      currentPassword: 'not-my-password',
      newPassword: STRONG,
    });
    expect(wrong.json.error.code).toBe('wrong_password');
    for (const [newPassword, code] of [
      ['short-pw', 'password_too_short'],
      ['password1234', 'password_common'],
      ['abababababababab', 'password_repetitive'],
      [u.password, 'password_reused'],
    ] as const) {
      const r = await here.request('POST', '/api/auth/password', {
        currentPassword: u.password,
        newPassword,
      });
      expect(r.status, newPassword).toBe(400);
      expect(r.json.error.code, newPassword).toBe(code);
    }
    const ok = await here.request('POST', '/api/auth/password', {
      currentPassword: u.password,
      newPassword: STRONG_2,
    });
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ status: 'ok', mfa: 'ok', otherSessionsEnded: 1 });
    expect((await here.request('GET', '/api/agencies')).status).toBe(200);
    expect((await elsewhere.client.request('GET', '/api/auth/session')).status).toBe(401);
    expect((await signIn(u.email, u.password)).status).toBe(401);
    expect((await signIn(u.email, STRONG_2)).loginStatus).toBe('mfa_required');
    expect(await auditActions(u.id)).toEqual(
      expect.arrayContaining(['password_change_failed', 'password_changed']),
    );
    const account = await here.request('GET', '/api/auth/account');
    expect(account.json).toMatchObject({
      email: u.email,
      role: 'supervisor',
      agencyId: 'agency-a',
      mfaEnabled: true,
      mfaRequired: true,
      recoveryCodesLeft: 10,
    });
    expect(account.json.passwordChangedAt).toEqual(expect.any(String));
  });

  it('wrong current passwords count towards the lockout', async () => {
    const u = await srv.createUser({ role: 'analyst', agencyId: 'agency-a' });
    const c = await srv.login(u);
    for (let i = 0; i < 6; i++)
      await c.request('POST', '/api/auth/password', { currentPassword: `nope-${i}`, newPassword: STRONG });
    const r = await c.request('POST', '/api/auth/password', {
      currentPassword: u.password,
      newPassword: STRONG,
    });
    expect(r.status).toBe(423);
    expect(r.json.error.code).toBe('account_locked');
  });

  it('regenerates recovery codes with a fresh TOTP code; the old ones stop working', async () => {
    const u = await srv.createUser({ role: 'caseworker', agencyId: 'agency-a' });
    const c = await srv.login(u);
    const secret = c.totpSecret!;
    expect((await c.request('POST', '/api/auth/mfa/recovery-codes', { code: '000000' })).status).toBe(400);
    const r = await c.request('POST', '/api/auth/mfa/recovery-codes', {
      code: currentTotp(secret, Date.now() + 30_000), // the next step: the current one was used at enrolment
    });
    expect(r.status).toBe(200);
    const codes: string[] = r.json.recoveryCodes;
    expect(codes).toHaveLength(10);
    const s = await signIn(u.email, u.password);
    expect(s.loginStatus).toBe('mfa_required');
    expect((await s.client.request('POST', '/api/auth/mfa/verify', { code: codes[0] })).status).toBe(200);
    expect(await auditActions(u.id)).toContain('recovery_codes_regenerated');
  });
});

describe('first administrator', () => {
  it('must change the printed password at the first sign-in', async () => {
    const fresh = await startTestServer();
    try {
      const first = await bootstrapFirstAdmin({ db: fresh.db } as Parameters<typeof bootstrapFirstAdmin>[0]);
      expect(first).toBeDefined();
      const res = await fetch(`${fresh.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: first!.email, password: first!.password }),
      });
      expect(((await res.json()) as any).status).toBe('password_change_required');
    } finally {
      await fresh.close();
    }
  });
});
