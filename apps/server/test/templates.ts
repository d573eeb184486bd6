import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  dumpMemoryDatabase,
  loadMigrations,
  migrate,
  openDatabase,
  openMemoryDatabase,
} from '../src/db/index.ts';

/**
 * Migrated, empty databases to copy, made once per test run (apps/server/test/global-setup.ts) instead of once
 * per test: a fresh PGlite runs initdb in WebAssembly (2–3 s of CPU), a copy of a dumped data folder ~0.4 s;
 * a PostgreSQL database is copied from a migrated template database (CREATE DATABASE … TEMPLATE). Every test
 * database still runs `migrate` (a no-op that checks the checksums) and `initCrypto` (its own key) itself.
 */

/** The PostgreSQL database every test database is copied from. */
export const PG_TEMPLATE_DB = 'enlace_test_template';

/** Creates and migrates the template database on the test server (`adminUrl` points at its `postgres` db). */
export async function createPostgresTemplate(adminUrl: string): Promise<void> {
  const pg = (await import('pg')).default;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${PG_TEMPLATE_DB}`);
  await admin.end();
  const db = await openDatabase({ url: adminUrl.replace(/\/[^/]*$/, `/${PG_TEMPLATE_DB}`), max: 1 });
  try {
    await migrate(db);
  } finally {
    await db.close();
  }
  // Nobody may stay connected to a template database while it is copied.
}

/**
 * A migrated PGlite data folder (uncompressed tar) in the temporary folder, keyed by the migrations and the
 * PGlite version, so later runs (and single-file runs) reuse it. Written atomically; returns its path.
 */
export async function pgliteTemplateFile(): Promise<string> {
  const hash = createHash('sha256');
  // the PGlite version: a data folder is read only by the same PostgreSQL build
  const main = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  hash.update(readFileSync(join(dirname(main), '..', 'package.json')));
  for (const m of await loadMigrations()) hash.update(`${m.version}:${m.checksum}\n`);
  const dir = join(tmpdir(), 'enlace-pglite-template');
  const file = join(dir, `${hash.digest('hex').slice(0, 16)}.tar`);
  if (existsSync(file)) return file;
  mkdirSync(dir, { recursive: true });
  const db = await openMemoryDatabase();
  try {
    await migrate(db);
    const blob = await dumpMemoryDatabase(db);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.from(await blob.arrayBuffer()));
    renameSync(tmp, file);
  } finally {
    await db.close();
  }
  return file;
}

let pgliteTemplate: { file: string; blob: Blob } | undefined;

/** The template's bytes, read once per test process. */
export function pgliteTemplateBlob(file: string): Blob {
  if (pgliteTemplate?.file !== file) pgliteTemplate = { file, blob: new Blob([readFileSync(file)]) };
  return pgliteTemplate.blob;
}
