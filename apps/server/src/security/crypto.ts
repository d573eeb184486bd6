import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  randomFillSync,
  randomUUID,
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Db } from '../db/index.ts';
import { AppError } from '../errors.ts';

/**
 * Field-level encryption of personal data.
 *
 * - The master key (32 bytes) comes from ENLACE_MASTER_KEY (base64 or hex), ENLACE_MASTER_KEY_FILE, or, for the
 *   embedded database only, a key file generated on first start in the data folder.
 * - Data-encryption keys are derived per key id from the master key with HKDF-SHA256 (envelope: the database
 *   holds only key ids and check values, never a key). The active id encrypts new values; every value carries
 *   its key id, so `enlace keys rotate` can add a key and re-encrypt without downtime.
 * - Values: `e1.<keyId>.<base64url(iv ‖ ciphertext ‖ tag)>`, AES-256-GCM with a random 96-bit IV; the column
 *   name is bound as additional authenticated data when given, so a value cannot be moved between fields.
 * - Blind indexes: HMAC-SHA256 under a key derived from the master key, per purpose, for exact look-ups
 *   (CURP) without decrypting.
 */

interface Keyring {
  master: Buffer;
  activeId: string;
  keys: Map<string, Buffer>;
}

let keyring: Keyring | undefined;
const PREFIX = 'e1';

export function parseMasterKey(text: string): Buffer {
  const t = text.trim();
  const buf = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (buf.length !== 32) {
    throw new AppError('bad_master_key', 'The master key must be 32 bytes, given as 64 hex digits or base64');
  }
  return buf;
}

export interface MasterKeySource {
  key: Buffer;
  /** Set when a new key file was written (first start of the embedded database). */
  generatedAt?: string;
}

