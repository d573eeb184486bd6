import type { Db } from '../db/index.ts';
import { type AuditEntryFields, canonicalEntry, type StoredEntry } from './chain.ts';

/** The arguments of audit_append() / audit_append_batch() for one entry (`fields` as that function takes it). */
const auditArgs = (e: AuditEntryFields, fields: unknown): unknown[] => [
  e.at,
  e.userId,
  e.agencyId,
  e.action,
  e.resource,
  e.resourceId,
  fields,
  e.justification,
  canonicalEntry(e),
];

export async function appendAuditEntry(db: Db, e: AuditEntryFields): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    'SELECT audit_append($1, $2, $3, $4, $5, $6, $7, $8, $9) AS id',
    auditArgs(e, e.fields),
  );
  return Number(rows[0]!.id);
}

/**
 * Appends several entries atomically (group commit) in one statement: `audit_append_batch()` takes the same
 * advisory lock as `audit_append()`, reads the chain head and chains the entries in the given order.
 */
export async function appendAuditEntries(db: Db, entries: readonly AuditEntryFields[]): Promise<void> {
  const cols: unknown[][] = Array.from({ length: 9 }, () => []);
  for (const e of entries) {
    auditArgs(e, JSON.stringify(e.fields)).forEach((v, i) => {
      cols[i]!.push(v);
    });
  }
  await db.query(
    `SELECT audit_append_batch($1::timestamptz[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[],
                               $7::text[], $8::text[], $9::text[])`,
    cols,
    { prepare: true },
  );
}

interface Row {
  id: number | string;
  at: Date;
  user_id: string | null;
  agency_id: string | null;
  action: string;
  resource: string;
  resource_id: string | null;
  fields: string[];
  justification: string | null;
  prev_hash: string;
  hash: string;
}

const toEntry = (r: Row): StoredEntry => ({
  id: Number(r.id),
  at: r.at instanceof Date ? r.at : new Date(r.at),
  userId: r.user_id,
  agencyId: r.agency_id,
  action: r.action,
  resource: r.resource,
  resourceId: r.resource_id,
  fields: r.fields ?? [],
  justification: r.justification,
  prevHash: r.prev_hash,
  hash: r.hash,
});

const COLUMNS =
  'id, at, user_id, agency_id, action, resource, resource_id, fields, justification, prev_hash, hash';

/** Entries in id order, in pages (keyset pagination) so verification runs in bounded memory. */
export async function* auditEntriesInOrder(db: Db, pageSize = 5000): AsyncGenerator<StoredEntry[]> {
  let after = 0;
  for (;;) {
    const { rows } = await db.query<Row>(
      `SELECT ${COLUMNS} FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2`,
      [after, pageSize],
    );
    if (rows.length === 0) return;
    const page = rows.map(toEntry);
    yield page;
    after = page[page.length - 1]!.id;
  }
}

export interface AuditListFilter {
  limit: number;
  offset: number;
  resource?: string | undefined;
  userId?: string | undefined;
  action?: string | undefined;
  /** Only entries of this agency's users (an agency auditor); undefined: every agency (national auditor). */
  agencyId?: string | undefined;
}

export async function listAuditEntries(db: Db, f: AuditListFilter) {
  const where: string[] = [];
  const params: unknown[] = [];
  if (f.resource) where.push(`resource = $${params.push(f.resource)}`);
  if (f.userId) where.push(`user_id = $${params.push(f.userId)}`);
  if (f.action) where.push(`action = $${params.push(f.action)}`);
  if (f.agencyId) where.push(`agency_id = $${params.push(f.agencyId)}`);
  const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log ${w}`, params);
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM audit_log ${w} ORDER BY id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, f.limit, f.offset],
  );
  return { items: rows.map(toEntry), total: total.rows[0]?.n ?? 0 };
}
