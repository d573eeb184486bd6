/**
 * Dice similarity of 1024-bit Bloom filters, 2|A∩B| / (|A| + |B|).
 * Filters are 32 × uint32 words. The hot loop runs in a small WebAssembly module assembled below at load time
 * (no build step, nothing downloaded): i64.popcnt over 16 rows per iteration by default, or SIMD i8x16.popcnt,
 * with a typed-array fallback in plain TypeScript. See docs/linkage.md for the measured rates.
 */

export const FILTER_BITS = 1024;
export const FILTER_WORDS = FILTER_BITS / 32;
const FILTER_BYTES = FILTER_BITS / 8;

/** Population count of a 32-bit word (bit tricks). */
export function popcount32(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) as number;
}

/** Number of set bits of filter `i` in a packed array of filters. */
export function filterPopcount(filters: Uint32Array, i: number): number {
  let c = 0;
  const o = i * FILTER_WORDS;
  for (let w = 0; w < FILTER_WORDS; w++) c += popcount32(filters[o + w]!);
  return c;
}

/** Dice similarity of filter i of `a` and filter j of `b` (plain TypeScript). 0 when both are empty. */
export function diceJs(a: Uint32Array, i: number, b: Uint32Array, j: number): number {
  let inter = 0;
  let pa = 0;
  let pb = 0;
  const oa = i * FILTER_WORDS;
  const ob = j * FILTER_WORDS;
  for (let w = 0; w < FILTER_WORDS; w++) {
    const x = a[oa + w]!;
    const y = b[ob + w]!;
    inter += popcount32(x & y);
    pa += popcount32(x);
    pb += popcount32(y);
  }
  return pa + pb === 0 ? 0 : (2 * inter) / (pa + pb);
}

// ---------- a tiny WebAssembly assembler for the hot loops ----------

const uleb = (n: number): number[] => {
  const out: number[] = [];
  let v = n >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
};
const sleb = (n: number): number[] => {
  const out: number[] = [];
  let v = n | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
};
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const str = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
const simd = (code: number, ...imm: number[]): number[] => [0xfd, ...uleb(code), ...imm];

const I32 = 0x7f;
const I64 = 0x7e;
const V128 = 0x7b;
const op = {
  get: (i: number) => [0x20, ...uleb(i)],
  set: (i: number) => [0x21, ...uleb(i)],
  tee: (i: number) => [0x22, ...uleb(i)],
  i32: (v: number) => [0x41, ...sleb(v)],
  i32add: [0x6a],
  i32mul: [0x6c],
  i32shl: [0x74],
  i32geU: [0x4f],
  i32gtU: [0x4b],
  i32wrap: [0xa7],
  i64load: (off: number) => [0x29, 3, ...uleb(off)],
  i32load: (off: number) => [0x28, 2, ...uleb(off)],
  i32sub: [0x6b],
  i32eqz: [0x45],
  i32store: (off: number) => [0x36, 2, ...uleb(off)],
  f32store: (off: number) => [0x38, 2, ...uleb(off)],
  i64and: [0x83],
  i64add: [0x7c],
  i64popcnt: [0x7b],
  f32fromI32s: [0xb2],
  f32div: [0x95],
  v128load: (off: number) => simd(0x00, 4, ...uleb(off)),
  v128store: (off: number) => simd(0x0b, 4, ...uleb(off)),
  v128const: (bytes: number[]) => simd(0x0c, ...bytes),
  i32x4splat: simd(0x11),
  i32x4replace: (lane: number) => simd(0x1c, lane),
  v128and: simd(0x4e),
  v128or: simd(0x50),
  v128xor: simd(0x51),
  i8x16shuffle: (lanes: number[]) => simd(0x0d, ...lanes),
  i8x16eq: simd(0x23),
  i16x8shl: simd(0x8b),
  i16x8shrU: simd(0x8d),
  i32x4extendLowI16x8U: simd(0xa9),
  i32x4extendHighI16x8U: simd(0xaa),
  i8x16popcnt: simd(0x62),
  i8x16narrowI16x8U: simd(0x66),
  i8x16add: simd(0x6e),
  i16x8extaddPairwiseI8x16U: simd(0x7d),
  i16x8narrowI32x4S: simd(0x85),
  i32x4add: simd(0xae),
  i32x4sub: simd(0xb1),
  i32x4dotI16x8S: simd(0xba),
  f32x4div: simd(0xe7),
  f32x4fromI32x4S: simd(0xfa),
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  brIf: (d: number) => [0x0d, d],
  br: (d: number) => [0x0c, d],
  end: [0x0b],
};

