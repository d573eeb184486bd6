import type { Db } from '../db/index.ts';
import type { AuditEntryFields } from './chain.ts';
import { verifyEntries } from './chain.ts';
import { appendAuditEntries, appendAuditEntry, auditEntriesInOrder } from './repository.ts';

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

/**
 * Appends one entry to the hash-chained audit log and resolves once it is durable.
 * - With `tx` (the transaction of the write it records): appended inside that transaction, so the entry and
 *   the write commit or roll back together.
 * - Without: group commit. Entries of concurrent requests are appended together in one transaction; each caller
 *   waits for that commit before answering, so nothing acknowledged lacks its audit entry.
 */
export async function audit(ctx: AuditContext, e: AuditEvent, tx?: Db): Promise<void> {
  const entry: AuditEntryFields = {
    at: new Date(),
    userId: ctx.actor.userId,
    agencyId: ctx.actor.agencyId,
    action: e.action,
    resource: e.resource,
    resourceId: e.resourceId ?? null,
    fields: [...(e.fields ?? [])].sort(),
    justification: e.justification ?? null,
  };
  if (tx && tx !== ctx.db) {
    await appendAuditEntry(tx, entry);
    return;
  }
  await enqueue(ctx.db, entry);
}

interface Pending {
  entry: AuditEntryFields;
  resolve: () => void;
  reject: (err: unknown) => void;
}
interface Batcher {
  pending: Pending[];
  running: boolean;
}
const MAX_BATCH = 500;
const batchers = new WeakMap<Db, Batcher>();

function enqueue(db: Db, entry: AuditEntryFields): Promise<void> {
  let b = batchers.get(db);
  if (!b) {
    b = { pending: [], running: false };
    batchers.set(db, b);
  }
  const batcher = b;
  return new Promise<void>((resolve, reject) => {
    batcher.pending.push({ entry, resolve, reject });
    if (!batcher.running) {
      batcher.running = true;
      setImmediate(() => void drain(db, batcher));
    }
  });
}

async function drain(db: Db, b: Batcher): Promise<void> {
  while (b.pending.length > 0) {
    const batch = b.pending.splice(0, MAX_BATCH);
    try {
      await appendAuditEntries(
        db,
        batch.map((p) => p.entry),
      );
      for (const p of batch) p.resolve();
    } catch (err) {
      for (const p of batch) p.reject(err);
    }
  }
  b.running = false;
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
