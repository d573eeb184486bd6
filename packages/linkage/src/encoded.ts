import { createHmac, hkdfSync } from 'node:crypto';
import type { EncodedField } from './bloom.ts';
import { clusterRecords } from './cluster.ts';
import type { DateFormat } from './dates.ts';
import { popcount32 } from './dice.ts';
import {
  type BandSpec,
  type LshCandidates,
  lshCandidates,
  MINHASH_BINS,
  minhash,
  mix32,
  type Signatures,
} from './lsh.ts';
import type { PreparedSet } from './prepare.ts';
import type { LinkRecord } from './types.ts';

/**
 * Privacy-preserving linkage on field-level Bloom filters ("fbf", encoding version 1).
 *
 * Each agency encodes every field of a record into its own Bloom filter (its own bits, its own HMAC key derived
 * from the shared secret); the filters of a record are stored one after another in one bit string. The linkage
 * authority never sees a value, but it can compare field with field: the Dice similarity of the two given-name
 * filters, of the surnames, the birth dates, the phones ... Those similarities become comparison levels, and a
 * Fellegi-Sunter model learnt without labels (EM, with prior m-probabilities and u from random pairs) weighs them,
 * as in plain linkage: an equal phone weighs more than an equal sex, a missing field is no evidence.
 * Candidate pairs come from LSH over the filters (`lsh.ts`), never all pairs.
 */

/** The fields of the encoding (bloom.ts) and the year windows' own filter. */
export type FieldCode = EncodedField | 'nationality' | 'yearWindow';

/** The filters of a record, in this order: field, bits (a multiple of 32), bits set per token. */
export const FIELD_LAYOUT: readonly { field: FieldCode; bits: number; k: number }[] = [
  { field: 'given', bits: 512, k: 6 },
  { field: 'surname1', bits: 512, k: 6 },
  { field: 'surname2', bits: 512, k: 6 },
  { field: 'birth_date', bits: 512, k: 6 },
  { field: 'sex', bits: 32, k: 4 },
  { field: 'curp', bits: 256, k: 4 },
  { field: 'idNumber', bits: 256, k: 4 },
  { field: 'phone', bits: 512, k: 6 },
  { field: 'email', bits: 256, k: 4 },
  { field: 'street', bits: 256, k: 4 },
  { field: 'locality', bits: 256, k: 4 },
  { field: 'postcode', bits: 128, k: 4 },
  { field: 'region', bits: 64, k: 4 },
  { field: 'nationality', bits: 64, k: 4 },
  // three-year windows around the birth year: a year alone ("about 30") is compared with a year near it
  { field: 'yearWindow', bits: 256, k: 3 },
];

/** Word offset of each field's filter inside a record's encoding, and the words per record. */
export const FIELD_OFFSET: ReadonlyMap<FieldCode, { at: number; words: number }> = (() => {
  const m = new Map<FieldCode, { at: number; words: number }>();
  let at = 0;
  for (const { field, bits } of FIELD_LAYOUT) {
    m.set(field, { at, words: bits / 32 });
    at += bits / 32;
  }
  return m;
})();
export const RECORD_WORDS = FIELD_LAYOUT.reduce((s, f) => s + f.bits / 32, 0);

/** Field-level encodings of a set of records: `RECORD_WORDS` words per record. */
export interface FieldEncodings {
  readonly size: number;
  readonly words: Uint32Array;
}

const SALT = Buffer.from('enlace-fbf-v1');

/** Character bigrams of a value padded with one space on each side ("ana" -> " a", "an", "na", "a "). */
function bigramsOf(value: string): string[] {
  if (!value) return [];
  const s = ` ${value} `;
  const out: string[] = [];
  for (let i = 0; i + 1 < s.length; i++) out.push(s.slice(i, i + 2));
  return out;
}

/** Characters with their position (phone digits, postcodes): a mistyped digit changes one token of ten. */
function positional(value: string): string[] {
  return Array.from(value, (c, i) => `${i}${c}`);
}

/** The tokens a field of record i is encoded from (empty: the field is missing). */
export function fieldTokens(p: PreparedSet, i: number, field: FieldCode): string[] {
  switch (field) {
    case 'given':
      return bigramsOf(p.given[i]!);
    case 'surname1':
      return bigramsOf(p.surname1[i]!);
    case 'surname2':
      return bigramsOf(p.surname2[i]!);
    case 'birth_date': {
      const y = p.year[i]!;
      const m = p.month[i]!;
      const d = p.day[i]!;
      if (!y && !m) return [];
      // 1 January: a registry's placeholder for a year alone
      if (m === 1 && d === 1) return dateTokens(String(y), '', '');
      return dateTokens(
        y ? String(y) : '',
        m ? String(m).padStart(2, '0') : '',
        d ? String(d).padStart(2, '0') : '',
      );
    }
    case 'sex':
      return p.sex[i] ? [p.sex[i]!.charAt(0)] : [];
    case 'phone': {
      const ph = p.phone[i]!;
      return positional(ph.length > 10 ? ph.slice(-10) : ph);
    }
    case 'postcode':
      return positional(p.postcode[i]!);
    case 'region':
      return p.region[i] ? [p.region[i]!] : [];
    case 'nationality':
      return p.nationality[i] ? [p.nationality[i]!] : [];
    case 'yearWindow':
      return yearWindows(p.year[i]!);
    default:
      return bigramsOf(p[field][i]!);
  }
}

/**
 * Tokens of a birth date from its written parts (which may hold slips: "19p5", "97" for a month): the day's and
 * the month's characters by position, the year's last two, the whole year, and day and month as an unordered pair.
 * A slip in one character changes one or two tokens of eight; a day/month swap keeps the year and the pair; a
 * century slip ("2972" for "1972") changes only the whole year's token.
 */
export function dateTokens(year: string, month: string, day: string): string[] {
  const out: string[] = [];
  if (day) for (let c = 0; c < day.length; c++) out.push(`d${c}${day[c]}`);
  if (month) for (let c = 0; c < month.length; c++) out.push(`m${c}${month[c]}`);
  if (year) {
    const yy = year.slice(-2);
    for (let c = 0; c < yy.length; c++) out.push(`y${c}${yy[c]}`);
    out.push(`Y${year}`);
  }
  if (day && month) out.push(`x${day < month ? `${day}-${month}` : `${month}-${day}`}`);
  return out;
}

/**
 * Three windows of three years around a birth year (offset by one year each): years one apart share two windows, two
 * apart one, three or more none. A year that cannot be true gives none.
 */
