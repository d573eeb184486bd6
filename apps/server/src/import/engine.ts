/**
 * The import/export engine. An import validates the whole folder first (streaming, bounded memory),
 * then loads it in ONE transaction: any failure leaves the database unchanged. Rows are upserted
 * in multi-row batches and compared by a keyed hash of their canonical exchange form, so importing
 * the same folder twice changes nothing and the counts say inserted / updated / unchanged per file.
 */
import { createHmac } from 'node:crypto';
import {
  type CellValue,
  type ExchangeError,
  exchangeError,
  type FileDef,
  type FolderSource,
  formatRow,
  type Progress,
  presentFiles,
  type RecordKind,
  readRows,
  validateFolder,
  writeFolder,
} from '@enlace/core';
import { type AuditContext, audit } from '../audit/service.ts';
import type { Db } from '../db/index.ts';
import { derivedSecret } from '../security/crypto.ts';
import { type ExportFilter, existingIds, exportRows, idsOwnedElsewhere, upsertBatch } from './repository.ts';
import { personalFields, TABLES } from './tables.ts';

export interface FileCounts {
  file: string;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface ImportResult {
  ok: boolean;
  dryRun: boolean;
  files: FileCounts[];
  errors: ExchangeError[];
  errorCount: number;
}

export interface ImportOptions {
  dryRun?: boolean;
  maxErrors?: number;
  /** Scoped upload: rows must belong to these agencies; other agencies' rows are never changed. */
  agencies?: readonly string[];
  onProgress?: (p: Progress) => void;
  batchSize?: number;
}

class Rejected extends Error {
  constructor(readonly errors: ExchangeError[]) {
    super('import rejected');
  }
}

let hashKey: Buffer | null = null;
function rowHash(def: FileDef, values: readonly unknown[]): string {
  hashKey ??= derivedSecret('exchange-row-hash');
  return createHmac('sha256', hashKey).update(formatRow(def, values)).digest('base64url');
}

export async function importFolder(
  ctx: AuditContext,
  src: FolderSource,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  const db = ctx.db;
  const allowed = opts.agencies ? new Set(opts.agencies) : undefined;
  const validation = await validateFolder(src, {
    existsInDb: (kind, ids) => existingIds(db, kind, ids),
    maxErrors: opts.maxErrors ?? 1000,
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    ...(allowed ? { allowedAgencies: allowed } : {}),
  });
  const empty = (f: { file: string; rows: number }): FileCounts => ({
    file: f.file,
    rows: f.rows,
    inserted: 0,
    updated: 0,
    unchanged: 0,
  });
  if (!validation.ok) {
    return {
      ok: false,
      dryRun: !!opts.dryRun,
      files: validation.files.map(empty),
      errors: validation.errors,
      errorCount: validation.errorCount,
    };
  }
  if (opts.dryRun) {
    return { ok: true, dryRun: true, files: validation.files.map(empty), errors: [], errorCount: 0 };
  }

  const defs = await presentFiles(src);
  const totalBytes = (await src.list()).reduce((s, f) => s + f.size, 0);
  const batchSize = opts.batchSize ?? 2000;
  try {
    const files = await db.transaction(async (tx) => {
      const out: FileCounts[] = [];
      let doneBytes = 0;
      for (const def of defs) {
        const t = TABLES[def.kind];
        const counts: FileCounts = { file: def.file, rows: 0, inserted: 0, updated: 0, unchanged: 0 };
        let batch: { line: number; values: CellValue[] }[] = [];
        let inflight: Promise<void> = Promise.resolve();
        const flush = async () => {
          if (!batch.length) return;
          if (opts.agencies && def.kind !== 'agencies') await checkOwnership(tx, def, batch, opts.agencies);
          const cols: unknown[][] = t.columns.map(() => new Array(batch.length));
          const hashes: string[] = new Array(batch.length);
          for (let r = 0; r < batch.length; r++) {
            const values = batch[r]!.values;
            const dbValues = t.toDb(values);
            for (let c = 0; c < cols.length; c++) cols[c]![r] = dbValues[c];
            hashes[r] = rowHash(def, values);
          }
          cols.push(hashes);
          // pipeline: the database writes this batch while the next one is parsed and encrypted
          await inflight;
          const n = batch.length;
          inflight = upsertBatch(
            tx,
            def.kind,
            cols,
            opts.agencies ? { onlyUpdateAgencies: opts.agencies } : {},
          ).then((res) => {
            counts.inserted += res.inserted;
            counts.updated += res.updated;
            counts.unchanged += n - res.inserted - res.updated;
            counts.rows += n;
          });
          inflight.catch(() => {}); // awaited below; no unhandled rejection in between
          batch = [];
        };
        const size = (await src.list()).find((f) => f.name === def.file)?.size ?? 0;
        await readRows(
          src,
          def,
          async (row) => {
            batch.push(row);
            if (batch.length >= batchSize) await flush();
          },
          opts.onProgress
            ? (rows, bytes) =>
                opts.onProgress!({
                  file: def.file,
                  rows,
                  bytes: doneBytes + bytes,
                  totalBytes,
                  phase: 'load',
                })
            : undefined,
        );
        await flush();
        await inflight;
        doneBytes += size;
        out.push(counts);
      }
      await audit(
        ctx,
        {
          action: 'import',
          resource: 'exchange',
          fields: defs.flatMap((d) => personalFields(d.kind).map((f) => `${d.kind}.${f}`)),
          justification: out.map((c) => `${c.file}:${c.inserted}/${c.updated}/${c.unchanged}`).join(' '),
        },
        tx,
      );
      return out;
    });
    return { ok: true, dryRun: false, files, errors: [], errorCount: 0 };
  } catch (err) {
    if (err instanceof Rejected) {
      return {
        ok: false,
        dryRun: false,
        files: validation.files.map(empty),
        errors: err.errors,
        errorCount: err.errors.length,
      };
    }
    throw err;
  }
}

async function checkOwnership(
  tx: Db,
  def: FileDef,
  batch: { line: number; values: CellValue[] }[],
  agencies: readonly string[],
) {
  const idIdx = def.columns.findIndex((c) => c.name === def.idColumn);
  const ids = batch.map((r) => r.values[idIdx] as string);
  const foreign = await idsOwnedElsewhere(tx, def.kind, ids, agencies);
  if (!foreign.length) return;
  const set = new Set(foreign);
  throw new Rejected(
    batch
      .filter((r) => set.has(r.values[idIdx] as string))
      .map((r) =>
        exchangeError(def.file, r.line, def.idColumn, 'forbidden_agency', {
          value: r.values[idIdx] as string,
        }),
      ),
  );
}

export interface ExportOptions extends ExportFilter {
  onFile?: (file: string, rows: number) => void;
}

/** Writes the database (or the part selected by the filter) as an exchange folder. */
export async function exportFolder(
  ctx: AuditContext,
  dir: string,
  opts: ExportOptions = {},
): Promise<Record<string, number>> {
  const filter: ExportFilter = { agencies: opts.agencies, year: opts.year };
  const counts = await writeFolder(
    dir,
    (def) => mapRows(exportRows(ctx.db, def.kind, filter), (row) => TABLES[def.kind].fromDb(row)),
    opts.onFile,
  );
  await audit(ctx, {
    action: 'export',
    resource: 'exchange',
    fields: (Object.keys(TABLES) as RecordKind[]).flatMap((k) => personalFields(k).map((f) => `${k}.${f}`)),
    justification: [
      opts.agencies ? `agencies=${opts.agencies.join(',')}` : null,
      opts.year !== undefined ? `year=${opts.year}` : null,
    ]
      .filter(Boolean)
      .join(' '),
  });
  return counts;
}

async function* mapRows<T, U>(it: AsyncIterable<T>, fn: (t: T) => U): AsyncIterable<U> {
  for await (const x of it) yield fn(x);
}
