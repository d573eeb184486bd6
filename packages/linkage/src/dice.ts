/**
 * Dice similarity of 1024-bit Bloom filters, 2|A∩B| / (|A| + |B|).
 * Filters are 32 × uint32 words. The hot loop runs in a small hand-assembled WebAssembly module
 * (i64.popcnt, or SIMD i8x16.popcnt), with a typed-array fallback in plain TypeScript.
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

// ---------- a tiny WebAssembly assembler for the one hot loop ----------

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

const I32 = 0x7f;
const I64 = 0x7e;
const V128 = 0x7b;
const op = {
  get: (i: number) => [0x20, ...uleb(i)],
  set: (i: number) => [0x21, ...uleb(i)],
  i32: (v: number) => [0x41, ...sleb(v)],
  i32add: [0x6a],
  i32ltu: [0x49],
  i64load: (off: number) => [0x29, 3, ...uleb(off)],
  i32load: (off: number) => [0x28, 2, ...uleb(off)],
  f32store: [0x38, 2, 0],
  i64and: [0x83],
  i64add: [0x7c],
  i64popcnt: [0x7b],
  i32wrap: [0xa7],
  f32fromI32u: [0xb3],
  f32div: [0x95],
  v128load: (off: number) => [0xfd, 0x00, 4, ...uleb(off)],
  v128and: [0xfd, 0x4e],
  i8popcnt: [0xfd, 0x62],
  i8add: [0xfd, 0x6e],
  i16extaddU: [0xfd, 0x7d],
  i32extaddU: [0xfd, 0x7f],
  i32lane: (l: number) => [0xfd, 0x1b, l],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  brIf: (d: number) => [0x0d, d],
  br: (d: number) => [0x0c, d],
  end: [0x0b],
};

/**
 * dice_row(q, b, n, pops, popq, out): for r in [0, n): out[r] = 2·popcount(q & b_r) / (popq + pops[r]),
 * q and b_r 128-byte filters (b rows contiguous), pops i32 per row, out f32 per row.
 * Params: 0 q, 1 b, 2 n, 3 pops, 4 popq, 5 out. Locals after params: 6 end (i32), 7.. cached query words.
 */
function diceRowBody(simd: boolean, scalarCached = SCALAR_CACHED_WORDS): number[] {
  const P = { q: 0, b: 1, n: 2, pops: 3, popq: 4, out: 5, end: 6, first: 7 };
  const cached = simd ? 8 : scalarCached;
  const locals = simd
    ? vec([
        [1, I32],
        [cached, V128],
      ])
    : vec([
        [1, I32],
        [cached, I64],
      ]);
  const code: number[] = [];
  // end = out + n*4  (loop on out pointer)
  code.push(...op.get(P.out), ...op.get(P.n), ...op.i32(4), 0x6c, ...op.i32add, ...op.set(P.end));
  for (let w = 0; w < cached; w++) {
    code.push(...op.get(P.q), ...(simd ? op.v128load(w * 16) : op.i64load(w * 8)), ...op.set(P.first + w));
  }
  code.push(...op.block, ...op.loop);
  // if !(out < end) break
  code.push(...op.get(P.out), ...op.get(P.end), ...op.i32ltu, 0x45, ...op.brIf(1));
  // address for the f32 store
  code.push(...op.get(P.out));
  // numerator: 2 * popcount
  if (simd) {
    for (let w = 0; w < cached; w++) {
      code.push(
        ...op.get(P.first + w),
        ...op.get(P.b),
        ...op.v128load(w * 16),
        ...op.v128and,
        ...op.i8popcnt,
      );
      if (w > 0) code.push(...op.i8add);
    }
    code.push(...op.i16extaddU, ...op.i32extaddU);
    // sum 4 lanes: keep vector in a local? use tee into local P.first+cached (not declared) -> recompute via lanes
    // We stash it in param `q` slot is i32; so instead declare extra v128 local index first+cached.
    code.push(...op.set(P.first + cached));
    code.push(
      ...op.get(P.first + cached),
      ...op.i32lane(0),
      ...op.get(P.first + cached),
      ...op.i32lane(1),
      ...op.i32add,
    );
    code.push(
      ...op.get(P.first + cached),
      ...op.i32lane(2),
      ...op.i32add,
      ...op.get(P.first + cached),
      ...op.i32lane(3),
    );
    code.push(...op.i32add);
  } else {
    // 16 words: popcount(q_w & b_w); the query stays in 16 i64 locals
    const word = (w: number) =>
      w < cached
        ? [...op.get(P.first + w), ...op.get(P.b), ...op.i64load(w * 8), ...op.i64and, ...op.i64popcnt]
        : [
            ...op.get(P.q),
            ...op.i64load(w * 8),
            ...op.get(P.b),
            ...op.i64load(w * 8),
            ...op.i64and,
            ...op.i64popcnt,
          ];
    // a linear sum measured faster than a balanced tree here (fewer live values, no spills)
    for (let w = 0; w < FILTER_BYTES / 8; w++) {
      code.push(...word(w));
      if (w > 0) code.push(...op.i64add);
    }
    code.push(...op.i32wrap);
  }
  code.push(...op.i32(1), 0x74 /* i32.shl */, ...op.f32fromI32u);
  code.push(
    ...op.get(P.popq),
    ...op.get(P.pops),
    ...op.i32load(0),
    ...op.i32add,
    ...op.f32fromI32u,
    ...op.f32div,
  );
  code.push(...op.f32store);
  // advance
  code.push(...op.get(P.b), ...op.i32(FILTER_BYTES), ...op.i32add, ...op.set(P.b));
  code.push(...op.get(P.pops), ...op.i32(4), ...op.i32add, ...op.set(P.pops));
  code.push(...op.get(P.out), ...op.i32(4), ...op.i32add, ...op.set(P.out));
  code.push(...op.br(0), ...op.end, ...op.end, ...op.end);
  const localsFixed = simd
    ? vec([
        [1, I32],
        [cached + 1, V128],
      ])
    : locals;
  const body = [...localsFixed, ...code];
  return [...uleb(body.length), ...body];
}

