/**
 * Break-glass: a caseworker or hotline operator who opens a person or a case that is not their own must say why.
 * "Their own": a case they created or are assigned to; a person they recorded, or the person of such a case
 * (see `isOwn`). Without a reason the answer is 403 `justification_required` and carries no personal data; with
 * one (10-500 characters, header `x-enlace-justification`, percent-encoded UTF-8) the read goes ahead, the reason
 * is written into the read's audit entry and a `break_glass` alert is raised for the agency's admins and auditors.
 *
 * Supervisors and agency admins read their agency's records without a prompt (they assign and review the work);
 * their reads are audited and count toward bulk-read alerts like everyone's. Service providers only ever reach
 * persons referred to them (and, through referrals, with consent checked at every read); they are not prompted.
 */
import { AppError } from '../../errors.ts';
import type { RequestContext } from '../../http/context.ts';
import type { Role } from '../../security/permissions.ts';
import { caseAgency, flagBreakGlass, type GuardedResource, isOwn } from './repository.ts';

export const JUSTIFICATION_HEADER = 'x-enlace-justification';
export const JUSTIFICATION_MIN = 10;
export const JUSTIFICATION_MAX = 500;
/** Roles asked for a reason outside their own records. */
export const PROMPTED_ROLES: readonly Role[] = ['caseworker', 'hotline_operator'];

/**
 * "Own" answers, kept for a minute per process so that a caseworker's repeated reads of their own records cost
 * no extra statement (the hot path of the API benchmark). Only positive answers are kept: a record that is not
 * one's own is checked at every read. So an unassigned case stays its former assignee's for at most a minute.
 */
const OWN_TTL_MS = 60_000;
const OWN_MAX = 20_000;
const ownCache = new WeakMap<object, Map<string, number>>();
async function ownCached(
  ctx: Pick<RequestContext, 'db'>,
  userId: string,
  resource: GuardedResource,
  id: string,
): Promise<boolean> {
  let cache = ownCache.get(ctx.db);
  if (!cache) {
    cache = new Map();
    ownCache.set(ctx.db, cache);
  }
  const key = `${userId}|${resource}|${id}`;
  const now = Date.now();
  const until = cache.get(key);
  if (until !== undefined && until > now) return true;
  const own = await isOwn(ctx.db, userId, resource, id);
  if (own) {
    if (cache.size >= OWN_MAX) cache.clear();
    cache.set(key, now + OWN_TTL_MS);
  } else if (until !== undefined) cache.delete(key);
  return own;
}

/** After an assignment change: this process forgets every kept "own" answer. */
export function forgetOwnership(db: object): void {
  ownCache.delete(db);
}

/** The header's value, percent-decoded (a raw value that is not valid percent-encoding is taken as is). */
export function justificationHeader(raw: string | string[] | undefined): string | null {
  const v = Array.isArray(raw) ? raw[0] : raw;
  if (v === undefined) return null;
  let text = v;
  try {
    text = decodeURIComponent(v);
  } catch {
    // not percent-encoded: keep the raw text
  }
  text = text.replace(/\s+/g, ' ').trim();
  return text === '' ? null : text;
}

/**
 * Call after the record was found in the user's scope and before any of its data is returned. Returns the reason
 * to write into the read's audit entry (null when none was needed), or throws 403 `justification_required` /
 * 400 `justification_invalid`.
 */
export async function requireJustification(
  ctx: Pick<RequestContext, 'db' | 'user' | 'justification'>,
  resource: GuardedResource,
  id: string,
): Promise<string | null> {
  const user = ctx.user;
  if (!user || !PROMPTED_ROLES.includes(user.role)) return null;
  if (await ownCached(ctx, user.id, resource, id)) return null;
  const reason = ctx.justification ?? null;
  const details = [
    { header: JUSTIFICATION_HEADER, minLength: JUSTIFICATION_MIN, maxLength: JUSTIFICATION_MAX, resource },
  ];
  if (reason === null) {
    throw new AppError(
      'justification_required',
      'This record is not one of your cases: say why you need to open it (the access is recorded and reviewed)',
      { status: 403, details },
    );
  }
  if ([...reason].length < JUSTIFICATION_MIN || [...reason].length > JUSTIFICATION_MAX) {
    throw new AppError(
      'justification_invalid',
      `The reason must have ${JUSTIFICATION_MIN} to ${JUSTIFICATION_MAX} characters`,
      { status: 400, details },
    );
  }
  await flagBreakGlass(ctx.db, {
    agencyId: user.agencyId,
    userId: user.id,
    resource,
    resourceId: id,
    justification: reason,
  });
  return reason;
}

/**
 * For case routes that answer with the whole case (change, closure request): a case of the user's agency needs the
 * reason like a read; any other case is left to the route's own scope check (404).
 */
export async function requireJustificationForCase(
  ctx: Pick<RequestContext, 'db' | 'user' | 'justification'>,
  caseId: string,
): Promise<string | null> {
  const user = ctx.user;
  if (!user || !PROMPTED_ROLES.includes(user.role)) return null;
  if ((await caseAgency(ctx.db, caseId)) !== user.agencyId) return null;
  return requireJustification(ctx, 'cases', caseId);
}
