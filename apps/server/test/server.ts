import { randomBytes } from 'node:crypto';
import { upsertAgency } from '../src/api/agencies/repository.ts';
import { createUser } from '../src/api/users/service.ts';
import { configFromEnv, type ServerConfig } from '../src/config.ts';
import type { Db } from '../src/db/index.ts';
import { buildApp } from '../src/http/app.ts';
import type { App } from '../src/http/context.ts';
import type { Role } from '../src/security/permissions.ts';
import { currentTotp } from '../src/security/totp.ts';
import { testDatabases } from './databases.ts';

export interface TestUser {
  id: string;
  email: string;
  password: string;
  role: Role;
  agencyId: string;
}

export interface TestServer {
  app: App;
  url: string;
  db: Db;
  ensureAgency(id: string, level?: string, stateCode?: string | null, kind?: string): Promise<void>;
  createUser(opts: { role: Role; agencyId?: string; password?: string; email?: string }): Promise<TestUser>;
  /** Signs in through the API (enrolling MFA when the role needs it); returns a client with cookie + CSRF. */
  login(user: TestUser): Promise<Client>;
  close(): Promise<void>;
}

export interface Client {
  csrfToken: string;
  cookie: string;
  totpSecret?: string;
  request(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; json: any; headers: Headers }>;
}

async function call(
  url: string,
  method: string,
  path: string,
  body: unknown,
  headers: Record<string, string>,
) {
  const res = await fetch(url + path, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: res.status, json, headers: res.headers };
}

/** A real server on a free loopback port with a fresh database (PGlite by default). */
export async function startTestServer(
  opts: {
    database?: 'pglite' | 'postgres';
    config?: Partial<ServerConfig>;
    /** The read pool (DATABASE_READ_URL) to give the app, made from the test database. */
    readDb?: (db: Db) => Db;
  } = {},
): Promise<TestServer> {
  const which = testDatabases().find((d) => d.name === (opts.database ?? 'pglite'))!;
  const db = await which.open();
  const config = { ...configFromEnv(), logLevel: 'silent', loginRateLimitPerMinute: 1000, ...opts.config };
  const app = await buildApp({ db, readDb: opts.readDb?.(db), config });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  const url = `http://localhost:${port}`;
  const cli = { db, actor: { userId: null, agencyId: null } };

  const ensureAgency: TestServer['ensureAgency'] = async (
    id,
    level = 'federal',
    stateCode = null,
    kind = 'prosecutor',
  ) => {
    await upsertAgency(db, {
      id,
      name: `Agency ${id}`,
      level: level as 'federal',
      kind: kind as 'prosecutor',
      stateCode: level === 'state' || level === 'municipal' ? (stateCode ?? '09') : null,
      country: 'MEX',
    });
  };

  return {
    app,
    url,
    db,
    ensureAgency,
    async createUser(o) {
      const agencyId = o.agencyId ?? 'agency-a';
      await ensureAgency(agencyId);
      const password = o.password ?? `pw-${randomBytes(12).toString('hex')}`;
      const email = o.email ?? `${o.role}.${randomBytes(4).toString('hex')}@example.test`;
      const u = await createUser(cli, { email, displayName: o.role, role: o.role, agencyId, password });
      return { id: u.id, email, password, role: o.role, agencyId };
    },
    async login(user) {
      const r = await call(
        url,
        'POST',
        '/api/auth/login',
        { email: user.email, password: user.password },
        {},
      );
      if (r.status !== 200) throw new Error(`login failed: ${r.status} ${JSON.stringify(r.json)}`);
      const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0]!;
      const client: Client = {
        csrfToken: r.json.csrfToken,
        cookie,
        request: (method, path, body, headers = {}) =>
          call(url, method, path, body, {
            cookie: client.cookie,
            'x-csrf-token': client.csrfToken,
            ...headers,
          }),
      };
      if (r.json.status === 'mfa_enrolment_required') {
        const setup = await client.request('POST', '/api/auth/mfa/setup');
        client.totpSecret = setup.json.secret;
        const en = await client.request('POST', '/api/auth/mfa/enable', {
          code: currentTotp(setup.json.secret),
        });
        if (en.status !== 200) throw new Error(`mfa enable failed: ${JSON.stringify(en.json)}`);
      }
      return client;
    },
    async close() {
      await app.close();
      await db.close();
    },
  };
}
