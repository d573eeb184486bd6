/**
 * Locality-sensitive blocking over field-level Bloom filters (`encoded.ts`), so that encoded linkage compares
 * candidate pairs only, never all pairs.
 *
 * Each field's set bits are summarised by one-permutation MinHash (`MINHASH_BINS` bins, empty bins filled from
 * the next non-empty one): two fields whose bit sets have Jaccard similarity J agree in any one bin with
 * probability about J. A band takes a few bins of one or more fields (e.g. two of the given name and two of the
 * surnames); two records whose band values are all equal become a candidate pair. With r bins per band and b
 * bands, a pair of similarity J meets in at least one band with probability 1 - (1 - J^r)^b: near 1 for
 * corrupted copies of one person, near 0 for unrelated records. Buckets larger than `maxBucket` (the very common
 * names) are skipped for that band; other bands still pair their records.
 */

/** Bins of the one-permutation MinHash per field group (a power of two; `minhash` may be asked for more). */
export const MINHASH_BINS = 16;

/** A kind of band: how many bins of which field groups, and how many bands of this kind. */
export interface BandSpec {
  readonly name: string;
  /** field group -> bins per band (a group is one field or several fields' bits together, see `encoded.ts`). */
  readonly bins: Readonly<Record<string, number>>;
  readonly bands: number;
}

/** 32-bit integer mixer (murmur3 finaliser). */
export function mix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const EMPTY = 0xffffffff;

/**
 * One-permutation MinHash of a set of bit positions: `MINHASH_BINS` values, or null for an empty set.
 * Deterministic; the same set gives the same signature whatever the order of `positions`.
 */
export function minhash(positions: ArrayLike<number>, seed: number, bins = MINHASH_BINS): Uint32Array | null {
  if (positions.length === 0) return null;
  if (bins < 2 || bins > 256 || (bins & (bins - 1)) !== 0)
    throw new Error('bins must be a power of two, 2-256');
  const shift = 31 - Math.clz32(bins);
  const sig = new Uint32Array(bins).fill(EMPTY);
  for (let i = 0; i < positions.length; i++) {
    const h = mix32(positions[i]! ^ Math.imul(seed, 0x9e3779b1));
    const bin = h & (bins - 1);
    const v = (h >>> shift) & 0xffffff;
    if (v < sig[bin]!) sig[bin] = v;
  }
  // densification: an empty bin takes the next non-empty bin's value, marked by the distance so that two sets do
  // not agree on a bin only because both were empty there
  for (let b = 0; b < bins; b++) {
    if (sig[b] !== EMPTY) continue;
    for (let d = 1; d < bins; d++) {
      const v = sig[(b + d) & (bins - 1)]!;
      if (v !== EMPTY && v <= 0xffffff) {
        sig[b] = v + d * 0x1000000;
        break;
      }
    }
  }
  return sig;
}

