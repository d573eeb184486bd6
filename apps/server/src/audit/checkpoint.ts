import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import type { Db } from '../db/index.ts';
import { derivedSecret } from '../security/crypto.ts';

/**
 * Signed checkpoints of the audit log's head, kept outside the database.
 *
 * The hash chain shows an altered entry, or one removed from the middle, but not the removal of the newest
 * entries: what is left is still a valid chain. A checkpoint records the head (the newest entry's id `seq` and
 * its `hash`) with an HMAC under a key derived from the master key, in a file outside the database (by default
 * `ENLACE_DATA_DIR/audit-checkpoint.json`, or `ENLACE_AUDIT_CHECKPOINT_FILE`). `enlace audit verify` then
 * checks that the entry `seq` is still there with that hash; if the log ends before it, entries were removed.
 * A database superuser who deletes rows cannot forge a checkpoint without the master key, nor rewrite the one
 * on the application host. The checkpoint only ever moves forward, and only when the log still holds the
 * previous one: once the newest entries are removed, later checkpoints keep the evidence.
 */
/** A checkpoint as written to its file (and printed to anchor elsewhere); read back with this schema. */
const AuditCheckpoint = z.object({
  v: z.literal(1),
  /** Checkpoint number, 1, 2, 3… in this file. */
  n: z.number().int().nonnegative(),
  /** `audit_log.id` of the newest entry when the checkpoint was taken. */
  seq: z.number().int().nonnegative(),
  /** That entry's chain hash. */
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  at: z.string(),
  /** HMAC-SHA256 (hex) under a key derived from the master key. */
  mac: z.string(),
});
export type AuditCheckpoint = z.infer<typeof AuditCheckpoint>;

export const CHECKPOINT_FILE = 'audit-checkpoint.json';

/**
 * Where the checkpoint is kept: ENLACE_AUDIT_CHECKPOINT_FILE, else the data folder: `audit-checkpoint.json` for
 * the embedded database there, `audit-checkpoint-HOST-PORT-DATABASE.json` for a server's database (one file per
 * database, so that two databases used from the same folder never share a checkpoint).
 */
export function checkpointFileFromEnv(env: NodeJS.ProcessEnv, dataDir: string): string {
  if (env.ENLACE_AUDIT_CHECKPOINT_FILE) return resolve(env.ENLACE_AUDIT_CHECKPOINT_FILE);
  const url = env.DATABASE_URL;
  if (!url) return resolve(join(dataDir, CHECKPOINT_FILE));
  let label: string;
  try {
    const u = new URL(url);
    const db =
      decodeURIComponent(u.pathname.replace(/^\//, '')) || decodeURIComponent(u.username) || 'postgres';
    label = `${u.hostname || 'local'}-${u.port || '5432'}-${db}`;
  } catch {
    label = 'server';
  }
  return resolve(join(dataDir, `audit-checkpoint-${label.replace(/[^A-Za-z0-9._-]/g, '_')}.json`));
}

const macText = (c: Omit<AuditCheckpoint, 'mac'>) =>
  `enlace-audit-checkpoint/v1|${c.n}|${c.seq}|${c.hash}|${c.at}`;

function macOf(c: Omit<AuditCheckpoint, 'mac'>): string {
  return createHmac('sha256', derivedSecret('audit-checkpoint')).update(macText(c)).digest('hex');
}

export type ParsedCheckpoint =
  | { ok: true; checkpoint: AuditCheckpoint }
  | { ok: false; problem: 'missing' | 'unreadable' | 'not_authentic'; message: string };

/** Parses and authenticates a checkpoint (a file's content or a printed, anchored copy). */
export function parseCheckpoint(text: string): ParsedCheckpoint {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'unreadable', message: 'the checkpoint is not valid JSON' };
  }
  const parsed = AuditCheckpoint.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return {
      ok: false,
      problem: 'unreadable',
      message: `the checkpoint lacks a field or has a wrong one (${issue.path.join('.') || 'checkpoint'}: ${issue.message})`,
    };
  }
  const cp = parsed.data;
  const expected = Buffer.from(macOf(cp), 'hex');
  const given = Buffer.from(cp.mac, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return {
      ok: false,
      problem: 'not_authentic',
      message: `checkpoint ${cp.n} is not authentic (its signature does not match this master key): it was forged or altered`,
    };
  }
  return { ok: true, checkpoint: cp };
}

export function readCheckpointFile(file: string): ParsedCheckpoint {
  if (!existsSync(file)) return { ok: false, problem: 'missing', message: `no checkpoint file ${file}` };
  return parseCheckpoint(readFileSync(file, 'utf8'));
}

/** The newest audit entry (id and hash), if any. */
export async function auditHead(db: Db): Promise<{ seq: number; hash: string } | undefined> {
  const { rows } = await db.query<{ id: number | string; hash: string }>(
    'SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1',
  );
  const r = rows[0];
  return r ? { seq: Number(r.id), hash: r.hash } : undefined;
}

