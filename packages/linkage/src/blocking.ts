import { writtenOf } from './dates.ts';
import type { PreparedSet } from './prepare.ts';

/** A blocking rule: records with the same non-empty key are compared. */
export interface BlockingRule {
  readonly name: string;
  readonly key: (p: PreparedSet, i: number) => string;
  /** Blocks of this rule with more records than this are skipped (default: the run's maxBlockSize). */
  readonly maxBlock?: number;
}

const dob = (p: PreparedSet, i: number): string =>
  p.year[i] && p.month[i] && p.day[i] ? `${p.year[i]}-${p.month[i]}-${p.day[i]}` : '';
const ini = (s: string | undefined): string => (s ? s.charAt(0) : '');
const yr = (p: PreparedSet, i: number): string => (p.year[i] ? String(p.year[i]) : '');
/**
 * The birth year in windows of four years, shifted by `offset` (0 or 2): two years at most two apart share a window
 * of one of the two shifts (a year estimated from an age is often one to three years off).
 */
const yearWindow = (p: PreparedSet, i: number, offset: 0 | 2): string =>
  p.year[i] ? String(Math.floor((p.year[i]! + offset) / 4)) : '';

/**
 * The phone without the digits that both phone_start (the first 6) and phone_end (the last 5) hold: a digit mistyped
 * there breaks both halves. '' for phones shorter than 8 digits or without such an overlap.
 */
const phoneGap = (phone: string): string => {
  const n = phone.length;
  return n >= 8 && n < 11 ? `${phone.slice(0, n - 5)}-${phone.slice(6)}` : '';
};

/**
 * Characters [from, to) of a full birth date as written (year, month, day: PreparedSet.dateWritten, else the date's
 * parts), and [from2, 8) when from2 is given; '' without a full date.
 */
const writtenParts = (p: PreparedSet, i: number, from: number, to: number, from2?: number): string => {
  const w = p.dateWritten[i] || writtenOf(p.year[i]!, p.month[i]!, p.day[i]!);
  if (!w) return '';
  return from2 === undefined ? w.slice(from, to) : `${w.slice(from, to)}-${w.slice(from2)}`;
};

/** Key parts joined with '|'; empty when a required part is missing. Optional parts may be empty. */
const join = (...parts: string[]): string => (parts.every((x) => x.length > 0) ? parts.join('|') : '');

/**
 * The default union of rules: exact identifiers, then full birth date with one name, then names with
 * birth year. Each rule is tight enough for a million records; together they survive a typo or a missing
 * value in any one field.
 */
