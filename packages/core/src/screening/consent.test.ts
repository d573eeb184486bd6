import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONSENT_PURPOSES, type ConsentEvent, consentStatus, mayShare } from './consent.ts';

const ev = (purpose: ConsentEvent['purpose'], action: ConsentEvent['action'], at: string): ConsentEvent => ({
  purpose,
  action,
  at,
  recordedBy: 'user-1',
});

describe('consent', () => {
  const events = [
    ev('referral', 'granted', '2026-01-10T10:00:00Z'),
    ev('cross_border', 'granted', '2026-01-10T10:00:00Z'),
    ev('referral', 'withdrawn', '2026-02-01T09:00:00Z'),
  ];

  it('allows a share only for a purpose granted and not withdrawn', () => {
    expect(mayShare(events, 'referral', '2026-01-09T00:00:00Z')).toBe(false);
    expect(mayShare(events, 'referral', '2026-01-15T00:00:00Z')).toBe(true);
    expect(mayShare(events, 'referral', '2026-02-01T09:00:00Z')).toBe(false);
    expect(mayShare(events, 'referral', '2026-03-01T00:00:00Z')).toBe(false);
    expect(mayShare(events, 'cross_border', '2026-03-01T00:00:00Z')).toBe(true);
    expect(mayShare(events, 'statistics', '2026-03-01T00:00:00Z')).toBe(false);
  });

  it('reports the state of every purpose', () => {
    const s = consentStatus(events, '2026-03-01T00:00:00Z');
    expect(s.map((x) => [x.purpose, x.state])).toEqual([
      ['referral', 'withdrawn'],
      ['cross_border', 'granted'],
      ['contact', 'never_asked'],
      ['statistics', 'never_asked'],
      ['transfer', 'never_asked'],
    ]);
  });

  it('after a withdrawal no share of that purpose is allowed until a new grant', () => {
    const arbEvent = fc.record({
      purpose: fc.constantFrom(...CONSENT_PURPOSES),
      action: fc.constantFrom('granted' as const, 'withdrawn' as const),
      at: fc.integer({ min: 0, max: 1000 }).map((m) => new Date(Date.UTC(2026, 0, 1, 0, m)).toISOString()),
      recordedBy: fc.constant('u'),
    });
    fc.assert(
      fc.property(fc.array(arbEvent, { maxLength: 20 }), fc.integer({ min: 0, max: 1100 }), (list, m) => {
        const at = new Date(Date.UTC(2026, 0, 1, 0, m)).toISOString();
        for (const p of CONSENT_PURPOSES) {
          const before = list.filter((e) => e.purpose === p && e.at <= at);
          const lastW = before
            .filter((e) => e.action === 'withdrawn')
            .map((e) => e.at)
            .sort()
            .at(-1);
          const lastG = before
            .filter((e) => e.action === 'granted')
            .map((e) => e.at)
            .sort()
            .at(-1);
          const expected = lastG !== undefined && (lastW === undefined || lastG > lastW);
          expect(mayShare(list, p, at)).toBe(expected);
        }
      }),
    );
  });
});