export function yearWindows(year: number): string[] {
  if (!(year >= 1800 && year <= 2200)) return [];
  return [0, 1, 2].map((o) => `w${o}:${Math.floor((year + o) / 3)}`);
}

/**
 * The written parts (year, month, day) of a raw birth date in a layout, slips kept ("29/1q/1983" -> 1983, 1q, 29);
 * null when it has no recognisable shape.
 */
export function rawDateParts(
  raw: string,
  format: DateFormat,
): { year: string; month: string; day: string } | null {
  const s = raw.trim().toLowerCase();
  if (!s) return null;
  const pad = (x: string | undefined) => (x ? x.padStart(2, '0') : '');
  if (format === 'YYYYMMDD' && !/[^0-9a-z]/.test(s)) {
    return { year: s.slice(0, 4), month: s.slice(4, 6), day: s.slice(6, 8) };
  }
  const parts = s.split(/[^0-9a-z]+/).filter(Boolean);
  if (parts.length === 0 || parts.length > 3) return null;
  if (format === 'DD/MM/YYYY') {
    const [a, b, c] = parts;
    if (parts.length === 3) return { year: c!, month: pad(b), day: pad(a) };
    if (parts.length === 2) return { year: b!, month: pad(a), day: '' };
    return { year: a!, month: '', day: '' };
  }
  return { year: parts[0]!, month: pad(parts[1]), day: pad(parts[2]) };
}

/** A written date of 1 January ("01/01/1990", "1990-1-1"). */
export const isFirstOfJanuary = (parts: { month: string; day: string }): boolean =>
  Number(parts.month) === 1 &&
  Number(parts.day) === 1 &&
  /^\d+$/.test(parts.month) &&
  /^\d+$/.test(parts.day);

/** Encodes prepared records into field-level Bloom filters. Deterministic for a given secret. */
export class FieldEncoder {
  private readonly keys = new Map<FieldCode, Buffer>();
  private readonly cache = new Map<string, Uint16Array>();
  constructor(secret: Uint8Array) {
    if (secret.length < 16) throw new Error('the shared secret must have at least 16 bytes');
    for (const { field } of FIELD_LAYOUT) {
      this.keys.set(field, Buffer.from(hkdfSync('sha256', secret, SALT, `field:${field}`, 32)));
    }
  }

  private positions(field: FieldCode, bits: number, k: number, token: string): Uint16Array {
    // both surnames share one key (and one filter size), so that swapped surnames set the same bits
    const keyField: FieldCode = field === 'surname2' ? 'surname1' : field;
    const ck = `${keyField}\u0000${token}`;
    let pos = this.cache.get(ck);
    if (pos) return pos;
    const h = createHmac('sha256', this.keys.get(keyField)!).update(token).digest();
    const h1 = h.readUInt32LE(0);
    const h2 = h.readUInt32LE(4) | 1;
    pos = new Uint16Array(k);
    for (let t = 0; t < k; t++) pos[t] = ((h1 + Math.imul(t, h2)) >>> 0) % bits;
    if (this.cache.size < 500_000) this.cache.set(ck, pos);
    return pos;
  }

  /**
   * Encodes prepared records. With `raw` (the same records before preparation) and their date layout, birth dates
   * are encoded from what was written, slips included, so that "19p5" still agrees with "1905" on three characters;
   * a date the record does not write (taken from its CURP) comes from the prepared set.
   */
  encode(p: PreparedSet, raw?: readonly LinkRecord[], dateFormat: DateFormat = 'YYYY-MM-DD'): FieldEncodings {
    const out = new Uint32Array(p.size * RECORD_WORDS);
    for (let i = 0; i < p.size; i++) {
      for (const { field, bits, k } of FIELD_LAYOUT) {
        const o = i * RECORD_WORDS + FIELD_OFFSET.get(field)!.at;
        let tokens: string[] | undefined;
        if (field === 'birth_date' && raw?.[i]?.fields.birth_date) {
          const parts = rawDateParts(raw[i]!.fields.birth_date!, dateFormat);
          if (parts && isFirstOfJanuary(parts))
            // 1 January is what registries write when only the year (or an age) is known: the year alone, unless
            // the CURP gave the preparation the day
            tokens = p.month[i] === 1 && p.day[i] === 1 ? dateTokens(parts.year, '', '') : undefined;
          else if (parts) tokens = dateTokens(parts.year, parts.month, parts.day);
        }
        if (field === 'yearWindow' && !p.year[i] && raw?.[i]?.fields.birth_date) {
          // a year the preparation found impossible ("2972") gives no window; a plain written year does
          const parts = rawDateParts(raw[i]!.fields.birth_date!, dateFormat);
          if (parts && /^\d{4}$/.test(parts.year)) tokens = yearWindows(Number(parts.year));
        }
        for (const tok of tokens ?? fieldTokens(p, i, field)) {
          for (const bit of this.positions(field, bits, k, tok)) out[o + (bit >>> 5)]! |= 1 << (bit & 31);
        }
      }
    }
    return { size: p.size, words: out };
  }
}

/** Base64 of one record's field filters (little-endian words). */
export function fieldEncodingToBase64(enc: FieldEncodings, i: number): string {
  const w = enc.words.slice(i * RECORD_WORDS, (i + 1) * RECORD_WORDS);
  return Buffer.from(w.buffer, w.byteOffset, w.byteLength).toString('base64');
}

/** Packs base64 field encodings; throws on a value that is not one. */
export function fieldEncodingsFromBase64(values: readonly string[]): FieldEncodings {
  const words = new Uint32Array(values.length * RECORD_WORDS);
  values.forEach((v, i) => {
    const buf = Buffer.from(v, 'base64');
    if (buf.length !== RECORD_WORDS * 4)
      throw new Error(`encoding ${i + 1} is not a field-level encoding of ${RECORD_WORDS * 32} bits`);
    for (let w = 0; w < RECORD_WORDS; w++) words[i * RECORD_WORDS + w] = buf.readUInt32LE(w * 4);
  });
  return { size: values.length, words };
}

// ---------------------------------------------------------------------------------------------------------------
// Comparisons

/** What is compared: a field's filter with the same field's (surnames: also with the other surname). */
export const ENCODED_COMPARISONS: readonly FieldCode[] = FIELD_LAYOUT.filter(
  (f) => f.field !== 'surname2' && f.field !== 'yearWindow',
).map((f) => f.field);
const NC = ENCODED_COMPARISONS.length;
/** Comparison of the surnames: the best of paternal/paternal, maternal/maternal and the swapped pairs. */
const SURNAMES = ENCODED_COMPARISONS.indexOf('surname1');

