import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { upsertAgency } from '../src/api/agencies/repository.ts';
import { getTip, insertTip } from '../src/api/tips/repository.ts';
import { audit } from '../src/audit/service.ts';
import { listTar } from '../src/db/tar.ts';
import { openRuntime } from '../src/runtime.ts';
import { parseMasterKey } from '../src/security/crypto.ts';
import { createServerDatabase, seededDataDir } from './databases.ts';
import { enlace } from './processes.ts';

const root = mkdtempSync(join(tmpdir(), 'enlace-backup-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const KEY = 'c'.repeat(64);
const OTHER_KEY = 'd'.repeat(64);
const DESCRIPTION = 'Vi a tres jóvenes trabajando de noche en un taller de costura en Iztapalapa.';

describe.each([
  { name: 'embedded (PGlite)', server: false },
  { name: 'PostgreSQL server', server: true },
])('enlace backup / restore on $name', ({ server }) => {
  it('round trip with the key; refused without it or with another one; never contains the key', async () => {
    // an empty database (the restore's target); `migrated`: a copy of the test run's migrated template
    const target = async (migrated = false) => {
      if (server)
        return {
          DATABASE_URL: (await createServerDatabase(undefined, { migrated })).url,
          ENLACE_DATA_DIR: mkdtempSync(join(root, 'x-')),
        };
      const dir = join(mkdtempSync(join(root, 'x-')), 'data');
      return { DATABASE_URL: '', ENLACE_DATA_DIR: migrated ? seededDataDir(dir) : dir };
    };
    const source = { ...(await target(true)), ENLACE_MASTER_KEY: KEY };

    // Some data: an agency, a tip with an encrypted description, audit entries.
    const rt = await openRuntime({ env: { ...process.env, ...source } });
    await upsertAgency(rt.db, {
      id: 'fgr',
      name: 'FGR',
      level: 'federal',
      kind: 'prosecutor',
      stateCode: null,
      country: 'MEX',
    });
    const tipId = await insertTip(rt.db, {
      folio: 'D-BACKUP01',
      agencyId: 'fgr',
      category: 'labor',
      stateCode: '09',
      language: 'spa',
      urgent: true,
      description: DESCRIPTION,
      contact: null,
    });
    for (let i = 0; i < 3; i++)
      await audit(
        { db: rt.db, actor: { userId: null, agencyId: null } },
        { action: 'create', resource: 'tips', resourceId: tipId },
      );
    await rt.db.close();

    const out = join(root, `${server ? 'server' : 'embedded'}.backup`);
    const b = await enlace(['backup', out], source);
    expect(b.stderr).not.toMatch(/internal_error/);
    expect(b.code).toBe(0);
    expect(b.stdout).toMatch(/^backup written: .*audit log up to entry \d+/);
    expect(b.stderr).toMatch(
      server ? /dumping the database \(pg_dump\): / : /copying the embedded database: .*\(100 %\)/,
    );
    expect(b.stderr).toMatch(/does not contain the master key/);
    expect(readdirSync(root).filter((f) => f.endsWith('.partial'))).toEqual([]);
    const bytes = readFileSync(out);
    const key = parseMasterKey(KEY);
    for (const form of [key, Buffer.from(key.toString('base64')), Buffer.from(KEY)])
      expect(bytes.includes(form)).toBe(false);
    const names = (await listTar(out)).map((e) => e.name);
    expect(names.at(-1)).toBe('manifest.json');
    expect(names).toContain(server ? 'database.pgdump' : 'pgdata/PG_VERSION');
    expect((await enlace(['backup', out], source)).stderr).toMatch(/backup_exists/);

    const dest = await target();
    // No key: nothing is restored and no key is generated.
    const noKey = await enlace(['restore', out], { ...dest, ENLACE_MASTER_KEY: '' });
    expect(noKey.code).toBe(5);
    expect(noKey.stderr).toMatch(
      /missing_master_key: The backup's personal data is encrypted under its master key/,
    );
    expect(existsSync(join(dest.ENLACE_DATA_DIR, 'master.key'))).toBe(false);
    const wrong = await enlace(['restore', out], { ...dest, ENLACE_MASTER_KEY: OTHER_KEY });
    expect(wrong.code).toBe(5);
    expect(wrong.stderr).toMatch(
      /wrong_master_key: The master key from ENLACE_MASTER_KEY is not this backup's key/,
    );
    expect(existsSync(join(dest.ENLACE_DATA_DIR, 'pgdata'))).toBe(false);

    // A damaged backup is refused before anything is written.
    const damaged = join(root, `${server ? 'server' : 'embedded'}-damaged.backup`);
    const copy = Buffer.from(bytes);
    const big = (await listTar(out)).reduce((a, e) => (e.size > a.size ? e : a));
    const at = big.offset + Math.floor(big.size / 2);
    copy[at] = copy[at]! ^ 0xff;
    writeFileSync(damaged, copy);
    const bad = await enlace(['restore', damaged], { ...dest, ENLACE_MASTER_KEY: KEY });
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/bad_backup: .*does not match its manifest/);

    const restored = await enlace(['restore', out], { ...dest, ENLACE_MASTER_KEY: KEY });
    expect(restored.stderr).not.toMatch(/enlace: /);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(/audit log verified \(4 entries, the last one records this restore\)/);
    expect(restored.stderr).toMatch(/checking the backup: .*\(100 %\)/);
    const again = await enlace(['restore', out], { ...dest, ENLACE_MASTER_KEY: KEY });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(server ? /database_not_empty/ : /database_exists/);

    const check = await openRuntime({ env: { ...process.env, ...dest, ENLACE_MASTER_KEY: KEY } });
    expect((await getTip(check.db, 'fgr', tipId))?.description).toBe(DESCRIPTION);
    await check.db.close();
    const verify = await enlace(['audit', 'verify'], { ...dest, ENLACE_MASTER_KEY: KEY });
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/intact: 4 entries/);

    // Starting on the restored data with no key, or another key, stops: no new key is made.
    const start = await enlace(['audit', 'verify'], { ...dest, ENLACE_MASTER_KEY: server ? OTHER_KEY : '' });
    expect(start.code).toBe(5);
    if (server)
      expect(start.stderr).toMatch(/wrong_master_key: The master key from ENLACE_MASTER_KEY does not match/);
    else {
      expect(start.stderr).toMatch(
        /missing_master_key: .*holds an Enlace database but its master key is missing/,
      );
      expect(existsSync(join(dest.ENLACE_DATA_DIR, 'master.key'))).toBe(false);
    }
  }, 240_000);
});
