/**
 * Consent per purpose. A consent is a sequence of events (granted / withdrawn) with the time and
 * who recorded it; a share is allowed at time `at` only when the last event for that purpose at or
 * before `at` is a grant. A withdrawal stops every share from its time on.
 */
import { z } from 'zod';

export const CONSENT_PURPOSES = ['referral', 'cross_border', 'contact', 'statistics', 'transfer'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

export const ConsentEvent = z
  .object({
    purpose: z.enum(CONSENT_PURPOSES),
    action: z.enum(['granted', 'withdrawn']),
    at: z.iso.datetime({ offset: true }),
    recordedBy: z.string().min(1),
  })
  .strict();
export type ConsentEvent = z.infer<typeof ConsentEvent>;

function ms(at: string | Date): number {
  return typeof at === 'string' ? Date.parse(at) : at.getTime();
}

/** The events for one purpose at or before `at`, in time order (withdrawal after grant at the same instant). */
function eventsUpTo(
  events: readonly ConsentEvent[],
  purpose: ConsentPurpose,
  at: string | Date,
): ConsentEvent[] {
  const t = ms(at);
  return events
    .filter((e) => e.purpose === purpose && ms(e.at) <= t)
    .sort((a, b) => ms(a.at) - ms(b.at) || (a.action === b.action ? 0 : a.action === 'granted' ? -1 : 1));
}

/** May the person's data be shared for `purpose` at time `at`? */
export function mayShare(
  events: readonly ConsentEvent[],
  purpose: ConsentPurpose,
  at: string | Date,
): boolean {
  const list = eventsUpTo(events, purpose, at);
  return list.length > 0 && list[list.length - 1]!.action === 'granted';
}

export interface ConsentStatus {
  purpose: ConsentPurpose;
  state: 'granted' | 'withdrawn' | 'never_asked';
  since: string | null;
  recordedBy: string | null;
}

/** The state of every purpose at time `at`. */
export function consentStatus(events: readonly ConsentEvent[], at: string | Date): ConsentStatus[] {
  return CONSENT_PURPOSES.map((purpose) => {
    const last = eventsUpTo(events, purpose, at).at(-1);
    return last
      ? { purpose, state: last.action, since: last.at, recordedBy: last.recordedBy }
      : { purpose, state: 'never_asked', since: null, recordedBy: null };
  });
}