/** Finds the master key; generates a key file only for the embedded database. */
export function loadMasterKey(opts: { env?: NodeJS.ProcessEnv; embeddedKeyFile?: string }): MasterKeySource {
  const env = opts.env ?? process.env;
  if (env.ENLACE_MASTER_KEY) return { key: parseMasterKey(env.ENLACE_MASTER_KEY) };
  const file = env.ENLACE_MASTER_KEY_FILE || opts.embeddedKeyFile;
  if (file && existsSync(file)) return { key: parseMasterKey(readFileSync(file, 'utf8')) };
  if (!env.ENLACE_MASTER_KEY_FILE && opts.embeddedKeyFile) {
    const key = randomBytes(32);
    mkdirSync(dirname(opts.embeddedKeyFile), { recursive: true, mode: 0o700 });
    writeFileSync(opts.embeddedKeyFile, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    return { key, generatedAt: opts.embeddedKeyFile };
  }
  throw new AppError(
    'missing_master_key',
    'No master key: set ENLACE_MASTER_KEY (32 bytes, base64) or ENLACE_MASTER_KEY_FILE',
  );
}

function deriveKey(master: Buffer, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', master, Buffer.from('enlace/v1'), Buffer.from(info), 32));
}

/** Derived keys of the current master key, by purpose (HKDF once per purpose, not once per value). */
const derivedCache = new Map<string, Buffer>();
let derivedFor: Buffer | null = null;
function cachedKey(master: Buffer, info: string): Buffer {
  if (derivedFor !== master) {
    derivedCache.clear();
    derivedFor = master;
  }
  let key = derivedCache.get(info);
  if (!key) {
    key = deriveKey(master, info);
    derivedCache.set(info, key);
  }
  return key;
}

/**
 * 96-bit GCM nonces from the CSPRNG, drawn from a pool refilled 4 KiB at a time: one system call per
 * 341 values instead of one each (a bulk import encrypts millions of fields). Every nonce is still
 * random and used once; the pool's bytes are never handed out twice.
 */
const IV_POOL = Buffer.alloc(12 * 341);
let ivOffset = IV_POOL.length;
function freshIv(): Buffer {
  if (ivOffset + 12 > IV_POOL.length) {
    randomFillSync(IV_POOL);
    ivOffset = 0;
  }
  const iv = Buffer.from(IV_POOL.subarray(ivOffset, ivOffset + 12));
  ivOffset += 12;
  return iv;
}

function checkValue(key: Buffer): string {
  return createHmac('sha256', key).update('enlace-key-check').digest('hex').slice(0, 32);
}

/**
 * Whether `master` is the master key of a database whose `encryption_keys` rows (id, check value) are given,
 * without opening it: backups carry these rows, so a restore checks the key before it writes anything.
 */
export function masterKeyMatches(
  master: Buffer,
  keys: readonly { id: string; checkValue: string }[],
): boolean {
  return keys.every((k) => checkValue(deriveKey(master, `data-key:${k.id}`)) === k.checkValue);
}

/**
 * Loads the database's key ids (creating the first one) and checks the master key against them.
 * Must run once after `migrate` and before any encryption.
 */
export async function initCrypto(db: Db, master: Buffer): Promise<void> {
  let { rows } = await db.query<{ id: string; active: boolean; check_value: string }>(
    'SELECT id, active, check_value FROM encryption_keys ORDER BY created_at',
  );
  if (rows.length === 0) {
    const id = randomUUID().slice(0, 8);
    const key = deriveKey(master, `data-key:${id}`);
    await db.query(
      'INSERT INTO encryption_keys (id, active, check_value) VALUES ($1, true, $2) ON CONFLICT DO NOTHING',
      [id, checkValue(key)],
    );
    ({ rows } = await db.query('SELECT id, active, check_value FROM encryption_keys ORDER BY created_at'));
  }
  const keys = new Map<string, Buffer>(keyring?.master.equals(master) ? keyring.keys : []);
  let activeId: string | undefined;
  for (const r of rows) {
    const key = deriveKey(master, `data-key:${r.id}`);
    if (checkValue(key) !== r.check_value) {
      throw new AppError(
        'wrong_master_key',
        'The master key does not match this database (key check failed)',
      );
    }
    keys.set(r.id, key);
    if (r.active) activeId = r.id;
  }
  if (!activeId) throw new AppError('no_active_key', 'The database has no active encryption key');
  keyring = { master, activeId, keys };
}

/**
 * A long-running server follows a rotation made by another process (`enlace keys rotate`): it reloads the key
 * ids every `seconds`, so new values are written under the new active key without a restart. Values written in
 * between carry the retired key id; they stay readable (any key id is derived from the master key) and the next
 * rotation moves them. Returns a function that stops following.
 */
export function followKeyRotation(db: Db, master: Buffer, seconds = 30): () => void {
  const timer = setInterval(() => {
    initCrypto(db, master).catch(() => {
      /* a failed look-up keeps the current keys; the next tick tries again */
    });
  }, seconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * The loaded keys, for a helper thread of this process (the import's encoding thread): the same master key, key
 * ids and active key, so the thread encrypts exactly as this one does. Never leaves the process.
 */
export interface KeyringCopy {
  master: Uint8Array;
  activeId: string;
  keys: [string, Uint8Array][];
}

export function keyringCopy(): KeyringCopy {
  const k = ring();
  return { master: k.master, activeId: k.activeId, keys: [...k.keys] };
}

/** Loads a `keyringCopy()` in a helper thread (instead of `initCrypto`, which needs the database). */
export function useKeyringCopy(copy: KeyringCopy): void {
  keyring = {
    master: Buffer.from(copy.master),
    activeId: copy.activeId,
    keys: new Map(copy.keys.map(([id, key]) => [id, Buffer.from(key)])),
  };
}

function ring(): Keyring {
  if (!keyring) throw new Error('crypto not initialised: call initCrypto(db, masterKey) first');
  return keyring;
}

/** Encrypts one field value; null/undefined/'' stay null (unknown). `aad` binds the value to its column. */
export function encryptField(value: string | null | undefined, aad?: string): string | null {
  if (value === null || value === undefined || value === '') return null;
  const k = ring();
  const key = k.keys.get(k.activeId)!;
  const iv = freshIv();
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  if (aad) cipher.setAAD(Buffer.from(aad));
  const ct = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return `${PREFIX}.${k.activeId}.${Buffer.concat([iv, ct, cipher.getAuthTag()]).toString('base64url')}`;
}

export function decryptField(value: string | null | undefined, aad?: string): string | null {
  if (value === null || value === undefined) return null;
  const [prefix, keyId, body] = value.split('.');
  if (prefix !== PREFIX || !keyId || !body)
    throw new AppError('bad_ciphertext', 'A stored value is not readable');
  const k = ring();
  let key = k.keys.get(keyId);
  if (!key) {
    // A key id created by another process after we started: derive it (the master key is ours).
    key = deriveKey(k.master, `data-key:${keyId}`);
    k.keys.set(keyId, key);
  }
  const raw = Buffer.from(body, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  if (aad) decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(raw.subarray(raw.length - 16));
  try {
    return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    throw new AppError('bad_ciphertext', 'A stored value failed its integrity check');
  }
}

/** Key id of an encrypted value (for rotation). */
export function keyIdOf(value: string): string | undefined {
  return value.split('.')[1];
}

/** Keyed blind index (HMAC-SHA256, hex) of a normalised value, per purpose ('curp', 'email', ...). */
export function blindIndex(purpose: string, value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  const key = cachedKey(ring().master, `blind-index:${purpose}`);
  return createHmac('sha256', key).update(value.normalize('NFC').trim().toUpperCase()).digest('hex');
}

/** Key for purposes other than data (e.g. signing), derived from the master key. */
export function derivedSecret(purpose: string): Buffer {
  return cachedKey(ring().master, `secret:${purpose}`);
}

/** The same secret for a given master key, without initialising the keyring (backups, restores). */
export function derivedSecretOf(master: Buffer, purpose: string): Buffer {
  return deriveKey(master, `secret:${purpose}`);
}

export function activeKeyId(): string {
  return ring().activeId;
}

export interface RotationResult {
  newKeyId: string;
  /** Key ids retired by this rotation (no stored value carries them afterwards). */
  retiredKeyIds: string[];
  reencrypted: number;
  columns: string[];
}

export interface RotationProgress {
  /** Values re-encrypted so far, over all columns. */
  done: number;
  /** Values to re-encrypt in all (counted before the first is touched). */
  total: number;
  /** The table being re-encrypted. */
  table: string;
}

/**
 * The associated data a stored `*_enc` column binds: `table.column` (`users.mfa_secret_enc`,
 * `cw_cases.person_enc`), except the exchange-format persons, whose values bind the spec's column name
 * (`persons.given_names` for `persons.given_names_enc`, as `import/tables.ts` writes them since migration 010).
 */
export function columnAad(table: string, column: string): string {
  if (table === 'persons' && column.endsWith('_enc')) return `persons.${column.slice(0, -4)}`;
  return `${table}.${column}`;
}

/** Rows re-encrypted per round trip (a cursor batch and one UPDATE). */
const ROTATION_BATCH = 1000;

const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;

/**
 * Adds a new active data key and re-encrypts every `*_enc` column of every table with it, in one transaction.
 * Columns are found by name in the catalogue, so each feature's encrypted columns are covered without a
 * registry; each value is decrypted with its column's associated data (`columnAad`). Tables are locked against
 * writes (reads go on) for the duration, read through a cursor and rewritten a batch of rows at a time (one
 * new row version per row, whatever its number of encrypted columns). Before committing, every column is
 * checked to hold no value under another key id; any failure rolls everything back (the old key stays active).
 */
export async function rotateKeys(
  db: Db,
  onProgress?: (p: RotationProgress) => void,
): Promise<RotationResult> {
  const k = ring();
  const newKeyId = randomUUID().slice(0, 8);
  const newKey = deriveKey(k.master, `data-key:${newKeyId}`);
  return db.transaction(async (tx) => {
    const { rows: cols } = await tx.query<{ table_name: string; column_name: string; data_type: string }>(
      `SELECT table_name, column_name, data_type FROM information_schema.columns
       WHERE table_schema = current_schema() AND column_name LIKE '%\\_enc'
       ORDER BY table_name, column_name`,
    );
    const odd = cols.find((c) => c.data_type !== 'text');
    if (odd) {
      throw new AppError(
        'unsupported_encrypted_column',
        `${odd.table_name}.${odd.column_name} is ${odd.data_type}; only text columns can be re-encrypted`,
      );
    }
    const tables = new Map<string, string[]>();
    for (const c of cols) tables.set(c.table_name, [...(tables.get(c.table_name) ?? []), c.column_name]);
    if (tables.size > 0) {
      await tx.query(
        `LOCK TABLE ${[...tables.keys()].map(quoteIdent).join(', ')} IN SHARE ROW EXCLUSIVE MODE`,
      );
    }
    const { rows: retired } = await tx.query<{ id: string }>(
      'UPDATE encryption_keys SET active = false, retired_at = now() WHERE active RETURNING id',
    );
    await tx.query('INSERT INTO encryption_keys (id, active, check_value) VALUES ($1, true, $2)', [
      newKeyId,
      checkValue(newKey),
    ]);
    let total = 0;
    for (const [table, names] of tables) {
      const { rows } = await tx.query<{ n: number }>(
        `SELECT (${names.map((c) => `count(${quoteIdent(c)})`).join(' + ')})::int AS n FROM ${quoteIdent(table)}`,
      );
      total += rows[0]?.n ?? 0;
    }
    k.keys.set(newKeyId, newKey);
    const previous = k.activeId;
    k.activeId = newKeyId;
    try {
      let done = 0;
      onProgress?.({ done, total, table: '' });
      for (const [table, names] of tables) {
        done += await reencryptTable(tx, table, names, newKeyId, (n) =>
          onProgress?.({ done: done + n, total, table }),
        );
        onProgress?.({ done, total, table });
      }
      for (const [table, names] of tables) {
        const { rows } = await tx.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM ${quoteIdent(table)} WHERE ${names
            .map((c) => `${quoteIdent(c)} NOT LIKE $1`)
            .join(' OR ')}`,
          [`${PREFIX}.${newKeyId}.%`],
        );
        if ((rows[0]?.n ?? 0) > 0) {
          throw new AppError('rotation_incomplete', `${table} still holds values under an old key`);
        }
      }
      return {
        newKeyId,
        retiredKeyIds: retired.map((r) => r.id),
        reencrypted: done,
        columns: [...tables].flatMap(([t, names]) => names.map((c) => `${t}.${c}`)),
      };
    } catch (err) {
      k.activeId = previous;
      throw err;
    }
  });
}

/** Re-encrypts every value of `names` in `table` under the (already active) new key; returns the count. */
async function reencryptTable(
  tx: Db,
  table: string,
  names: readonly string[],
  newKeyId: string,
  onBatch: (doneInTable: number) => void,
): Promise<number> {
  const t = quoteIdent(table);
  const cursor = quoteIdent(`enlace_rotate_${table}`);
  const select = names.map((c, i) => `${quoteIdent(c)} AS v${i}`).join(', ');
  await tx.query(
    `DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT ctid::text AS ctid, ${select} FROM ${t}
     WHERE ${names.map((c) => `${quoteIdent(c)} IS NOT NULL`).join(' OR ')}`,
  );
  const aads = names.map((c) => columnAad(table, c));
  const update = `UPDATE ${t} SET ${names
    .map((c, i) => `${quoteIdent(c)} = v.v${i}`)
    .join(
      ', ',
    )} FROM unnest($1::tid[], ${names.map((_, i) => `$${i + 2}::text[]`).join(', ')}) AS v(id, ${names
    .map((_, i) => `v${i}`)
    .join(', ')}) WHERE ${t}.ctid = v.id`;
  let done = 0;
  try {
    for (;;) {
      const { rows } = await tx.query<Record<string, string | null>>(
        `FETCH ${ROTATION_BATCH} FROM ${cursor}`,
      );
      if (rows.length === 0) break;
      const ids: string[] = [];
      const values: (string | null)[][] = names.map(() => []);
      for (const r of rows) {
        ids.push(r.ctid!);
        for (let i = 0; i < names.length; i++) {
          const v = r[`v${i}`] ?? null;
          if (v === null || keyIdOf(v) === newKeyId) {
            values[i]!.push(v);
            continue;
          }
          const plain = decryptForRotation(v, table, names[i]!, aads[i]!);
          values[i]!.push(encryptField(plain.value, plain.aad));
          done++;
        }
      }
      await tx.query(update, [ids, ...values]);
      onBatch(done);
    }
  } finally {
    await tx.query(`CLOSE ${cursor}`).catch(() => undefined);
  }
  return done;
}

/**
 * Decrypts a value with its column's associated data; values written by older code may carry `table.column`
 * or none, so those are tried next and kept as they were bound (readers use the same binding).
 */
function decryptForRotation(v: string, table: string, column: string, aad: string) {
  const candidates = [...new Set([aad, `${table}.${column}`])] as (string | undefined)[];
  candidates.push(undefined);
  for (const a of candidates) {
    try {
      return { value: decryptField(v, a), aad: a };
    } catch {
      /* next */
    }
  }
  throw new AppError('bad_ciphertext', `A value in ${table}.${column} cannot be decrypted`);
}