export type CheckpointCheck =
  | { ok: true }
  | { ok: false; reason: 'ends_before' | 'missing' | 'differs'; message: string };

export function describeCheckpoint(c: AuditCheckpoint): string {
  return `checkpoint ${c.n} (seq ${c.seq}, hash ${c.hash})`;
}

/** Whether the log still holds the checkpoint's entry with the checkpoint's hash. */
export async function checkAgainstCheckpoint(db: Db, c: AuditCheckpoint): Promise<CheckpointCheck> {
  const { rows } = await db.query<{ hash: string }>('SELECT hash FROM audit_log WHERE id = $1', [c.seq]);
  const row = rows[0];
  if (row) {
    if (row.hash === c.hash) return { ok: true };
    return {
      ok: false,
      reason: 'differs',
      message: `entry ${c.seq} differs from ${describeCheckpoint(c)}: the log was rewritten`,
    };
  }
  const head = await auditHead(db);
  if (!head || head.seq < c.seq) {
    return {
      ok: false,
      reason: 'ends_before',
      message: `the log ends before ${describeCheckpoint(c)}: entries were removed${
        head ? ` (it ends at entry ${head.seq})` : ' (it is empty)'
      }`,
    };
  }
  return {
    ok: false,
    reason: 'missing',
    message: `entry ${c.seq} of ${describeCheckpoint(c)} is missing: entries were removed`,
  };
}

function writeAtomically(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  try {
    const dfd = openSync(dirname(file), 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  } catch {
    /* directories cannot be fsynced everywhere */
  }
}

export type CheckpointWrite =
  | { status: 'written'; checkpoint: AuditCheckpoint }
  | { status: 'unchanged'; checkpoint: AuditCheckpoint | undefined }
  /** The current checkpoint is not in the log any more (or not authentic): kept as evidence, not advanced. */
  | { status: 'refused'; message: string };

const writing = new Map<string, Promise<unknown>>();

/**
 * Records the log's current head as the next checkpoint, if it moved. Never moves the checkpoint backwards
 * or past a log that lost the previous checkpoint's entry (that is what `audit verify` must report).
 */
export function writeCheckpoint(db: Db, file: string): Promise<CheckpointWrite> {
  const previous = writing.get(file) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(() => writeCheckpointNow(db, file));
  writing.set(file, next);
  return next;
}

async function writeCheckpointNow(db: Db, file: string): Promise<CheckpointWrite> {
  const current = readCheckpointFile(file);
  if (!current.ok && current.problem !== 'missing') return { status: 'refused', message: current.message };
  const cp = current.ok ? current.checkpoint : undefined;
  if (cp) {
    const check = await checkAgainstCheckpoint(db, cp);
    if (!check.ok) return { status: 'refused', message: check.message };
  }
  const head = await auditHead(db);
  if (!head || (cp && head.seq <= cp.seq)) return { status: 'unchanged', checkpoint: cp };
  const body = {
    v: 1 as const,
    n: (cp?.n ?? 0) + 1,
    seq: head.seq,
    hash: head.hash,
    at: new Date().toISOString(),
  };
  const checkpoint: AuditCheckpoint = { ...body, mac: macOf(body) };
  writeAtomically(file, `${JSON.stringify(checkpoint)}\n`);
  return { status: 'written', checkpoint };
}

/**
 * Moves the checkpoint file aside (after a restore, whose log legitimately ends before it) and returns the
 * new name of the old file.
 */
export function setCheckpointAside(file: string, suffix: string): string | undefined {
  if (!existsSync(file)) return undefined;
  const aside = `${file}.${suffix}`;
  renameSync(file, aside);
  return aside;
}

export interface CheckpointTimer {
  stop(): Promise<void>;
}

/**
 * `enlace serve`: a checkpoint at start, every `intervalSeconds` when the log moved, and at shutdown. `print`
 * receives each new checkpoint as one JSON line (for anchoring elsewhere: a log collector, a ticket).
 */
export function startCheckpoints(
  db: Db,
  file: string,
  opts: { intervalSeconds: number; print?: (line: string) => void; warn: (line: string) => void },
): CheckpointTimer {
  let lastWarning = '';
  const once = async () => {
    try {
      const r = await writeCheckpoint(db, file);
      if (r.status === 'written') opts.print?.(JSON.stringify(r.checkpoint));
      if (r.status === 'refused' && r.message !== lastWarning) {
        lastWarning = r.message;
        opts.warn(`audit checkpoint not advanced: ${r.message}; run \`enlace audit verify\``);
      }
    } catch (err) {
      opts.warn(`audit checkpoint failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  let running = once();
  const timer = setInterval(() => {
    running = running.then(once);
  }, opts.intervalSeconds * 1000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
      await once();
    },
  };
}
