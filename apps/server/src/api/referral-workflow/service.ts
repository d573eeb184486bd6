import * as matching from '@enlace/core/matching';
import { audit } from '../../audit/service.ts';
import { AppError, notFound } from '../../errors.ts';
import { personAge } from '../cases/age.ts';
import { insertServiceFor } from '../cases/delivery.ts';
import * as caseRepo from '../cases/repository.ts';
import { type Ctx, caseInScope, recordCaseEvent, toView } from '../cases/service.ts';
import { dbNow } from '../consents/repository.ts';
import { assertMayShare } from '../consents/service.ts';
import * as providerRepo from '../providers/repository.ts';
import * as repo from './repository.ts';

const names = (db: Ctx['db'], rows: repo.ReferralRow[]) =>
  repo.agencyNames(
    db,
    rows.flatMap((r) => [r.from_agency_id, r.to_agency_id]),
  );

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function stateOf(r: repo.ReferralRow): matching.ReferralState {
  return {
    status: r.status,
    createdAt: iso(r.created_at)!,
    answeredAt: iso(r.answered_at),
    acceptedAt: iso(r.accepted_at),
    declinedAt: iso(r.declined_at),
    declineReason: r.decline_reason,
    firstServiceAt: iso(r.first_service_at),
    completedAt: iso(r.completed_at),
  };
}

function view(r: repo.ReferralRow, now: Date, providerName: string | null, agencies: Map<string, string>) {
  const s = stateOf(r);
  return {
    id: r.id,
    caseId: r.case_id,
    fromAgencyId: r.from_agency_id,
    fromAgencyName: agencies.get(r.from_agency_id) ?? null,
    toAgencyId: r.to_agency_id,
    toAgencyName: agencies.get(r.to_agency_id) ?? null,
    providerId: r.provider_id,
    providerName,
    services: r.services,
    ...s,
    timings: matching.referralTimings(s),
    overdue: matching.overdueReason(s, now),
  };
}

export async function createReferral(
  ctx: Ctx,
  body: { caseId: string; providerId: string; services: string[] },
) {
  return ctx.db.transaction(async (tx) => {
    const c = await caseInScope(ctx, body.caseId, tx, true);
    if (c.status === 'closed')
      throw new AppError('case_closed', 'A closed case cannot be referred', { status: 409 });
    await assertMayShare(tx, body.caseId, 'referral');
    const p = await providerRepo.getProvider(tx, body.providerId);
    if (!p) throw notFound('Provider');
    const profile = p.profile as { services: string[]; acceptingReferrals?: boolean };
    if (profile.acceptingReferrals === false)
      throw new AppError('not_accepting', 'This provider is not accepting referrals', { status: 409 });
    const missing = body.services.filter((s) => !profile.services.includes(s));
    if (missing.length)
      throw new AppError('service_not_offered', `The provider does not offer ${missing.join(', ')}`, {
        status: 409,
      });
    // One open referral per case and provider (the case row is locked, so two clicks cannot both pass).
    if (await repo.openReferralTo(tx, body.caseId, p.id))
      throw new AppError('referral_already_open', 'This case already has an open referral to this provider', {
        status: 409,
      });
    const r = await repo.insertReferral(tx, {
      caseId: body.caseId,
      from: ctx.user!.agencyId,
      to: p.agency_id,
      providerId: p.id,
      services: body.services,
      createdBy: ctx.user!.id,
    });
    await recordCaseEvent(tx, ctx, body.caseId, 'referral_created', ['referrals'], {
      referralId: r.id,
      provider: p.name,
      services: body.services,
    });
    await audit(
      ctx,
      {
        action: 'share',
        resource: 'referrals',
        resourceId: r.id,
        fields: ['given_names', 'sex', 'age', 'languages'],
        justification: `referral to ${p.agency_id}`,
      },
      tx,
    );
    return view(r, await dbNow(tx), p.name, await names(tx, [r]));
  });
}

async function referralForSender(ctx: Ctx, id: string) {
  const r = await repo.getReferral(ctx.db, id);
  if (!r || r.from_agency_id !== ctx.user!.agencyId) return null;
  return r;
}

/** What the provider sees: only the fields a referral needs. */
async function providerPersonView(ctx: Ctx, r: repo.ReferralRow) {
  const c = toView((await caseRepo.getCaseRow(ctx.db, r.case_id))!);
  return {
    givenNames: c.person.givenNames ?? null,
    sex: c.person.sex ?? null,
    approximateAge: personAge(c.person),
    languages: c.person.languages ?? [],
    services: r.services,
    municipality: c.municipality,
  };
}

