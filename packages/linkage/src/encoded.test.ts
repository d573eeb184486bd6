import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assignOneToOne,
  compareEncoded,
  DICE_LEVELS,
  dateTokens,
  diceLevel,
  ENCODED_CAPS,
  ENCODED_COMPARISONS,
  type EncodedPair,
  EXACT,
  EXPECTED_NAMESAKES,
  encodedCap,
  encodedProbability,
  encodedSide,
  FIELD_LAYOUT,
  FieldEncoder,
  fieldDice,
  fieldEncodingsFromBase64,
  fieldEncodingToBase64,
  fitEncodedModel,
  linkEncodedDedup,
  linkEncodedTwo,
  RECORD_WORDS,
  rawDateParts,
} from './encoded.ts';
import type { BandSpec } from './lsh.ts';
import { prepareRecords } from './prepare.ts';
import { syntheticMexican } from './synthetic.ts';
import type { LinkRecord } from './types.ts';

const SECRET = Buffer.from('test secret, 32 bytes long......');
const encoder = new FieldEncoder(SECRET);
const encode = (records: LinkRecord[]) => encoder.encode(prepareRecords(records), records);
const NC = ENCODED_COMPARISONS.length;

describe('field-level encodings', () => {
  const { records } = syntheticMexican({ entities: 200, seed: 5, duplicateRate: 0.5 });
  it('have one filter per field, whole words, and are deterministic for a secret', () => {
    expect(RECORD_WORDS).toBe(FIELD_LAYOUT.reduce((s, f) => s + f.bits / 32, 0));
    for (const f of FIELD_LAYOUT) expect(f.bits % 32).toBe(0);
    const a = encode(records);
    const b = new FieldEncoder(Buffer.from(SECRET)).encode(prepareRecords(records), records);
    const c = new FieldEncoder(Buffer.from('another secret of 32 bytes......')).encode(
      prepareRecords(records),
      records,
    );
    expect(Buffer.from(a.words.buffer).equals(Buffer.from(b.words.buffer))).toBe(true);
    let same = 0;
    for (let i = 0; i < a.size; i++) if (fieldEncodingToBase64(a, i) === fieldEncodingToBase64(c, i)) same++;
    expect(same).toBe(0);
    expect(() => new FieldEncoder(Buffer.from('short'))).toThrow(/16 bytes/);
  });
  it('round-trip through base64 and reject what is not one', () => {
    const a = encode(records);
    const back = fieldEncodingsFromBase64(
      Array.from({ length: a.size }, (_, i) => fieldEncodingToBase64(a, i)),
    );
    expect(Buffer.from(back.words.buffer).equals(Buffer.from(a.words.buffer))).toBe(true);
    expect(() => fieldEncodingsFromBase64(['AAAA'])).toThrow(/field-level encoding/);
  });
  it('a record compared with itself: every present field the same, missing fields no evidence', () => {
    const recs: LinkRecord[] = [
      { id: '1', fields: { given_names: 'María Guadalupe', surname_1: 'López', birth_date: '1990-05-17' } },
    ];
    const s = encodedSide(encode(recs));
    const out = new Int8Array(NC);
    compareEncoded(s, 0, s, 0, out, 0);
    const byName = Object.fromEntries(ENCODED_COMPARISONS.map((c, i) => [c, out[i]]));
    expect(byName).toMatchObject({ given: EXACT, surname1: EXACT, birth_date: EXACT, phone: -1, curp: -1 });
  });
  it('comparisons are symmetric', () => {
    const s = encodedSide(encode(records));
    fc.assert(
      fc.property(fc.nat(records.length - 1), fc.nat(records.length - 1), (i, j) => {
        const x = new Int8Array(NC);
        const y = new Int8Array(NC);
        compareEncoded(s, i, s, j, x, 0);
        compareEncoded(s, j, s, i, y, 0);
        expect(Array.from(x)).toEqual(Array.from(y));
      }),
    );
  });
  it('swapped surnames and a left-out second surname still agree', () => {
    const recs: LinkRecord[] = [
      { id: 'a', fields: { given_names: 'Rosa', surname_1: 'Ortiz', surname_2: 'Canul' } },
      { id: 'b', fields: { given_names: 'Rosa', surname_1: 'Canul', surname_2: 'Ortiz' } },
      { id: 'c', fields: { given_names: 'Rosa', surname_1: 'Ortiz' } },
    ];
    const s = encodedSide(encode(recs));
    const out = new Int8Array(NC);
    const sur = ENCODED_COMPARISONS.indexOf('surname1');
    compareEncoded(s, 0, s, 1, out, 0);
    expect(out[sur]).toBe(EXACT);
    compareEncoded(s, 0, s, 2, out, 0);
    expect(out[sur]).toBe(EXACT);
  });
});

