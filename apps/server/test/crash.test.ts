import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { upsertAgency } from '../src/api/agencies/repository.ts';
import { insertTip } from '../src/api/tips/repository.ts';
import { createUser } from '../src/api/users/service.ts';
import { openRuntime } from '../src/runtime.ts';
import { currentTotp } from '../src/security/totp.ts';
import { createServerDatabase, seededDataDir } from './databases.ts';
import { enlace, type Served, startServe, until } from './processes.ts';

const root = mkdtempSync(join(tmpdir(), 'enlace-crash-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const WORKERS = 12;
/** Acknowledged writes before the kill (the kill lands while WORKERS more are in flight). */
const BEFORE_KILL = 80;

const READERS = 4;

/** Signs a hotline operator in (password, then TOTP enrolment); returns the headers of its requests. */
async function signIn(url: string, email: string, password: string): Promise<Record<string, string>> {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body = (await login.json()) as { csrfToken: string };
  expect(login.status).toBe(200);
  const headers = {
    cookie: (login.headers.get('set-cookie') ?? '').split(';')[0]!,
    'x-csrf-token': body.csrfToken,
  };
  const setup = await fetch(`${url}/api/auth/mfa/setup`, { method: 'POST', headers });
  const { secret } = (await setup.json()) as { secret: string };
  const enable = await fetch(`${url}/api/auth/mfa/enable`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ code: currentTotp(secret) }),
  });
  expect(enable.status).toBe(200);
  return headers;
}

/**
 * Workers that post tips as fast as the server answers, and readers (a signed-in operator) whose every
 * answered read has an audit entry committed by the group commit; until the server stops answering.
 */
function drive(url: string, reader: { headers: Record<string, string>; tipId: string }) {
  const acknowledged: string[] = [];
  let reads = 0;
  let sent = 0;
  let failed = 0;
  const read = async () => {
    for (;;) {
      try {
        const res = await fetch(`${url}/api/tips/${reader.tipId}`, { headers: reader.headers });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`unexpected answer ${res.status}`);
        reads++;
      } catch (err) {
        if (err instanceof Error && err.message.startsWith('unexpected answer')) throw err;
        failed++;
        return;
      }
    }
  };
  const worker = async (w: number) => {
    for (let i = 0; ; i++) {
      sent++;
      try {
        const res = await fetch(`${url}/api/public/tips`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            category: 'labor',
            description: `Trabajadores encerrados en una bodega de Ecatepec (informe ${w}-${i}).`,
            urgent: i % 3 === 0,
          }),
        });
        const body = (await res.json()) as { folio?: string };
        if (res.status === 201 && body.folio) acknowledged.push(body.folio);
        else throw new Error(`unexpected answer ${res.status} ${JSON.stringify(body)}`);
      } catch (err) {
        if (err instanceof Error && err.message.startsWith('unexpected answer')) throw err;
        failed++;
        return; // the server is gone
      }
    }
  };
  const done = Promise.all([
    ...Array.from({ length: WORKERS }, (_, w) => worker(w)),
    ...Array.from({ length: READERS }, read),
  ]);
  return { acknowledged, done, stats: () => ({ sent, failed, reads }) };
}

describe.each([
  { name: 'embedded (PGlite)', server: false },
  { name: 'PostgreSQL server', server: true },
])('kill -9 under concurrent writes on $name', ({ server }) => {
  it('every acknowledged write is there after a restart, with its audit entry, and the audit log verifies', async () => {
    // a migrated database to start from (copied from the test run's templates): the test is about the kill
    const dir = mkdtempSync(join(root, 'data-'));
    if (!server) seededDataDir(dir);
    const env = {
      ENLACE_DATA_DIR: dir,
      DATABASE_URL: server ? (await createServerDatabase(undefined, { migrated: true })).url : '',
      ENLACE_PUBLIC_RATE_LIMIT: '1000000',
      ENLACE_INSECURE_COOKIES: 'true',
    };
    const rt = await openRuntime({ env: { ...process.env, ...env } });
    await upsertAgency(rt.db, {
      id: 'linea',
      name: 'Línea Nacional contra la Trata',
      level: 'federal',
      kind: 'hotline',
      stateCode: null,
      country: 'MEX',
    });
    const tipId = await insertTip(rt.db, {
      folio: 'D-CRASH001',
      agencyId: 'linea',
      category: 'sexual',
      stateCode: '15',
      language: 'spa',
      urgent: true,
      description: 'Anuncios de empleo en el extranjero que piden fotos a menores de edad.',
      contact: null,
    });
    const operator = { email: 'rosa.martinez@example.test', password: 'Tlacoyo-Nopal-Huarache-42' };
    const user = await createUser(
      { db: rt.db, actor: { userId: null, agencyId: null } },
      { ...operator, displayName: 'Rosa Martínez', role: 'hotline_operator', agencyId: 'linea' },
    );
    await rt.db.close();

    let served: Served = await startServe(env);
    const headers = await signIn(served.url, operator.email, operator.password);
    const load = drive(served.url, { headers, tipId });
    await until(() => load.acknowledged.length >= BEFORE_KILL || undefined, 'acknowledged writes');
    served.child.kill('SIGKILL');
    expect(await served.exited).toBe('SIGKILL');
    await load.done;
    const acknowledged = [...load.acknowledged];
    expect(acknowledged.length).toBeGreaterThanOrEqual(BEFORE_KILL);
    expect(load.stats().failed).toBe(WORKERS + READERS); // every worker saw the server go away mid-stream
    const reads = load.stats().reads;
    expect(reads).toBeGreaterThan(0);

    // Restart on the same data (the embedded folder's lock of the killed process is stale) and write again.
    served = await startServe(env);
    const after = await fetch(`${served.url}/api/public/tips`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        category: 'child',
        description: 'Niñas vendiendo dulces de madrugada en la central.',
      }),
    });
    expect(after.status).toBe(201);
    acknowledged.push(((await after.json()) as { folio: string }).folio);
    served.child.kill('SIGTERM');
    expect(await served.exited).toBe(0);

    const check = await openRuntime({ env: { ...process.env, ...env } });
    const { rows } = await check.db.query<{ folio: string; audited: number }>(
      `SELECT t.folio, (SELECT count(*)::int FROM audit_log a
                        WHERE a.resource = 'tips' AND a.action = 'create' AND a.resource_id = t.id::text) AS audited
       FROM tips t WHERE t.folio = ANY($1)`,
      [acknowledged],
    );
    const audited = await check.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log
       WHERE user_id = $1 AND action = 'read' AND resource = 'tips' AND resource_id = $2`,
      [user.id, tipId],
    );
    await check.db.close();
    // Every answered read was audited (a read in flight at the kill may have its entry without its answer).
    expect(audited.rows[0]!.n).toBeGreaterThanOrEqual(reads);
    const present = new Map(rows.map((r) => [r.folio, r.audited]));
    const lost = acknowledged.filter((f) => !present.has(f));
    expect(lost).toEqual([]);
    expect([...present.values()].every((n) => n === 1)).toBe(true);

    const verify = await enlace(['audit', 'verify'], env);
    expect(verify.stdout).toMatch(/^audit log intact: \d+ entries/);
    expect(verify.stdout).toMatch(/checkpoint \d+ \(seq \d+, hash [0-9a-f]{64}\) from .* matches/);
    expect(verify.code).toBe(0);
  }, 120_000);
});
