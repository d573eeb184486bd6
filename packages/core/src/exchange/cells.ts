/** Parsing and formatting of one cell of the exchange format (types of exchange-format.schema.json). */
import { isInegiState, isIso3166Alpha3, isIso6393 } from '../codes.ts';
import { curpProblem } from '../curp.ts';
import { restoreCell } from '../spreadsheet-safety.ts';
import type { ExchangeErrorCode } from './errors.ts';
import { type ColumnDef, isTextColumn } from './spec.ts';

export type CellValue = string | number | boolean | string[] | null;

export type CellResult =
  | { ok: true; value: CellValue }
  | { ok: false; code: ExchangeErrorCode; value?: string; detail?: string; other?: string | number };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const PARTIAL = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
const INTEGER = /^-?\d+$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;

function realDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = [
    31,
    (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28,
    31,
    30,
    31,
    30,
    31,
    31,
    30,
    31,
    30,
    31,
  ];
  return d <= days[m - 1]!;
}

export function isDate(s: string): boolean {
  const m = DATE.exec(s);
  return !!m && realDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

export function isPartialDate(s: string): boolean {
  const m = PARTIAL.exec(s);
  if (!m) return false;
  if (m[2] === undefined) return true;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return false;
  return m[3] === undefined || realDate(Number(m[1]), month, Number(m[3]));
}

/** Year, month and day of a full or partial date (month/day null when absent). */
export function partialDateParts(
  s: string,
): { year: number; month: number | null; day: number | null } | null {
  if (!isPartialDate(s)) return null;
  const [y, m, d] = s.split('-');
  return { year: Number(y), month: m ? Number(m) : null, day: d ? Number(d) : null };
}

const enumDetail = (values: readonly string[]) => values.join(', ');

function fail(
  code: ExchangeErrorCode,
  value: string,
  detail?: string,
  other?: string | number,
): CellResult & { ok: false } {
  return {
    ok: false,
    code,
    value,
    ...(detail !== undefined ? { detail } : {}),
    ...(other !== undefined ? { other } : {}),
  };
}

/**
 * Maximum length in characters (UTF-16 code units) of a cell of each text column. The contract leaves text
 * open; these bound what one record can hold (and what the API accepts: the records API uses the same limits).
 */
export const TEXT_MAX_LENGTH: Readonly<Record<string, number>> = {
  name: 300, // agencies.csv
  given_names: 200,
  surname_1: 200,
  surname_2: 200,
  phone: 50,
  email: 254, // RFC 5321
  address: 1000,
};
/** Of a list cell (`a;b;c`): room for every value of the longest taxonomy several times over. */
export const LIST_MAX_LENGTH = 1000;
/** Of any other cell (codes, dates, numbers, enumerations): longer values are refused unread. */
export const OTHER_MAX_LENGTH = 100;
/** Ids: 1-64 characters (the contract). */
export const ID_MAX_LENGTH = 64;
/**
 * One CSV record (the characters of its cells) and one physical line: longer ones stop the reading of the file
 * (`record_too_long`) so that a giant cell is never held whole in memory.
 */
export const MAX_RECORD_CHARS = 64 * 1024;

/** The maximum length of a cell of this column (see the table in docs/exchange.md). */
export function maxCellLength(col: ColumnDef): number {
  switch (col.type) {
    case 'id':
      return ID_MAX_LENGTH;
    case 'text':
      return TEXT_MAX_LENGTH[col.name] ?? 1000;
    case 'list':
      return LIST_MAX_LENGTH;
    case 'decimal':
      return 40;
    default:
      return OTHER_MAX_LENGTH;
  }
}

/**
 * Parses one raw cell. An empty cell is unknown (null), or an error when the column is required. A text cell
 * is first restored (one `'` before a formula character removed), so limits and values apply to the text itself.
 */
export function parseCell(col: ColumnDef, cell: string): CellResult {
  const raw = isTextColumn(col) ? restoreCell(cell) : cell;
  if (raw === '') {
    if (col.required) return fail('required', raw);
    return { ok: true, value: null };
  }
  const max = maxCellLength(col);
  if (raw.length > max) {
    // ids and numbers keep their own, more telling codes
    if (col.type === 'id') return fail('invalid_id', raw);
    if (col.type === 'decimal') return fail('invalid_decimal', raw);
    return fail('too_long', raw, undefined, max);
  }
  // PostgreSQL text cannot hold U+0000, and no field of the format has a use for it.
  if (raw.includes('\0')) return fail('invalid_character', raw);
  switch (col.type) {
    case 'id':
      return { ok: true, value: raw };
    case 'text':
      return { ok: true, value: raw };
    case 'enum':
      return col.values!.includes(raw)
        ? { ok: true, value: raw }
        : fail('invalid_enum', raw, enumDetail(col.values!));
    case 'list': {
      const items = raw.split(';');
      for (const it of items) {
        if (col.values) {
          if (!col.values.includes(it)) return fail('invalid_list', it, enumDetail(col.values));
        } else if (col.item === 'iso639_3') {
          if (!isIso6393(it)) return fail('invalid_language', it);
        } else if (it === '') return fail('invalid_list', it);
      }
      return { ok: true, value: items };
    }
    case 'boolean':
      if (raw === 'true') return { ok: true, value: true };
      if (raw === 'false') return { ok: true, value: false };
      return fail('invalid_boolean', raw);
    case 'date':
      return isDate(raw) ? { ok: true, value: raw } : fail('invalid_date', raw);
    case 'partial_date':
      return isPartialDate(raw) ? { ok: true, value: raw } : fail('invalid_partial_date', raw);
    case 'integer': {
      if (!INTEGER.test(raw)) return fail('invalid_integer', raw);
      const n = Number(raw);
      if (!Number.isSafeInteger(n)) return fail('invalid_integer', raw);
      if (col.minimum !== undefined && n < col.minimum)
        return fail('below_minimum', raw, undefined, col.minimum);
      return { ok: true, value: n };
    }
    case 'decimal': {
      if (!DECIMAL.test(raw)) return fail('invalid_decimal', raw);
      if (col.minimum !== undefined && Number(raw) < col.minimum)
        return fail('below_minimum', raw, undefined, col.minimum);
      return { ok: true, value: raw };
    }
    case 'inegi_state':
      return isInegiState(raw) ? { ok: true, value: raw } : fail('invalid_state', raw);
    case 'iso3166_alpha3':
      return isIso3166Alpha3(raw) ? { ok: true, value: raw } : fail('invalid_country', raw);
    case 'iso639_3':
      return isIso6393(raw) ? { ok: true, value: raw } : fail('invalid_language', raw);
    case 'curp': {
      const problem = curpProblem(raw);
      return problem === null ? { ok: true, value: raw } : fail('invalid_curp', raw, problem);
    }
  }
}

/** Formats a typed value back into its canonical cell text (null and empty lists are empty cells). */
export function formatCell(col: ColumnDef, value: unknown): string {
  if (value === null || value === undefined) return '';
  switch (col.type) {
    case 'list':
      return Array.isArray(value) ? value.join(';') : String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'integer':
      return String(value);
    case 'date':
    case 'partial_date':
      return value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
    default:
      return String(value);
  }
}
