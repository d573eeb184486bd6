/** Services delivered to a case, and restitution ordered and paid. */
import { screening } from '@enlace/core';
import { audit } from '../../audit/service.ts';
import { AppError, notFound } from '../../errors.ts';
import { requireJustificationForCase } from '../alerts/access.ts';
import { assertReferable } from '../records/scope.ts';
import * as repo from './repository.ts';
import { type Ctx, caseInScope, recordCaseEvent } from './service.ts';

const serviceView = (s: repo.ServiceRow) => ({
  id: s.id,
  caseId: s.case_id,
  referralId: s.referral_id,
  providerAgencyId: s.provider_agency_id,
  service: s.service,
  startDate: s.start_date,
  endDate: s.end_date,
  funding: s.funding,
  recordedBy: s.recorded_by,
});

export type ServiceInput = {
  service: string;
  startDate: string;
  endDate: string | null;
  funding: string;
  referralId: string | null;
};

/**
 * Records a service. `providerAgencyId` is the agency that delivered it (the case's own agency when
 * it records its own work; the provider's when a provider records a service on a referral).
 * Inside a transaction given by the caller when it comes from a referral.
 */
export async function insertServiceFor(
  ctx: Ctx,
  caseId: string,
  providerAgencyId: string,
  s: ServiceInput,
  db = ctx.db,
) {
  const row = await repo.insertService(db, {
    case_id: caseId,
    referral_id: s.referralId,
    provider_agency_id: providerAgencyId,
    service: s.service,
    start_date: s.startDate,
    end_date: s.endDate,
    funding: s.funding,
    recorded_by: ctx.user!.id,
  });
  await recordCaseEvent(db, ctx, caseId, 'service_recorded', ['services'], {
    service: s.service,
    startDate: s.startDate,
  });
  await audit(ctx, { action: 'create', resource: 'services', resourceId: row.id, fields: ['service'] }, db);
  return serviceView(row);
}

export async function addService(ctx: Ctx, caseId: string, s: ServiceInput) {
  if (s.referralId !== null) {
    throw new AppError(
      'use_referral',
      'Services on a referral are recorded by the provider on the referral',
      { status: 400 },
    );
  }
  return ctx.db.transaction(async (tx) => {
    await caseInScope(ctx, caseId, tx, true);
    return insertServiceFor(ctx, caseId, ctx.user!.agencyId, s, tx);
  });
}

export async function listServices(ctx: Ctx, caseId: string) {
  await caseInScope(ctx, caseId);
  await requireJustificationForCase(ctx, caseId); // someone else's case asks for a reason, as its read does
  const rows = await repo.listServices(ctx.db, caseId);
  await audit(ctx, { action: 'list', resource: 'services', resourceId: caseId });
  return { items: rows.map(serviceView) };
}

export async function addOrder(
  ctx: Ctx,
  caseId: string,
  o: { convictionRef: string; orderedMxn: string; orderedOn: string | null },
) {
  return ctx.db.transaction(async (tx) => {
    await caseInScope(ctx, caseId, tx, true);
    // restitution is ordered on a real conviction the agency may read, never on free text
    await assertReferable(tx, 'convictions', o.convictionRef, ctx.user!.agencyId, 'convictionRef');
    const row = await repo.insertOrder(tx, { caseId, ...o, userId: ctx.user!.id });
    if (!row)
      throw new AppError('duplicate_order', 'This conviction already has a restitution order for this case', {
        status: 409,
      });
    await recordCaseEvent(tx, ctx, caseId, 'restitution_ordered', ['restitution'], {
      convictionRef: o.convictionRef,
      orderedMxn: o.orderedMxn,
    });
    await audit(
      ctx,
      { action: 'create', resource: 'restitution_orders', resourceId: row.id, fields: ['ordered_mxn'] },
      tx,
    );
    return {
      id: row.id,
      caseId,
      convictionRef: row.conviction_ref,
      orderedMxn: screening.formatMxn(screening.parseMxn(row.ordered_mxn)),
      orderedOn: row.ordered_on,
    };
  });
}

export async function addPayment(
  ctx: Ctx,
  caseId: string,
  orderId: string,
  p: { paidOn: string; amountMxn: string; source: string },
) {
  return ctx.db.transaction(async (tx) => {
    await caseInScope(ctx, caseId, tx, true);
    const order = await repo.getOrder(tx, orderId);
    if (!order || order.case_id !== caseId) throw notFound('Restitution order');
    const row = await repo.insertPayment(tx, { orderId, ...p, userId: ctx.user!.id });
    await recordCaseEvent(tx, ctx, caseId, 'restitution_paid', ['restitution'], p);
    await audit(
      ctx,
      { action: 'create', resource: 'restitution_payments', resourceId: row.id, fields: ['amount_mxn'] },
      tx,
    );
    return { id: row.id, orderId, ...p };
  });
}

function balancesOf(data: Awaited<ReturnType<typeof repo.restitutionOf>>) {
  return screening.restitutionBalances(
    data.orders.map((o) => ({
      convictionId: o.conviction_ref,
      victimPersonId: o.case_id,
      orderedMxn: o.ordered_mxn,
    })),
    data.payments.map((p) => ({
      paymentId: p.id,
      convictionId: p.conviction_ref,
      victimPersonId: p.case_id,
      date: p.paid_on,
      amountMxn: p.amount_mxn,
      source: p.source,
    })),
  );
}

export async function caseRestitution(ctx: Ctx, caseId: string) {
  await caseInScope(ctx, caseId);
  await requireJustificationForCase(ctx, caseId); // someone else's case asks for a reason, as its read does
  const data = await repo.restitutionOf(ctx.db, ctx.user!.agencyId, caseId);
  await audit(ctx, { action: 'read', resource: 'restitution', resourceId: caseId });
  return {
    orders: data.orders.map((o) => ({
      id: o.id,
      convictionRef: o.conviction_ref,
      orderedMxn: o.ordered_mxn,
      orderedOn: o.ordered_on,
    })),
    payments: data.payments.map((p) => ({
      id: p.id,
      orderId: p.order_id,
      paidOn: p.paid_on,
      amountMxn: p.amount_mxn,
      source: p.source,
    })),
    balances: balancesOf(data).map(({ victimPersonId: _v, ...b }) => b),
  };
}

/** Victims (cases of the agency) still owed restitution, largest balance first. */
export async function victimsOwed(ctx: Ctx) {
  const data = await repo.restitutionOf(ctx.db, ctx.user!.agencyId);
  await audit(ctx, { action: 'list', resource: 'restitution' });
  return {
    items: screening.victimsOwed(balancesOf(data)).map((v) => ({
      caseId: v.victimPersonId,
      outstandingMxn: v.outstandingMxn,
      convictions: v.convictions.map((c) => ({
        convictionRef: c.convictionId,
        outstandingMxn: c.outstandingMxn,
      })),
    })),
  };
}
