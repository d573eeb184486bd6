import { join } from 'node:path';
import { type Db, dataDirFromEnv, migrate, openDatabase } from './db/index.ts';
import { initCrypto, loadMasterKey } from './security/crypto.ts';

export interface Runtime {
  db: Db;
  /** 'embedded' (PGlite in dataDir) or 'server' (DATABASE_URL). */
  mode: 'embedded' | 'server';
  dataDir: string;
  masterKey: Buffer;
  /** Set when this start generated the embedded master key file. */
  generatedKeyFile?: string;
}

/**
 * Opens the database every command uses: DATABASE_URL when set, else the embedded PGlite database in
 * ENLACE_DATA_DIR (default ./.data). Applies pending migrations and initialises field encryption (unless migrateNow is false:
 * then the caller migrates and calls initCrypto(db, rt.masterKey) itself).
 */
export async function openRuntime(
  opts: { env?: NodeJS.ProcessEnv; migrateNow?: boolean } = {},
): Promise<Runtime> {
  const env = opts.env ?? process.env;
  const url = env.DATABASE_URL || undefined;
  const dataDir = dataDirFromEnv(env);
  const mode = url ? 'server' : 'embedded';
  const keySource = loadMasterKey({ env, embeddedKeyFile: url ? undefined : join(dataDir, 'master.key') });
  const db = await openDatabase({ url, dataDir });
  if (opts.migrateNow !== false) await migrate(db);
  if (opts.migrateNow !== false) await initCrypto(db, keySource.key);
  const rt: Runtime = { db, mode, dataDir, masterKey: keySource.key };
  if (keySource.generatedAt) rt.generatedKeyFile = keySource.generatedAt;
  return rt;
}

/** Human description of where data lives (no secrets). */
export function describeRuntime(rt: Runtime): string {
  if (rt.mode === 'server') return 'PostgreSQL server (DATABASE_URL)';
  return `embedded PostgreSQL (PGlite) in ${join(rt.dataDir, 'pgdata')}`;
}
