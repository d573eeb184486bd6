import type { Db } from '../../db/index.ts';

export interface ReferralRow {
  id: string;
  case_id: string;
  from_agency_id: string;
  to_agency_id: string;
  provider_id: string;
  services: string[];
  status: 'pending' | 'accepted' | 'declined' | 'completed';
  created_by: string;
  created_at: Date;
  answered_at: Date | null;
  accepted_at: Date | null;
  declined_at: Date | null;
  decline_reason: string | null;
  first_service_at: Date | null;
  completed_at: Date | null;
}
const COLS = `id, case_id, from_agency_id, to_agency_id, provider_id, services, status, created_by, created_at, answered_at,
  accepted_at, declined_at, decline_reason, first_service_at, completed_at`;

export async function insertReferral(
  db: Db,
  r: { caseId: string; from: string; to: string; providerId: string; services: string[]; createdBy: string },
): Promise<ReferralRow> {
  const { rows } = await db.query<ReferralRow>(
    `INSERT INTO cw_referrals (case_id, from_agency_id, to_agency_id, provider_id, services, created_by)
     VALUES ($1,$2,$3,$4,$5,$6) RETURNING ${COLS}`,
    [r.caseId, r.from, r.to, r.providerId, r.services, r.createdBy],
  );
  return rows[0]!;
}

export async function getReferral(db: Db, id: string, forUpdate = false): Promise<ReferralRow | undefined> {
  const { rows } = await db.query<ReferralRow>(
    `SELECT ${COLS} FROM cw_referrals WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0];
}

export async function saveState(
  db: Db,
  id: string,
  s: {
    status: string;
    answeredAt: string | null;
    acceptedAt: string | null;
    declinedAt: string | null;
    declineReason: string | null;
    firstServiceAt: string | null;
    completedAt: string | null;
    answeredBy: string | null;
  },
): Promise<void> {
  await db.query(
    `UPDATE cw_referrals SET status = $2, answered_at = $3, accepted_at = $4, declined_at = $5, decline_reason = $6,
       first_service_at = $7, completed_at = $8, answered_by = coalesce(answered_by, $9) WHERE id = $1`,
    [
      id,
      s.status,
      s.answeredAt,
      s.acceptedAt,
      s.declinedAt,
      s.declineReason,
      s.firstServiceAt,
      s.completedAt,
      s.answeredBy,
    ],
  );
}

export async function listReferrals(
  db: Db,
  box: 'sent' | 'received',
  agencyId: string,
): Promise<ReferralRow[]> {
  const col = box === 'sent' ? 'from_agency_id' : 'to_agency_id';
  const { rows } = await db.query<ReferralRow>(
    `SELECT ${COLS} FROM cw_referrals WHERE ${col} = $1 ORDER BY created_at DESC LIMIT 500`,
    [agencyId],
  );
  return rows;
}

export async function openReferralsFrom(db: Db, agencyId: string): Promise<ReferralRow[]> {
  const { rows } = await db.query<ReferralRow>(
    `SELECT ${COLS} FROM cw_referrals WHERE from_agency_id = $1 AND status IN ('pending', 'accepted') ORDER BY created_at`,
    [agencyId],
  );
  return rows;
}

/** An open (pending or accepted) referral of this case to this provider, if any. */
export async function openReferralTo(db: Db, caseId: string, providerId: string): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM cw_referrals WHERE case_id = $1 AND provider_id = $2 AND status IN ('pending', 'accepted') LIMIT 1`,
    [caseId, providerId],
  );
  return rows[0]?.id ?? null;
}

/** Agencies' names by id (names of institutions, never personal data). */
export async function agencyNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const { rows } = await db.query<{ id: string; name: string }>(
    'SELECT id, name FROM agencies WHERE id = ANY($1)',
    [unique],
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function providerName(db: Db, id: string): Promise<string | null> {
  const { rows } = await db.query<{ name: string }>('SELECT name FROM cw_providers WHERE id = $1', [id]);
  return rows[0]?.name ?? null;
}
