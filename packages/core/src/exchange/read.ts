/**
 * Streaming reader and validator of exchange-format folders. Memory is bounded by the ids of the
 * referenced files (agencies, persons, investigations, prosecutions, convictions), never by rows.
 */
import { parse } from 'csv-parse';
import { type CellValue, MAX_RECORD_CHARS, parseCell } from './cells.ts';
import { type ExchangeError, type ExchangeErrorCode, exchangeError } from './errors.ts';
import type { FolderSource } from './source.ts';
import {
  type ColumnDef,
  FILE_BY_NAME,
  FILES,
  type FileDef,
  REQUIRED_FILES,
  type RecordKind,
} from './spec.ts';

/** Answers which of `ids` of record kind `kind` already exist in the database. */
export type ExistsInDb = (kind: RecordKind, ids: readonly string[]) => Promise<ReadonlySet<string>>;

export interface Progress {
  file: string;
  rows: number;
  /** Bytes of this run read so far (all files of the pass), and their total. */
  bytes: number;
  totalBytes: number;
  phase: 'validate' | 'load';
}

export interface ReadOptions {
  existsInDb?: ExistsInDb;
  /** Cap of the error list; the count of errors past it is still reported. Default 1000. */
  maxErrors?: number;
  onProgress?: (p: Progress) => void;
  /** When set, every row's owning agency must be one of these (scoped uploads). */
  allowedAgencies?: ReadonlySet<string>;
  /**
   * Single-pass loading: valid rows are handed over in batches while the folder is validated,
   * but only while no error has been found, and only after the batch's references to the
   * database were checked. The caller writes them in a transaction it rolls back when the
   * result is not ok.
   */
  writer?: { batchSize: number; write: (def: FileDef, rows: Row[]) => Promise<void> };
}

export interface FileSummary {
  file: string;
  kind: RecordKind;
  rows: number;
}

export interface ValidationResult {
  ok: boolean;
  files: FileSummary[];
  errors: ExchangeError[];
  /** All errors, including those past the cap. */
  errorCount: number;
}

/** A valid row: typed values in the order of the file's spec columns. */
export interface Row {
  line: number;
  values: CellValue[];
}

class ErrorSink {
  readonly list: ExchangeError[] = [];
  count = 0;
  constructor(readonly max: number) {}
  add(e: ExchangeError) {
    this.count++;
    if (this.list.length < this.max) this.list.push(e);
  }
}

/** Kinds whose ids other files reference: their id sets are kept for the whole run. */
const REFERENCED = new Set<RecordKind>(
  FILES.flatMap((f) => f.columns.flatMap((c) => (c.references ? [c.references] : []))),
);

interface PendingRef {
  file: string;
  line: number;
  column: string;
}

function countChar(s: string, ch: string): number {
  let n = 0;
  for (let i = s.indexOf(ch); i >= 0; i = s.indexOf(ch, i + 1)) n++;
  return n;
}

interface ScanHooks {
  sink: ErrorSink;
  onRow?: (row: Row) => void | Promise<void>;
  /** Checks of a validating pass (duplicate ids, references, scope); off on the load pass. */
  check?: {
    ids: Map<RecordKind, Map<string, number>>;
    pending: Map<RecordKind, Map<string, PendingRef[]>>;
    flush: () => Promise<void>;
    allowedAgencies?: ReadonlySet<string> | undefined;
  };
  progress?: (rows: number, bytes: number) => void;
}

/** Decodes strict UTF-8 and parses one file; calls hooks for every valid row. */
async function scanFile(src: FolderSource, def: FileDef, hooks: ScanHooks): Promise<number> {
  const scan = new FileScan(def, hooks);
  try {
    await scan.readAll(src);
  } catch (err) {
    scan.reportCsvError(err);
  }
  scan.close();
  hooks.progress?.(scan.rows, scan.bytes);
  return scan.rows;
}

