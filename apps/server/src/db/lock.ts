import { randomBytes } from 'node:crypto';
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../errors.ts';

/**
 * One process owns an embedded database folder at a time. Two PGlite instances on one folder do not see each
 * other's writes and overwrite each other's files: an acknowledged write could silently disappear. The owner
 * holds `DIR/enlace.lock`, created atomically (`O_CREAT | O_EXCL`), holding its pid, host, command and start
 * time; it is removed when the database is closed or the process exits. A lock left by a process that died
 * (same host, pid gone, or the pid now belongs to a process started later) is taken over under a short
 * take-over lock, so two processes that find the same stale lock never both win.
 */
export interface FolderLockOwner {
  pid: number;
  host: string;
  command: string;
  startedAt: string;
  /** Linux: the process's start time in clock ticks since boot (/proc/PID/stat field 22), to detect pid reuse. */
  procStart: string | null;
  token: string;
}

export interface FolderLock {
  readonly file: string;
  readonly owner: FolderLockOwner;
  release(): void;
}

export const LOCK_FILE = 'enlace.lock';

/** Folders locked by this process (a second open in the same process is refused as well). */
const held = new Map<string, FolderLock>();

function procStartOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may contain spaces: count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

/** The command that runs, without its options' values (no personal data such as e-mail addresses). */
export function describeCommand(argv: readonly string[] = process.argv): string {
  const script = argv[1] ? basename(argv[1]) : 'node';
  if (/^enlace(\.m?js)?$/.test(script)) {
    const words: string[] = [];
    for (const a of argv.slice(2)) {
      if (a.startsWith('-') || words.length === 2) break;
      words.push(a);
    }
    return ['enlace', ...words].join(' ');
  }
  return `node ${script}`;
}

/**
 * The lock file as read: the owner's pid and host are required (without them the file cannot name a live
 * owner); the rest is descriptive and defaults when an older or damaged file lacks it.
 */
const LockFile = z.object({
  pid: z.number(),
  host: z.string(),
  command: z
    .unknown()
    .optional()
    .transform((v) => String(v ?? 'unknown command')),
  startedAt: z
    .unknown()
    .optional()
    .transform((v) => String(v ?? 'unknown time')),
  procStart: z
    .string()
    .nullish()
    .catch(null)
    .transform((v) => v ?? null),
  token: z
    .unknown()
    .optional()
    .transform((v) => String(v ?? '')),
});

function readOwner(file: string): FolderLockOwner | undefined {
  try {
    const parsed = LockFile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the owner is certainly gone: same host, and its pid is not running (or runs a later process). */
function isStale(o: FolderLockOwner): boolean {
  if (o.host !== hostname()) return false;
  try {
    process.kill(o.pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
  if (o.procStart === null) return false;
  const now = procStartOf(o.pid);
  return now !== null && now !== o.procStart;
}

/** Creates `file` with `content` only if it does not exist: written aside, then hard-linked (atomic, whole). */
function createExclusive(file: string, content: string): boolean {
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    unlinkSync(tmp);
  }
}

function inUse(dir: string, o: FolderLockOwner | undefined, file: string): AppError {
  const who = o
    ? `\`${o.command}\` (pid ${o.pid}${o.host === hostname() ? '' : ` on host ${o.host}`}, since ${o.startedAt})`
    : `another process (the lock file ${file} is unreadable; remove it if no Enlace process uses the folder)`;
  const remote =
    o && o.host !== hostname()
      ? ` If that host is down and no process uses the folder any more, remove ${file}.`
      : '';
  return new AppError(
    'database_in_use',
    `the embedded database in ${dir} is in use by ${who}; stop it or run this command against the server with DATABASE_URL.${remote}`,
    { exitCode: 4 },
  );
}

/**
 * Takes the lock of an embedded database folder (creating the folder, owner-only, if needed) or throws
 * `database_in_use` naming the process that holds it.
 */
export function acquireFolderLock(dir: string, opts: { command?: string } = {}): FolderLock {
  const file = join(dir, LOCK_FILE);
  const mine = held.get(file);
  if (mine) {
    throw new AppError(
      'database_in_use',
      `the embedded database in ${dir} is already open in this process (${mine.owner.command})`,
      { exitCode: 4 },
    );
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const owner: FolderLockOwner = {
    pid: process.pid,
    host: hostname(),
    command: opts.command ?? describeCommand(),
    startedAt: new Date().toISOString(),
    procStart: procStartOf(process.pid),
    token: randomBytes(12).toString('hex'),
  };
  const content = `${JSON.stringify(owner)}\n`;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (createExclusive(file, content)) return hold(file, owner);
    const current = readOwner(file);
    if (!current || !isStale(current)) throw inUse(dir, current, file);
    takeOverStale(file, current);
  }
  throw inUse(dir, readOwner(file), file);
}

/**
 * Removes a stale lock, under `enlace.lock.takeover` (itself created exclusively) so that of several processes
 * that found the same stale lock, only one removes it: the others re-read the lock, find the winner's, and stop.
 */
function takeOverStale(file: string, stale: FolderLockOwner): void {
  const guard = `${file}.takeover`;
  const me = `${JSON.stringify({ pid: process.pid, host: hostname(), procStart: procStartOf(process.pid), command: 'take-over', startedAt: new Date().toISOString(), token: '' })}\n`;
  if (!createExclusive(guard, me)) {
    // A take-over in progress; if its process died mid-way, clear it so a later attempt can proceed.
    const g = readOwner(guard);
    if (g && isStale(g)) {
      try {
        unlinkSync(guard);
      } catch {
        /* someone else cleared it */
      }
    }
    return;
  }
  try {
    const again = readOwner(file);
    if (again && again.token === stale.token && again.pid === stale.pid) unlinkSync(file);
  } finally {
    unlinkSync(guard);
  }
}

function hold(file: string, owner: FolderLockOwner): FolderLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    held.delete(file);
    process.removeListener('exit', release);
    const current = readOwner(file);
    if (current && current.token === owner.token) {
      try {
        unlinkSync(file);
      } catch {
        /* already gone */
      }
    }
  };
  process.on('exit', release);
  const lock = { file, owner, release };
  held.set(file, lock);
  return lock;
}

/** The current owner of a folder's lock, if any (for messages). */
export function folderLockOwner(dir: string): FolderLockOwner | undefined {
  return readOwner(join(dir, LOCK_FILE));
}
