/**
 * API benchmark: authenticated reads on the PostgreSQL server with audit logging on, 50 concurrent clients.
 * Target: ≥ 2,000 req/s and p99 ≤ 50 ms for single-record reads.
 * The server runs as its own process (`enlace serve`), autocannon drives it from this one.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { demoFolder } from '@enlace/core/demo';
import { memorySource } from '@enlace/core/exchange/source';
import autocannon from 'autocannon';
import { upsertAgency } from '../apps/server/src/api/agencies/repository.ts';
import { createUser } from '../apps/server/src/api/users/service.ts';
import { importFolder } from '../apps/server/src/import/engine.ts';
import { openRuntime } from '../apps/server/src/runtime.ts';
import { currentTotp } from '../apps/server/src/security/totp.ts';
import { freePort, startPostgresServer } from '../apps/server/test/pg-server.ts';
import { machineLine } from './machine.ts';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);

async function main() {
  console.log(machineLine());
  const pg = await startPostgresServer({ fast: false });
  const env = {
    ...process.env,
    DATABASE_URL: pg.url,
    ENLACE_MASTER_KEY: 'b'.repeat(64),
    ENLACE_LOG_LEVEL: 'warn',
  };
  Object.assign(process.env, env);
  const rt = await openRuntime();
  const files = demoFolder({ scale: 1 });
  await importFolder({ db: rt.db, actor: { userId: null, agencyId: null } }, memorySource(files));
  const { rows } = await rt.db.query<{ agency_id: string; n: number }>(
    'SELECT agency_id, count(*)::int AS n FROM persons GROUP BY agency_id ORDER BY n DESC LIMIT 1',
  );
  const agencyId = rows[0]!.agency_id;
  const total = await rt.db.query<{ n: number }>('SELECT count(*)::int AS n FROM persons');
  await upsertAgency(rt.db, {
    id: agencyId,
    name: agencyId,
    level: 'federal',
    kind: 'prosecutor',
    stateCode: null,
    country: 'MEX',
  }).catch(() => undefined);
  const password = 'bench password long enough 42';
  await createUser(
    { db: rt.db, actor: { userId: null, agencyId: null } },
    { email: 'bench@example.test', displayName: 'Bench', role: 'caseworker', agencyId, password },
  );
  await rt.db.close();

  const port = await freePort();
  const server: ChildProcess = spawn(
    'node',
    [
      // BENCH_PROFILE=DIR writes the server's CPU profile there when it stops
      ...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []),
      resolve('apps/server/bin/enlace.mjs'),
      'serve',
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
    ],
    {
      env: { ...env, ENLACE_LOGIN_RATE_LIMIT: '1000' },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${base}/health`)).ok) break;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bench@example.test', password }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const h = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
  const setup = (await (
    await fetch(`${base}/api/auth/mfa/setup`, { method: 'POST', headers: h, body: '{}' })
  ).json()) as { secret: string };
  await fetch(`${base}/api/auth/mfa/enable`, {
    method: 'POST',
    headers: h,
    body: JSON.stringify({ code: currentTotp(setup.secret) }),
  });
  // The single record is a person the caseworker recorded: reading anyone else's asks for a justification
  // (break-glass, docs/security.md), and every read still runs the ownership check.
  const personId = `${agencyId}/bench-own-1`;
  const put = await fetch(`${base}/api/persons/${encodeURIComponent(personId)}`, {
    method: 'PUT',
    headers: h,
    body: JSON.stringify({ given_names: 'Ana', surname_1: 'Bench', sex: 'female' }),
  });
  if (!put.ok) throw new Error(`bench person: ${put.status} ${await put.text()}`);

  console.log(
    `data: ${total.rows[0]!.n} persons (demo dataset), PostgreSQL server, audit logging on, ${CONNECTIONS} connections, ${DURATION} s each`,
  );
  const results: Record<string, autocannon.Result> = {};
  for (const [name, path] of [
    ['health (no auth)', '/health'],
    ['agency (auth)', `/api/agencies/${encodeURIComponent(agencyId)}`],
    ['single record', `/api/persons/${encodeURIComponent(personId)}`],
    ['page of 50', '/api/persons?limit=50'],
  ] as const) {
    const probe = await fetch(base + path, { headers: { cookie } });
    if (!probe.ok) throw new Error(`${path}: ${probe.status} ${await probe.text()}`);
    results[name] = await autocannon({
      url: base + path,
      connections: CONNECTIONS,
      duration: DURATION,
      headers: { cookie },
    });
    const r = results[name]!;
    console.log(
      `${name.padEnd(17)} ${r.requests.average.toFixed(0).padStart(6)} req/s  p50 ${r.latency.p50} ms  p99 ${r.latency.p99} ms  errors ${r.errors}  non-2xx ${r.non2xx}`,
    );
  }
  const s = results['single record']!;
  console.log(
    `target single record: ≥ 2000 req/s and p99 ≤ 50 ms → ${s.requests.average >= 2000 && s.latency.p99 <= 50 ? 'MET' : 'NOT MET'}`,
  );
  const exited = new Promise((r) => server.once('exit', r));
  server.kill('SIGTERM');
  await exited;
  await pg.stop();
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