describe('birth dates', () => {
  const date = fc
    .record({
      y: fc.integer({ min: 1900, max: 2024 }),
      m: fc.integer({ min: 1, max: 12 }),
      d: fc.integer({ min: 1, max: 28 }),
    })
    .map(({ y, m, d }) => ({
      year: String(y),
      month: String(m).padStart(2, '0'),
      day: String(d).padStart(2, '0'),
    }));
  const diceOf = (a: string[], b: string[]) => {
    const sa = new Set(a);
    const sb = new Set(b);
    const inter = [...sa].filter((t) => sb.has(t)).length;
    return (2 * inter) / (sa.size + sb.size);
  };
  it('written parts are read in each layout, slips kept', () => {
    expect(rawDateParts('29/1q/1983', 'DD/MM/YYYY')).toEqual({ year: '1983', month: '1q', day: '29' });
    expect(rawDateParts('1983-12-29', 'YYYY-MM-DD')).toEqual({ year: '1983', month: '12', day: '29' });
    expect(rawDateParts('19831229', 'YYYYMMDD')).toEqual({ year: '1983', month: '12', day: '29' });
    expect(rawDateParts('1983', 'YYYY-MM-DD')).toEqual({ year: '1983', month: '', day: '' });
    expect(rawDateParts('  ', 'YYYY-MM-DD')).toBeNull();
  });
  it('one mistyped character keeps most tokens; a day/month swap keeps the year and the pair', () => {
    fc.assert(
      fc.property(date, fc.nat(7), fc.constantFrom(...'0123456789q'), (d, pos, ch) => {
        const full = `${d.day}${d.month}${d.year}`;
        if (full[pos] === ch) return;
        const slip = full.slice(0, pos) + ch + full.slice(pos + 1);
        const a = dateTokens(d.year, d.month, d.day);
        const b = dateTokens(slip.slice(4), slip.slice(2, 4), slip.slice(0, 2));
        expect(diceOf(a, b)).toBeGreaterThanOrEqual(0.7);
      }),
    );
    fc.assert(
      fc.property(date, (d) => {
        if (d.day === d.month || Number(d.day) > 12) return;
        const a = dateTokens(d.year, d.month, d.day);
        const b = dateTokens(d.year, d.day, d.month);
        const s = diceOf(a, b);
        expect(s).toBeGreaterThanOrEqual(0.45);
        expect(s).toBeLessThan(1);
      }),
    );
  });
  it('a year alone agrees with a full date of that year (level 3), not with another year', () => {
    const recs: LinkRecord[] = [
      { id: 'a', fields: { given_names: 'Ana', birth_date: '1990-05-17' } },
      { id: 'b', fields: { given_names: 'Ana', birth_date: '1990' } },
      { id: 'c', fields: { given_names: 'Ana', birth_date: '1984' } },
    ];
    const s = encodedSide(encode(recs));
    const out = new Int8Array(NC);
    const di = ENCODED_COMPARISONS.indexOf('birth_date');
    compareEncoded(s, 0, s, 1, out, 0);
    expect(out[di]).toBe(3);
    compareEncoded(s, 0, s, 2, out, 0);
    expect(out[di]).toBe(0);
    expect(fieldDice(s, 0, 'birth_date', s, 0)).toBe(1);
  });
  it('1 January is a year alone (a registry placeholder); two years alone alike are level 3, not the same date', () => {
    const di = ENCODED_COMPARISONS.indexOf('birth_date');
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2024 }), fc.integer({ min: 0, max: 3 }), (y, d) => {
        const recs: LinkRecord[] = [
          { id: 'a', fields: { given_names: 'Ana', birth_date: `${y}-01-01` } },
          { id: 'b', fields: { given_names: 'Ana', birth_date: `${y}` } },
          { id: 'c', fields: { given_names: 'Ana', birth_date: `${y + d}-01-01` } },
        ];
        const enc = encode(recs);
        const s = encodedSide(enc);
        // the same filter as the year written alone
        expect(fieldDice(s, 0, 'birth_date', s, 1)).toBe(1);
        const out = new Int8Array(NC);
        compareEncoded(s, 0, s, 2, out, 0);
        // the same year: level 3; one or two years apart: level 1 (an estimated year), three: different
        expect(out[di]).toBe(d === 0 ? 3 : d <= 2 ? 1 : 0);
      }),
      { numRuns: 40 },
    );
    // with a CURP the preparation takes the day from it, and the full date is encoded
    const curp: LinkRecord[] = [
      { id: 'a', fields: { given_names: 'Ana', birth_date: '1990-01-01', curp: 'LOPA900517MDFPRN09' } },
      { id: 'b', fields: { given_names: 'Ana', birth_date: '1990-05-17' } },
    ];
    const s = encodedSide(encode(curp));
    expect(fieldDice(s, 0, 'birth_date', s, 1)).toBe(1);
  });
});

