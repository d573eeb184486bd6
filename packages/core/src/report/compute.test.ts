import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FORMS } from '../taxonomy.ts';
import { isMinor, sexAge } from './age.ts';
import { computeAnnualReport } from './compute.ts';
import { FIXTURE, fixtureKey } from './fixture.test-data.ts';
import type { ReportData } from './types.ts';

// The contract lives in ../shared (the project's shared folder beside the checkout, not in this repository;
// README "Tests and ../shared"). Without it the tests that check the schema fail saying so; the others run.
const schemaPath = fileURLToPath(
  new URL('../../../../../shared/spec/annual-report.schema.json', import.meta.url),
);
const ajv = new Ajv2020({ allErrors: true, strict: false });
const missingShared = Object.assign(
  (_: unknown): boolean => {
    throw new Error(
      `needs ${schemaPath}: put the project's shared folder beside the checkout as ../shared (README, "Tests and ../shared")`,
    );
  },
  { errors: null },
);
export const validateReport = existsSync(schemaPath)
  ? ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')))
  : missingShared;

const report = computeAnnualReport(2023, FIXTURE, fixtureKey);

describe('annual report counting rules (hand-built fixture, year 2023)', () => {
  it('matches the JSON schema of annual-report.md (needs ../shared/spec/annual-report.schema.json)', () => {
    expect(validateReport(report), JSON.stringify(validateReport.errors)).toBe(true);
    expect(validateReport(computeAnnualReport(1999, FIXTURE, fixtureKey))).toBe(true);
  });

  it('investigations: opened in the year (1 Jan and 31 Dec included), municipal as state, NGO/international in no column', () => {
    // fgr inv1 (1 Jan, sexual) + inv2 (31 Dec, labor); state: fgj-cdmx inv3 (other, state from agency 09),
    // pol-gdl inv4 (municipal, unspecified, 14); inv5 2022 and inv6 2024 out; inv7 international: no column
    expect(report.investigations).toEqual({
      federal: { total: 2, sex: 1, labor: 1, other: 0, unspecified: 0 },
      state: { total: 2, sex: 0, labor: 0, other: 1, unspecified: 1 },
      states_reporting: 2,
    });
  });

  it('prosecutions: active in the year; closed on 1 January counts; new vs ongoing', () => {
    // pr1 federal new; pr2 federal closed 2023-01-01 -> ongoing; pr3 closed 2022-12-31 -> out;
    // pr4 state new (31 Dec); pr5 state ongoing; pr6 2024 out; pr7 international: by_form only
    expect(report.prosecutions).toEqual({
      federal: { total: 2, new: 1, ongoing: 1 },
      state: { total: 2, new: 1, ongoing: 1 },
      states_reporting: 2,
      by_form: { sex: 2, labor: 1, other: 1, unspecified: 1 },
    });
  });

  it('convictions: of the year, sentence range ignores empty sentences', () => {
    // c1 fgr sexual 120; c2 cdmx sexual 60 (31 Dec); c4 municipal servitude (labor), no sentence;
    // c5 international (total only) 24; c3 is 2022
    expect(report.convictions).toEqual({
      total: 4,
      federal: { total: 1, sex: 1, labor: 0, other: 0, unspecified: 0 },
      state: { total: 2, sex: 1, labor: 1, other: 0, unspecified: 0 },
      sentence_months: { min: 24, max: 120 },
    });
  });

  it('officials: flagged investigations opened, prosecutions active, convictions via flagged prosecution', () => {
    // inv1, inv4, inv7 (inv5 is 2022); pr1 (pr3 closed in 2022, pr6 starts 2024); c1 (pr1) and c5 (pr3)
    expect(report.officials).toEqual({ investigations: 3, prosecutions: 1, convictions: 2 });
  });

  it('victims: people, not records; earliest identification decides form, sex and age', () => {
    const v = report.victims;
    // 12 records in 2023 (i05 is 2022, i14 is 2024); 8 people: V1 (federal+state), V2 (two agencies of CDMX),
    // V3 (2022 and 2023, state+municipal), p4 (municipal), p5 (NGO only), p6 (federal), p7, V8 (state+NGO)
    expect(v.identification_records).toBe(12);
    expect(v.total).toBe(8);
    expect(v.linked_duplicates).toBe(4);
    expect(v.federal).toEqual({ total: 2, sex: 1, labor: 0, other: 1, unspecified: 0 });
    expect(v.state).toEqual({
      total: 6,
      sex: 1, // V1: decided by the federal identification i01 (sexual) though the state one says labor
      labor: 4, // V2 (tie on date -> i03 begging), V3 (i06 on 1 Jan), p4, V8
      other: 0,
      unspecified: 1, // p7
      states_reporting: { sex: 1, labor: 2, other: 0, unspecified: 1 }, // {09}; {09,14}; -; {15}
    });
    expect(v.by_form_sex_age).toEqual({
      sex: { girls: 0, women: 1, boys: 0, men: 0, unknown: 0 }, // V1 aged 32
      // V2 born "2010" (12 or 13) girl; V3 born 1985-02 man; p4 17 the day before his 18th birthday;
      // V8 born 2005-03, 18 on 2023-09-09 whatever the day
      labor: { girls: 1, women: 0, boys: 1, men: 2, unknown: 0 },
      other: { girls: 0, women: 0, boys: 0, men: 0, unknown: 2 }, // p5 no birth date, p6 intersex
      unspecified: { girls: 0, women: 0, boys: 0, men: 0, unknown: 1 }, // p7 born "2005": 17 or 18 on 5 May
    });
    // p5 GTM, p6 HND, V8 USA (from its other record p8b); V1 is MEX
    expect(v.foreign).toEqual({ total: 3, countries: ['GTM', 'HND', 'USA'] });
  });

  it('without links every record is a person', () => {
    const r = computeAnnualReport(2023, FIXTURE);
    expect(r.victims.total).toBe(12);
    expect(r.victims.linked_duplicates).toBe(0);
  });

  it('services spanning the year ends and referrals, by earliest identification ever', () => {
    // served: V1 (s1 ends 1 Jan, s2 open), V3 (s3 starts 31 Dec; earliest ever i05 2022 sexual), p10 (no
    // identification -> unspecified); s4 ended 2022, s5 has no dates, s7 starts 2024
    expect(report.services.victims_served).toEqual({ total: 3, sex: 2, labor: 0, other: 0, unspecified: 1 });
    // referred: V2 twice (labor), p9 (earliest ever i14 in 2024, sexual); r4 is 2022
    expect(report.services.victims_referred).toEqual({
      total: 2,
      sex: 1,
      labor: 1,
      other: 0,
      unspecified: 0,
    });
  });

  it('hotline, financial intelligence and restitution (exact money, fund share)', () => {
    expect(report.hotline).toEqual({ trafficking_related_contacts: 3, referred_to_prosecutors: 1 });
    expect(report.financial_intelligence).toEqual({ suspicious_transactions: 3, amount_usd: 3001 });
    // ordered 150000.50 + 20000.25; paid 50000.25 + 10000.10 (2024, to date) + 0.05; fund 10000.10 + 0.05;
    // victims V1 (p1a, p1b linked) and V2
    expect(report.restitution).toEqual({
      ordered_mxn: 170000.75,
      paid_mxn: 60000.4,
      paid_by_fund_mxn: 10000.15,
      victims_paid: 2,
    });
    expect(Number.isInteger(report.financial_intelligence.amount_usd)).toBe(true);
    expect(JSON.stringify(report.financial_intelligence)).toContain('"amount_usd":3001}');
  });

  it('ages from partial birth dates only where unambiguous', () => {
    expect(isMinor('2005', '2023-05-05')).toBeNull();
    expect(isMinor('2005', '2022-12-31')).toBe(true);
    expect(isMinor('2004', '2023-01-01')).toBe(false);
    expect(isMinor('2005-05', '2023-05-15')).toBeNull();
    expect(isMinor('2005-05', '2023-06-01')).toBe(false);
    expect(isMinor('2005-05', '2023-04-30')).toBe(true);
    expect(isMinor('2005-05-15', '2023-05-14')).toBe(true);
    expect(isMinor('2005-05-15', '2023-05-15')).toBe(false);
    expect(isMinor('2030-01-01', '2023-05-15')).toBeNull();
    expect(sexAge('female', null, '2023-01-01')).toBe('unknown');
    expect(sexAge(null, '1990', '2023-01-01')).toBe('unknown');
  });
});

