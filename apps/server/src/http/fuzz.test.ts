/**
 * Bounded API fuzzing: at least 5,000 requests over every path and method of /openapi.json (and a few that do not
 * exist), from a fixed-seed PRNG, as signed-in users of every role, a session still in two-step verification and
 * nobody, with odd headers (`Origin: null`, foreign origins, broken cookies and CSRF tokens), hostile ids (NUL,
 * percent-encoded NUL, `..`, broken percent-encoding, 10,000 characters), wrong content types and huge or odd JSON
 * bodies. Every answer must be below 500, no body may carry a stack trace, and no log line may carry a stack or
 * a value sent in a body.
 */
import { Writable } from 'node:stream';
import { demoFolder, memorySource } from '@enlace/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/databases.ts';
import { upsertAgency } from '../api/agencies/repository.ts';
import { createUser } from '../api/users/service.ts';
import { configFromEnv } from '../config.ts';
import type { Db } from '../db/index.ts';
import { importFolder } from '../import/engine.ts';
import { ROLES, type Role } from '../security/permissions.ts';
import { currentTotp } from '../security/totp.ts';
import { buildApp } from './app.ts';
import type { App } from './context.ts';

const SEED = 20261204;
const REQUESTS = 5200;
const CONCURRENCY = 8;
/** Put in bodies: must never show up in a log line. */
const MARKER = 'Zyxwq-Marcador';

/** sfc32: small, fast, seeded. */
function prng(seed: number) {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = () => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) next();
  const int = (n: number) => Math.floor(next() * n);
  return {
    next,
    int,
    chance: (p: number) => next() < p,
    pick: <T>(xs: readonly T[]): T => xs[int(xs.length)]!,
  };
}
type Rng = ReturnType<typeof prng>;

// ---------------------------------------------------------------------------------------------------------------
// The server, its users and a log that the test reads.

interface Session {
  label: string;
  role: Role | null;
  cookie: string;
  csrf: string;
  /** Finished two-step verification: a 401 means the session was ended by a fuzzed request. */
  full: boolean;
}

let db: Db;
let app: App;
const logLines: string[] = [];
const sessions: Session[] = [];
const ids: string[] = []; // real ids of records, users, agencies
let agencyId = 'fz-a';

async function inject(o: {
  method: string;
  url: string;
  headers?: Record<string, string>;
  payload?: string | Buffer;
  /** Rate limits are per address: fuzzed requests and each set-up come from their own. */
  remoteAddress?: string;
}) {
  return app.inject({
    method: o.method as 'GET',
    url: o.url,
    headers: o.headers ?? {},
    payload: o.payload,
    remoteAddress: o.remoteAddress ?? '127.0.0.1',
  });
}
let setups = 0;

async function newSession(role: Role, finishMfa = true): Promise<Session> {
  const remoteAddress = `127.1.${setups >> 8}.${setups++ & 255}`;
  const email = `fz.${role}.${sessions.length}.${Math.random().toString(36).slice(2, 8)}@example.test`;
  const password = `Fz-${Math.random().toString(36).slice(2)}-pass-9471`;
  await createUser(
    { db, actor: { userId: null, agencyId: null } },
    { email, displayName: role, role, agencyId, password },
  );
  const r = await inject({
    remoteAddress,
    method: 'POST',
    url: '/api/auth/login',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ email, password }),
  });
  if (r.statusCode !== 200) throw new Error(`login ${r.statusCode} ${r.body}`);
  const cookie = String(r.headers['set-cookie'] ?? '').split(';')[0]!;
  const body = r.json() as { csrfToken: string; status?: string };
  const s: Session = { label: role, role, cookie, csrf: body.csrfToken, full: true };
  if (body.status === 'mfa_enrolment_required') {
    if (!finishMfa) return { ...s, label: `${role} (two-step pending)`, full: false };
    const h = { cookie, 'x-csrf-token': s.csrf };
    const setup = await inject({ remoteAddress, method: 'POST', url: '/api/auth/mfa/setup', headers: h });
    const secret = (setup.json() as { secret?: string }).secret;
    if (!secret) throw new Error(`mfa setup ${setup.statusCode} ${setup.body}`);
    const en = await inject({
      remoteAddress,
      method: 'POST',
      url: '/api/auth/mfa/enable',
      headers: { ...h, 'content-type': 'application/json' },
      payload: JSON.stringify({ code: currentTotp(secret) }),
    });
    if (en.statusCode !== 200) throw new Error(`mfa ${en.statusCode} ${en.body}`);
  }
  return s;
}

