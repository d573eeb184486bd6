import type { Db } from '../../db/index.ts';

export interface CaseRow {
  id: string;
  agency_id: string;
  person_ref: string | null;
  status: 'open' | 'closure_requested' | 'closed';
  closure_reason: string | null;
  closure_requested_by: string | null;
  closure_approved_by: string | null;
  closed_at: Date | null;
  sex: string | null;
  nationality: string | null;
  languages: string[];
  migration_status: string | null;
  municipality: string | null;
  identification: Record<string, unknown>;
  needs: string[];
  person_enc: string | null;
  perpetrators_enc: string | null;
  timeline_enc: string | null;
  notes_enc: string | null;
  support_plan_enc: string | null;
  plan_enc: string | null;
  curp_bidx: string | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

export type CaseWrite = Omit<
  CaseRow,
  | 'id'
  | 'status'
  | 'closure_reason'
  | 'closure_requested_by'
  | 'closure_approved_by'
  | 'closed_at'
  | 'created_at'
  | 'updated_at'
>;

const COLS = `id, agency_id, person_ref, status, closure_reason, closure_requested_by, closure_approved_by, closed_at, sex,
  nationality, languages, migration_status, municipality, identification, needs, person_enc, perpetrators_enc, timeline_enc,
  notes_enc, support_plan_enc, plan_enc, curp_bidx, created_by, created_at, updated_at`;

export async function insertCase(db: Db, c: CaseWrite): Promise<CaseRow> {
  const { rows } = await db.query<CaseRow>(
    `INSERT INTO cw_cases (agency_id, person_ref, sex, nationality, languages, migration_status, municipality, identification,
       needs, person_enc, perpetrators_enc, timeline_enc, notes_enc, support_plan_enc, curp_bidx, created_by, plan_enc)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17) RETURNING ${COLS}`,
    [
      c.agency_id,
      c.person_ref,
      c.sex,
      c.nationality,
      c.languages,
      c.migration_status,
      c.municipality,
      JSON.stringify(c.identification),
      c.needs,
      c.person_enc,
      c.perpetrators_enc,
      c.timeline_enc,
      c.notes_enc,
      c.support_plan_enc,
      c.curp_bidx,
      c.created_by,
      c.plan_enc,
    ],
  );
  return rows[0]!;
}

export async function getCaseRow(db: Db, id: string, forUpdate = false): Promise<CaseRow | undefined> {
  const { rows } = await db.query<CaseRow>(
    `SELECT ${COLS} FROM cw_cases WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0];
}

export async function updateCaseRow(
  db: Db,
  id: string,
  c: Omit<CaseWrite, 'agency_id' | 'created_by'>,
): Promise<void> {
  await db.query(
    `UPDATE cw_cases SET person_ref = $2, sex = $3, nationality = $4, languages = $5, migration_status = $6, municipality = $7,
       identification = $8, needs = $9, person_enc = $10, perpetrators_enc = $11, timeline_enc = $12, notes_enc = $13,
       support_plan_enc = $14, curp_bidx = $15, plan_enc = $16, updated_at = now() WHERE id = $1`,
    [
      id,
      c.person_ref,
      c.sex,
      c.nationality,
      c.languages,
      c.migration_status,
      c.municipality,
      JSON.stringify(c.identification),
      c.needs,
      c.person_enc,
      c.perpetrators_enc,
      c.timeline_enc,
      c.notes_enc,
      c.support_plan_enc,
      c.curp_bidx,
      c.plan_enc,
    ],
  );
}

export async function setClosure(
  db: Db,
  id: string,
  s: {
    status: CaseRow['status'];
    reason: string | null;
    requestedBy: string | null;
    approvedBy: string | null;
    closed: boolean;
  },
): Promise<void> {
  await db.query(
    `UPDATE cw_cases SET status = $2, closure_reason = $3, closure_requested_by = $4, closure_approved_by = $5,
       closed_at = CASE WHEN $6::boolean THEN now() ELSE NULL END, updated_at = now() WHERE id = $1`,
    [id, s.status, s.reason, s.requestedBy, s.approvedBy, s.closed],
  );
}

export async function listCaseRows(
  db: Db,
  agencyId: string,
  f: { status?: string | undefined; limit: number; offset: number },
) {
  const p: unknown[] = [agencyId];
  const w = f.status ? `AND status = $${p.push(f.status)}` : '';
  const total = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM cw_cases WHERE agency_id = $1 ${w}`,
    p,
  );
  const { rows } = await db.query<CaseRow>(
    `SELECT ${COLS} FROM cw_cases WHERE agency_id = $1 ${w} ORDER BY created_at DESC, id LIMIT $${p.length + 1} OFFSET $${p.length + 2}`,
    [...p, f.limit, f.offset],
  );
  return { rows, total: total.rows[0]?.n ?? 0 };
}

/** The screenings a case was opened from (or that were run for it), newest first. */
export async function screeningsOfCase(db: Db, caseId: string) {
  const { rows } = await db.query<{
    id: string;
    instrument_id: string;
    instrument_version: string;
    status: string;
    answers_enc: string | null;
    result_enc: string | null;
    updated_at: Date;
  }>(
    `SELECT id, instrument_id, instrument_version, status, answers_enc, result_enc, updated_at
     FROM cw_screenings WHERE case_id = $1 ORDER BY updated_at DESC, id`,
    [caseId],
  );
  return rows;
}

export async function insertCaseEvent(
  db: Db,
  e: { caseId: string; userId: string | null; action: string; fields: string[]; detailEnc: string | null },
): Promise<void> {
  await db.query(
    'INSERT INTO cw_case_events (case_id, user_id, action, fields, detail_enc) VALUES ($1,$2,$3,$4,$5)',
    [e.caseId, e.userId, e.action, e.fields, e.detailEnc],
  );
}

export async function listCaseEvents(db: Db, caseId: string) {
  const { rows } = await db.query<{
    id: number;
    at: Date;
    user_id: string | null;
    action: string;
    fields: string[];
    detail_enc: string | null;
  }>(
    'SELECT id, at, user_id, action, fields, detail_enc FROM cw_case_events WHERE case_id = $1 ORDER BY id',
    [caseId],
  );
  return rows;
}

// Services delivered.
export interface ServiceRow {
  id: string;
  case_id: string;
  referral_id: string | null;
  provider_agency_id: string;
  service: string;
  start_date: string;
  end_date: string | null;
  funding: string;
  recorded_by: string;
  created_at: Date;
}
export async function insertService(db: Db, s: Omit<ServiceRow, 'id' | 'created_at'>): Promise<ServiceRow> {
  const { rows } = await db.query<ServiceRow>(
    `INSERT INTO cw_services (case_id, referral_id, provider_agency_id, service, start_date, end_date, funding, recorded_by)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING id, case_id, referral_id, provider_agency_id, service, start_date::text,
       end_date::text, funding, recorded_by, created_at`,
    [
      s.case_id,
      s.referral_id,
      s.provider_agency_id,
      s.service,
      s.start_date,
      s.end_date,
      s.funding,
      s.recorded_by,
    ],
  );
  return rows[0]!;
}
export async function listServices(db: Db, caseId: string): Promise<ServiceRow[]> {
  const { rows } = await db.query<ServiceRow>(
    `SELECT id, case_id, referral_id, provider_agency_id, service, start_date::text, end_date::text, funding, recorded_by, created_at
     FROM cw_services WHERE case_id = $1 ORDER BY start_date, id`,
    [caseId],
  );
  return rows;
}

// Restitution.
export interface OrderRow {
  id: string;
  case_id: string;
  conviction_ref: string;
  ordered_mxn: string;
  ordered_on: string | null;
}
export interface PaymentRow {
  id: string;
  order_id: string;
  paid_on: string;
  amount_mxn: string;
  source: 'perpetrator' | 'assistance_fund';
  case_id: string;
  conviction_ref: string;
}
export async function insertOrder(
  db: Db,
  o: { caseId: string; convictionRef: string; orderedMxn: string; orderedOn: string | null; userId: string },
): Promise<OrderRow> {
  const { rows } = await db.query<OrderRow>(
    `INSERT INTO cw_restitution_orders (case_id, conviction_ref, ordered_mxn, ordered_on, recorded_by) VALUES ($1,$2,$3,$4,$5)
     ON CONFLICT (case_id, conviction_ref) DO NOTHING
     RETURNING id, case_id, conviction_ref, ordered_mxn::text, ordered_on::text`,
    [o.caseId, o.convictionRef, o.orderedMxn, o.orderedOn, o.userId],
  );
  return rows[0]!;
}
export async function getOrder(db: Db, id: string): Promise<OrderRow | undefined> {
  const { rows } = await db.query<OrderRow>(
    'SELECT id, case_id, conviction_ref, ordered_mxn::text, ordered_on::text FROM cw_restitution_orders WHERE id = $1',
    [id],
  );
  return rows[0];
}
export async function insertPayment(
  db: Db,
  p: { orderId: string; paidOn: string; amountMxn: string; source: string; userId: string },
): Promise<{ id: string }> {
  const { rows } = await db.query<{ id: string }>(
    'INSERT INTO cw_restitution_payments (order_id, paid_on, amount_mxn, source, recorded_by) VALUES ($1,$2,$3,$4,$5) RETURNING id',
    [p.orderId, p.paidOn, p.amountMxn, p.source, p.userId],
  );
  return rows[0]!;
}
/** Orders and payments of the cases of an agency (optionally one case). */
export async function restitutionOf(db: Db, agencyId: string, caseId?: string) {
  const p: unknown[] = [agencyId];
  const w = caseId ? `AND c.id = $${p.push(caseId)}` : '';
  const orders = await db.query<OrderRow>(
    `SELECT o.id, o.case_id, o.conviction_ref, o.ordered_mxn::text, o.ordered_on::text FROM cw_restitution_orders o
     JOIN cw_cases c ON c.id = o.case_id WHERE c.agency_id = $1 ${w} ORDER BY o.conviction_ref, o.case_id`,
    p,
  );
  const payments = await db.query<PaymentRow>(
    `SELECT pm.id, pm.order_id, pm.paid_on::text, pm.amount_mxn::text, pm.source, o.case_id, o.conviction_ref
     FROM cw_restitution_payments pm JOIN cw_restitution_orders o ON o.id = pm.order_id JOIN cw_cases c ON c.id = o.case_id
     WHERE c.agency_id = $1 ${w} ORDER BY pm.paid_on, pm.id`,
    p,
  );
  return { orders: orders.rows, payments: payments.rows };
}

// Mirror in the exchange data model (see exchange-sync.ts).
export async function referralsOfCase(db: Db, caseId: string) {
  const { rows } = await db.query<{
    id: string;
    from_agency_id: string;
    to_agency_id: string;
    services: string[];
    status: string;
    created_at: Date;
    accepted_at: Date | null;
    declined_at: Date | null;
    completed_at: Date | null;
  }>(
    `SELECT id, from_agency_id, to_agency_id, services, status, created_at, accepted_at, declined_at, completed_at
     FROM cw_referrals WHERE case_id = $1 ORDER BY created_at, id`,
    [caseId],
  );
  return rows;
}

export async function deleteMirrorIdentification(db: Db, personId: string): Promise<void> {
  await db.query('DELETE FROM identifications WHERE identification_id = $1', [personId]);
}

export async function deleteMirror(db: Db, personId: string): Promise<void> {
  await db.query('DELETE FROM services WHERE person_id = $1', [personId]);
  await db.query('DELETE FROM referrals WHERE person_id = $1', [personId]);
  await db.query('DELETE FROM identifications WHERE person_id = $1', [personId]);
  await db.query('DELETE FROM persons WHERE person_id = $1', [personId]);
}
