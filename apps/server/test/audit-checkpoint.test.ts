import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkpointFileFromEnv } from '../src/audit/checkpoint.ts';
import { audit } from '../src/audit/service.ts';
import { openDatabase } from '../src/db/index.ts';
import { openRuntime } from '../src/runtime.ts';
import { createServerDatabase, seededDataDir } from './databases.ts';
import { enlace } from './processes.ts';

const root = mkdtempSync(join(tmpdir(), 'enlace-checkpoint-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe.each([
  { name: 'embedded (PGlite)', server: false },
  { name: 'PostgreSQL server', server: true },
])('signed audit checkpoints on $name', ({ server }) => {
  it('removing the newest entries (as a superuser, triggers bypassed) is reported by `enlace audit verify` with exit code 3', async () => {
    // a migrated database to start from (copied from the test run's templates)
    const dir = mkdtempSync(join(root, 'data-'));
    if (!server) seededDataDir(dir);
    const url = server ? (await createServerDatabase(undefined, { migrated: true })).url : '';
    const env = { ENLACE_DATA_DIR: dir, DATABASE_URL: url };
    const file = checkpointFileFromEnv(env, dir);
    expect(file).toEqual(
      server
        ? expect.stringMatching(/audit-checkpoint-127\.0\.0\.1-\d+-t_\w+\.json$/)
        : join(dir, 'audit-checkpoint.json'),
    );
    let serial = 0;
    const append = async (n: number) => {
      const rt = await openRuntime({ env: { ...process.env, ...env } });
      const ctx = { db: rt.db, actor: { userId: null, agencyId: null } };
      for (let i = 0; i < n; i++)
        await audit(ctx, { action: 'read', resource: 'persons', resourceId: `p-${++serial}` });
      await rt.db.close(); // advances the checkpoint when the file exists
    };
    /** What a database superuser can do: switch the append-only triggers off and delete the newest rows. */
    const removeNewest = async (n: number) => {
      const db = await openDatabase(server ? { url, max: 1 } : { url: '', dataDir: dir });
      await db.transaction(async (tx) => {
        await tx.query('SET LOCAL session_replication_role = replica');
        await tx.query(
          'DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log ORDER BY id DESC LIMIT $1)',
          [n],
        );
      });
      await db.close();
    };
    const read = () => JSON.parse(readFileSync(file, 'utf8'));

    await append(5);
    const first = await enlace(['audit', 'checkpoint'], env);
    expect(first.code).toBe(0);
    const cp1 = JSON.parse(first.stdout);
    expect(cp1).toMatchObject({ v: 1, n: 1 });
    expect(read()).toEqual(cp1);
    const ok = await enlace(['audit', 'verify'], env);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`checkpoint 1 (seq ${cp1.seq}, hash ${cp1.hash}) from ${file} matches`);

    await append(3);
    const cp2 = read();
    expect(cp2.n).toBe(2);
    expect(cp2.seq).toBeGreaterThan(cp1.seq);

    await removeNewest(2);
    const cut = await enlace(['audit', 'verify'], env);
    expect(cut.code).toBe(3);
    expect(cut.stdout).toContain(
      `audit log BROKEN: the log ends before checkpoint 2 (seq ${cp2.seq}, hash ${cp2.hash}): entries were removed`,
    );

    // New entries after the removal make a valid chain again; the checkpoint keeps the evidence.
    await append(2);
    expect(read()).toEqual(cp2);
    const later = await enlace(['audit', 'verify'], env);
    expect(later.code).toBe(3);
    expect(later.stdout).toContain(
      `audit log BROKEN: entry ${cp2.seq} of checkpoint 2 (seq ${cp2.seq}, hash ${cp2.hash}) is missing: entries were removed`,
    );
    // The older, anchored checkpoint is still in the log.
    const anchored = await enlace(['audit', 'verify', '--anchor', JSON.stringify(cp1)], env);
    expect(anchored.stdout).toContain(`checkpoint 1 (seq ${cp1.seq}, hash ${cp1.hash}) from anchor matches`);

    // A checkpoint cannot be forged without the master key.
    writeFileSync(file, JSON.stringify({ ...cp2, seq: cp1.seq, hash: cp1.hash }));
    const forged = await enlace(['audit', 'verify'], env);
    expect(forged.code).toBe(3);
    expect(forged.stdout).toMatch(/checkpoint 2 is not authentic/);
  }, 180_000);
});
