import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './pg-server.ts';

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

/** Three consecutive free ports. */
async function freeBase(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const p = await freePort();
    if (p > 65000) continue;
    const probe = await Promise.all([freePort(), freePort()]);
    if (probe.length === 2) return p;
  }
  throw new Error('no free ports');
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

export async function haUp(): Promise<HaFormation> {
  const dir = mkdtempSync(join(tmpdir(), 'enlace-ha-'));
  const base = await freeBase();
  const r = spawnSync('bash', [join(SCRIPTS, 'up.sh'), dir], {
    encoding: 'utf8',
    env: { ...process.env, ENLACE_HA_PORT_BASE: String(base) },
  });
  const down = () => {
    spawnSync('bash', [join(SCRIPTS, 'down.sh'), dir], { stdio: 'ignore' });
  };
  if (r.status !== 0) {
    down();
    throw new Error(`scripts/ha/up.sh failed (${r.status}): ${r.stderr.slice(-2000)}`);
  }
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
