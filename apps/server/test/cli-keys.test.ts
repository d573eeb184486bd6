import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createServerDatabase, seededDataDir } from './databases.ts';

const run = promisify(execFile);
const BIN = resolve(import.meta.dirname, '../bin/enlace.mjs');

async function enlace(args: string[], env: Record<string, string>) {
  try {
    const r = await run('node', [BIN, ...args], {
      env: { ...process.env, ...env },
      timeout: 300_000,
      maxBuffer: 1 << 24,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe.each([
  {
    name: 'embedded (PGlite)',
    env: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'enlace-keys-'));
      dirs.push(dir);
      return { ENLACE_DATA_DIR: seededDataDir(dir), DATABASE_URL: '' };
    },
  },
  {
    name: 'PostgreSQL server',
    env: async () => ({ DATABASE_URL: (await createServerDatabase(undefined, { migrated: true })).url }),
  },
])('enlace keys rotate on $name', ({ env: makeEnv }) => {
  it('rotates a database filled by `enlace demo`, showing its progress', async () => {
    const env = await makeEnv();
    const d = await enlace(['demo', '--scale', '0.1'], env);
    expect(d.code, d.stderr).toBe(0);
    const k = await enlace(['keys', 'rotate'], env);
    expect(k.stderr).not.toMatch(/bad_ciphertext|internal_error/);
    expect(k.code).toBe(0);
    // Not a terminal: one progress line per tenth, ending at 100%.
    const lines = k.stderr.split('\n').filter((l) => l.startsWith('keys rotate:'));
    expect(lines[0]).toMatch(/^keys rotate: 0% \(0\/[\d,]+ values\)$/);
    expect(lines.at(-1)).toMatch(/^keys rotate: 100% \(([\d,]+)\/\1 values, \w+\)$/);
    const pct = lines.map((l) => Number(/(\d+)%/.exec(l)![1]));
    expect(pct).toEqual([...new Set(pct)].sort((a, b) => a - b)); // rising, no repeats
    const m = /new active key (\w+); re-encrypted (\d+) values in (\d+) column\(s\); retired (\w+)/.exec(
      k.stdout,
    );
    expect(m, k.stdout).not.toBeNull();
    expect(Number(m![2])).toBeGreaterThan(1000);
    expect(m![4]).not.toBe(m![1]);
    // Twice in a row works too (the previous new key is retired in turn).
    const again = await enlace(['keys', 'rotate'], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`retired ${m![1]} `);
  }, 600_000);
});
