import { readFileSync } from 'node:fs';
import { memorySource } from '@enlace/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestServer, type TestServer } from '../../../test/server.ts';
import { importFolder } from '../../import/engine.ts';
import { computeIndicator, series } from './compute.ts';
import { type Indicator, parsePlan } from './format.ts';

/**
 * Indicator computations against a hand-counted fixture (the counts are written out below), the
 * disclosure threshold, and the plan file's validation.
 *
 * Fixture (agency fge-09, state 09; one identification in state 15):
 * - 2023: persons p01..p12 identified in state 09 (p01 twice: one person), p13 in state 15 → 13 nationally.
 *   p01..p03 born 2010 (minors in 2023). p01..p06 referred 30 days after identification (within the year);
 *   p07 referred 400 days after, p08 referred before it: neither counts → 6 of 13.
 * - 2024: p14 identified in state 09.
 * - investigations 2023: 12 in state 09, 3 with official complicity.
 * - convictions 2023: c1 orders 1,000, c2 3,000 MXN; paid 500 on c1 and 1,000 on c2 → 37.5 %.
 */
let srv: TestServer;
let analyst: Client;

const ids = Array.from({ length: 14 }, (_, i) => `p${String(i + 1).padStart(2, '0')}`);
function fixture(): Record<string, string> {
  const persons = ids.map(
    (p, i) => `fge-09/${p},fge-09,Persona,${p.toUpperCase()},${i < 3 ? '2010-05-01' : '1990-01-01'}`,
  );
  const idents = ids.slice(0, 12).map((p) => `fge-09/i-${p},fge-09/${p},fge-09,2023-03-01,09,sexual`);
  idents.push('fge-09/i-p01b,fge-09/p01,fge-09,2023-08-01,09,sexual');
  idents.push('fge-09/i-p13,fge-09/p13,fge-09,2023-05-01,15,forced_labor');
  idents.push('fge-09/i-p14,fge-09/p14,fge-09,2024-02-01,09,sexual');
  const refs = ids.slice(0, 6).map((p) => `fge-09/r-${p},fge-09/${p},fge-09,fge-09,2023-03-31,accepted`);
  refs.push('fge-09/r-p07,fge-09/p07,fge-09,fge-09,2024-04-10,accepted');
  refs.push('fge-09/r-p08,fge-09/p08,fge-09,fge-09,2023-01-15,accepted');
  const invs = Array.from(
    { length: 12 },
    (_, i) => `fge-09/inv${i},fge-09,2023-02-0${1 + (i % 9)},sexual,09,${i < 3 ? 'true' : 'false'}`,
  );
  return {
    'agencies.csv':
      'agency_id,name,level,kind,state_code,country\nfge-09,Fiscalía CDMX,state,prosecutor,09,MEX\n',
    'persons.csv': `person_id,agency_id,given_names,surname_1,birth_date\n${persons.join('\n')}\n`,
    'identifications.csv': `identification_id,person_id,agency_id,date,state_code,primary_form\n${idents.join('\n')}\n`,
    'referrals.csv': `referral_id,person_id,from_agency_id,to_agency_id,date,status\n${refs.join('\n')}\n`,
    'investigations.csv': `investigation_id,agency_id,opened_date,primary_form,state_code,official_complicity\n${invs.join('\n')}\n`,
    'convictions.csv':
      'conviction_id,agency_id,date,primary_form,state_code,restitution_ordered_mxn\nfge-09/c1,fge-09,2023-09-01,sexual,09,1000\nfge-09/c2,fge-09,2023-10-01,sexual,09,3000\n',
    'restitution_payments.csv':
      'payment_id,conviction_id,victim_person_id,date,amount_mxn,source\nfge-09/pay1,fge-09/c1,fge-09/p01,2024-01-10,500,perpetrator\nfge-09/pay2,fge-09/c2,fge-09/p02,2024-02-10,1000,assistance_fund\n',
  };
}

const shipped = parsePlan(JSON.parse(readFileSync(new URL('./indicators.json', import.meta.url), 'utf8')));
const ind = (id: string) => shipped.indicators.find((i) => i.id === id)!;

beforeAll(async () => {
  srv = await startTestServer();
  const r = await importFolder(
    { db: srv.db, actor: { userId: null, agencyId: null } },
    memorySource(fixture()),
  );
  if (!r.ok) throw new Error(JSON.stringify(r.errors.slice(0, 3)));
  analyst = await srv.login(await srv.createUser({ role: 'analyst', agencyId: 'enlace' }));
}, 120_000);
afterAll(async () => srv?.close());

const cell = async (i: Indicator, year: number, state: string) =>
  (await computeIndicator(srv.db, i)).get(year)?.get(state);

