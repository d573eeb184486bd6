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

export function activeKeyId(): string {
  return ring().activeId;
}

export interface RotationResult {
  newKeyId: string;
  reencrypted: number;
  columns: string[];
}

/**
 * Adds a new active data key and re-encrypts every `*_enc` column of every table with it, in one transaction.
 * Columns are found by name in the catalogue, so each feature's encrypted columns are covered without a registry.
 */
export async function rotateKeys(
  db: Db,
  onProgress?: (done: number, column: string) => void,
): Promise<RotationResult> {
  const k = ring();
  const newKeyId = randomUUID().slice(0, 8);
  const newKey = deriveKey(k.master, `data-key:${newKeyId}`);
  return db.transaction(async (tx) => {
    await tx.query('UPDATE encryption_keys SET active = false, retired_at = now() WHERE active');
    await tx.query('INSERT INTO encryption_keys (id, active, check_value) VALUES ($1, true, $2)', [
      newKeyId,
      checkValue(newKey),
    ]);
    k.keys.set(newKeyId, newKey);
    const previous = k.activeId;
    k.activeId = newKeyId;
    try {
      const { rows: cols } = await tx.query<{ table_name: string; column_name: string; data_type: string }>(
        `SELECT table_name, column_name, data_type FROM information_schema.columns
         WHERE table_schema = current_schema() AND column_name LIKE '%\\_enc' AND data_type IN ('text', 'ARRAY')
         ORDER BY table_name, column_name`,
      );
      let done = 0;
      const names: string[] = [];
      for (const c of cols) {
        if (c.data_type !== 'text') continue;
        names.push(`${c.table_name}.${c.column_name}`);
        const t = `"${c.table_name.replace(/"/g, '""')}"`;
        const col = `"${c.column_name.replace(/"/g, '""')}"`;
        const { rows } = await tx.query<{ ctid: string; v: string }>(
          `SELECT ctid::text AS ctid, ${col} AS v FROM ${t} WHERE ${col} IS NOT NULL`,
        );
        for (const r of rows) {
          if (keyIdOf(r.v) === newKeyId) continue;
          const plain = tryDecryptWithAad(r.v, c.table_name, c.column_name);
          await tx.query(`UPDATE ${t} SET ${col} = $1 WHERE ctid = $2::tid`, [
            encryptField(plain.value, plain.aad),
            r.ctid,
          ]);
          done++;
        }
        onProgress?.(done, `${c.table_name}.${c.column_name}`);
      }
      return { newKeyId, reencrypted: done, columns: names };
    } catch (err) {
      k.activeId = previous;
      throw err;
    }
  });
}

/** Values are encrypted either without AAD or with `table.column`; try both. */
function tryDecryptWithAad(v: string, table: string, column: string) {
  const candidates = [`${table}.${column}`, undefined];
  for (const aad of candidates) {
    try {
      return { value: decryptField(v, aad), aad };
    } catch {
      /* next */
    }
  }
  throw new AppError('bad_ciphertext', `A value in ${table}.${column} cannot be decrypted`);
}