/** Dice similarity at or above which a field is at level 1, 2, 3, 4, 5 (5: the same value, up to a collision). */
export const DICE_LEVELS = [0.3, 0.5, 0.7, 0.85, 0.999] as const;
/** Levels 0 (different) to `EXACT` (the same); -1: missing on one side. */
export const ENCODED_LEVELS = DICE_LEVELS.length + 1;
/** The level of the same value (equal filters, up to a rare collision). */
export const EXACT = DICE_LEVELS.length;

export function diceLevel(d: number): number {
  let l = 0;
  while (l < DICE_LEVELS.length && d >= DICE_LEVELS[l]!) l++;
  return l;
}

/** Set bits of every field of every record (n × fields). */
function fieldPops(enc: FieldEncodings): Uint16Array {
  const out = new Uint16Array(enc.size * FIELD_LAYOUT.length);
  for (let i = 0; i < enc.size; i++) {
    FIELD_LAYOUT.forEach(({ field }, f) => {
      const { at, words } = FIELD_OFFSET.get(field)!;
      let c = 0;
      for (let w = 0; w < words; w++) c += popcount32(enc.words[i * RECORD_WORDS + at + w]!);
      out[i * FIELD_LAYOUT.length + f] = c;
    });
  }
  return out;
}

/** Precomputed per-record data for comparing. */
export interface EncodedSide {
  readonly enc: FieldEncodings;
  readonly pops: Uint16Array;
}
export const encodedSide = (enc: FieldEncodings): EncodedSide => ({ enc, pops: fieldPops(enc) });

const NF = FIELD_LAYOUT.length;
const LAYOUT_INDEX = new Map(FIELD_LAYOUT.map((f, i) => [f.field, i]));
const AT = Int32Array.from(FIELD_LAYOUT, (f) => FIELD_OFFSET.get(f.field)!.at);
const WORDS = Int32Array.from(FIELD_LAYOUT, (f) => f.bits / 32);

/** Common set bits of layout field fa of record i and layout field fb of record j (filters of one size). */
function commonAt(a: EncodedSide, i: number, fa: number, b: EncodedSide, j: number, fb: number): number {
  const wa = a.enc.words;
  const wb = b.enc.words;
  const ba = i * RECORD_WORDS + AT[fa]!;
  const bb = j * RECORD_WORDS + AT[fb]!;
  const n = WORDS[fa]!;
  let c = 0;
  for (let w = 0; w < n; w++) c += popcount32(wa[ba + w]! & wb[bb + w]!);
  return c;
}

/** Dice of layout field fa of record i with layout field fb of record j (same size); -1 when either is empty. */
function diceAt(a: EncodedSide, i: number, fa: number, b: EncodedSide, j: number, fb: number): number {
  const pa = a.pops[i * NF + fa]!;
  const pb = b.pops[j * NF + fb]!;
  if (pa === 0 || pb === 0) return -1;
  return (2 * commonAt(a, i, fa, b, j, fb)) / (pa + pb);
}

/** Dice similarity of field `fa` of record i with field `fb` of record j; -1 when either is empty. */
export function fieldDice(
  a: EncodedSide,
  i: number,
  fa: FieldCode,
  b: EncodedSide,
  j: number,
  fb = fa,
): number {
  const x = LAYOUT_INDEX.get(fa)!;
  const y = LAYOUT_INDEX.get(fb)!;
  if (WORDS[x] !== WORDS[y]) throw new Error(`${fa} and ${fb} have filters of different sizes`);
  return diceAt(a, i, x, b, j, y);
}

/** Layout index of each comparison's field. */
const COMP_FIELD = Int32Array.from(ENCODED_COMPARISONS, (f) => LAYOUT_INDEX.get(f)!);
const S1 = LAYOUT_INDEX.get('surname1')!;
const S2 = LAYOUT_INDEX.get('surname2')!;

const GIVEN = LAYOUT_INDEX.get('given')!;
const DATE = LAYOUT_INDEX.get('birth_date')!;
const CURP = LAYOUT_INDEX.get('curp')!;
const YEARS = LAYOUT_INDEX.get('yearWindow')!;
/**
 * Set bits from which a birth-date filter holds a full date (eight tokens set about 46 bits of 512; a year alone
 * sets about 18, a year and a month about 29): the authority sees how much was written, never what.
 */
export const FULL_DATE_BITS = 38;

/**
 * Comparison levels of one pair (-1 missing, 0-5), written into `out` at `at`. Levels follow the Dice similarity
 * of the two filters (`DICE_LEVELS`; 5 = `EXACT`), with these readings:
 * - surnames: the best of paternal/paternal + maternal/maternal and the swapped pairs; one surname agreeing when
 *   the other is missing counts as that surname's agreement;
 * - given names: one name held inside the other ("María Guadalupe" / "Guadalupe": nearly all the shorter
 *   filter's bits in the longer one) is level 4;
 * - birth date: two full dates: 5 the same, 4 one slip, 2 a swap or two slips, 0 two different dates; a partial
 *   date (a year, a year and month) against another date: 3 when all its bits are in the other, 1 when the years
 *   are one or two apart (`yearWindows`), else 0;
 * - CURP: 5 the same, 4 one or two characters apart (a typo), else 0 (another person's CURP: relatives' CURPs
 *   share much of their letters, which is no evidence of one person).
 */
