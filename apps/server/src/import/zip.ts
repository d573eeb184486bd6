/**
 * Unpacks an uploaded .zip of an exchange folder into a temporary directory, streaming (bounded
 * memory), with guards: only plain `*.csv` names (one optional top-level folder), at most 32 files,
 * and a cap on the unpacked size against zip bombs.
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { basename, join } from 'node:path';
import { Unzip, UnzipInflate, UnzipPassThrough } from 'fflate';
import { badInput } from '../errors.ts';

export interface UnzipLimits {
  maxFiles?: number;
  maxBytes?: number;
}

export async function unzipToDir(zipFile: string, dir: string, limits: UnzipLimits = {}): Promise<string[]> {
  const maxFiles = limits.maxFiles ?? 32;
  const maxBytes = limits.maxBytes ?? 16 * 2 ** 30;
  const names: string[] = [];
  const writes: Promise<void>[] = [];
  let total = 0;
  let failure: Error | null = null;
  const active = new Set<WriteStream>();
  const unzip = new Unzip((file) => {
    if (failure) return;
    if (file.name.endsWith('/')) return; // a folder entry
    const parts = file.name.split('/');
    if (parts.length > 2 || parts.some((p) => p === '..' || p === '') || file.name.startsWith('/')) {
      failure = badInput(`unsupported path in the .zip: ${file.name}`);
      return;
    }
    const name = basename(file.name);
    if (name.startsWith('.') || parts[0] === '__MACOSX') return; // metadata of archivers
    if (names.includes(name)) {
      failure = badInput(`the .zip holds ${name} twice`);
      return;
    }
    if (names.length >= maxFiles) {
      failure = badInput(`the .zip holds more than ${maxFiles} files`);
      return;
    }
    names.push(name);
    const out: WriteStream = createWriteStream(join(dir, name));
    file.ondata = (err, chunk, final) => {
      if (err) {
        failure ??= badInput(`the .zip is damaged: ${err.message}`);
        out.destroy();
        return;
      }
      total += chunk.byteLength;
      if (total > maxBytes) {
        failure ??= badInput('the .zip unpacks to more than the allowed size');
        out.destroy();
        return;
      }
      out.write(chunk);
      if (final) {
        out.end();
        active.delete(out);
      }
    };
    active.add(out);
    writes.push(once(out, 'close').then(() => {}));
    file.start();
  });
  unzip.register(UnzipInflate);
  unzip.register(UnzipPassThrough);
  for await (const chunk of createReadStream(zipFile, { highWaterMark: 256 * 1024 })) {
    unzip.push(chunk as Uint8Array);
    if (failure) throw failure;
    // backpressure: let the disk catch up before inflating more
    for (const out of active) if (out.writableNeedDrain) await once(out, 'drain');
  }
  unzip.push(new Uint8Array(0), true);
  await Promise.all(writes);
  if (failure) throw failure;
  if (!names.length) throw badInput('the .zip is empty or not a .zip file');
  return names;
}