/*
 * Both kernels have the signature dice_row(q, b, n, pops, popq, out): for r in [0, n),
 * out[r] = 2·popcount(q & b_r) / (popq + pops[r]), q and b_r 128-byte filters (the b rows contiguous, the same
 * layout as the C reference), pops one i32 per row, out one f32 per row. Callers handle popq = 0.
 */
const P = { q: 0, b: 1, n: 2, pops: 3, popq: 4, out: 5, end: 6, qw: 7 };
const PARAMS = [I32, I32, I32, I32, I32, I32];
/** Rows per iteration of the main loop of the scalar kernel (16 measured faster than 4 and 8, same as 32). */
const SCALAR_ROWS = 16;
/** Rows per iteration of the SIMD kernel's main loop (its reduction combines 4 rows per step). */
const SIMD_ROWS = 8;

/** `while (out + rows*4 <= end) { body; b += rows*128; pops += rows*4; out += rows*4 }` */
function rowLoop(rows: number, body: number[]): number[] {
  return [
    ...op.block,
    ...op.loop,
    ...op.get(P.out),
    ...op.i32(rows * 4),
    ...op.i32add,
    ...op.get(P.end),
    ...op.i32gtU,
    ...op.brIf(1),
    ...body,
    ...op.get(P.b),
    ...op.i32(rows * FILTER_BYTES),
    ...op.i32add,
    ...op.set(P.b),
    ...op.get(P.pops),
    ...op.i32(rows * 4),
    ...op.i32add,
    ...op.set(P.pops),
    ...op.get(P.out),
    ...op.i32(rows * 4),
    ...op.i32add,
    ...op.set(P.out),
    ...op.br(0),
    ...op.end,
    ...op.end,
  ];
}

/** popcount(q & b_j) as an i32 for row j of the current block, the query words in i64 locals qw..qw+15. */
function scalarCount(j: number): number[] {
  const code: number[] = [];
  for (let w = 0; w < 16; w++) {
    // b's word first, so that V8 can use a spilled query word as the and's memory operand
    code.push(...op.get(P.b), ...op.i64load(j * FILTER_BYTES + w * 8), ...op.get(P.qw + w));
    code.push(...op.i64and, ...op.i64popcnt);
    if (w > 0) code.push(...op.i64add);
  }
  return [...code, ...op.i32wrap];
}

/** One row at a time (the remainder after the main loop), scalar division. */
function singleRowLoop(): number[] {
  const body = [
    ...op.get(P.out),
    ...scalarCount(0),
    ...op.i32(1),
    ...op.i32shl,
    ...op.f32fromI32s,
    ...op.get(P.popq),
    ...op.get(P.pops),
    ...op.i32load(0),
    ...op.i32add,
    ...op.f32fromI32s,
    ...op.f32div,
    ...op.f32store(0),
  ];
  return rowLoop(1, body);
}

/** out[g*4 .. g*4+3] = 2·counts / (popq + pops[...]), counts an i32x4 on the stack (out pushed before it). */
function divide4(g: number, popqV: number, tmp: number, pops = P.pops): number[] {
  return [
    ...op.tee(tmp),
    ...op.get(tmp),
    ...op.i32x4add,
    ...op.f32x4fromI32x4S,
    ...op.get(pops),
    ...op.v128load(16 * g),
    ...op.get(popqV),
    ...op.i32x4add,
    ...op.f32x4fromI32x4S,
    ...op.f32x4div,
    ...op.v128store(16 * g),
  ];
}

const loadQueryWords = (): number[] =>
  Array.from({ length: 16 }, (_, w) => [...op.get(P.q), ...op.i64load(w * 8), ...op.set(P.qw + w)]).flat();
const endAndPopq = (popqV: number): number[] => [
  ...op.get(P.out),
  ...op.get(P.n),
  ...op.i32(4),
  ...op.i32mul,
  ...op.i32add,
  ...op.set(P.end),
  ...op.get(P.popq),
  ...op.i32x4splat,
  ...op.set(popqV),
];

