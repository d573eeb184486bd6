import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = resolve(import.meta.dirname, '../bin/enlace.mjs');

async function enlace(args: string[], env: Record<string, string>) {
  try {
    const r = await run('node', [BIN, ...args], { env: { ...process.env, ...env }, timeout: 120_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('a new ENLACE_DATA_DIR with the master key from the environment (a secrets store)', () => {
  const root = mkdtempSync(join(tmpdir(), 'enlace-datadir-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('every command creates the folder (and its parents) instead of failing with ENOENT', async () => {
    const dir = join(root, 'srv', 'enlace', 'data');
    expect(existsSync(join(root, 'srv'))).toBe(false);
    // The key comes from the environment, so no key file is generated that would create the folder first.
    const env = { ENLACE_DATA_DIR: dir, DATABASE_URL: '', ENLACE_MASTER_KEY: 'b'.repeat(64) };
    const m = await enlace(['migrate'], env);
    expect(m.stderr).not.toMatch(/ENOENT|internal_error/);
    expect(m.code).toBe(0);
    expect(m.stdout).toMatch(/applied \d+ migration/);
    expect(statSync(join(dir, 'pgdata')).isDirectory()).toBe(true);
    expect(statSync(dir).mode & 0o077).toBe(0);
    expect(existsSync(join(dir, 'master.key'))).toBe(false);
    const k = await enlace(['keys', 'rotate'], { ...env, ENLACE_DATA_DIR: join(root, 'other', 'dir') });
    expect(k.stderr).not.toMatch(/ENOENT|internal_error/);
    expect(k.code).toBe(0);
    expect((await enlace(['migrate'], env)).stdout).toMatch(/up to date/);
    // Three processes, two of which migrate a new embedded database from nothing: 14 s on CI, over 60 s on a
    // 2-core machine at load 24.
  }, 240_000);
});
