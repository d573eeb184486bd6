import type { AgencyKind, AgencyLevel } from '@enlace/core';
import type { Db } from '../../db/index.ts';
import type { TransferStatus } from './schema.ts';

export interface TransferRow {
  id: string;
  case_id: string;
  from_agency_id: string;
  to_agency_id: string;
  status: TransferStatus;
  summary_enc: string;
  reason_enc: string;
  requested_by: string;
  requested_at: Date;
  approved_by: string | null;
  approved_at: Date | null;
  answered_by: string | null;
  answered_at: Date | null;
  answer_reason_enc: string | null;
}
export interface TransferListRow extends TransferRow {
  from_agency_name: string;
  to_agency_name: string;
  requested_by_name: string | null;
  approved_by_name: string | null;
  answered_by_name: string | null;
  case_agency_id: string;
  from_contact_name: string | null;
  from_contact_email: string | null;
  from_contact_phone: string | null;
  to_contact_name: string | null;
  to_contact_email: string | null;
  to_contact_phone: string | null;
}

const LIST = `SELECT t.*, fa.name AS from_agency_name, ta.name AS to_agency_name, c.agency_id AS case_agency_id,
    ru.display_name AS requested_by_name, au.display_name AS approved_by_name, nu.display_name AS answered_by_name,
    fs.contact_name AS from_contact_name, fs.contact_email AS from_contact_email, fs.contact_phone AS from_contact_phone,
    ts.contact_name AS to_contact_name, ts.contact_email AS to_contact_email, ts.contact_phone AS to_contact_phone
  FROM cw_transfers t
  JOIN agencies fa ON fa.id = t.from_agency_id JOIN agencies ta ON ta.id = t.to_agency_id
  JOIN cw_cases c ON c.id = t.case_id
  LEFT JOIN users ru ON ru.id = t.requested_by LEFT JOIN users au ON au.id = t.approved_by
  LEFT JOIN users nu ON nu.id = t.answered_by
  LEFT JOIN agency_settings fs ON fs.agency_id = t.from_agency_id
  LEFT JOIN agency_settings ts ON ts.agency_id = t.to_agency_id`;

export async function insertTransfer(
  db: Db,
  t: {
    caseId: string;
    from: string;
    to: string;
    summaryEnc: string;
    reasonEnc: string;
    requestedBy: string;
  },
): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO cw_transfers (case_id, from_agency_id, to_agency_id, summary_enc, reason_enc, requested_by)
     VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT (case_id) WHERE status IN ('requested', 'approved') DO NOTHING RETURNING id`,
    [t.caseId, t.from, t.to, t.summaryEnc, t.reasonEnc, t.requestedBy],
  );
  return rows[0]?.id ?? null;
}

export async function getTransfer(db: Db, id: string, forUpdate = false): Promise<TransferRow | undefined> {
  const { rows } = await db.query<TransferRow>(
    `SELECT * FROM cw_transfers WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0];
}

export async function getTransferView(db: Db, id: string): Promise<TransferListRow | undefined> {
  const { rows } = await db.query<TransferListRow>(`${LIST} WHERE t.id = $1`, [id]);
  return rows[0];
}

export async function transfersOfCase(db: Db, caseId: string): Promise<TransferListRow[]> {
  const { rows } = await db.query<TransferListRow>(
    `${LIST} WHERE t.case_id = $1 ORDER BY t.requested_at DESC, t.id`,
    [caseId],
  );
  return rows;
}

/**
 * incoming: transfers to the agency that its sending supervisor approved (awaiting an answer) and those it answered;
 * outgoing: every transfer the agency asked for.
 */
export async function listTransfers(db: Db, agencyId: string, box: 'incoming' | 'outgoing') {
  const where =
    box === 'incoming'
      ? `t.to_agency_id = $1 AND t.status IN ('approved', 'accepted', 'declined')`
      : 't.from_agency_id = $1';
  const { rows } = await db.query<TransferListRow>(
    `${LIST} WHERE ${where}
     ORDER BY (t.status IN ('requested', 'approved')) DESC, t.requested_at DESC, t.id LIMIT 200`,
    [agencyId],
  );
  return rows;
}

