import type { Db } from '../db/index.ts';

export interface RunRow {
  id: number;
  status: 'running' | 'done' | 'failed';
  persons: number;
  pairs: number;
  parts: number;
  comparisons: string[];
  term_frequencies: boolean;
  model_id: number | null;
  links: number | null;
  error: string | null;
  shards: number;
  keys_added: number | null;
  keys_removed: number | null;
}

export async function insertRun(
  db: Db,
  r: {
    persons: number;
    pairs: number;
    parts: number;
    comparisons: readonly string[];
    termFrequencies: boolean;
    /** The linkage code's digest (code.ts). */
    code: string;
    /** Shards of persons whose blocking keys the workers write (0: none). */
    shards?: number;
  },
): Promise<number> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO linkage_runs (persons, pairs, parts, comparisons, term_frequencies, code, shards)
     VALUES ($1, $2, $3, $4::text[], $5, $6, $7) RETURNING id`,
    [r.persons, r.pairs, r.parts, r.comparisons, r.termFrequencies, r.code, r.shards ?? 0],
  );
  return Number(rows[0]!.id);
}

/** The run's plan, once the coordinator has blocked: its pairs, parts and comparisons. */
export async function setPlan(
  db: Db,
  runId: number,
  p: { pairs: number; parts: number; comparisons: readonly string[]; termFrequencies: boolean },
): Promise<void> {
  await db.query(
    'UPDATE linkage_runs SET pairs = $2, parts = $3, comparisons = $4::text[], term_frequencies = $5 WHERE id = $1',
    [runId, p.pairs, p.parts, p.comparisons, p.termFrequencies],
  );
}

/** The shards of a run: the person ids of each (in id order). */
export async function insertShards(
  db: Db,
  runId: number,
  shards: readonly (readonly string[])[],
): Promise<void> {
  for (let s = 0; s < shards.length; s++)
    await db.query('INSERT INTO linkage_run_shards (run_id, shard, person_ids) VALUES ($1, $2, $3::text[])', [
      runId,
      s,
      shards[s],
    ]);
}

export interface ShardRow {
  person_ids: string[];
  code: string;
  /** The shard's snapshot, once read (encrypted). */
  records_enc: string | null;
}

/** A shard still to index of a running run; null when the run has ended or the shard is done. */
export async function shardToIndex(db: Db, runId: number, shard: number): Promise<ShardRow | null> {
  const { rows } = await db.query<ShardRow>(
    `SELECT s.person_ids, r.code, s.records_enc FROM linkage_run_shards s JOIN linkage_runs r ON r.id = s.run_id
      WHERE s.run_id = $1 AND s.shard = $2 AND r.status = 'running' AND s.finished_at IS NULL`,
    [runId, shard],
  );
  return rows[0] ?? null;
}

/** A shard still to read (no snapshot yet) of a running run; null otherwise. */
export async function shardToRead(
  db: Db,
  runId: number,
  shard: number,
): Promise<{ person_ids: string[]; code: string } | null> {
  const { rows } = await db.query<{ person_ids: string[]; code: string }>(
    `SELECT s.person_ids, r.code FROM linkage_run_shards s JOIN linkage_runs r ON r.id = s.run_id
      WHERE s.run_id = $1 AND s.shard = $2 AND r.status = 'running' AND s.records_enc IS NULL`,
    [runId, shard],
  );
  return rows[0] ?? null;
}

/** The blocking keys stored for these persons. */
export async function storedKeys(
  db: Db,
  personIds: readonly string[],
): Promise<{ person_id: string; key_bidx: string }[]> {
  if (personIds.length === 0) return [];
  const { rows } = await db.query<{ person_id: string; key_bidx: string }>(
    'SELECT person_id, key_bidx FROM person_link_keys WHERE person_id = ANY($1::text[])',
    [personIds],
  );
  return rows;
}

/** COPY's text format escapes (person ids are free text; keys are hex). */
const copyText = (v: string) =>
  v.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!);

/**
 * Writes the difference between the keys a shard derived and those stored: the keys no longer derived deleted,
 * the new ones loaded with COPY (one statement; `unnest` where COPY is not available), and the shard marked done,
 * in one transaction. A shard written twice (a job retried after its answer was lost) changes nothing.
 */
export async function writeShardKeys(
  db: Db,
  runId: number,
  shard: number,
  worker: string,
  remove: readonly (readonly [string, string])[],
  add: readonly (readonly [string, string])[],
): Promise<void> {
  await db.transaction(async (tx) => {
    const { rowCount } = await tx.query(
      `UPDATE linkage_run_shards SET keys_added = $3, keys_removed = $4, worker = $5, error = NULL, finished_at = now()
        WHERE run_id = $1 AND shard = $2 AND finished_at IS NULL`,
      [runId, shard, add.length, remove.length, worker],
    );
    if (rowCount === 0) return;
    for (let i = 0; i < remove.length; i += 50_000) {
      const chunk = remove.slice(i, i + 50_000);
      await tx.query(
        `DELETE FROM person_link_keys k USING unnest($1::text[], $2::text[]) AS d(person_id, key_bidx)
          WHERE k.person_id = d.person_id AND k.key_bidx = d.key_bidx`,
        [chunk.map((x) => x[0]), chunk.map((x) => x[1])],
      );
    }
    if (add.length === 0) return;
    if (tx.copyFrom) {
      let data = '';
      for (const [p, k] of add) data += `${copyText(p)}\t${copyText(k)}\n`;
      await tx.copyFrom('COPY person_link_keys (person_id, key_bidx)', data);
    } else {
      for (let i = 0; i < add.length; i += 50_000) {
        const chunk = add.slice(i, i + 50_000);
        await tx.query(
          'INSERT INTO person_link_keys (person_id, key_bidx) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING',
          [chunk.map((x) => x[0]), chunk.map((x) => x[1])],
        );
      }
    }
  });
}

/**
 * Stores a shard's linkage records (encrypted): the snapshot the coordinator blocks and the workers compare. The
 * first one written stays: a retried job does not replace what the coordinator may already have read.
 */
export async function writeShardSnapshot(
  db: Db,
  runId: number,
  shard: number,
  recordsEnc: string,
): Promise<void> {
  await db.query(
    'UPDATE linkage_run_shards SET records_enc = $3 WHERE run_id = $1 AND shard = $2 AND records_enc IS NULL',
    [runId, shard, recordsEnc],
  );
}

/** The snapshots of a run's shards (every shard done), in shard order: the run's records in id order. */
export async function shardSnapshots(
  db: Db,
  runId: number,
): Promise<{ shard: number; records_enc: string | null }[]> {
  const { rows } = await db.query<{ shard: number; records_enc: string | null }>(
    'SELECT shard, records_enc FROM linkage_run_shards WHERE run_id = $1 ORDER BY shard',
    [runId],
  );
  return rows;
}

/** The last error of a shard whose job has no retry left. */
export async function saveShardError(db: Db, runId: number, shard: number, error: string): Promise<void> {
  await db.query(
    'UPDATE linkage_run_shards SET error = $3 WHERE run_id = $1 AND shard = $2 AND finished_at IS NULL',
    [runId, shard, error.slice(0, 2000)],
  );
}

export async function shardProgress(
  db: Db,
  runId: number,
): Promise<{ shards: number; done: number; read: number; failed: { shard: number; error: string }[] }> {
  const { rows } = await db.query<{ shard: number; done: boolean; read: boolean; error: string | null }>(
    `SELECT shard, finished_at IS NOT NULL AS done, records_enc IS NOT NULL AS read, error
       FROM linkage_run_shards WHERE run_id = $1`,
    [runId],
  );
  let done = 0;
  let read = 0;
  const failed: { shard: number; error: string }[] = [];
  for (const r of rows) {
    if (r.read) read++;
    if (r.done) done++;
    else if (r.error) failed.push({ shard: r.shard, error: r.error });
  }
  return { shards: rows.length, done, read, failed };
}

export async function getRun(db: Db, id: number): Promise<RunRow | null> {
  const { rows } = await db.query<RunRow>(
    `SELECT id, status, persons, pairs, parts, comparisons, term_frequencies, model_id, links, error, shards,
            keys_added, keys_removed
       FROM linkage_runs WHERE id = $1`,
    [id],
  );
  const r = rows[0];
  return r
    ? {
        ...r,
        id: Number(r.id),
        pairs: Number(r.pairs),
        model_id: r.model_id === null ? null : Number(r.model_id),
        keys_added: r.keys_added === null ? null : Number(r.keys_added),
        keys_removed: r.keys_removed === null ? null : Number(r.keys_removed),
      }
    : null;
}

export async function insertParts(
  db: Db,
  runId: number,
  parts: readonly { part: number; recordsEnc?: string | null; pairs: Uint8Array; pairCount: number }[],
): Promise<void> {
  for (const p of parts) {
    await db.query(
      `INSERT INTO linkage_run_parts (run_id, part, records_enc, pairs, pair_count) VALUES ($1, $2, $3, $4, $5)`,
      [
        runId,
        p.part,
        p.recordsEnc ?? null,
        Buffer.from(p.pairs.buffer, p.pairs.byteOffset, p.pairs.length),
        p.pairCount,
      ],
    );
  }
}

export interface PartRow {
  /** The part's own records (parts planned with them); null: the pairs index the run's snapshots. */
  records_enc: string | null;
  pairs: Uint8Array;
  comparisons: string[];
  term_frequencies: boolean;
  code: string;
}

/** A part still to compare of a running run; null when the run has ended or the part is done. */
export async function partToCompare(db: Db, runId: number, part: number): Promise<PartRow | null> {
  const { rows } = await db.query<PartRow>(
    `SELECT p.records_enc, p.pairs, r.comparisons, r.term_frequencies, r.code
       FROM linkage_run_parts p JOIN linkage_runs r ON r.id = p.run_id
      WHERE p.run_id = $1 AND p.part = $2 AND r.status = 'running' AND p.result IS NULL`,
    [runId, part],
  );
  return rows[0] ?? null;
}

/** Stores a part's comparison vectors (once: a retried job that finds it done changes nothing). */
export async function savePartResult(
  db: Db,
  runId: number,
  part: number,
  result: Uint8Array,
  worker: string,
): Promise<void> {
  await db.query(
    `UPDATE linkage_run_parts SET result = $3, worker = $4, error = NULL, finished_at = now()
      WHERE run_id = $1 AND part = $2 AND result IS NULL`,
    [runId, part, Buffer.from(result.buffer, result.byteOffset, result.length), worker],
  );
}

/** The last error of a part whose job has no retry left. */
export async function savePartError(db: Db, runId: number, part: number, error: string): Promise<void> {
  await db.query(
    'UPDATE linkage_run_parts SET error = $3 WHERE run_id = $1 AND part = $2 AND result IS NULL',
    [runId, part, error.slice(0, 2000)],
  );
}

export async function progress(
  db: Db,
  runId: number,
): Promise<{ parts: number; done: number; pairsDone: number; failed: { part: number; error: string }[] }> {
  const { rows } = await db.query<{ part: number; done: boolean; pair_count: number; error: string | null }>(
    `SELECT part, result IS NOT NULL AS done, pair_count, error FROM linkage_run_parts WHERE run_id = $1`,
    [runId],
  );
  let done = 0;
  let pairsDone = 0;
  const failed: { part: number; error: string }[] = [];
  for (const r of rows) {
    if (r.done) {
      done++;
      pairsDone += Number(r.pair_count);
    } else if (r.error) failed.push({ part: r.part, error: r.error });
  }
  return { parts: rows.length, done, pairsDone, failed };
}

export async function partResults(db: Db, runId: number): Promise<{ part: number; result: Uint8Array }[]> {
  const { rows } = await db.query<{ part: number; result: Uint8Array }>(
    'SELECT part, result FROM linkage_run_parts WHERE run_id = $1 AND result IS NOT NULL ORDER BY part',
    [runId],
  );
  return rows;
}

/** Ends a run: its parts (personal data) are deleted, the run's row stays as its record. */
export async function endRun(
  db: Db,
  runId: number,
  end: { status: 'done' | 'failed'; modelId?: number | null; links?: number | null; error?: string | null },
): Promise<void> {
  await db.query('DELETE FROM linkage_run_parts WHERE run_id = $1', [runId]);
  await db.query(
    `UPDATE linkage_runs r SET status = $2, model_id = $3, links = $4, error = $5, finished_at = now(),
            keys_added = s.added, keys_removed = s.removed
       FROM (SELECT sum(keys_added) AS added, sum(keys_removed) AS removed
               FROM linkage_run_shards WHERE run_id = $1) s
      WHERE r.id = $1`,
    [runId, end.status, end.modelId ?? null, end.links ?? null, end.error?.slice(0, 2000) ?? null],
  );
  await db.query('DELETE FROM linkage_run_shards WHERE run_id = $1', [runId]);
}
