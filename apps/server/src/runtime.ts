import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { checkpointFileFromEnv, setCheckpointAside, writeCheckpoint } from './audit/checkpoint.ts';
import { type Db, dataDirFromEnv, migrate, openDatabase } from './db/index.ts';
import { acquireFolderLock, type FolderLock } from './db/lock.ts';
import { AppError } from './errors.ts';
import { initCrypto, loadMasterKey } from './security/crypto.ts';

export interface Runtime {
  db: Db;
  /**
   * DATABASE_READ_URL (server mode only): a pool on a standby for the dashboard, report and publication
   * queries; closed with `db`. Undefined: those queries use `db`.
   */
  readDb?: Db;
  /** 'embedded' (PGlite in dataDir) or 'server' (DATABASE_URL). */
  mode: 'embedded' | 'server';
  dataDir: string;
  masterKey: Buffer;
  /** Where the master key came from (for messages; never the key). */
  keySource: string;
  /** Signed audit-head checkpoint file (see audit/checkpoint.ts). */
  checkpointFile: string;
  /** Set when this start generated the embedded master key file. */
  generatedKeyFile?: string;
}

/** Whether an embedded data folder already holds a database. */
export function embeddedDatabaseExists(dataDir: string): boolean {
  return existsSync(join(dataDir, 'pgdata', 'PG_VERSION'));
}

/** Where the master key is read from, for messages. */
export function masterKeySource(env: NodeJS.ProcessEnv, embeddedKeyFile: string | undefined): string {
  if (env.ENLACE_MASTER_KEY) return 'ENLACE_MASTER_KEY';
  if (env.ENLACE_MASTER_KEY_FILE) return env.ENLACE_MASTER_KEY_FILE;
  return embeddedKeyFile ?? 'no master key';
}

/**
 * An embedded folder that holds a database but no master key must not get a new key: the data could not be
 * read with it (a restored folder without its key, a key file deleted by mistake).
 */
export function refuseNewKeyForExistingData(env: NodeJS.ProcessEnv, dataDir: string): void {
  const keyFile = join(dataDir, 'master.key');
  if (env.ENLACE_MASTER_KEY || env.ENLACE_MASTER_KEY_FILE || existsSync(keyFile)) return;
  if (!embeddedDatabaseExists(dataDir)) return;
  throw new AppError(
    'missing_master_key',
    `${join(dataDir, 'pgdata')} holds an Enlace database but its master key is missing (${keyFile} does not exist and neither ENLACE_MASTER_KEY nor ENLACE_MASTER_KEY_FILE is set). ` +
      'Put the key this database was created with back in place (from its separate backup); a new key is not generated, because it could not read the existing data.',
    { exitCode: 5 },
  );
}

/** initCrypto, with a message that says where the mismatching key came from. */
export async function initCryptoFor(db: Db, master: Buffer, source: string): Promise<void> {
  try {
    await initCrypto(db, master);
  } catch (err) {
    if (err instanceof AppError && err.code === 'wrong_master_key') {
      throw new AppError(
        'wrong_master_key',
        `The master key from ${source} does not match this database (key check failed): it was encrypted with another key. Use the key this database was created with; nothing was changed.`,
        { exitCode: 5 },
      );
    }
    throw err;
  }
}

/** Which database `openRuntime` opens with this environment (known before anything is opened). */
export function runtimeMode(env: NodeJS.ProcessEnv = process.env): Runtime['mode'] {
  return env.DATABASE_URL ? 'server' : 'embedded';
}

/**
 * Opens the database every command uses: DATABASE_URL when set, else the embedded PGlite database in
 * ENLACE_DATA_DIR (default ./.data), which this process then owns (folder lock, see db/lock.ts). Applies pending
 * migrations and initialises field encryption (unless migrateNow is false: then the caller migrates and calls
 * initCryptoFor(db, rt.masterKey, rt.keySource) itself). Closing `rt.db` advances the audit checkpoint when a
 * checkpoint file exists (or `checkpoint: 'always'`) and releases the folder lock.
 */
export async function openRuntime(
  opts: {
    env?: NodeJS.ProcessEnv;
    migrateNow?: boolean;
    checkpoint?: 'always' | 'if-present' | 'never';
  } = {},
): Promise<Runtime> {
  const env = opts.env ?? process.env;
  const url = env.DATABASE_URL || undefined;
  const dataDir = dataDirFromEnv(env);
  const mode = runtimeMode(env);
  const embeddedKeyFile = url ? undefined : join(dataDir, 'master.key');
  let lock: FolderLock | undefined = url ? undefined : acquireFolderLock(dataDir);
  const checkpointFile = checkpointFileFromEnv(env, dataDir);
  try {
    if (!url) refuseNewKeyForExistingData(env, dataDir);
    if (!url && !embeddedDatabaseExists(dataDir)) {
      // A new database: a checkpoint left from an earlier database in this folder would name entries it never had.
      const aside = setCheckpointAside(checkpointFile, `before-new-database-${Date.now()}`);
      if (aside)
        process.stderr.write(
          `enlace: new database: the earlier audit checkpoint was set aside as ${aside}\n`,
        );
    }
    const keySource = loadMasterKey({ env, embeddedKeyFile });
    const source = masterKeySource(env, embeddedKeyFile);
    const db = await openDatabase({ url, dataDir, lock });
    lock = undefined; // the database releases it when closed
    try {
      if (opts.migrateNow !== false) {
        await migrate(db);
        await initCryptoFor(db, keySource.key, source);
      }
    } catch (err) {
      await db.close();
      throw err;
    }
    const rt: Runtime = { db, mode, dataDir, masterKey: keySource.key, keySource: source, checkpointFile };
    const readUrl = url ? env.DATABASE_READ_URL || undefined : undefined;
    if (readUrl) rt.readDb = await openDatabase({ url: readUrl });
    if (keySource.generatedAt) rt.generatedKeyFile = keySource.generatedAt;
    const when = opts.checkpoint ?? 'if-present';
    const close = db.close.bind(db);
    db.close = async () => {
      try {
        if (when === 'always' || (when === 'if-present' && existsSync(checkpointFile))) {
          const r = await writeCheckpoint(db, checkpointFile);
          if (r.status === 'refused')
            process.stderr.write(`enlace: audit checkpoint not advanced: ${r.message}\n`);
        }
      } catch (err) {
        process.stderr.write(
          `enlace: audit checkpoint not written: ${err instanceof Error ? err.message : String(err)}\n`,
        );
      } finally {
        await rt.readDb?.close().catch(() => undefined);
        await close();
      }
    };
    return rt;
  } catch (err) {
    lock?.release();
    throw err;
  }
}

/** Human description of where data lives (no secrets). */
export function describeRuntime(rt: Runtime): string {
  if (rt.mode === 'server') return 'PostgreSQL server (DATABASE_URL)';
  return `embedded PostgreSQL (PGlite) in ${join(rt.dataDir, 'pgdata')}`;
}
