import { spawn } from 'node:child_process';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, readdirSync } from 'node:fs';
import { lstat, mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import {
  auditHead,
  checkpointFileFromEnv,
  setCheckpointAside,
  writeCheckpoint,
} from '../audit/checkpoint.ts';
import { audit, verifyAuditChain } from '../audit/service.ts';
import { AppError } from '../errors.ts';
import {
  embeddedDatabaseExists,
  initCryptoFor,
  masterKeySource,
  refuseNewKeyForExistingData,
} from '../runtime.ts';
import { derivedSecretOf, loadMasterKey, masterKeyMatches } from '../security/crypto.ts';
import { type Db, dataDirFromEnv, migrate, openDatabase } from './index.ts';
import { acquireFolderLock, type FolderLock } from './lock.ts';
import { listTar, readEntry, type TarEntry, TarWriter } from './tar.ts';

/**
 * Backups of either database, as one tar file: the data (`pgdata/…`, a copy of the embedded folder taken
 * while it is closed; or `database.pgdump`, pg_dump's custom format taken in one snapshot) followed by
 * `manifest.json`: what the backup holds (migrations, audit head), the data keys' ids and check values (never
 * a key: the master key is backed up apart) and the SHA-256 of the data, signed with a key derived from the
 * master key. A restore checks the master key against the check values before it writes anything.
 */
/** `manifest.json`, checked with this schema when a backup is read (`readManifest`). */
const BackupManifest = z.object({
  format: z.literal('enlace-backup'),
  version: z.literal(1),
  database: z.enum(['embedded', 'server']),
  createdAt: z.string(),
  postgres: z.string(),
  migrations: z.array(z.string()),
  encryptionKeys: z.array(z.object({ id: z.string(), active: z.boolean(), checkValue: z.string() })),
  audit: z.object({ seq: z.number(), hash: z.string(), entries: z.number() }).nullable(),
  content: z.object({ entries: z.number(), bytes: z.number(), sha256: z.string() }),
  mac: z.string(),
});
export type BackupManifest = z.infer<typeof BackupManifest>;

export type Progress = (p: { phase: string; done: number; total?: number | undefined }) => void;

const MANIFEST = 'manifest.json';
const PGDUMP = 'database.pgdump';

function manifestMac(m: Omit<BackupManifest, 'mac'>, master: Buffer): string {
  return createHmac('sha256', derivedSecretOf(master, 'backup-manifest'))
    .update(JSON.stringify(m))
    .digest('hex');
}

async function describeDatabase(db: Db) {
  const [version, migrations, keys, entries] = await Promise.all([
    db.query<{ v: string }>("SELECT current_setting('server_version') AS v"),
    db.query<{ version: string }>('SELECT version FROM schema_migrations ORDER BY version'),
    db.query<{ id: string; active: boolean; check_value: string }>(
      'SELECT id, active, check_value FROM encryption_keys ORDER BY created_at, id',
    ),
    db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log'),
  ]);
  const head = await auditHead(db);
  return {
    postgres: version.rows[0]?.v ?? '',
    migrations: migrations.rows.map((r) => r.version),
    encryptionKeys: keys.rows.map((r) => ({ id: r.id, active: r.active, checkValue: r.check_value })),
    audit: head ? { ...head, entries: entries.rows[0]?.n ?? 0 } : null,
  };
}

/** A PostgreSQL client tool: ENLACE_PG_BIN, else Debian's newest /usr/lib/postgresql/N/bin, else PATH. */
export function pgTool(name: 'pg_dump' | 'pg_restore', env: NodeJS.ProcessEnv = process.env): string {
  if (env.ENLACE_PG_BIN) return join(env.ENLACE_PG_BIN, name);
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    const versions = readdirSync(base)
      .filter((v) => existsSync(join(base, v, 'bin', name)))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(base, versions[0], 'bin', name);
  }
  return name;
}

