import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerDatabase } from './databases.ts';

const run = promisify(execFile);
const BIN = resolve(import.meta.dirname, '../bin/enlace.mjs');

async function enlace(args: string[], env: Record<string, string>, input?: string) {
  try {
    const child = run('node', [BIN, ...args], { env: { ...process.env, ...env }, timeout: 120_000 });
    if (input !== undefined) {
      child.child.stdin?.end(input);
    }
    const r = await child;
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/**
 * Every command's --help, in this process (the same program `enlace` builds; a spawned `enlace` loads tsx and
 * every module, ~5-15 s each on a busy 2-core machine), plus the binary itself once.
 */
describe('enlace --help', () => {
  const HELP = [
    ['--help'],
    ['serve', '--help'],
    ['migrate', '--help'],
    ['user', 'create', '--help'],
    ['user', 'disable', '--help'],
    ['keys', 'rotate', '--help'],
    ['audit', 'verify', '--help'],
    ['import', '--help'],
    ['report', '--help'],
  ];

  it('works on every command', async () => {
    const { Command } = await import('commander');
    const { commandModules } = await import('../src/cli/commands/index.ts');
    for (const args of HELP) {
      let out = '';
      const program = new Command('enlace')
        .exitOverride()
        .configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (out += s) });
      for (const mod of commandModules) mod.register(program);
      const err = await program.parseAsync(['node', 'enlace', ...args]).then(
        () => null,
        (e: { code?: string }) => e,
      );
      expect(err?.code, args.join(' ')).toBe('commander.helpDisplayed');
      expect(out, args.join(' ')).toMatch(/Usage: enlace/);
    }
  });

  it('the enlace binary prints its help', async () => {
    const r = await enlace(['--help'], {});
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: enlace/);
  }, 120_000); // one process start (tsx, every command module)
});

// Each test below starts 4-6 `enlace` processes (~5-15 s each on a busy 2-core machine): its own timeout.
const SPAWNING_TEST_TIMEOUT = 240_000;

describe.each([
  {
    name: 'embedded (PGlite)',
    env: async () => ({ ENLACE_DATA_DIR: mkdtempSync(join(tmpdir(), 'enlace-cli-')), DATABASE_URL: '' }),
  },
  { name: 'PostgreSQL server', env: async () => ({ DATABASE_URL: (await createServerDatabase()).url }) },
])('enlace CLI on $name', ({ env: makeEnv }) => {
  let env: Record<string, string>;
  beforeAll(async () => {
    env = await makeEnv();
  });
  afterAll(() => {
    if (env.ENLACE_DATA_DIR) rmSync(env.ENLACE_DATA_DIR, { recursive: true, force: true });
  });

  it(
    'migrate, user create / disable, keys rotate, audit verify',
    async () => {
      const m = await enlace(['migrate'], env);
      expect(m.code).toBe(0);
      expect((await enlace(['migrate'], env)).stdout).toMatch(/up to date/);
      // An agency must exist: the first `serve` creates the system agency; here we use the bootstrap through user create errors.
      const bad = await enlace(
        ['user', 'create', '--email', 'a@example.test', '--agency', 'nope', '--role', 'caseworker'],
        env,
      );
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/unknown_agency/);
      expect(bad.stderr).not.toMatch(/\n\s+at /);
      const badRole = await enlace(
        ['user', 'create', '--email', 'a@example.test', '--agency', 'x', '--role', 'king'],
        env,
      );
      expect(badRole.code).toBe(2);
      expect(badRole.stderr).toMatch(/invalid_role/);
    },
    SPAWNING_TEST_TIMEOUT,
  );

  it(
    'creates a user in an existing agency, disables it, rotates keys and verifies the audit chain',
    async () => {
      const { openRuntime } = await import('../src/runtime.ts');
      const { upsertAgency } = await import('../src/api/agencies/repository.ts');
      // this process's environment stays as it is: the next test files of this worker share it (isolate: false)
      const rt = await openRuntime({ env: { ...process.env, ...env } });
      try {
        await upsertAgency(rt.db, {
          id: 'fgr',
          name: 'FGR',
          level: 'federal',
          kind: 'prosecutor',
          stateCode: null,
          country: 'MEX',
        });
      } finally {
        await rt.db.close();
      }
      const c = await enlace(
        ['user', 'create', '--email', 'Ana@Example.test', '--agency', 'fgr', '--role', 'caseworker'],
        env,
      );
      expect(c.code).toBe(0);
      expect(c.stdout).toMatch(/password \(shown once\): \S{16,}/);
      const weak = await enlace(
        [
          'user',
          'create',
          '--email',
          'b@example.test',
          '--agency',
          'fgr',
          '--role',
          'analyst',
          '--password-stdin',
        ],
        env,
        'password123\n',
      );
      expect(weak.code).toBe(2);
      expect(weak.stderr).toMatch(/password_/);
      const d = await enlace(['user', 'disable', 'ana@example.test'], env);
      expect(d.code).toBe(0);
      const k = await enlace(['keys', 'rotate'], env);
      expect(k.code).toBe(0);
      expect(k.stdout).toMatch(/new active key/);
      const v = await enlace(['audit', 'verify'], env);
      expect(v.code).toBe(0);
      expect(v.stdout).toMatch(/intact: [1-9]\d* entries/);
    },
    SPAWNING_TEST_TIMEOUT,
  );
});
