import { createReadStream } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';

/**
 * A minimal POSIX tar (ustar) writer and reader for backups: a backup is a plain tar file that `tar tf` lists
 * and `tar xf` unpacks (by hand, in an emergency). Entries are streamed; an entry whose size is unknown in
 * advance (the output of pg_dump) gets its header written after its data. Sizes of 8 GiB and more use the
 * GNU base-256 size field.
 */
const BLOCK = 512;

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function header(name: string, size: number, type: '0' | '5', mode: number, mtime: number): Buffer {
  const b = Buffer.alloc(BLOCK);
  let prefix = '';
  let base = name;
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf('/', name.length - 2);
    prefix = name.slice(0, cut);
    base = name.slice(cut + 1);
    if (cut < 0 || Buffer.byteLength(base) > 100 || Buffer.byteLength(prefix) > 155)
      throw new Error(`path too long for a tar entry: ${name}`);
  }
  b.write(base, 0, 100, 'utf8');
  b.write(octal(mode & 0o7777, 8), 100, 'ascii');
  b.write(octal(0, 8), 108, 'ascii');
  b.write(octal(0, 8), 116, 'ascii');
  if (size < 8 ** 11) b.write(octal(size, 12), 124, 'ascii');
  else {
    b[124] = 0x80;
    let v = BigInt(size);
    for (let i = 135; i > 124; i--) {
      b[i] = Number(v & 0xffn);
      v >>= 8n;
    }
  }
  b.write(octal(Math.floor(mtime), 12), 136, 'ascii');
  b.write('        ', 148, 'ascii');
  b.write(type, 156, 'ascii');
  b.write('ustar\0', 257, 'ascii');
  b.write('00', 263, 'ascii');
  b.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of b) sum += byte;
  b.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return b;
}

const padding = (size: number) => (BLOCK - (size % BLOCK)) % BLOCK;

export class TarWriter {
  private pos = 0;
  private constructor(private readonly fh: FileHandle) {}

  static async create(file: string): Promise<TarWriter> {
    return new TarWriter(await open(file, 'wx', 0o600));
  }

  private async write(buf: Buffer): Promise<void> {
    let off = 0;
    while (off < buf.length) {
      const { bytesWritten } = await this.fh.write(buf, off, buf.length - off, this.pos);
      off += bytesWritten;
      this.pos += bytesWritten;
    }
  }

  async directory(name: string, mode = 0o700, mtime = Date.now() / 1000): Promise<void> {
    await this.write(header(name.endsWith('/') ? name : `${name}/`, 0, '5', mode, mtime));
  }

  async file(name: string, data: Buffer, mode = 0o600, mtime = Date.now() / 1000): Promise<void> {
    await this.write(header(name, data.length, '0', mode, mtime));
    await this.write(data);
    await this.write(Buffer.alloc(padding(data.length)));
  }

  /** An entry streamed from `chunks`; its header is written once its size is known. Returns the size. */
  async stream(
    name: string,
    chunks: AsyncIterable<Buffer | Uint8Array>,
    opts: { mode?: number; mtime?: number; onChunk?: (chunk: Buffer) => void } = {},
  ): Promise<number> {
    const at = this.pos;
    await this.write(Buffer.alloc(BLOCK));
    let size = 0;
    for await (const c of chunks) {
      const chunk = Buffer.isBuffer(c) ? c : Buffer.from(c);
      opts.onChunk?.(chunk);
      await this.write(chunk);
      size += chunk.length;
    }
    await this.write(Buffer.alloc(padding(size)));
    const h = header(name, size, '0', opts.mode ?? 0o600, opts.mtime ?? Date.now() / 1000);
    await this.fh.write(h, 0, BLOCK, at);
    return size;
  }

  get bytesWritten(): number {
    return this.pos;
  }

  /** Ends the archive (two zero blocks), flushes it to disk and closes the file. */
  async close(): Promise<void> {
    await this.write(Buffer.alloc(2 * BLOCK));
    await this.fh.sync();
    await this.fh.close();
  }

  async abort(): Promise<void> {
    await this.fh.close().catch(() => undefined);
  }
}

export interface TarEntry {
  name: string;
  type: 'file' | 'directory' | 'other';
  size: number;
  mode: number;
  /** Offset of the entry's data in the archive. */
  offset: number;
}

function parseOctal(b: Buffer, start: number, len: number): number {
  if ((b[start]! & 0x80) !== 0) {
    let v = 0n;
    for (let i = start + 1; i < start + len; i++) v = (v << 8n) | BigInt(b[i]!);
    return Number(v);
  }
  const s = b
    .subarray(start, start + len)
    .toString('ascii')
    .replace(/[\0 ]+$/g, '')
    .trim();
  return s ? Number.parseInt(s, 8) : 0;
}

const cstr = (b: Buffer, start: number, len: number) => {
  const part = b.subarray(start, start + len);
  const end = part.indexOf(0);
  return part.subarray(0, end < 0 ? len : end).toString('utf8');
};

/** Lists the entries of a tar file (headers only; the data is read with `readEntry`). */
export async function listTar(file: string): Promise<TarEntry[]> {
  const fh = await open(file, 'r');
  try {
    const entries: TarEntry[] = [];
    const size = (await fh.stat()).size;
    const b = Buffer.alloc(BLOCK);
    let pos = 0;
    while (pos + BLOCK <= size) {
      const { bytesRead } = await fh.read(b, 0, BLOCK, pos);
      if (bytesRead < BLOCK || b.every((x) => x === 0)) break;
      let sum = 0;
      for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : b[i]!;
      if (sum !== parseOctal(b, 148, 8)) throw new Error(`not a tar file, or damaged at byte ${pos}`);
      const prefix = cstr(b, 345, 155);
      const base = cstr(b, 0, 100);
      const type = String.fromCharCode(b[156]!);
      const entrySize = parseOctal(b, 124, 12);
      entries.push({
        name: prefix ? `${prefix}/${base}` : base,
        type: type === '0' || type === '\0' ? 'file' : type === '5' ? 'directory' : 'other',
        size: entrySize,
        mode: parseOctal(b, 100, 8),
        offset: pos + BLOCK,
      });
      pos += BLOCK + entrySize + padding(entrySize);
    }
    if (pos > size) throw new Error('the tar file is truncated');
    return entries;
  } finally {
    await fh.close();
  }
}

/** The data of one entry, streamed. */
export function readEntry(file: string, e: TarEntry): AsyncIterable<Buffer> {
  if (e.size === 0) return (async function* () {})();
  return createReadStream(file, { start: e.offset, end: e.offset + e.size - 1 });
}