export const DEFAULT_RULES: readonly BlockingRule[] = [
  { name: 'curp', key: (p, i) => (p.curpValid[i] ? p.curp[i]! : '') },
  { name: 'id_number', key: (p, i) => p.idNumber[i]! },
  { name: 'phone', key: (p, i) => (p.phone[i]!.length >= 7 ? p.phone[i]! : '') },
  { name: 'email', key: (p, i) => p.email[i]! },
  { name: 'dob+surname_1', key: (p, i) => join(dob(p, i), p.surname1Ph[i]!) },
  { name: 'dob+given', key: (p, i) => join(dob(p, i), p.givenFirstPh[i]!) },
  { name: 'dob+surname_2', key: (p, i) => join(dob(p, i), p.surname2Ph[i]!) },
  { name: 'names', key: (p, i) => join(p.givenFirstPh[i]!, p.surname1Ph[i]!, `~${p.surname2Ph[i]}`) },
  { name: 'surnames+year', key: (p, i) => join(p.surname1Ph[i]!, p.surname2Ph[i]!, yr(p, i)) },
  { name: 'surname_1+given+year', key: (p, i) => join(p.surname1Ph[i]!, p.givenFirstPh[i]!, yr(p, i)) },
  {
    name: 'given+initials+year',
    key: (p, i) => join(p.givenFirstPh[i]!, ini(p.surname1[i]), `~${ini(p.surname2[i])}`, yr(p, i)),
  },
  {
    // surnames written in the other order ("Peña Olmos" / "Olmos Peña")
    name: 'given+surname_set',
    key: (p, i) => {
      const [x, y] = [p.surname1Ph[i]!, p.surname2Ph[i]!];
      return join(p.givenFirstPh[i]!, x < y ? x : y, x < y ? y : x);
    },
  },
  {
    // the first surname left out: "Christian Romo" / "Christian Muñoz Romo"
    name: 'given+last_surname',
    key: (p, i) => join(p.givenFirstPh[i]!, p.surname2Ph[i]! || p.surname1Ph[i]!),
    maxBlock: 50,
  },
  // an estimated year and a different given name (a nickname the table does not know, a second name used alone)
  {
    name: 'surnames+years',
    key: (p, i) => join(p.surname1Ph[i]!, p.surname2Ph[i]!, yearWindow(p, i, 0)),
  },
  {
    name: 'surnames+years2',
    key: (p, i) => join(p.surname1Ph[i]!, p.surname2Ph[i]!, yearWindow(p, i, 2)),
  },
  {
    name: 'surname_1+given+years',
    key: (p, i) => join(p.surname1Ph[i]!, p.givenFirstPh[i]!, yearWindow(p, i, 0)),
  },
  {
    name: 'surname_1+given+years2',
    key: (p, i) => join(p.surname1Ph[i]!, p.givenFirstPh[i]!, yearWindow(p, i, 2)),
  },
  {
    // both surnames, in either order, with no date at all on one side
    name: 'surname_set',
    key: (p, i) => {
      const [x, y] = [p.surname1Ph[i]!, p.surname2Ph[i]!];
      return join(x < y ? x : y, x < y ? y : x);
    },
    maxBlock: 50,
  },
  { name: 'dob+postcode', key: (p, i) => join(dob(p, i), p.postcode[i]!) },
  { name: 'postcode+initials', key: (p, i) => join(p.postcode[i]!, ini(p.given[i]), ini(p.surname1[i])) },
  // one of the names left out or replaced, the address still there
  { name: 'postcode+given', key: (p, i) => join(p.postcode[i]!, p.givenFirstPh[i]!) },
  { name: 'postcode+surname_1', key: (p, i) => join(p.postcode[i]!, p.surname1Ph[i]!) },
  { name: 'street+postcode', key: (p, i) => join(p.street[i]!, p.postcode[i]!) },
];

/**
 * Looser rules that catch records with several fields corrupted at once. They apply at every input size: a key
 * shared by more than LOOSE_MAX_BLOCK records says too little to pair them on, so in a large input their common
 * keys drop out by themselves while their rare ones still pair (no switch on the input's size).
 */
export const LOOSE_MAX_BLOCK = 25;
export const LOOSE_RULES: readonly BlockingRule[] = (
  [
    { name: 'dob', key: (p, i) => dob(p, i) },
    { name: 'surname_1', key: (p, i) => p.surname1Ph[i]! },
    { name: 'given', key: (p, i) => p.givenFirstPh[i]! },
    { name: 'email_user', key: (p, i) => p.email[i]!.split('@')[0]! },
    // a phone with a digit mistyped keeps one of its halves
    { name: 'phone_start', key: (p, i) => (p.phone[i]!.length >= 8 ? p.phone[i]!.slice(0, 6) : '') },
    { name: 'phone_end', key: (p, i) => (p.phone[i]!.length >= 8 ? p.phone[i]!.slice(-5) : '') },
    // … or, mistyped where the two halves meet (a 10-digit phone's sixth digit), everything else
    { name: 'phone_gap', key: (p, i) => phoneGap(p.phone[i]!) },
    // a birth date with a slip (or an unreadable character) in one of its parts keeps the other two, as written
    { name: 'year+month', key: (p, i) => writtenParts(p, i, 0, 6) },
    { name: 'year+day', key: (p, i) => writtenParts(p, i, 0, 4, 6) },
    { name: 'month+day', key: (p, i) => writtenParts(p, i, 4, 8) },
    { name: 'locality+year', key: (p, i) => join(p.locality[i]!, yr(p, i)) },
    { name: 'year+month+initial', key: (p, i) => join(yr(p, i), String(p.month[i] || ''), ini(p.given[i])) },
  ] as BlockingRule[]
).map((r) => ({ ...r, maxBlock: LOOSE_MAX_BLOCK }));

/** The rules used when none are given: the default rules and the loose ones. */
export const ALL_RULES: readonly BlockingRule[] = [...DEFAULT_RULES, ...LOOSE_RULES];