// ---- properties ----
const AG = FIXTURE.agencies.map((a) => a.agency_id);
const date = fc
  .record({
    y: fc.integer({ min: 2021, max: 2024 }),
    m: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 28 }),
  })
  .map(({ y, m, d }) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
const arbData = fc
  .record({
    persons: fc.array(
      fc.record({
        sex: fc.constantFrom('female', 'male', 'intersex', null),
        birth_date: fc.constantFrom('1990-01-02', '2010', '2006-07', null),
        nationality: fc.constantFrom('MEX', 'GTM', null),
      }),
      { minLength: 1, maxLength: 12 },
    ),
    idfs: fc.array(
      fc.record({
        p: fc.nat(),
        a: fc.constantFrom(...AG),
        date,
        form: fc.constantFrom(...FORMS),
        st: fc.constantFrom('09', '14', null),
      }),
      { maxLength: 30 },
    ),
    links: fc.array(fc.nat({ max: 4 }), { minLength: 12, maxLength: 12 }),
    services: fc.array(fc.record({ p: fc.nat(), s: fc.option(date), e: fc.option(date) }), { maxLength: 8 }),
  })
  .map(({ persons, idfs, links, services }) => {
    const data: ReportData = {
      ...FIXTURE,
      persons: persons.map((p, i) => ({
        person_id: `x${i}`,
        agency_id: 'fgr',
        ...p,
      })) as ReportData['persons'],
      identifications: idfs.map((f, i) => ({
        identification_id: `id${String(i).padStart(3, '0')}`,
        person_id: `x${f.p % persons.length}`,
        agency_id: f.a,
        date: f.date,
        primary_form: f.form,
        state_code: f.st,
      })),
      services: services.map((s, i) => ({
        service_id: `s${i}`,
        person_id: `x${s.p % persons.length}`,
        provider_agency_id: 'ngo-refugio',
        start_date: s.s,
        end_date: s.e,
      })),
    };
    const key = (id: string) => `L${links[Number(id.slice(1))] ?? id}`;
    return { data, key };
  });

function shuffle<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs];
  let s = seed || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('annual report properties', () => {
  it('figures do not depend on the order of import', () => {
    fc.assert(
      fc.property(arbData, fc.integer({ min: 1, max: 1e9 }), ({ data, key }, seed) => {
        const shuffled: ReportData = Object.fromEntries(
          Object.entries(data).map(([k, v]) => [k, shuffle(v as unknown[], seed)]),
        ) as unknown as ReportData;
        expect(computeAnnualReport(2023, shuffled, key)).toEqual(computeAnnualReport(2023, data, key));
      }),
    );
  });

  it('totals are at least each level column, columns add up, duplicates = records - total; every report matches the schema (needs ../shared/spec)', () => {
    fc.assert(
      fc.property(arbData, ({ data, key }) => {
        const r = computeAnnualReport(2023, data, key);
        expect(validateReport(r)).toBe(true);
        const v = r.victims;
        expect(v.total).toBeGreaterThanOrEqual(v.federal.total);
        expect(v.total).toBeGreaterThanOrEqual(v.state.total);
        expect(v.linked_duplicates).toBe(v.identification_records - v.total);
        for (const col of [v.federal, v.state, r.services.victims_served]) {
          expect(col.sex + col.labor + col.other + col.unspecified).toBe(col.total);
        }
        const cells = Object.values(v.by_form_sex_age).flatMap((row) => Object.values(row));
        expect(cells.reduce((a, b) => a + b, 0)).toBe(v.total);
      }),
    );
  });
});
