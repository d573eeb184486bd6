import { randomInt } from 'node:crypto';
import { screening } from '@enlace/core';
import { suppressCells } from '@enlace/core/report/disclosure';
import { audit } from '../../audit/service.ts';
import type { Db } from '../../db/index.ts';
import { AppError, badInput, notFound } from '../../errors.ts';
import type { RequestContext, SessionUser } from '../../http/context.ts';
import { blindIndex, decryptField, encryptField } from '../../security/crypto.ts';
import { can } from '../../security/permissions.ts';
import { getAgency } from '../agencies/repository.ts';
import { decJson, encJson } from '../cases/crypto-json.ts';
import { CreateCaseBody } from '../cases/schema.ts';
import { caseInScope, createCase } from '../cases/service.ts';
import { recordConsent } from '../consents/service.ts';
import { createPacket } from '../packets/service.ts';
import { listProviders } from '../providers/service.ts';
import { outboundChannel } from './channel.ts';
import * as repo from './repository.ts';
import type { CreateContactBody, UpdateContactBody } from './schema.ts';

type Ctx = RequestContext;
/** The table, also the context its encrypted fields are bound to (`table.column`). */
const CONTACTS_TABLE = 'hl_contacts';
/** The short screen the console runs (the first instrument of case work, packages/core/instruments). */
export const SCREEN_INSTRUMENT = 'short-screen';
/** Counts below this are not shown beyond the agency (the annual report's public release uses the same k). */
export const DISCLOSURE_K = 11;

const REF_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const newRef = () =>
  `L-${Array.from({ length: 8 }, () => REF_ALPHABET[randomInt(REF_ALPHABET.length)]).join('')}`;
const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
const dec = (v: string | null, col: string) => decryptField(v, `${CONTACTS_TABLE}.${col}`) ?? '';
const enc = (v: string | null | undefined, col: string) =>
  encryptField(v ?? null, `${CONTACTS_TABLE}.${col}`);

function me(ctx: Ctx): SessionUser {
  if (!ctx.user) throw new AppError('unauthenticated', 'Please sign in', { status: 401 });
  return ctx.user;
}

/** The console belongs to hotline agencies: other agencies receive referrals in their inbox instead. */
function hotlineUser(ctx: Ctx): SessionUser {
  const u = me(ctx);
  if (u.agencyKind !== 'hotline')
    throw new AppError('not_a_hotline', 'The hotline console is for staff of a hotline agency', {
      status: 403,
    });
  return u;
}

/** A contact of the user's hotline, or 404 (another agency's contact does not exist for this user). */
async function ownContact(ctx: Ctx, id: string, db: Db = ctx.db, forUpdate = false) {
  const u = hotlineUser(ctx);
  const row = await repo.getContact(db, id, forUpdate);
  if (!row || row.agency_id !== u.agencyId) throw notFound('Contact');
  return row;
}

interface ScreenStored {
  answers: screening.Answers;
  result: screening.ScreeningResult;
}

function summaryView(r: repo.ContactRow) {
  return {
    id: r.id,
    ref: r.ref,
    channel: r.channel,
    status: r.status,
    callerType: r.caller_type,
    language: r.language,
    stateCode: r.state_code,
    municipality: r.municipality,
    urgency: r.urgency,
    riskIndicators: r.risk_indicators,
    trafficking: r.trafficking,
    primaryForm: r.primary_form,
    outcome: r.outcome,
    operator: r.operator_id ? { id: r.operator_id, name: r.operator_name ?? '' } : null,
    referral: r.referred_to_agency_id
      ? {
          toAgencyId: r.referred_to_agency_id,
          toAgencyName: r.referred_to_name ?? r.referred_to_agency_id,
          status: r.referral_status,
          referredAt: iso(r.referred_at),
        }
      : null,
    screenRecommendation: r.screen_recommendation,
    openTasks: r.open_tasks ?? 0,
    nextDue: iso(r.next_due),
    lastInbound: iso(r.last_inbound),
    receivedAt: iso(r.received_at)!,
    closedAt: iso(r.closed_at),
  };
}

async function fullView(db: Db, r: repo.ContactRow) {
  const messages = await repo.messagesOf(db, r.id);
  const tasks = await repo.tasksOf(db, r.id);
  const screen = decJson<ScreenStored>(CONTACTS_TABLE, 'screen_enc', r.screen_enc);
  return {
    ...summaryView(r),
    recordId: r.record_id,
    callerName: dec(r.caller_name_enc, 'caller_name_enc'),
    callerContact: dec(r.caller_contact_enc, 'caller_contact_enc'),
    narrative: dec(r.narrative_enc, 'narrative_enc'),
    crossBorder: r.cross_border,
    consentShare: r.consent_share,
    consentCrossBorder: r.consent_cross_border,
    screen,
    caseId: r.case_id,
    packetId: r.packet_id,
    hasThread: r.thread_address_enc !== null,
    referral: r.referred_to_agency_id
      ? {
          toAgencyId: r.referred_to_agency_id,
          toAgencyName: r.referred_to_name ?? r.referred_to_agency_id,
          status: r.referral_status,
          referredAt: iso(r.referred_at),
          note: dec(r.referral_note_enc, 'referral_note_enc'),
          declineReason: r.referral_decline_reason,
          caseOpened: r.received_case_id !== null,
        }
      : null,
    messages: messages.map((m) => ({
      id: m.id,
      direction: m.direction,
      body: decryptField(m.body_enc, 'hl_messages.body_enc') ?? '',
      status: m.status,
      statusDetail: m.status_detail,
      sentBy: m.sent_by_name,
      at: iso(m.at)!,
    })),
    tasks: tasks.map((t) => ({
      id: t.id,
      title: decryptField(t.title_enc, 'hl_tasks.title_enc') ?? '',
      dueAt: iso(t.due_at)!,
      doneAt: iso(t.done_at),
      createdBy: t.created_by_name,
    })),
  };
}