/** The blocking keys of one prepared record, `rule:key`, e.g. for a database index of candidates. */
export function candidateKeys(
  p: PreparedSet,
  i: number,
  rules: readonly BlockingRule[] = DEFAULT_RULES,
): string[] {
  const out: string[] = [];
  for (const r of rules) {
    const k = r.key(p, i);
    if (k) out.push(`${r.name}:${k}`);
  }
  return out;
}

/** 32-bit FNV-1a of a string, never 0 (0 means "no key"). */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0 || 1;
}

/** Candidate pairs as two parallel index arrays (left index, right index). */
export interface CandidatePairs {
  readonly left: Uint32Array;
  readonly right: Uint32Array;
  readonly count: number;
  /** Pairs found by each rule (a pair is counted by the first rule that finds it). */
  readonly perRule: Readonly<Record<string, number>>;
  /** Records left out of blocks larger than maxBlockSize, per rule. */
  readonly oversize: Readonly<Record<string, number>>;
}

/** A growable pair list (left index, right index). */
export class PairBuffer {
  left = new Uint32Array(1 << 16);
  right = new Uint32Array(1 << 16);
  count = 0;
  push(a: number, b: number): void {
    if (this.count === this.left.length) {
      const nl = new Uint32Array(this.left.length * 2);
      nl.set(this.left);
      this.left = nl;
      const nr = new Uint32Array(this.right.length * 2);
      nr.set(this.right);
      this.right = nr;
    }
    this.left[this.count] = a;
    this.right[this.count] = b;
    this.count++;
  }
}

export interface BlockingOptions {
  readonly rules?: readonly BlockingRule[];
  /** Blocks with more records than this are skipped for that rule (other rules still apply). */
  readonly maxBlockSize?: number;
  /** Sorted-neighbourhood passes (default true): typos anywhere in a name still meet their neighbours. */
  readonly neighbourhoods?: boolean;
  /** Neighbours compared in each sorted pass (default SNM_WINDOW). */
  readonly window?: number;
}

/** Records compared with each record after it in every sorted pass. */
export const SNM_WINDOW = 3;

const reverse = (s: string): string => {
  let out = '';
  for (let i = s.length - 1; i >= 0; i--) out += s[i];
  return out;
};

/**
 * Sort keys of the sorted-neighbourhood passes. Each pass sorts every record by its key and pairs it with the
 * next SNM_WINDOW records: the cost grows with the input (n × window), never with block sizes, and a typo late in
 * a name keeps records near in the forward passes, a typo early in the reversed ones.
 */
export const NEIGHBOURHOOD_KEYS: readonly BlockingRule[] = [
  { name: 'snm:surname+given', key: (p, i) => join(p.surname1[i]!, p.given[i]!, `~${p.surname2[i]}`) },
  { name: 'snm:given+surname', key: (p, i) => join(p.given[i]!, p.surname1[i]!, `~${yr(p, i)}`) },
  { name: 'snm:rev-surname+given', key: (p, i) => join(reverse(p.surname1[i]!), reverse(p.given[i]!)) },
  { name: 'snm:rev-given+surname', key: (p, i) => join(reverse(p.given[i]!), reverse(p.surname1[i]!)) },
  // two files only (see TWO_FILE_PASSES): a phone with slips in its last digits, then in its first ones
  { name: 'snm:phone', key: (p, i) => (p.phone[i]!.length >= 8 ? p.phone[i]! : '') },
  { name: 'snm:rev-phone', key: (p, i) => (p.phone[i]!.length >= 8 ? reverse(p.phone[i]!) : '') },
];

/**
 * Sorted-neighbourhood passes run only when linking two files: the phone sorted forwards and backwards pairs numbers
 * with a slip or two in one half (the exact and one-slip blocking keys miss two slips), at n × SNM_WINDOW pairs per
 * pass; deduplication leaves them out, to keep its cost on a million records where it was measured.
 */
export const TWO_FILE_PASSES: ReadonlySet<string> = new Set(['snm:phone', 'snm:rev-phone']);

/**
 * Loose rules used only when linking two files: a phone mistyped where its halves meet, and a birth date's parts
 * two by two as written. They found anonlink's two-file pairs; in deduplication they changed no figure of the
 * independent generator's cells, and deduplication keeps the blocking its figures test was measured with.
 */
