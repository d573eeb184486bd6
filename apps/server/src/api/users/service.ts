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

export function assertPasswordAcceptable(password: string): void {
  const problem = passwordProblem(password);
  if (problem)
    throw new AppError(`password_${problem}`, PASSWORD_MESSAGES[problem], {
      status: 400,
      details: [{ field: 'password' }],
      exitCode: 2,
    });
}

/** Only admins grant admin or auditor; agency admins act within their own agency. */
function assertMayManage(actor: SessionUser | null, target: { agencyId: string; role: Role }): void {
  if (!actor) return; // the command line (operator on the server)
  if (actor.role === 'admin') return;
  if (actor.role !== 'agency_admin') throw forbidden();
  if (target.agencyId !== actor.agencyId) throw forbidden('You can manage users of your own agency only');
  if (target.role === 'admin' || target.role === 'auditor')
    throw forbidden('Only an administrator can grant this role');
}

export async function createUser(
  ctx: AuditContext & { user?: SessionUser | null },
  input: { email: string; displayName: string; role: Role; agencyId: string; password: string },
): Promise<User> {
  assertMayManage(ctx.user ?? null, input);
  assertPasswordAcceptable(input.password);
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
  const passwordHash = await hashPassword(input.password);
  return ctx.db.transaction(async (tx) => {
    const user = await repo.insertUser(tx, { ...input, passwordHash });
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