// ---------------------------------------------------------------------------------------------------------------
// Requests from the OpenAPI document.

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  format?: string;
  additionalProperties?: boolean | Schema;
};
interface Operation {
  method: string;
  path: string;
  params: { name: string; in: string; schema?: Schema }[];
  body?: Schema;
}

const HOSTILE_IDS = [
  '%00',
  'a%00b',
  '%2500',
  '%',
  '%ZZ',
  '%E0%A4%A',
  '%C0%80',
  '%F0%9F%98',
  '..%2F..%2Fetc%2Fpasswd',
  '..',
  '%2E%2E',
  "'%20OR%201%3D1--",
  '-1',
  '0',
  '1e400',
  'NaN',
  '99999999999999999999999',
  '00000000-0000-0000-0000-000000000000',
  'x'.repeat(10_000),
  encodeURIComponent('ñandú/ü/😀'),
  encodeURIComponent('<script>alert(1)</script>'),
  '%20',
  '__proto__',
  'constructor',
];

const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  `a\u0000${MARKER}`,
  `${MARKER}\ud800`,
  'x'.repeat(5000),
  `${MARKER}${'é'.repeat(300)}`,
  '9999-99-99',
  '0000-00-00',
  '2024-02-30',
  '-99999999-01-01',
  '1e400',
  '-0',
  'NaN',
  'Infinity',
  "'; DROP TABLE persons; --",
  '{"$gt": ""}',
  '../../etc/passwd',
  '=cmd|calc',
  '\r\nSet-Cookie: x=1',
  '%00',
  '😀'.repeat(100),
];

const HOSTILE_VALUES: unknown[] = [
  null,
  true,
  -1,
  0,
  1e308,
  -1e308,
  2 ** 53 + 1,
  3.5,
  [],
  {},
  [null],
  { __proto__: { admin: true } },
  JSON.parse('{"__proto__": {"polluted": 1}}'),
  { constructor: { prototype: { x: 1 } } },
];

function operations(doc: { paths: Record<string, Record<string, any>> }): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete', 'head', 'options'].includes(method)) continue;
      ops.push({
        method: method.toUpperCase(),
        path,
        params: (op.parameters ?? []) as Operation['params'],
        body: op.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  return ops;
}

function plainString(r: Rng, s: Schema | undefined): string {
  if (s?.enum?.length) return String(r.pick(s.enum));
  if (s?.format === 'date' || r.chance(0.1)) return r.pick(['2024-01-15', '2023-12-31', '1999-01-01']);
  if (s?.format === 'email') return `${MARKER.toLowerCase()}@example.test`;
  const base = r.pick([...ids, MARKER, 'MEX', 'spa', 'female', 'true', '09', '2024', 'ok']);
  return s?.maxLength !== undefined ? base.slice(0, s.maxLength) : base;
}

/** A value for a schema: mostly plausible, sometimes hostile. */
function valueFor(r: Rng, s: Schema | undefined, depth = 0): unknown {
  if (!s || depth > 6) return plainString(r, undefined);
  if (r.chance(0.08)) return r.chance(0.5) ? r.pick(HOSTILE_STRINGS) : r.pick(HOSTILE_VALUES);
  const alt = s.anyOf ?? s.oneOf;
  if (alt?.length) return valueFor(r, r.pick(alt), depth + 1);
  if (s.allOf?.length) return valueFor(r, s.allOf[0], depth + 1);
  if (s.enum?.length) return r.pick(s.enum);
  const type = Array.isArray(s.type) ? r.pick(s.type) : s.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties ?? {})) {
        if (s.required?.includes(k) || r.chance(0.6)) out[k] = valueFor(r, v, depth + 1);
      }
      if (r.chance(0.05)) out[r.pick(['extra', '__proto__', 'constructor', `k\u0000`])] = 1;
      return out;
    }
    case 'array':
      return Array.from({ length: r.int(r.chance(0.05) ? 200 : 3) }, () => valueFor(r, s.items, depth + 1));
    case 'integer':
    case 'number': {
      const lo = s.minimum ?? -5;
      const hi = s.maximum ?? 1000;
      return type === 'integer' ? lo + r.int(Math.max(1, Math.min(hi - lo + 1, 10_000))) : lo + r.next() * 10;
    }
    case 'boolean':
      return r.chance(0.5);
    case 'null':
      return null;
    default:
      return plainString(r, s);
  }
}