export const TWO_FILE_RULES: ReadonlySet<string> = new Set([
  'phone_gap',
  'year+month',
  'year+day',
  'month+day',
]);

/** The shape of one blocking run, shared by the threads that work on it (see parallel.ts). */
export interface BlockingRun {
  /** Records of the left set. */
  readonly nA: number;
  /** Records of both sets (nA when deduplicating). */
  readonly n: number;
  /** Two sets (false: deduplicating the left one). */
  readonly two: boolean;
  /**
   * 2^bits > n: sort keys are hash * scale + record while they fit a double's 53 bits (n < 2^21); beyond, the
   * records are sorted by hash with a stable radix sort instead (the same (hash, record) order).
   */
  readonly scale: number;
  readonly maxBlocks: readonly number[];
  readonly window: number;
}

/** Records of one run are numbered below 2^PAIR_BITS: a pair packs as left * 2^PAIR_BITS + right in 52 bits. */
export const PAIR_BITS = 26;
const PAIR_SCALE = 2 ** PAIR_BITS;
/** Sort keys hash * scale + record fit a double up to this scale (32 + 21 bits). */
const PACKED_SORT_MAX_SCALE = 2 ** 21;

/**
 * Indices `idx[0..m)` (ascending) stably sorted by `k[idx]` (32-bit): two 16-bit counting passes, so records of
 * one hash stay in ascending order, as the packed sort orders them.
 */
function radixByHash(idx: Uint32Array, m: number, k: Uint32Array): Uint32Array {
  const tmp = new Uint32Array(m);
  const count = new Uint32Array(65537);
  let src: Uint32Array = idx;
  let dst: Uint32Array = tmp;
  for (const shift of [0, 16]) {
    count.fill(0);
    for (let t = 0; t < m; t++) count[((k[src[t]!]! >>> shift) & 0xffff) + 1]!++;
    for (let c = 1; c <= 65536; c++) count[c]! += count[c - 1]!;
    for (let t = 0; t < m; t++) dst[count[(k[src[t]!]! >>> shift) & 0xffff]!++] = src[t]!;
    [src, dst] = [dst, src];
  }
  return src;
}

export function blockingRun(
  a: PreparedSet,
  b: PreparedSet | undefined,
  rules: readonly BlockingRule[],
  opts: BlockingOptions,
): BlockingRun {
  const runMax = opts.maxBlockSize ?? 100;
  const nA = a.size;
  const n = nA + (b ? b.size : 0);
  const bits = Math.max(1, Math.ceil(Math.log2(n + 1)));
  if (bits > PAIR_BITS) throw new Error(`blocking supports up to 2^${PAIR_BITS} - 1 records per run`);
  return {
    nA,
    n,
    two: b !== undefined,
    scale: 2 ** bits,
    maxBlocks: rules.map((r) => Math.min(runMax, r.maxBlock ?? runMax)),
    window: opts.window ?? SNM_WINDOW,
  };
}

/**
 * First step of rule r: each record's key hash into `k` (0: no key, or a block larger than the rule's maximum),
 * and into `members` the records of the blocks that pair (2 records or more, up to the maximum), in (hash, record)
 * order. Depends on no other rule. Returns how many members were written and how many records were skipped.
 */
export function ruleBlocks(
  run: BlockingRun,
  rule: BlockingRule,
  r: number,
  a: PreparedSet,
  b: PreparedSet | undefined,
  k: Uint32Array,
  members: Uint32Array,
  sortBuf: Float64Array,
): { members: number; skipped: number } {
  const { nA, scale } = run;
  const maxBlock = run.maxBlocks[r]!;
  if (!b && TWO_FILE_RULES.has(rule.name)) {
    k.fill(0, 0, nA);
    return { members: 0, skipped: 0 };
  }
  let m = 0;
  for (let i = 0; i < nA; i++) {
    const s = rule.key(a, i);
    if (!s) continue;
    const h = hash32(s);
    k[i] = h;
    sortBuf[m++] = h * scale + i;
  }
  if (b) {
    for (let j = 0; j < b.size; j++) {
      const s = rule.key(b, j);
      if (!s) continue;
      const h = hash32(s);
      k[nA + j] = h;
      sortBuf[m++] = h * scale + nA + j;
    }
  }
  if (scale > PACKED_SORT_MAX_SCALE) return ruleBlocksLarge(run, r, k, members, m);
  const sorted = sortBuf.subarray(0, m).sort();
  let skipped = 0;
  let out = 0;
  let start = 0;
  while (start < m) {
    const h = Math.floor(sorted[start]! / scale);
    let end = start + 1;
    while (end < m && Math.floor(sorted[end]! / scale) === h) end++;
    const size = end - start;
    if (size > maxBlock) {
      for (let t = start; t < end; t++) k[sorted[t]! % scale] = 0;
      skipped += size;
    } else if (size > 1) {
      for (let t = start; t < end; t++) members[out++] = sorted[t]! % scale;
    }
    start = end;
  }
  return { members: out, skipped };
}

