import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ALLOWED_EVENTS,
  newReferral,
  overdueReason,
  type ReferralEvent,
  type ReferralState,
  ReferralTransitionError,
  referralTimings,
  transition,
} from './referral.ts';

const T0 = Date.UTC(2026, 0, 5, 9, 0);
const at = (hours: number) => new Date(T0 + hours * 3_600_000).toISOString();

describe('referral workflow', () => {
  it('pending -> accepted -> service -> completed, with timings', () => {
    let r = newReferral(at(0));
    r = transition(r, { type: 'accept', at: at(5) });
    r = transition(r, { type: 'service_started', at: at(30) });
    r = transition(r, { type: 'service_started', at: at(40) });
    r = transition(r, { type: 'complete', at: at(100) });
    expect(r.status).toBe('completed');
    expect(referralTimings(r)).toEqual({
      hoursToFirstAnswer: 5,
      hoursToAcceptance: 5,
      hoursToFirstService: 30,
      hoursToCompletion: 100,
    });
  });

  it('a decline needs a reason and ends the referral', () => {
    const r = newReferral(at(0));
    expect(() => transition(r, { type: 'decline', at: at(1), reason: '  ' })).toThrow(/reason/);
    const d = transition(r, { type: 'decline', at: at(1), reason: 'no male places' });
    expect(d).toMatchObject({ status: 'declined', declineReason: 'no male places', acceptedAt: null });
    expect(() => transition(d, { type: 'accept', at: at(2) })).toThrow(ReferralTransitionError);
    expect(() => transition(newReferral(at(0)), { type: 'complete', at: at(2) })).toThrow(/cannot complete/);
  });

  it('flags overdue referrals', () => {
    const r = newReferral(at(0));
    expect(overdueReason(r, at(47))).toBeNull();
    expect(overdueReason(r, at(49))).toBe('no_answer');
    const a = transition(r, { type: 'accept', at: at(10) });
    expect(overdueReason(a, at(49))).toBeNull();
    expect(overdueReason(a, at(10 + 7 * 24 + 1))).toBe('no_first_service');
    expect(overdueReason(transition(a, { type: 'service_started', at: at(20) }), at(1000))).toBeNull();
  });

  it('any event sequence only ever makes allowed transitions, and timings never go negative', () => {
    const arbEvent = fc
      .tuple(fc.constantFrom('accept', 'decline', 'service_started', 'complete'), fc.nat(500))
      .map(
        ([type, h]): ReferralEvent =>
          (type === 'decline' ? { type, at: at(h), reason: 'full' } : { type, at: at(h) }) as ReferralEvent,
      );
    fc.assert(
      fc.property(fc.array(arbEvent, { maxLength: 8 }), (events) => {
        let s: ReferralState = newReferral(at(0));
        for (const e of events) {
          const allowed = ALLOWED_EVENTS[s.status].includes(e.type);
          try {
            const next = transition(s, e);
            expect(allowed).toBe(true);
            if (s.status === 'declined' || s.status === 'completed') throw new Error('left a final state');
            s = next;
          } catch (err) {
            expect(err).toBeInstanceOf(ReferralTransitionError);
            expect(allowed).toBe(false);
          }
        }
        for (const v of Object.values(referralTimings(s)))
          if (v !== null) expect(v).toBeGreaterThanOrEqual(0);
        if (s.status === 'accepted' || s.status === 'completed') expect(s.acceptedAt).not.toBeNull();
        if (s.status === 'declined') expect(s.acceptedAt).toBeNull();
      }),
    );
  });
});