describe('hard evidence (caps)', () => {
  const C = (f: string) => ENCODED_COMPARISONS.indexOf(f as (typeof ENCODED_COMPARISONS)[number]);
  const level = fc.integer({ min: -1, max: EXACT });
  /** Levels with no identifier (CURP, id number, e-mail) and no date. */
  const noDate = fc.array(level, { minLength: NC, maxLength: NC }).map((ls) => {
    const out = Int8Array.from(ls);
    out[C('birth_date')] = -1;
    out[C('curp')] = -1;
    out[C('idNumber')] = -1;
    out[C('email')] = -1;
    return out;
  });
  const facts = { bothFullDates: false, dateDice: -1, givenDice: 0.9, yearDice: -1 };
  it('without a date, names alone are held at 45 %; the whole name alike and rare at 85 %; support lifts the cap', () => {
    fc.assert(
      fc.property(
        noDate,
        fc.double({ min: 0, max: 10, noNaN: true }),
        fc.boolean(),
        (ls, namesakes, same) => {
          ls[C('given')] = EXACT;
          const cap = encodedCap(ls, 0, { ...facts, sameFullSurnames: same, expectedNamesakes: namesakes });
          // no field counts as support without a model: names alone or the whole name
          if (same && namesakes < EXPECTED_NAMESAKES) expect(cap).toBe(ENCODED_CAPS.fullNameNoDate);
          else expect(cap).toBe(ENCODED_CAPS.namesOnly);
          // a field that speaks for the match in the model (a phone, a locality…) lifts the cap when present
          const supported = encodedCap(ls, 0, { ...facts, supports: () => true });
          const present = ['phone', 'street', 'locality', 'postcode'].some((f) => ls[C(f)]! >= 0);
          expect(supported).toBe(present ? 1 : ENCODED_CAPS.namesOnly);
        },
      ),
    );
  });
  it('given names far apart with the same full date, a close year or no date: twins and siblings at 30 %', () => {
    fc.assert(
      fc.property(noDate, fc.constantFrom(-1, 1, EXACT), (ls, date) => {
        ls[C('given')] = 0;
        ls[C('birth_date')] = date;
        const cap = encodedCap(ls, 0, {
          bothFullDates: date === EXACT,
          dateDice: date === EXACT ? 1 : 0.5,
          givenDice: 0.1,
          yearDice: date === 1 ? 0.6 : -1,
          supports: () => true,
        });
        expect(cap).toBe(ENCODED_CAPS.twins);
        // the same CURP says one person whatever the names
        ls[C('curp')] = EXACT;
        expect(encodedCap(ls, 0, { ...facts, givenDice: 0.1 })).toBe(1);
      }),
    );
  });
});