/** Percent-encodes any string; a lone surrogate (which encodeURIComponent refuses) becomes U+FFFD. */
const enc = (s: string) =>
  encodeURIComponent(
    s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'),
  );

function pathFor(r: Rng, op: Operation): string {
  return op.path.replace(/\{([^}]+)\}/g, () => {
    if (r.chance(0.3)) return r.pick(HOSTILE_IDS);
    return enc(r.pick(ids.length ? ids : ['x']));
  });
}

function queryFor(r: Rng, op: Operation): string {
  const parts: string[] = [];
  for (const p of op.params) {
    if (p.in !== 'query' || !r.chance(0.5)) continue;
    const v = r.chance(0.2) ? r.pick(HOSTILE_IDS) : enc(String(valueFor(r, p.schema)));
    parts.push(`${encodeURIComponent(p.name)}=${v}`);
    if (r.chance(0.05)) parts.push(`${encodeURIComponent(p.name)}=${v}`); // repeated: an array
  }
  if (r.chance(0.05)) parts.push(`unknown=${r.pick(HOSTILE_IDS)}`);
  if (r.chance(0.02)) parts.push(`a[b][c]=1&__proto__[x]=1&${'z'.repeat(3000)}=1`);
  return parts.length ? `?${parts.join('&')}` : '';
}

function bodyFor(r: Rng, op: Operation): { payload?: string | Buffer; type?: string } {
  const roll = r.next();
  if (roll < 0.6 && op.body)
    return { payload: JSON.stringify(valueFor(r, op.body)), type: 'application/json' };
  if (roll < 0.65) return { payload: '{"a":', type: 'application/json' };
  if (roll < 0.68) return { payload: `${'['.repeat(50_000)}${']'.repeat(50_000)}`, type: 'application/json' };
  if (roll < 0.7)
    return { payload: JSON.stringify({ big: 'x'.repeat(1_100_000) }), type: 'application/json' };
  if (roll < 0.73) return { payload: JSON.stringify(r.pick(HOSTILE_VALUES)), type: 'application/json' };
  if (roll < 0.76) return { payload: JSON.stringify(r.pick(HOSTILE_STRINGS)), type: 'application/json' };
  if (roll < 0.8)
    return {
      payload: JSON.stringify(valueFor(r, op.body)),
      type: r.pick([
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data',
        'multipart/form-data; boundary=x',
        'application/json; charset=utf-16',
        'application/zip',
        'application/xml',
        'x/y;;;',
        'application/json; charset=nonsense',
      ]),
    };
  if (roll < 0.83)
    return { payload: Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0x00, 0x7d]), type: 'application/json' };
  if (roll < 0.86) return { payload: '', type: 'application/json' };
  if (roll < 0.88) return { payload: 'a=1&b=%00', type: 'application/x-www-form-urlencoded' };
  return {};
}

