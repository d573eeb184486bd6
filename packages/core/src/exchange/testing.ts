/**
 * Test support (not exported from the package index): fast-check generation of valid exchange
 * folders, with the physical line of every row, and targeted corruptions.
 */
import fc from 'fast-check';
import { INEGI_STATES } from '../codes.ts';
import { makeCurp } from '../curp.ts';
import type { CellValue } from './cells.ts';
import { type ColumnDef, FILES, type FileDef, type RecordKind } from './spec.ts';
import { csvField, formatRow } from './write.ts';

export type Rows = Record<RecordKind, CellValue[][]>;
type Gen = fc.GeneratorValue;

const COUNTRIES = ['MEX', 'GTM', 'HND', 'SLV', 'USA', 'VEN', 'COL', 'CUB'];
const LANGS = ['spa', 'nah', 'tzo', 'yua', 'eng', 'zap'];

const textArb = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
  fc.constantFrom(
    'María José',
    'Núñez',
    'de la Cruz',
    'a,b',
    'dijo "hola"',
    'línea\nnueva',
    'crlf\r\nx',
    ' espacios ',
    // formula injection: written neutralised, read back as they are
    '=HYPERLINK("http://x","y")',
    "+cmd|' /C calc'!A0",
    '-2+3',
    '@SUM(A1)',
    '\tx',
    "'=1+1",
    "''-x",
    "'tis",
  ),
);

function dateArb(): fc.Arbitrary<string> {
  return fc
    .integer({ min: 0, max: 365 * 60 })
    .map((d) => new Date(Date.UTC(1970, 0, 1) + d * 86400000).toISOString().slice(0, 10));
}

function cellArb(col: ColumnDef): fc.Arbitrary<CellValue> {
  let a: fc.Arbitrary<CellValue>;
  switch (col.type) {
    case 'text':
      a = textArb.filter((s) => s !== '' && !s.includes('\uFFFD'));
      break;
    case 'enum':
      a = fc.constantFrom(...col.values!);
      break;
    case 'list':
      a = fc.uniqueArray(fc.constantFrom(...(col.values ?? LANGS)), { minLength: 1, maxLength: 3 });
      break;
    case 'boolean':
      a = fc.boolean();
      break;
    case 'date':
      a = dateArb();
      break;
    case 'partial_date':
      a = fc.tuple(dateArb(), fc.constantFrom(4, 7, 10)).map(([d, n]) => d.slice(0, n));
      break;
    case 'integer':
      a = fc.nat({ max: 100000 });
      break;
    case 'decimal':
      a = fc
        .tuple(fc.nat({ max: 10_000_000 }), fc.option(fc.nat({ max: 99 }), { nil: null }))
        .map(([i, f]) => (f === null ? String(i) : `${i}.${String(f).padStart(2, '0')}`));
      break;
    case 'inegi_state':
      a = fc.constantFrom(...INEGI_STATES.map((s) => s.code));
      break;
    case 'iso3166_alpha3':
      a = fc.constantFrom(...COUNTRIES);
      break;
    case 'iso639_3':
      a = fc.constantFrom(...LANGS);
      break;
    case 'curp':
      a = fc
        .record({
          g: fc.constantFrom('María Guadalupe', 'José Ángel', 'Itzel', 'Ñeli'),
          s1: fc.constantFrom('Hernández', 'de la Cruz', 'Núñez', 'Ruiz'),
          s2: fc.constantFrom('', 'López', 'Xolalpa'),
          d: fc.integer({ min: 0, max: 365 * 50 }),
          sex: fc.constantFrom('female', 'male', 'intersex') as fc.Arbitrary<'female' | 'male' | 'intersex'>,
          st: fc.option(fc.constantFrom(...INEGI_STATES.map((s) => s.code)), { nil: undefined }),
          k: fc.nat({ max: 9 }),
        })
        .map((r) =>
          makeCurp({
            givenNames: r.g,
            surname1: r.s1,
            surname2: r.s2,
            birthDate: new Date(Date.UTC(1960, 0, 1) + r.d * 86400000).toISOString().slice(0, 10),
            sex: r.sex,
            birthState: r.st,
            differentiator: r.k,
          }),
        );
      break;
    case 'id':
      a = textArb.filter((s) => s !== '' && !s.includes('\uFFFD'));
      break;
  }
  if (col.required || col.default !== undefined) return a;
  return fc.option(a, { nil: null, freq: 3 });
}

/** A valid folder's rows (typed values in spec order), references resolved within the folder. */
export function generateRows(g: Gen, maxRows = 5): Rows {
  const rows = {} as Rows;
  const ids = new Map<RecordKind, string[]>();
  for (const def of FILES) {
    const n =
      def.kind === 'agencies' ? g(fc.integer, { min: 1, max: 3 }) : g(fc.integer, { min: 0, max: maxRows });
    const list: CellValue[][] = [];
    const own: string[] = [];
    for (let i = 0; i < n; i++) {
      const values: CellValue[] = [];
      for (const col of def.columns) {
        if (col.name === def.idColumn) {
          const base = g(() => cellArb({ ...col, required: true })) as string;
          values.push(`${base.slice(0, 40)}#${def.kind.slice(0, 3)}${i}`);
        } else if (col.references) {
          const pool = ids.get(col.references) ?? [];
          if (!pool.length || (!col.required && g(fc.boolean))) values.push(null);
          else values.push(pool[g(fc.integer, { min: 0, max: pool.length - 1 })]!);
        } else values.push(g(() => cellArb(col)));
      }
      if (def.kind === 'agencies') {
        const level = values[2];
        const si = def.columns.findIndex((c) => c.name === 'state_code');
        if (level === 'state' || level === 'municipal') values[si] ??= '09';
        else values[si] = null;
      }
      list.push(values);
      own.push(values[def.columns.findIndex((c) => c.name === def.idColumn)] as string);
    }
    rows[def.kind] = list;
    ids.set(def.kind, own);
    if (def.kind === 'persons' && list.length === 0) {
      /* referencing files will leave person refs empty or skip rows */
    }
  }
  // drop rows whose required references could not be filled
  for (const def of FILES) {
    rows[def.kind] = rows[def.kind].filter((r) =>
      def.columns.every((c, i) => !(c.required && r[i] === null)),
    );
  }
  return rows;
}

export interface BuiltFile {
  text: string;
  /** Physical line of each data row (1-based; the header is line 1). */
  lines: number[];
  header: string[];
}

/** CSV text of one file with columns in the given order (default: spec order). */
export function buildFile(def: FileDef, rows: CellValue[][], order?: number[]): BuiltFile {
  const idx = order ?? def.columns.map((_, i) => i);
  const header = idx.map((i) => def.columns[i]!.name);
  let text = `${header.join(',')}\r\n`;
  let line = 2;
  const lines: number[] = [];
  const sub: FileDef = { ...def, columns: idx.map((i) => def.columns[i]!) };
  for (const r of rows) {
    lines.push(line);
    const out = formatRow(
      sub,
      idx.map((i) => r[i] ?? null),
    );
    text += out;
    line += (out.match(/\n/g) ?? []).length;
  }
  return { text, lines, header };
}

export { csvField };
