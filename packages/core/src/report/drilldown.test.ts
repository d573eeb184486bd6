import { describe, expect, it } from 'vitest';
import { computeAnnualReport } from './compute.ts';
import { figureRecords } from './drilldown.ts';
import { FIXTURE, fixtureKey } from './fixture.test-data.ts';

const persons = (fig: string) =>
  new Set(figureRecords(2023, FIXTURE, fixtureKey, fig).map((r) => r.person)).size;
const count = (fig: string) => figureRecords(2023, FIXTURE, fixtureKey, fig).length;

describe('drill-down to the records behind a figure', () => {
  const r = computeAnnualReport(2023, FIXTURE, fixtureKey);
  it('victims figures: the persons behind them are as many as the figure', () => {
    expect(persons('victims.total')).toBe(r.victims.total);
    expect(count('victims.total')).toBe(r.victims.identification_records);
    expect(persons('victims.federal.total')).toBe(r.victims.federal.total);
    expect(persons('victims.state.labor')).toBe(r.victims.state.labor);
    expect(persons('victims.by_form_sex_age.labor.men')).toBe(r.victims.by_form_sex_age.labor.men);
    expect(persons('victims.foreign')).toBe(r.victims.foreign.total);
    // V1 in the state column: only its state-level record (i02), though its form comes from i01
    expect(figureRecords(2023, FIXTURE, fixtureKey, 'victims.state.sex').map((x) => x.id)).toEqual(['i02']);
  });
  it('event figures', () => {
    expect(count('investigations.state.total')).toBe(r.investigations.state.total);
    expect(count('investigations.federal.labor')).toBe(r.investigations.federal.labor);
    expect(count('prosecutions.federal.ongoing')).toBe(r.prosecutions.federal.ongoing);
    expect(count('prosecutions.by_form.sex')).toBe(r.prosecutions.by_form.sex);
    expect(count('convictions.total')).toBe(r.convictions.total);
    expect(count('convictions.state.labor')).toBe(r.convictions.state.labor);
    expect(() => figureRecords(2023, FIXTURE, fixtureKey, 'hotline.x')).toThrow();
  });
});
