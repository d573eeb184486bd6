/**
 * A memo of small non-negative integers (comparison levels) keyed by a pair of non-negative int32 codes: open
 * addressing over typed arrays, so that a look-up neither hashes a heap number nor allocates (a Map keyed by
 * x * 2^22 + y did both once the vocabulary passed 32,768 values). Holds at most `limit` pairs; beyond that,
 * `set` does nothing (the caller computes again, with the same result).
 */
export class PairCache {
  private xs: Int32Array;
  private ys: Int32Array;
  private vs: Int8Array;
  private mask: number;
  size = 0;

  constructor(
    private readonly limit: number,
    capacity = 1 << 12,
  ) {
    this.xs = new Int32Array(capacity);
    this.ys = new Int32Array(capacity);
    this.vs = new Int8Array(capacity);
    this.mask = capacity - 1;
  }

  private slot(x: number, y: number): number {
    return (Math.imul(x, 0x9e3779b1) ^ Math.imul(y + 0x7f4a7c15, 0x85ebca77)) >>> 0;
  }

  /** The value stored for (x, y), or -1. x and y: 0 to 2^31 - 2. */
  get(x0: number, y0: number): number {
    const x = x0 + 1;
    const y = y0 + 1;
    const { xs, ys, mask } = this;
    let s = this.slot(x, y) & mask;
    for (;;) {
      const kx = xs[s]!;
      if (kx === 0) return -1;
      if (kx === x && ys[s] === y) return this.vs[s]!;
      s = (s + 1) & mask;
    }
  }

  /** Stores v (0..127) for (x, y), which must not be stored yet; nothing once `limit` pairs are held. */
  set(x0: number, y0: number, v: number): void {
    if (this.size >= this.limit) return;
    const x = x0 + 1;
    const y = y0 + 1;
    if ((this.size + 1) * 2 > this.xs.length) this.grow();
    const { xs, ys, mask } = this;
    let s = this.slot(x, y) & mask;
    while (xs[s] !== 0) s = (s + 1) & mask;
    xs[s] = x;
    ys[s] = y;
    this.vs[s] = v;
    this.size++;
  }

  private grow(): void {
    const { xs, ys, vs } = this;
    const cap = xs.length * 2;
    this.xs = new Int32Array(cap);
    this.ys = new Int32Array(cap);
    this.vs = new Int8Array(cap);
    this.mask = cap - 1;
    for (let s = 0; s < xs.length; s++) {
      const x = xs[s]!;
      if (x === 0) continue;
      let t = this.slot(x, ys[s]!) & this.mask;
      while (this.xs[t] !== 0) t = (t + 1) & this.mask;
      this.xs[t] = x;
      this.ys[t] = ys[s]!;
      this.vs[t] = vs[s]!;
    }
  }
}

/**
 * Slot numbers 0, 1, 2… for the distinct comparison patterns (uint32 codes) of the candidate pairs, found by open
 * addressing: per-pattern values then live in typed arrays indexed by slot, with no Map look-up per pair.
 */
export class CodeSlots {
  private keys = new Float64Array(1 << 10);
  private slots = new Int32Array(1 << 10);
  private mask = (1 << 10) - 1;
  size = 0;

  private static hash(key: number): number {
    return Math.imul(key | 0, 0x9e3779b1) ^ Math.imul(Math.floor(key / 4294967296), 0x85ebca77);
  }

  /** The slot of `code`, or -1. */
  get(code: number): number {
    const key = code + 1;
    let s = CodeSlots.hash(key) & this.mask;
    for (;;) {
      const k = this.keys[s]!;
      if (k === key) return this.slots[s]!;
      if (k === 0) return -1;
      s = (s + 1) & this.mask;
    }
  }

  /** Gives `code` (not present yet) the next slot and returns it. */
  add(code: number): number {
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    const slot = this.size++;
    this.put(code + 1, slot);
    return slot;
  }

  private put(key: number, slot: number): void {
    let s = CodeSlots.hash(key) & this.mask;
    while (this.keys[s] !== 0) s = (s + 1) & this.mask;
    this.keys[s] = key;
    this.slots[s] = slot;
  }

  private grow(): void {
    const { keys, slots } = this;
    this.keys = new Float64Array(keys.length * 2);
    this.slots = new Int32Array(keys.length * 2);
    this.mask = keys.length * 2 - 1;
    for (let s = 0; s < keys.length; s++) if (keys[s] !== 0) this.put(keys[s]!, slots[s]!);
  }
}
