import { createHash, randomBytes } from 'node:crypto';
import { audit } from '../../audit/service.ts';
import { AppError } from '../../errors.ts';
import type { RequestContext } from '../../http/context.ts';
import { decryptField, encryptField } from '../../security/crypto.ts';
import { dummyHash, hashPassword, verifyPassword } from '../../security/passwords.ts';
import { mfaRequired, type Role } from '../../security/permissions.ts';
import {
  checkTotp,
  enrolmentData,
  hashRecoveryCode,
  newRecoveryCodes,
  newTotpSecret,
} from '../../security/totp.ts';
import { assertPasswordAcceptable } from '../users/service.ts';
import * as repo from './repository.ts';

export const LOCKOUT_THRESHOLD = 6;
export const SESSION_COOKIE = 'enlace_session';

export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface LoginOutcome {
  token: string;
  csrfToken: string;
  status: 'ok' | 'mfa_required' | 'mfa_enrolment_required' | 'password_change_required';
}

type SessionState = 'ok' | 'verify' | 'enrol' | 'password';

/**
 * The state of a session after the password (and, when on, the TOTP code) were accepted: a temporary
 * password must be replaced first, then MFA enrolled when the role needs it.
 */
export function stateAfterVerification(u: {
  role: Role;
  mfa_enabled: boolean;
  password_change_required: boolean;
}): SessionState {
  if (u.password_change_required) return 'password';
  return !u.mfa_enabled && mfaRequired(u.role) ? 'enrol' : 'ok';
}

const LOGIN_STATUS = {
  ok: 'ok',
  verify: 'mfa_required',
  enrol: 'mfa_enrolment_required',
  password: 'password_change_required',
} as const;

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
  const mfaState: SessionState = user.mfa_enabled ? 'verify' : stateAfterVerification(user);
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
  return { token, csrfToken, status: LOGIN_STATUS[mfaState] };
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
  if (session.mfaState === 'password') throw passwordChangeFirst();
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
  if (session.mfaState === 'password') throw passwordChangeFirst();
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
  const next = stateAfterVerification(u);
  await ctx.db.transaction(async (tx) => {
    await repo.resetFailedLogins(tx, user.id);
    await repo.setSessionMfaState(tx, session.id, next);
    await audit(
      ctx,
      {
        action: next !== 'ok' ? 'login_mfa_ok' : usedRecovery ? 'login_recovery_code' : 'login',
        resource: 'sessions',
      },
      tx,
    );
  });
  return { status: 'ok' as const };
}

export async function logout(ctx: RequestContext) {
  if (!ctx.session) return;
  await repo.deleteSession(ctx.db, ctx.session.id);
  await audit(ctx, { action: 'logout', resource: 'sessions' });
}

const passwordChangeFirst = () =>
  new AppError('password_change_required', 'Choose a new password first', { status: 409 });

const locked = (until: Date) =>
  new AppError('account_locked', 'Too many failed attempts: the account is locked for a while', {
    status: 423,
    details: [{ retryAfterSeconds: Math.ceil((until.getTime() - Date.now()) / 1000) }],
  });

/**
 * Changes the signed-in user's own password. A fully signed-in user gives the current password (a wrong one
 * counts towards the lockout); a session that signed in with a temporary password (state `password`) has just
 * proved it and only chooses the new one. The new password follows the policy and differs from the old one.
 * Every other session of the user ends; this one moves on (to MFA enrolment when the role needs it).
 */
