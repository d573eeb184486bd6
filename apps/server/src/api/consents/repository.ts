import type { Db } from '../../db/index.ts';

export interface ConsentRow {
  id: number;
  case_id: string;
  purpose: 'referral' | 'cross_border' | 'contact' | 'statistics';
  action: 'granted' | 'withdrawn';
  at: Date;
  recorded_by: string;
}

export async function insertConsent(
  db: Db,
  c: { caseId: string; purpose: string; action: string; recordedBy: string },
): Promise<ConsentRow> {
  const { rows } = await db.query<ConsentRow>(
    'INSERT INTO cw_consents (case_id, purpose, action, recorded_by) VALUES ($1,$2,$3,$4) RETURNING id, case_id, purpose, action, at, recorded_by',
    [c.caseId, c.purpose, c.action, c.recordedBy],
  );
  return rows[0]!;
}

export async function consentsOf(db: Db, caseId: string): Promise<ConsentRow[]> {
  const { rows } = await db.query<ConsentRow>(
    'SELECT id, case_id, purpose, action, at, recorded_by FROM cw_consents WHERE case_id = $1 ORDER BY at, id',
    [caseId],
  );
  return rows;
}

/** The current time of the database (consent checks compare against the same clock that stamps events). */
export async function dbNow(db: Db): Promise<Date> {
  const { rows } = await db.query<{ now: Date }>('SELECT clock_timestamp() AS now');
  return new Date(rows[0]!.now);
}