describe('levels, model and threshold', () => {
  it('diceLevel is monotone and spans 0..EXACT', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (x, y) => {
          const [lo, hi] = x <= y ? [x, y] : [y, x];
          expect(diceLevel(lo)).toBeLessThanOrEqual(diceLevel(hi));
          expect(diceLevel(lo)).toBeGreaterThanOrEqual(0);
          expect(diceLevel(hi)).toBeLessThanOrEqual(EXACT);
        },
      ),
    );
    expect(diceLevel(1)).toBe(EXACT);
    expect(diceLevel(DICE_LEVELS[0] - 1e-9)).toBe(0);
  });

  /** Levels of synthetic candidates: `matches` pairs mostly agreeing, the rest mostly not. */
  const candidates = (matches: number, nonMatches: number, seed: number) => {
    let s = seed || 1;
    const rnd = () => {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      return (s >>> 0) / 2 ** 32;
    };
    const levels = new Int8Array((matches + nonMatches) * NC);
    for (let e = 0; e < matches + nonMatches; e++) {
      const match = e < matches;
      for (let c = 0; c < NC; c++) {
        if (c > 4) levels[e * NC + c] = -1;
        else if (match) levels[e * NC + c] = rnd() < 0.85 ? EXACT : Math.floor(rnd() * EXACT);
        else levels[e * NC + c] = rnd() < 0.9 ? Math.floor(rnd() * 2) : Math.floor(rnd() * (EXACT + 1));
      }
    }
    return levels;
  };
  const u = ENCODED_COMPARISONS.map(() => [0.6, 0.3, 0.05, 0.03, 0.015, 0.005]);

  it('the learned threshold separates two groups of scores: matches above, non-matches below', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 50, max: 400 }),
        fc.integer({ min: 1000, max: 5000 }),
        fc.integer({ min: 1, max: 1e6 }),
        (m, n, seed) => {
          const levels = candidates(m, n, seed);
          const model = fitEncodedModel(levels, m + n, u, (m + n) * 4, 0.5);
          expect(model.lambda).toBeGreaterThan(0);
          expect(model.lambda).toBeLessThan(1);
          // the model's probability is 0.5 exactly at its cut weight
          expect(encodedProbability(model, model.cutWeight)).toBeCloseTo(0.5, 6);
          let weight = 0;
          for (let c = 0; c < 5; c++) weight += Math.log2(model.m[c]![EXACT]! / model.u[c]![EXACT]!);
          expect(weight).toBeGreaterThan(model.cutWeight); // all fields agreeing: a link
          let none = 0;
          for (let c = 0; c < 5; c++) none += Math.log2(model.m[c]![0]! / model.u[c]![0]!);
          expect(none).toBeLessThan(model.cutWeight); // none agreeing: not a link
        },
      ),
      { numRuns: 20 },
    );
  });

  it('probability rises with the weight', () => {
    const model = fitEncodedModel(candidates(100, 2000, 3), 2100, u, 2100 * 10, 0.5);
    fc.assert(
      fc.property(
        fc.double({ min: -60, max: 60, noNaN: true }),
        fc.double({ min: -60, max: 60, noNaN: true }),
        (a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          expect(encodedProbability(model, lo)).toBeLessThanOrEqual(encodedProbability(model, hi));
        },
      ),
    );
  });
});

describe('one-to-one among pairs above the threshold', () => {
  const pair = fc.record({
    left: fc.nat(15),
    right: fc.nat(15),
    probability: fc.double({ min: 0, max: 1, noNaN: true }),
    weight: fc.integer({ min: -20, max: 20 }),
  });
  it('links each record at most once, only above the threshold, whatever the input order', () => {
    fc.assert(
      fc.property(fc.array(pair, { maxLength: 60 }), fc.double({ min: 0, max: 1, noNaN: true }), (raw, t) => {
        const seen = new Set<string>();
        const pairs: EncodedPair[] = raw.filter((p) => {
          const k = `${p.left},${p.right}`;
          if (seen.has(k)) return false;
          seen.add(k);
          return true;
        });
        const out = assignOneToOne(pairs, t);
        expect(new Set(out.map((p) => p.left)).size).toBe(out.length);
        expect(new Set(out.map((p) => p.right)).size).toBe(out.length);
        for (const p of out) expect(p.probability).toBeGreaterThanOrEqual(t);
        // stable: the same links from the pairs in reverse order
        const again = assignOneToOne([...pairs].reverse(), t);
        expect(again).toEqual(out);
        // maximal: a pair above the threshold left out has one of its records linked
        const usedL = new Set(out.map((p) => p.left));
        const usedR = new Set(out.map((p) => p.right));
        for (const p of pairs)
          if (p.probability >= t) expect(usedL.has(p.left) || usedR.has(p.right)).toBe(true);
      }),
    );
  });
});

