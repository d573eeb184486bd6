/** Where an exchange folder is read from: a directory on disk, or files in memory (tests, uploads). */
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface FolderSource {
  /** Names and byte sizes of the regular files of the folder. */
  list(): Promise<{ name: string; size: number }[]>;
  /** The bytes of one file, streamed. */
  open(name: string): AsyncIterable<Uint8Array>;
}

export function directorySource(dir: string): FolderSource {
  return {
    async list() {
      const out: { name: string; size: number }[] = [];
      for (const ent of await readdir(dir, { withFileTypes: true })) {
        if (!ent.isFile() || ent.name.startsWith('.')) continue;
        out.push({ name: ent.name, size: (await stat(join(dir, ent.name))).size });
      }
      return out.sort((a, b) => (a.name < b.name ? -1 : 1));
    },
    open(name) {
      return createReadStream(join(dir, name), { highWaterMark: 256 * 1024 });
    },
  };
}

/** A folder held in memory; string contents are encoded as UTF-8. Chunked to exercise streaming. */
export function memorySource(
  files: Record<string, string | Uint8Array>,
  chunkSize = 64 * 1024,
): FolderSource {
  const enc = new TextEncoder();
  const bytes = new Map(
    Object.entries(files).map(([k, v]) => [k, typeof v === 'string' ? enc.encode(v) : v] as const),
  );
  return {
    async list() {
      return [...bytes]
        .map(([name, b]) => ({ name, size: b.byteLength }))
        .sort((a, b) => (a.name < b.name ? -1 : 1));
    },
    async *open(name) {
      const b = bytes.get(name);
      if (!b) throw new Error(`no such file: ${name}`);
      for (let i = 0; i < b.byteLength; i += chunkSize) yield b.subarray(i, i + chunkSize);
    },
  };
}