const PERSONAL_FIELDS = ['caller_name', 'caller_contact', 'narrative', 'screen', 'messages', 'tasks'];

function writeOf(b: CreateContactBody) {
  return {
    caller_type: b.callerType,
    language: b.language,
    state_code: b.stateCode,
    municipality: b.municipality,
    urgency: b.urgency,
    risk_indicators: b.riskIndicators,
    trafficking: b.trafficking,
    primary_form: b.primaryForm,
    cross_border: b.crossBorder,
    consent_share: b.consentShare,
    consent_cross_border: b.consentCrossBorder,
    caller_name_enc: enc(b.callerName, 'caller_name_enc'),
    caller_contact_enc: enc(b.callerContact, 'caller_contact_enc'),
    narrative_enc: enc(b.narrative, 'narrative_enc'),
  };
}

/** Inserts a contact and its statistics row (the record the annual report counts) in one transaction. */
async function insertWithRecord(
  tx: Db,
  agencyId: string,
  c: Omit<Parameters<typeof repo.insertContact>[1], 'ref' | 'record_id' | 'agency_id'>,
) {
  const ref = newRef();
  const id = await repo.insertContact(tx, {
    ...c,
    ref,
    record_id: `${agencyId}/${ref}`,
    agency_id: agencyId,
  });
  await repo.syncRecord(tx, id);
  return id;
}

export async function createContact(ctx: Ctx, body: CreateContactBody) {
  const u = hotlineUser(ctx);
  const id = await ctx.db.transaction(async (tx) => {
    const id = await insertWithRecord(tx, u.agencyId, {
      channel: body.channel,
      ...writeOf(body),
      operator_id: u.id,
    });
    await audit(
      ctx,
      { action: 'create', resource: 'hotline_contacts', resourceId: id, fields: PERSONAL_FIELDS.slice(0, 3) },
      tx,
    );
    return id;
  });
  return fullView(ctx.db, (await repo.getContact(ctx.db, id))!);
}

export async function listQueue(
  ctx: Ctx,
  q: { status: 'open' | 'closed'; mine?: 'true' | 'false' | undefined; limit: number; offset: number },
) {
  const u = hotlineUser(ctx);
  const { rows, total } = await repo.listQueue(ctx.db, u.agencyId, {
    status: q.status,
    operatorId: q.mine === 'true' ? u.id : undefined,
    limit: q.limit,
    offset: q.offset,
  });
  return { items: rows.map(summaryView), total };
}

export async function readContact(ctx: Ctx, id: string) {
  const row = await ownContact(ctx, id);
  await audit(ctx, { action: 'read', resource: 'hotline_contacts', resourceId: id, fields: PERSONAL_FIELDS });
  return fullView(ctx.db, row);
}

async function change(
  ctx: Ctx,
  id: string,
  fields: string[],
  fn: (tx: Db, row: repo.ContactRow) => Promise<Record<string, unknown> | undefined>,
  action = 'update',
) {
  await ctx.db.transaction(async (tx) => {
    const row = await ownContact(ctx, id, tx, true);
    const set = await fn(tx, row);
    if (set) await repo.updateContact(tx, id, set);
    await repo.syncRecord(tx, id);
    await audit(ctx, { action, resource: 'hotline_contacts', resourceId: id, fields }, tx);
  });
  return readContact(ctx, id);
}

export async function updateContact(ctx: Ctx, id: string, patch: UpdateContactBody) {
  return change(ctx, id, Object.keys(patch), async (_tx, row) => {
    const set: Record<string, unknown> = {};
    const map: Record<string, string> = {
      callerType: 'caller_type',
      language: 'language',
      stateCode: 'state_code',
      municipality: 'municipality',
      urgency: 'urgency',
      riskIndicators: 'risk_indicators',
      trafficking: 'trafficking',
      primaryForm: 'primary_form',
      crossBorder: 'cross_border',
      consentShare: 'consent_share',
      consentCrossBorder: 'consent_cross_border',
    };
    for (const [k, col] of Object.entries(map)) {
      const v = (patch as Record<string, unknown>)[k];
      if (v !== undefined) set[col] = v;
    }
    if (patch.callerName !== undefined) set.caller_name_enc = enc(patch.callerName, 'caller_name_enc');
    if (patch.callerContact !== undefined)
      set.caller_contact_enc = enc(patch.callerContact, 'caller_contact_enc');
    if (patch.narrative !== undefined) set.narrative_enc = enc(patch.narrative, 'narrative_enc');
    const state = patch.stateCode !== undefined ? patch.stateCode : row.state_code;
    const muni = patch.municipality !== undefined ? patch.municipality : row.municipality;
    if (muni && state && !muni.startsWith(state))
      throw badInput('the municipality is not in the state', [{ field: 'municipality' }]);
    return set;
  });
}

