import { createHmac } from 'node:crypto';
import { FILE_BY_KIND, formatRow } from '@enlace/core';
import { mexicoDay } from '@enlace/core/calendar';

/** Mexico City's calendar day of an instant (the day a contact counts for in the annual report). */
export { mexicoDay };

import type { Db } from '../../db/index.ts';
import { upsertBatch } from '../../import/repository.ts';
import { TABLES } from '../../import/tables.ts';
import { derivedSecret } from '../../security/crypto.ts';

export interface ContactRow {
  id: string;
  ref: string;
  record_id: string;
  agency_id: string;
  channel: string;
  status: 'open' | 'closed';
  caller_type: string | null;
  language: string | null;
  state_code: string | null;
  municipality: string | null;
  urgency: string;
  risk_indicators: string[];
  trafficking: string;
  primary_form: string | null;
  cross_border: boolean;
  consent_share: boolean;
  consent_cross_border: boolean;
  outcome: string | null;
  caller_name_enc: string | null;
  caller_contact_enc: string | null;
  narrative_enc: string | null;
  screen_enc: string | null;
  screen_recommendation: string | null;
  screen_indicators: string[];
  thread_key: string | null;
  thread_address_enc: string | null;
  operator_id: string | null;
  operator_name: string | null;
  case_id: string | null;
  packet_id: string | null;
  referred_to_agency_id: string | null;
  referred_to_name: string | null;
  referral_status: string | null;
  referral_note_enc: string | null;
  referral_decline_reason: string | null;
  referred_at: Date | string | null;
  received_case_id: string | null;
  received_at: Date | string;
  closed_at: Date | string | null;
  updated_at: Date | string;
  agency_name?: string;
  open_tasks?: number;
  next_due?: Date | string | null;
  last_inbound?: Date | string | null;
}

const COLUMNS = `c.id, c.ref, c.record_id, c.agency_id, c.channel, c.status, c.caller_type, c.language, c.state_code,
  c.municipality, c.urgency, c.risk_indicators, c.trafficking, c.primary_form, c.cross_border, c.consent_share,
  c.consent_cross_border, c.outcome, c.caller_name_enc, c.caller_contact_enc, c.narrative_enc, c.screen_enc,
  c.screen_recommendation, c.screen_indicators, c.thread_key, c.thread_address_enc, c.operator_id,
  u.display_name AS operator_name, c.case_id, c.packet_id, c.referred_to_agency_id, ra.name AS referred_to_name,
  c.referral_status, c.referral_note_enc, c.referral_decline_reason, c.referred_at, c.received_case_id,
  c.received_at, c.closed_at, c.updated_at, a.name AS agency_name`;
const FROM = `hl_contacts c LEFT JOIN users u ON u.id = c.operator_id
  LEFT JOIN agencies ra ON ra.id = c.referred_to_agency_id JOIN agencies a ON a.id = c.agency_id`;

/** Urgency first (critical … low), then the oldest waiting first. */
export const URGENCY_ORDER = `CASE c.urgency WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END`;

export type ContactWrite = {
  channel: string;
  caller_type: string | null;
  language: string | null;
  state_code: string | null;
  municipality: string | null;
  urgency: string;
  risk_indicators: string[];
  trafficking: string;
  primary_form: string | null;
  cross_border: boolean;
  consent_share: boolean;
  consent_cross_border: boolean;
  caller_name_enc: string | null;
  caller_contact_enc: string | null;
  narrative_enc: string | null;
};

export async function insertContact(
  db: Db,
  c: ContactWrite & {
    ref: string;
    record_id: string;
    agency_id: string;
    operator_id: string | null;
    thread_key?: string | null;
    thread_address_enc?: string | null;
  },
): Promise<string> {
  const cols = Object.keys(c);
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO hl_contacts (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
    Object.values(c),
  );
  return rows[0]!.id;
}

export async function updateContact(db: Db, id: string, set: Record<string, unknown>): Promise<void> {
  const cols = Object.keys(set);
  if (cols.length === 0) return;
  await db.query(
    `UPDATE hl_contacts SET ${cols.map((k, i) => `${k} = $${i + 2}`).join(', ')}, updated_at = now() WHERE id = $1`,
    [id, ...Object.values(set)],
  );
}