describe('encoded linkage', () => {
  const { records, entity } = syntheticMexican({ entities: 1500, seed: 8, duplicateRate: 0.4 });
  it('links two files without forcing a partner on records that have none', () => {
    const first = new Map<number, number>();
    const left: number[] = [];
    const right: number[] = [];
    entity.forEach((e, i) => {
      if (!first.has(e)) {
        first.set(e, i);
        left.push(i);
      } else if (!right.some((r) => entity[r] === e)) right.push(i);
    });
    // 300 persons leave the left file: their records in the right file have no partner there
    left.splice(left.length - 300, 300);
    const pick = (idx: number[]) => idx.map((i) => records[i]!);
    const res = linkEncodedTwo(encode(pick(left)), encode(pick(right)));
    const truth = right.filter((r) => left.some((l) => entity[l] === entity[r])).length;
    const tp = res.pairs.filter((p) => entity[left[p.left]!] === entity[right[p.right]!]).length;
    expect(truth).toBeLessThan(right.length); // some right records have no partner
    expect(tp / res.pairs.length).toBeGreaterThan(0.97);
    expect(tp / truth).toBeGreaterThan(0.9);
    // blocking compared a small share of all pairs
    expect(res.candidates / res.allPairs).toBeLessThan(0.2);
    for (const p of res.pairs) expect(p.probability).toBeGreaterThanOrEqual(0.5);
  });
  it('deduplicates one file', () => {
    const sub = records.slice(0, 1200);
    const ent = entity.slice(0, 1200);
    const res = linkEncodedDedup(encode(sub));
    let truth = 0;
    const count = new Map<number, number>();
    for (const e of ent) count.set(e, (count.get(e) ?? 0) + 1);
    for (const c of count.values()) truth += (c * (c - 1)) / 2;
    const tp = res.pairs.filter((p) => ent[p.left] === ent[p.right]).length;
    expect(tp / res.pairs.length).toBeGreaterThan(0.97);
    expect(tp / truth).toBeGreaterThan(0.85);
    for (const p of res.pairs) {
      expect(p.left).toBeLessThan(p.right);
      expect(res.clusters![p.left]).toBe(res.clusters![p.right]);
    }
  });
  it('a pair of one group that no band met is scored, not counted as 0, when groups are joined', () => {
    const person = {
      given_names: 'Ximena',
      surname_1: 'Xolalpa',
      surname_2: 'Tzompa',
      birth_date: '1994-03-08',
    };
    const three: LinkRecord[] = [
      { id: 'a', fields: { ...person, phone: '5512345678' } },
      { id: 'b', fields: { ...person, phone: '5512345678', email: 'xx@example.org' } },
      { id: 'c', fields: { ...person, phone: '3398765432', email: 'xx@example.org' } },
    ];
    const others = records
      .slice(0, 300)
      .map((r) => ({ ...r, fields: { ...r.fields, phone: '', email: '' } }));
    // blocking on the phone and the e-mail only: a-b and b-c are compared, a-c never
    const bands: BandSpec[] = [
      { name: 'phone', bins: { phone: 4 }, bands: 8 },
      { name: 'email', bins: { email: 4 }, bands: 4 },
    ];
    const res = linkEncodedDedup(encode([...three, ...others]), { bands, looseBands: [] });
    const compared = new Set<string>();
    for (let k = 0; k < res.candidatePairs.count; k++)
      compared.add(`${res.candidatePairs.left[k]}-${res.candidatePairs.right[k]}`);
    expect(compared.has('0-1')).toBe(true);
    expect(compared.has('1-2')).toBe(true);
    expect(compared.has('0-2')).toBe(false);
    expect(res.clusters![0]).toBe(res.clusters![1]);
    expect(res.clusters![2]).toBe(res.clusters![0]);
  });
});