/**
 * The default kernel: i64.popcnt per 64-bit word, 16 rows per iteration. Each row's count is stored to its
 * out slot as soon as it is known (overwritten by the Dice values later): that store orders the row before
 * the next row's loads, without which V8 hoists all 256 loads of an iteration to its top and spills most of
 * them. The 4 counts of each group of rows go into one i32x4 for the conversion and the division.
 * On x64 this is 4 instructions per 64-bit word (load, and with the query word, popcnt, add).
 */
function scalarKernel(): number[] {
  const popqV = P.qw + 16;
  const tmp = popqV + 1;
  const counts = tmp + 1;
  const locals = vec([
    [1, I32],
    [16, I64],
    [2, V128],
    [SCALAR_ROWS, I32],
  ]);
  const body: number[] = [];
  for (let j = 0; j < SCALAR_ROWS; j++) {
    body.push(...op.get(P.out), ...scalarCount(j), ...op.tee(counts + j), ...op.i32store(j * 4));
  }
  for (let g = 0; g < SCALAR_ROWS / 4; g++) {
    body.push(...op.get(P.out), ...op.get(counts + 4 * g), ...op.i32x4splat);
    for (let l = 1; l < 4; l++) body.push(...op.get(counts + 4 * g + l), ...op.i32x4replace(l));
    body.push(...divide4(g, popqV, tmp));
  }
  return [
    ...locals,
    ...endAndPopq(popqV),
    ...loadQueryWords(),
    ...rowLoop(SCALAR_ROWS, body),
    ...singleRowLoop(),
    ...op.end,
  ];
}

/**
 * Context kernel: SIMD i8x16.popcnt over the 8 v128 words of q & b_r, byte sums of 4 rows reduced together
 * (pairwise widening adds, narrowing, i32x4.dot) to one i32x4, then the same vector division.
 */
function simdKernel(): number[] {
  const popqV = P.qw + 16;
  const tmp = popqV + 1;
  const qv = tmp + 1;
  const sums = qv + 8;
  const locals = vec([
    [1, I32],
    [16, I64],
    [2 + 8 + 4, V128],
  ]);
  const ones16 = op.v128const(Array.from({ length: 16 }, (_, i) => (i % 2 === 0 ? 1 : 0)));
  const code: number[] = [...locals, ...endAndPopq(popqV), ...loadQueryWords()];
  for (let v = 0; v < 8; v++) code.push(...op.get(P.q), ...op.v128load(v * 16), ...op.set(qv + v));
  const body: number[] = [];
  for (let g = 0; g < SIMD_ROWS / 4; g++) {
    for (let k = 0; k < 4; k++) {
      const j = g * 4 + k;
      for (let v = 0; v < 8; v++) {
        body.push(...op.get(P.b), ...op.v128load(j * FILTER_BYTES + v * 16), ...op.get(qv + v));
        body.push(...op.v128and, ...op.i8x16popcnt);
        if (v > 0) body.push(...op.i8x16add); // bytes <= 64
      }
      body.push(...op.set(sums + k));
    }
    const pair = (a: number, b: number) => [
      ...op.get(sums + a),
      ...op.i16x8extaddPairwiseI8x16U, // <= 128
      ...op.get(sums + b),
      ...op.i16x8extaddPairwiseI8x16U,
      ...op.i8x16narrowI16x8U, // rows a | b, bytes <= 128
      ...op.i16x8extaddPairwiseI8x16U, // <= 256
      ...ones16,
      ...op.i32x4dotI16x8S, // [a, a, b, b] <= 512
    ];
    body.push(...op.get(P.out), ...pair(0, 1), ...pair(2, 3));
    body.push(...op.i16x8narrowI32x4S, ...ones16, ...op.i32x4dotI16x8S); // [r0, r1, r2, r3]
    body.push(...divide4(g, popqV, tmp));
  }
  code.push(...rowLoop(SIMD_ROWS, body), ...singleRowLoop(), ...op.end);
  return code;
}

/** Rows per group of the bit-sliced layout (one v128 per filter bit). */
export const SLICE_ROWS = 128;
/** Planes per group: the 1024 filter bits and one all-zero plane that pads a query's bit list. */
const SLICE_PLANES = FILTER_BITS + 1;
const SLICE_GROUP_BYTES = SLICE_PLANES * 16;
/** Bytes before a query's bit list: the 7 high count planes of the group being counted. */
const SLICE_SCRATCH = 144;