export async function getContact(db: Db, id: string, forUpdate = false): Promise<ContactRow | undefined> {
  const { rows } = await db.query<ContactRow>(
    `SELECT ${COLUMNS} FROM ${FROM} WHERE c.id = $1${forUpdate ? ' FOR UPDATE OF c' : ''}`,
    [id],
  );
  return rows[0];
}

export async function listQueue(
  db: Db,
  agencyId: string,
  f: { status: string; operatorId?: string | undefined; limit: number; offset: number },
) {
  const p: unknown[] = [agencyId, f.status];
  const mine = f.operatorId ? ` AND c.operator_id = $${p.push(f.operatorId)}` : '';
  const where = `c.agency_id = $1 AND c.status = $2${mine}`;
  const total = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM hl_contacts c WHERE ${where}`,
    p,
  );
  const { rows } = await db.query<ContactRow>(
    `SELECT ${COLUMNS},
       (SELECT count(*)::int FROM hl_tasks t WHERE t.contact_id = c.id AND t.done_at IS NULL) AS open_tasks,
       (SELECT min(t.due_at) FROM hl_tasks t WHERE t.contact_id = c.id AND t.done_at IS NULL) AS next_due,
       (SELECT max(m.at) FROM hl_messages m WHERE m.contact_id = c.id AND m.direction = 'in') AS last_inbound
     FROM ${FROM} WHERE ${where}
     ORDER BY ${f.status === 'open' ? `${URGENCY_ORDER}, c.received_at` : 'c.closed_at DESC NULLS LAST'}
     LIMIT $${p.length + 1} OFFSET $${p.length + 2}`,
    [...p, f.limit, f.offset],
  );
  return { rows, total: total.rows[0]?.n ?? 0 };
}

/** Contacts the hotline referred to `agencyId`. */
export async function listReferredTo(db: Db, agencyId: string) {
  const { rows } = await db.query<ContactRow>(
    `SELECT ${COLUMNS} FROM ${FROM} WHERE c.referred_to_agency_id = $1
      ORDER BY (c.referral_status = 'pending') DESC, ${URGENCY_ORDER}, c.referred_at DESC LIMIT 200`,
    [agencyId],
  );
  return rows;
}

export interface TipReferralRow {
  id: string;
  folio: string;
  received_at: Date | string;
  agency_id: string;
  agency_name: string;
  category: string;
  state_code: string | null;
  language: string;
  urgent: boolean;
  description_enc: string;
  contact_enc: string | null;
  referral_status: string | null;
  received_case_id: string | null;
}

const TIP_COLUMNS = `t.id, t.folio, t.received_at, t.agency_id, a.name AS agency_name, t.category, t.state_code,
  t.language, t.urgent, t.description_enc, t.contact_enc, t.referral_status, t.received_case_id`;

/** Tips the hotline referred to `agencyId` (the tips queue marks them `referred`). */
export async function listTipsReferredTo(db: Db, agencyId: string) {
  const { rows } = await db.query<TipReferralRow>(
    `SELECT ${TIP_COLUMNS} FROM tips t JOIN agencies a ON a.id = t.agency_id
      WHERE t.referred_to_agency_id = $1 AND t.status IN ('referred', 'closed')
      ORDER BY (coalesce(t.referral_status, 'pending') = 'pending') DESC, t.urgent DESC, t.received_at DESC LIMIT 200`,
    [agencyId],
  );
  return rows;
}

export async function getTipReferredTo(db: Db, id: string, agencyId: string, forUpdate = false) {
  const { rows } = await db.query<TipReferralRow>(
    `SELECT ${TIP_COLUMNS} FROM tips t JOIN agencies a ON a.id = t.agency_id
      WHERE t.id = $1 AND t.referred_to_agency_id = $2 AND t.status IN ('referred', 'closed')${forUpdate ? ' FOR UPDATE OF t' : ''}`,
    [id, agencyId],
  );
  return rows[0];
}

export async function answerTipReferral(db: Db, id: string, status: string, caseId: string | null) {
  await db.query(
    'UPDATE tips SET referral_status = $2, received_case_id = coalesce($3, received_case_id), updated_at = now() WHERE id = $1',
    [id, status, caseId],
  );
}

export interface MessageRow {
  id: string;
  direction: 'in' | 'out';
  body_enc: string;
  status: string;
  status_detail: string | null;
  sent_by_name: string | null;
  at: Date | string;
}

export async function messagesOf(db: Db, contactId: string) {
  const { rows } = await db.query<MessageRow>(
    `SELECT m.id, m.direction, m.body_enc, m.status, m.status_detail, u.display_name AS sent_by_name, m.at
       FROM hl_messages m LEFT JOIN users u ON u.id = m.sent_by WHERE m.contact_id = $1 ORDER BY m.at, m.id`,
    [contactId],
  );
  return rows;
}

export async function insertMessage(
  db: Db,
  m: {
    contactId: string;
    direction: 'in' | 'out';
    bodyEnc: string;
    providerSid: string | null;
    status: string;
    statusDetail: string | null;
    sentBy: string | null;
  },
): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO hl_messages (contact_id, direction, body_enc, provider_sid, status, status_detail, sent_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (provider_sid) DO NOTHING RETURNING id`,
    [m.contactId, m.direction, m.bodyEnc, m.providerSid, m.status, m.statusDetail, m.sentBy],
  );
  return rows[0]?.id ?? null;
}

