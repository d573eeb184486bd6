/** The dashboard's figures: the same computation as `enlace report` (apps/server/src/report/service.ts). */
import type { Db } from '../../db/index.ts';
import { loadData, reportBundle } from '../../report/service.ts';
import type { ReportQuery } from './schema.ts';

export async function dashboardFigures(db: Db, q: ReportQuery) {
  const loaded = await loadData({ kind: 'db', db }, q.year - 2, q.year);
  const filter = {
    ...(q.state ? { state: q.state } : {}),
    ...(q.level ? { level: q.level } : {}),
    ...(q.form ? { form: q.form } : {}),
  };
  const b = reportBundle(loaded, q.year, filter);
  return {
    filter,
    report: b.report as unknown as Record<string, unknown>,
    previous: b.previous as unknown as Record<string, unknown>[],
    states: b.states,
    completeness: b.completeness as unknown as Record<string, unknown>[],
  };
}
