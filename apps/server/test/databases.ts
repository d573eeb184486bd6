import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { type Db, migrate, openDatabase, openMemoryDatabase } from '../src/db/index.ts';
import { initCrypto, parseMasterKey } from '../src/security/crypto.ts';

export const TEST_MASTER_KEY = parseMasterKey(process.env.ENLACE_MASTER_KEY ?? 'a'.repeat(64));

export interface TestDatabase {
  name: 'pglite' | 'postgres';
  /** A fresh, migrated, empty database with crypto initialised. */
  open(): Promise<Db>;
}

export async function createServerDatabase(adminUrl = inject('pgAdminUrl')): Promise<{ url: string }> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  const pg = (await import('pg')).default;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return { url: adminUrl.replace(/\/[^/]*$/, `/${name}`) };
}

async function prepare(db: Db): Promise<Db> {
  await migrate(db);
  await initCrypto(db, TEST_MASTER_KEY);
  return db;
}

export function testDatabases(): TestDatabase[] {
  return [
    { name: 'pglite', open: async () => prepare(await openMemoryDatabase()) },
    {
      name: 'postgres',
      open: async () => {
        const { url } = await createServerDatabase();
        return prepare(await openDatabase({ url, max: 10 }));
      },
    },
  ];
}