/** The state of one file's scan: the parser, where it is (bytes, lines, rows) and the header it found. */
class FileScan {
  private readonly file: string;
  private readonly sink: ErrorSink;
  private readonly decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });
  // No `info` (costly per record): physical lines are counted here, empty lines arrive as [''].
  private readonly parser = parse({
    relax_column_count: true,
    skip_empty_lines: false,
    record_delimiter: ['\r\n', '\n'],
    // a record (its cells' characters) is never buffered past this: a 100 MB cell stops the file at once
    max_record_size: MAX_RECORD_CHARS,
  });
  private readonly ended: Promise<void>;
  private queue: string[][] = [];
  private parseError: unknown = null;
  private sawReplacement = false;
  bytes = 0;
  rows = 0;
  private header: (ColumnDef | null)[] | null = null;
  private specIndex: number[] = [];
  private headerLength = 0;
  private lastEnd = 0; // physical line where the last parsed record ended
  // Physical lines are bounded too (a line of a million commas holds no characters in its cells): the length
  // of the current line and how many lines came before it.
  private lineChars = 0;
  private linesBefore = 0;
  private tooLong = false;
  private readonly idCol: number;
  private readonly agencyCol: number;
  private readonly levelCol: number;
  private readonly stateCol: number;
  /** Ids seen in this file and the line of each (validating pass only). */
  private readonly ids: Map<string, number> | null;
  private readonly defaults: CellValue[];

  constructor(
    private readonly def: FileDef,
    private readonly hooks: ScanHooks,
  ) {
    this.file = def.file;
    this.sink = hooks.sink;
    this.idCol = def.columns.findIndex((c) => c.name === def.idColumn);
    this.agencyCol = def.agencyColumn ? def.columns.findIndex((c) => c.name === def.agencyColumn) : -1;
    this.levelCol = def.kind === 'agencies' ? def.columns.findIndex((c) => c.name === 'level') : -1;
    this.stateCol = def.columns.findIndex((c) => c.name === 'state_code');
    this.ids = hooks.check ? new Map<string, number>() : null;
    if (this.ids && REFERENCED.has(def.kind)) hooks.check!.ids.set(def.kind, this.ids);
    this.defaults = def.columns.map((c) => (c.default !== undefined ? c.default : null));
    this.parser.on('data', (r: string[]) => this.queue.push(r));
    this.parser.on('error', (e) => {
      this.parseError ??= e;
    });
    this.ended = new Promise<void>((r) => {
      this.parser.on('end', r);
      this.parser.on('close', r);
      this.parser.on('error', () => r());
    });
  }

  /** Streams the file through the parser, handling records as they come; throws the parser's error. */
  async readAll(src: FolderSource): Promise<void> {
    for await (const chunk of src.open(this.file)) {
      const text = this.decodeChunk(chunk);
      if (text) this.parser.write(text);
      await this.drain();
      if (this.parseError || this.tooLong) break;
    }
    if (this.tooLong) {
      // the parser is not ended: the part of the overlong line it holds is dropped with it
      if (!this.parseError)
        this.sink.add(
          exchangeError(this.file, this.linesBefore + 1, null, 'record_too_long', {
            other: MAX_RECORD_CHARS,
          }),
        );
    } else if (!this.parseError) {
      const tail = this.decoder.decode();
      if (tail.includes('\uFFFD')) this.sawReplacement = true;
      if (tail) this.parser.write(tail);
      this.parser.end();
      await this.ended;
    }
    await this.drain();
    if (this.parseError) throw this.parseError;
    if (this.header === null && !this.tooLong) this.sink.add(exchangeError(this.file, 1, null, 'empty_file'));
  }

  /** The text of one chunk, cut before a physical line longer than MAX_RECORD_CHARS (then `tooLong`). */
  private decodeChunk(chunk: Uint8Array): string {
    this.bytes += chunk.byteLength;
    let text = this.decoder.decode(chunk, { stream: true });
    if (!this.sawReplacement && text.includes('\uFFFD')) this.sawReplacement = true;
    let pos = 0;
    for (;;) {
      const nl = text.indexOf('\n', pos);
      const end = nl < 0 ? text.length : nl;
      if (this.lineChars + (end - pos) > MAX_RECORD_CHARS) {
        // the rows before the overlong line are still checked; the line and the rest of the file are not
        text = text.slice(0, pos);
        this.tooLong = true;
        break;
      }
      if (nl < 0) {
        this.lineChars += end - pos;
        break;
      }
      this.linesBefore++;
      this.lineChars = 0;
      pos = nl + 1;
    }
    return text;
  }

  /** Handles the records the parser has given so far, after letting it emit them. */
  private async drain(): Promise<void> {
    await new Promise<void>((r) => setImmediate(r));
    while (this.queue.length) {
      const batch = this.queue;
      this.queue = [];
      for (const q of batch) await this.handle(q);
    }
  }

  /** A CSV error becomes an error of the file (too long a record, bad syntax); any other error is thrown. */
  reportCsvError(err: unknown): void {
    const e = err as { code?: string; lines?: number; message?: string; column?: unknown };
    if (e.code === 'CSV_MAX_RECORD_SIZE') {
      const cols = this.header;
      const column = cols && typeof e.column === 'number' ? (cols[e.column]?.name ?? null) : null;
      this.sink.add(
        exchangeError(this.file, this.lastEnd + 1, column, 'record_too_long', { other: MAX_RECORD_CHARS }),
      );
    } else if (e.code?.startsWith('CSV_') || e.code === 'INVALID_OPENING_QUOTE') {
      const detail = (e.message ?? '').replace(/ at line \d+.*$/, '');
      this.sink.add(exchangeError(this.file, this.lastEnd + 1, null, 'csv_syntax', { detail }));
    } else {
      this.parser.destroy();
      throw err;
    }
  }

  close(): void {
    if (!this.parser.destroyed) this.parser.destroy();
  }

  /** One parsed record: the header, or a row checked cell by cell, then against the folder. */
  private async handle(record: string[]): Promise<void> {
    const line = this.advanceLines(record);
    if (record.length === 1 && record[0] === '') return; // an empty line
    const badUtf8 = this.sawReplacement ? this.findBadUtf8(record, line) : null;
    if (this.header === null) {
      this.readHeader(record, line);
      return;
    }
    if (record.length !== this.headerLength) {
      this.sink.add(
        exchangeError(this.file, line, null, 'field_count', {
          value: String(record.length),
          other: this.headerLength,
        }),
      );
      return;
    }
    this.rows++;
    const values: CellValue[] = this.defaults.slice();
    let bad = this.parseCells(this.header, record, line, badUtf8, values);
    if (this.levelCol >= 0 && !bad) bad = this.checkAgencyLevel(values, line);
    const check = this.hooks.check;
    if (check) {
      if (this.checkIdAndScope(check, values, line)) bad = true;
      for (let c = 0; c < this.def.columns.length; c++) {
        if (this.queueReference(check, c, values[c], line)) await check.flush();
      }
    }
    if (!bad && this.hooks.onRow) await this.hooks.onRow({ line, values });
    if (this.hooks.progress && (this.rows & 4095) === 0) this.hooks.progress(this.rows, this.bytes);
  }

  /** The physical line a record starts on (its cells may hold line breaks). */
  private advanceLines(record: string[]): number {
    let nl = 0;
    for (const f of record) if (f.length && f.includes('\n')) nl += countChar(f, '\n');
    const line = this.lastEnd + 1;
    this.lastEnd = line + nl;
    return line;
  }

  /** The cells that were not UTF-8 (decoded to U+FFFD), each reported. */
  private findBadUtf8(record: string[], line: number): Set<number> | null {
    let badUtf8: Set<number> | null = null;
    for (let i = 0; i < record.length; i++) {
      if (record[i]!.includes('\uFFFD')) {
        const name = this.header ? (this.header[i]?.name ?? null) : (record[i] ?? null);
        this.sink.add(exchangeError(this.file, line, name, 'invalid_utf8'));
        badUtf8 ??= new Set();
        badUtf8.add(i);
      }
    }
    return badUtf8;
  }

  /** The header: unknown, duplicate and missing columns reported; each column mapped to its spec. */
  private readHeader(record: string[], line: number): void {
    const { def, file, sink } = this;
    this.headerLength = record.length;
    const seen = new Set<string>();
    const header = record.map((name) => {
      const col = def.columns.find((c) => c.name === name) ?? null;
      if (!col && !name.includes('\uFFFD'))
        sink.add(exchangeError(file, line, name, 'unknown_column', { value: name }));
      else if (seen.has(name)) {
        sink.add(exchangeError(file, line, name, 'duplicate_column', { value: name }));
        return null;
      }
      seen.add(name);
      return col;
    });
    for (const c of def.columns) {
      if (c.required && !seen.has(c.name))
        sink.add(exchangeError(file, line, c.name, 'missing_column', { value: c.name }));
    }
    this.header = header;
    this.specIndex = header.map((c) => (c ? def.columns.indexOf(c) : -1));
  }

  /** Parses each cell into `values` (in spec order); whether any cell was bad. */
  private parseCells(
    header: (ColumnDef | null)[],
    record: string[],
    line: number,
    badUtf8: Set<number> | null,
    values: CellValue[],
  ): boolean {
    let bad = false;
    for (let i = 0; i < record.length; i++) {
      const col = header[i];
      if (!col) continue;
      if (badUtf8?.has(i)) {
        bad = true;
        continue;
      }
      const r = parseCell(col, record[i]!);
      if (r.ok) {
        if (r.value !== null) values[this.specIndex[i]!] = r.value;
      } else {
        bad = true;
        this.sink.add(
          exchangeError(this.file, line, col.name, r.code as ExchangeErrorCode, {
            value: col.personal ? '…' : r.value,
            ...(r.detail !== undefined ? { detail: r.detail } : {}),
            ...(r.other !== undefined ? { other: r.other } : {}),
          }),
        );
      }
    }
    return bad;
  }

  /** An agency has a state exactly when it is a state or municipal one; whether the row is bad. */
  private checkAgencyLevel(values: CellValue[], line: number): boolean {
    const level = values[this.levelCol];
    const hasState = values[this.stateCol] !== null;
    if ((level === 'state' || level === 'municipal') && !hasState) {
      this.sink.add(exchangeError(this.file, line, 'state_code', 'state_code_required'));
      return true;
    }
    if (level !== 'state' && level !== 'municipal' && hasState) {
      this.sink.add(exchangeError(this.file, line, 'state_code', 'state_code_not_allowed'));
      return true;
    }
    return false;
  }

  /** A duplicate id, or an agency outside a scoped upload's; whether the row is bad. */
  private checkIdAndScope(
    check: NonNullable<ScanHooks['check']>,
    values: CellValue[],
    line: number,
  ): boolean {
    const { def, file, sink } = this;
    let bad = false;
    const id = values[this.idCol];
    if (typeof id === 'string') {
      const first = this.ids!.get(id);
      if (first !== undefined) {
        bad = true;
        sink.add(exchangeError(file, line, def.idColumn, 'duplicate_id', { value: id, other: first }));
      } else this.ids!.set(id, line);
    }
    const allowed = check.allowedAgencies;
    if (allowed && this.agencyCol >= 0) {
      const a = values[this.agencyCol];
      if (typeof a === 'string' && !allowed.has(a)) {
        bad = true;
        sink.add(exchangeError(file, line, def.agencyColumn, 'forbidden_agency', { value: a }));
      }
    }
    return bad;
  }

  /**
   * Column `c`'s reference, when not yet seen in the folder, waits to be looked up in the database;
   * whether enough are waiting to look them up now.
   */
  private queueReference(
    check: NonNullable<ScanHooks['check']>,
    c: number,
    v: CellValue | undefined,
    line: number,
  ): boolean {
    const ref = this.def.columns[c]!.references;
    if (!ref || typeof v !== 'string') return false;
    if (check.ids.get(ref)?.has(v)) return false;
    let m = check.pending.get(ref);
    if (!m) {
      m = new Map();
      check.pending.set(ref, m);
    }
    const locs = m.get(v);
    const loc = { file: this.file, line, column: this.def.columns[c]!.name };
    if (locs) {
      if (locs.length < 20) locs.push(loc);
    } else m.set(v, [loc]);
    let total = 0;
    for (const mm of check.pending.values()) total += mm.size;
    return total >= 5000;
  }
}