export async function changeOwnPassword(
  ctx: RequestContext,
  input: { currentPassword?: string | undefined; newPassword: string },
): Promise<{ status: 'ok'; mfa: SessionState; otherSessionsEnded: number }> {
  const { session, user } = sessionOf(ctx);
  if (session.mfaState === 'verify')
    throw new AppError('mfa_verify_first', 'Enter your current code first', { status: 409 });
  if (session.mfaState === 'enrol')
    throw new AppError('mfa_required', 'Finish two-step verification first', { status: 409 });
  const u = await repo.findUserAuthById(ctx.db, user.id);
  if (!u) throw new AppError('unauthenticated', 'Please sign in', { status: 401 });
  if (u.locked_until && u.locked_until.getTime() > Date.now()) throw locked(u.locked_until);
  if (session.mfaState === 'ok' || input.currentPassword !== undefined) {
    if (!input.currentPassword || !(await verifyPassword(u.password_hash, input.currentPassword))) {
      await ctx.db.transaction(async (tx) => {
        await repo.recordFailedLogin(tx, user.id, LOCKOUT_THRESHOLD);
        await audit(ctx, { action: 'password_change_failed', resource: 'users', resourceId: user.id }, tx);
      });
      throw new AppError('wrong_password', 'The current password is not correct', {
        status: 400,
        details: [{ field: 'currentPassword' }],
      });
    }
  }
  assertPasswordAcceptable(input.newPassword, 'newPassword');
  if (await verifyPassword(u.password_hash, input.newPassword)) {
    throw new AppError('password_reused', 'Choose a password different from the current one', {
      status: 400,
      details: [{ field: 'newPassword' }],
    });
  }
  const passwordHash = await hashPassword(input.newPassword);
  const next: SessionState =
    session.mfaState === 'password'
      ? stateAfterVerification({ ...u, password_change_required: false })
      : 'ok';
  const ended = await ctx.db.transaction(async (tx) => {
    await repo.setOwnPassword(tx, user.id, passwordHash);
    const n = await repo.deleteOtherSessions(tx, user.id, session.id);
    if (next !== session.mfaState) await repo.setSessionMfaState(tx, session.id, next);
    await audit(
      ctx,
      {
        action: 'password_changed',
        resource: 'users',
        resourceId: user.id,
        fields: ['password_hash'],
        justification: session.mfaState === 'password' ? 'temporary password replaced' : null,
      },
      tx,
    );
    return n;
  });
  return { status: 'ok', mfa: next, otherSessionsEnded: ended };
}

/** The signed-in user's own account: who they are and the state of their two-step verification. */
export async function ownAccount(ctx: RequestContext) {
  const { session, user } = sessionOf(ctx);
  if (session.mfaState !== 'ok')
    throw new AppError('mfa_required', 'Finish two-step verification first', { status: 401 });
  const u = await repo.findUserAuthById(ctx.db, user.id);
  if (!u) throw new AppError('unauthenticated', 'Please sign in', { status: 401 });
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    agencyId: user.agencyId,
    agencyName: user.agencyName,
    mfaEnabled: u.mfa_enabled,
    mfaRequired: mfaRequired(user.role),
    recoveryCodesLeft: u.recovery_codes.length,
    passwordChangedAt: u.password_changed_at ? new Date(u.password_changed_at).toISOString() : null,
  };
}

/**
 * New recovery codes (the old ones stop working), shown once. Needs a fresh TOTP code from the
 * authenticator app: a recovery code cannot mint new ones, and neither can an unattended session.
 */
export async function regenerateRecoveryCodes(ctx: RequestContext, code: string) {
  const { session, user } = sessionOf(ctx);
  if (session.mfaState !== 'ok')
    throw new AppError('mfa_required', 'Finish two-step verification first', { status: 401 });
  const u = await repo.findUserAuthById(ctx.db, user.id);
  if (!u?.mfa_secret_enc || !u.mfa_enabled)
    throw new AppError('mfa_not_enabled', 'Two-step verification is off', { status: 409 });
  if (u.locked_until && u.locked_until.getTime() > Date.now()) throw locked(u.locked_until);
  const secret = decryptField(u.mfa_secret_enc, 'users.mfa_secret_enc')!;
  const step = checkTotp(secret, code.replace(/\s+/g, ''), Number(u.mfa_last_step));
  if (step === null || !(await repo.advanceMfaStep(ctx.db, user.id, step))) {
    await ctx.db.transaction(async (tx) => {
      await repo.recordFailedLogin(tx, user.id, LOCKOUT_THRESHOLD);
      await audit(ctx, { action: 'mfa_failed', resource: 'sessions' }, tx);
    });
    throw new AppError('invalid_code', 'The code is not correct', {
      status: 400,
      details: [{ field: 'code' }],
    });
  }
  const codes = newRecoveryCodes();
  await ctx.db.transaction(async (tx) => {
    await repo.resetFailedLogins(tx, user.id);
    await repo.replaceRecoveryCodes(tx, user.id, codes.map(hashRecoveryCode));
    await audit(ctx, { action: 'recovery_codes_regenerated', resource: 'users', resourceId: user.id }, tx);
  });
  return { recoveryCodes: codes };
}
