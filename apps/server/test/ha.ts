import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The pg_auto_failover test formation of scripts/ha/up.sh: a monitor, a primary and a synchronous standby. */
export interface HaFormation {
  dir: string;
  /** Multi-host, target_session_attrs=read-write. */
  url: string;
  /** Multi-host, target_session_attrs=prefer-standby. */
  readUrl: string;
  ports: { monitor: number; node1: number; node2: number };
  /** SIGKILL for the node's pg_autoctl and every process under it (its Postgres): the machine is gone. */
  killNode(name: 'node1' | 'node2'): void;
  /** Whether the node's PostgreSQL (postmaster) still runs. */
  alive(name: 'node1' | 'node2'): boolean;
  down(): void;
}

const SCRIPTS = resolve(dirname(fileURLToPath(import.meta.url)), '../../../scripts/ha');

export function hasAutoFailover(): boolean {
  return (
    existsSync('/usr/bin/pg_autoctl') &&
    existsSync('/usr/lib/postgresql') &&
    readdirSync('/usr/lib/postgresql').some((v) =>
      existsSync(`/usr/lib/postgresql/${v}/lib/pgautofailover.so`),
    )
  );
}

/** Why the failover test cannot run here, or null: it needs root (which installs pg_auto_failover) or the packages. */
export function haSkipReason(): string | null {
  if (process.getuid?.() === 0 || hasAutoFailover()) return null;
  return 'pg_auto_failover is not installed and this is not root: install pg-auto-failover-cli and postgresql-15-auto-failover (sudo apt-get install -y pg-auto-failover-cli postgresql-15-auto-failover) to run the failover test';
}

/** Whether a port can be listened on at 127.0.0.1 right now. */
function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/**
 * Three consecutive free ports, below Linux's ephemeral range (32768–60999): a port taken at random from that
 * range could be handed, between this check and the nodes' start, to another test's server or client socket.
 */
async function freeBase(): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const base = 20000 + Math.floor(Math.random() * 10000);
    if ((await canListen(base)) && (await canListen(base + 1)) && (await canListen(base + 2))) return base;
  }
  throw new Error('no three consecutive free ports between 20000 and 30002');
}

function descendants(pid: number): number[] {
  const table = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number) as [number, number]);
  const out: number[] = [];
  const todo = [pid];
  while (todo.length) {
    const p = todo.pop()!;
    for (const [child, parent] of table) {
      if (parent === p) {
        out.push(child);
        todo.push(child);
      }
    }
  }
  return out;
}

/** The last lines of each node's log: why the formation did not come up. */
function logTails(dir: string): string {
  const out: string[] = [];
  for (const name of ['monitor', 'node1', 'node2']) {
    const file = join(dir, `${name}.log`);
    if (!existsSync(file)) continue;
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    out.push(`--- ${name}.log (last 15 lines)`, ...lines.slice(-15));
  }
  return out.join('\n');
}

function downScript(dir: string): void {
  spawnSync('bash', [join(SCRIPTS, 'down.sh'), dir], { stdio: 'ignore' });
}

/** One attempt at scripts/ha/up.sh in a new folder on new ports. */
async function upOnce(): Promise<{ dir: string; base: number; stdout: string } | { error: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'enlace-ha-'));
  const base = await freeBase();
  const r = spawnSync('bash', [join(SCRIPTS, 'up.sh'), dir], {
    encoding: 'utf8',
    env: { ...process.env, ENLACE_HA_PORT_BASE: String(base) },
  });
  if (r.status === 0) return { dir, base, stdout: r.stdout };
  const error = `scripts/ha/up.sh failed (${r.status}) on ports ${base}–${base + 2}: ${r.stderr.slice(-1500)}\n${logTails(dir)}`;
  downScript(dir);
  return { error };
}

/**
 * Brings the formation up. A machine under load (CI runs the other test files beside this one) can make one of
 * pg_autoctl's steps fail; a second attempt, in a new folder on new ports, is made before the test fails, and
 * the error then carries both attempts' logs.
 */
export async function haUp(): Promise<HaFormation> {
  const errors: string[] = [];
  let up: { dir: string; base: number; stdout: string } | undefined;
  for (let attempt = 1; attempt <= 2 && !up; attempt++) {
    const r = await upOnce();
    if ('error' in r) {
      errors.push(`attempt ${attempt}: ${r.error}`);
      console.warn(`ha.ts: the formation did not come up (attempt ${attempt}): ${r.error.slice(0, 4000)}`);
    } else up = r;
  }
  if (!up) throw new Error(errors.join('\n\n'));
  const { dir, base } = up;
  const down = () => downScript(dir);
  const r = { stdout: up.stdout };
  const vars = Object.fromEntries(
    r.stdout
      .trim()
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  const postmasterOf = (name: string) =>
    Number(readFileSync(join(dir, name, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const postmasters = new Map<string, number>();
  return {
    dir,
    url: vars.DATABASE_URL!,
    readUrl: vars.DATABASE_READ_URL!,
    ports: { monitor: base, node1: base + 1, node2: base + 2 },
    alive(name) {
      try {
        process.kill(postmasters.get(name) ?? postmasterOf(name), 0);
        return true;
      } catch {
        return false;
      }
    },
    killNode(name) {
      const keeper = Number(readFileSync(join(dir, `${name}.pid`), 'utf8').trim());
      const postmaster = postmasterOf(name);
      postmasters.set(name, postmaster);
      for (const pid of [keeper, ...descendants(keeper), postmaster]) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
    },
    down,
  };
}
