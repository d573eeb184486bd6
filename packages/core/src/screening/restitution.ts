/**
 * Restitution per conviction and victim: amounts ordered, payments by the perpetrator or the
 * assistance fund, balance outstanding. Money is exact: decimal strings in MXN (`"1234.50"`),
 * computed in integer centavos (bigint), never in floating point.
 */
import type { PaymentSource } from '../taxonomy.ts';

const MXN = /^(-)?(\d{1,15})(?:\.(\d{1,2}))?$/;

/** Parses a decimal MXN amount into centavos. Throws on anything else (no floats, no thousands separators). */
export function parseMxn(s: string): bigint {
  const m = MXN.exec(s.trim());
  if (!m) throw new RangeError(`not an MXN amount: ${JSON.stringify(s)}`);
  const cents = BigInt(m[2]!) * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -cents : cents;
}

/** Formats centavos as a decimal MXN string with two decimals. */
export function formatMxn(cents: bigint): string {
  const neg = cents < 0n;
  const abs = neg ? -cents : cents;
  const s = `${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
  return neg ? `-${s}` : s;
}

export interface RestitutionOrder {
  convictionId: string;
  victimPersonId: string;
  orderedMxn: string;
}

export interface RestitutionPayment {
  paymentId: string;
  convictionId: string;
  victimPersonId: string;
  date: string;
  amountMxn: string;
  source: PaymentSource;
}

export interface RestitutionBalance {
  convictionId: string;
  victimPersonId: string;
  orderedMxn: string;
  paidByPerpetratorMxn: string;
  paidByFundMxn: string;
  paidMxn: string;
  /** ordered - paid, never below zero. */
  outstandingMxn: string;
  /** paid - ordered when more was paid than ordered (to be reviewed), else 0. */
  overpaidMxn: string;
  lastPaymentDate: string | null;
}

const key = (c: string, v: string) => JSON.stringify([c, v]);

/**
 * Balance per (conviction, victim). Several orders for the same pair add up; a payment without an
 * order counts against an order of zero (it shows as overpaid, for review).
 */
export function restitutionBalances(
  orders: readonly RestitutionOrder[],
  payments: readonly RestitutionPayment[],
): RestitutionBalance[] {
  const acc = new Map<
    string,
    { c: string; v: string; ordered: bigint; perp: bigint; fund: bigint; last: string | null }
  >();
  const get = (c: string, v: string) => {
    const k = key(c, v);
    let a = acc.get(k);
    if (!a) {
      a = { c, v, ordered: 0n, perp: 0n, fund: 0n, last: null };
      acc.set(k, a);
    }
    return a;
  };
  for (const o of orders) {
    const amount = parseMxn(o.orderedMxn);
    if (amount < 0n) throw new RangeError('a restitution order cannot be negative');
    get(o.convictionId, o.victimPersonId).ordered += amount;
  }
  for (const p of payments) {
    const amount = parseMxn(p.amountMxn);
    if (amount <= 0n) throw new RangeError(`payment ${p.paymentId}: amount must be positive`);
    const a = get(p.convictionId, p.victimPersonId);
    if (p.source === 'perpetrator') a.perp += amount;
    else a.fund += amount;
    if (a.last === null || p.date > a.last) a.last = p.date;
  }
  return [...acc.values()]
    .map((a) => {
      const paid = a.perp + a.fund;
      const diff = a.ordered - paid;
      return {
        convictionId: a.c,
        victimPersonId: a.v,
        orderedMxn: formatMxn(a.ordered),
        paidByPerpetratorMxn: formatMxn(a.perp),
        paidByFundMxn: formatMxn(a.fund),
        paidMxn: formatMxn(paid),
        outstandingMxn: formatMxn(diff > 0n ? diff : 0n),
        overpaidMxn: formatMxn(diff < 0n ? -diff : 0n),
        lastPaymentDate: a.last,
      };
    })
    .sort((x, y) =>
      x.convictionId < y.convictionId
        ? -1
        : x.convictionId > y.convictionId
          ? 1
          : x.victimPersonId < y.victimPersonId
            ? -1
            : x.victimPersonId > y.victimPersonId
              ? 1
              : 0,
    );
}

export interface VictimOwed {
  victimPersonId: string;
  outstandingMxn: string;
  convictions: { convictionId: string; outstandingMxn: string }[];
}

/** Victims still owed money, largest balance first (ties by person id). */
export function victimsOwed(balances: readonly RestitutionBalance[]): VictimOwed[] {
  const by = new Map<
    string,
    { total: bigint; convictions: { convictionId: string; outstandingMxn: string }[] }
  >();
  for (const b of balances) {
    const out = parseMxn(b.outstandingMxn);
    if (out <= 0n) continue;
    const v = by.get(b.victimPersonId) ?? { total: 0n, convictions: [] };
    v.total += out;
    v.convictions.push({ convictionId: b.convictionId, outstandingMxn: b.outstandingMxn });
    by.set(b.victimPersonId, v);
  }
  return [...by.entries()]
    .sort((a, b) => (a[1].total > b[1].total ? -1 : a[1].total < b[1].total ? 1 : a[0] < b[0] ? -1 : 1))
    .map(([victimPersonId, v]) => ({
      victimPersonId,
      outstandingMxn: formatMxn(v.total),
      convictions: v.convictions,
    }));
}
