import { createHash, randomBytes } from 'node:crypto';
import { audit } from '../../audit/service.ts';
import { AppError } from '../../errors.ts';
import type { RequestContext } from '../../http/context.ts';
import { decryptField, encryptField } from '../../security/crypto.ts';
import { dummyHash, verifyPassword } from '../../security/passwords.ts';
import { mfaRequired } from '../../security/permissions.ts';
import {
  checkTotp,
  enrolmentData,
  hashRecoveryCode,
  newRecoveryCodes,
  newTotpSecret,
} from '../../security/totp.ts';
import * as repo from './repository.ts';

export const LOCKOUT_THRESHOLD = 6;
export const SESSION_COOKIE = 'enlace_session';

export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface LoginOutcome {
  token: string;
  csrfToken: string;
  status: 'ok' | 'mfa_required' | 'mfa_enrolment_required';
}

const invalid = () =>
  new AppError('invalid_credentials', 'Email or password is not correct', { status: 401 });

/** Password step of login: lockout with back-off, no account enumeration, every attempt audited. */
export async function login(ctx: RequestContext, email: string, password: string): Promise<LoginOutcome> {
  const { db } = ctx;
  const user = await repo.findUserForLogin(db, email);
  if (!user || user.disabled_at) {
    await verifyPassword(await dummyHash(), password);
    await audit(
      { db, actor: { userId: null, agencyId: null } },
      { action: 'login_failed', resource: 'sessions' },
    );
    throw invalid();
  }
  const actor = { userId: user.id, agencyId: user.agency_id };
  if (user.locked_until && user.locked_until.getTime() > Date.now()) {
    await audit({ db, actor }, { action: 'login_locked', resource: 'sessions' });
    const retryAfterSeconds = Math.ceil((user.locked_until.getTime() - Date.now()) / 1000);
    throw new AppError('account_locked', 'Too many failed attempts: the account is locked for a while', {
      status: 423,
      details: [{ retryAfterSeconds }],
    });
  }
  if (!(await verifyPassword(user.password_hash, password))) {
    await db.transaction(async (tx) => {
      await repo.recordFailedLogin(tx, user.id, LOCKOUT_THRESHOLD);
      await audit({ db, actor }, { action: 'login_failed', resource: 'sessions' }, tx);
    });
    throw invalid();
  }
  const mfaState = user.mfa_enabled ? 'verify' : mfaRequired(user.role) ? 'enrol' : 'ok';
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await db.transaction(async (tx) => {
    await repo.resetFailedLogins(tx, user.id);
    await repo.insertSession(tx, {
      id: sessionIdOf(token),
      userId: user.id,
      csrfToken,
      mfaState,
      maxHours: ctx.config.sessionMaxHours,
    });
    await audit(
      { db, actor },
      { action: mfaState === 'ok' ? 'login' : 'login_password_ok', resource: 'sessions' },
      tx,
    );
  });
  const status = mfaState === 'ok' ? 'ok' : mfaState === 'verify' ? 'mfa_required' : 'mfa_enrolment_required';
  return { token, csrfToken, status };
}

function sessionOf(ctx: RequestContext) {
  if (!ctx.session || !ctx.user) throw new AppError('unauthenticated', 'Please sign in', { status: 401 });
  return { session: ctx.session, user: ctx.user };
}

/** Starts (or restarts) TOTP enrolment: a new secret, stored encrypted, not yet active. */
export async function startMfaSetup(ctx: RequestContext) {
  const { session, user } = sessionOf(ctx);
  if (session.mfaState === 'verify')
    throw new AppError('mfa_verify_first', 'Enter your current code first', { status: 409 });
  const secret = newTotpSecret();
  await ctx.db.query(
    'UPDATE users SET mfa_secret_enc = $2, updated_at = now() WHERE id = $1 AND NOT mfa_enabled',
    [user.id, encryptField(secret, 'users.mfa_secret_enc')],
  );
  if (session.mfaState === 'ok') {
    // Re-enrolling with MFA already on is a separate, explicit flow (disable first).
    const u = await repo.findUserAuthById(ctx.db, user.id);
    if (u?.mfa_enabled)
      throw new AppError('mfa_already_enabled', 'Two-step verification is already on', { status: 409 });
  }
  return enrolmentData(secret, user.email);
}

/** Confirms enrolment with a first code; returns recovery codes once. */
export async function enableMfa(ctx: RequestContext, code: string) {
  const { session, user } = sessionOf(ctx);
  const u = await repo.findUserAuthById(ctx.db, user.id);
  if (!u?.mfa_secret_enc || u.mfa_enabled)
    throw new AppError('mfa_not_started', 'Start the set-up first', { status: 409 });
  const secret = decryptField(u.mfa_secret_enc, 'users.mfa_secret_enc')!;
  const step = checkTotp(secret, code, Number(u.mfa_last_step));
  if (step === null) throw new AppError('invalid_code', 'The code is not correct', { status: 400 });
  const codes = newRecoveryCodes();
  await ctx.db.transaction(async (tx) => {
    await repo.enableMfa(tx, user.id, step, codes.map(hashRecoveryCode));
    await repo.setSessionMfaState(tx, session.id, 'ok');
    await audit(ctx, { action: 'mfa_enabled', resource: 'users', resourceId: user.id }, tx);
  });
  return { recoveryCodes: codes };
}

/** Second step of login: a TOTP code (never twice) or a recovery code (used once). */
export async function verifyMfa(ctx: RequestContext, code: string) {
  const { session, user } = sessionOf(ctx);
  if (session.mfaState !== 'verify')
    throw new AppError('mfa_not_pending', 'No verification is pending', { status: 409 });
  const u = await repo.findUserAuthById(ctx.db, user.id);
  if (!u?.mfa_secret_enc || !u.mfa_enabled)
    throw new AppError('mfa_not_enabled', 'Two-step verification is off', { status: 409 });
  if (u.locked_until && u.locked_until.getTime() > Date.now()) {
    throw new AppError('account_locked', 'Too many failed attempts: the account is locked for a while', {
      status: 423,
    });
  }
  const secret = decryptField(u.mfa_secret_enc, 'users.mfa_secret_enc')!;
  const step = checkTotp(secret, code, Number(u.mfa_last_step));
  let ok = step !== null && (await repo.advanceMfaStep(ctx.db, user.id, step));
  let usedRecovery = false;
  if (!ok && !/^\d{6}$/.test(code.trim())) {
    ok = await repo.consumeRecoveryCode(ctx.db, user.id, hashRecoveryCode(code));
    usedRecovery = ok;
  }
  if (!ok) {
    await ctx.db.transaction(async (tx) => {
      await repo.recordFailedLogin(tx, user.id, LOCKOUT_THRESHOLD);
      await audit(ctx, { action: 'mfa_failed', resource: 'sessions' }, tx);
    });
    throw new AppError('invalid_code', 'The code is not correct', { status: 400 });
  }
  await ctx.db.transaction(async (tx) => {
    await repo.resetFailedLogins(tx, user.id);
    await repo.setSessionMfaState(tx, session.id, 'ok');
    await audit(ctx, { action: usedRecovery ? 'login_recovery_code' : 'login', resource: 'sessions' }, tx);
  });
  return { status: 'ok' as const };
}

export async function logout(ctx: RequestContext) {
  if (!ctx.session) return;
  await repo.deleteSession(ctx.db, ctx.session.id);
  await audit(ctx, { action: 'logout', resource: 'sessions' });
}