export function compareEncoded(
  a: EncodedSide,
  i: number,
  b: EncodedSide,
  j: number,
  out: Int8Array,
  at: number,
): void {
  for (let c = 0; c < NC; c++) {
    let level: number;
    if (c === SURNAMES) {
      const s11 = diceAt(a, i, S1, b, j, S1);
      const s22 = diceAt(a, i, S2, b, j, S2);
      const s12 = diceAt(a, i, S1, b, j, S2);
      const s21 = diceAt(a, i, S2, b, j, S1);
      const straight = s11 >= 0 && s22 >= 0 ? (s11 + s22) / 2 : -1;
      const swapped = s12 >= 0 && s21 >= 0 ? (s12 + s21) / 2 : -1;
      const single = Math.max(s11, s12, s21, s22);
      let d = Math.max(straight, swapped);
      if (d < 0) d = single;
      else if (single > d && d < DICE_LEVELS[2]) d = Math.min(single, DICE_LEVELS[3] - 1e-9);
      level = d < 0 ? -1 : diceLevel(d);
    } else {
      const f = COMP_FIELD[c]!;
      const pa = a.pops[i * NF + f]!;
      const pb = b.pops[j * NF + f]!;
      if (pa === 0 || pb === 0) level = -1;
      else {
        const common = commonAt(a, i, f, b, j, f);
        const d = (2 * common) / (pa + pb);
        if (f === DATE) {
          if (pa >= FULL_DATE_BITS && pb >= FULL_DATE_BITS)
            level = d >= 0.999 ? EXACT : d >= 0.7 ? 4 : d >= 0.45 ? 2 : 0;
          // a partial date inside the other (two years alone alike included: they say the year, not the day)
          else if (common >= 0.9 * Math.min(pa, pb)) level = 3;
          // a year alone (or a year and month) against another date: a year one apart is level 1, not "different"
          else level = diceAt(a, i, YEARS, b, j, YEARS) >= 0.3 ? 1 : 0;
        } else if (f === CURP) level = d >= 0.999 ? EXACT : d >= 0.85 ? 4 : 0;
        else {
          level = diceLevel(d);
          if (f === GIVEN && level < 4 && common >= 0.95 * Math.min(pa, pb)) level = 4;
        }
      }
    }
    out[at + c] = level;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Model

/** Prior m-probabilities of the levels 0-4 (shape shared by text-like fields; one-token fields agree or not). */
const M_PRIOR_TEXT = [0.03, 0.03, 0.04, 0.06, 0.12, 0.72];
const M_PRIOR_TOKEN = [0.04, 0.0, 0.0, 0.0, 0.0, 0.96];
const M_PRIOR_DATE = [0.04, 0.0, 0.04, 0.06, 0.06, 0.8];
/** Pseudo-pairs the prior weighs in EM (an input with few duplicates stays near it). */
export const ENCODED_PRIOR_PAIRS = 200;

export function encodedPrior(field: FieldCode): number[] {
  if (field === 'sex' || field === 'region' || field === 'nationality') return [...M_PRIOR_TOKEN];
  if (field === 'birth_date') return [...M_PRIOR_DATE];
  return [...M_PRIOR_TEXT];
}

/** A Fellegi-Sunter model over encoded comparison levels. */
export interface EncodedModel {
  /** m[c][level], u[c][level] (u among all pairs, from random pairs). */
  readonly m: readonly (readonly number[])[];
  readonly u: readonly (readonly number[])[];
  /** Prior match probability of a random pair of the input. */
  readonly lambda: number;
  /** Match weight (log2 odds) at which the posterior equals the threshold. */
  readonly cutWeight: number;
}

const FLOOR = 1e-5;

/** Counts of comparison patterns (levels + 1 in base 6), for EM over distinct patterns only. */
function patterns(levels: Int8Array, count: number): { keys: Int8Array; counts: Float64Array; n: number } {
  const m = new Map<string, number>();
  const keys: number[] = [];
  const counts: number[] = [];
  for (let e = 0; e < count; e++) {
    let k = '';
    for (let c = 0; c < NC; c++) k += String.fromCharCode(49 + levels[e * NC + c]!);
    const at = m.get(k);
    if (at === undefined) {
      m.set(k, counts.length);
      counts.push(1);
      for (let c = 0; c < NC; c++) keys.push(levels[e * NC + c]!);
    } else counts[at]!++;
  }
  return { keys: Int8Array.from(keys), counts: Float64Array.from(counts), n: counts.length };
}

/** Level frequencies among random pairs: u of the whole input (almost all random pairs are two people). */
export function estimateEncodedU(
  a: EncodedSide,
  b: EncodedSide | undefined,
  samples: number,
  seed = 1,
): number[][] {
  const counts = ENCODED_COMPARISONS.map(() => new Array<number>(ENCODED_LEVELS).fill(0));
  const nA = a.enc.size;
  const other = b ?? a;
  const nB = other.enc.size;
  const row = new Int8Array(NC);
  let s = seed >>> 0 || 1;
  const rand = (n: number) => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) % n;
  };
  const all = b ? nA * nB : (nA * (nA - 1)) / 2;
  const exhaustive = all <= samples;
  const visit = (i: number, j: number) => {
    compareEncoded(a, i, other, j, row, 0);
    for (let c = 0; c < NC; c++) if (row[c]! >= 0) counts[c]![row[c]!]!++;
  };
  if (exhaustive) {
    for (let i = 0; i < nA; i++) for (let j = b ? 0 : i + 1; j < nB; j++) visit(i, j);
  } else {
    for (let t = 0; t < samples; t++) {
      const i = rand(nA);
      let j = rand(nB);
      if (!b && j === i) j = (j + 1) % nB;
      visit(i, j);
    }
  }
  return counts.map((row) => {
    const tot = row.reduce((x, y) => x + y, 0);
    return row.map((v) => Math.max(FLOOR, (v + 0.5) / (tot + 0.5 * ENCODED_LEVELS)));
  });
}

/**
 * EM over the candidate pairs' levels (MAP: m pulled towards its prior by `ENCODED_PRIOR_PAIRS` pseudo-pairs, or as
 * many as the expected matches when they are more; u of
 * the candidates free), then the model of the whole input: m from EM, u from random pairs, and the prior match
 * probability of a random pair (matches among the candidates / all pairs). Blocking chose the candidates for their
 * similarity, so their own u would count the same evidence twice.
 */