/** The operator takes an unassigned contact (from the webhook or another operator). */
export async function takeContact(ctx: Ctx, id: string) {
  return change(ctx, id, ['operator'], async () => ({ operator_id: me(ctx).id }));
}

export function screenInstrument() {
  const inst = screening.getInstrument(SCREEN_INSTRUMENT);
  if (!inst) throw new AppError('instrument_missing', 'The short screen is not installed', { status: 500 });
  return inst;
}

/** Saves the short screen's answers (validated by the instrument) and its result. */
export async function saveScreen(ctx: Ctx, id: string, answers: screening.Answers) {
  const inst = screenInstrument();
  const items = new Map(inst.items.map((i) => [i.id, i]));
  for (const [itemId, value] of Object.entries(answers)) {
    const item = items.get(itemId);
    if (!item) throw badInput(`No question ${itemId} in the screen`, [{ field: `answers.${itemId}` }]);
    try {
      screening.validateAnswer(item, value);
    } catch (e) {
      if (e instanceof screening.AnswerError)
        throw badInput(`${itemId}: ${e.message}`, [{ field: `answers.${itemId}` }]);
      throw e;
    }
  }
  const kept = screening.pruneAnswers(inst, answers);
  const result = screening.scoreScreening(inst, kept);
  return change(ctx, id, ['screen'], async (_tx, row) => ({
    screen_enc: encJson(CONTACTS_TABLE, 'screen_enc', { answers: kept, result } satisfies ScreenStored),
    screen_recommendation: result.recommendation,
    screen_indicators: result.indicators.map((i) => i.indicator),
    ...(row.primary_form === null && result.hints.forms[0] ? { primary_form: result.hints.forms[0] } : {}),
    ...(row.trafficking === 'unsure' && result.recommendation === 'refer_for_assessment'
      ? { trafficking: 'yes' }
      : {}),
  }));
}

/** Refers the contact to a prosecutor's office or a service: it arrives in that agency's inbox. */
export async function referContact(ctx: Ctx, id: string, body: { toAgencyId: string; note: string }) {
  const u = hotlineUser(ctx);
  const to = await getAgency(ctx.db, body.toAgencyId);
  if (!to || to.id === u.agencyId)
    throw new AppError('unknown_agency', `Agency ${body.toAgencyId} does not exist`, {
      status: 400,
      details: [{ field: 'toAgencyId' }],
    });
  return change(
    ctx,
    id,
    ['referral'],
    async (_tx, row) => {
      if (row.referral_status === 'pending' || row.referral_status === 'accepted')
        throw new AppError('referral_already_open', 'This contact is already referred', { status: 409 });
      return {
        referred_to_agency_id: to.id,
        referral_status: 'pending',
        referral_note_enc: enc(body.note, 'referral_note_enc'),
        referral_decline_reason: null,
        referred_at: new Date(),
        received_case_id: null,
        outcome: 'referred',
        // A referral is made because the contact concerns trafficking (it counts as such in the report).
        ...(row.trafficking === 'unsure' ? { trafficking: 'yes' } : {}),
      };
    },
    'share',
  );
}

function caseBodyFrom(row: repo.ContactRow, withPerson: boolean, header: string) {
  const name = dec(row.caller_name_enc, 'caller_name_enc');
  const contact = dec(row.caller_contact_enc, 'caller_contact_enc');
  const screen = decJson<ScreenStored>(CONTACTS_TABLE, 'screen_enc', row.screen_enc);
  const victim = row.caller_type === 'victim';
  const person: Record<string, unknown> = {};
  if (row.language) person.languages = [row.language];
  if (withPerson && victim && name) person.givenNames = name.slice(0, 200);
  if (withPerson && victim && contact) {
    if (/^[+\d][\d\s()-]{5,39}$/.test(contact)) person.phone = contact.slice(0, 40);
    else if (/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(contact)) person.email = contact;
  }
  const identification: Record<string, unknown> = { date: repo.mexicoDay(new Date(row.received_at)) };
  if (row.state_code) identification.stateCode = row.state_code;
  if (row.primary_form) identification.primaryForm = row.primary_form;
  if (screen?.result.meansOfControl.length) identification.meansOfControl = screen.result.meansOfControl;
  const lines = [header, dec(row.narrative_enc, 'narrative_enc')];
  if (!victim && withPerson && name)
    lines.push(`Contacto (${row.caller_type ?? 'other'}): ${name} ${contact}`);
  return CreateCaseBody.parse({
    person,
    identification,
    notes: lines.filter(Boolean).join('\n\n').slice(0, 20000),
    municipality: row.municipality,
  });
}

