/**
 * The computed figures of the dashboard and the report document, kept per database until the data they
 * read changes: the key carries `report_data_version` (migration 090, moved by a statement-level trigger on
 * every table the report reads), so a write anywhere in those tables makes the next request recompute.
 * Entries also expire after `ttlMs` (a version read while a write was uncommitted may already be the
 * write's), and at most `max` are kept (least recently used dropped, lru-cache; `max` of the first call per
 * database). Aggregates only: no personal data.
 */
import { LRUCache } from 'lru-cache';
import type { Db } from '../../db/index.ts';

export interface CacheOptions {
  ttlMs?: number;
  max?: number;
  now?: () => number;
}

interface Entry {
  at: number;
  value: Promise<unknown>;
}

const caches = new WeakMap<Db, LRUCache<string, Entry>>();

export async function dataVersion(db: Db): Promise<string> {
  const r = await db.query<{ v: string }>(
    'SELECT CASE WHEN is_called THEN last_value ELSE 0 END::text AS v FROM report_data_version',
  );
  return r.rows[0]?.v ?? '0';
}

/**
 * The value of `compute` for `key` at the current data version, computed once: concurrent requests for the
 * same key share one computation; a failed one is not kept.
 */
export async function cached<T>(
  db: Db,
  key: string,
  compute: () => Promise<T>,
  opts: CacheOptions = {},
): Promise<T> {
  const { ttlMs = 60_000, max = 48, now = Date.now } = opts;
  let cache = caches.get(db);
  if (!cache) {
    cache = new LRUCache({ max });
    caches.set(db, cache);
  }
  const full = `${await dataVersion(db)}|${key}`;
  const hit = cache.get(full);
  if (hit && now() - hit.at < ttlMs) return hit.value as Promise<T>;
  const value = compute();
  const entry = { at: now(), value };
  cache.set(full, entry);
  const kept = cache;
  value.catch(() => {
    if (kept.peek(full) === entry) kept.delete(full);
  });
  return value;
}