function headersFor(r: Rng, s: Session | null): Record<string, string> {
  const h: Record<string, string> = {};
  if (s) {
    h.cookie = r.chance(0.97)
      ? s.cookie
      : r.pick(['enlace_session=%00', 'enlace_session=', 'enlace_session=x; a=%']);
    if (r.chance(0.93)) h['x-csrf-token'] = s.csrf;
    else if (r.chance(0.5)) h['x-csrf-token'] = r.pick(['', 'x', 'é', 'x'.repeat(2000)]);
  } else if (r.chance(0.1)) {
    h.cookie = r.pick([
      'enlace_session=forged',
      'enlace_session=%E0%A4%A',
      `enlace_session=${'a'.repeat(4000)}`,
    ]);
  }
  if (r.chance(0.15))
    h.origin = r.pick([
      'null',
      'http://evil.example',
      '::',
      'http://',
      'file://',
      'http://localhost:80',
      '%00',
    ]);
  if (r.chance(0.05)) h.accept = r.pick(['application/x-ndjson', 'text/html', '*/*;q=x', '']);
  if (r.chance(0.05))
    h['x-enlace-justification'] = r.pick([
      '%00',
      '%E0%A4%A',
      'x'.repeat(5000),
      encodeURIComponent('revisión'),
    ]);
  if (r.chance(0.03)) h['accept-language'] = 'x'.repeat(3000);
  if (r.chance(0.02)) h['x-forwarded-for'] = 'not-an-ip, %00';
  return h;
}

// ---------------------------------------------------------------------------------------------------------------

