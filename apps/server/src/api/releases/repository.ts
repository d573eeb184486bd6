import type { PublicRelease } from '@enlace/core/report/release';
import type { Db } from '../../db/index.ts';

export interface ReleaseRow {
  id: string;
  year: number;
  k: number;
  epsilon: number | null;
  status: 'prepared' | 'published' | 'discarded' | 'superseded';
  figures: StoredFigures;
  reasons: PublicRelease['disclosure']['reasons'];
  primary_suppressed: number;
  complementary_suppressed: number;
  prepared_by: string;
  prepared_by_name: string;
  prepared_at: Date | string;
  approved_by: string | null;
  approved_by_name: string | null;
  published_at: Date | string | null;
  closed_at: Date | string | null;
}

/** What is stored of a release and may be published: no reasons, no names. */
export interface StoredFigures {
  year: number;
  cells: Record<string, number | null>;
  amounts: Record<string, number | null>;
  countries: string[];
  equations: PublicRelease['equations'];
  disclosure: Omit<PublicRelease['disclosure'], 'reasons'>;
}

const SELECT = `SELECT r.id, r.year, r.k, r.epsilon, r.status, r.figures, r.reasons, r.primary_suppressed,
    r.complementary_suppressed, r.prepared_by, pu.display_name AS prepared_by_name, r.prepared_at,
    r.approved_by, au.display_name AS approved_by_name, r.published_at, r.closed_at
  FROM public_releases r
  JOIN users pu ON pu.id = r.prepared_by
  LEFT JOIN users au ON au.id = r.approved_by`;

export async function insertRelease(
  db: Db,
  r: {
    year: number;
    k: number;
    epsilon: number | null;
    figures: StoredFigures;
    reasons: PublicRelease['disclosure']['reasons'];
    primary: number;
    complementary: number;
    preparedBy: string;
    at: Date;
  },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO public_releases (year, k, epsilon, figures, reasons, primary_suppressed, complementary_suppressed,
       prepared_by, prepared_at)
     VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6, $7, $8, $9) RETURNING id`,
    [
      r.year,
      r.k,
      r.epsilon,
      JSON.stringify(r.figures),
      JSON.stringify(r.reasons),
      r.primary,
      r.complementary,
      r.preparedBy,
      r.at.toISOString(),
    ],
  );
  return rows[0]!.id;
}

export async function getRelease(db: Db, id: string, forUpdate = false): Promise<ReleaseRow | null> {
  if (forUpdate) await db.query('SELECT 1 FROM public_releases WHERE id = $1 FOR UPDATE', [id]);
  const { rows } = await db.query<ReleaseRow>(`${SELECT} WHERE r.id = $1`, [id]);
  return rows[0] ?? null;
}

export async function listReleases(db: Db): Promise<ReleaseRow[]> {
  const { rows } = await db.query<ReleaseRow>(`${SELECT} ORDER BY r.prepared_at DESC, r.id LIMIT 200`);
  return rows;
}

/** Published releases, newest year first (the open-data page). */
export async function publishedReleases(db: Db): Promise<ReleaseRow[]> {
  const { rows } = await db.query<ReleaseRow>(`${SELECT} WHERE r.status = 'published' ORDER BY r.year DESC`);
  return rows;
}

export async function publishedRelease(db: Db, year: number): Promise<ReleaseRow | null> {
  const { rows } = await db.query<ReleaseRow>(`${SELECT} WHERE r.status = 'published' AND r.year = $1`, [
    year,
  ]);
  return rows[0] ?? null;
}

/** Publishes a prepared release: the year's published one (if any) is superseded. Returns the superseded id. */
export async function publish(
  db: Db,
  id: string,
  year: number,
  approver: string,
  at: Date,
): Promise<string | null> {
  const prev = await db.query<{ id: string }>(
    `UPDATE public_releases SET status = 'superseded', closed_by = $2, closed_at = $3
     WHERE year = $1 AND status = 'published' RETURNING id`,
    [year, approver, at.toISOString()],
  );
  await db.query(
    `UPDATE public_releases SET status = 'published', approved_by = $2, published_at = $3
     WHERE id = $1 AND status = 'prepared'`,
    [id, approver, at.toISOString()],
  );
  return prev.rows[0]?.id ?? null;
}

export async function discard(db: Db, id: string, by: string, at: Date): Promise<void> {
  await db.query(
    `UPDATE public_releases SET status = 'discarded', closed_by = $2, closed_at = $3
     WHERE id = $1 AND status = 'prepared'`,
    [id, by, at.toISOString()],
  );
}

/** The calendar years that have records (identifications, investigations, convictions), newest first. */
export async function yearsWithData(db: Db): Promise<number[]> {
  const { rows } = await db.query<{ lo: number | null; hi: number | null }>(
    `SELECT least((SELECT min(date) FROM identifications), (SELECT min(opened_date) FROM investigations),
                  (SELECT min(date) FROM convictions))::text AS lo,
            greatest((SELECT max(date) FROM identifications), (SELECT max(opened_date) FROM investigations),
                     (SELECT max(date) FROM convictions))::text AS hi`,
  );
  const lo = rows[0]?.lo ? Number(String(rows[0].lo).slice(0, 4)) : null;
  const hi = rows[0]?.hi ? Number(String(rows[0].hi).slice(0, 4)) : null;
  if (lo === null || hi === null) return [];
  const out: number[] = [];
  for (let y = hi; y >= Math.max(lo, hi - 30); y--) out.push(y);
  return out;
}