/** The connection string without its password (which goes to the tool in PGPASSWORD, not on its command line). */
function toolConnection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  // Not `new URL`: a multi-host string (h1:5432,h2:5432, docs/deployment.md) is no WHATWG URL, but libpq's
  // tools take it as it is.
  const m = /^([a-z]+:\/\/[^:@/]*):([^@/]*)@(.*)$/i.exec(url);
  if (!m) return { dbname: url, env: {} };
  const password = decodeURIComponent(m[2]!);
  return { dbname: `${m[1]}@${m[3]}`, env: password ? { PGPASSWORD: password } : {} };
}

interface EmbeddedOpen {
  db: Db;
  lock: FolderLock;
  master: Buffer;
  source: string;
}

/** Opens an embedded folder under its lock, checking the master key; closing the database keeps the lock. */
async function openEmbeddedLocked(env: NodeJS.ProcessEnv, dataDir: string, lock: FolderLock) {
  refuseNewKeyForExistingData(env, dataDir);
  const keyFile = join(dataDir, 'master.key');
  const key = loadMasterKey({ env, embeddedKeyFile: keyFile });
  const source = masterKeySource(env, keyFile);
  const keep: FolderLock = { file: lock.file, owner: lock.owner, release: () => undefined };
  const db = await openDatabase({ url: '', dataDir, lock: keep });
  return { db, lock, master: key.key, source } satisfies EmbeddedOpen;
}

async function* walk(dir: string, root: string): AsyncGenerator<{ path: string; rel: string; dir: boolean }> {
  const items = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const it of items) {
    const path = join(dir, it.name);
    const rel = relative(root, path).split(sep).join('/');
    if (it.isDirectory()) {
      yield { path, rel, dir: true };
      yield* walk(path, root);
    } else if (it.isFile()) {
      // The running server's pid file is not data (PGlite writes its own at start).
      if (rel === 'postmaster.pid' || rel === 'postmaster.opts') continue;
      yield { path, rel, dir: false };
    }
  }
}

export interface BackupResult {
  file: string;
  manifest: BackupManifest;
}

/**
 * Writes a backup of the database that `env` designates (DATABASE_URL, else the embedded folder) to `out`
 * (refused if it exists). The file appears only once complete (written as `out.partial`, then renamed).
 */
