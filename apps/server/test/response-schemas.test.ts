/**
 * Every API operation declares its success answer, so the OpenAPI document and the web app's generated types
 * (apps/web/src/api/openapi.gen.ts) cover all of them and no page types an answer by hand:
 * - a JSON answer: its Zod schema (`response: { 200: X }`), which also filters what is sent;
 * - no content: `response: { 204: NoContent('…') }` (apps/server/src/http/answers.ts);
 * - a file (download, a webhook's XML reply): `fileAnswer('…', { 'text/csv': textFile('…') })`, each content type
 *   with a string schema (`binaryFile` for bytes).
 * Fails with the list of operations that do not, and how many do.
 */
import type { OpenAPI3 } from 'openapi-typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../src/config.ts';
import type { Db } from '../src/db/index.ts';
import { buildApp } from '../src/http/app.ts';
import type { App } from '../src/http/context.ts';
import { openTestPglite } from './databases.ts';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
type Schema = { type?: string } & Record<string, unknown>;
/** The part of an OpenAPI operation this test reads. */
type Operation = {
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: Schema }> }>;
};
const isJson = (type: string) => /^application\/(.+\+)?json\b/.test(type);
/** A schema that says something: not `{}` (z.unknown() / z.any() at the root). */
const typed = (s: Schema | undefined) =>
  !!s && ['type', 'properties', 'items', 'anyOf', 'oneOf', 'allOf', '$ref', 'enum'].some((k) => k in s);

/** Why an operation's declared answers are not enough, or null when they are. */
export function answerProblem(op: Operation): string | null {
  const success = Object.entries(op.responses ?? {}).filter(([status]) => /^2\d\d$/.test(status));
  if (success.length === 0) return 'no 2xx answer';
  for (const [status, r] of success) {
    const content = Object.entries(r.content ?? {});
    if (status === '204') {
      if (content.length) return '204 with a body';
      continue;
    }
    // @fastify/swagger's stand-in when a route declares no response schema
    if (content.length === 0) return `${status} without content (declare its schema, or 204: NoContent)`;
    for (const [type, media] of content) {
      const schema = media.schema;
      if (isJson(type) ? !typed(schema) : schema?.type !== 'string')
        return `${status} ${type}: ${isJson(type) ? 'no JSON schema' : 'a file answer needs a string schema'}`;
    }
  }
  return null;
}

let db: Db;
let app: App;
let doc: OpenAPI3;
beforeAll(async () => {
  db = await openTestPglite(); // migrated: a fresh empty PGlite would cost an initdb for nothing
  app = await buildApp({ db, config: { ...configFromEnv({}), logLevel: 'silent' } });
  await app.ready();
  doc = app.swagger() as unknown as OpenAPI3;
}, 120_000);
afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe('every API operation declares its answer', () => {
  it('every /api/ route is in the OpenAPI document (none hidden)', () => {
    const documented = new Set(
      Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
        METHODS.filter((m) => (item as Record<string, unknown>)[m]).map((m) => `${m.toUpperCase()} ${path}`),
      ),
    );
    const routes = app.routeTable
      .filter((r) => r.url.startsWith('/api/') && METHODS.includes(r.method.toLowerCase() as never))
      .map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`);
    expect(routes.length).toBeGreaterThan(100);
    expect(routes.filter((r) => !documented.has(r))).toEqual([]);
  });

  it('each one a schema for its success answer: JSON, no content (204) or a file', () => {
    const problems: string[] = [];
    let total = 0;
    for (const [path, item] of Object.entries(doc.paths ?? {}))
      for (const m of METHODS) {
        const op = (item as Record<string, Operation | undefined>)[m];
        if (!op) continue;
        total++;
        const problem = answerProblem(op);
        if (problem) problems.push(`${m.toUpperCase()} ${path}: ${problem}`);
      }
    expect(total).toBeGreaterThan(100);
    expect(problems, `${total - problems.length} of ${total} operations declare their answer`).toEqual([]);
  });

  it('the check finds what is missing', () => {
    const json = { 'application/json': { schema: { type: 'object', properties: {} } } };
    expect(answerProblem({ responses: { 200: { description: 'Default Response' } } })).toMatch(
      /without content/,
    );
    expect(answerProblem({ responses: { 400: { description: 'x', content: json } } })).toBe('no 2xx answer');
    expect(
      answerProblem({
        responses: { 200: { description: 'x', content: { 'application/json': { schema: {} } } } },
      }),
    ).toMatch(/no JSON schema/);
    expect(
      answerProblem({
        responses: { 200: { description: 'x', content: { 'text/csv': { schema: { type: 'object' } } } } },
      }),
    ).toMatch(/string schema/);
    expect(answerProblem({ responses: { 204: { description: 'x', content: json } } })).toBe(
      '204 with a body',
    );
    expect(answerProblem({ responses: { 201: { description: 'x', content: json } } })).toBeNull();
    expect(answerProblem({ responses: { 204: { description: 'x' } } })).toBeNull();
    expect(
      answerProblem({
        responses: {
          200: {
            description: 'x',
            content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
          },
        },
      }),
    ).toBeNull();
  });
});
