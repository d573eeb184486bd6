import { createHmac, hkdfSync } from 'node:crypto';
import { type DiceKernel, DiceMatrix, FILTER_BITS, FILTER_WORDS } from './dice.ts';
import type { PreparedSet } from './prepare.ts';

/**
 * Privacy-preserving encodings: each record becomes one 1024-bit Bloom filter (a "cryptographic long-term
 * key"). Every field has its own HMAC key derived from one shared secret with HKDF-SHA256; each token
 * (character bigrams of the normalised value, or whole date parts) sets k bits by double hashing.
 * Only agencies holding the secret can encode; the linkage authority sees bits only.
 */

/** Encoded fields, the number of bits each token sets (k), and how their tokens are made. */
export const ENCODING_SCHEMA: readonly { field: EncodedField; k: number }[] = [
  { field: 'given', k: 15 },
  { field: 'surname1', k: 15 },
  { field: 'surname2', k: 15 },
  { field: 'birth_date', k: 20 },
  { field: 'sex', k: 8 },
  { field: 'curp', k: 8 },
  { field: 'idNumber', k: 10 },
  { field: 'phone', k: 6 },
  { field: 'email', k: 4 },
  { field: 'street', k: 6 },
  { field: 'locality', k: 8 },
  { field: 'postcode', k: 10 },
  { field: 'region', k: 5 },
];

export type EncodedField =
  | 'given'
  | 'surname1'
  | 'surname2'
  | 'birth_date'
  | 'sex'
  | 'curp'
  | 'idNumber'
  | 'phone'
  | 'email'
  | 'street'
  | 'locality'
  | 'postcode'
  | 'region';

const SALT = Buffer.from('enlace-clk-v1');

/** Per-field 32-byte keys: HKDF-SHA256(secret, salt "enlace-clk-v1", info "field:<name>"). */
export function deriveFieldKeys(secret: Uint8Array): ReadonlyMap<EncodedField, Buffer> {
  if (secret.length < 16) throw new Error('the shared secret must have at least 16 bytes');
  return new Map(
    ENCODING_SCHEMA.map(({ field }) => [
      field,
      Buffer.from(hkdfSync('sha256', secret, SALT, `field:${field}`, 32)),
    ]),
  );
}

/** Character bigrams of a value padded with one space on each side ("ana" -> " a", "an", "na", "a "). */
export function bigrams(value: string): string[] {
  if (!value) return [];
  const s = ` ${value} `;
  const out: string[] = [];
  for (let i = 0; i + 1 < s.length; i++) out.push(s.slice(i, i + 2));
  return out;
}

function fieldTokens(p: PreparedSet, i: number, field: EncodedField): string[] {
  if (field === 'birth_date') {
    const out: string[] = [];
    if (p.year[i]) out.push(`y${p.year[i]}`);
    if (p.month[i]) out.push(`m${p.month[i]}`);
    if (p.day[i]) out.push(`d${p.day[i]}`);
    return out;
  }
  if (field === 'sex') return p.sex[i] ? [p.sex[i]!] : [];
  if (field === 'region') return p.region[i] ? [p.region[i]!] : [];
  return bigrams(p[field][i]!);
}

/** Encodes records into packed filters (32 words per record). Deterministic for a given secret. */
export class BloomEncoder {
  private readonly keys: ReadonlyMap<EncodedField, Buffer>;
  private readonly cache = new Map<string, Uint16Array>();
  constructor(secret: Uint8Array) {
    this.keys = deriveFieldKeys(secret);
  }

  private positions(field: EncodedField, k: number, token: string): Uint16Array {
    // both surnames share one key, so that swapped surnames set the same bits
    const keyField: EncodedField = field === 'surname2' ? 'surname1' : field;
    const ck = `${field}\u0000${token}`;
    let pos = this.cache.get(ck);
    if (pos) return pos;
    const h = createHmac('sha256', this.keys.get(keyField)!).update(token).digest();
    const h1 = h.readUInt32LE(0);
    const h2 = h.readUInt32LE(4) | 1;
    pos = new Uint16Array(k);
    for (let t = 0; t < k; t++) pos[t] = ((h1 + Math.imul(t, h2)) >>> 0) & (FILTER_BITS - 1);
    if (this.cache.size < 500_000) this.cache.set(ck, pos);
    return pos;
  }

  /** Packed filters of every record of a prepared set. */
  encode(p: PreparedSet): Uint32Array {
    const out = new Uint32Array(p.size * FILTER_WORDS);
    for (let i = 0; i < p.size; i++) {
      const o = i * FILTER_WORDS;
      for (const { field, k } of ENCODING_SCHEMA) {
        for (const tok of fieldTokens(p, i, field)) {
          for (const bit of this.positions(field, k, tok)) out[o + (bit >>> 5)]! |= 1 << (bit & 31);
        }
      }
    }
    return out;
  }
}

