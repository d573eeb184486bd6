/**
 * The import/export engine. An import reads the folder once, streaming (bounded memory), inside ONE
 * transaction: valid rows are written batch by batch while validation goes on; the first error stops
 * the writing and the transaction is rolled back, so any error leaves the database unchanged. Rows are upserted
 * in multi-row batches and compared by a keyed hash of their canonical exchange form, so importing
 * the same folder twice changes nothing and the counts say inserted / updated / unchanged per file.
 */
import {
  type CellValue,
  type ExchangeError,
  exchangeError,
  FILE_BY_KIND,
  type FileDef,
  type FolderSource,
  type Progress,
  type RecordKind,
  type Row,
  validateFolder,
  writeFolder,
} from '@enlace/core';
import { idsOwnedElsewhere, readableIds } from '../api/records/scope.ts';
import { type AuditContext, type AuditEvent, audit } from '../audit/service.ts';
import type { Db } from '../db/index.ts';
import { NEED_TO_KNOW, PERSON_FIELDS, type PersonField } from '../security/need-to-know.ts';
import { encodeBatch } from './encode.ts';
import { EncodePool } from './encode-pool.ts';
import { type ExportFilter, existingIds, exportRows, upsertBatch } from './repository.ts';
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
  /**
   * The audit entry written in the import's transaction (default: one `import` entry with the counts): the
   * records API writes its `create`/`update` entry here, so a committed write is always audited.
   */
  auditEvent?: (files: FileCounts[]) => AuditEvent;
  /**
   * Sees each batch of valid rows as it is written (values in spec order). The rows are in the database only
   * if the import then answers ok (one transaction).
   */
  onRows?: (kind: RecordKind, rows: readonly Row[]) => void;
  /** Filled in while the import runs (the benchmark's parts). */
  stats?: ImportStats;
  /**
   * Encode full batches (encryption, blind index, row hash) on a second thread (encode-pool.ts) while this one
   * parses the next; the stored values are the same. Default: off (ENLACE_IMPORT_THREAD=on turns it on): measured
   * on the 2-core machine with the database server on the same cores it was not faster — the import then waits on
   * the database, which the extra thread takes CPU from, and starting the thread costs ~0.3 s of CPU
   * (docs/exchange.md, benchmark). Worth trying where the database has cores of its own.
   */
  encodeThread?: boolean;
}

/**
 * Where an import's time went, for the benchmark (`ImportOptions.stats`, accumulated): the importing process's CPU
 * spent encrypting personal fields, computing blind indexes and row hashes (`toDb` + `rowHash`), and the wall time
 * the import waited for the database to finish writing a batch. The rest of the import's CPU is parsing and
 * validation (and the driver's encoding).
 */
export interface ImportStats {
  /** CPU of the importing thread encoding, when it encodes (no encoding thread). */
  encryptCpuSeconds: number;
  /** Time the encoding thread spent encoding (its wall time: includes waiting for a core on a busy machine). */
  encodeThreadSeconds?: number;
  /** Batches the encoding thread encoded. */
  encodedOnThread?: number;
  writeWaitSeconds: number;
}

const cpuSecondsSince = (start: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(start);
  return (u.user + u.system) / 1e6;
};

class Rejected extends Error {
  constructor(
    readonly errors: ExchangeError[],
    readonly errorCount: number = errors.length,
    readonly files: FileCounts[] = [],
  ) {
    super('import rejected');
  }
}

