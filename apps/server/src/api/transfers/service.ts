/**
 * Transfer of a case to another agency (issue 11). A caseworker asks, with the person's consent for `transfer`;
 * a supervisor of the sending agency (not the requester) approves or rejects; a supervisor of the receiving agency
 * accepts or declines with a reason. On acceptance the case, with its history, consents, screenings and referrals,
 * belongs to the receiving agency: the sending agency can no longer open it and keeps only the transfer record
 * (whom it was about, to whom, who decided, when). Every step is in the case history and the audit log.
 */
import { audit } from '../../audit/service.ts';
import { AppError, notFound } from '../../errors.ts';
import { forgetOwnership, requireJustificationForCase } from '../alerts/access.ts';
import { personAge } from '../cases/age.ts';
import { decJson, encJson } from '../cases/crypto-json.ts';
import { type Ctx, caseInScope, recordCaseEvent, toView } from '../cases/service.ts';
import { assertMayShare } from '../consents/service.ts';
import * as repo from './repository.ts';
import type { TransferSummary, TransferView } from './schema.ts';

/** The table, also the context its encrypted fields are bound to (`table.column`). */
const TRANSFERS_TABLE = 'cw_transfers';
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function me(ctx: Ctx) {
  if (!ctx.user) throw new AppError('unauthenticated', 'Please sign in', { status: 401 });
  return ctx.user;
}

const contact = (name: string | null, email: string | null, phone: string | null) =>
  name || email || phone ? { name, email, phone } : null;

function view(ctx: Ctx, r: repo.TransferListRow): TransferView {
  return {
    id: r.id,
    caseId: r.case_id,
    status: r.status,
    fromAgencyId: r.from_agency_id,
    fromAgencyName: r.from_agency_name,
    toAgencyId: r.to_agency_id,
    toAgencyName: r.to_agency_name,
    person: decJson<TransferSummary>(TRANSFERS_TABLE, 'summary_enc', r.summary_enc) ?? {
      displayName: null,
      sex: null,
      age: null,
      languages: [],
      needs: [],
      municipality: null,
    },
    reason: decJson<string>(TRANSFERS_TABLE, 'reason_enc', r.reason_enc) ?? '',
    requestedBy: r.requested_by,
    requestedByName: r.requested_by_name,
    requestedAt: iso(r.requested_at)!,
    approvedByName: r.approved_by_name,
    approvedAt: iso(r.approved_at),
    answeredByName: r.answered_by_name,
    answeredAt: iso(r.answered_at),
    answerReason: decJson<string>(TRANSFERS_TABLE, 'answer_reason_enc', r.answer_reason_enc),
    fromAgencyContact: contact(r.from_contact_name, r.from_contact_email, r.from_contact_phone),
    toAgencyContact: contact(r.to_contact_name, r.to_contact_email, r.to_contact_phone),
    mySide: r.from_agency_id === me(ctx).agencyId ? 'sending' : 'receiving',
    caseIsOurs: r.case_agency_id === me(ctx).agencyId,
  };
}

const invalid = (status: string) =>
  new AppError('invalid_status', `This transfer is ${status}`, { status: 409, details: [{ status }] });

export async function destinations(ctx: Ctx) {
  return { items: await repo.destinations(ctx.db, me(ctx).agencyId) };
}

/** The transfers of one case of the caller's agency (any case the agency holds, also one it received). */
export async function caseTransfers(ctx: Ctx, caseId: string) {
  await caseInScope(ctx, caseId);
  const rows = await repo.transfersOfCase(ctx.db, caseId);
  await audit(ctx, {
    action: 'list',
    resource: 'case_transfers',
    resourceId: caseId,
    fields: ['person_summary', 'reason'],
  });
  return { items: rows.map((r) => view(ctx, r)) };
}

export async function listTransfers(ctx: Ctx, box: 'incoming' | 'outgoing') {
  const rows = await repo.listTransfers(ctx.db, me(ctx).agencyId, box);
  await audit(ctx, {
    action: 'list',
    resource: 'case_transfers',
    resourceId: rows.map((r) => r.id).join(',') || null,
    fields: ['person_summary', 'reason'],
  });
  return { items: rows.map((r) => view(ctx, r)), counts: await repo.counts(ctx.db, me(ctx).agencyId) };
}

/** Counts for the navigation and the inbox (no personal data). */
export async function transferCounts(ctx: Ctx) {
  return repo.counts(ctx.db, me(ctx).agencyId);
}

