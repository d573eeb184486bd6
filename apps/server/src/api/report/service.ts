/** The dashboard's figures: the same computation as `enlace report` (apps/server/src/report/service.ts). */

import { figureRecords } from '@enlace/core/report/drilldown';
import type { Db } from '../../db/index.ts';
import { badInput } from '../../errors.ts';
import { loadData, reportBundle } from '../../report/service.ts';
import type { RecordsQuery, ReportQuery } from './schema.ts';

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

/** The records behind a figure, limited to the caller's agency (others only counted). */
export async function figureDrilldown(db: Db, q: RecordsQuery, agencyId: string) {
  const loaded = await loadData({ kind: 'db', db }, q.year, q.year);
  let all: ReturnType<typeof figureRecords>;
  try {
    all = figureRecords(q.year, loaded.data, loaded.personKey, q.figure);
  } catch (e) {
    throw badInput((e as Error).message);
  }
  const own = all
    .filter((r) => r.agency_id === agencyId)
    .map(({ kind, id, agency_id }) => ({ kind, id, agency_id }));
  return { figure: q.figure, records: own, other_agencies: all.length - own.length };
}
