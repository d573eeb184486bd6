import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { neutraliseCell, neutraliseRow, restoreCell } from './spreadsheet-safety.ts';

const FORMULA = /^[=+\-@\t\r]/;
/** Strings built mostly from the characters the rule looks at, so its edge cases come up often. */
const tricky = fc
  .array(fc.constantFrom("'", '=', '+', '-', '@', '\t', '\r', '\n', 'a', ' ', '"', ',', '1'), {
    maxLength: 8,
  })
  .map((cs) => cs.join(''));

describe('CSV/XLSX formula injection guard', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', `'=HYPERLINK("http://x","y")`],
    ["+cmd|' /C calc'!A0", `'+cmd|' /C calc'!A0`],
    ['-2+3', `'-2+3`],
    ['-12', `'-12`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['\tx', `'\tx`],
    ['\rx', `'\rx`],
    ["'=1+1", `''=1+1`],
    ["''@x", `'''@x`],
    ["'tis", "'tis"],
    ["''", "''"],
    ["'", "'"],
    ['María', 'María'],
    ['a=b', 'a=b'],
    [' =1', ' =1'],
    ['', ''],
  ])('%j is written as %j and read back', (input, out) => {
    expect(neutraliseCell(input)).toBe(out);
    expect(restoreCell(out)).toBe(input);
  });

  it('reading a cell that was not escaped leaves it alone unless it looks escaped', () => {
    expect(restoreCell('=x')).toBe('=x');
    expect(restoreCell("'x")).toBe("'x");
    expect(restoreCell("'=x")).toBe('=x');
  });

  it('round-trips every string, and no written cell starts a formula', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'grapheme' }), tricky), (s) => {
        const out = neutraliseCell(s);
        expect(restoreCell(out)).toBe(s);
        expect(out).not.toMatch(FORMULA);
        if (!/^'*[=+\-@\t\r]/.test(s)) expect(out).toBe(s);
      }),
      { numRuns: 2000 },
    );
  });

  it('every cell a writer produced is read and written back the same (the inverse direction)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), tricky), (s) => {
        const cell = neutraliseCell(s);
        expect(neutraliseCell(restoreCell(cell))).toBe(cell);
      }),
      { numRuns: 2000 },
    );
  });

  it('rows keep non-strings', () => {
    expect(neutraliseRow(['=1+1', 3, -5, null, true] as const)).toEqual(["'=1+1", 3, -5, null, true]);
  });
});