export async function readReferral(ctx: Ctx, id: string) {
  const now = await dbNow(ctx.db);
  const sent = await referralForSender(ctx, id);
  if (sent)
    return view(sent, now, await repo.providerName(ctx.db, sent.provider_id), await names(ctx.db, [sent]));
  const r = await repo.getReferral(ctx.db, id);
  // A provider sees only referrals made to its own agency.
  if (!r || r.to_agency_id !== ctx.user!.agencyId) throw notFound('Referral');
  // Every read by the provider is a share: it stops when the person withdraws consent.
  try {
    await assertMayShare(ctx.db, r.case_id, 'referral');
  } catch {
    throw new AppError('consent_withdrawn', 'The person has withdrawn consent to share with providers', {
      status: 403,
    });
  }
  const person = await providerPersonView(ctx, r);
  await audit(ctx, {
    action: 'read',
    resource: 'referrals',
    resourceId: id,
    fields: ['given_names', 'sex', 'age', 'languages'],
  });
  const { caseId: _c, ...v } = view(
    r,
    now,
    await repo.providerName(ctx.db, r.provider_id),
    await names(ctx.db, [r]),
  );
  return { ...v, person };
}

export async function listReferrals(ctx: Ctx, box: 'sent' | 'received') {
  const rows = await repo.listReferrals(ctx.db, box, ctx.user!.agencyId);
  const now = await dbNow(ctx.db);
  const agencies = await names(ctx.db, rows);
  const items = [];
  for (const r of rows) {
    const v = view(r, now, await repo.providerName(ctx.db, r.provider_id), agencies);
    // The received box holds no personal data and no case ids.
    items.push(box === 'sent' ? v : { ...v, caseId: undefined });
  }
  return { items };
}

async function act<S extends object = never>(
  ctx: Ctx,
  id: string,
  event: matching.ReferralEvent,
  extra?: (tx: Ctx['db'], r: repo.ReferralRow) => Promise<S>,
) {
  return ctx.db.transaction(async (tx) => {
    const r = await repo.getReferral(tx, id, true);
    if (!r || r.to_agency_id !== ctx.user!.agencyId) throw notFound('Referral');
    let next: matching.ReferralState;
    try {
      next = matching.transition(stateOf(r), event);
    } catch (e) {
      if (e instanceof matching.ReferralTransitionError)
        throw new AppError('invalid_transition', e.message, { status: 409 });
      throw e;
    }
    await repo.saveState(tx, id, { ...next, answeredBy: ctx.user!.id });
    const extraResult = extra ? await extra(tx, r) : undefined;
    await recordCaseEvent(tx, ctx, r.case_id, `referral_${event.type}`, ['referrals'], {
      referralId: id,
      ...(event.type === 'decline' ? { reason: event.reason } : {}),
    });
    await audit(ctx, { action: 'update', resource: 'referrals', resourceId: id, fields: ['status'] }, tx);
    const after = (await repo.getReferral(tx, id))!;
    const v = view(
      after,
      await dbNow(tx),
      await repo.providerName(tx, after.provider_id),
      await names(tx, [after]),
    );
    return { ...v, caseId: undefined, ...(extraResult ? { service: extraResult } : {}) };
  });
}

const nowIso = async (ctx: Ctx) => (await dbNow(ctx.db)).toISOString();

export const acceptReferral = async (ctx: Ctx, id: string) =>
  act(ctx, id, { type: 'accept', at: await nowIso(ctx) });
export const declineReferral = async (ctx: Ctx, id: string, reason: string) =>
  act(ctx, id, { type: 'decline', at: await nowIso(ctx), reason });
export const completeReferral = async (ctx: Ctx, id: string) =>
  act(ctx, id, { type: 'complete', at: await nowIso(ctx) });

/** The provider records a service delivered on an accepted referral (first one sets the timing). */
export async function recordReferralService(
  ctx: Ctx,
  id: string,
  s: { service: string; startDate: string; endDate: string | null; funding: string },
) {
  return act(ctx, id, { type: 'service_started', at: await nowIso(ctx) }, async (tx, r) =>
    insertServiceFor(ctx, r.case_id, ctx.user!.agencyId, { ...s, referralId: id }, tx),
  );
}

/** Referrals sent by my agency that are overdue (for the supervisor). */
export async function overdueReferrals(ctx: Ctx) {
  const now = await dbNow(ctx.db);
  const rows = await repo.openReferralsFrom(ctx.db, ctx.user!.agencyId);
  const agencies = await names(ctx.db, rows);
  const items = [];
  for (const r of rows) {
    const v = view(r, now, await repo.providerName(ctx.db, r.provider_id), agencies);
    if (v.overdue) items.push(v);
  }
  return { items };
}
