/**
 * Referral workflow: pending -> accepted | declined; accepted -> completed. A decline needs a
 * reason. Times to first answer, acceptance and first service are recorded; a referral with no
 * answer, or accepted with no first service, past its deadline is overdue (flagged to the supervisor).
 */
import type { ReferralStatus } from '../taxonomy.ts';

export interface ReferralState {
  status: ReferralStatus;
  createdAt: string;
  answeredAt: string | null;
  acceptedAt: string | null;
  declinedAt: string | null;
  declineReason: string | null;
  firstServiceAt: string | null;
  completedAt: string | null;
}

export type ReferralEvent =
  | { type: 'accept'; at: string }
  | { type: 'decline'; at: string; reason: string }
  | { type: 'service_started'; at: string }
  | { type: 'complete'; at: string };

export class ReferralTransitionError extends Error {
  constructor(
    readonly from: ReferralStatus,
    readonly event: ReferralEvent['type'],
    message?: string,
  ) {
    super(message ?? `cannot ${event} a referral that is ${from}`);
    this.name = 'ReferralTransitionError';
  }
}

/** Which events each status allows. */
export const ALLOWED_EVENTS: Record<ReferralStatus, readonly ReferralEvent['type'][]> = {
  pending: ['accept', 'decline'],
  accepted: ['service_started', 'complete'],
  declined: [],
  completed: [],
};

export function newReferral(createdAt: string): ReferralState {
  return {
    status: 'pending',
    createdAt,
    answeredAt: null,
    acceptedAt: null,
    declinedAt: null,
    declineReason: null,
    firstServiceAt: null,
    completedAt: null,
  };
}

const t = (s: string) => Date.parse(s);

/** Applies an event; throws ReferralTransitionError on a transition the workflow does not allow. */
export function transition(state: ReferralState, event: ReferralEvent): ReferralState {
  if (!ALLOWED_EVENTS[state.status].includes(event.type))
    throw new ReferralTransitionError(state.status, event.type);
  if (Number.isNaN(t(event.at))) throw new ReferralTransitionError(state.status, event.type, 'invalid time');
  if (t(event.at) < t(state.createdAt)) {
    throw new ReferralTransitionError(state.status, event.type, 'an event cannot precede the referral');
  }
  switch (event.type) {
    case 'accept':
      return { ...state, status: 'accepted', answeredAt: event.at, acceptedAt: event.at };
    case 'decline': {
      const reason = event.reason.trim();
      if (reason.length === 0)
        throw new ReferralTransitionError(state.status, 'decline', 'a decline needs a reason');
      return {
        ...state,
        status: 'declined',
        answeredAt: event.at,
        declinedAt: event.at,
        declineReason: reason,
      };
    }
    case 'service_started':
      // Only the first service counts for the timing.
      return state.firstServiceAt === null ? { ...state, firstServiceAt: event.at } : state;
    case 'complete':
      return {
        ...state,
        status: 'completed',
        completedAt: event.at,
        firstServiceAt: state.firstServiceAt ?? null,
      };
  }
}

export interface ReferralTimings {
  hoursToFirstAnswer: number | null;
  hoursToAcceptance: number | null;
  hoursToFirstService: number | null;
  hoursToCompletion: number | null;
}

const hoursBetween = (a: string, b: string | null) => (b === null ? null : (t(b) - t(a)) / 3_600_000);

export function referralTimings(s: ReferralState): ReferralTimings {
  return {
    hoursToFirstAnswer: hoursBetween(s.createdAt, s.answeredAt),
    hoursToAcceptance: hoursBetween(s.createdAt, s.acceptedAt),
    hoursToFirstService: hoursBetween(s.createdAt, s.firstServiceAt),
    hoursToCompletion: hoursBetween(s.createdAt, s.completedAt),
  };
}

export interface OverduePolicy {
  /** A pending referral must be answered within this many hours. */
  answerWithinHours: number;
  /** An accepted referral must have its first service within this many hours of acceptance. */
  firstServiceWithinHours: number;
}
export const DEFAULT_OVERDUE_POLICY: OverduePolicy = {
  answerWithinHours: 48,
  firstServiceWithinHours: 7 * 24,
};

export type OverdueReason = 'no_answer' | 'no_first_service';

/** Why a referral is overdue at `now`, or null when it is not. */
export function overdueReason(
  s: ReferralState,
  now: string | Date,
  policy: OverduePolicy = DEFAULT_OVERDUE_POLICY,
): OverdueReason | null {
  const n = typeof now === 'string' ? t(now) : now.getTime();
  if (s.status === 'pending' && n - t(s.createdAt) > policy.answerWithinHours * 3_600_000) return 'no_answer';
  if (
    s.status === 'accepted' &&
    s.firstServiceAt === null &&
    s.acceptedAt !== null &&
    n - t(s.acceptedAt) > policy.firstServiceWithinHours * 3_600_000
  ) {
    return 'no_first_service';
  }
  return null;
}
