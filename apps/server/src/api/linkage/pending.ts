import type { AuditContext } from '../../audit/service.ts';
import type { Db } from '../../db/index.ts';
import { latestModel } from './repository.ts';
import { type KnownPersons, linkNewPersons } from './service.ts';

const CHUNK = 5000;

/** Persons that have never been linked, or whose identifying data changed since (their keys were dropped). */
export async function pendingPersonIds(db: Db): Promise<string[]> {
  const { rows } = await db.query<{ person_id: string }>(
    `SELECT p.person_id FROM persons p
      WHERE NOT EXISTS (SELECT 1 FROM person_link_keys k WHERE k.person_id = p.person_id)
      ORDER BY p.person_id COLLATE "C"`,
  );
  return rows.map((r) => r.person_id);
}

/**
 * The incremental linkage pass run after every import and every entry of a person: each pending person is
 * compared with its blocking candidates only (the first pass estimates the model on everyone).
 */
export async function linkPendingPersons(
  ctx: AuditContext,
  onProgress?: (done: number, total: number) => void,
  /** Persons already in memory (an import's committed rows): not read and decrypted again. */
  known?: KnownPersons,
): Promise<{ persons: number; links: number }> {
  const ids = await pendingPersonIds(ctx.db);
  if (ids.length === 0) return { persons: 0, links: 0 };
  if (!(await latestModel(ctx.db))) {
    // No model yet: one pass estimates it on every person and links them all (or waits for more persons).
    const r = await linkNewPersons(ctx, ids, known);
    onProgress?.(ids.length, ids.length);
    return { persons: ids.length, links: r.links };
  }
  let links = 0;
  for (let i = 0; i < ids.length; i += CHUNK) {
    const r = await linkNewPersons(ctx, ids.slice(i, i + CHUNK), known);
    links += r.links;
    onProgress?.(Math.min(i + CHUNK, ids.length), ids.length);
  }
  return { persons: ids.length, links };
}
