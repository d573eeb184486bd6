import { randomInt } from 'node:crypto';
import { audit } from '../../audit/service.ts';
import { AppError, notFound } from '../../errors.ts';
import type { RequestContext } from '../../http/context.ts';
import { additionsOf } from '../../public/repository.ts';
import { getAgency } from '../agencies/repository.ts';
import * as repo from './repository.ts';

const FOLIO_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const newFolio = () =>
  `D-${Array.from({ length: 8 }, () => FOLIO_ALPHABET[randomInt(FOLIO_ALPHABET.length)]).join('')}`;

/** Stores an anonymous tip in the hotline's queue; returns the folio the person can quote when calling. */
export async function submitTip(
  ctx: RequestContext,
  t: {
    category: string;
    description: string;
    stateCode?: string | undefined;
    language: string;
    urgent: boolean;
    contact?: string | undefined;
  },
) {
  const agencyId = await repo.tipsAgency(ctx.db);
  if (!agencyId)
    throw new AppError('tips_unavailable', 'Tips cannot be received right now: call the national hotline', {
      status: 503,
    });
  const folio = newFolio();
  await ctx.db.transaction(async (tx) => {
    const id = await repo.insertTip(tx, {
      folio,
      agencyId,
      category: t.category,
      stateCode: t.stateCode ?? null,
      language: t.language,
      urgent: t.urgent,
      description: t.description,
      contact: t.contact || null,
    });
    await audit(
      { db: tx, actor: { userId: null, agencyId: null } },
      {
        action: 'create',
        resource: 'tips',
        resourceId: id,
        fields: t.contact ? ['description', 'contact'] : ['description'],
      },
      tx,
    );
  });
  return { folio };
}

export async function readTip(ctx: RequestContext, id: string) {
  const user = ctx.user!;
  const tip = await repo.getTip(ctx.db, user.agencyId, id);
  if (!tip) throw notFound('Tip');
  // what the person added later through /denuncia/seguimiento (public/followup.ts)
  const additions = await additionsOf(ctx.db, id);
  await audit(ctx, {
    action: 'read',
    resource: 'tips',
    resourceId: id,
    fields: [
      ...(tip.contact ? ['description', 'contact'] : ['description']),
      ...(additions.length ? ['additions'] : []),
    ],
  });
  return { ...tip, additions };
}

export async function updateTip(
  ctx: RequestContext,
  id: string,
  status: string,
  referredToAgencyId?: string,
) {
  const user = ctx.user!;
  if (status === 'referred' && !referredToAgencyId) {
    throw new AppError('invalid_input', 'referredToAgencyId is required to refer a tip', {
      status: 400,
      details: [{ field: 'referredToAgencyId' }],
    });
  }
  if (referredToAgencyId && !(await getAgency(ctx.db, referredToAgencyId))) {
    throw new AppError('unknown_agency', `Agency ${referredToAgencyId} does not exist`, {
      status: 400,
      details: [{ field: 'referredToAgencyId' }],
    });
  }
  await ctx.db.transaction(async (tx) => {
    if (!(await repo.updateTipStatus(tx, user.agencyId, id, status, referredToAgencyId ?? null)))
      throw notFound('Tip');
    await audit(ctx, { action: 'update', resource: 'tips', resourceId: id, fields: ['status'] }, tx);
  });
  return readTip(ctx, id);
}