/** Query words kept in locals by the scalar kernel (the rest re-loaded); 16 measured fastest (vs 0, 8, 12). */
const SCALAR_CACHED_WORDS = 16;

function buildModule(): Uint8Array {
  const type = section(1, vec([[0x60, ...vec([[I32], [I32], [I32], [I32], [I32], [I32]]), 0]]));
  const funcs = section(3, vec([[0], [0]]));
  const memory = section(5, vec([[0x00, 1]]));
  const exports = section(
    7,
    vec([
      [...str('mem'), 0x02, 0],
      [...str('dice_row'), 0x00, 0],
      [...str('dice_row_simd'), 0x00, 1],
    ]),
  );
  const code = section(10, vec([diceRowBody(false), diceRowBody(true)]));
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
interface DiceWasm {
  readonly memory: WasmMemory;
  readonly diceRow: DiceRowFn;
  readonly diceRowSimd: DiceRowFn;
}

let wasmCache: DiceWasm | null | undefined;

/** The WebAssembly kernels, or null when this runtime cannot compile them. */
export function diceWasm(): DiceWasm | null {
  if (wasmCache !== undefined) return wasmCache;
  try {
    const mod = new WA.Module(buildModule());
    const inst = new WA.Instance(mod, {});
    const e = inst.exports as { mem: WasmMemory; dice_row: DiceRowFn; dice_row_simd: DiceRowFn };
    wasmCache = { memory: e.mem, diceRow: e.dice_row, diceRowSimd: e.dice_row_simd };
  } catch {
    wasmCache = null;
  }
  return wasmCache;
}

/**
 * A set of filters loaded once into WebAssembly memory, compared against one query filter at a time.
 */
export class DiceMatrix {
  readonly size: number;
  private readonly wasm: DiceWasm | null;
  private readonly filters: Uint32Array;
  private readonly pops: Int32Array;
  private readonly base: number;
  private readonly popsAt: number;
  private readonly queryAt: number;
  private readonly outAt: number;
  private readonly kernel: 'scalar' | 'simd' | 'js';
  private out: Float32Array = new Float32Array(0);

  constructor(filters: Uint32Array, kernel: 'scalar' | 'simd' | 'js' = 'scalar') {
    this.size = filters.length / FILTER_WORDS;
    this.filters = filters;
    this.pops = Int32Array.from({ length: this.size }, (_, i) => filterPopcount(filters, i));
    this.wasm = kernel === 'js' ? null : diceWasm();
    this.kernel = this.wasm ? kernel : 'js';
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
    const popq = filterPopcount(queries, q);
    if (!this.wasm || popq === 0) {
      const out = this.out.length >= n ? this.out : new Float32Array(n);
      for (let r = 0; r < n; r++) out[r] = diceJs(queries, q, this.filters, from + r);
      this.out = out;
      return out.subarray(0, n);
    }
    const mem = this.wasm.memory.buffer;
    new Uint32Array(mem, this.queryAt, FILTER_WORDS).set(
      queries.subarray(q * FILTER_WORDS, (q + 1) * FILTER_WORDS),
    );
    const fn = this.kernel === 'simd' ? this.wasm.diceRowSimd : this.wasm.diceRow;
    fn(this.queryAt, this.base + from * FILTER_BYTES, n, this.popsAt + from * 4, popq, this.outAt);
    return new Float32Array(mem, this.outAt, n);
  }
}
