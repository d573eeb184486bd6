import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ageBroad,
  CTDC_COLUMNS,
  CTDC_QUASI_IDENTIFIERS,
  ctdcCsv,
  ctdcExport,
  ctdcRow,
  kAnonymise,
  MISSING,
} from './ctdc.ts';
import { FIXTURE, fixtureKey } from './fixture.test-data.ts';
import type { RIdentification } from './types.ts';

const persons = new Map(FIXTURE.persons.map((p) => [p.person_id, p]));

describe('CTDC mapping', () => {
  it('maps one linked person to one row with CTDC values and -99 for missing', () => {
    const idfs: RIdentification[] = [
      {
        identification_id: 'b',
        person_id: 'p1b',
        agency_id: 'fgj-cdmx',
        date: '2023-04-02',
        state_code: '09',
        primary_form: 'forced_labor',
        sector: 'agriculture',
        means_of_control: ['debt_bondage', 'threats_to_family'],
        recruitment: ['abduction'],
        recruiter_relation: 'employer',
        country_of_exploitation: 'USA',
      },
      {
        identification_id: 'a',
        person_id: 'p1a',
        agency_id: 'inm',
        date: '2023-03-01',
        state_code: '09',
        primary_form: 'sexual',
        sector: 'online',
      },
    ];
    const row = ctdcRow(idfs, { persons });
    expect(row.yearOfRegistration).toBe(2023);
    expect(row.gender).toBe('Female');
    expect(row.ageBroad).toBe('30--38'); // born 1990-05-10, registered 2023-03-01: 32
    expect(row.majorityStatus).toBe('Adult');
    expect(row.citizenship).toBe('MX');
    expect(row.isSexualExploit).toBe(1);
    expect(row.isForcedLabour).toBe(1);
    expect(row.isSexAndLabour).toBe(1);
    expect(row.isForcedMarriage).toBe(0);
    expect(row.typeOfLabourAgriculture).toBe(1);
    expect(row.typeOfSexRemoteInteractiveServices).toBe(1);
    expect(row.meansOfControlDebtBondage).toBe(1);
    expect(row.meansOfControlThreats).toBe(1);
    expect(row.meansOfControlSexualAbuse).toBe(0);
    expect(row.isAbduction).toBe(1);
    expect(row.RecruiterRelationship).toBe('Other');
    expect(row.recruiterRelationOther).toBe(1);
    expect(row.CountryOfExploitation).toBe('US');
    expect(Object.keys(row).sort()).toEqual([...CTDC_COLUMNS].sort());
  });

  it('unknown everything is -99', () => {
    const row = ctdcRow(
      [
        {
          identification_id: 'x',
          person_id: 'p10',
          agency_id: 'ngo-refugio',
          date: '2023-01-01',
          state_code: null,
          primary_form: 'unspecified',
        },
      ],
      { persons },
    );
    for (const c of [
      'gender',
      'ageBroad',
      'majorityStatus',
      'citizenship',
      'isForcedLabour',
      'isSexualExploit',
      'meansOfControlDebtBondage',
      'isAbduction',
      'RecruiterRelationship',
      'CountryOfExploitation',
      'typeOfLabourAgriculture',
    ]) {
      expect(row[c], c).toBe(MISSING);
    }
    expect(row.meansOfControlNotSpecified).toBe(1);
    expect(row.recruiterRelationUnknown).toBe(1);
  });

  it('age bands only when the partial birth date is unambiguous', () => {
    expect(ageBroad('2005', '2023-05-05')).toBe(MISSING); // 17 or 18: two bands
    expect(ageBroad('2006', '2023-05-05')).toBe('9--17'); // 16 or 17
    expect(ageBroad('2003-01', '2023-05-05')).toBe('18--20'); // 20
    expect(ageBroad(null, '2023-05-05')).toBe(MISSING);
  });
});

describe('k-anonymity', () => {
  it('the fixture (8 people + unlinked) cannot reach k = 11: every row is suppressed and counted', () => {
    const exp = ctdcExport(FIXTURE, fixtureKey, 11);
    expect(exp.rows).toEqual([]);
    expect(exp.suppressed).toBe(9); // V1, V2, V3, p4, p5, p6, p7, V8 and p9 (2024)
    expect(ctdcCsv(exp).split('\r\n')[0]).toBe(CTDC_COLUMNS.join(','));
  });

  it('every published quasi-identifier class has at least k rows; rows + suppressed = people', () => {
    const arbRow = fc.record({
      yearOfRegistration: fc.constantFrom(2021, 2022, 2023),
      gender: fc.constantFrom('Female', 'Male', MISSING),
      ageBroad: fc.constantFrom('9--17', '18--20', '30--38', MISSING),
      majorityStatus: fc.constantFrom('Adult', 'Minor', MISSING),
      citizenship: fc.constantFrom('MX', 'GT', 'HN', MISSING),
      CountryOfExploitation: fc.constantFrom('MX', 'US', MISSING),
    });
    fc.assert(
      fc.property(fc.array(arbRow, { maxLength: 300 }), fc.integer({ min: 2, max: 15 }), (rows, k) => {
        const out = kAnonymise(rows, k);
        expect(out.rows.length + out.suppressed).toBe(rows.length);
        const classes = new Map<string, number>();
        for (const r of out.rows) {
          const key = CTDC_QUASI_IDENTIFIERS.map((q) => r[q]).join('|');
          classes.set(key, (classes.get(key) ?? 0) + 1);
        }
        for (const n of classes.values()) expect(n).toBeGreaterThanOrEqual(k);
      }),
      { numRuns: 200 },
    );
  });
});
