import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FORMS, MEANS_OF_CONTROL, RECRUITER_RELATIONS, RECRUITMENT, SECTORS, SEXES } from '../taxonomy.ts';
import { ctdcRow } from './ctdc.ts';
import { htcdsHeaderErrors, htcdsRecords } from './htcds-import.ts';
import type { RIdentification, RPerson } from './types.ts';

/** The row as a CSV reader sees it: every cell text. */
const asText = (row: Record<string, string | number>) =>
  Object.fromEntries(Object.entries(row).map(([k, v]) => [k, String(v)]));

function reexport(row: Record<string, string | number>) {
  const got = htcdsRecords(asText(row));
  if (!got.ok) throw new Error(JSON.stringify(got.errors));
  const person = { person_id: 'x', agency_id: 'a', ...got.value.person } as unknown as RPerson;
  const { sectors, ...idf } = got.value.identification;
  const idfs = (sectors.length ? sectors : [null]).map(
    (sector, n) =>
      ({
        identification_id: `x${n}`,
        person_id: 'x',
        agency_id: 'a',
        state_code: null,
        ...idf,
        sector,
      }) as unknown as RIdentification,
  );
  return { row: ctdcRow(idfs, { persons: new Map([['x', person]]) }), approximated: got.value.approximated };
}

const partialBirth = fc.oneof(
  fc.constant(null),
  fc.integer({ min: 1940, max: 2024 }).map(String),
  fc
    .tuple(fc.integer({ min: 1940, max: 2024 }), fc.integer({ min: 1, max: 12 }))
    .map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`),
  fc
    .date({ min: new Date('1940-01-01'), max: new Date('2024-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
);
const country = fc.constantFrom(null, 'MEX', 'GTM', 'HND', 'USA', 'VEN', 'COL', 'CHN');
const identification = fc.record({
  date: fc
    .date({ min: new Date('2015-01-01'), max: new Date('2025-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  primary_form: fc.constantFrom(...FORMS),
  other_forms: fc.uniqueArray(fc.constantFrom(...FORMS), { maxLength: 3 }),
  sector: fc.constantFrom(null, ...SECTORS),
  means_of_control: fc.uniqueArray(fc.constantFrom(...MEANS_OF_CONTROL), { maxLength: 4 }),
  recruitment: fc.uniqueArray(fc.constantFrom(...RECRUITMENT), { maxLength: 2 }),
  recruiter_relation: fc.constantFrom(null, ...RECRUITER_RELATIONS),
  country_of_exploitation: country,
});
const person = fc.record({
  sex: fc.constantFrom(null, ...SEXES),
  birth_date: partialBirth,
  nationality: country,
});

describe('HTCDS / CTDC import of one row', () => {
  it('reads back every row the CTDC export writes: exporting the imported records gives the same row', () => {
    fc.assert(
      fc.property(person, identification, (p, i) => {
        const original = ctdcRow(
          [
            {
              identification_id: 'i',
              person_id: 'p',
              agency_id: 'a',
              state_code: null,
              ...i,
            } as RIdentification,
          ],
          { persons: new Map([['p', { person_id: 'p', agency_id: 'a', ...p } as RPerson]]) },
        );
        const back = reexport(original);
        expect(back.row).toEqual(original);
        expect(back.approximated).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it('a victim with several sectors (several identifications) comes back with the same columns', () => {
    fc.assert(
      fc.property(
        person,
        identification,
        fc.uniqueArray(fc.constantFrom(...SECTORS), { minLength: 2, maxLength: 4 }),
        (p, i, sectors) => {
          const original = ctdcRow(
            sectors.map(
              (sector, n) =>
                ({
                  identification_id: `i${n}`,
                  person_id: 'p',
                  agency_id: 'a',
                  state_code: null,
                  ...i,
                  sector,
                }) as RIdentification,
            ),
            { persons: new Map([['p', { person_id: 'p', agency_id: 'a', ...p } as RPerson]]) },
          );
          const back = reexport(original);
          expect(back.row).toEqual(original);
          expect(back.approximated).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads rows generalised by k-anonymity (age band, countries, gender, majority at -99)', () => {
    const base = ctdcRow(
      [
        {
          identification_id: 'i',
          person_id: 'p',
          agency_id: 'a',
          state_code: null,
          date: '2022-03-04',
          primary_form: 'sexual',
          other_forms: ['forced_labor'],
          sector: 'hotel',
          means_of_control: ['threats'],
          recruitment: ['abduction'],
          recruiter_relation: 'friend',
          country_of_exploitation: 'MEX',
        } as RIdentification,
      ],
      {
        persons: new Map([
          [
            'p',
            {
              person_id: 'p',
              agency_id: 'a',
              sex: 'female',
              birth_date: '2008-05-06',
              nationality: 'GTM',
            } as RPerson,
          ],
        ]),
      },
    );
    expect(base.ageBroad).toBe('9--17');
    const steps: Array<Record<string, string | number>> = [
      { ageBroad: -99 },
      { ageBroad: -99, CountryOfExploitation: -99, citizenship: -99 },
      { ageBroad: -99, CountryOfExploitation: -99, citizenship: -99, gender: -99, majorityStatus: -99 },
      { ageBroad: -99, majorityStatus: 'Adult' },
    ];
    for (const generalised of steps) {
      const row = { ...base, ...generalised };
      expect(reexport(row).row, JSON.stringify(generalised)).toEqual(row);
    }
  });

  it('names the column and says what is wrong, in Spanish and English', () => {
    const bad = htcdsRecords({
      yearOfRegistration: '20x2',
      gender: 'F',
      ageBroad: '10--12',
      majorityStatus: 'Child',
      citizenship: 'Mexico',
      isSexualExploit: 'yes',
      RecruiterRelationship: 'Boss',
    });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.errors.map((e) => e.column)).toEqual([
      'yearOfRegistration',
      'gender',
      'ageBroad',
      'majorityStatus',
      'citizenship',
      'isSexualExploit',
      'RecruiterRelationship',
    ]);
    expect(bad.errors[0]!.message['es-MX']).toContain('«20x2»');
    expect(bad.errors[0]!.message['en-US']).toContain('"20x2"');
    const contradiction = htcdsRecords({
      yearOfRegistration: '2022',
      ageBroad: '30--38',
      majorityStatus: 'Minor',
    });
    expect(contradiction.ok).toBe(false);
    if (!contradiction.ok) expect(contradiction.errors[0]!.column).toBe('majorityStatus');
    expect(htcdsHeaderErrors(['gender', 'ageBroad']).map((e) => e.column)).toEqual(['yearOfRegistration']);
  });

  it('takes values without a code in Enlace to the nearest one and says so', () => {
    const r = htcdsRecords({
      yearOfRegistration: '2021',
      isForcedMilitary: '1',
      meansOfControlUsesChildren: '1',
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.identification.primary_form).toBe('other');
    expect(r.value.identification.means_of_control).toEqual(['other']);
    expect(r.value.approximated).toEqual(['isForcedMilitary', 'meansOfControlUsesChildren']);
  });

  it('never throws on arbitrary cells: a row is read or its errors are listed', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom(
            'yearOfRegistration',
            'gender',
            'ageBroad',
            'majorityStatus',
            'citizenship',
            'isForcedLabour',
            'isSexAndLabour',
            'RecruiterRelationship',
            'typeOfLabourAgriculture',
          ),
          fc.string({ maxLength: 12 }),
        ),
        (row) => {
          const r = htcdsRecords(row);
          if (!r.ok) for (const e of r.errors) expect(e.message['es-MX'].length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});
