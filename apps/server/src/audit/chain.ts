import { createHash } from 'node:crypto';

/** One audit entry as stored (the columns that enter the hash). */
export interface AuditEntryFields {
  at: Date;
  userId: string | null;
  agencyId: string | null;
  action: string;
  resource: string;
  resourceId: string | null;
  fields: readonly string[];
  justification: string | null;
}

export const GENESIS_HASH = '0'.repeat(64);

/** The canonical text of an entry: a JSON array in a fixed order. */
export function canonicalEntry(e: AuditEntryFields): string {
  return JSON.stringify([
    e.at.toISOString(),
    e.userId,
    e.agencyId,
    e.action,
    e.resource,
    e.resourceId,
    [...e.fields],
    e.justification,
  ]);
}

export function chainHash(prevHash: string, e: AuditEntryFields): string {
  return createHash('sha256')
    .update(prevHash + canonicalEntry(e), 'utf8')
    .digest('hex');
}

export interface StoredEntry extends AuditEntryFields {
  id: number;
  prevHash: string;
  hash: string;
}

export type VerifyResult =
  | { ok: true; checked: number; headHash: string }
  | { ok: false; checked: number; firstBadId: number; reason: 'altered' | 'missing_before' | 'bad_link' };

/** Walks entries in id order; names the first entry whose content or link does not match. */
export function verifyEntries(
  entries: Iterable<StoredEntry>,
  start = { prevHash: GENESIS_HASH, checked: 0 },
) {
  let prev = start.prevHash;
  let checked = start.checked;
  for (const e of entries) {
    if (e.prevHash !== prev) {
      return { ok: false, checked, firstBadId: e.id, reason: 'missing_before' } as const;
    }
    if (chainHash(prev, e) !== e.hash) {
      return { ok: false, checked, firstBadId: e.id, reason: 'altered' } as const;
    }
    prev = e.hash;
    checked++;
  }
  return { ok: true, checked, headHash: prev } as const;
}
