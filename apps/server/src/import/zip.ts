/**
 * Unpacks an uploaded .zip of an exchange folder into a temporary directory, streaming with bounded memory,
 * with guards checked while it inflates (never trusting the sizes the archive declares):
 * - names: plain names, at most one top-level folder; no `..`, absolute paths, drive letters, backslashes,
 *   control characters (NUL…) or names over 255 bytes; a file name twice is refused;
 * - at most `maxFiles` files and `maxEntries` entries of any kind (folders and archivers' metadata included);
 * - at most `maxBytes` unpacked in all (default 512 MiB);
 * - at most `maxRatio` unpacked bytes per compressed byte read so far (default 200, plus 1 MiB of slack for
 *   small archives): a zip bomb is refused after inflating a few MiB, within a fraction of a second.
 * The archive is fed to the inflater 16 KiB at a time, so one step can produce at most ~16 MiB (deflate's
 * ratio is at most 1032:1). Damaged, truncated, encrypted or unsupported archives are a 400, never a 500.
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { open as openFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Unzip, type UnzipFile, UnzipInflate, UnzipPassThrough } from 'fflate';
import { AppError, badInput } from '../errors.ts';

export interface UnzipLimits {
  maxFiles?: number;
  maxEntries?: number;
  maxBytes?: number;
  maxRatio?: number;
}

export const ZIP_DEFAULTS = {
  maxFiles: 32,
  maxEntries: 256,
  maxBytes: 512 * 2 ** 20,
  maxRatio: 200,
} as const;

/** Unpacked bytes always allowed on top of the ratio (a tiny archive of a small folder compresses very well). */
const RATIO_SLACK = 2 ** 20;
const STEP = 16 * 1024;

const zipError = (code: string, message: string, status = 400) =>
  new AppError(code, message, { status, exitCode: 2 });

/** Why an entry name is refused, or null. */
function badName(name: string): string | null {
  if (Buffer.byteLength(name) > 255) return 'name too long';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused here
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'control character in the name';
  if (name.includes('\\') || name.includes(':')) return 'backslash or colon in the name';
  if (name.startsWith('/')) return 'absolute path';
  const parts = (name.endsWith('/') ? name.slice(0, -1) : name).split('/');
  if (parts.some((p) => p === '..' || p === '.' || p === '')) return 'relative path';
  if (parts.length > 2) return 'more than one folder level';
  return null;
}

/** A name for messages: printable, short. */
function shown(name: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are replaced for display
  const s = name.replace(/[\u0000-\u001f\u007f]/g, '?');
  return JSON.stringify(s.length > 80 ? `${s.slice(0, 80)}…` : s);
}

/**
 * The number of entries the archive's end-of-central-directory record declares (null for ZIP64, which keeps
 * it elsewhere), or an error when there is no such record: the file is not a .zip, or was cut short.
 */
async function declaredEntries(zipFile: string): Promise<number | null> {
  const fh = await openFile(zipFile, 'r');
  try {
    const { size } = await fh.stat();
    const len = Math.min(size, 22 + 0xffff);
    const buf = Buffer.alloc(len);
    await fh.read(buf, 0, len, size - len);
    for (let i = len - 22; i >= 0; i--) {
      if (buf.readUInt32LE(i) === 0x06054b50 && i + 22 + buf.readUInt16LE(i + 20) === len) {
        const n = buf.readUInt16LE(i + 10);
        return n === 0xffff ? null : n;
      }
    }
    throw badInput('the .zip is truncated or not a .zip file');
  } finally {
    await fh.close();
  }
}