describe('indicators against the hand-counted fixture', () => {
  it('victims identified: distinct persons per year and state', async () => {
    expect(await cell(ind('victims_identified'), 2023, '')).toEqual({ value: 13, n: 13 });
    expect(await cell(ind('victims_identified'), 2023, '09')).toEqual({ value: 12, n: 12 });
    expect(await cell(ind('victims_identified'), 2023, '15')).toEqual({ value: 1, n: 1 });
    expect(await cell(ind('victims_identified'), 2024, '')).toEqual({ value: 1, n: 1 });
  });
  it('children, forced labour: filters on age and form', async () => {
    expect(await cell(ind('child_victims_identified'), 2023, '')).toEqual({ value: 3, n: 3 });
    expect(await cell(ind('labor_victims_identified'), 2023, '')).toEqual({ value: 1, n: 1 });
  });
  it('referred within the year: 6 of 13 (not 400 days later, not before)', async () => {
    const c = await cell(ind('referred_within_year'), 2023, '');
    expect(c!.value).toBeCloseTo((100 * 6) / 13, 6);
    expect(c!.n).toBe(6);
  });
  it('investigations and official complicity', async () => {
    expect(await cell(ind('investigations_opened'), 2023, '09')).toEqual({ value: 12, n: 12 });
    expect(await cell(ind('complicity_investigations'), 2023, '09')).toEqual({ value: 3, n: 3 });
  });
  it('restitution paid share: 1,500 of 4,000 ordered', async () => {
    const c = await cell(ind('restitution_paid_share'), 2023, '');
    expect(c!.value).toBeCloseTo(37.5, 6);
    expect(c!.n).toBe(2);
  });
  it('below the threshold nothing is shown; at or above it the figure is', async () => {
    const grid = await computeIndicator(srv.db, ind('victims_identified'));
    expect(series(grid, '', [2023, 2024], 11)).toEqual([
      { year: 2023, value: 13, suppressed: false },
      { year: 2024, value: null, suppressed: true },
    ]);
    expect(series(grid, '15', [2023], 11)[0]!.suppressed).toBe(true);
  });
});

describe('the API (analyst)', () => {
  it('national and one state, with the threshold applied', async () => {
    const r = await analyst.request('GET', '/api/action-plan');
    expect(r.status).toBe(200);
    expect(r.json.threshold).toBe(11);
    const v = r.json.indicators.find((i: { id: string }) => i.id === 'victims_identified');
    expect(v.series.find((p: { year: number }) => p.year === 2023)).toEqual({
      year: 2023,
      value: 13,
      suppressed: false,
    });
    expect(v.example).toBe(true);
    const ref = r.json.indicators.find((i: { id: string }) => i.id === 'referred_within_year');
    expect(ref.series.find((p: { year: number }) => p.year === 2023).suppressed).toBe(true); // 6 < 11
    const s = await analyst.request('GET', '/api/action-plan?state=09');
    const inv = s.json.indicators.find((i: { id: string }) => i.id === 'investigations_opened');
    expect(inv.series.find((p: { year: number }) => p.year === 2023).value).toBe(12);
    const bad = await analyst.request('GET', '/api/action-plan?state=99');
    expect(bad.status).toBe(400);
  });
});

describe('the plan file', () => {
  const base = shipped.indicators[0]!;
  it('ships 6-10 example indicators, all marked as examples', () => {
    expect(shipped.indicators.length).toBeGreaterThanOrEqual(6);
    expect(shipped.indicators.length).toBeLessThanOrEqual(10);
    expect(shipped.indicators.every((i) => i.example)).toBe(true);
  });
  it('an indicator added in the file alone is computed (no code)', async () => {
    const plan = parsePlan({
      ...shipped,
      indicators: [
        {
          ...base,
          id: 'assistance_fund_paid',
          unit: 'mxn',
          compute: {
            op: 'sum',
            set: 'restitution_payments',
            field: 'amount_mxn',
            where: { source: 'assistance_fund' },
          },
        },
      ],
    });
    expect(await cell(plan.indicators[0]!, 2023, '')).toEqual({ value: 1000, n: 1 });
  });
  it('refuses unknown sets, filters, values and fields, duplicate ids and a ratio not in percent', () => {
    const bad =
      (compute: unknown, extra: object = {}) =>
      () =>
        parsePlan({ ...shipped, indicators: [{ ...base, compute, ...extra }] });
    expect(bad({ op: 'count', set: 'nope' })).toThrow(/set/);
    expect(bad({ op: 'count', set: 'investigations', where: { colour: 'red' } })).toThrow(/no filter colour/);
    expect(bad({ op: 'count', set: 'investigations', where: { form: ['sexxual'] } })).toThrow(
      /sexxual is not a form/,
    );
    expect(bad({ op: 'sum', set: 'investigations', field: 'amount_mxn' })).toThrow(/no numeric field/);
    expect(
      bad({
        op: 'ratio',
        numerator: { op: 'count', set: 'convictions' },
        denominator: { op: 'count', set: 'prosecutions' },
      }),
    ).toThrow(/percent/);
    expect(() => parsePlan({ ...shipped, indicators: [base, base] })).toThrow(/duplicate/);
  });
});
