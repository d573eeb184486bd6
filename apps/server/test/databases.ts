import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { inject } from 'vitest';
import { type Db, migrate, openDatabase, openMemoryDatabase } from '../src/db/index.ts';
import { initCrypto, parseMasterKey } from '../src/security/crypto.ts';
import { useCheapHashesForTests } from '../src/security/passwords.ts';
import { PG_TEMPLATE_DB, pgliteTemplateBlob } from './templates.ts';

// The tests create thousands of accounts (the demo alone ~60 per load): their passwords are hashed with argon2id at
// a low cost here (~2 ms of CPU instead of ~17 ms). The production parameters are checked in
// apps/server/src/security/passwords.test.ts; the `enlace` processes the tests start use them.
useCheapHashesForTests();

export const TEST_MASTER_KEY = parseMasterKey(process.env.ENLACE_MASTER_KEY ?? 'a'.repeat(64));

export interface TestDatabase {
  name: 'pglite' | 'postgres';
  /** A fresh, migrated, empty database with crypto initialised. */
  open(): Promise<Db>;
}

/**
 * A new database on the test run's PostgreSQL server: empty, or with `migrated` a copy of the migrated template
 * (apps/server/test/templates.ts), which is much cheaper than running every migration again.
 */
export async function createServerDatabase(
  adminUrl = inject('pgAdminUrl'),
  opts: { migrated?: boolean } = {},
): Promise<{ url: string }> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  const pg = (await import('pg')).default;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}${opts.migrated ? ` TEMPLATE ${PG_TEMPLATE_DB}` : ''}`);
  } finally {
    await admin.end();
  }
  return { url: adminUrl.replace(/\/[^/]*$/, `/${name}`) };
}

/** ENLACE_TEST_NO_TEMPLATES=1: every test database is made and migrated from scratch (to compare, or debug). */
const useTemplates = !process.env.ENLACE_TEST_NO_TEMPLATES;

/**
 * A fresh in-memory PGlite started from the migrated template when the test run made one (run `migrate` and
 * `initCrypto` as for any database: `testDatabases()[0].open()` does both).
 */
export function openTestPglite(): Promise<Db> {
  const template = useTemplates ? inject('pgliteTemplate') : undefined;
  return template ? openMemoryDatabase({ loadDataDir: pgliteTemplateBlob(template) }) : openMemoryDatabase();
}

/**
 * A new ENLACE_DATA_DIR (created, with its parents) whose embedded database is a copy of the migrated template:
 * the `enlace` processes and runtimes that open it skip PGlite's initdb and the migrations (~8 s of CPU per new
 * folder, in whichever process opens it first). For the tests that are not about a new folder: creating and
 * migrating one from nothing is what apps/server/test/cli-data-dir.test.ts and cli.test.ts prove. Returns `dir`.
 */
export function seededDataDir(dir: string): string {
  const pgdata = join(dir, 'pgdata');
  mkdirSync(pgdata, { recursive: true, mode: 0o700 });
  if (!useTemplates) return dir;
  // the template is PGlite's dump of its data folder: an uncompressed ustar of regular files and folders
  const tar = readFileSync(inject('pgliteTemplate'));
  const field = (at: number, len: number) => {
    const b = tar.subarray(at, at + len);
    const end = b.indexOf(0);
    return b.subarray(0, end < 0 ? len : end).toString('utf8');
  };
  for (let pos = 0; pos + 512 <= tar.length && tar[pos] !== 0; ) {
    const prefix = field(pos + 345, 155);
    const name = (prefix ? `${prefix}/${field(pos, 100)}` : field(pos, 100)).replace(/^\/+/, '');
    const size = Number.parseInt(field(pos + 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(tar[pos + 156]!);
    const target = join(pgdata, name);
    if (type === '5') mkdirSync(target, { recursive: true, mode: 0o700 });
    else if (type === '0' || type === '\0') {
      mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
      writeFileSync(target, tar.subarray(pos + 512, pos + 512 + size), { mode: 0o600 });
    } else throw new Error(`seededDataDir: unexpected tar entry ${name} of type ${type}`);
    pos += 512 + Math.ceil(size / 512) * 512;
  }
  return dir;
}

async function prepare(db: Db): Promise<Db> {
  await migrate(db);
  await initCrypto(db, TEST_MASTER_KEY);
  return db;
}

export function testDatabases(): TestDatabase[] {
  return [
    { name: 'pglite', open: async () => prepare(await openTestPglite()) },
    {
      name: 'postgres',
      open: async () => {
        const { url } = await createServerDatabase(undefined, { migrated: useTemplates });
        return prepare(await openDatabase({ url, max: 10 }));
      },
    },
  ];
}
