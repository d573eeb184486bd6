import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { neutraliseCell, neutraliseRow } from './spreadsheet-safety.ts';

describe('CSV/XLSX formula injection guard', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', `'=HYPERLINK("http://x","y")`],
    ["+cmd|' /C calc'!A0", `'+cmd|' /C calc'!A0`],
    ['-2+3', `'-2+3`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['\tx', `'\tx`],
    ['-12', '-12'],
    ['+3.5', '+3.5'],
    ['María', 'María'],
  ])('%s → %s', (input, out) => expect(neutraliseCell(input)).toBe(out));

  it('no output cell can start a formula, and safe text is unchanged', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const out = neutraliseCell(s);
        if (/^[=+\-@\t\r]/.test(out)) expect(out).toMatch(/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/);
        if (!/^[=+\-@\t\r]/.test(s)) expect(out).toBe(s);
      }),
    );
  });

  it('rows keep non-strings', () => {
    expect(neutraliseRow(['=1+1', 3, null] as const)).toEqual(["'=1+1", 3, null]);
  });
});
