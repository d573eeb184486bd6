import { screening } from '@enlace/core';
import { audit } from '../../audit/service.ts';
import type { Db } from '../../db/index.ts';
import { AppError } from '../../errors.ts';
import { requireJustificationForCase } from '../alerts/access.ts';
import { type Ctx, caseInScope, recordCaseEvent } from '../cases/service.ts';
import * as repo from './repository.ts';

const toEvent = (r: repo.ConsentRow): screening.ConsentEvent => ({
  purpose: r.purpose,
  action: r.action,
  at: new Date(r.at).toISOString(),
  recordedBy: r.recorded_by,
});

export async function recordConsent(
  ctx: Ctx,
  caseId: string,
  input: { purpose: screening.ConsentPurpose; action: 'granted' | 'withdrawn' },
) {
  return ctx.db.transaction(async (tx) => {
    const c = await caseInScope(ctx, caseId, tx, true);
    if (c.status === 'closed' && input.action === 'granted') {
      throw new AppError('case_closed', 'A closed case cannot receive new consent', { status: 409 });
    }
    const row = await repo.insertConsent(tx, { caseId, ...input, recordedBy: ctx.user!.id });
    await recordCaseEvent(tx, ctx, caseId, `consent_${input.action}`, [`consent.${input.purpose}`]);
    await audit(
      ctx,
      { action: 'create', resource: 'consents', resourceId: caseId, fields: [input.purpose] },
      tx,
    );
    return { id: Number(row.id), ...toEvent(row) };
  });
}

export async function listConsents(ctx: Ctx, caseId: string) {
  await caseInScope(ctx, caseId);
  await requireJustificationForCase(ctx, caseId); // someone else's case asks for a reason, as its read does
  const rows = await repo.consentsOf(ctx.db, caseId);
  const events = rows.map(toEvent);
  const now = await repo.dbNow(ctx.db);
  return {
    events: rows.map((r) => ({ id: Number(r.id), ...toEvent(r) })),
    status: screening.consentStatus(events, now),
  };
}

/** Refuses (409 consent_required) unless the person's consent for `purpose` holds now. */
export async function assertMayShare(
  db: Db,
  caseId: string,
  purpose: screening.ConsentPurpose,
): Promise<void> {
  const events = (await repo.consentsOf(db, caseId)).map(toEvent);
  const now = await repo.dbNow(db);
  if (!screening.mayShare(events, purpose, now)) {
    throw new AppError(
      'consent_required',
      `The person has not given (or has withdrawn) consent for ${purpose}`,
      {
        status: 409,
        details: [{ purpose }],
      },
    );
  }
}

export async function consentGrantedAt(
  db: Db,
  caseId: string,
  purpose: screening.ConsentPurpose,
): Promise<string | null> {
  const rows = await repo.consentsOf(db, caseId);
  const last = rows.filter((r) => r.purpose === purpose).at(-1);
  return last && last.action === 'granted' ? new Date(last.at).toISOString() : null;
}