export async function backupDatabase(
  out: string,
  opts: { env?: NodeJS.ProcessEnv; onProgress?: Progress } = {},
): Promise<BackupResult> {
  const env = opts.env ?? process.env;
  const file = resolve(out);
  if (existsSync(file))
    throw new AppError('backup_exists', `${file} exists: choose a new name`, { exitCode: 2 });
  await mkdir(dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  await rm(partial, { force: true });
  const tar = await TarWriter.create(partial);
  const hash = createHash('sha256');
  let bytes = 0;
  let entries = 0;
  try {
    const url = env.DATABASE_URL || undefined;
    let described: Described;
    if (url) described = await dumpServer(url, env, tar, hash, opts.onProgress);
    else described = await copyEmbedded(dataDirFromEnv(env), env, tar, hash, opts.onProgress);
    ({ bytes, entries } = described.content);
    const body: Omit<BackupManifest, 'mac'> = {
      format: 'enlace-backup',
      version: 1,
      database: url ? 'server' : 'embedded',
      createdAt: new Date().toISOString(),
      postgres: described.postgres,
      migrations: described.migrations,
      encryptionKeys: described.encryptionKeys,
      audit: described.audit,
      content: { entries, bytes, sha256: hash.digest('hex') },
    };
    const manifest: BackupManifest = { ...body, mac: manifestMac(body, described.master) };
    await tar.file(MANIFEST, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
    await tar.close();
    await rename(partial, file);
    return { file, manifest };
  } catch (err) {
    await tar.abort();
    await rm(partial, { force: true });
    throw err;
  }
}

type Described = Awaited<ReturnType<typeof describeDatabase>> & {
  content: { bytes: number; entries: number };
  master: Buffer;
};

async function copyEmbedded(
  dataDir: string,
  env: NodeJS.ProcessEnv,
  tar: TarWriter,
  hash: ReturnType<typeof createHash>,
  onProgress?: Progress,
): Promise<Described> {
  if (!embeddedDatabaseExists(dataDir))
    throw new AppError('no_database', `There is no embedded database in ${dataDir}`, { exitCode: 2 });
  const lock = acquireFolderLock(dataDir);
  try {
    const o = await openEmbeddedLocked(env, dataDir, lock);
    let described: Awaited<ReturnType<typeof describeDatabase>>;
    try {
      await initCryptoFor(o.db, o.master, o.source);
      described = await describeDatabase(o.db);
      await o.db.query('CHECKPOINT');
    } finally {
      await o.db.close(); // a clean shutdown: the folder's files are consistent; we still hold the lock
    }
    const pgdata = join(dataDir, 'pgdata');
    const files: { path: string; rel: string; dir: boolean; size: number }[] = [];
    let total = 0;
    for await (const f of walk(pgdata, pgdata)) {
      const size = f.dir ? 0 : (await lstat(f.path)).size;
      total += size;
      files.push({ ...f, size });
    }
    let done = 0;
    let entries = 0;
    onProgress?.({ phase: 'copying the embedded database', done, total });
    await tar.directory('pgdata');
    for (const f of files) {
      if (f.dir) {
        await tar.directory(`pgdata/${f.rel}`);
        continue;
      }
      hash.update(`pgdata/${f.rel}\0`);
      await tar.stream(`pgdata/${f.rel}`, createReadStream(f.path), {
        onChunk: (c) => {
          hash.update(c);
          done += c.length;
        },
      });
      entries++;
      onProgress?.({ phase: 'copying the embedded database', done, total });
    }
    return { ...described, content: { bytes: done, entries }, master: o.master };
  } finally {
    lock.release();
  }
}

async function dumpServer(
  url: string,
  env: NodeJS.ProcessEnv,
  tar: TarWriter,
  hash: ReturnType<typeof createHash>,
  onProgress?: Progress,
): Promise<Described> {
  const { dbname, env: pgEnv } = toolConnection(url);
  const source = masterKeySource(env, undefined);
  const master = loadMasterKey({ env }).key;
  const db = await openDatabase({ url, max: 2 });
  try {
    await initCryptoFor(db, master, source);
    // One snapshot for the manifest and the dump: the audit head recorded is the dump's.
    return await db.transaction(async (tx) => {
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      const { rows } = await tx.query<{ s: string }>('SELECT pg_export_snapshot() AS s');
      const described = await describeDatabase(tx);
      const { rows: size } = await tx.query<{ n: number }>(
        'SELECT pg_database_size(current_database()) AS n',
      );
      const child = spawn(
        pgTool('pg_dump', env),
        [
          '--format=custom',
          '--no-owner',
          '--no-privileges',
          `--snapshot=${rows[0]!.s}`,
          `--dbname=${dbname}`,
        ],
        { env: { ...process.env, ...pgEnv }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stderr = '';
      child.stderr.on('data', (d) => {
        stderr = (stderr + String(d)).slice(-4000);
      });
      const exited = new Promise<number | null>((r, j) => {
        child.once('error', j);
        child.once('exit', (code) => r(code));
      });
      let done = 0;
      hash.update(`${PGDUMP}\0`);
      onProgress?.({ phase: 'dumping the database (pg_dump)', done, total: undefined });
      const stream = tar.stream(PGDUMP, child.stdout, {
        onChunk: (c) => {
          hash.update(c);
          done += c.length;
          onProgress?.({ phase: 'dumping the database (pg_dump)', done, total: undefined });
        },
      });
      const [code] = await Promise.all([exited, stream]);
      if (code !== 0)
        throw new AppError('backup_failed', `pg_dump failed (exit ${code}): ${stderr.trim()}`, {
          details: [`database size ${size[0]?.n ?? '?'} bytes`],
        });
      return { ...described, content: { bytes: done, entries: 1 }, master };
    });
  } finally {
    await db.close();
  }
}

export interface RestoreResult {
  manifest: BackupManifest;
  auditEntries: number;
  setAside: string[];
}

async function readManifest(file: string): Promise<{ manifest: BackupManifest; entries: TarEntry[] }> {
  let entries: TarEntry[];
  try {
    entries = await listTar(file);
  } catch (err) {
    throw new AppError(
      'bad_backup',
      `${file} is not an Enlace backup: ${err instanceof Error ? err.message : String(err)}`,
      { exitCode: 2 },
    );
  }
  const m = entries.find((e) => e.name === MANIFEST);
  if (!m)
    throw new AppError('bad_backup', `${file} is not an Enlace backup (no ${MANIFEST})`, { exitCode: 2 });
  const chunks: Buffer[] = [];
  for await (const c of readEntry(file, m)) chunks.push(c);
  let json: unknown;
  try {
    json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new AppError('bad_backup', `${file}: ${MANIFEST} is not valid JSON`, { exitCode: 2 });
  }
  const parsed = BackupManifest.safeParse(json);
  if (!parsed.success) {
    const o = json as { format?: unknown; version?: unknown } | null;
    const known = o?.format === 'enlace-backup' && o.version === 1;
    const issue = parsed.error.issues[0]!;
    throw new AppError(
      'bad_backup',
      known
        ? `${file}: ${MANIFEST} is damaged (${issue.path.join('.') || 'manifest'}: ${issue.message})`
        : `${file}: unknown backup format`,
      { exitCode: 2 },
    );
  }
  // The signature covers the manifest as written (its key order), so the checks below use the object read,
  // which the schema has just checked field by field.
  const manifest = json as BackupManifest;
  return { manifest, entries: entries.filter((e) => e.name !== MANIFEST) };
}

/** Checks the master key against the backup's key check values, then the manifest's signature. */
function checkKey(manifest: BackupManifest, master: Buffer | undefined, where: string, source: string): void {
  const ids = manifest.encryptionKeys.map((k) => k.id).join(', ');
  if (!master) {
    throw new AppError(
      'missing_master_key',
      `The backup's personal data is encrypted under its master key (key ids ${ids}), which backups never contain. ${where} ` +
        'Nothing was restored; a new key is not generated, because it could not read the data.',
      { exitCode: 5 },
    );
  }
  if (!masterKeyMatches(master, manifest.encryptionKeys)) {
    throw new AppError(
      'wrong_master_key',
      `The master key from ${source} is not this backup's key (key check failed for key ids ${ids}). Nothing was restored.`,
      { exitCode: 5 },
    );
  }
}

function checkMac(manifest: BackupManifest, file: string, master: Buffer): void {
  const { mac, ...body } = manifest;
  const expected = Buffer.from(manifestMac(body, master), 'hex');
  const given = Buffer.from(String(mac), 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new AppError(
      'bad_backup',
      `${file}: the manifest's signature does not match: the backup was altered`,
      {
        exitCode: 3,
      },
    );
}

/** Reads the whole data part once, checking its SHA-256 against the manifest, before anything is written. */
async function checkContent(
  file: string,
  manifest: BackupManifest,
  entries: TarEntry[],
  onProgress?: Progress,
) {
  const hash = createHash('sha256');
  let done = 0;
  const total = entries.reduce((n, e) => n + e.size, 0);
  for (const e of entries) {
    if (e.type !== 'file') continue;
    hash.update(`${e.name}\0`);
    for await (const c of readEntry(file, e)) {
      hash.update(c);
      done += c.length;
      onProgress?.({ phase: 'checking the backup', done, total });
    }
  }
  if (hash.digest('hex') !== manifest.content.sha256 || done !== manifest.content.bytes)
    throw new AppError('bad_backup', `${file}: the data does not match its manifest (damaged or altered)`, {
      exitCode: 3,
    });
}

const stamp = () => new Date().toISOString().replace(/[:.]/g, '-');

/**
 * Restores a backup into the database `env` designates: an embedded folder that holds no database (or, with
 * `force`, whose database is set aside, never deleted), or an empty PostgreSQL database. The master key must
 * be this backup's (checked first). Afterwards the audit chain is verified up to the backup's head, the
 * restore is itself audited, and the audit checkpoint starts again from the restored head (the previous
 * checkpoint file is set aside: it names entries that the backup does not hold).
 */
export async function restoreDatabase(
  input: string,
  opts: { env?: NodeJS.ProcessEnv; force?: boolean; onProgress?: Progress } = {},
): Promise<RestoreResult> {
  const env = opts.env ?? process.env;
  const file = resolve(input);
  if (!existsSync(file)) throw new AppError('not_found', `No backup ${file}`, { exitCode: 2 });
  const { manifest, entries } = await readManifest(file);
  const url = env.DATABASE_URL || undefined;
  const target = url ? 'server' : 'embedded';
  if (manifest.database !== target) {
    throw new AppError(
      'backup_kind',
      manifest.database === 'embedded'
        ? 'This is a backup of an embedded database: restore it with DATABASE_URL unset (into ENLACE_DATA_DIR)'
        : 'This is a backup of a PostgreSQL server database: restore it with DATABASE_URL set to an empty database',
      { exitCode: 2 },
    );
  }
  const dataDir = dataDirFromEnv(env);
  const setAside: string[] = [];
  if (url) {
    const source = masterKeySource(env, undefined);
    const master =
      env.ENLACE_MASTER_KEY || env.ENLACE_MASTER_KEY_FILE ? loadMasterKey({ env }).key : undefined;
    checkKey(
      manifest,
      master,
      'Set ENLACE_MASTER_KEY or ENLACE_MASTER_KEY_FILE to it and run restore again.',
      source,
    );
    checkMac(manifest, file, master!);
    const probe = await openDatabase({ url, max: 1 });
    try {
      const { rows } = await probe.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = current_schema()',
      );
      if ((rows[0]?.n ?? 0) > 0)
        throw new AppError(
          'database_not_empty',
          `The database at DATABASE_URL is not empty (${rows[0]!.n} tables): restore into a new, empty database (createdb) and point DATABASE_URL at it. Nothing was restored.`,
          { exitCode: 2 },
        );
    } finally {
      await probe.close();
    }
    await checkContent(file, manifest, entries, opts.onProgress);
    await pgRestore(url, env, file, entries, opts.onProgress);
    const db = await openDatabase({ url, max: 2 });
    try {
      const audited = await afterRestore(db, master!, source, manifest, env, dataDir, setAside);
      return { manifest, auditEntries: audited, setAside };
    } finally {
      await db.close();
    }
  }

  const lock = acquireFolderLock(dataDir);
  try {
    const keyFile = join(dataDir, 'master.key');
    const source = masterKeySource(env, keyFile);
    const hasKey = Boolean(env.ENLACE_MASTER_KEY || env.ENLACE_MASTER_KEY_FILE || existsSync(keyFile));
    const master = hasKey ? loadMasterKey({ env, embeddedKeyFile: keyFile }).key : undefined;
    checkKey(
      manifest,
      master,
      `Put it in ${keyFile} (or set ENLACE_MASTER_KEY or ENLACE_MASTER_KEY_FILE) and run restore again.`,
      source,
    );
    checkMac(manifest, file, master!);
    const pgdata = join(dataDir, 'pgdata');
    if (existsSync(pgdata) && !opts.force && embeddedDatabaseExists(dataDir))
      throw new AppError(
        'database_exists',
        `${pgdata} already holds a database: restore into a new ENLACE_DATA_DIR, or pass --force to set it aside (it is renamed, never deleted). Nothing was restored.`,
        { exitCode: 2 },
      );
    await checkContent(file, manifest, entries, opts.onProgress);
    const incoming = join(dataDir, `pgdata.restoring-${stamp()}`);
    await extract(file, entries, incoming, opts.onProgress);
    if (existsSync(pgdata)) {
      const aside = `${pgdata}.before-restore-${stamp()}`;
      await rename(pgdata, aside);
      setAside.push(aside);
    }
    await rename(incoming, pgdata);
    const keep: FolderLock = { file: lock.file, owner: lock.owner, release: () => undefined };
    const db = await openDatabase({ url: '', dataDir, lock: keep });
    try {
      const audited = await afterRestore(db, master!, source, manifest, env, dataDir, setAside);
      return { manifest, auditEntries: audited, setAside };
    } finally {
      await db.close();
    }
  } finally {
    lock.release();
  }
}

async function extract(file: string, entries: TarEntry[], into: string, onProgress?: Progress) {
  const total = entries.reduce((n, e) => n + e.size, 0);
  let done = 0;
  await mkdir(into, { recursive: true, mode: 0o700 });
  for (const e of entries) {
    if (!e.name.startsWith('pgdata/') && e.name !== 'pgdata/') continue;
    const rel = e.name.slice('pgdata/'.length);
    if (rel === '') continue;
    if (rel.split('/').some((p) => p === '..' || p === '') && !(e.type === 'directory' && rel.endsWith('/')))
      throw new AppError('bad_backup', `${file}: unsafe path ${e.name}`, { exitCode: 3 });
    const path = join(into, rel);
    if (!path.startsWith(into + sep))
      throw new AppError('bad_backup', `${file}: unsafe path ${e.name}`, { exitCode: 3 });
    if (e.type === 'directory') {
      await mkdir(path, { recursive: true, mode: 0o700 });
      continue;
    }
    if (e.type !== 'file') continue;
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    await pipeline(
      readEntry(file, e),
      async function* (src: AsyncIterable<Buffer>) {
        for await (const c of src) {
          done += c.length;
          yield c;
        }
      },
      createWriteStream(path, { mode: 0o600, flags: 'wx' }),
    );
    onProgress?.({ phase: 'restoring the embedded database', done, total });
  }
}

async function pgRestore(
  url: string,
  env: NodeJS.ProcessEnv,
  file: string,
  entries: TarEntry[],
  onProgress?: Progress,
) {
  const dump = entries.find((e) => e.name === PGDUMP);
  if (!dump) throw new AppError('bad_backup', `${file} holds no ${PGDUMP}`, { exitCode: 2 });
  const { dbname, env: pgEnv } = toolConnection(url);
  const child = spawn(
    pgTool('pg_restore', env),
    ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${dbname}`],
    { env: { ...process.env, ...pgEnv }, stdio: ['pipe', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr = (stderr + String(d)).slice(-4000);
  });
  const exited = new Promise<number | null>((r, j) => {
    child.once('error', j);
    child.once('exit', (code) => r(code));
  });
  let done = 0;
  const feed = pipeline(
    readEntry(file, dump),
    async function* (src: AsyncIterable<Buffer>) {
      for await (const c of src) {
        done += c.length;
        onProgress?.({ phase: 'restoring the database (pg_restore)', done, total: dump.size });
        yield c;
      }
    },
    child.stdin,
  ).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });
  const [code] = await Promise.all([exited, feed]);
  if (code !== 0)
    throw new AppError(
      'restore_failed',
      `pg_restore failed (exit ${code}); the database was left as it was (one transaction): ${stderr.trim()}`,
    );
}

async function afterRestore(
  db: Db,
  master: Buffer,
  source: string,
  manifest: BackupManifest,
  env: NodeJS.ProcessEnv,
  dataDir: string,
  setAside: string[],
): Promise<number> {
  await migrate(db);
  await initCryptoFor(db, master, source);
  const chain = await verifyAuditChain(db);
  const head = await auditHead(db);
  if (
    !chain.ok ||
    (manifest.audit && (head?.seq !== manifest.audit.seq || head.hash !== manifest.audit.hash))
  ) {
    throw new AppError(
      'restore_audit_mismatch',
      `The restored audit log does not end at the backup's head (seq ${manifest.audit?.seq}, hash ${manifest.audit?.hash}): run \`enlace audit verify\``,
      { exitCode: 3 },
    );
  }
  const checkpointFile = checkpointFileFromEnv(env, dataDir);
  const previous = existsSync(checkpointFile) ? (await readFile(checkpointFile, 'utf8')).trim() : undefined;
  const aside = setCheckpointAside(checkpointFile, `before-restore-${stamp()}`);
  if (aside) setAside.push(aside);
  await audit(
    { db, actor: { userId: null, agencyId: null } },
    {
      action: 'restore',
      resource: 'database',
      justification: `restored the backup of ${manifest.createdAt} (audit head seq ${manifest.audit?.seq ?? 0})${
        previous ? `; checkpoint before the restore: ${previous}` : ''
      }`,
    },
  );
  await writeCheckpoint(db, checkpointFile);
  return chain.checked + 1;
}
