import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { freePort } from './pg-server.ts';

/** Running `enlace` (and TypeScript helpers) as separate processes, as an operator would. */
export const BIN = resolve(import.meta.dirname, '../bin/enlace.mjs');
export const RUN_TS = resolve(import.meta.dirname, '../bin/run-ts.mjs');

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

export function enlace(args: string[], env: Record<string, string>, input?: string): Promise<Ran> {
  return new Promise((done) => {
    const child = execFile(
      'node',
      [BIN, ...args],
      { env: { ...process.env, ...env }, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? ((err as { code?: number }).code ?? 1) : 0;
        done({ code: typeof code === 'number' ? code : 1, stdout: String(stdout), stderr: String(stderr) });
      },
    );
    child.stdin?.end(input ?? '');
  });
}

/** Polls `check` (no fixed sleeps in the caller) until it returns a value, or fails after `timeoutMs`. */
export async function until<T>(
  check: () => T | undefined | Promise<T | undefined>,
  what: string,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export interface Served {
  child: ChildProcess;
  url: string;
  pid: number;
  output(): string;
  /** Resolves with the exit code or signal. */
  exited: Promise<number | NodeJS.Signals | null>;
}

/** Starts `enlace serve` on a free loopback port; resolves when it listens (or rejects with its output). */
export async function startServe(env: Record<string, string>): Promise<Served> {
  const port = await freePort();
  const child = spawn('node', [BIN, 'serve', '--port', String(port), '--host', '127.0.0.1'], {
    env: { ...process.env, ENLACE_LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => {
    out += String(d);
  });
  child.stderr?.on('data', (d) => {
    out += String(d);
  });
  const exited = new Promise<number | NodeJS.Signals | null>((r) =>
    child.once('exit', (code, signal) => r(code ?? signal)),
  );
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  await until(() => {
    if (gone) throw new Error(`enlace serve exited before listening:\n${out}`);
    return out.includes('Enlace: listening on') ? true : undefined;
  }, 'enlace serve to listen');
  return { child, url: `http://127.0.0.1:${port}`, pid: child.pid!, output: () => out, exited };
}