export function fitEncodedModel(
  levels: Int8Array,
  count: number,
  uAll: readonly (readonly number[])[],
  allPairs: number,
  threshold: number,
): EncodedModel {
  const pat = patterns(levels, count);
  const priors = ENCODED_COMPARISONS.map(encodedPrior);
  let m = priors.map((p) => [...p]);
  let uc = uAll.map((u) => [...u]);
  let lambda = 0.1;
  const g = new Float64Array(pat.n);
  for (let it = 0; it < 100; it++) {
    const lw = Math.log(lambda / (1 - lambda));
    let expected = 0;
    for (let q = 0; q < pat.n; q++) {
      let w = lw;
      for (let c = 0; c < NC; c++) {
        const l = pat.keys[q * NC + c]!;
        if (l >= 0) w += Math.log(Math.max(FLOOR, m[c]![l]!) / Math.max(FLOOR, uc[c]![l]!));
      }
      g[q] = 1 / (1 + Math.exp(-w));
      expected += g[q]! * pat.counts[q]!;
    }
    // the prior weighs at least as much as the evidence: m moves at most halfway from it, so that a latent class of
    // relatives or namesakes among many candidates never becomes the "match" class
    const weight = Math.max(ENCODED_PRIOR_PAIRS, expected);
    const mNum = priors.map((p) => p.map((v) => v * weight));
    const mDen = new Array<number>(NC).fill(weight);
    const uNum = ENCODED_COMPARISONS.map(() => new Array<number>(ENCODED_LEVELS).fill(0.5));
    const uDen = new Array<number>(NC).fill(0.5 * ENCODED_LEVELS);
    let matches = 0;
    let total = 0;
    for (let q = 0; q < pat.n; q++) {
      const cnt = pat.counts[q]!;
      const gm = g[q]! * cnt;
      const gu = cnt - gm;
      matches += gm;
      total += cnt;
      for (let c = 0; c < NC; c++) {
        const l = pat.keys[q * NC + c]!;
        if (l < 0) continue;
        mNum[c]![l]! += gm;
        mDen[c]! += gm;
        uNum[c]![l]! += gu;
        uDen[c]! += gu;
      }
    }
    const nextLambda = Math.min(0.999, Math.max(1e-6, matches / Math.max(1, total)));
    const nextM = mNum.map((row, c) => row.map((v) => v / mDen[c]!));
    uc = uNum.map((row, c) => row.map((v) => v / uDen[c]!));
    const delta = Math.abs(nextLambda - lambda) + Math.abs(nextM[0]![EXACT]! - m[0]![EXACT]!);
    m = nextM;
    lambda = nextLambda;
    if (delta < 1e-7) break;
  }
  const lambdaAll = Math.min(0.5, Math.max(1e-12, (lambda * count) / Math.max(1, allPairs)));
  const cutWeight = Math.log2(threshold / (1 - threshold)) - Math.log2(lambdaAll / (1 - lambdaAll));
  return {
    m: m.map((r) => r.map((v) => Math.max(FLOOR, v))),
    u: uAll.map((r) => [...r]),
    lambda: lambdaAll,
    cutWeight,
  };
}

/** Match weight of a pair: sum of log2(m/u) over its non-missing comparisons (without the prior). */
export function encodedWeight(model: EncodedModel, levels: Int8Array, at: number): number {
  let w = 0;
  for (let c = 0; c < NC; c++) {
    const l = levels[at + c]!;
    if (l >= 0) w += Math.log2(model.m[c]![l]! / model.u[c]![l]!);
  }
  return w;
}

/** Posterior match probability of a weight under the model's prior. */
export function encodedProbability(model: EncodedModel, weight: number): number {
  const lw = weight + Math.log2(model.lambda / (1 - model.lambda));
  return 1 / (1 + 2 ** -lw);
}

// ---------------------------------------------------------------------------------------------------------------
// Blocking

/** Field groups summarised by MinHash: each field alone, and both surnames as one set (swaps meet). */
export const LSH_GROUPS: Readonly<Record<string, readonly FieldCode[]>> = {
  given: ['given'],
  surnames: ['surname1', 'surname2'],
  date: ['birth_date'],
  phone: ['phone'],
  email: ['email'],
  curp: ['curp'],
  idNumber: ['idNumber'],
  street: ['street'],
  locality: ['locality'],
  postcode: ['postcode'],
};

/** The bands of the encoded blocking, always used (see `lsh.ts`: bins per group and bands of each kind). */
export const ENCODED_BANDS: readonly BandSpec[] = [
  { name: 'given+surnames', bins: { given: 2, surnames: 3 }, bands: 16 },
  { name: 'surnames+date', bins: { surnames: 3, date: 2 }, bands: 16 },
  { name: 'given+date', bins: { given: 2, date: 3 }, bands: 16 },
  { name: 'given+surnames+date', bins: { given: 1, surnames: 2, date: 2 }, bands: 16 },
  { name: 'given+surnames+locality', bins: { given: 1, surnames: 2, locality: 1 }, bands: 16 },
  { name: 'phone', bins: { phone: 4 }, bands: 8 },
  { name: 'email', bins: { email: 4 }, bands: 4 },
  { name: 'curp', bins: { curp: 5 }, bands: 3 },
  { name: 'idNumber', bins: { idNumber: 4 }, bands: 4 },
  { name: 'street+postcode', bins: { street: 4, postcode: 1 }, bands: 4 },
];

/**
 * Looser bands, added one kind at a time, in this order, while the candidates stay within
 * `CANDIDATES_PER_RECORD` per record: heavily corrupted records (two slips in a name, a mistyped date) meet in
 * them, and the cost stays linear in the input's size (in a large input of common names they do not fit and are
 * left out; the result then rests on the bands above).
 */
export const ENCODED_LOOSE_BANDS: readonly BandSpec[] = [
  { name: 'given+surnames+locality (loose)', bins: { given: 1, surnames: 1, locality: 1 }, bands: 16 },
  { name: 'surnames+date (loose)', bins: { surnames: 2, date: 2 }, bands: 16 },
  { name: 'given+surnames (loose)', bins: { given: 2, surnames: 2 }, bands: 16 },
  { name: 'given+date (loose)', bins: { given: 2, date: 2 }, bands: 16 },
  { name: 'given+surnames+date (loose)', bins: { given: 1, surnames: 1, date: 1 }, bands: 32 },
];

/** Budget of the loose bands: candidate pairs per record of the larger set. */
export const CANDIDATES_PER_RECORD = 150;

