/** Fixture bundle for rendering tests: the core's hand-built fixture, years 2021-2023. */
import { computeCompleteness, computeStateFigures } from '@enlace/core/report/breakdown';
import { computeAnnualReport } from '@enlace/core/report/compute';
import { FIXTURE, fixtureKey } from '@enlace/core/report/fixture.test-data';
import type { ReportBundle } from './render-html.ts';

export function breakdownFixture(): ReportBundle {
  return {
    report: computeAnnualReport(2023, FIXTURE, fixtureKey),
    previous: [
      computeAnnualReport(2022, FIXTURE, fixtureKey),
      computeAnnualReport(2021, FIXTURE, fixtureKey),
    ],
    states: computeStateFigures(2023, FIXTURE, fixtureKey),
    completeness: computeCompleteness(2023, FIXTURE),
  };
}