/** Opens a case of the hotline's agency from the contact (the caller's data goes with it: same agency). */
export async function openCase(ctx: Ctx, id: string) {
  await ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const row = await ownContact(ctx, id, tx, true);
    if (row.case_id)
      throw new AppError('contact_has_case', 'This contact already has a case', { status: 409 });
    const c = await createCase(txCtx, caseBodyFrom(row, true, `Línea ${row.ref}`));
    await repo.updateContact(tx, id, { case_id: c.id, outcome: 'case_opened' });
    await audit(
      ctx,
      { action: 'update', resource: 'hotline_contacts', resourceId: id, fields: ['case'] },
      tx,
    );
  });
  return readContact(ctx, id);
}

/** Links the contact to a case of the agency (another agency's case answers as a missing one). */
export async function linkCase(ctx: Ctx, id: string, caseId: string) {
  return change(ctx, id, ['case'], async (tx) => {
    await caseInScope(ctx, caseId, tx);
    return { case_id: caseId, outcome: 'case_linked' };
  });
}

export async function linkableCases(ctx: Ctx) {
  const u = hotlineUser(ctx);
  const rows = await repo.linkableCases(ctx.db, u.agencyId);
  await audit(ctx, { action: 'list', resource: 'cases', fields: ['given_names'] });
  return {
    items: rows.map((r) => {
      const p = decJson<{ givenNames?: string }>('cw_cases', 'person_enc', r.person_enc) ?? {};
      return {
        id: r.id,
        createdAt: iso(r.created_at)!,
        status: r.status,
        givenNames: p.givenNames ?? null,
        primaryForm: r.identification?.primaryForm ?? null,
        stateCode: r.identification?.stateCode ?? null,
      };
    }),
  };
}

/**
 * Warm transfer to a US partner hotline: with the caller's cross-border consent, a signed cross-border
 * packet (the same mechanism as case work) built from the contact's case (opened here if needed).
 */
export async function transferContact(
  ctx: Ctx,
  id: string,
  body: { recipientAgencyId: string; services: string[]; note: string; includeContact: boolean },
) {
  hotlineUser(ctx);
  const to = await getAgency(ctx.db, body.recipientAgencyId);
  if (!to || to.country === 'MEX')
    throw new AppError('unknown_agency', 'Choose a partner agency outside Mexico', {
      status: 400,
      details: [{ field: 'recipientAgencyId' }],
    });
  let packet: Awaited<ReturnType<typeof createPacket>> | undefined;
  await ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const row = await ownContact(ctx, id, tx, true);
    if (!row.consent_cross_border)
      throw new AppError(
        'consent_required',
        'The caller has not agreed to be transferred across the border',
        {
          status: 409,
          details: [{ purpose: 'cross_border' }],
        },
      );
    if (body.includeContact && !row.consent_share)
      throw new AppError('consent_required', 'The caller has not agreed to share contact data', {
        status: 409,
        details: [{ purpose: 'contact' }],
      });
    let caseId = row.case_id;
    if (!caseId) {
      caseId = (await createCase(txCtx, caseBodyFrom(row, true, `Línea ${row.ref}`))).id;
    }
    await recordConsent(txCtx, caseId, { purpose: 'cross_border', action: 'granted' });
    if (body.includeContact) await recordConsent(txCtx, caseId, { purpose: 'contact', action: 'granted' });
    const signed = await createPacket(txCtx, {
      caseId,
      recipient: { agencyId: to.id, name: to.name, country: to.country },
      services: body.services,
      urgent: row.urgency === 'critical' || row.urgency === 'high',
      ...(body.note ? { note: body.note } : {}),
      includeContact: body.includeContact,
    });
    packet = signed;
    await repo.updateContact(tx, id, {
      case_id: caseId,
      packet_id: signed.body.packetId,
      cross_border: true,
      outcome: 'transferred_us',
    });
    await audit(
      ctx,
      { action: 'share', resource: 'hotline_contacts', resourceId: id, fields: ['transfer'] },
      tx,
    );
  });
  return { contact: await readContact(ctx, id), packet: packet! };
}

export async function addTask(ctx: Ctx, id: string, body: { title: string; dueAt: string }) {
  return change(ctx, id, ['tasks'], async (tx) => {
    await repo.insertTask(tx, {
      contactId: id,
      titleEnc: encryptField(body.title, 'hl_tasks.title_enc')!,
      dueAt: body.dueAt,
      createdBy: me(ctx).id,
    });
    return undefined;
  });
}

export async function completeTask(ctx: Ctx, id: string, taskId: string) {
  return change(ctx, id, ['tasks'], async (tx) => {
    if (!(await repo.completeTask(tx, id, taskId))) throw notFound('Task');
    return undefined;
  });
}