export async function counts(db: Db, agencyId: string) {
  const { rows } = await db.query<{ incoming: number; to_approve: number; open_outgoing: number }>(
    `SELECT count(*) FILTER (WHERE to_agency_id = $1 AND status = 'approved')::int AS incoming,
            count(*) FILTER (WHERE from_agency_id = $1 AND status = 'requested')::int AS to_approve,
            count(*) FILTER (WHERE from_agency_id = $1 AND status IN ('requested', 'approved'))::int AS open_outgoing
     FROM cw_transfers WHERE (to_agency_id = $1 OR from_agency_id = $1) AND status IN ('requested', 'approved')`,
    [agencyId],
  );
  return {
    incoming: rows[0]?.incoming ?? 0,
    toApprove: rows[0]?.to_approve ?? 0,
    openOutgoing: rows[0]?.open_outgoing ?? 0,
  };
}

export async function setStatus(
  db: Db,
  id: string,
  s: {
    status: TransferStatus;
    approvedBy?: string;
    answeredBy?: string;
    answerReasonEnc?: string | null;
  },
): Promise<void> {
  await db.query(
    `UPDATE cw_transfers SET status = $2,
       approved_by = COALESCE($3, approved_by), approved_at = CASE WHEN $3::uuid IS NULL THEN approved_at ELSE now() END,
       answered_by = COALESCE($4, answered_by), answered_at = CASE WHEN $4::uuid IS NULL THEN answered_at ELSE now() END,
       answer_reason_enc = COALESCE($5, answer_reason_enc)
     WHERE id = $1`,
    [id, s.status, s.approvedBy ?? null, s.answeredBy ?? null, s.answerReasonEnc ?? null],
  );
}

/**
 * The case and what belongs to it move to the receiving agency: the case (unassigned: the receiving supervisor
 * assigns it), the screenings it was opened from, its referrals (the receiving agency now coordinates them), and
 * its "known elsewhere" requests. History, consents, services and restitution follow by the case id.
 */
export async function moveCase(db: Db, caseId: string, to: string): Promise<void> {
  await db.query('UPDATE cw_cases SET agency_id = $2, assigned_to = NULL, updated_at = now() WHERE id = $1', [
    caseId,
    to,
  ]);
  await db.query('UPDATE cw_screenings SET agency_id = $2 WHERE case_id = $1', [caseId, to]);
  await db.query('UPDATE cw_referrals SET from_agency_id = $2 WHERE case_id = $1', [caseId, to]);
  await db.query(
    'UPDATE cw_access_requests SET from_agency_id = $2 WHERE case_id = $1 AND to_agency_id <> $2',
    [caseId, to],
  );
}

/** Agencies a case may be transferred to: Mexican agencies (not the caller's) with someone able to accept. */
export async function destinations(db: Db, agencyId: string) {
  const { rows } = await db.query<{
    id: string;
    name: string;
    level: AgencyLevel;
    kind: AgencyKind;
    state_code: string | null;
  }>(
    `SELECT a.id, a.name, a.level, a.kind, a.state_code FROM agencies a
     WHERE a.id <> $1 AND a.level <> 'foreign' AND EXISTS (
       SELECT 1 FROM users u WHERE u.agency_id = a.id AND u.disabled_at IS NULL
         AND u.role IN ('supervisor', 'agency_admin'))
     ORDER BY a.name, a.id`,
    [agencyId],
  );
  return rows.map((r) => ({ id: r.id, name: r.name, level: r.level, kind: r.kind, stateCode: r.state_code }));
}

export async function isDestination(db: Db, agencyId: string, to: string): Promise<boolean> {
  return (await destinations(db, agencyId)).some((d) => d.id === to);
}