/**
 * Bit-sliced kernel dice_sliced(sel, nsel, planes, groups, pops, popq, out): the rows are stored 128 at a time
 * as 1024 bit planes (plane k = bit k of 128 rows, one v128), and a query is the list of its set bits (byte
 * offsets of planes, padded with the zero plane to a multiple of 16). For each group the selected planes are
 * added up as 128 bit-sliced counters: a Harley-Seal tree of carry-save adders per 16 planes (ones, twos, fours,
 * eights), whose sixteens ripple into 7 higher planes; then the 11 count planes are turned into 128 integers
 * (byte shuffles and compares, 16 rows at a time) and divided as the other kernels do. About 7 v128 operations
 * per selected plane for 128 rows, against 4 x64 instructions per 64-bit word and row for the scalar kernel.
 */
function slicedKernel(complement: boolean): number[] {
  const S = { sel: 0, nsel: 1, planes: 2, groups: 3, pops: 4, popq: 5, out: 6 };
  // locals after the 7 params: i32 selEnd, i32 s, i32 g; v128s
  const selEnd = 7;
  const sp = 8;
  const g = 9;
  let v = 10;
  const ones = v++;
  const twos = v++;
  const fours = v++;
  const eights = v++;
  const high = Array.from({ length: 7 }, () => v++);
  const twosA = v++;
  const twosB = v++;
  const foursA = v++;
  const foursB = v++;
  const eightsA = v++;
  const eightsB = v++;
  const sixteens = v++;
  const u = v++;
  const vb = v++;
  const vc = v++;
  const t = v++;
  const popqV = v++;
  const tmp = v++;
  const lowB = v++;
  const highB = v++;
  const masks = v;
  v += 8;
  const locals = vec([
    [3, I32],
    [v - 10, V128],
  ]);
  const zero = op.v128const(new Array(16).fill(0));
  const load = (i: number) => [
    ...op.get(S.planes),
    ...op.get(sp),
    ...op.i32load(i * 4),
    ...op.i32add,
    ...op.v128load(0),
  ];
  // h, l = carry-save add of a, b, c (b and c loaded planes when given as numbers < 0: input index)
  const csa = (h: number, l: number, a: number, b: number[] | number, c: number[] | number): number[] => {
    const code: number[] = [];
    const operand = (x: number[] | number, local: number): number[] => {
      if (typeof x === 'number') return op.get(x);
      code.push(...x, ...op.set(local));
      return op.get(local);
    };
    const getB = operand(b, vb);
    const getC = operand(c, vc);
    code.push(...op.get(a), ...getB, ...op.v128xor, ...op.set(u));
    code.push(
      ...op.get(a),
      ...getB,
      ...op.v128and,
      ...op.get(u),
      ...getC,
      ...op.v128and,
      ...op.v128or,
      ...op.set(h),
    );
    code.push(...op.get(u), ...getC, ...op.v128xor, ...op.set(l));
    return code;
  };
  const block: number[] = [];
  // storing `ones` after each pair of planes keeps V8 from moving all 16 loads to the top (and spilling them)
  const fence = (h: number) =>
    block.push(
      ...op.get(S.sel),
      ...op.get(ones),
      ...op.v128store(112),
      ...op.get(S.sel),
      ...op.get(h),
      ...op.v128store(128),
    );
  const eightOf = (base: number, out: number) => {
    block.push(...csa(twosA, ones, ones, load(base), load(base + 1)));
    fence(twosA);
    block.push(...csa(twosB, ones, ones, load(base + 2), load(base + 3)));
    fence(twosB);
    block.push(...csa(foursA, twos, twos, twosA, twosB));
    block.push(...csa(twosA, ones, ones, load(base + 4), load(base + 5)));
    fence(twosA);
    block.push(...csa(twosB, ones, ones, load(base + 6), load(base + 7)));
    fence(twosB);
    block.push(...csa(foursB, twos, twos, twosA, twosB));
    block.push(...csa(out, fours, fours, foursA, foursB));
  };
  eightOf(0, eightsA);
  eightOf(8, eightsB);
  block.push(...csa(sixteens, eights, eights, eightsA, eightsB));
  // ripple the sixteens into the higher planes, kept in memory below the bit list (they change once per 16 planes)
  let carry = sixteens;
  let spare = t;
  for (let p = 0; p < 7; p++) {
    const at = p * 16;
    block.push(...op.get(S.sel), ...op.v128load(at), ...op.set(u));
    if (p < 6) block.push(...op.get(u), ...op.get(carry), ...op.v128and, ...op.set(spare));
    block.push(...op.get(S.sel), ...op.get(u), ...op.get(carry), ...op.v128xor, ...op.v128store(at));
    [carry, spare] = [spare, carry];
  }
  block.push(...op.get(sp), ...op.i32(64), ...op.i32add, ...op.set(sp));
  const selLoop = [
    ...op.block,
    ...op.loop,
    ...op.get(sp),
    ...op.get(selEnd),
    ...op.i32geU,
    ...op.brIf(1),
    ...block,
    ...op.br(0),
    ...op.end,
    ...op.end,
  ];
  // Counts of rows 16t..16t+15 from the 11 planes: row r of a group is bit r >> 4 of byte r & 15, so shifting a
  // plane's 16-bit lanes moves bit t of every byte to any bit of the same byte (no shuffles, no per-row work).
  const planesOrder = [ones, twos, fours, eights, ...high];
  const extract: number[] = [];
  for (let t = 0; t < SLICE_ROWS / 16; t++) {
    for (const [target, from, to] of [
      [lowB, 0, 8],
      [highB, 8, 11],
    ] as const) {
      for (let p = from; p < to; p++) {
        const bit = p - from;
        extract.push(...op.get(planesOrder[p]!));
        if (t > bit) extract.push(...op.i32(t - bit), ...op.i16x8shrU);
        else if (bit > t) extract.push(...op.i32(bit - t), ...op.i16x8shl);
        extract.push(...op.get(masks + bit), ...op.v128and);
        if (p > from) extract.push(...op.v128or);
      }
      extract.push(...op.set(target));
    }
    for (let half = 0; half < 2; half++) {
      const base = half * 8;
      const il = Array.from({ length: 16 }, (_, x) => (x % 2 === 0 ? base + x / 2 : 16 + base + (x - 1) / 2));
      extract.push(...op.get(lowB), ...op.get(highB), ...op.i8x16shuffle(il), ...op.set(vb));
      for (let q = 0; q < 2; q++) {
        const gi = t * 4 + half * 2 + q;
        extract.push(...op.get(S.out), ...op.get(vb));
        extract.push(...(q === 0 ? op.i32x4extendLowI16x8U : op.i32x4extendHighI16x8U));
        if (complement) {
          // the planes counted were the query's zero bits: popcount(q & b) = popcount(b) - popcount(~q & b)
          extract.push(
            ...op.set(tmp),
            ...op.get(S.pops),
            ...op.v128load(16 * gi),
            ...op.get(tmp),
            ...op.i32x4sub,
          );
        }
        extract.push(...divide4(gi, popqV, tmp, S.pops));
      }
    }
  }
  const setMasks = Array.from({ length: 8 }, (_, bit) => [
    ...op.v128const(new Array(16).fill(1 << bit)),
    ...op.set(masks + bit),
  ]).flat();
  const resetState = [
    ...[ones, twos, fours, eights].flatMap((x) => [...zero, ...op.set(x)]),
    ...Array.from({ length: 7 }, (_, p) => [...op.get(S.sel), ...zero, ...op.v128store(p * 16)]).flat(),
  ];
  // the high planes back into locals for the extraction
  const loadHigh = high.flatMap((h, p) => [...op.get(S.sel), ...op.v128load(p * 16), ...op.set(h)]);
  const groupLoop = [
    ...op.block,
    ...op.loop,
    ...op.get(g),
    ...op.get(S.groups),
    ...op.i32geU,
    ...op.brIf(1),
    ...resetState,
    ...op.get(S.sel),
    ...op.i32(SLICE_SCRATCH),
    ...op.i32add,
    ...op.set(sp),
    ...selLoop,
    ...loadHigh,
    ...extract,
    ...op.get(S.planes),
    ...op.i32(SLICE_GROUP_BYTES),
    ...op.i32add,
    ...op.set(S.planes),
    ...op.get(S.pops),
    ...op.i32(SLICE_ROWS * 4),
    ...op.i32add,
    ...op.set(S.pops),
    ...op.get(S.out),
    ...op.i32(SLICE_ROWS * 4),
    ...op.i32add,
    ...op.set(S.out),
    ...op.get(g),
    ...op.i32(1),
    ...op.i32add,
    ...op.set(g),
    ...op.br(0),
    ...op.end,
    ...op.end,
  ];
  return [
    ...locals,
    ...op.get(S.sel),
    ...op.i32(SLICE_SCRATCH),
    ...op.i32add,
    ...op.get(S.nsel),
    ...op.i32(4),
    ...op.i32mul,
    ...op.i32add,
    ...op.set(selEnd),
    ...op.get(S.popq),
    ...op.i32x4splat,
    ...op.set(popqV),
    ...setMasks,
    ...groupLoop,
    ...op.end,
  ];
}