function plan(names: string[], sink: ErrorSink): FileDef[] {
  const present = new Set(names);
  for (const name of names) {
    if (!FILE_BY_NAME.has(name)) sink.add(exchangeError(name, 0, null, 'unknown_file'));
  }
  for (const req of REQUIRED_FILES) {
    if (!present.has(req)) sink.add(exchangeError(req, 0, null, 'missing_file'));
  }
  return FILES.filter((f) => present.has(f.file));
}

/**
 * Validates a whole folder without changing anything: header, every cell, duplicate ids,
 * references (within the folder first, then `existsInDb`), and the scope of a scoped upload.
 */
export async function validateFolder(src: FolderSource, opts: ReadOptions = {}): Promise<ValidationResult> {
  const sink = new ErrorSink(opts.maxErrors ?? 1000);
  const listing = await src.list();
  const defs = plan(
    listing.map((f) => f.name),
    sink,
  );
  const totalBytes = listing.filter((f) => FILE_BY_NAME.has(f.name)).reduce((s, f) => s + f.size, 0);
  const ids = new Map<RecordKind, Map<string, number>>();
  const pending = new Map<RecordKind, Map<string, PendingRef[]>>();
  const flush = async () => {
    for (const [kind, m] of pending) {
      if (m.size === 0) continue;
      const keys = [...m.keys()];
      const found = opts.existsInDb ? await opts.existsInDb(kind, keys) : new Set<string>();
      for (const id of keys) {
        if (found.has(id)) continue;
        for (const loc of m.get(id)!) {
          sink.add(
            exchangeError(loc.file, loc.line, loc.column, 'unknown_reference', {
              value: id,
              detail: `${kind}.csv`,
            }),
          );
        }
      }
      m.clear();
    }
  };
  const files: FileSummary[] = [];
  let doneBytes = 0;
  const writer = opts.writer;
  for (const def of defs) {
    const size = listing.find((f) => f.name === def.file)?.size ?? 0;
    let batch: Row[] = [];
    const writeBatch = async () => {
      if (!writer || !batch.length) return;
      await flush(); // references of these rows to the database are checked before they are written
      if (sink.count === 0) await writer.write(def, batch);
      batch = [];
    };
    const rows = await scanFile(src, def, {
      sink,
      check: { ids, pending, flush, allowedAgencies: opts.allowedAgencies },
      ...(writer
        ? {
            onRow: async (row: Row) => {
              if (sink.count) return;
              batch.push(row);
              if (batch.length >= writer.batchSize) await writeBatch();
            },
          }
        : {}),
      progress: opts.onProgress
        ? (r, b) =>
            opts.onProgress!({
              file: def.file,
              rows: r,
              bytes: doneBytes + b,
              totalBytes,
              phase: writer ? 'load' : 'validate',
            })
        : undefined,
    });
    await writeBatch();
    doneBytes += size;
    files.push({ file: def.file, kind: def.kind, rows });
    // ids of files nobody references are only needed for their own duplicate check
    if (!REFERENCED.has(def.kind)) ids.delete(def.kind);
  }
  await flush();
  sort(sink.list);
  return { ok: sink.count === 0, files, errors: sink.list, errorCount: sink.count };
}

function sort(errors: ExchangeError[]) {
  const order = new Map(FILES.map((f, i) => [f.file as string, i]));
  errors.sort(
    (a, b) =>
      (order.get(a.file) ?? -1) - (order.get(b.file) ?? -1) ||
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line,
  );
}

/**
 * Reads the valid rows of one file of an already validated folder, in file order (the load pass).
 * Throws if the file turns out invalid (it changed since validation).
 */
export async function readRows(
  src: FolderSource,
  def: FileDef,
  onRow: (row: Row) => void | Promise<void>,
  progress?: (rows: number, bytes: number) => void,
): Promise<number> {
  const sink = new ErrorSink(10);
  const rows = await scanFile(src, def, { sink, onRow, ...(progress ? { progress } : {}) });
  if (sink.count) throw new Error(`${def.file} changed since it was validated (${sink.list[0]?.code})`);
  return rows;
}

/** The files of a folder that the load pass reads, in dependency order. */
export async function presentFiles(src: FolderSource): Promise<FileDef[]> {
  const names = new Set((await src.list()).map((f) => f.name));
  return FILES.filter((f) => names.has(f.file));
}
