/**
 * Whether a person's consent for a purpose holds now: the one check every sharing path makes (the exchange
 * model's copy of a case, referrals, packets, transfers). Only consents' own rows: nothing of cases, so
 * cases/exchange-sync.ts can ask it without an import cycle through cases/service.ts.
 */
import { screening } from '@enlace/core';
import type { Db } from '../../db/index.ts';
import { AppError } from '../../errors.ts';
import * as repo from './repository.ts';

export const toEvent = (r: repo.ConsentRow): screening.ConsentEvent => ({
  purpose: r.purpose,
  action: r.action,
  at: new Date(r.at).toISOString(),
  recordedBy: r.recorded_by,
});

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