/** ruleBlocks' grouping for runs of 2^21 records or more: the same blocks and members, sorted by radix. */
function ruleBlocksLarge(
  run: BlockingRun,
  r: number,
  k: Uint32Array,
  members: Uint32Array,
  m: number,
): { members: number; skipped: number } {
  const maxBlock = run.maxBlocks[r]!;
  const idx = new Uint32Array(m);
  let at = 0;
  for (let i = 0; i < run.n; i++) if (k[i] !== 0) idx[at++] = i;
  const sorted = radixByHash(idx, m, k);
  let skipped = 0;
  let out = 0;
  let start = 0;
  while (start < m) {
    const h = k[sorted[start]!]!;
    let end = start + 1;
    while (end < m && k[sorted[end]!] === h) end++;
    const size = end - start;
    if (size > maxBlock) {
      for (let t = start; t < end; t++) k[sorted[t]!] = 0;
      skipped += size;
    } else if (size > 1) {
      for (let t = start; t < end; t++) members[out++] = sorted[t]!;
    }
    start = end;
  }
  return { members: out, skipped };
}

/**
 * Second step of rule r, once every rule's keys are final: the pairs of its blocks that no earlier rule put in
 * one block, in (block, record) order.
 */
export function rulePairs(
  run: BlockingRun,
  r: number,
  keys: readonly Uint32Array[],
  members: Uint32Array,
  count: number,
  out: PairBuffer,
): void {
  const { nA, two } = run;
  const k = keys[r]!;
  let start = 0;
  while (start < count) {
    const h = k[members[start]!]!;
    let end = start + 1;
    while (end < count && k[members[end]!] === h) end++;
    for (let x = start; x < end; x++) {
      const ix = members[x]!;
      for (let y = x + 1; y < end; y++) {
        const iy = members[y]!;
        let l: number;
        let rr: number;
        if (two) {
          if (ix < nA === iy < nA) continue;
          l = ix < nA ? ix : iy;
          rr = (ix < nA ? iy : ix) - nA;
        } else {
          l = ix;
          rr = iy;
        }
        let seen = false;
        for (let q = 0; q < r; q++) {
          const kq = keys[q]!;
          const ka = kq[ix]!;
          if (ka !== 0 && ka === kq[iy]) {
            seen = true;
            break;
          }
        }
        if (!seen) out.push(l, rr);
      }
    }
    start = end;
  }
}

/**
 * The records 0..n-1 that have a key, in (key, record) order: positions sorted by a comparator that reads the keys
 * from one array of strings (no object per record, fewer cache misses than sorting {key, record} objects).
 */
export function sortedByKey(n: number, keyOf: (x: number) => string): Uint32Array {
  const keys: string[] = [];
  const records: number[] = [];
  for (let x = 0; x < n; x++) {
    const k = keyOf(x);
    if (!k) continue;
    keys.push(k);
    records.push(x);
  }
  // positions ascend with the records, so the tie-break on positions is the tie-break on records
  const order = Array.from({ length: keys.length }, (_, i) => i);
  order.sort((a, b) => {
    const p = keys[a]!;
    const q = keys[b]!;
    return p < q ? -1 : p > q ? 1 : a - b;
  });
  const out = new Uint32Array(order.length);
  for (let s = 0; s < order.length; s++) out[s] = records[order[s]!]!;
  return out;
}

