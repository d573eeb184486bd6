import type { Db } from '../../db/index.ts';

export interface ScreeningRow {
  id: string;
  agency_id: string;
  case_id: string | null;
  instrument_id: string;
  instrument_version: string;
  status: 'in_progress' | 'completed';
  answers_enc: string | null;
  recommendation: string | null;
  indicators: string[];
  result_enc: string | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  completed_at: Date | null;
}
const COLS = `id, agency_id, case_id, instrument_id, instrument_version, status, answers_enc, recommendation, indicators,
  result_enc, created_by, created_at, updated_at, completed_at`;

export async function insertScreening(
  db: Db,
  s: { agencyId: string; caseId: string | null; instrumentId: string; version: string; createdBy: string },
): Promise<ScreeningRow> {
  const { rows } = await db.query<ScreeningRow>(
    `INSERT INTO cw_screenings (agency_id, case_id, instrument_id, instrument_version, created_by) VALUES ($1,$2,$3,$4,$5) RETURNING ${COLS}`,
    [s.agencyId, s.caseId, s.instrumentId, s.version, s.createdBy],
  );
  return rows[0]!;
}

export async function getScreening(db: Db, id: string, forUpdate = false): Promise<ScreeningRow | undefined> {
  const { rows } = await db.query<ScreeningRow>(
    `SELECT ${COLS} FROM cw_screenings WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0];
}

export async function saveAnswers(
  db: Db,
  id: string,
  s: {
    answersEnc: string | null;
    resultEnc: string | null;
    recommendation: string | null;
    indicators: string[];
    completed: boolean;
  },
): Promise<void> {
  await db.query(
    `UPDATE cw_screenings SET answers_enc = $2, result_enc = $3, recommendation = $4, indicators = $5,
       status = CASE WHEN $6::boolean THEN 'completed' ELSE 'in_progress' END,
       completed_at = CASE WHEN $6::boolean THEN now() ELSE NULL END, updated_at = now() WHERE id = $1`,
    [id, s.answersEnc, s.resultEnc, s.recommendation, s.indicators, s.completed],
  );
}

export async function listScreenings(db: Db, agencyId: string, status?: string) {
  const p: unknown[] = [agencyId];
  const w = status ? `AND status = $${p.push(status)}` : '';
  const { rows } = await db.query<ScreeningRow>(
    `SELECT ${COLS} FROM cw_screenings WHERE agency_id = $1 ${w} ORDER BY updated_at DESC LIMIT 200`,
    p,
  );
  return rows;
}