function buildModule(): Uint8Array {
  const type = section(
    1,
    vec([
      [0x60, ...vec(PARAMS.map((t) => [t])), 0],
      [0x60, ...vec([...PARAMS, I32].map((t) => [t])), 0],
    ]),
  );
  const funcs = section(3, vec([[0], [0], [1], [1]]));
  const memory = section(5, vec([[0x00, 1]]));
  const exports = section(
    7,
    vec([
      [...str('mem'), 0x02, 0],
      [...str('dice_row'), 0x00, 0],
      [...str('dice_row_simd'), 0x00, 1],
      [...str('dice_sliced'), 0x00, 2],
      [...str('dice_sliced_not'), 0x00, 3],
    ]),
  );
  const body = (b: number[]) => [...uleb(b.length), ...b];
  const code = section(
    10,
    vec([body(scalarKernel()), body(simdKernel()), body(slicedKernel(false)), body(slicedKernel(true))]),
  );
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...type,
    ...funcs,
    ...memory,
    ...exports,
    ...code,
  ]);
}

/** The parts of the WebAssembly API used here (the project's lib settings do not include its types). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

type DiceRowFn = (q: number, b: number, n: number, pops: number, popq: number, out: number) => void;
type DiceSlicedFn = (
  sel: number,
  nsel: number,
  planes: number,
  groups: number,
  pops: number,
  popq: number,
  out: number,
) => void;
interface DiceWasm {
  readonly memory: WasmMemory;
  readonly diceRow: DiceRowFn;
  readonly diceRowSimd: DiceRowFn;
  readonly diceSliced: DiceSlicedFn;
  readonly diceSlicedNot: DiceSlicedFn;
}

let wasmCache: DiceWasm | null | undefined;

/** The WebAssembly kernels, or null when this runtime cannot compile them. */
export function diceWasm(): DiceWasm | null {
  if (wasmCache !== undefined) return wasmCache;
  try {
    const mod = new WA.Module(buildModule());
    const inst = new WA.Instance(mod, {});
    const e = inst.exports as {
      mem: WasmMemory;
      dice_row: DiceRowFn;
      dice_row_simd: DiceRowFn;
      dice_sliced: DiceSlicedFn;
      dice_sliced_not: DiceSlicedFn;
    };
    wasmCache = {
      memory: e.mem,
      diceRow: e.dice_row,
      diceRowSimd: e.dice_row_simd,
      diceSliced: e.dice_sliced,
      diceSlicedNot: e.dice_sliced_not,
    };
  } catch {
    wasmCache = null;
  }
  return wasmCache;
}

