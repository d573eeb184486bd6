import { formatCell } from '@enlace/core';
import type { Db } from '../../db/index.ts';
import { TABLES } from '../../import/tables.ts';
import type { KindConfig } from './kinds.ts';

/** A record as the API shows it: the exchange-format columns, each as its CSV cell text ('' = unknown). */
export type RecordValues = Record<string, string>;

function toValues(cfg: KindConfig, row: Record<string, unknown>, only?: readonly string[]): RecordValues {
  const t = TABLES[cfg.kind];
  const values = t.fromDb(row);
  const out: RecordValues = {};
  t.def.columns.forEach((c, i) => {
    if (!only || only.includes(c.name)) out[c.name] = formatCell(c, values[i]);
  });
  return out;
}

const scoped = (cfg: KindConfig, param: number) => `(${cfg.scope.replaceAll('$A', `$${param}`)})`;

export interface ListFilter {
  limit: number;
  offset: number;
  personId?: string | undefined;
  year?: number | undefined;
}

/** A page of the records in the agency's scope, in id order. */
export async function listRecords(db: Db, cfg: KindConfig, agencyId: string, f: ListFilter) {
  const t = TABLES[cfg.kind];
  const p: unknown[] = [agencyId];
  const where = [scoped(cfg, 1)];
  const hasPerson = t.def.columns.some((c) => c.name === 'person_id');
  if (f.personId && hasPerson) where.push(`t.person_id = $${p.push(f.personId)}`);
  if (f.year && t.def.dateColumn) where.push(`extract(year FROM t.${t.def.dateColumn}) = $${p.push(f.year)}`);
  const w = where.join(' AND ');
  const total = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t.table} t WHERE ${w}`, p);
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT t.* FROM ${t.table} t WHERE ${w} ORDER BY t.${t.pk} COLLATE "C" LIMIT $${p.length + 1} OFFSET $${p.length + 2}`,
    [...p, f.limit, f.offset],
  );
  return {
    total: total.rows[0]?.n ?? 0,
    items: rows.map((r) => ({ id: String(r[t.pk]), values: toValues(cfg, r, cfg.listColumns) })),
  };
}

/** One record if it is in the agency's scope. */
export async function getRecord(db: Db, cfg: KindConfig, agencyId: string, id: string) {
  const t = TABLES[cfg.kind];
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT t.* FROM ${t.table} t WHERE t.${t.pk} = $2 AND ${scoped(cfg, 1)}`,
    [agencyId, id],
  );
  const r = rows[0];
  return r ? { id: String(r[t.pk]), values: toValues(cfg, r) } : undefined;
}

/** Whether a record exists at all (to tell "not yours" from "new" on writes). */
export async function recordExists(db: Db, cfg: KindConfig, id: string): Promise<boolean> {
  const t = TABLES[cfg.kind];
  const { rows } = await db.query(`SELECT 1 FROM ${t.table} WHERE ${t.pk} = $1`, [id]);
  return rows.length > 0;
}

export async function agencyRowValues(db: Db, agencyId: string): Promise<string[] | undefined> {
  const { rows } = await db.query<Record<string, unknown>>(
    'SELECT id, name, level, kind, state_code, country FROM agencies WHERE id = $1',
    [agencyId],
  );
  const r = rows[0];
  if (!r) return undefined;
  return [r.id, r.name, r.level, r.kind, r.state_code ?? '', r.country].map((v) => String(v ?? ''));
}
