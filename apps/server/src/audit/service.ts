import type { Db } from '../db/index.ts';
import { verifyEntries } from './chain.ts';
import { appendAuditEntry, auditEntriesInOrder } from './repository.ts';

/** Who acts: a request's user, or the command line. */
export interface Actor {
  userId: string | null;
  agencyId: string | null;
}

export interface AuditEvent {
  action: string; // read | list | create | update | delete | login | login_failed | export | import | permission_change | ...
  resource: string; // persons | users | agencies | audit | ...
  resourceId?: string | null;
  fields?: readonly string[];
  justification?: string | null;
}

/** Anything that carries a database and an actor: a request context or a CLI context. */
export interface AuditContext {
  db: Db;
  actor: Actor;
}

/** Appends one entry to the hash-chained audit log. Call it in the same transaction as the write it records. */
export async function audit(ctx: AuditContext, e: AuditEvent, db: Db = ctx.db): Promise<number> {
  return appendAuditEntry(db, {
    at: new Date(),
    userId: ctx.actor.userId,
    agencyId: ctx.actor.agencyId,
    action: e.action,
    resource: e.resource,
    resourceId: e.resourceId ?? null,
    fields: [...(e.fields ?? [])].sort(),
    justification: e.justification ?? null,
  });
}

export type ChainVerification =
  | { ok: true; checked: number; headHash: string }
  | { ok: false; checked: number; firstBadId: number; reason: string };

/** Walks the whole chain; names the first entry that was altered, or that follows a removed one. */
export async function verifyAuditChain(
  db: Db,
  onProgress?: (checked: number) => void,
): Promise<ChainVerification> {
  let state = { prevHash: '0'.repeat(64), checked: 0 };
  for await (const page of auditEntriesInOrder(db)) {
    const r = verifyEntries(page, state);
    if (!r.ok) return r;
    state = { prevHash: r.headHash, checked: r.checked };
    onProgress?.(r.checked);
  }
  return { ok: true, checked: state.checked, headHash: state.prevHash };
}
