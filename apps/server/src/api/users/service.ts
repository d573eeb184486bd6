import { randomInt } from 'node:crypto';
import { type AuditContext, audit } from '../../audit/service.ts';
import { AppError, forbidden, notFound } from '../../errors.ts';
import type { SessionUser } from '../../http/context.ts';
import { hashPassword, passwordProblem } from '../../security/passwords.ts';
import type { Role } from '../../security/permissions.ts';
import { getAgency } from '../agencies/repository.ts';
import { deleteUserSessions } from '../auth/repository.ts';
import * as repo from './repository.ts';
import type { User } from './schema.ts';

const PASSWORD_MESSAGES = {
  too_short: 'The password must have at least 12 characters',
  too_long: 'The password is too long (256 characters at most)',
  common: 'This password is too common: choose another',
  repetitive: 'The password repeats too few characters: choose another',
} as const;

export function assertPasswordAcceptable(password: string, field = 'password'): void {
  const problem = passwordProblem(password);
  if (problem)
    throw new AppError(`password_${problem}`, PASSWORD_MESSAGES[problem], {
      status: 400,
      details: [{ field }],
      exitCode: 2,
    });
}

/** Letters and digits that cannot be mistaken for one another when read aloud or copied by hand. */
const TEMP_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/**
 * A one-time password to hand over to a person (shown once): four groups of four, e.g. `k7pm-x3qd-9hwa-e2rt`,
 * 16 random characters of 31 (≈ 79 bits). It passes the password policy; it must be changed at first sign-in.
 */
export function temporaryPassword(): string {
  for (;;) {
    const chars = Array.from({ length: 16 }, () => TEMP_ALPHABET[randomInt(TEMP_ALPHABET.length)]).join('');
    const pw = chars.match(/.{4}/g)!.join('-');
    if (!passwordProblem(pw)) return pw;
  }
}

/** Only admins grant admin or auditor; agency admins act within their own agency. */
function assertMayManage(actor: SessionUser | null, target: { agencyId: string; role: Role }): void {
  if (!actor) return; // the command line (operator on the server)
  if (actor.role === 'admin') return;
  if (actor.role !== 'agency_admin') throw forbidden();
  if (target.agencyId !== actor.agencyId) throw forbidden('You can manage users of your own agency only');
  if (target.role === 'admin' || target.role === 'auditor' || target.role === 'national_auditor')
    throw forbidden('Only an administrator can grant this role');
}

export async function createUser(
  ctx: AuditContext & { user?: SessionUser | null },
  input: {
    email: string;
    displayName: string;
    role: Role;
    agencyId: string;
    /** Omitted: a one-time password is generated, returned once, and must be changed at first sign-in. */
    password?: string | undefined;
    /** The next sign-in must choose a new password (always so when the password is generated). */
    mustChangePassword?: boolean | undefined;
  },
): Promise<User & { temporaryPassword?: string }> {
  assertMayManage(ctx.user ?? null, input);
  const generated = input.password === undefined ? temporaryPassword() : undefined;
  const password = input.password ?? generated!;
  assertPasswordAcceptable(password);
  if (!(await getAgency(ctx.db, input.agencyId))) {
    throw new AppError('unknown_agency', `Agency ${input.agencyId} does not exist`, {
      status: 400,
      details: [{ field: 'agencyId' }],
      exitCode: 2,
    });
  }
  if (await repo.getUserByEmail(ctx.db, input.email)) {
    throw new AppError('email_taken', 'A user with this email already exists', {
      status: 409,
      details: [{ field: 'email' }],
      exitCode: 2,
    });
  }
  const passwordHash = await hashPassword(password);
  const mustChangePassword = generated !== undefined || input.mustChangePassword === true;
  const created = await ctx.db.transaction(async (tx) => {
    const user = await repo.insertUser(tx, { ...input, passwordHash, mustChangePassword });
    await audit(
      ctx,
      {
        action: 'permission_change',
        resource: 'users',
        resourceId: user.id,
        fields: ['role', 'agency_id'],
        justification: `create ${input.role}`,
      },
      tx,
    );
    return user;
  });
  return generated ? { ...created, temporaryPassword: generated } : created;
}

export async function updateUser(
  ctx: AuditContext & { user?: SessionUser | null },
  id: string,
  patch: { role?: Role | undefined; disabled?: boolean | undefined; displayName?: string | undefined },
): Promise<User> {
  const current = await repo.getUser(ctx.db, id);
  if (!current) throw notFound('User');
  assertMayManage(ctx.user ?? null, current);
  if (patch.role) assertMayManage(ctx.user ?? null, { agencyId: current.agencyId, role: patch.role });
  if (ctx.user && ctx.user.id === id && (patch.role || patch.disabled)) {
    throw new AppError('self_change', 'You cannot change your own role or disable yourself', { status: 409 });
  }
  await ctx.db.transaction(async (tx) => {
    await repo.updateUser(tx, id, patch);
    if (patch.disabled || patch.role) await deleteUserSessions(tx, id);
    const fields = [
      patch.role && 'role',
      patch.disabled !== undefined && 'disabled',
      patch.displayName && 'display_name',
    ].filter((x): x is string => typeof x === 'string');
    await audit(
      ctx,
      {
        action: patch.role || patch.disabled !== undefined ? 'permission_change' : 'update',
        resource: 'users',
        resourceId: id,
        fields,
      },
      tx,
    );
  });
  return (await repo.getUser(ctx.db, id))!;
}

/**
 * An administrator resets a user's password: a one-time password (returned once) that must be changed at the
 * next sign-in, two-step verification cleared so the user enrols again, every session of the user ended.
 * Agency admins reset users of their own agency only, and never an admin or auditor; nobody resets themself
 * (they change their password at /account).
 */
export async function resetPassword(
  ctx: AuditContext & { user?: SessionUser | null },
  id: string,
): Promise<{ user: User; temporaryPassword: string }> {
  const current = await repo.getUser(ctx.db, id);
  if (!current) throw notFound('User');
  assertMayManage(ctx.user ?? null, current);
  if (ctx.user && ctx.user.id === id) {
    throw new AppError('self_reset', 'Change your own password on your account page', { status: 409 });
  }
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  await ctx.db.transaction(async (tx) => {
    await repo.resetPassword(tx, id, passwordHash);
    await deleteUserSessions(tx, id);
    await audit(
      ctx,
      {
        action: 'password_reset',
        resource: 'users',
        resourceId: id,
        fields: ['password_hash', 'mfa_secret_enc', 'recovery_codes'],
        justification: 'temporary password; sessions ended; MFA to enrol again',
      },
      tx,
    );
  });
  return { user: (await repo.getUser(ctx.db, id))!, temporaryPassword: password };
}