export async function closeContact(ctx: Ctx, id: string, outcome: string) {
  return change(ctx, id, ['status'], async (_tx, row) => ({
    status: 'closed',
    closed_at: new Date(),
    outcome: row.outcome && outcome === 'information' ? row.outcome : outcome,
  }));
}

/** A reply from the console through the contact's channel (stored whatever happens, with its status). */
export async function replyContact(ctx: Ctx, id: string, text: string) {
  const row = await ownContact(ctx, id);
  const address = decJson<{ from: string; to: string }>(
    CONTACTS_TABLE,
    'thread_address_enc',
    row.thread_address_enc,
  );
  if (!address)
    throw new AppError('no_thread', 'This contact has no message thread to reply to', { status: 409 });
  const result = await outboundChannel(ctx.config).send({ to: address.from, from: address.to, body: text });
  await ctx.db.transaction(async (tx) => {
    await repo.insertMessage(tx, {
      contactId: id,
      direction: 'out',
      bodyEnc: encryptField(text, 'hl_messages.body_enc')!,
      providerSid: result.status === 'sent' ? result.providerSid : null,
      status: result.status,
      statusDetail: result.status === 'sent' ? null : result.detail,
      sentBy: me(ctx).id,
    });
    await audit(
      ctx,
      { action: 'create', resource: 'hotline_messages', resourceId: id, fields: ['body'] },
      tx,
    );
  });
  return readContact(ctx, id);
}

/** Stores an inbound message (from the webhook): continues the open thread of its address, or opens a contact. */
export async function receiveMessage(
  db: Db,
  m: { sid: string; from: string; to: string; body: string; channel: 'sms' | 'whatsapp' | 'chat' },
): Promise<'stored' | 'replay' | 'no_hotline'> {
  if (await repo.messageBySid(db, m.sid)) return 'replay';
  const agencyId = await repo.hotlineAgency(db);
  if (!agencyId) return 'no_hotline';
  const threadKey = blindIndex('hotline-thread', `${m.channel}:${m.from}`)!;
  const actor = { db, actor: { userId: null, agencyId: null } };
  return db
    .transaction(async (tx) => {
      let contactId = await repo.openThread(tx, agencyId, threadKey);
      let created = false;
      if (!contactId) {
        contactId = await insertWithRecord(tx, agencyId, {
          channel: m.channel,
          caller_type: null,
          language: null,
          state_code: null,
          municipality: null,
          urgency: 'medium',
          risk_indicators: [],
          trafficking: 'unsure',
          primary_form: null,
          cross_border: false,
          consent_share: false,
          consent_cross_border: false,
          caller_name_enc: null,
          caller_contact_enc: enc(m.from, 'caller_contact_enc'),
          narrative_enc: null,
          operator_id: null,
          thread_key: threadKey,
          thread_address_enc: encJson(CONTACTS_TABLE, 'thread_address_enc', { from: m.from, to: m.to }),
        });
        created = true;
      }
      const msgId = await repo.insertMessage(tx, {
        contactId,
        direction: 'in',
        bodyEnc: encryptField(m.body || ' ', 'hl_messages.body_enc')!,
        providerSid: m.sid,
        status: 'received',
        statusDetail: null,
        sentBy: null,
      });
      if (!msgId) {
        // A concurrent delivery of the same message won: undo a contact opened for it.
        if (created) throw new ReplayRace();
        return 'replay';
      }
      if (created)
        await audit(actor, { action: 'create', resource: 'hotline_contacts', resourceId: contactId }, tx);
      await audit(
        actor,
        { action: 'create', resource: 'hotline_messages', resourceId: msgId, fields: ['body'] },
        tx,
      );
      return 'stored' as const;
    })
    .catch((e) => {
      if (e instanceof ReplayRace) return 'replay' as const;
      throw e;
    });
}
class ReplayRace extends Error {}

// ---- supervision ---------------------------------------------------------------------------------

export async function overview(ctx: Ctx) {
  const u = hotlineUser(ctx);
  const counts = await repo.openCounts(ctx.db, u.agencyId);
  const load = await repo.operatorLoad(ctx.db, u.agencyId);
  const byUrgency: Record<string, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  let unassigned = 0;
  for (const c of counts) {
    byUrgency[c.urgency] = c.n;
    unassigned += c.unassigned;
  }
  const queue = await repo.listQueue(ctx.db, u.agencyId, { status: 'open', limit: 200, offset: 0 });
  return {
    open: Object.values(byUrgency).reduce((a, b) => a + b, 0),
    byUrgency,
    unassigned,
    operators: load.map((l) => ({
      id: l.id,
      name: l.name,
      role: l.role,
      open: l.open,
      urgent: l.critical,
      tasksOpen: l.tasks_open,
      tasksOverdue: l.tasks_overdue,
    })),
    contacts: queue.rows.map(summaryView),
  };
}

const dayOf = (d: Date) => d.toISOString().slice(0, 10);
/** Monday of the ISO week of a calendar day (YYYY-MM-DD). */
function weekOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return dayOf(d);
}