export async function importFolder(
  ctx: AuditContext,
  src: FolderSource,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  const allowed = opts.agencies ? new Set(opts.agencies) : undefined;
  const readOpts = {
    maxErrors: opts.maxErrors ?? 1000,
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    ...(allowed ? { allowedAgencies: allowed } : {}),
  };
  const empty = (f: { file: string; rows: number }): FileCounts => ({
    file: f.file,
    rows: f.rows,
    inserted: 0,
    updated: 0,
    unchanged: 0,
  });
  if (opts.dryRun) {
    const v = await validateFolder(src, {
      ...readOpts,
      existsInDb: (kind, ids) => referable(ctx.db, kind, ids, opts.agencies),
    });
    return { ok: v.ok, dryRun: true, files: v.files.map(empty), errors: v.errors, errorCount: v.errorCount };
  }

  // One pass, one transaction: rows are validated and written batch by batch; the first error stops
  // the writing, validation goes on to list every error, and the transaction is rolled back.
  const batchSize = opts.batchSize ?? 2000;
  const stats = opts.stats;
  const useThread = opts.encodeThread ?? process.env.ENLACE_IMPORT_THREAD === 'on';
  let pool = null as EncodePool | null; // started by the first full batch (in `write`)
  try {
    return await ctx.db.transaction(async (tx) => {
      const counts = new Map<string, FileCounts>();
      let inflight: Promise<void> = Promise.resolve();
      const write = async (def: FileDef, batch: Row[]) => {
        let c = counts.get(def.file);
        if (!c) {
          c = { file: def.file, rows: 0, inserted: 0, updated: 0, unchanged: 0 };
          counts.set(def.file, c);
        }
        // The batch is encoded (encrypted, hashed) BEFORE waiting for the previous batch's upsert: the database
        // writes that one while this batch is encoded (with encodeThread, on the encoding thread for full batches,
        // so this thread goes on parsing and validating the next batch meanwhile).
        const e0 = stats ? process.cpuUsage() : null;
        if (!pool && useThread && batch.length >= Math.min(batchSize, 1000)) pool = new EncodePool();
        const rowsValues = batch.map((r) => r.values);
        const encoded: Promise<unknown[][]> = pool
          ? pool.encode(def.kind, rowsValues, stats)
          : Promise.resolve(encodeBatch(def.kind, rowsValues));
        encoded.catch(() => {}); // awaited below, after the previous batch
        if (stats && e0 && !pool) stats.encryptCpuSeconds += cpuSecondsSince(e0);
        const w0 = stats ? performance.now() : 0;
        await inflight;
        if (stats) stats.writeWaitSeconds += (performance.now() - w0) / 1000;
        if (opts.agencies && def.kind !== 'agencies') await checkOwnership(tx, def, batch, opts.agencies);
        opts.onRows?.(def.kind, batch);
        const n = batch.length;
        const fc = c;
        // pipelined: the database writes this batch while the next one is parsed and checked
        inflight = encoded
          .then((cols) =>
            upsertBatch(
              tx,
              def.kind,
              cols,
              // a scoped upload may add an agency it names, never rename one (its own included): agencies:write is
              // the administrator's
              opts.agencies ? { onlyUpdateAgencies: [] } : {},
            ),
          )
          .then((res) => {
            fc.inserted += res.inserted;
            fc.updated += res.updated;
            fc.unchanged += n - res.inserted - res.updated;
            fc.rows += n;
          });
        inflight.catch(() => {}); // awaited before the next batch and at the end
      };
      const v = await validateFolder(src, {
        ...readOpts,
        existsInDb: async (kind, ids) => {
          await inflight;
          return referable(tx, kind, ids, opts.agencies);
        },
        writer: { batchSize, write },
      });
      const w0 = stats ? performance.now() : 0;
      await inflight;
      if (stats) stats.writeWaitSeconds += (performance.now() - w0) / 1000;
      if (!v.ok) throw new Rejected(v.errors, v.errorCount, v.files.map(empty));
      const files = v.files.map((f) => counts.get(f.file) ?? empty({ file: f.file, rows: 0 }));
      await audit(
        ctx,
        opts.auditEvent?.(files) ?? {
          action: 'import',
          resource: 'exchange',
          fields: v.files.flatMap((f) => personalFields(f.kind).map((x) => `${f.kind}.${x}`)),
          justification: files.map((c) => `${c.file}:${c.inserted}/${c.updated}/${c.unchanged}`).join(' '),
        },
        tx,
      );
      return { ok: true, dryRun: false, files, errors: [], errorCount: 0 };
    });
  } catch (err) {
    if (err instanceof Rejected) {
      return { ok: false, dryRun: false, files: err.files, errors: err.errors, errorCount: err.errorCount };
    }
    throw err;
  } finally {
    if (stats && pool) stats.encodedOnThread = pool.encodedByThread;
    await pool?.close();
  }
}

/**
 * The referenced records a write may name: in a scoped upload (records API, web upload) only those the
 * uploading agency may read — another agency's record is answered as unknown, exactly like a missing one.
 */
function referable(
  db: Db,
  kind: RecordKind,
  ids: readonly string[],
  agencies: readonly string[] | undefined,
) {
  return agencies ? readableIds(db, kind, ids, agencies) : existingIds(db, kind, ids);
}

/**
 * A scoped write may change only its own agencies' records, and may create records only under its own agencies'
 * ids (`<agency_id>/…`, as the exchange format says agencies prefix their ids). Another agency's id, existing or
 * not, gets the same answer: the upload cannot test which ids exist, nor take an id before its agency uses it.
 */
async function checkOwnership(
  tx: Db,
  def: FileDef,
  batch: { line: number; values: CellValue[] }[],
  agencies: readonly string[],
) {
  const idIdx = def.columns.findIndex((c) => c.name === def.idColumn);
  const ids = batch.map((r) => r.values[idIdx] as string);
  const foreign = new Set(await idsOwnedElsewhere(tx, def.kind, ids, agencies));
  const existing = await existingIds(tx, def.kind, ids);
  const refused = batch.filter((r) => {
    const id = r.values[idIdx] as string;
    return foreign.has(id) || (!existing.has(id) && !inNamespace(id, agencies));
  });
  if (!refused.length) return;
  throw new Rejected(
    refused.map((r) =>
      exchangeError(def.file, r.line, def.idColumn, 'id_outside_agency', {
        value: r.values[idIdx] as string,
        detail: `${agencies[0]}/…`,
      }),
    ),
  );
}

/** Whether an id lies under one of the agencies' prefixes (`fge-cmx/2022-0147`). */
export const inNamespace = (id: string, agencies: readonly string[]): boolean =>
  agencies.some((a) => id.startsWith(`${a}/`));

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
    (def) =>
      mapRows(exportRows(ctx.db, def.kind, filter), (row) =>
        def.kind === 'persons' && opts.agencies && !opts.agencies.includes(row.agency_id as string)
          ? foreignPerson(TABLES.persons.fromDb(row))
          : TABLES[def.kind].fromDb(row),
      ),
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

/**
 * A person of another agency in an agency's export (there because one of the agency's rows names it, e.g. a
 * person referred to it): only what a referral shows (docs/security.md, need to know), never identifiers or contact.
 */
function foreignPerson(values: unknown[]): unknown[] {
  const rule = NEED_TO_KNOW.caseworker.referral ?? {};
  return FILE_BY_KIND.persons.columns.map((c, i) => {
    const v = values[i];
    if (!(PERSON_FIELDS as readonly string[]).includes(c.name)) return v;
    const a = rule[c.name as PersonField];
    return a === 'full' ? v : a === 'year' && typeof v === 'string' ? v.slice(0, 4) : null;
  });
}

async function* mapRows<T, U>(it: AsyncIterable<T>, fn: (t: T) => U): AsyncIterable<U> {
  for await (const x of it) yield fn(x);
}
