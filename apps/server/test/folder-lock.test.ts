import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireFolderLock, LOCK_FILE } from '../src/db/lock.ts';
import { seededDataDir } from './databases.ts';
import { enlace, startServe, until } from './processes.ts';

const root = mkdtempSync(join(tmpdir(), 'enlace-lock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/**
 * lock-holder.ts and the lock's code, built once into one JavaScript file: each racer is a plain `node` process
 * (through tsx, ~1 s of CPU each for the same code).
 */
let holderBuild: Promise<string> | undefined;
function holderScript(): Promise<string> {
  const outfile = join(root, 'lock-holder.mjs');
  holderBuild ??= build({
    entryPoints: [resolve(import.meta.dirname, 'lock-holder.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  }).then(() => outfile);
  return holderBuild;
}

/** Starts `n` processes that race for the folder's lock at the same moment; returns what each got. */
async function race(dir: string, n: number): Promise<{ results: string[]; finish: () => Promise<void> }> {
  const holder = await holderScript();
  const kids = Array.from({ length: n }, () =>
    spawn('node', [holder, dir], { stdio: ['pipe', 'pipe', 'inherit'] }),
  );
  // exits are watched from the start: a loser may exit before the test asks
  const exits = kids.map((k) => new Promise((r) => k.once('exit', r)));
  const outs = kids.map(() => '');
  kids.forEach((k, i) => {
    k.stdout.on('data', (d) => {
      outs[i] += String(d);
    });
  });
  await until(() => outs.every((o) => o.includes('ready')) || undefined, 'the racers to start');
  for (const k of kids) k.stdin.write('go\n');
  await until(() => outs.every((o) => /\n(won|lost \w+)\n/.test(o)) || undefined, 'the race');
  const results = outs.map((o) => /\n(won|lost \w+)\n/.exec(o)![1]!);
  return {
    results,
    finish: async () => {
      for (const k of kids) k.stdin.end();
      await Promise.all(exits);
    },
  };
}

describe('the embedded database folder has one owner process', () => {
  it('a command against the folder of a running `enlace serve` is refused, naming it; after serve is killed, the stale lock is taken over and the write lasts', async () => {
    const dir = seededDataDir(join(root, 'served')); // migrated already (a copy of the test run's template)
    const env = { ENLACE_DATA_DIR: dir, DATABASE_URL: '' };
    const served = await startServe(env);
    const lock = JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'));
    expect(lock).toMatchObject({ pid: served.pid, host: hostname(), command: 'enlace serve' });

    const refused = await enlace(
      [
        'user',
        'create',
        '--email',
        'lucia.hernandez@example.test',
        '--agency',
        'enlace',
        '--role',
        'caseworker',
      ],
      env,
    );
    expect(refused.code).toBe(4);
    expect(refused.stdout).not.toMatch(/created/);
    expect(refused.stderr).toContain(
      `the embedded database in ${dir} is in use by \`enlace serve\` (pid ${served.pid}, since ${lock.startedAt}); stop it or run this command against the server with DATABASE_URL`,
    );
    // Read-only commands too: two PGlite instances must never share the folder.
    expect((await enlace(['audit', 'verify'], env)).code).toBe(4);

    served.child.kill('SIGKILL');
    await served.exited;
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true); // left behind by the killed process

    const created = await enlace(
      [
        'user',
        'create',
        '--email',
        'lucia.hernandez@example.test',
        '--agency',
        'enlace',
        '--role',
        'caseworker',
      ],
      env,
    );
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^created caseworker lucia\.hernandez@example\.test/);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false); // released at exit
    // The acknowledged write is there for the next process.
    const disabled = await enlace(['user', 'disable', 'lucia.hernandez@example.test'], env);
    expect(disabled.code).toBe(0);
    expect(disabled.stdout).toMatch(/disabled lucia\.hernandez@example\.test/);
  });

  it('of several processes racing for a free folder, exactly one wins; the others are told who holds it', async () => {
    const dir = join(root, 'race-free');
    const r = await race(dir, 4);
    expect(r.results.filter((x) => x === 'won')).toHaveLength(1);
    expect(r.results.filter((x) => x === 'lost database_in_use')).toHaveLength(3);
    const owner = JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'));
    expect(owner.command).toBe('lock-holder');
    await r.finish();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('a stale lock (its process is gone) is taken over by exactly one of several racing processes', async () => {
    const dir = join(root, 'race-stale');
    mkdirSync(dir, { recursive: true });
    const dead = spawnSync('node', ['-e', '']).pid; // a pid that has just exited
    const stale = {
      pid: dead,
      host: hostname(),
      command: 'enlace serve',
      startedAt: '2026-01-01T00:00:00.000Z',
      procStart: null,
      token: 'stale',
    };
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify(stale));
    const r = await race(dir, 4);
    expect(r.results.filter((x) => x === 'won')).toHaveLength(1);
    expect(r.results.filter((x) => x === 'lost database_in_use')).toHaveLength(3);
    expect(existsSync(join(dir, `${LOCK_FILE}.takeover`))).toBe(false);
    await r.finish();
  });

  it('a lock of another host is never taken over; a live process of this host keeps its lock', () => {
    const dir = join(root, 'other-host');
    mkdirSync(dir, { recursive: true });
    const other = {
      pid: 1,
      host: `${hostname()}-elsewhere`,
      command: 'enlace serve',
      startedAt: '2026-01-01T00:00:00.000Z',
      procStart: null,
      token: 'x',
    };
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify(other));
    expect(() => acquireFolderLock(dir)).toThrow(/in use by `enlace serve` \(pid 1 on host .*-elsewhere/);
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ ...other, host: hostname(), pid: process.ppid }));
    expect(() => acquireFolderLock(dir)).toThrow(/in use by `enlace serve` \(pid \d+, since/);
    rmSync(join(dir, LOCK_FILE));
    const mine = acquireFolderLock(dir);
    expect(() => acquireFolderLock(dir)).toThrow(/already open in this process/);
    mine.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });
});