/**
 * Contacts by week, channel, state, form of trafficking and outcome, and the cross-border share. Within the
 * agency the counts are exact; `shareable` gives the counts as they may leave the agency (below the
 * disclosure threshold suppressed, with complementary suppression so no hidden cell can be worked out).
 */
export async function trends(
  ctx: Ctx,
  q: { from?: string | undefined; to?: string | undefined; shareable: boolean },
) {
  const u = hotlineUser(ctx);
  const to = q.to ?? repo.mexicoDay(new Date());
  const from = q.from ?? dayOf(new Date(new Date(`${to}T00:00:00Z`).getTime() - 83 * 86_400_000));
  if (from > to) throw badInput('from is after to', [{ field: 'from' }]);
  const rows = await repo.trendRows(ctx.db, u.agencyId, from, to);
  const dims = { week: {}, channel: {}, state: {}, form: {}, outcome: {} } as Record<
    'week' | 'channel' | 'state' | 'form' | 'outcome',
    Record<string, number>
  >;
  let crossBorder = 0;
  let trafficking = 0;
  const add = (d: keyof typeof dims, k: string) => {
    dims[d][k] = (dims[d][k] ?? 0) + 1;
  };
  for (const r of rows) {
    add('week', weekOf(repo.mexicoDay(new Date(r.received_at))));
    add('channel', r.channel);
    add('state', r.state_code ?? 'unknown');
    add('form', r.primary_form ?? 'unknown');
    add('outcome', r.outcome ?? (r.status === 'open' ? 'open' : 'no_action'));
    if (r.cross_border || r.packet_id) crossBorder++;
    if (r.trafficking === 'yes') trafficking++;
  }
  // every week of the range, empty ones too (a line chart needs them)
  for (
    let w = weekOf(from);
    w <= to;
    w = dayOf(new Date(new Date(`${w}T00:00:00Z`).getTime() + 7 * 86_400_000))
  )
    dims.week[w] ??= 0;
  const cells: Record<string, number> = { total: rows.length, cross_border: crossBorder, trafficking };
  const equations: { total: string; parts: string[] }[] = [];
  for (const [d, counts] of Object.entries(dims)) {
    const parts = Object.keys(counts).map((k) => `${d}.${k}`);
    for (const k of Object.keys(counts)) cells[`${d}.${k}`] = counts[k]!;
    equations.push({ total: 'total', parts });
  }
  const published: Record<string, number | null> = q.shareable
    ? suppressCells(cells, equations, DISCLOSURE_K).published
    : cells;
  const series = (d: keyof typeof dims) =>
    Object.keys(dims[d])
      .sort()
      .map((key) => ({ key, count: published[`${d}.${key}`] ?? null }));
  const total = published.total ?? null;
  const cb = published.cross_border ?? null;
  return {
    from,
    to,
    shareable: q.shareable,
    threshold: q.shareable ? DISCLOSURE_K : null,
    total,
    traffickingRelated: published.trafficking ?? null,
    crossBorder: cb,
    crossBorderShare: total && cb !== null ? cb / total : null,
    byWeek: series('week'),
    byChannel: series('channel'),
    byState: series('state'),
    byForm: series('form'),
    byOutcome: series('outcome'),
  };
}

