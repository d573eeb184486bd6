import { randomBytes } from 'node:crypto';
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
