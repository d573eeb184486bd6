import type { Db } from '../../db/index.ts';

export interface ConsentRow {
  id: number;
  case_id: string;
  purpose: 'referral' | 'cross_border' | 'contact' | 'statistics' | 'transfer';
  action: 'granted' | 'withdrawn';
  at: Date;
  recorded_by: string;
  method: 'verbal' | 'written' | 'guardian' | 'emergency_override' | null;
  detail_enc: string | null;
}

const COLS = 'id, case_id, purpose, action, at, recorded_by, method, detail_enc';

/** Display names of the users who recorded consent events (same agency as the case). */
export async function userNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const { rows } = await db.query<{ id: string; name: string }>(
    "SELECT id, COALESCE(NULLIF(display_name, ''), email) AS name FROM users WHERE id = ANY($1)",
    [ids],
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function insertConsent(
  db: Db,
  c: {
    caseId: string;
    purpose: string;
    action: string;
    recordedBy: string;
    method?: string | null;
    detailEnc?: string | null;
  },
): Promise<ConsentRow> {
  const { rows } = await db.query<ConsentRow>(
    `INSERT INTO cw_consents (case_id, purpose, action, recorded_by, method, detail_enc) VALUES ($1,$2,$3,$4,$5,$6)
     RETURNING ${COLS}`,
    [c.caseId, c.purpose, c.action, c.recordedBy, c.method ?? null, c.detailEnc ?? null],
  );
  return rows[0]!;
}

export async function consentsOf(db: Db, caseId: string): Promise<ConsentRow[]> {
  const { rows } = await db.query<ConsentRow>(
    `SELECT ${COLS} FROM cw_consents WHERE case_id = $1 ORDER BY at, id`,
    [caseId],
  );
  return rows;
}

/** The current time of the database (consent checks compare against the same clock that stamps events). */
export async function dbNow(db: Db): Promise<Date> {
  const { rows } = await db.query<{ now: Date }>('SELECT clock_timestamp() AS now');
  return new Date(rows[0]!.now);
}