/** Providers and agencies to refer to, searchable by state, service, language and name. */
export async function directory(
  ctx: Ctx,
  q: {
    stateCode?: string | undefined;
    service?: string | undefined;
    language?: string | undefined;
    q?: string | undefined;
    kind: 'all' | 'prosecutor' | 'provider' | 'partner';
  },
) {
  const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const text = q.q ? fold(q.q) : null;
  const out: {
    kind: 'prosecutor' | 'provider' | 'partner';
    agencyId: string;
    name: string;
    stateCode: string | null;
    country: string;
    services: string[];
    languages: string[];
    nationwide: boolean;
    states: string[];
    remote: boolean;
    acceptingReferrals: boolean;
    freePlaces: number | null;
    referralContact: string | null;
  }[] = [];
  if (q.kind === 'all' || q.kind === 'provider' || q.kind === 'partner') {
    const providers = await listProviders(ctx, { service: q.service, stateCode: q.stateCode });
    const agencies = new Map<string, { country: string; state_code: string | null }>();
    if (providers.items.length) {
      const { rows } = await ctx.db.query<{ id: string; country: string; state_code: string | null }>(
        'SELECT id, country, state_code FROM agencies WHERE id = ANY($1::text[])',
        [providers.items.map((p) => p.agencyId)],
      );
      for (const r of rows) agencies.set(r.id, r);
    }
    for (const p of providers.items) {
      const a = agencies.get(p.agencyId);
      const partner = a ? a.country !== 'MEX' : false;
      if (q.kind === 'provider' && partner) continue;
      if (q.kind === 'partner' && !partner) continue;
      if (q.language && !p.languages.includes(q.language)) continue;
      if (text && !fold(p.name).includes(text)) continue;
      const cap = p.capacity as { free?: number | null } | null;
      out.push({
        kind: partner ? 'partner' : 'provider',
        agencyId: p.agencyId,
        name: p.name,
        stateCode: a?.state_code ?? null,
        country: a?.country ?? 'MEX',
        services: p.services,
        languages: p.languages,
        nationwide: p.coverage.nationwide,
        states: p.coverage.states,
        remote: p.remote,
        acceptingReferrals: p.acceptingReferrals,
        freePlaces: cap?.free ?? null,
        referralContact: p.referralContact,
      });
    }
  }
  if ((q.kind === 'all' || q.kind === 'prosecutor' || q.kind === 'partner') && !q.service && !q.language) {
    const p: unknown[] = [];
    const where = [
      q.kind === 'partner' ? "country <> 'MEX'" : "kind = 'prosecutor' AND country = 'MEX'",
      ...(q.stateCode ? [`(state_code = $${p.push(q.stateCode)} OR level = 'federal')`] : []),
    ];
    const { rows } = await ctx.db.query<{
      id: string;
      name: string;
      state_code: string | null;
      country: string;
    }>(
      `SELECT id, name, state_code, country FROM agencies WHERE ${where.join(' AND ')} ORDER BY (level = 'federal'), name LIMIT 200`,
      p,
    );
    for (const r of rows) {
      if (out.some((o) => o.agencyId === r.id)) continue;
      if (text && !fold(r.name).includes(text)) continue;
      out.push({
        kind: r.country === 'MEX' ? 'prosecutor' : 'partner',
        agencyId: r.id,
        name: r.name,
        stateCode: r.state_code,
        country: r.country,
        services: [],
        languages: [],
        nationwide: r.state_code === null,
        states: r.state_code ? [r.state_code] : [],
        remote: false,
        acceptingReferrals: true,
        freePlaces: null,
        referralContact: null,
      });
    }
  }
  return { items: out.slice(0, 300) };
}

// ---- the receiving agency's inbox ---------------------------------------------------------------

function inboxContactView(r: repo.ContactRow) {
  return {
    kind: 'contact' as const,
    id: r.id,
    ref: r.ref,
    fromAgencyName: r.agency_name ?? r.agency_id,
    channel: r.channel,
    urgency: r.urgency,
    riskIndicators: r.risk_indicators,
    callerType: r.caller_type,
    language: r.language,
    stateCode: r.state_code,
    municipality: r.municipality,
    primaryForm: r.primary_form,
    status: r.referral_status ?? 'pending',
    referredAt: iso(r.referred_at),
    caseId: r.received_case_id,
    declineReason: r.referral_decline_reason,
  };
}

/** A referred contact as its reader sees it (the read is audited). */
function inboxContactRead(r: repo.ContactRow) {
  const screen = decJson<ScreenStored>(CONTACTS_TABLE, 'screen_enc', r.screen_enc);
  return {
    ...inboxContactView(r),
    narrative: dec(r.narrative_enc, 'narrative_enc'),
    note: dec(r.referral_note_enc, 'referral_note_enc'),
    consentShare: r.consent_share,
    // Who called and how to reach them only with the caller's consent to share.
    callerName: r.consent_share ? dec(r.caller_name_enc, 'caller_name_enc') : null,
    callerContact: r.consent_share ? dec(r.caller_contact_enc, 'caller_contact_enc') : null,
    screen: screen
      ? {
          recommendation: screen.result.recommendation,
          indicators: screen.result.indicators.map((i) => ({
            indicator: i.indicator,
            strength: i.strength,
          })),
          flags: screen.result.flags.map((f) => f.flag),
        }
      : null,
  };
}

function inboxTipView(t: repo.TipReferralRow) {
  return {
    kind: 'tip' as const,
    id: t.id,
    ref: t.folio,
    fromAgencyName: t.agency_name,
    channel: 'web',
    urgency: t.urgent ? 'high' : 'medium',
    riskIndicators: [] as string[],
    callerType: null,
    language: t.language,
    stateCode: t.state_code,
    municipality: null,
    primaryForm: null,
    category: t.category,
    status: t.referral_status ?? 'pending',
    referredAt: iso(t.received_at),
    caseId: t.received_case_id,
    declineReason: null,
  };
}

/** A referred tip as its reader sees it (the read is audited). */
function inboxTipRead(t: repo.TipReferralRow) {
  return {
    ...inboxTipView(t),
    narrative: decryptField(t.description_enc, 'tips.description_enc') ?? '',
    note: '',
    consentShare: t.contact_enc !== null,
    callerName: null,
    callerContact: decryptField(t.contact_enc, 'tips.contact_enc'),
    screen: null,
  };
}

export async function inbox(ctx: Ctx) {
  const u = me(ctx);
  const contacts = await repo.listReferredTo(ctx.db, u.agencyId);
  const tips = await repo.listTipsReferredTo(ctx.db, u.agencyId);
  return {
    items: [...contacts.map(inboxContactView), ...tips.map(inboxTipView)],
  };
}

