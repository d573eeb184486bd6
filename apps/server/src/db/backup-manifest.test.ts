import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { restoreDatabase } from './backup.ts';
import { TarWriter } from './tar.ts';

/**
 * A backup's manifest.json is read with its Zod schema before anything else happens: a damaged one is the
 * stable error `bad_backup` naming the field (exit code 2), another format "unknown backup format", never a
 * TypeError from a missing field further on. (The round trip of real backups: apps/server/test/backup.test.ts.)
 */
const root = mkdtempSync(join(tmpdir(), 'enlace-manifest-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const good = {
  format: 'enlace-backup',
  version: 1,
  database: 'embedded',
  createdAt: '2026-12-05T06:00:00.000Z',
  postgres: '17.4',
  migrations: ['001_init'],
  encryptionKeys: [{ id: 'k1', active: true, checkValue: 'ab' }],
  audit: null,
  content: { entries: 0, bytes: 0, sha256: '0'.repeat(64) },
  mac: '00',
};

let serial = 0;
async function backupWith(manifest: string): Promise<string> {
  const file = join(root, `b${++serial}.backup`);
  const tar = await TarWriter.create(file);
  await tar.file('manifest.json', Buffer.from(manifest));
  await tar.close();
  return file;
}

async function refusal(manifest: string): Promise<AppError> {
  // a data folder that does not exist: nothing could be written even if the manifest were accepted
  const env = { ENLACE_DATA_DIR: join(root, 'never-created'), DATABASE_URL: '' };
  const err = await restoreDatabase(await backupWith(manifest), { env }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('backup manifest', () => {
  it('a manifest missing a field, or with a field of the wrong kind, is a damaged backup naming the field', async () => {
    const { content: _content, ...noContent } = good;
    const a = await refusal(JSON.stringify(noContent));
    expect([a.code, a.exitCode]).toEqual(['bad_backup', 2]);
    expect(a.message).toMatch(/manifest\.json is damaged \(content: /);
    const b = await refusal(JSON.stringify({ ...good, encryptionKeys: [{ id: 'k1' }] }));
    expect(b.message).toMatch(/damaged \(encryptionKeys\.0\.active: /);
  });

  it('another format, or text that is not JSON, is refused as such', async () => {
    expect((await refusal(JSON.stringify({ ...good, format: 'tar' }))).message).toMatch(
      /unknown backup format/,
    );
    expect((await refusal('{"format":')).message).toMatch(/manifest\.json is not valid JSON/);
  });

  it('any JSON value in any field gives bad_backup or gets past the manifest, never a crash', async () => {
    const keys = Object.keys(good);
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), fc.constantFrom(...keys), async (value, key) => {
        const err = await refusal(JSON.stringify({ ...good, [key]: value }));
        // a value the schema accepts goes on to the next check (the master key, then the signature)
        expect(['bad_backup', 'missing_master_key', 'wrong_master_key', 'backup_kind']).toContain(err.code);
      }),
      { numRuns: 40 },
    );
  });
});