/**
 * One sorted-neighbourhood pass (NEIGHBOURHOOD_KEYS[pass]), once every rule's keys are final: the pairs of
 * neighbours that no rule put in one block, packed as left * 2^PAIR_BITS + right (duplicates across passes remain).
 */
export function neighbourhoodPass(
  run: BlockingRun,
  pass: number,
  a: PreparedSet,
  b: PreparedSet | undefined,
  ruleKeys: readonly Uint32Array[],
): Float64Array {
  const { nA, n, window } = run;
  const set = (x: number) => (x < nA ? a : b!);
  const local = (x: number) => (x < nA ? x : x - nA);
  const found: number[] = [];
  const seenByRule = (x: number, y: number) => {
    for (const kq of ruleKeys) {
      const k = kq[x]!;
      if (k !== 0 && k === kq[y]) return true;
    }
    return false;
  };
  if (!b && TWO_FILE_PASSES.has(NEIGHBOURHOOD_KEYS[pass]!.name)) return new Float64Array(0);
  const key = NEIGHBOURHOOD_KEYS[pass]!.key;
  const keyed = sortedByKey(n, (x) => key(set(x), local(x)));
  for (let s = 0; s < keyed.length; s++) {
    const x = keyed[s]!;
    for (let t = s + 1; t <= s + window && t < keyed.length; t++) {
      const y = keyed[t]!;
      let l: number;
      let r: number;
      if (b) {
        if (x < nA === y < nA) continue;
        l = x < nA ? x : y;
        r = (x < nA ? y : x) - nA;
      } else {
        l = Math.min(x, y);
        r = Math.max(x, y);
      }
      if (seenByRule(x, y)) continue;
      found.push(l * PAIR_SCALE + r);
    }
  }
  return Float64Array.from(found);
}

/** The pairs of all neighbourhood passes, each once, in (left, right) order. */
export function mergeNeighbourhoods(passes: readonly Float64Array[], out: PairBuffer): number {
  const before = out.count;
  let total = 0;
  for (const p of passes) total += p.length;
  const packed = new Float64Array(total);
  let at = 0;
  for (const p of passes) {
    packed.set(p, at);
    at += p.length;
  }
  packed.sort();
  for (let i = 0; i < packed.length; i++) {
    if (i > 0 && packed[i] === packed[i - 1]) continue;
    const v = packed[i]!;
    out.push(Math.floor(v / PAIR_SCALE), v % PAIR_SCALE);
  }
  return out.count - before;
}

/**
 * Candidate pairs as the union of blocking rules, each pair once: a rule emits a pair only when no
 * earlier rule put both records in one block. With `b` undefined, deduplicates `a` (left < right).
 * (parallel.ts runs the same steps on several threads, with the same result.)
 */
export function candidatePairs(
  a: PreparedSet,
  b: PreparedSet | undefined,
  opts: BlockingOptions = {},
): CandidatePairs {
  const rules = opts.rules ?? ALL_RULES;
  const run = blockingRun(a, b, rules, opts);
  const keys: Uint32Array[] = [];
  const members: { list: Uint32Array; count: number }[] = [];
  const oversize: Record<string, number> = {};
  const sortBuf = new Float64Array(run.n);
  for (let r = 0; r < rules.length; r++) {
    const k = new Uint32Array(run.n);
    const list = new Uint32Array(run.n);
    const res = ruleBlocks(run, rules[r]!, r, a, b, k, list, sortBuf);
    keys.push(k);
    members.push({ list: list.slice(0, res.members), count: res.members });
    if (res.skipped > 0) oversize[rules[r]!.name] = res.skipped;
  }
  const out = new PairBuffer();
  const perRule: Record<string, number> = {};
  for (let r = 0; r < rules.length; r++) {
    const before = out.count;
    rulePairs(run, r, keys, members[r]!.list, members[r]!.count, out);
    perRule[rules[r]!.name] = out.count - before;
  }
  if (opts.neighbourhoods !== false) {
    const passes = NEIGHBOURHOOD_KEYS.map((_, p) => neighbourhoodPass(run, p, a, b, keys));
    perRule['sorted neighbourhoods'] = mergeNeighbourhoods(passes, out);
  }
  return {
    left: out.left.subarray(0, out.count),
    right: out.right.subarray(0, out.count),
    count: out.count,
    perRule,
    oversize,
  };
}