/**
 * A set of filters loaded once into WebAssembly memory, compared against one query filter at a time.
 * The memory is shared by all instances: use one DiceMatrix at a time.
 */
export type DiceKernel = 'sliced' | 'scalar' | 'simd' | 'js';

export class DiceMatrix {
  readonly size: number;
  private readonly wasm: DiceWasm | null;
  private readonly filters: Uint32Array;
  private readonly pops: Int32Array;
  private readonly base: number;
  private readonly popsAt: number;
  private readonly queryAt: number;
  private readonly outAt: number;
  private readonly kernel: DiceKernel;
  private out: Float32Array = new Float32Array(0);

  constructor(filters: Uint32Array, kernel: DiceKernel = 'sliced') {
    this.size = filters.length / FILTER_WORDS;
    this.filters = filters;
    this.pops = Int32Array.from({ length: this.size }, (_, i) => filterPopcount(filters, i));
    this.wasm = kernel === 'js' ? null : diceWasm();
    this.kernel = this.wasm ? kernel : 'js';
    if (this.kernel === 'sliced') {
      // query bit list at 0, then the planes, the popcounts and the output, group by group
      const groups = Math.ceil(this.size / SLICE_ROWS);
      this.queryAt = 0;
      this.base = SLICE_SCRATCH + (FILTER_BITS + 16) * 4 + 64;
      this.popsAt = this.base + groups * SLICE_GROUP_BYTES;
      this.outAt = this.popsAt + groups * SLICE_ROWS * 4;
      const mem = this.wasm!.memory;
      const need = this.outAt + groups * SLICE_ROWS * 4;
      if (mem.buffer.byteLength < need) mem.grow(Math.ceil((need - mem.buffer.byteLength) / 65536));
      const bytes = new Uint8Array(mem.buffer, this.base, groups * SLICE_GROUP_BYTES);
      bytes.fill(0);
      for (let r = 0; r < this.size; r++) {
        const at = Math.floor(r / SLICE_ROWS) * SLICE_GROUP_BYTES + (r & 15);
        const bit = 1 << ((r % SLICE_ROWS) >> 4);
        for (let w = 0; w < FILTER_WORDS; w++) {
          let x = filters[r * FILTER_WORDS + w]!;
          while (x !== 0) {
            const k = w * 32 + (31 - Math.clz32(x & -x));
            bytes[at + k * 16]! |= bit;
            x &= x - 1;
          }
        }
      }
      const pops = new Int32Array(mem.buffer, this.popsAt, groups * SLICE_ROWS);
      pops.fill(0);
      pops.set(this.pops);
      return;
    }
    this.base = FILTER_BYTES;
    this.popsAt = this.base + this.size * FILTER_BYTES;
    this.queryAt = 0;
    this.outAt = this.popsAt + this.size * 4;
    if (this.wasm) {
      const need = this.outAt + this.size * 4;
      const mem = this.wasm.memory;
      if (mem.buffer.byteLength < need) mem.grow(Math.ceil((need - mem.buffer.byteLength) / 65536));
      new Uint32Array(mem.buffer, this.base, filters.length).set(filters);
      new Int32Array(mem.buffer, this.popsAt, this.size).set(this.pops);
    } else {
      this.out = new Float32Array(this.size);
    }
  }

