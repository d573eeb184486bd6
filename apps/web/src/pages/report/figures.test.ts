import { computeAnnualReport } from '@enlace/core/report/compute';
import { figureRecords } from '@enlace/core/report/drilldown';
import { FIXTURE, fixtureKey } from '@enlace/core/report/fixture.test-data';
import { describe, expect, it } from 'vitest';
import {
  appliesToLevel,
  FORM_GROUPS,
  hasDrilldown,
  SECTIONS,
  SEX_AGE,
  sectionFigures,
  valueAt,
  yearOptions,
} from './figures.ts';
import type { Json } from './types.ts';

describe.each([2022, 2023, 2024])('dashboard figures of the hand-built fixture, %i', (year) => {
  const report = computeAnnualReport(year, FIXTURE, fixtureKey) as unknown as Json;
  const paths = [
    ...SECTIONS.flatMap((s) => sectionFigures(report, s)),
    ...FORM_GROUPS.flatMap((g) => SEX_AGE.map((s) => `victims.by_form_sex_age.${g}.${s}`)),
  ];

  it('lists every number of the report once (and the matrix separately)', () => {
    expect(new Set(paths).size).toBe(paths.length);
    for (const p of paths) {
      const v = valueAt(report, p);
      expect(v === null || typeof v === 'number', p).toBe(true);
    }
    expect(paths).toContain('restitution.paid_by_fund_mxn');
    expect(paths).toContain('victims.state.states_reporting.labor');
    expect(paths).not.toContain('victims.foreign.countries');
  });

  it('offers a drill-down exactly where the records behind a figure add up to it', () => {
    const drillable = paths.filter(hasDrilldown);
    expect(drillable.length).toBeGreaterThan(40);
    for (const p of drillable) {
      const recs = figureRecords(year, FIXTURE, fixtureKey, p);
      const n =
        p.startsWith('victims.') && p !== 'victims.identification_records'
          ? new Set(recs.map((r) => r.person)).size
          : recs.length;
      expect(n, p).toBe(valueAt(report, p));
    }
    for (const p of [
      'victims.linked_duplicates',
      'victims.state.states_reporting.sex',
      'hotline.referred_to_prosecutors',
    ])
      expect(hasDrilldown(p), p).toBe(false);
  });
});

describe('year filter', () => {
  it('offers the years 2019 to the current year', () => {
    const ys = yearOptions(new Date('2026-03-01T00:00:00Z'));
    expect(ys[0]).toBe(2026);
    expect(ys.at(-1)).toBe(2019);
    expect(ys).toHaveLength(8);
  });
});

describe('appliesToLevel', () => {
  it("a level filter leaves out the other level's figures and the states reporting; no filter leaves all", () => {
    const report = computeAnnualReport(2023, FIXTURE, fixtureKey) as unknown as Json;
    const all = SECTIONS.flatMap((s) => sectionFigures(report, s));
    const federal = all.filter((p) => appliesToLevel(p, 'federal'));
    const state = all.filter((p) => appliesToLevel(p, 'state'));
    expect(all.filter((p) => appliesToLevel(p, ''))).toEqual(all);
    expect(federal).toContain('investigations.federal.total');
    expect(federal).toContain('victims.total');
    expect(federal.some((p) => /\.state\.|states_reporting/.test(p))).toBe(false);
    expect(state).toContain('investigations.state.total');
    expect(state).toContain('investigations.states_reporting');
    expect(state.some((p) => p.includes('.federal.'))).toBe(false);
    // every figure of one level is kept under its own filter
    expect(all.filter((p) => p.includes('.federal.')).every((p) => federal.includes(p))).toBe(true);
    expect(all.filter((p) => p.includes('.state.')).every((p) => state.includes(p))).toBe(true);
  });
});
