import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  chainDurations,
  daysBetween,
  JUSTICE_STAGES,
  LAW_ARTICLE_CODES,
  LAW_ARTICLES,
  STAGE_OUTCOMES,
  summariseDurations,
} from './justice.ts';

const day = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2040-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('the justice chain (core)', () => {
  it('lists the offences of the 2012 General Law (arts. 10–22, 24–36; 23, 37 and 38 are not offences), each described in both languages', () => {
    expect(LAW_ARTICLE_CODES).toEqual(
      Array.from({ length: 27 }, (_, i) => String(10 + i)).filter((a) => a !== '23'),
    );
    for (const a of LAW_ARTICLES) {
      expect(a.es.length).toBeGreaterThan(10);
      expect(a.en.length).toBeGreaterThan(10);
    }
    for (const s of JUSTICE_STAGES) expect(STAGE_OUTCOMES[s].length).toBeGreaterThan(0);
  });

  it('daysBetween is the calendar difference (property: antisymmetric, additive)', () => {
    fc.assert(
      fc.property(day, day, day, (a, b, c) => {
        expect(daysBetween(a, b) + daysBetween(b, a)).toBe(0);
        expect(daysBetween(a, b) + daysBetween(b, c)).toBe(daysBetween(a, c));
      }),
    );
    expect(daysBetween('2024-01-10', '2024-05-20')).toBe(131);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2); // leap year
  });

  it('chainDurations: the spans add up, a missing stage or backwards dates give null', () => {
    fc.assert(
      fc.property(day, day, day, (o, c, s) => {
        const d = chainDurations([
          { stage: 'sentence', startedOn: s },
          { stage: 'investigation', startedOn: o },
          { stage: 'prosecution', startedOn: c },
        ]);
        if (o <= c && c <= s)
          expect(d.openingToSentenceDays).toBe(d.openingToChargeDays! + d.chargeToSentenceDays!);
        if (c < o) expect(d.openingToChargeDays).toBeNull();
        for (const v of Object.values(d)) if (v !== null) expect(v).toBeGreaterThanOrEqual(0);
      }),
    );
    expect(chainDurations([{ stage: 'investigation', startedOn: '2024-01-10' }])).toEqual({
      openingToChargeDays: null,
      chargeToSentenceDays: null,
      openingToSentenceDays: null,
    });
  });

  it('summariseDurations: quartiles are ordered values of the input', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.nat(5000), { nil: null }), { maxLength: 60 }), (xs) => {
        const s = summariseDurations(xs);
        const vals = xs.filter((x): x is number => x !== null);
        expect(s.count).toBe(vals.length);
        if (vals.length === 0) {
          expect(s.medianDays).toBeNull();
          return;
        }
        expect(vals).toContain(s.medianDays);
        expect(s.p25Days!).toBeLessThanOrEqual(s.medianDays!);
        expect(s.medianDays!).toBeLessThanOrEqual(s.p75Days!);
      }),
    );
    expect(summariseDurations([10, 20, 30, 40]).medianDays).toBe(20);
  });
});
