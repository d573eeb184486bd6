import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { restoreCell } from '../spreadsheet-safety.ts';
import { CTDC_COLUMNS, type CtdcExport, ctdcCsv, MISSING } from './ctdc.ts';
import { type PublicRelease, releaseCsv } from './release.ts';

/** Formula injection in the human-facing report exports (CTDC CSV, the public release's figures.csv). */
const FORMULA = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;
const ATTACKS = [
  '=HYPERLINK("http://evil.example","x")',
  "+cmd|' /C calc'!A0",
  '-1+1',
  '@SUM(A1)',
  '\t=1',
  '\r=1',
];

/** Every cell either does not start a formula or is a plain number (-99, -3.5). */
function expectSafe(csv: string) {
  for (const record of parse(csv, { relax_column_count: true }) as string[][])
    for (const cell of record) if (FORMULA.test(cell)) expect(cell).toMatch(PLAIN_NUMBER);
}

describe('CTDC CSV', () => {
  it('neutralises text cells that start a formula; numbers such as -99 are written as numbers', () => {
    const rows = ATTACKS.map((a, i) => {
      const r: Record<string, string | number> = {};
      for (const c of CTDC_COLUMNS) r[c] = MISSING;
      r.Datasource = a;
      r.gender = i % 2 ? 'Female' : a;
      r.yearOfRegistration = 2023;
      return r;
    });
    const exp: CtdcExport = { columns: CTDC_COLUMNS, rows, k: 1, suppressed: 0, generalised: [] };
    const csv = ctdcCsv(exp);
    expectSafe(csv);
    const records = parse(csv) as string[][];
    const ds = CTDC_COLUMNS.indexOf('Datasource');
    expect(records.slice(1).map((r) => r[ds])).toEqual(ATTACKS.map((a) => `'${a}`));
    expect(records.slice(1).map((r) => restoreCell(r[ds]!))).toEqual(ATTACKS);
    expect(records[1]![CTDC_COLUMNS.indexOf('ageBroad')]).toBe('-99');
    expect(records[1]![CTDC_COLUMNS.indexOf('yearOfRegistration')]).toBe('2023');
  });
});

describe('public release figures.csv', () => {
  it('neutralises text cells; counts (also negative, noisy ones) stay numbers', () => {
    const rel = {
      year: 2023,
      cells: { 'victims.total': 12, '=cmd|x': 3, 'victims.noisy': -2 },
      equations: [],
      amounts: { '@SUM(A1)': 1500.5, 'restitution.paid': null },
      countries: ['=HYPERLINK("x")', 'GTM'],
      disclosure: {
        k: 11,
        primary_suppressed: 0,
        complementary_suppressed: 0,
        suppressed: [],
        countries_withheld: 0,
        differential_privacy: null,
        note: '',
      },
    } as unknown as PublicRelease;
    const csv = releaseCsv(rel);
    expectSafe(csv);
    expect(csv).toContain("'=cmd|x,3,published\n");
    expect(csv).toContain("'@SUM(A1),1500.5,published\n");
    expect(csv).toContain('victims.noisy,-2,published\n');
    expect(csv).toContain(`victims.foreign.countries,"'=HYPERLINK(""x"");GTM",published\n`);
    expect(csv.startsWith('figure,value,status\n')).toBe(true);
  });
});