/** Estimated Jaccard similarity of two signatures (share of equal bins). */
export function minhashSimilarity(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

/** MinHash signatures of every record for each field group (null where the record has no bit in the group). */
export type Signatures = ReadonlyMap<string, readonly (Uint32Array | null)[]>;

/**
 * Band keys of one record: one number per band it can take part in (all of the band's groups present), with the
 * band's number. Keys of different bands never collide by construction (the band number is hashed in).
 */
export function bandKeys(
  sigs: Signatures,
  i: number,
  specs: readonly BandSpec[],
): { band: number; key: number }[] {
  const out: { band: number; key: number }[] = [];
  let band = 0;
  for (const spec of specs) {
    const groups = Object.entries(spec.bins);
    for (let b = 0; b < spec.bands; b++, band++) {
      let h1 = mix32(band + 1);
      let h2 = mix32(band ^ 0x5bd1e995);
      let ok = true;
      for (let gi = 0; gi < groups.length; gi++) {
        const [g, r] = groups[gi]!;
        const s = sigs.get(g)?.[i];
        if (!s) {
          ok = false;
          break;
        }
        for (let t = 0; t < r; t++) {
          // the first bands take disjoint bins; beyond them, bins drawn by a hash of the band and the group
          const at =
            (b + 1) * r <= s.length ? b * r + t : mix32(band * 7919 + t * 31 + gi * 104729) & (s.length - 1);
          const v = s[at]!;
          h1 = mix32(h1 ^ v);
          h2 = mix32((h2 + Math.imul(v, 0x27d4eb2d)) | 0);
        }
      }
      // 53-bit key: 32 bits of one hash, 21 of another
      if (ok) out.push({ band, key: h1 * 2097152 + (h2 & 0x1fffff) });
    }
  }
  return out;
}

export interface LshOptions {
  /** A band's bucket with more records than this (on either side) is skipped for that band (default 100). */
  readonly maxBucket?: number;
}

/** Candidate pairs, each once: left index and right index (i < j when deduplicating). */
export interface LshCandidates {
  readonly left: Uint32Array;
  readonly right: Uint32Array;
  readonly count: number;
  /** Buckets skipped because they were larger than `maxBucket`. */
  readonly skippedBuckets: number;
}

/** A growable list of pair keys (left × nRight + right), sorted and made unique at the end. */
class PairKeys {
  private keys = new Float64Array(1024);
  count = 0;
  push(k: number): void {
    if (this.count === this.keys.length) {
      const next = new Float64Array(this.keys.length * 2);
      next.set(this.keys);
      this.keys = next;
    }
    this.keys[this.count++] = k;
  }
  unique(): Float64Array {
    const k = this.keys.subarray(0, this.count).sort();
    let w = 0;
    for (let r = 0; r < k.length; r++) if (r === 0 || k[r] !== k[w - 1]) k[w++] = k[r]!;
    return k.subarray(0, w);
  }
}

/**
 * Candidate pairs by LSH: records that share at least one band key. `right` undefined: pairs inside `left`
 * (deduplication). Pairs come out sorted by (left, right), each once.
 */
export function lshCandidates(
  specs: readonly BandSpec[],
  left: Signatures,
  nLeft: number,
  right: Signatures | undefined,
  nRight: number,
  opts: LshOptions = {},
): LshCandidates {
  const maxBucket = opts.maxBucket ?? 100;
  const dedup = right === undefined;
  const nR = dedup ? nLeft : nRight;
  const keys = new PairKeys();
  let skipped = 0;
  const keysL = new Float64Array(nLeft);
  const keysR = new Float64Array(dedup ? 0 : nRight);
  const nextL = new Int32Array(nLeft);
  const nextR = new Int32Array(dedup ? 0 : nRight);
  let band = 0;
  for (const spec of specs) {
    const groups = Object.entries(spec.bins);
    const sigL = groups.map(([g]) => left.get(g));
    const sigR = dedup ? [] : groups.map(([g]) => right.get(g));
    for (let b = 0; b < spec.bands; b++, band++) {
      fillKeys(sigL, groups, nLeft, band, b, keysL);
      if (dedup) {
        // buckets as linked lists: head per key, then each record's next
        const head = new Map<number, number>();
        const size = new Map<number, number>();
        for (let i = nLeft - 1; i >= 0; i--) {
          const k = keysL[i]!;
          if (Number.isNaN(k)) continue;
          const h = head.get(k);
          nextL[i] = h === undefined ? -1 : h;
          head.set(k, i);
          size.set(k, (size.get(k) ?? 0) + 1);
        }
        for (const [k, first] of head) {
          const n = size.get(k)!;
          if (n < 2) continue;
          if (n > maxBucket) {
            skipped++;
            continue;
          }
          for (let x = first; x >= 0; x = nextL[x]!)
            for (let y = nextL[x]!; y >= 0; y = nextL[y]!) keys.push(x * nR + y);
        }
        continue;
      }
      fillKeys(sigR, groups, nRight, band, b, keysR);
      const head = new Map<number, number>();
      const size = new Map<number, number>();
      for (let j = nRight - 1; j >= 0; j--) {
        const k = keysR[j]!;
        if (Number.isNaN(k)) continue;
        const h = head.get(k);
        nextR[j] = h === undefined ? -1 : h;
        head.set(k, j);
        size.set(k, (size.get(k) ?? 0) + 1);
      }
      if (head.size === 0) continue;
      // left records per key, to skip buckets too large on the left side
      const leftSize = new Map<number, number>();
      for (let i = 0; i < nLeft; i++) {
        const k = keysL[i]!;
        if (!Number.isNaN(k) && head.has(k)) leftSize.set(k, (leftSize.get(k) ?? 0) + 1);
      }
      for (const [k, n] of leftSize) {
        if (n > maxBucket || size.get(k)! > maxBucket) {
          skipped++;
          head.delete(k);
        }
      }
      for (let i = 0; i < nLeft; i++) {
        const k = keysL[i]!;
        if (Number.isNaN(k)) continue;
        const first = head.get(k);
        if (first === undefined) continue;
        for (let j = first; j >= 0; j = nextR[j]!) keys.push(i * nR + j);
      }
    }
  }
  const u = keys.unique();
  const l = new Uint32Array(u.length);
  const r = new Uint32Array(u.length);
  for (let e = 0; e < u.length; e++) {
    const k = u[e]!;
    const a = Math.floor(k / nR);
    l[e] = a;
    r[e] = k - a * nR;
  }
  return { left: l, right: r, count: u.length, skippedBuckets: skipped };
}

/** The keys of one band for every record (NaN where a group of the band is missing), as `bandKeys` computes them. */
function fillKeys(
  sigs: readonly (readonly (Uint32Array | null)[] | undefined)[],
  groups: readonly [string, number][],
  n: number,
  band: number,
  b: number,
  out: Float64Array,
): void {
  for (let i = 0; i < n; i++) {
    let h1 = mix32(band + 1);
    let h2 = mix32(band ^ 0x5bd1e995);
    let ok = true;
    for (let gi = 0; gi < groups.length; gi++) {
      const r = groups[gi]![1];
      const s = sigs[gi]?.[i];
      if (!s) {
        ok = false;
        break;
      }
      for (let t = 0; t < r; t++) {
        const at =
          (b + 1) * r <= s.length ? b * r + t : mix32(band * 7919 + t * 31 + gi * 104729) & (s.length - 1);
        const v = s[at]!;
        h1 = mix32(h1 ^ v);
        h2 = mix32((h2 + Math.imul(v, 0x27d4eb2d)) | 0);
      }
    }
    out[i] = ok ? h1 * 2097152 + (h2 & 0x1fffff) : Number.NaN;
  }
}

/** Probability that a pair of per-band similarity `s` (product of J^r over the band's groups) meets in one of b bands. */
export function bandRecall(s: number, bands: number): number {
  return 1 - (1 - s) ** bands;
}
