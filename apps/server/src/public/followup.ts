/**
 * Public tips with follow-up without an account: the person gets the folio and a follow-up key (shown once; only
 * its argon2id hash is stored). With both they see the tip's status and add information later.
 */

import * as tips from '../api/tips/repository.ts';
import { newFolio } from '../api/tips/service.ts';
import { audit } from '../audit/service.ts';
import { AppError } from '../errors.ts';
import type { RequestContext } from '../http/context.ts';
import { dummyHash, hashPassword, verifyPassword } from '../security/passwords.ts';
import * as repo from './repository.ts';
import { newFollowupKey, normaliseFollowupKey } from './tokens.ts';

const ANONYMOUS = { userId: null, agencyId: null };

export interface PublicTipInput {
  category: string;
  description: string;
  stateCode?: string | undefined;
  language: string;
  urgent: boolean;
  contact?: string | undefined;
}

/** Stores the tip in the hotline's queue with the hash of a new follow-up key; returns the folio and the key. */
export async function submitPublicTip(
  ctx: RequestContext,
  t: PublicTipInput,
): Promise<{ folio: string; key: string }> {
  const agencyId = await tips.tipsAgency(ctx.db);
  if (!agencyId)
    throw new AppError('tips_unavailable', 'Tips cannot be received right now: call the national hotline', {
      status: 503,
    });
  const folio = newFolio();
  const key = newFollowupKey();
  const hash = await hashPassword(key);
  await ctx.db.transaction(async (tx) => {
    const id = await tips.insertTip(tx, {
      folio,
      agencyId,
      category: t.category,
      stateCode: t.stateCode ?? null,
      language: t.language,
      urgent: t.urgent,
      description: t.description,
      contact: t.contact || null,
    });
    await repo.setFollowupHash(tx, id, hash);
    await audit(
      { db: tx, actor: ANONYMOUS },
      {
        action: 'create',
        resource: 'tips',
        resourceId: id,
        fields: t.contact ? ['description', 'contact'] : ['description'],
      },
      tx,
    );
  });
  return { folio, key };
}

export const normaliseFolio = (typed: string) =>
  typed
    .toUpperCase()
    .replace(/\s/g, '')
    .replace(/^D(?=[^-])/, 'D-');

/**
 * The tip's public view when folio and key match; undefined otherwise (the same work is done for an unknown
 * folio, so timing does not tell whether a folio exists).
 */
export async function lookUpTip(
  ctx: RequestContext,
  folio: string,
  key: string,
): Promise<repo.PublicTipView | undefined> {
  const found = await repo.followupHashByFolio(ctx.db, normaliseFolio(folio));
  const ok = await verifyPassword(found?.hash ?? (await dummyHash()), normaliseFollowupKey(key));
  if (!found?.hash || !ok) return undefined;
  return repo.publicView(ctx.db, found.id);
}

export const closedForAdditions = (status: repo.PublicTipView['status']) =>
  status === 'closed' || status === 'spam';

/** Adds the person's new information to the tip (encrypted, audited); 'closed' when the tip takes no more. */
export async function addInformation(
  ctx: RequestContext,
  tipId: string,
  text: string,
  contact: string | null,
): Promise<'added' | 'closed' | 'not_found'> {
  return ctx.db.transaction(async (tx) => {
    const view = await repo.publicView(tx, tipId);
    if (!view) return 'not_found';
    if (closedForAdditions(view.status)) return 'closed';
    const id = await repo.insertAddition(tx, tipId, text, contact);
    await audit(
      { db: tx, actor: ANONYMOUS },
      {
        action: 'create',
        resource: 'tip_additions',
        resourceId: id,
        fields: contact ? ['text', 'contact'] : ['text'],
      },
      tx,
    );
    return 'added';
  });
}