export async function requestTransfer(ctx: Ctx, caseId: string, toAgencyId: string, reason: string) {
  const u = me(ctx);
  await requireJustificationForCase(ctx, caseId);
  const id = await ctx.db.transaction(async (tx) => {
    const row = await caseInScope(ctx, caseId, tx, true);
    if (row.status !== 'open')
      throw new AppError('invalid_status', 'Only an open case can be transferred', { status: 409 });
    if (toAgencyId === u.agencyId || !(await repo.isDestination(tx, u.agencyId, toAgencyId)))
      throw new AppError('invalid_destination', 'Choose another agency that can receive cases', {
        status: 400,
        details: [{ field: 'toAgencyId' }],
      });
    await assertMayShare(tx, caseId, 'transfer');
    const c = toView(row);
    const p = c.person;
    const summary: TransferSummary = {
      displayName: [p.givenNames, p.surname1, p.surname2].filter(Boolean).join(' ') || null,
      sex: p.sex ?? null,
      age: personAge(p),
      languages: p.languages ?? [],
      needs: c.needs,
      municipality: c.municipality,
    };
    const newId = await repo.insertTransfer(tx, {
      caseId,
      from: u.agencyId,
      to: toAgencyId,
      summaryEnc: encJson(TRANSFERS_TABLE, 'summary_enc', summary)!,
      reasonEnc: encJson(TRANSFERS_TABLE, 'reason_enc', reason)!,
      requestedBy: u.id,
    });
    if (!newId)
      throw new AppError('transfer_already_open', 'This case already has a transfer awaiting an answer', {
        status: 409,
      });
    await recordCaseEvent(tx, ctx, caseId, 'transfer_requested', ['transfer'], { toAgencyId, reason });
    await audit(
      ctx,
      {
        action: 'create',
        resource: 'case_transfers',
        resourceId: newId,
        fields: ['case', 'to_agency', 'reason'],
      },
      tx,
    );
    return newId;
  });
  return view(ctx, (await repo.getTransferView(ctx.db, id))!);
}

type Step = 'approve' | 'reject' | 'cancel' | 'accept' | 'decline';

/**
 * One step of the workflow. The sending agency approves, rejects (supervisors) or cancels (case staff); the
 * receiving agency accepts or declines (supervisors). Another agency's transfer is 404, as if it did not exist.
 */
export async function decide(ctx: Ctx, id: string, step: Step, reason?: string) {
  const u = me(ctx);
  await ctx.db.transaction(async (tx) => {
    const t = await repo.getTransfer(tx, id, true);
    const sending = step === 'approve' || step === 'reject' || step === 'cancel';
    if (!t || (sending ? t.from_agency_id : t.to_agency_id) !== u.agencyId) throw notFound('Transfer');
    // The receiving agency learns of a transfer only once the sending supervisor approved it.
    if (!sending && !['approved', 'accepted', 'declined'].includes(t.status)) throw notFound('Transfer');
    const caseRow = await tx.query<{ agency_id: string; status: string }>(
      'SELECT agency_id, status FROM cw_cases WHERE id = $1 FOR UPDATE',
      [t.case_id],
    );
    const c = caseRow.rows[0]!;
    switch (step) {
      case 'approve':
        if (t.status !== 'requested') throw invalid(t.status);
        if (t.requested_by === u.id)
          throw new AppError('four_eyes', 'Another supervisor must approve a transfer you asked for', {
            status: 403,
          });
        await assertMayShare(tx, t.case_id, 'transfer');
        await repo.setStatus(tx, id, { status: 'approved', approvedBy: u.id });
        break;
      case 'reject':
        if (t.status !== 'requested') throw invalid(t.status);
        await repo.setStatus(tx, id, {
          status: 'rejected',
          answeredBy: u.id,
          answerReasonEnc: encJson(TRANSFERS_TABLE, 'answer_reason_enc', reason ?? ''),
        });
        break;
      case 'cancel':
        if (t.status !== 'requested' && t.status !== 'approved') throw invalid(t.status);
        await repo.setStatus(tx, id, { status: 'cancelled', answeredBy: u.id });
        break;
      case 'accept':
        if (t.status !== 'approved') throw invalid(t.status);
        if (c.agency_id !== t.from_agency_id || c.status !== 'open')
          throw new AppError('invalid_status', 'The case is no longer open at the sending agency', {
            status: 409,
          });
        // The person's consent must still hold when the case changes hands.
        await assertMayShare(tx, t.case_id, 'transfer');
        await repo.setStatus(tx, id, { status: 'accepted', answeredBy: u.id });
        await repo.moveCase(tx, t.case_id, t.to_agency_id);
        break;
      case 'decline':
        if (t.status !== 'approved') throw invalid(t.status);
        await repo.setStatus(tx, id, {
          status: 'declined',
          answeredBy: u.id,
          answerReasonEnc: encJson(TRANSFERS_TABLE, 'answer_reason_enc', reason ?? ''),
        });
        break;
    }
    const action = {
      approve: 'transfer_approved',
      reject: 'transfer_rejected',
      cancel: 'transfer_cancelled',
      accept: 'transfer_accepted',
      decline: 'transfer_declined',
    }[step];
    await recordCaseEvent(
      tx,
      ctx,
      t.case_id,
      action,
      step === 'accept' ? ['transfer', 'agency'] : ['transfer'],
      {
        transferId: id,
        fromAgencyId: t.from_agency_id,
        toAgencyId: t.to_agency_id,
        ...(reason ? { reason } : {}),
      },
    );
    await audit(
      ctx,
      {
        action: 'update',
        resource: 'case_transfers',
        resourceId: id,
        fields: ['status'],
      },
      tx,
    );
    if (step === 'accept')
      await audit(
        ctx,
        { action: 'update', resource: 'cases', resourceId: t.case_id, fields: ['agency_id', 'assigned_to'] },
        tx,
      );
  });
  if (step === 'accept') forgetOwnership(ctx.db);
  return view(ctx, (await repo.getTransferView(ctx.db, id))!);
}
