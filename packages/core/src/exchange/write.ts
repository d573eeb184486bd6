/**
 * Writes exchange folders deterministically: every file of the spec, columns in spec order,
 * RFC 4180 quoting only where needed, CRLF line ends, rows in the order given (callers pass
 * them sorted by id in byte order), so two exports of the same data are byte-identical. Text cells that would
 * start a formula in a spreadsheet are neutralised (`cellText`; docs/exchange.md, "Formula injection").
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { neutraliseCell } from '../spreadsheet-safety.ts';
import { formatCell } from './cells.ts';
import { type ColumnDef, FILES, type FileDef, isTextColumn } from './spec.ts';

const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(s: string): string {
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function headerLine(def: FileDef): string {
  return `${def.columns.map((c) => c.name).join(',')}\r\n`;
}

/**
 * The text of a cell as written to a file: a text cell (`id`, `text`) neutralised against formula injection
 * (`neutraliseCell`: `=1+1` → `'=1+1`, undone by the reader's `parseCell`), any other cell as it is.
 * For cell text that is already canonical (the records API's input).
 */
export function cellText(col: ColumnDef, text: string): string {
  return isTextColumn(col) ? neutraliseCell(text) : text;
}

/** One CSV line of a row given as typed values in spec column order (text cells neutralised, see `cellText`). */
export function formatRow(def: FileDef, values: readonly unknown[]): string {
  let out = '';
  for (let i = 0; i < def.columns.length; i++) {
    if (i) out += ',';
    const col = def.columns[i]!;
    out += csvField(cellText(col, formatCell(col, values[i])));
  }
  return `${out}\r\n`;
}

/** Byte-order comparison of ids (the order of exports; same as PostgreSQL `COLLATE "C"`). */
export function compareIds(a: string, b: string): number {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  return Buffer.compare(ba, bb);
}

/** In-memory folder as file name → CSV text (tests, small exports). */
export function formatFolder(
  rows: Partial<Record<string, readonly (readonly unknown[])[]>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const def of FILES) {
    const list = rows[def.kind] ?? [];
    out[def.file] = headerLine(def) + list.map((r) => formatRow(def, r)).join('');
  }
  return out;
}

/** Writes every file of the spec into `dir`, streaming the rows of each kind from `rowsOf`. */
export async function writeFolder(
  dir: string,
  rowsOf: (def: FileDef) => AsyncIterable<readonly unknown[]>,
  onFile?: (file: string, rows: number) => void,
): Promise<Record<string, number>> {
  await mkdir(dir, { recursive: true });
  const counts: Record<string, number> = {};
  for (const def of FILES) {
    const out = createWriteStream(join(dir, def.file));
    let buf = headerLine(def);
    let n = 0;
    for await (const r of rowsOf(def)) {
      buf += formatRow(def, r);
      n++;
      if (buf.length > 1 << 16) {
        if (!out.write(buf)) await once(out, 'drain');
        buf = '';
      }
    }
    out.end(buf);
    await once(out, 'finish');
    counts[def.file] = n;
    onFile?.(def.file, n);
  }
  return counts;
}
