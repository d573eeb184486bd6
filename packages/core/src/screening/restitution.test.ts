import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatMxn,
  parseMxn,
  type RestitutionPayment,
  restitutionBalances,
  victimsOwed,
} from './restitution.ts';

describe('restitution', () => {
  it('parses and formats exact amounts', () => {
    expect(parseMxn('1234.5')).toBe(123450n);
    expect(parseMxn('0.07')).toBe(7n);
    expect(formatMxn(123450n)).toBe('1234.50');
    expect(formatMxn(-5n)).toBe('-0.05');
    expect(() => parseMxn('1,000.00')).toThrow();
    expect(() => parseMxn('1.234')).toThrow();
    expect(() => parseMxn('1e3')).toThrow();
  });

  it('computes balances by source and lists victims owed, largest first', () => {
    const orders = [
      { convictionId: 'c1', victimPersonId: 'v1', orderedMxn: '100000.00' },
      { convictionId: 'c1', victimPersonId: 'v2', orderedMxn: '50000.00' },
      { convictionId: 'c2', victimPersonId: 'v2', orderedMxn: '0.30' },
    ];
    const payments: RestitutionPayment[] = [
      {
        paymentId: 'p1',
        convictionId: 'c1',
        victimPersonId: 'v1',
        date: '2025-01-01',
        amountMxn: '0.10',
        source: 'perpetrator',
      },
      {
        paymentId: 'p2',
        convictionId: 'c1',
        victimPersonId: 'v1',
        date: '2025-02-01',
        amountMxn: '0.20',
        source: 'assistance_fund',
      },
      {
        paymentId: 'p3',
        convictionId: 'c1',
        victimPersonId: 'v2',
        date: '2025-02-01',
        amountMxn: '50000',
        source: 'assistance_fund',
      },
      {
        paymentId: 'p4',
        convictionId: 'c2',
        victimPersonId: 'v2',
        date: '2025-03-01',
        amountMxn: '0.10',
        source: 'perpetrator',
      },
      {
        paymentId: 'p5',
        convictionId: 'c2',
        victimPersonId: 'v2',
        date: '2025-03-02',
        amountMxn: '0.20',
        source: 'perpetrator',
      },
    ];
    const b = restitutionBalances(orders, payments);
    expect(b[0]).toEqual({
      convictionId: 'c1',
      victimPersonId: 'v1',
      orderedMxn: '100000.00',
      paidByPerpetratorMxn: '0.10',
      paidByFundMxn: '0.20',
      paidMxn: '0.30',
      outstandingMxn: '99999.70',
      overpaidMxn: '0.00',
      lastPaymentDate: '2025-02-01',
    });
    // 0.1 + 0.2 === 0.3 exactly: nothing outstanding.
    expect(b[2]!.outstandingMxn).toBe('0.00');
    expect(victimsOwed(b)).toEqual([
      {
        victimPersonId: 'v1',
        outstandingMxn: '99999.70',
        convictions: [{ convictionId: 'c1', outstandingMxn: '99999.70' }],
      },
    ]);
  });

  it('ordered = paid + outstanding - overpaid, for any orders and payments', () => {
    const cents = fc.bigInt({ min: 1n, max: 10_000_000_00n });
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ c: fc.constantFrom('c1', 'c2'), v: fc.constantFrom('v1', 'v2', 'v3'), a: cents }),
          {
            maxLength: 6,
          },
        ),
        fc.array(
          fc.record({
            c: fc.constantFrom('c1', 'c2'),
            v: fc.constantFrom('v1', 'v2', 'v3'),
            a: cents,
            s: fc.constantFrom('perpetrator' as const, 'assistance_fund' as const),
          }),
          { maxLength: 10 },
        ),
        (os, ps) => {
          const balances = restitutionBalances(
            os.map((o) => ({ convictionId: o.c, victimPersonId: o.v, orderedMxn: formatMxn(o.a) })),
            ps.map((p, i) => ({
              paymentId: `p${i}`,
              convictionId: p.c,
              victimPersonId: p.v,
              date: '2025-01-01',
              amountMxn: formatMxn(p.a),
              source: p.s,
            })),
          );
          let totalOutstanding = 0n;
          for (const b of balances) {
            const ordered = os
              .filter((o) => o.c === b.convictionId && o.v === b.victimPersonId)
              .reduce((s, o) => s + o.a, 0n);
            const paid = ps
              .filter((p) => p.c === b.convictionId && p.v === b.victimPersonId)
              .reduce((s, p) => s + p.a, 0n);
            expect(parseMxn(b.orderedMxn)).toBe(ordered);
            expect(parseMxn(b.paidMxn)).toBe(paid);
            expect(parseMxn(b.paidByPerpetratorMxn) + parseMxn(b.paidByFundMxn)).toBe(paid);
            expect(ordered).toBe(paid + parseMxn(b.outstandingMxn) - parseMxn(b.overpaidMxn));
            totalOutstanding += parseMxn(b.outstandingMxn);
          }
          const owed = victimsOwed(balances);
          expect(owed.reduce((s, v) => s + parseMxn(v.outstandingMxn), 0n)).toBe(totalOutstanding);
          for (let i = 1; i < owed.length; i++) {
            expect(parseMxn(owed[i - 1]!.outstandingMxn) >= parseMxn(owed[i]!.outstandingMxn)).toBe(true);
          }
        },
      ),
    );
  });
});
