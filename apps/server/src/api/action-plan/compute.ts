/**
 * Computes the plan's indicators over the records, per year and state (and nationally), then applies the
 * disclosure threshold: a figure resting on fewer than K records (the annual report's k, DISCLOSURE_K) is
 * not shown beyond the agency (`value: null, suppressed: true`).
 */
import type { Db } from '../../db/index.ts';
import { DISCLOSURE_K } from '../hotline/service.ts';
import type { Agg, Indicator } from './format.ts';
import { RECORD_SETS } from './sets.ts';

export interface Cell {
  /** the computed figure (exact, before suppression) */
  value: number;
  /** how many records it rests on (a ratio: the smaller of its two parts) */
  n: number;
}
/** year → state ('' = national) → cell */
export type Grid = Map<number, Map<string, Cell>>;

async function aggregate(db: Db, a: Agg): Promise<Grid> {
  const set = RECORD_SETS[a.set];
  const params: unknown[] = [];
  const where: string[] = [];
  for (const [f, raw] of Object.entries(a.where)) {
    const col = (set.filters as Record<string, string>)[f]!;
    const vals = Array.isArray(raw) ? raw : [raw];
    params.push(vals);
    where.push(
      vals.every((v) => typeof v === 'boolean')
        ? `(${col}) = ANY($${params.length}::boolean[])`
        : `(${col})::text = ANY($${params.length}::text[])`,
    );
  }
  const field = a.op === 'sum' ? a.field : null;
  const sql = `SELECT year, coalesce(state, '') AS state, GROUPING(state) AS national,
      count(DISTINCT key)::int AS n, ${field ? `coalesce(sum(${field}), 0)::float8` : 'count(DISTINCT key)::float8'} AS value
    FROM (${set.sql}) s
    WHERE year IS NOT NULL${where.length ? ` AND ${where.join(' AND ')}` : ''}
    GROUP BY GROUPING SETS ((year, state), (year))`;
  const { rows } = await db.query<{
    year: number;
    state: string;
    national: number;
    n: number;
    value: number;
  }>(sql, params);
  const grid: Grid = new Map();
  for (const r of rows) {
    const state = Number(r.national) === 1 ? '' : r.state;
    if (Number(r.national) !== 1 && state === '') continue; // records without a state count only nationally
    let y = grid.get(r.year);
    if (!y) {
      y = new Map();
      grid.set(r.year, y);
    }
    y.set(state, { value: Number(r.value), n: Number(r.n) });
  }
  return grid;
}

/** The exact figures of one indicator (no suppression yet). */
export async function computeIndicator(db: Db, ind: Indicator): Promise<Grid> {
  const c = ind.compute;
  if (c.op !== 'ratio') return aggregate(db, c);
  const [num, den] = [await aggregate(db, c.numerator), await aggregate(db, c.denominator)];
  const grid: Grid = new Map();
  for (const [year, states] of den) {
    const out = new Map<string, Cell>();
    for (const [state, d] of states) {
      const nu = num.get(year)?.get(state) ?? { value: 0, n: 0 };
      if (d.value === 0) continue;
      out.set(state, { value: (100 * nu.value) / d.value, n: Math.min(nu.n, d.n) });
    }
    grid.set(year, out);
  }
  return grid;
}

export interface SeriesPoint {
  year: number;
  value: number | null;
  suppressed: boolean;
}

/** One state's (or the nation's, state '') series over `years`, suppressed below k; a year without records is 0. */
export function series(grid: Grid, state: string, years: number[], k = DISCLOSURE_K): SeriesPoint[] {
  return years.map((year) => {
    const cell = grid.get(year)?.get(state) ?? { value: 0, n: 0 };
    if (cell.n < k) return { year, value: null, suppressed: true };
    return { year, value: Math.round(cell.value * 10) / 10, suppressed: false };
  });
}
