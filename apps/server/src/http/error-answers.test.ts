/**
 * What the error handler answers and logs: a value the database refuses is a 400, an unexpected failure a 500
 * whose log line carries the error class and code only (no stack, no message that could quote data), and a
 * login from `Origin: null` is a foreign origin (403), not a crash.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/databases.ts';
import { configFromEnv } from '../config.ts';
import type { Db } from '../db/index.ts';
import { buildApp, hasNul } from './app.ts';
import type { App } from './context.ts';

let db: Db;
let app: App;
const lines: string[] = [];
const SECRET = 'María Guadalupe Hernández';

beforeAll(async () => {
  db = await testDatabases()
    .find((d) => d.name === 'pglite')!
    .open();
  app = await buildApp({
    db,
    config: { ...configFromEnv(), logLevel: 'warn' },
    logStream: new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    }),
  });
  // routes outside /api/ that fail the ways a handler can
  app.get('/zz/boom', { config: { public: true } }, async () => {
    throw new TypeError(`cannot read ${SECRET}`);
  });
  app.get('/zz/date', { config: { public: true } }, async () => {
    await db.query('SELECT $1::date', ['2024-13-45']);
    return {};
  });
  await app.ready();
}, 60_000);
afterAll(async () => {
  await app.close();
  await db.close();
});

describe('error answers and logs', () => {
  it('an unexpected failure: 500 with a stable body; the log has the class and code, no stack, no message', async () => {
    lines.length = 0;
    const r = await app.inject({ method: 'GET', url: '/zz/boom' });
    expect(r.statusCode).toBe(500);
    expect(r.json()).toEqual({
      error: { code: 'internal_error', message: 'Something went wrong; nothing was changed' },
    });
    const logged = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'unhandled error');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ errClass: 'TypeError', level: 50 });
    expect(JSON.stringify(lines)).not.toMatch(/stack|\bat .*\.ts:\d+|María|cannot read/);
  });

  it('a value the database refuses (PostgreSQL class 22) is a 400 that names no value', async () => {
    lines.length = 0;
    const r = await app.inject({ method: 'GET', url: '/zz/date' });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.code).toBe('invalid_input');
    expect(JSON.stringify(lines)).not.toMatch(/stack|2024-13-45/);
  });

  it('login from Origin: null or an unparsable origin is refused as foreign (403), not a 500', async () => {
    for (const origin of ['null', '::', 'http://', 'file://']) {
      const r = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { origin, 'content-type': 'application/json' },
        payload: JSON.stringify({ email: 'a@example.test', password: 'x'.repeat(12) }),
      });
      expect(r.statusCode, origin).toBe(403);
      expect(r.json().error.code).toBe('bad_origin');
    }
  });

  it('NUL characters anywhere in ids, query or body are a 400', async () => {
    expect(hasNul({ a: [{ b: 'x\u0000' }] })).toBe(true);
    expect(hasNul({ 'k\u0000': 1 })).toBe(true);
    expect(hasNul({ a: ['ok', 1, null, { b: 'ñ' }] })).toBe(false);
    // deep nesting is walked without recursion
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(hasNul(deep)).toBe(true);
    const q = await app.inject({ method: 'GET', url: '/api/agencies?q=%00' });
    expect([400, 401]).toContain(q.statusCode); // refused before or after the sign-in check, never a 500
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'a\u0000@example.test', password: 'x'.repeat(12) }),
    });
    expect(login.statusCode).toBe(400);
    expect(login.json().error.message).toContain('NUL');
  });
});
