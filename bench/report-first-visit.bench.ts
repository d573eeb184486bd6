/**
 * The first dashboard request after an import on a running server (issue 13): the server's refresh
 * (figures-refresh.ts) starts computing the latest year's figures when it sees the data version move; a
 * dashboard request that arrives `--delay` ms later either waits for that computation (same process, same pool:
 * figures-store.ts shares one computation per data version, year and part) or, as before that change, computes
 * everything a second time (simulated with a second connection pool). Alternating, `--runs` times each:
 * the dashboard's wait, the time until both are done, and the CPU of this process and of the PostgreSQL server
 * (the cluster's postmaster and backends' user + system time from /proc, exited backends included through the
 * postmaster's children's time).
 *
 *   node apps/server/bin/run-ts.mjs bench/report-first-visit.bench.ts --url postgres://…/bench_report [--runs 2]
 *     [--delay 2000] [--postmaster-pid-file /var/run/postgresql/15-main.pid]
 * (needs the database of `npm run bench:report`, in a cluster on this machine: its CPU is read from /proc.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dashboardFigures } from '../apps/server/src/api/report/service.ts';
import { migrate, openDatabase } from '../apps/server/src/db/index.ts';
import { storedLinkageReview, storedReportBundle } from '../apps/server/src/report/figures-store.ts';
import { initCrypto, parseMasterKey } from '../apps/server/src/security/crypto.ts';

const args = process.argv.slice(2);
const arg = (name: string, def: string) => (args.includes(name) ? args[args.indexOf(name) + 1]! : def);
const URL = arg('--url', '');
if (!URL) throw new Error('--url postgres://… (the database of npm run bench:report) is required');
const RUNS = Number(arg('--runs', '2'));
const DELAY = Number(arg('--delay', '2000'));
const YEAR = Number(arg('--year', '2023'));
const say = (s: string) => process.stdout.write(`${s}\n`);
const TICK = 100; // clock ticks per second (getconf CLK_TCK on Linux)

const POSTMASTER = arg('--postmaster-pid-file', '/var/run/postgresql/15-main.pid');
/**
 * user + system seconds of the cluster's postmaster and its children (backends, workers; those that exited are
 * counted in the postmaster's children's time), not other PostgreSQL servers on the machine
 */
function postgresCpu(): number {
  const pm = readFileSync(POSTMASTER, 'utf8').split('\n')[0]!.trim();
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // after the name: state (0), ppid (1), …, utime (11), stime (12), cutime (13), cstime (14)
      if (pid !== pm && f[1] !== pm) continue;
      ticks += Number(f[11]) + Number(f[12]) + (pid === pm ? Number(f[13]) + Number(f[14]) : 0);
    } catch {
      // exited meanwhile
    }
  }
  return ticks / TICK;
}
const nodeCpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

const db = await openDatabase({ url: URL, max: 10 });
await migrate(db);
await initCrypto(db, parseMasterKey('b'.repeat(64)));
try {
  for (let i = 0; i < RUNS; i++) {
    for (const shared of [true, false]) {
      // an import: the data version moves (a write that changes nothing; the statement trigger fires anyway)
      await db.query('UPDATE agencies SET name = name WHERE false');
      const other = shared ? db : await openDatabase({ url: URL, max: 10 });
      const load = loadavg()[0]!.toFixed(1);
      const pg0 = postgresCpu();
      const n0 = nodeCpu();
      const t0 = performance.now();
      const refresh = Promise.all([storedReportBundle(db, YEAR), storedLinkageReview(db, YEAR)]).then(
        () => performance.now() - t0,
      );
      await new Promise((r) => setTimeout(r, DELAY));
      const d0 = performance.now();
      const fig = await dashboardFigures(other, { year: YEAR }, { allowStale: false });
      const dashboardMs = performance.now() - d0;
      const refreshMs = await refresh;
      const bothMs = performance.now() - t0;
      const cpu = { pg: postgresCpu() - pg0, node: nodeCpu() - n0 };
      say(
        `${shared ? 'shared computation (now)' : 'computed again (before)'} run ${i + 1} (load ${load}): dashboard asked ${DELAY} ms after the refresh started answered in ${(dashboardMs / 1000).toFixed(2)} s; refresh ${(refreshMs / 1000).toFixed(2)} s; both done ${(bothMs / 1000).toFixed(2)} s; CPU PostgreSQL ${cpu.pg.toFixed(2)} s + this process ${cpu.node.toFixed(2)} s; victims ${(fig.report.victims as { total: number }).total.toLocaleString('en-US')}`,
      );
      if (!shared) await other.close();
    }
  }
} finally {
  await db.close();
}
