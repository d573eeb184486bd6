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
 * per test: a fresh PGlite runs initdb in WebAssembly (2–3 s of CPU), a copy of a dumped data folder ~0.9 s;
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
 * The test databases' shared buffers (PostgreSQL's and PGlite's default: 128MB). A PGlite sets up its whole buffer
 * pool in WebAssembly memory at every start: ~1.0 s of CPU with 128MB, ~0.6 s with 32MB (the test databases hold a
 * few MB; their relation files live in memory too, so a buffer miss is a copy, not a disk read).
 */
export const PGLITE_TEST_SHARED_BUFFERS = '32MB';

/**
 * A migrated PGlite data folder (uncompressed tar) in the temporary folder, keyed by the migrations, the PGlite
 * version and its settings, so later runs (and single-file runs) reuse it. Its postgresql.auto.conf sets
 * PGLITE_TEST_SHARED_BUFFERS. Written atomically; returns its path.
 */
export async function pgliteTemplateFile(): Promise<string> {
  const hash = createHash('sha256');
  // the PGlite version: a data folder is read only by the same PostgreSQL build
  const main = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  hash.update(readFileSync(join(dirname(main), '..', 'package.json')));
  hash.update(`shared_buffers=${PGLITE_TEST_SHARED_BUFFERS}\n`);
  for (const m of await loadMigrations()) hash.update(`${m.version}:${m.checksum}\n`);
  const dir = join(tmpdir(), 'enlace-pglite-template');
  const file = join(dir, `${hash.digest('hex').slice(0, 16)}.tar`);
  if (existsSync(file)) return file;
  mkdirSync(dir, { recursive: true });
  const db = await openMemoryDatabase();
  try {
    await migrate(db);
    // read at the next start, i.e. by every database loaded from this template
    await db.exec(`ALTER SYSTEM SET shared_buffers = '${PGLITE_TEST_SHARED_BUFFERS}'`);
    const blob = await dumpMemoryDatabase(db);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.from(await blob.arrayBuffer()));
    renameSync(tmp, file);
  } finally {
    await db.close();
  }
  return file;
}

/**
 * A tar held in memory as one ArrayBuffer that `arrayBuffer()` hands out as is: PGlite reads a `loadDataDir` with
 * `arrayBuffer()` and copies every file out of it (it never writes to it), and a Node Blob of the 44 MB template
 * copies it again at every call, in 64 KB chunks (~0.35 s of CPU per test database). Only `arrayBuffer()` and
 * `type` answer for the tar (`size`, `slice()`, `stream()`, `text()` are those of an empty Blob): give it to
 * `openMemoryDatabase({ loadDataDir })` and nothing else.
 */
class TarInMemory extends Blob {
  readonly #bytes: ArrayBuffer;
  constructor(bytes: Buffer) {
    super([], { type: 'application/x-tar' });
    this.#bytes = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }
  override arrayBuffer(): Promise<ArrayBuffer> {
    return Promise.resolve(this.#bytes);
  }
}

let pgliteTemplate: { file: string; blob: Blob } | undefined;

/** The template's bytes, read once per test process. */
export function pgliteTemplateBlob(file: string): Blob {
  if (pgliteTemplate?.file !== file) pgliteTemplate = { file, blob: new TarInMemory(readFileSync(file)) };
  return pgliteTemplate.blob;
}