async function referredContact(ctx: Ctx, id: string, db: Db = ctx.db, forUpdate = false) {
  const row = await repo.getContact(db, id, forUpdate);
  if (!row || row.referred_to_agency_id !== me(ctx).agencyId) throw notFound('Referral');
  return row;
}

export async function readInboxContact(ctx: Ctx, id: string) {
  const row = await referredContact(ctx, id);
  await audit(ctx, {
    action: 'read',
    resource: 'hotline_contacts',
    resourceId: id,
    fields: row.consent_share
      ? ['narrative', 'caller_name', 'caller_contact', 'screen']
      : ['narrative', 'screen'],
  });
  return inboxContactRead(row);
}

export async function readInboxTip(ctx: Ctx, id: string) {
  const t = await repo.getTipReferredTo(ctx.db, id, me(ctx).agencyId);
  if (!t) throw notFound('Referral');
  await audit(ctx, {
    action: 'read',
    resource: 'tips',
    resourceId: id,
    fields: t.contact_enc ? ['description', 'contact'] : ['description'],
  });
  return inboxTipRead(t);
}

const answered = () =>
  new AppError('referral_already_answered', 'This referral was already accepted or declined', {
    status: 409,
  });

/** Whether the accepting user opens a case (case roles) or only takes the referral on (a service's staff). */
const opensCase = (ctx: Ctx) => can(me(ctx).role, 'cases:write');

/**
 * The receiving agency accepts: a prosecutor's office (case roles) opens a case of its own from the referral
 * (narrative, place, screen); a service's staff take it on without a case.
 */
export async function acceptInboxContact(ctx: Ctx, id: string) {
  const caseId = await ctx.db.transaction(async (tx) => {
    const row = await referredContact(ctx, id, tx, true);
    if ((row.referral_status ?? 'pending') !== 'pending') throw answered();
    if (!opensCase(ctx)) {
      await repo.updateContact(tx, id, { referral_status: 'accepted' });
      await audit(
        ctx,
        { action: 'update', resource: 'hotline_contacts', resourceId: id, fields: ['referral'] },
        tx,
      );
      return null;
    }
    const c = await createCase(
      { ...ctx, db: tx },
      caseBodyFrom(
        row,
        row.consent_share,
        `Canalizado por ${row.agency_name ?? row.agency_id}, folio ${row.ref}`,
      ),
    );
    await repo.updateContact(tx, id, { referral_status: 'accepted', received_case_id: c.id });
    await audit(
      ctx,
      { action: 'update', resource: 'hotline_contacts', resourceId: id, fields: ['referral'] },
      tx,
    );
    return c.id;
  });
  return { caseId };
}

export async function declineInboxContact(ctx: Ctx, id: string, reason: string) {
  await ctx.db.transaction(async (tx) => {
    const row = await referredContact(ctx, id, tx, true);
    if ((row.referral_status ?? 'pending') !== 'pending') throw answered();
    await repo.updateContact(tx, id, { referral_status: 'declined', referral_decline_reason: reason });
    await audit(
      ctx,
      { action: 'update', resource: 'hotline_contacts', resourceId: id, fields: ['referral'] },
      tx,
    );
  });
  return readInboxContact(ctx, id);
}

export async function acceptInboxTip(ctx: Ctx, id: string) {
  const caseId = await ctx.db.transaction(async (tx) => {
    const t = await repo.getTipReferredTo(tx, id, me(ctx).agencyId, true);
    if (!t) throw notFound('Referral');
    if ((t.referral_status ?? 'pending') !== 'pending') throw answered();
    if (!opensCase(ctx)) {
      await repo.answerTipReferral(tx, id, 'accepted', null);
      await audit(ctx, { action: 'update', resource: 'tips', resourceId: id, fields: ['referral'] }, tx);
      return null;
    }
    const body = CreateCaseBody.parse({
      person: { languages: [t.language] },
      identification: {
        date: repo.mexicoDay(new Date(t.received_at)),
        ...(t.state_code ? { stateCode: t.state_code } : {}),
      },
      notes:
        `Denuncia ${t.folio} (${t.agency_name})\n\n${decryptField(t.description_enc, 'tips.description_enc') ?? ''}`.slice(
          0,
          20000,
        ),
    });
    const c = await createCase({ ...ctx, db: tx }, body);
    await repo.answerTipReferral(tx, id, 'accepted', c.id);
    await audit(ctx, { action: 'update', resource: 'tips', resourceId: id, fields: ['referral'] }, tx);
    return c.id;
  });
  return { caseId };
}

export async function declineInboxTip(ctx: Ctx, id: string, _reason: string) {
  await ctx.db.transaction(async (tx) => {
    const t = await repo.getTipReferredTo(tx, id, me(ctx).agencyId, true);
    if (!t) throw notFound('Referral');
    if ((t.referral_status ?? 'pending') !== 'pending') throw answered();
    await repo.answerTipReferral(tx, id, 'declined', null);
    await audit(ctx, { action: 'update', resource: 'tips', resourceId: id, fields: ['referral'] }, tx);
  });
  return readInboxTip(ctx, id);
}