beforeAll(async () => {
  db = await testDatabases()
    .find((d) => d.name === 'postgres')!
    .open();
  const logStream = new Writable({
    write(chunk, _enc, done) {
      logLines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  app = await buildApp({
    db,
    config: { ...configFromEnv(), logLevel: 'warn', loginRateLimitPerMinute: 100_000 },
    logStream,
  });
  await app.ready();
  await upsertAgency(db, {
    id: agencyId,
    name: 'Fuzz',
    level: 'state',
    kind: 'prosecutor',
    stateCode: '09',
    country: 'MEX',
  });
  // some data, so that fuzzed ids hit real records
  const ctx = { db, actor: { userId: null, agencyId: null } };
  const demo = demoFolder({ scale: 0.02, hotlineScale: 0.01, seed: 5 });
  expect((await importFolder(ctx, memorySource(demo))).ok).toBe(true);
  const { rows } = await db.query<{ id: string; agency: string }>(
    `(SELECT person_id AS id, agency_id AS agency FROM persons ORDER BY person_id LIMIT 20)
     UNION ALL (SELECT identification_id, agency_id FROM identifications ORDER BY 1 LIMIT 10)
     UNION ALL (SELECT id, id FROM agencies ORDER BY id LIMIT 10)`,
  );
  agencyId = rows[0]!.agency; // the fuzz users work in an agency that has records
  ids.push(...rows.map((r) => r.id), agencyId);
  for (const role of ROLES) sessions.push(await newSession(role));
  sessions.push(await newSession('caseworker', false));
  // another user's id (never a fuzz user's own: a fuzzed PATCH could disable it mid-run)
  const other = await createUser(ctx, {
    email: 'other.fuzz@example.test',
    displayName: 'Other',
    role: 'caseworker',
    agencyId,
    password: 'Fz-other-pass-93715',
  });
  ids.push(other.id);
}, 180_000);
afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe('API fuzzing (seeded)', () => {
  it('every string the API takes (path, query, body) has a documented bound: maxLength, enum, pattern or format', async () => {
    const doc = (await inject({ method: 'GET', url: '/openapi.json' })).json();
    const unbounded: string[] = [];
    const walk = (s: any, where: string) => {
      if (!s || typeof s !== 'object') return;
      if (
        s.type === 'string' &&
        s.maxLength === undefined &&
        !s.enum &&
        !s.pattern &&
        !s.format &&
        s.const === undefined
      )
        unbounded.push(where);
      for (const [k, v] of Object.entries(s.properties ?? {})) walk(v, `${where}.${k}`);
      if (s.items) walk(s.items, `${where}[]`);
      for (const a of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])]) walk(a, where);
      if (typeof s.additionalProperties === 'object') walk(s.additionalProperties, `${where}.*`);
    };
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(item)) {
        for (const p of op.parameters ?? [])
          walk(p.schema, `${method.toUpperCase()} ${path} ${p.in} ${p.name}`);
        walk(op.requestBody?.content?.['application/json']?.schema, `${method.toUpperCase()} ${path} body`);
      }
    }
    expect(unbounded).toEqual([]);
  });

  it(`${REQUESTS} requests over every path and method of /openapi.json: no answer >= 500, no stack, no data in logs`, async () => {
    const doc = (await inject({ method: 'GET', url: '/openapi.json' })).json();
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThan(50);
    // plus methods and paths the API does not have
    const extra: Operation[] = [
      { method: 'DELETE', path: '/api/persons/{id}', params: [] },
      { method: 'PATCH', path: '/api/agencies/{id}', params: [] },
      { method: 'TRACE', path: '/api/persons', params: [] },
      { method: 'GET', path: '/api/{id}/{id}', params: [] },
      { method: 'POST', path: '/{id}', params: [] },
      { method: 'GET', path: '/health', params: [] },
    ];
    const all = [...ops, ...extra];
    const r = prng(SEED);
    const failures: string[] = [];
    const covered = new Set<string>();
    const byStatus = new Map<number, number>();
    let sent = 0;

    const one = async (i: number) => {
      // every operation at least once per pass of the list, then at random
      const op = i < all.length * 20 ? all[i % all.length]! : r.pick(all);
      const slot = r.int(sessions.length + 1);
      const session = slot < sessions.length ? sessions[slot]! : null;
      const { payload, type } = ['GET', 'HEAD'].includes(op.method) && r.chance(0.9) ? {} : bodyFor(r, op);
      const headers = headersFor(r, session);
      // the sign-in flow's own routes would mostly end the fuzzing sessions: usually sent without the CSRF token
      if (session?.full && op.path.startsWith('/api/auth/') && op.method !== 'GET' && r.chance(0.8))
        delete headers['x-csrf-token'];
      if (type) headers['content-type'] = type;
      const url = pathFor(r, op) + queryFor(r, op);
      const what = `${op.method} ${url.slice(0, 160)} as ${session?.label ?? 'nobody'} (${type ?? 'no body'})`;
      let res: Awaited<ReturnType<typeof inject>>;
      try {
        res = await inject({
          method: op.method,
          url,
          headers,
          remoteAddress: '10.0.0.9',
          ...(payload !== undefined ? { payload } : {}),
        });
      } catch (err) {
        failures.push(`${what}: threw ${(err as Error).message}`);
        return;
      }
      sent++;
      covered.add(`${op.method} ${op.path}`);
      byStatus.set(res.statusCode, (byStatus.get(res.statusCode) ?? 0) + 1);
      if (res.statusCode >= 500) failures.push(`${what}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      if (/\bat .*\.(ts|js):\d+/.test(res.body)) failures.push(`${what}: stack trace in the body`);
      // a fuzzed request ended this session (logout, MFA reset…): a new user of the same role takes its place
      if (session?.full && res.statusCode === 401 && session.role && headers.cookie === session.cookie) {
        const check = await inject({
          method: 'GET',
          url: '/api/auth/session',
          headers: { cookie: session.cookie },
        });
        const idx = sessions.indexOf(session);
        if (check.statusCode === 401 && idx >= 0) sessions[idx] = await newSession(session.role);
      }
    };

    const started = performance.now();
    for (let i = 0; i < REQUESTS; i += CONCURRENCY) {
      await Promise.all(Array.from({ length: Math.min(CONCURRENCY, REQUESTS - i) }, (_, k) => one(i + k)));
    }

    if (process.env.FUZZ_VERBOSE)
      console.log({
        byStatus: Object.fromEntries(byStatus),
        setups,
        seconds: (performance.now() - started) / 1000,
      });
    expect(failures, failures.slice(0, 20).join('\n')).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(5000);
    for (const op of ops)
      expect(covered.has(`${op.method} ${op.path}`), `${op.method} ${op.path}`).toBe(true);
    // the fuzz reached past the gates: validation errors, not found, and successes
    expect(byStatus.get(200) ?? 0).toBeGreaterThan(200);
    expect(byStatus.get(400) ?? 0).toBeGreaterThan(200);
    expect(byStatus.get(404) ?? 0).toBeGreaterThan(50);

    const bad = logLines.filter((l) => /"stack"|\n\s+at |\bat .*\.ts:\d+/.test(l) || l.includes(MARKER));
    expect(bad.slice(0, 5)).toEqual([]);
  }, 120_000);
});
