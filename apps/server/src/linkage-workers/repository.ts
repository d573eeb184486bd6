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
  },
): Promise<number> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO linkage_runs (persons, pairs, parts, comparisons, term_frequencies, code)
     VALUES ($1, $2, $3, $4::text[], $5, $6) RETURNING id`,
    [r.persons, r.pairs, r.parts, r.comparisons, r.termFrequencies, r.code],
  );
  return Number(rows[0]!.id);
}

export async function getRun(db: Db, id: number): Promise<RunRow | null> {
  const { rows } = await db.query<RunRow>(
    `SELECT id, status, persons, pairs, parts, comparisons, term_frequencies, model_id, links, error
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
      }
    : null;
}

export async function insertParts(
  db: Db,
  runId: number,
  parts: readonly { part: number; recordsEnc: string; pairs: Uint8Array; pairCount: number }[],
): Promise<void> {
  for (const p of parts) {
    await db.query(
      `INSERT INTO linkage_run_parts (run_id, part, records_enc, pairs, pair_count) VALUES ($1, $2, $3, $4, $5)`,
      [
        runId,
        p.part,
        p.recordsEnc,
        Buffer.from(p.pairs.buffer, p.pairs.byteOffset, p.pairs.length),
        p.pairCount,
      ],
    );
  }
}

export interface PartRow {
  records_enc: string;
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
    `UPDATE linkage_runs SET status = $2, model_id = $3, links = $4, error = $5, finished_at = now() WHERE id = $1`,
    [runId, end.status, end.modelId ?? null, end.links ?? null, end.error?.slice(0, 2000) ?? null],
  );
}