  /** Dice of `query` (filter q of `queries`) against rows [from, to): a view valid until the next call. */
  row(queries: Uint32Array, q: number, from = 0, to = this.size): Float32Array {
    const n = to - from;
    if (!this.wasm) {
      const out = this.out.length >= n ? this.out : new Float32Array(n);
      for (let r = 0; r < n; r++) out[r] = diceJs(queries, q, this.filters, from + r);
      this.out = out;
      return out.subarray(0, n);
    }
    const mem = this.wasm.memory.buffer;
    const popq = filterPopcount(queries, q);
    if (this.kernel === 'sliced') {
      const out = new Float32Array(mem, this.outAt + from * 4, n);
      if (popq === 0 || n <= 0) return out.fill(0);
      const sel = new Int32Array(mem, this.queryAt + SLICE_SCRATCH, FILTER_BITS + 16);
      // a dense query is counted by its zero bits (at most 512 planes either way)
      const complement = popq > FILTER_BITS / 2;
      let m = 0;
      for (let w = 0; w < FILTER_WORDS; w++) {
        let x = complement ? ~queries[q * FILTER_WORDS + w]! : queries[q * FILTER_WORDS + w]!;
        while (x !== 0) {
          sel[m++] = (w * 32 + (31 - Math.clz32(x & -x))) * 16;
          x &= x - 1;
        }
      }
      while (m % 16 !== 0) sel[m++] = FILTER_BITS * 16;
      const g0 = Math.floor(from / SLICE_ROWS);
      const g1 = Math.ceil(to / SLICE_ROWS);
      (complement ? this.wasm.diceSlicedNot : this.wasm.diceSliced)(
        this.queryAt,
        m,
        this.base + g0 * SLICE_GROUP_BYTES,
        g1 - g0,
        this.popsAt + g0 * SLICE_ROWS * 4,
        popq,
        this.outAt + g0 * SLICE_ROWS * 4,
      );
      return out;
    }
    const out = new Float32Array(mem, this.outAt, n);
    // an empty query shares no bit with any row: Dice 0 (also for empty rows, as diceJs)
    if (popq === 0) return out.fill(0);
    new Uint32Array(mem, this.queryAt, FILTER_WORDS).set(
      queries.subarray(q * FILTER_WORDS, (q + 1) * FILTER_WORDS),
    );
    const fn = this.kernel === 'simd' ? this.wasm.diceRowSimd : this.wasm.diceRow;
    fn(this.queryAt, this.base + from * FILTER_BYTES, n, this.popsAt + from * 4, popq, this.outAt);
    return out;
  }
}