/** Base64 of one packed filter (little-endian words). */
export function filterToBase64(filters: Uint32Array, i: number): string {
  const words = filters.slice(i * FILTER_WORDS, (i + 1) * FILTER_WORDS);
  return Buffer.from(words.buffer, words.byteOffset, words.byteLength).toString('base64');
}

/** Packs base64 filters into one array; throws on a value that is not a 1024-bit filter. */
export function filtersFromBase64(values: readonly string[]): Uint32Array {
  const out = new Uint32Array(values.length * FILTER_WORDS);
  values.forEach((v, i) => {
    const buf = Buffer.from(v, 'base64');
    if (buf.length !== FILTER_BITS / 8)
      throw new Error(`encoding ${i + 1} is not a ${FILTER_BITS}-bit filter`);
    for (let w = 0; w < FILTER_WORDS; w++) out[i * FILTER_WORDS + w] = buf.readUInt32LE(w * 4);
  });
  return out;
}

export interface EncodedLinkOptions {
  /** Posterior match probability at or above which a pair is a link (default 0.5). */
  readonly threshold?: number;
  /** Rows of `left` used to fit the score distributions (default all up to 2,000). */
  readonly sampleRows?: number;
  readonly oneToOne?: boolean;
  readonly kernel?: DiceKernel;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface DiceMixture {
  readonly lambda: number;
  readonly match: { readonly mean: number; readonly sd: number };
  readonly nonMatch: { readonly mean: number; readonly sd: number };
}

const BINS = 1000;
const normPdf = (x: number, mu: number, sd: number) => Math.exp(-0.5 * ((x - mu) / sd) ** 2) / sd;

/** Two-Gaussian mixture of Dice scores, fitted by EM on a histogram (unsupervised). */
export function fitDiceMixture(hist: Float64Array): DiceMixture {
  const x = (b: number) => (b + 0.5) / BINS;
  let total = 0;
  let mean = 0;
  for (let b = 0; b < BINS; b++) {
    total += hist[b]!;
    mean += hist[b]! * x(b);
  }
  mean /= total;
  let var0 = 0;
  for (let b = 0; b < BINS; b++) var0 += hist[b]! * (x(b) - mean) ** 2;
  let nm = { mean, sd: Math.sqrt(var0 / total) || 0.05 };
  let m = { mean: 0.9, sd: 0.05 };
  let lambda = 0.001;
  for (let it = 0; it < 200; it++) {
    let w1 = 0;
    let s1 = 0;
    let q1 = 0;
    let w0 = 0;
    let s0 = 0;
    let q0 = 0;
    for (let b = 0; b < BINS; b++) {
      const c = hist[b]!;
      if (c === 0) continue;
      const v = x(b);
      const pm = lambda * normPdf(v, m.mean, m.sd);
      const pn = (1 - lambda) * normPdf(v, nm.mean, nm.sd);
      const g = pm + pn > 0 ? pm / (pm + pn) : v > nm.mean ? 1 : 0;
      w1 += c * g;
      s1 += c * g * v;
      q1 += c * g * v * v;
      w0 += c * (1 - g);
      s0 += c * (1 - g) * v;
      q0 += c * (1 - g) * v * v;
    }
    const next = {
      lambda: Math.max(1e-9, w1 / total),
      m: { mean: s1 / w1, sd: Math.max(0.005, Math.sqrt(Math.max(0, q1 / w1 - (s1 / w1) ** 2))) },
      nm: { mean: s0 / w0, sd: Math.max(0.005, Math.sqrt(Math.max(0, q0 / w0 - (s0 / w0) ** 2))) },
    };
    const delta = Math.abs(next.lambda - lambda) + Math.abs(next.m.mean - m.mean);
    lambda = next.lambda;
    m = next.m;
    nm = next.nm;
    if (!(w1 > 0) || delta < 1e-9) break;
  }
  return { lambda, match: m, nonMatch: nm };
}

/**
 * The Dice score above which a record's best candidate is its partner, learnt from the distribution of best scores
 * when it shows two groups (records with a partner in the other file and records without); 0 when it shows one
 * (every record has a partner, or none has), and then the pairwise mixture decides alone.
 */
export function partnerCut(bestHist: Float64Array, threshold: number): number {
  const mix = fitDiceMixture(bestHist);
  const separated =
    mix.lambda > 0.02 &&
    mix.lambda < 0.98 &&
    mix.match.mean - mix.nonMatch.mean > 2 * Math.max(mix.match.sd, mix.nonMatch.sd);
  if (!separated) return 0;
  // the cut with the best expected F1 under the fitted mixture (a posterior cut would give up recall to the larger
  // group); `threshold` only moves it: above 0.5 towards precision, below towards recall
  const tail = (mean: number, sd: number, x: number) => 0.5 * erfc((x - mean) / (sd * Math.SQRT2));
  const w = threshold / (1 - threshold);
  let best = 0;
  let bestScore = -1;
  for (let b = Math.floor(mix.nonMatch.mean * BINS); b < BINS; b++) {
    const x = b / BINS;
    const tp = mix.lambda * tail(mix.match.mean, mix.match.sd, x);
    const fn = mix.lambda - tp;
    const fp = (1 - mix.lambda) * tail(mix.nonMatch.mean, mix.nonMatch.sd, x);
    const score = (2 * tp) / (2 * tp + w * fp + fn / w);
    if (score > bestScore) {
      bestScore = score;
      best = x;
    }
  }
  return best;
}

/** Complementary error function (Numerical Recipes' Chebyshev fit, relative error below 1.2e-7). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851526 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Posterior match probability of a Dice score under a fitted mixture. */
export function diceProbability(mix: DiceMixture, dice: number): number {
  if (dice <= mix.nonMatch.mean) return 0;
  const pm = mix.lambda * normPdf(dice, mix.match.mean, mix.match.sd);
  const pn = (1 - mix.lambda) * normPdf(dice, mix.nonMatch.mean, mix.nonMatch.sd);
  if (pm + pn === 0) return dice > mix.match.mean ? 1 : 0;
  return pm / (pm + pn);
}

/**
 * Links two sets of encodings by Dice similarity only (all pairs; the authority never sees a name).
 * The score distribution is fitted without labels, so match_probability is a calibrated posterior;
 * pairs are then assigned one-to-one, best first.
 */
export function linkEncodings(
  left: Uint32Array,
  right: Uint32Array,
  opts: EncodedLinkOptions = {},
): { pairs: { left: number; right: number; probability: number; dice: number }[]; mixture: DiceMixture } {
  const threshold = opts.threshold ?? 0.5;
  const nL = left.length / FILTER_WORDS;
  const nR = right.length / FILTER_WORDS;
  const matrix = new DiceMatrix(right, opts.kernel ?? 'sliced');
  const hist = new Float64Array(BINS);
  const sample = Math.min(nL, opts.sampleRows ?? 2000);
  const step = nL / Math.max(1, sample);
  for (let s = 0; s < sample; s++) {
    const row = matrix.row(left, Math.floor(s * step));
    for (let r = 0; r < row.length; r++) hist[Math.min(BINS - 1, Math.floor(row[r]! * BINS))]!++;
  }
  const mixture = fitDiceMixture(hist);
  let cut = 1.01;
  for (let b = 0; b < BINS; b++) {
    if (diceProbability(mixture, b / BINS) >= threshold) {
      cut = b / BINS;
      break;
    }
  }
  let cand: { left: number; right: number; probability: number; dice: number }[] = [];
  // each record's best score: those with a partner in the other file score like matches, those without score like
  // the best of many non-matches; a second mixture on these best scores learns where the two meet
  const bestHist = new Float64Array(BINS);
  const colBest = new Float32Array(nR);
  for (let i = 0; i < nL; i++) {
    const row = matrix.row(left, i);
    let best = 0;
    for (let r = 0; r < row.length; r++) {
      const d = row[r]!;
      if (d > best) best = d;
      if (d > colBest[r]!) colBest[r] = d;
      if (d >= cut) {
        const p = diceProbability(mixture, d);
        if (p >= threshold) cand.push({ left: i, right: r, probability: p, dice: d });
      }
    }
    bestHist[Math.min(BINS - 1, Math.floor(best * BINS))]!++;
    if (opts.onProgress && (i & 255) === 0) opts.onProgress(i, nL);
  }
  const colHist = new Float64Array(BINS);
  for (let r = 0; r < nR; r++) colHist[Math.min(BINS - 1, Math.floor(colBest[r]! * BINS))]!++;
  // only when both files hold records without a partner (when one file's records all have one, the pairwise
  // mixture decides alone)
  const leftCut = partnerCut(bestHist, threshold);
  const rightCut = leftCut > 0 ? partnerCut(colHist, threshold) : 0;
  const bestCut = leftCut > 0 && rightCut > 0 ? Math.min(leftCut, rightCut) : 0;
  if (bestCut > cut) cand = cand.filter((c) => c.dice >= bestCut);
  cand.sort((a, b) => b.dice - a.dice || a.left - b.left || a.right - b.right);
  if (opts.oneToOne === false) return { pairs: cand, mixture };
  const usedL = new Uint8Array(nL);
  const usedR = new Uint8Array(nR);
  const pairs = cand.filter((c) => {
    if (usedL[c.left] || usedR[c.right]) return false;
    usedL[c.left] = 1;
    usedR[c.right] = 1;
    return true;
  });
  return { pairs, mixture };
}
