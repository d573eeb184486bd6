import type { Db } from '../../db/index.ts';
import type { Agency, AgencyInput } from './schema.ts';

interface Row {
  id: string;
  name: string;
  level: Agency['level'];
  kind: Agency['kind'];
  state_code: string | null;
  country: string;
}
const toAgency = (r: Row): Agency => ({
  id: r.id,
  name: r.name,
  level: r.level,
  kind: r.kind,
  stateCode: r.state_code,
  country: r.country,
});

export async function listAgencies(
  db: Db,
  f: {
    limit: number;
    offset: number;
    q?: string | undefined;
    level?: string | undefined;
    stateCode?: string | undefined;
  },
) {
  const where: string[] = [];
  const p: unknown[] = [];
  if (f.q)
    where.push(`(name ILIKE $${p.push(`%${f.q.replace(/[%_\\]/g, '\\$&')}%`)} OR id ILIKE $${p.length})`);
  if (f.level) where.push(`level = $${p.push(f.level)}`);
  if (f.stateCode) where.push(`state_code = $${p.push(f.stateCode)}`);
  const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM agencies ${w}`, p);
  const { rows } = await db.query<Row>(
    `SELECT id, name, level, kind, state_code, country FROM agencies ${w} ORDER BY id LIMIT $${p.length + 1} OFFSET $${p.length + 2}`,
    [...p, f.limit, f.offset],
  );
  return { items: rows.map(toAgency), total: total.rows[0]?.n ?? 0 };
}

export async function getAgency(db: Db, id: string): Promise<Agency | undefined> {
  const { rows } = await db.query<Row>(
    'SELECT id, name, level, kind, state_code, country FROM agencies WHERE id = $1',
    [id],
  );
  return rows[0] && toAgency(rows[0]);
}

/** Inserts or updates; returns what happened. */
export async function upsertAgency(db: Db, a: AgencyInput): Promise<'inserted' | 'updated' | 'unchanged'> {
  const { rows } = await db.query<{ inserted: boolean; changed: boolean }>(
    `INSERT INTO agencies AS t (id, name, level, kind, state_code, country) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, level = EXCLUDED.level, kind = EXCLUDED.kind,
       state_code = EXCLUDED.state_code, country = EXCLUDED.country, updated_at = now()
     WHERE (t.name, t.level, t.kind, t.state_code, t.country) IS DISTINCT FROM
           (EXCLUDED.name, EXCLUDED.level, EXCLUDED.kind, EXCLUDED.state_code, EXCLUDED.country)
     RETURNING (xmax = 0) AS inserted, true AS changed`,
    [a.id, a.name, a.level, a.kind, a.stateCode, a.country],
  );
  const r = rows[0];
  if (!r) return 'unchanged';
  return r.inserted ? 'inserted' : 'updated';
}
