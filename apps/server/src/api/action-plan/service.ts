import { INEGI_STATES } from '@enlace/core/codes';
import type { Db } from '../../db/index.ts';
import { DISCLOSURE_K } from '../hotline/service.ts';
import { computeIndicator, type SeriesPoint, series } from './compute.ts';
import { type Indicator, loadPlan } from './format.ts';

export interface IndicatorView extends Omit<Indicator, 'compute'> {
  series: SeriesPoint[];
}

/** The years any record set has data for (identifications, investigations, prosecutions, convictions). */
async function planYears(db: Db): Promise<number[]> {
  const { rows } = await db.query<{ y: number }>(
    `SELECT DISTINCT y FROM (
       SELECT extract(year FROM date)::int AS y FROM identifications
       UNION SELECT extract(year FROM opened_date)::int FROM investigations
       UNION SELECT extract(year FROM initiated_date)::int FROM prosecutions
       UNION SELECT extract(year FROM date)::int FROM convictions) x
     WHERE y IS NOT NULL ORDER BY y`,
  );
  return rows.map((r) => Number(r.y));
}

/** Every indicator of the plan with its series for the nation or one state, suppressed below k. */
export async function actionPlan(db: Db, state: string | undefined) {
  const plan = loadPlan();
  const years = await planYears(db);
  const indicators: IndicatorView[] = [];
  for (const ind of plan.indicators) {
    const grid = await computeIndicator(db, ind);
    const { compute: _c, ...rest } = ind;
    indicators.push({ ...rest, series: series(grid, state ?? '', years) });
  }
  return {
    title: plan.title,
    source: plan.source,
    threshold: DISCLOSURE_K,
    state: state ?? null,
    years,
    states: INEGI_STATES.map((s) => ({ code: s.code, name: s.name })),
    indicators,
  };
}