/** MinHash signatures of every record for every LSH group. */
export function encodedSignatures(enc: FieldEncodings): Signatures {
  const out = new Map<string, (Uint32Array | null)[]>();
  let seed = 1;
  for (const [group, fields] of Object.entries(LSH_GROUPS)) {
    const sigs = new Array<Uint32Array | null>(enc.size);
    const pos: number[] = [];
    for (let i = 0; i < enc.size; i++) {
      pos.length = 0;
      for (const f of fields) {
        const { at, words } = FIELD_OFFSET.get(f)!;
        // positions relative to the field's filter: both surnames' bits fall on one scale
        for (let w = 0; w < words; w++) {
          let x = enc.words[i * RECORD_WORDS + at + w]!;
          while (x !== 0) {
            pos.push(w * 32 + (31 - Math.clz32(x & -x)));
            x &= x - 1;
          }
        }
      }
      sigs[i] = minhash(pos, seed, MINHASH_BINS);
    }
    out.set(group, sigs);
    seed++;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Linking

export interface FieldLinkOptions {
  /** Posterior match probability at or above which a pair is a link (default 0.5). */
  readonly threshold?: number;
  /** Two files: each record linked at most once, among pairs above the threshold (default true). */
  readonly oneToOne?: boolean;
  /** Random pairs for u (default 200,000). */
  readonly uSamples?: number;
  /** LSH bands (default `ENCODED_BANDS`) and looser ones used within the budget (default `ENCODED_LOOSE_BANDS`). */
  readonly bands?: readonly BandSpec[];
  readonly looseBands?: readonly BandSpec[];
  /** Largest LSH bucket compared (default 100 records per side). */
  readonly maxBucket?: number;
  /** A model estimated earlier (EM skipped). */
  readonly model?: EncodedModel;
}

export interface EncodedPair {
  readonly left: number;
  readonly right: number;
  readonly probability: number;
  /** log2 likelihood ratio of the pair's comparison levels (orders pairs beyond probability 1.0). */
  readonly weight: number;
}

export interface EncodedLinkResult {
  readonly pairs: readonly EncodedPair[];
  readonly model: EncodedModel;
  /** Candidate pairs compared (out of `allPairs`). */
  readonly candidates: number;
  readonly allPairs: number;
  /** Candidate pairs (for measuring the blocking's recall). */
  readonly candidatePairs: LshCandidates;
  /** Dedupe: cluster number per record (the smallest record index of the cluster). */
  readonly clusters?: Int32Array;
}

/** A hash of field f's filter of record i (two records hold the same value exactly when their filters are equal). */
function filterHash(side: EncodedSide, i: number, f: number): number {
  const w = side.enc.words;
  const base = i * RECORD_WORDS + AT[f]!;
  let h1 = 0x811c9dc5;
  let h2 = 0x1b873593;
  for (let k = 0; k < WORDS[f]!; k++) {
    h1 = mix32(h1 ^ w[base + k]!);
    h2 = mix32((h2 + Math.imul(w[base + k]!, 0x27d4eb2d)) | 0);
  }
  return h1 * 2097152 + (h2 & 0x1fffff);
}

/**
 * Term frequencies: for each record, the share of records (both sets pooled) holding exactly its value of field f;
 * 0 where the field is missing. The authority sees how often a filter recurs, not what it holds.
 */
export function valueFrequencies(sides: readonly EncodedSide[], field: FieldCode): Float64Array[] {
  const f = LAYOUT_INDEX.get(field)!;
  const counts = new Map<number, number>();
  let total = 0;
  const hashes = sides.map((side) => {
    const h = new Float64Array(side.enc.size);
    for (let i = 0; i < side.enc.size; i++) {
      if (side.pops[i * NF + f] === 0) continue;
      h[i] = filterHash(side, i, f);
      counts.set(h[i]!, (counts.get(h[i]!) ?? 0) + 1);
      total++;
    }
    return h;
  });
  return sides.map((side, s) =>
    Float64Array.from({ length: side.enc.size }, (_, i) =>
      side.pops[i * NF + f] === 0 ? 0 : counts.get(hashes[s]![i]!)! / total,
    ),
  );
}

/** Fields whose exact agreement weighs by the value's frequency ("Hernández" less than "Xolalpa"). */
export const TF_FIELDS: readonly FieldCode[] = ['given', 'surname1', 'locality'];

/**
 * Hard evidence no learned weight overrides (as in plain linkage), lifted by an agreeing personal identifier (the
 * same CURP, nearly the same id number or e-mail): two full birth dates that differ beyond a slip or a swap cap a
 * pair at 1 % (unless the street address is the same), as does a year alone three or more years from the other
 * record's; two CURPs that differ beyond a typo at 30 %; given names that differ outright (or differ, with the
 * other sex) with the same full birth date (twins) at 30 %; a pair with no birth date to compare where nothing but
 * names (and sex, region, nationality) speaks for it at 45 % (any other field whose level has a positive weight in
 * the model speaks for it: a phone a few digits apart, the same locality, street, postcode, a CURP a typo apart).
 * The whole name written alike (given name and both surnames, in the same state) without a date is held at 85 %
 * instead, when the name is rare enough that fewer than two namesakes are expected in the input (as in plain
 * linkage: `EVIDENCE_CAPS.fullNameNoDate`).
 */
export const ENCODED_CAPS = {
  differentDates: 0.01,
  twins: 0.3,
  namesOnly: 0.45,
  fullNameNoDate: 0.85,
} as const;

const C_DATE = ENCODED_COMPARISONS.indexOf('birth_date');
const C_GIVEN = ENCODED_COMPARISONS.indexOf('given');
const C_SEX = ENCODED_COMPARISONS.indexOf('sex');
const C_CURP = ENCODED_COMPARISONS.indexOf('curp');
const C_ID = ENCODED_COMPARISONS.indexOf('idNumber');
const C_EMAIL = ENCODED_COMPARISONS.indexOf('email');
const C_STREET = ENCODED_COMPARISONS.indexOf('street');
const C_REGION = ENCODED_COMPARISONS.indexOf('region');
const C_TF = TF_FIELDS.map((f) => ENCODED_COMPARISONS.indexOf(f));
/** Comparisons that cannot support a name match on their own: the names, the date, and what many people share. */
const NAME_OR_WEAK = new Set<FieldCode>(['given', 'surname1', 'birth_date', 'sex', 'region', 'nationality']);
const SUPPORTING = ENCODED_COMPARISONS.map((f, c) => (NAME_OR_WEAK.has(f) ? -1 : c)).filter((c) => c >= 0);
/** Expected namesakes in the input from which a whole name is common (as in plain linkage). */
export const EXPECTED_NAMESAKES = 2;

/** Below this Dice, two full birth dates are two dates (not slips of one), and two given names two names. */
export const CAP_DICE = { dates: 0.35, givenNames: 0.15, years: 0.15 } as const;

/** What the caps look at beyond the levels. */
export interface CapFacts {
  readonly bothFullDates: boolean;
  readonly dateDice: number;
  readonly givenDice: number;
  /** Dice of the birth years' three-year windows (-1: a year missing). */
  readonly yearDice: number;
  /** Both records write both surnames and they are the same (straight or swapped). */
  readonly sameFullSurnames?: boolean;
  /** Namesakes expected in the input for this pair's whole name (frequencies of its parts × the population). */
  readonly expectedNamesakes?: number;
  /** Whether a level of a comparison speaks for a match in the model (log2(m/u) > 0); default: none does. */
  readonly supports?: (comparison: number, level: number) => boolean;
}

/** The cap of a pair's probability (1: none). */
export function encodedCap(levels: Int8Array, at: number, facts: CapFacts): number {
  const identifier = levels[at + C_CURP] === EXACT || levels[at + C_ID]! >= 3 || levels[at + C_EMAIL]! >= 4;
  if (identifier) return 1;
  const date = levels[at + C_DATE]!;
  // two dates: both full and far apart, or a partial one whose year is three or more years from the other's
  const differentDates =
    (facts.bothFullDates && date >= 0 && facts.dateDice < CAP_DICE.dates) ||
    (!facts.bothFullDates && date === 0 && facts.yearDice >= 0 && facts.yearDice < CAP_DICE.years);
  if (differentDates && levels[at + C_STREET] !== EXACT) return ENCODED_CAPS.differentDates;
  // two valid-looking CURPs that differ beyond a typo: two persons (relatives' CURPs share their letters)
  if (levels[at + C_CURP] === 0) return ENCODED_CAPS.twins;
  const givenDiffer =
    facts.givenDice >= 0 &&
    (facts.givenDice < CAP_DICE.givenNames || (levels[at + C_GIVEN] === 0 && levels[at + C_SEX] === 0));
  // twins (the same full date), sisters with estimated years (a year alone close but not inside the other date) and
  // siblings without a date to tell them apart: different given names hold them at 30 % (as in plain linkage)
  const siblingDate = (date === EXACT && facts.bothFullDates) || date === 1 || date < 0;
  if (siblingDate && givenDiffer) return ENCODED_CAPS.twins;
  if (date < 0) {
    const supports = facts.supports;
    const other =
      supports !== undefined && SUPPORTING.some((c) => levels[at + c]! >= 0 && supports(c, levels[at + c]!));
    if (other) return 1;
    const region = levels[at + C_REGION]!;
    const given = levels[at + C_GIVEN]!;
    const fullName =
      facts.sameFullSurnames === true &&
      (given === EXACT || (given >= 3 && region !== 0)) &&
      (facts.expectedNamesakes ?? Number.POSITIVE_INFINITY) < EXPECTED_NAMESAKES;
    return fullName ? ENCODED_CAPS.fullNameNoDate : ENCODED_CAPS.namesOnly;
  }
  return 1;
}

/**
 * Scores pairs of records (both from `a`, or i from `a` and j from `b`) with a model: weight, term frequencies,
 * caps. The candidates and the clustering's extra pairs are scored alike.
 */
export class EncodedScorer {
  private readonly other: EncodedSide;
  private readonly tf: Float64Array[][];
  private readonly fullNameFreq: Float64Array[][];
  private readonly prior: number;
  private readonly levels = new Int8Array(NC);
  private readonly positive: boolean[][];
  private readonly population: number;
  constructor(
    private readonly a: EncodedSide,
    b: EncodedSide | undefined,
    readonly model: EncodedModel,
  ) {
    this.other = b ?? a;
    const sides = b ? [a, b] : [a];
    this.tf = TF_FIELDS.map((f) => valueFrequencies(sides, f));
    this.fullNameFreq = (['given', 'surname1', 'surname2'] as const).map((f) => valueFrequencies(sides, f));
    this.prior = Math.log2(model.lambda / (1 - model.lambda));
    this.positive = model.m.map((row, c) => row.map((m, l) => m > model.u[c]![l]!));
    this.population = this.other.enc.size;
  }

  /** Weight and probability of pair (i, j) from its levels (written at `at` of `levels`). */
  scoreLevels(i: number, j: number, levels: Int8Array, at: number): { weight: number; probability: number } {
    const { a, other, model } = this;
    let w = encodedWeight(model, levels, at);
    TF_FIELDS.forEach((field, t) => {
      const c = C_TF[t]!;
      if (levels[at + c] !== EXACT) return;
      const f = LAYOUT_INDEX.get(field)!;
      // the same value on both sides (for the surnames: the same paternal surname)
      if (filterHash(a, i, f) !== filterHash(other, j, f)) return;
      const freq = this.tf[t]![0]![i]!;
      if (!(freq > 0)) return;
      // log2(m / tf) instead of log2(m / u), never more than 10 bits away from it
      const base = Math.log2(model.m[c]![EXACT]! / model.u[c]![EXACT]!);
      const adjusted = Math.log2(model.m[c]![EXACT]! / freq);
      w += Math.max(base - 10, Math.min(base + 10, adjusted)) - base;
    });
    let p = encodedProbability(model, w);
    const cap = encodedCap(levels, at, {
      bothFullDates: a.pops[i * NF + DATE]! >= FULL_DATE_BITS && other.pops[j * NF + DATE]! >= FULL_DATE_BITS,
      dateDice: diceAt(a, i, DATE, other, j, DATE),
      givenDice: diceAt(a, i, GIVEN, other, j, GIVEN),
      yearDice: diceAt(a, i, YEARS, other, j, YEARS),
      sameFullSurnames: levels[at + C_DATE]! < 0 && this.sameFullSurnames(i, j),
      expectedNamesakes: this.expectedNamesakes(i),
      supports: (c, l) => this.positive[c]![l]!,
    });
    if (p > cap) {
      p = cap;
      w = Math.log2(cap / (1 - cap)) - this.prior;
    }
    return { weight: w, probability: p };
  }

  /** Compares and scores pair (i, j). */
  score(i: number, j: number): { weight: number; probability: number } {
    compareEncoded(this.a, i, this.other, j, this.levels, 0);
    return this.scoreLevels(i, j, this.levels, 0);
  }

  /** Both records write both surnames, and the same ones (straight or swapped). */
  private sameFullSurnames(i: number, j: number): boolean {
    const { a, other } = this;
    if (a.pops[i * NF + S2] === 0 || other.pops[j * NF + S2] === 0) return false;
    const h = (s: EncodedSide, r: number, f: number) => filterHash(s, r, f);
    const a1 = h(a, i, S1);
    const a2 = h(a, i, S2);
    const b1 = h(other, j, S1);
    const b2 = h(other, j, S2);
    return (a1 === b1 && a2 === b2) || (a1 === b2 && a2 === b1);
  }

  /** Namesakes expected for record i's whole name: the product of its parts' frequencies times the population. */
  private expectedNamesakes(i: number): number {
    let e = this.population;
    for (const f of this.fullNameFreq) e *= f[0]![i]!;
    return e;
  }
}

function scoreCandidates(
  a: EncodedSide,
  b: EncodedSide | undefined,
  cand: LshCandidates,
  allPairs: number,
  opts: FieldLinkOptions,
): { model: EncodedModel; weights: Float64Array; probs: Float64Array; scorer: EncodedScorer } {
  const threshold = opts.threshold ?? 0.5;
  const other = b ?? a;
  const levels = new Int8Array(cand.count * NC);
  for (let e = 0; e < cand.count; e++)
    compareEncoded(a, cand.left[e]!, other, cand.right[e]!, levels, e * NC);
  const model =
    opts.model ??
    fitEncodedModel(
      levels,
      cand.count,
      estimateEncodedU(a, b, opts.uSamples ?? 200_000),
      allPairs,
      threshold,
    );
  const scorer = new EncodedScorer(a, b, model);
  const weights = new Float64Array(cand.count);
  const probs = new Float64Array(cand.count);
  for (let e = 0; e < cand.count; e++) {
    const s = scorer.scoreLevels(cand.left[e]!, cand.right[e]!, levels, e * NC);
    weights[e] = s.weight;
    probs[e] = s.probability;
  }
  return { model, weights, probs, scorer };
}

/** Union of two sorted, duplicate-free candidate lists. */
function mergeCandidates(x: LshCandidates, y: LshCandidates): LshCandidates {
  const left = new Uint32Array(x.count + y.count);
  const right = new Uint32Array(x.count + y.count);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < x.count || j < y.count) {
    const takeX =
      j >= y.count ||
      (i < x.count && (x.left[i]! < y.left[j]! || (x.left[i] === y.left[j] && x.right[i]! <= y.right[j]!)));
    const l = takeX ? x.left[i]! : y.left[j]!;
    const r = takeX ? x.right[i]! : y.right[j]!;
    if (takeX) {
      if (j < y.count && y.left[j] === l && y.right[j] === r) j++;
      i++;
    } else j++;
    left[n] = l;
    right[n] = r;
    n++;
  }
  return {
    left: left.subarray(0, n),
    right: right.subarray(0, n),
    count: n,
    skippedBuckets: x.skippedBuckets + y.skippedBuckets,
  };
}

/**
 * Candidate pairs of two sets (or of one set with itself) by LSH over their field filters: the pairs of
 * `ENCODED_BANDS`, then of each kind of `ENCODED_LOOSE_BANDS` in turn as long as the total stays within
 * `CANDIDATES_PER_RECORD` per record of the larger set.
 */
export function encodedCandidates(
  left: FieldEncodings,
  right: FieldEncodings | undefined,
  opts: { bands?: readonly BandSpec[]; looseBands?: readonly BandSpec[]; maxBucket?: number } = {},
): LshCandidates {
  const sl = encodedSignatures(left);
  const sr = right ? encodedSignatures(right) : undefined;
  const nR = right?.size ?? 0;
  let cand = lshCandidates(opts.bands ?? ENCODED_BANDS, sl, left.size, sr, nR, { maxBucket: opts.maxBucket });
  const budget = CANDIDATES_PER_RECORD * Math.max(left.size, nR);
  for (const spec of opts.looseBands ?? ENCODED_LOOSE_BANDS) {
    if (cand.count >= budget) break;
    const more = mergeCandidates(
      cand,
      lshCandidates([spec], sl, left.size, sr, nR, { maxBucket: opts.maxBucket }),
    );
    if (more.count > budget) break;
    cand = more;
  }
  return cand;
}

/**
 * Greedy one-to-one assignment among pairs at or above the threshold: the pair of the highest weight first, ties
 * broken by left then right index (stable, whatever the input order). Records without a pair above the threshold
 * stay unlinked: no record is given its best non-match.
 */
export function assignOneToOne(pairs: readonly EncodedPair[], threshold: number): EncodedPair[] {
  const above = pairs.filter((p) => p.probability >= threshold);
  above.sort((x, y) => y.weight - x.weight || x.left - y.left || x.right - y.right);
  const usedL = new Set<number>();
  const usedR = new Set<number>();
  const out: EncodedPair[] = [];
  for (const p of above) {
    if (usedL.has(p.left) || usedR.has(p.right)) continue;
    usedL.add(p.left);
    usedR.add(p.right);
    out.push(p);
  }
  return out;
}

/** Links two sets of field-level encodings (the authority sees only bits). */
export function linkEncodedTwo(
  left: FieldEncodings,
  right: FieldEncodings,
  opts: FieldLinkOptions = {},
): EncodedLinkResult {
  const threshold = opts.threshold ?? 0.5;
  const cand = encodedCandidates(left, right, opts);
  const a = encodedSide(left);
  const b = encodedSide(right);
  const allPairs = left.size * right.size;
  const { model, weights, probs } = scoreCandidates(a, b, cand, allPairs, opts);
  const all: EncodedPair[] = [];
  for (let e = 0; e < cand.count; e++) {
    if (probs[e]! >= threshold)
      all.push({ left: cand.left[e]!, right: cand.right[e]!, probability: probs[e]!, weight: weights[e]! });
  }
  const pairs =
    opts.oneToOne === false
      ? all.sort((x, y) => y.weight - x.weight || x.left - y.left || x.right - y.right)
      : assignOneToOne(all, threshold);
  return { pairs, model, candidates: cand.count, allPairs, candidatePairs: cand };
}

/**
 * Deduplicates one set of field-level encodings: LSH candidates inside the set, the model learnt as for two sets,
 * and the same clustering as plain deduplication (two groups merge only if their pairs' mean probability reaches
 * the threshold, so one weak link does not chain people together).
 */
export function linkEncodedDedup(enc: FieldEncodings, opts: FieldLinkOptions = {}): EncodedLinkResult {
  const threshold = opts.threshold ?? 0.5;
  const cand = encodedCandidates(enc, undefined, opts);
  const a = encodedSide(enc);
  const allPairs = (enc.size * (enc.size - 1)) / 2;
  const { model, weights, probs, scorer } = scoreCandidates(a, undefined, cand, allPairs, opts);
  const p32 = Float32Array.from(probs);
  const clusters = clusterRecords(
    enc.size,
    { a: cand.left, b: cand.right, p: p32, count: cand.count },
    {
      threshold,
      // pairs inside a group that no LSH band met are scored, not counted as 0 (as in plain deduplication)
      scoreUnscored: (left, right) =>
        Float64Array.from(left, (l, k) => scorer.score(l, right[k]!).probability),
    },
  );
  const pairs: EncodedPair[] = [];
  for (let e = 0; e < cand.count; e++) {
    const l = cand.left[e]!;
    const r = cand.right[e]!;
    if (probs[e]! >= threshold && clusters[l] === clusters[r])
      pairs.push({ left: l, right: r, probability: probs[e]!, weight: weights[e]! });
  }
  pairs.sort((x, y) => y.weight - x.weight || x.left - y.left || x.right - y.right);
  return { pairs, model, candidates: cand.count, allPairs, candidatePairs: cand, clusters };
}
