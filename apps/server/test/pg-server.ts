import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Starts a throwaway PostgreSQL server for tests and benchmarks: initdb in a temporary folder, a free port,
 * loopback only, run as the `postgres` system user when we are root (the server refuses to run as root).
 * When the server binaries are missing it installs Debian's `postgresql` as root, or fails with the command.
 */
export interface PgServer {
  url: string;
  adminUrl: string;
  port: number;
  stop(): Promise<void>;
}

function findBinDir(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(base, versions[0], 'bin') : undefined;
}

export function ensurePostgresInstalled(): string {
  let bin = findBinDir();
  if (bin) return bin;
  const isRoot = process.getuid?.() === 0;
  const cmd = 'apt-get update && apt-get install -y postgresql';
  if (!isRoot)
    throw new Error(`PostgreSQL server binaries not found. Install them with: sudo sh -c '${cmd}'`);
  process.stderr.write(`PostgreSQL server not found; installing: ${cmd}\n`);
  execFileSync('sh', ['-c', `DEBIAN_FRONTEND=noninteractive ${cmd}`], { stdio: 'inherit' });
  bin = findBinDir();
  if (!bin) throw new Error('PostgreSQL installation did not provide /usr/lib/postgresql/*/bin/initdb');
  return bin;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function asPostgresUser(bin: string, args: string[]): [string, string[]] {
  if (process.getuid?.() === 0) return ['runuser', ['-u', 'postgres', '--', bin, ...args]];
  return [bin, args];
}

export async function startPostgresServer(opts: { fast?: boolean } = {}): Promise<PgServer> {
  const binDir = ensurePostgresInstalled();
  const dir = mkdtempSync(join(tmpdir(), 'enlace-pg-'));
  chmodSync(dir, 0o777);
  const dataDir = join(dir, 'data');
  const isRoot = process.getuid?.() === 0;
  if (isRoot) execFileSync('chown', ['postgres', dir]);
  const [initCmd, initArgs] = asPostgresUser(join(binDir, 'initdb'), [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '--auth=trust',
    '--encoding=UTF8',
    '--no-locale',
  ]);
  execFileSync(initCmd, initArgs, { stdio: 'ignore' });
  const port = await freePort();
  const settings = [
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    `unix_socket_directories=${dir}`,
    '-c',
    'max_connections=200',
    '-c',
    'shared_buffers=256MB',
  ];
  if (opts.fast !== false)
    settings.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  const [cmd, args] = asPostgresUser(join(binDir, 'postgres'), [
    '-D',
    dataDir,
    '-p',
    String(port),
    ...settings,
  ]);
  const child: ChildProcess = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (d) => {
    log = (log + String(d)).slice(-4000);
  });
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const pg = (await import('pg')).default;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const client = new pg.Client({ connectionString: adminUrl });
    try {
      await client.connect();
      await client.end();
      break;
    } catch {
      await client.end().catch(() => undefined);
      if (child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`PostgreSQL did not start:\n${log}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url: adminUrl,
    adminUrl,
    port,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        // Signal the postmaster itself (runuser does not forward signals): fast shutdown.
        const pidFile = join(dataDir, 'postmaster.pid');
        const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : NaN;
        try {
          if (pid > 0) process.kill(pid, 'SIGINT');
          else child.kill('SIGINT');
        } catch {
          child.kill('SIGKILL');
        }
        const timeout = new Promise((r) => setTimeout(r, 10_000).unref());
        await Promise.race([exited, timeout]);
        if (child.exitCode === null) {
          if (pid > 0) process.kill(pid, 'SIGKILL');
          child.kill('SIGKILL');
        }
      }
      removeInBackground(dir);
    },
  };
}

/**
 * Removes a stopped server's folder without waiting for it. A whole test run leaves ~60 databases copied from the
 * migrated template in it, tens of thousands of files: removing them with rmSync held `npm test`'s exit for ~4 min
 * beside two busy cores (a JS stack of the waiting process: rmSync → rimrafSync), after every test had finished. A
 * detached `rm -rf` goes on after the test process exits; rmSync when `rm` cannot be started.
 */
function removeInBackground(dir: string): void {
  try {
    const rm = spawn('rm', ['-rf', dir], { detached: true, stdio: 'ignore' });
    rm.on('error', () => rmSync(dir, { recursive: true, force: true }));
    rm.unref();
  } catch {
    rmSync(dir, { recursive: true, force: true });
  }
}