export async function unzipToDir(zipFile: string, dir: string, limits: UnzipLimits = {}): Promise<string[]> {
  const maxFiles = limits.maxFiles ?? ZIP_DEFAULTS.maxFiles;
  const maxEntries = limits.maxEntries ?? ZIP_DEFAULTS.maxEntries;
  const maxBytes = limits.maxBytes ?? ZIP_DEFAULTS.maxBytes;
  const maxRatio = limits.maxRatio ?? ZIP_DEFAULTS.maxRatio;
  const declared = await declaredEntries(zipFile);
  const names: string[] = [];
  const open = new Map<UnzipFile, WriteStream>();
  const closed: Promise<unknown>[] = [];
  let entries = 0;
  let pushed = 0; // compressed bytes fed to the inflater so far
  let total = 0; // bytes unpacked so far
  let failure: AppError | null = null;
  const fail = (e: AppError) => {
    failure ??= e;
  };

  const unzip = new Unzip((file) => {
    if (failure) return;
    if (++entries > maxEntries) {
      fail(zipError('zip_too_many_entries', `the .zip holds more than ${maxEntries} entries`));
      return;
    }
    const why = badName(file.name);
    if (why) {
      fail(zipError('zip_bad_name', `unsupported name in the .zip (${why}): ${shown(file.name)}`));
      return;
    }
    if (file.name.endsWith('/')) return; // a folder entry
    const parts = file.name.split('/');
    const name = parts[parts.length - 1]!;
    if (name.startsWith('.') || parts[0] === '__MACOSX') return; // metadata of archivers
    if (names.includes(name)) {
      fail(zipError('zip_duplicate_entry', `the .zip holds ${shown(name)} twice`));
      return;
    }
    if (names.length >= maxFiles) {
      fail(zipError('zip_too_many_entries', `the .zip holds more than ${maxFiles} files`));
      return;
    }
    names.push(name);
    const out = createWriteStream(join(dir, name));
    closed.push(once(out, 'close').catch(() => {}));
    out.on('error', () => fail(zipError('zip_unreadable', 'the .zip could not be unpacked', 400)));
    open.set(file, out);
    file.ondata = (err, chunk, final) => {
      if (failure) return;
      if (err) {
        fail(zipError('zip_damaged', 'the .zip is damaged or uses an unsupported compression'));
        return;
      }
      total += chunk.byteLength;
      if (total > maxBytes) {
        fail(
          zipError(
            'zip_too_large',
            `the .zip unpacks to more than ${Math.round(maxBytes / 2 ** 20)} MiB (the limit of an upload)`,
            413,
          ),
        );
        return;
      }
      if (total > maxRatio * pushed + RATIO_SLACK) {
        fail(
          zipError(
            'zip_ratio',
            `the .zip unpacks to more than ${maxRatio} times its size (a zip bomb?); compress less or split it`,
          ),
        );
        return;
      }
      out.write(chunk);
      if (final) {
        out.end();
        open.delete(file);
      }
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  unzip.register(UnzipPassThrough);

  const push = (chunk: Uint8Array, final = false) => {
    try {
      unzip.push(chunk, final);
    } catch {
      // fflate throws on bad headers, unknown compression methods and data past the end
      fail(zipError('zip_damaged', 'the .zip is damaged or uses an unsupported compression'));
    }
  };

  try {
    for await (const chunk of createReadStream(zipFile, { highWaterMark: 256 * 1024 })) {
      const bytes = chunk as Uint8Array;
      for (let i = 0; i < bytes.byteLength && !failure; i += STEP) {
        const step = bytes.subarray(i, i + STEP);
        pushed += step.byteLength;
        push(step);
        // backpressure: let the disk catch up before inflating more
        for (const out of open.values()) {
          if (out.writableNeedDrain) await once(out, 'drain').catch(() => {}); // its error is reported
        }
      }
      if (failure) break;
    }
    if (!failure) push(new Uint8Array(0), true);
    if (!failure && open.size > 0) fail(zipError('zip_damaged', 'the .zip is truncated'));
    if (!failure && declared !== null && declared !== entries)
      fail(zipError('zip_damaged', 'the .zip is damaged: its entries do not match its central directory'));
  } finally {
    for (const out of open.values()) out.destroy();
    open.clear();
    await Promise.all(closed);
  }
  if (failure) throw failure;
  if (!names.length) throw badInput('the .zip is empty or not a .zip file');
  return names;
}
