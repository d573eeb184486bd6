/** Parsing and formatting of one cell of the exchange format (types of exchange-format.schema.json). */
import { isInegiState, isIso3166Alpha3, isIso6393 } from '../codes.ts';
import { curpProblem } from '../curp.ts';
import type { ExchangeErrorCode } from './errors.ts';
import type { ColumnDef } from './spec.ts';

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

/** Parses one raw cell. An empty cell is unknown (null), or an error when the column is required. */
export function parseCell(col: ColumnDef, raw: string): CellResult {
  if (raw === '') {
    if (col.required) return fail('required', raw);
    return { ok: true, value: null };
  }
  switch (col.type) {
    case 'id':
      return raw.length <= 64 ? { ok: true, value: raw } : fail('invalid_id', raw);
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
      if (!DECIMAL.test(raw) || raw.length > 40) return fail('invalid_decimal', raw);
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