export async function messageBySid(db: Db, sid: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM hl_messages WHERE provider_sid = $1', [sid]);
  return rows.length > 0;
}

export async function openThread(db: Db, agencyId: string, threadKey: string) {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM hl_contacts WHERE agency_id = $1 AND thread_key = $2 AND status = 'open'
      ORDER BY received_at DESC LIMIT 1 FOR UPDATE`,
    [agencyId, threadKey],
  );
  return rows[0]?.id;
}

export interface TaskRow {
  id: string;
  contact_id: string;
  title_enc: string;
  due_at: Date | string;
  done_at: Date | string | null;
  created_by_name: string | null;
}

export async function tasksOf(db: Db, contactId: string) {
  const { rows } = await db.query<TaskRow>(
    `SELECT t.id, t.contact_id, t.title_enc, t.due_at, t.done_at, u.display_name AS created_by_name
       FROM hl_tasks t LEFT JOIN users u ON u.id = t.created_by WHERE t.contact_id = $1
      ORDER BY t.done_at IS NOT NULL, t.due_at`,
    [contactId],
  );
  return rows;
}

export async function insertTask(
  db: Db,
  t: { contactId: string; titleEnc: string; dueAt: string; createdBy: string },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    'INSERT INTO hl_tasks (contact_id, title_enc, due_at, created_by) VALUES ($1, $2, $3, $4) RETURNING id',
    [t.contactId, t.titleEnc, t.dueAt, t.createdBy],
  );
  return rows[0]!.id;
}

export async function completeTask(db: Db, contactId: string, taskId: string): Promise<boolean> {
  const r = await db.query(
    'UPDATE hl_tasks SET done_at = coalesce(done_at, now()) WHERE id = $1 AND contact_id = $2',
    [taskId, contactId],
  );
  return r.rowCount === 1;
}

/** The agency's open contacts per operator, and their open and overdue follow-up tasks. */
export async function operatorLoad(db: Db, agencyId: string) {
  const { rows } = await db.query<{
    id: string;
    name: string;
    role: string;
    open: number;
    critical: number;
    tasks_open: number;
    tasks_overdue: number;
  }>(
    `SELECT u.id, u.display_name AS name, u.role,
        (SELECT count(*)::int FROM hl_contacts c WHERE c.operator_id = u.id AND c.status = 'open') AS open,
        (SELECT count(*)::int FROM hl_contacts c WHERE c.operator_id = u.id AND c.status = 'open'
            AND c.urgency IN ('critical', 'high')) AS critical,
        (SELECT count(*)::int FROM hl_tasks t JOIN hl_contacts c ON c.id = t.contact_id
          WHERE c.operator_id = u.id AND t.done_at IS NULL) AS tasks_open,
        (SELECT count(*)::int FROM hl_tasks t JOIN hl_contacts c ON c.id = t.contact_id
          WHERE c.operator_id = u.id AND t.done_at IS NULL AND t.due_at < now()) AS tasks_overdue
       FROM users u WHERE u.agency_id = $1 AND u.role IN ('hotline_operator', 'supervisor') AND u.disabled_at IS NULL
      ORDER BY open DESC, name`,
    [agencyId],
  );
  return rows;
}

export async function openCounts(db: Db, agencyId: string) {
  const { rows } = await db.query<{ urgency: string; n: number; unassigned: number }>(
    `SELECT urgency, count(*)::int AS n, count(*) FILTER (WHERE operator_id IS NULL)::int AS unassigned
       FROM hl_contacts WHERE agency_id = $1 AND status = 'open' GROUP BY urgency`,
    [agencyId],
  );
  return rows;
}

export async function trendRows(db: Db, agencyId: string, from: string, to: string) {
  const { rows } = await db.query<{
    received_at: Date | string;
    channel: string;
    state_code: string | null;
    primary_form: string | null;
    outcome: string | null;
    status: string;
    cross_border: boolean;
    packet_id: string | null;
    trafficking: string;
  }>(
    `SELECT received_at, channel, state_code, primary_form, outcome, status, cross_border, packet_id, trafficking
       FROM hl_contacts
      WHERE agency_id = $1
        AND received_at >= ($2::date::timestamp AT TIME ZONE 'America/Mexico_City')
        AND received_at < (($3::date + 1)::timestamp AT TIME ZONE 'America/Mexico_City')`,
    [agencyId, from, to],
  );
  return rows;
}

export async function linkableCases(db: Db, agencyId: string) {
  const { rows } = await db.query<{
    id: string;
    status: string;
    created_at: Date | string;
    person_enc: string | null;
    identification: { primaryForm?: string; stateCode?: string } | null;
  }>(
    `SELECT id, status, created_at, person_enc, identification FROM cw_cases
      WHERE agency_id = $1 AND status <> 'closed' ORDER BY created_at DESC LIMIT 100`,
    [agencyId],
  );
  return rows;
}

/**
 * Writes the contact's row of the exchange format's `hotline_contacts` (what the annual report counts), in the
 * caller's transaction: the console's contact is the record, there is no second bookkeeping.
 */
export async function syncRecord(db: Db, contactId: string): Promise<void> {
  const { rows } = await db.query<{
    record_id: string;
    agency_id: string;
    received_at: Date | string;
    channel: string;
    language: string | null;
    trafficking: string;
    referred_to_agency_id: string | null;
  }>(
    `SELECT record_id, agency_id, received_at, channel, language, trafficking, referred_to_agency_id
       FROM hl_contacts WHERE id = $1`,
    [contactId],
  );
  const c = rows[0];
  if (!c) return;
  const record: Record<string, unknown> = {
    contact_id: c.record_id,
    agency_id: c.agency_id,
    date: mexicoDay(new Date(c.received_at)),
    channel: c.channel,
    language: c.language,
    trafficking_related: c.trafficking === 'yes',
    referred_to_agency_id: c.referred_to_agency_id,
  };
  const def = FILE_BY_KIND.hotline_contacts;
  const values = def.columns.map((col) => record[col.name] ?? null);
  const hash = createHmac('sha256', derivedSecret('hotline-console-row-hash'))
    .update(formatRow(def, values))
    .digest('base64url');
  const dbValues = TABLES.hotline_contacts.toDb(values);
  await upsertBatch(db, 'hotline_contacts', [...dbValues.map((v) => [v]), [hash]]);
}

export async function hotlineAgency(db: Db): Promise<string | undefined> {
  const { rows } = await db.query<{ id: string }>(
    "SELECT id FROM agencies WHERE kind = 'hotline' AND country = 'MEX' ORDER BY id LIMIT 1",
  );
  return rows[0]?.id;
}
