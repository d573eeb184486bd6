/**
 * One contract between server and web: the web app's wire types (apps/web/src/api/openapi.gen.ts) are what
 * the server's Zod schemas give. Regenerates them from the server's OpenAPI document and fails when the
 * committed file differs — run `npm run api:types` after changing a schema, and commit the result.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { API_TYPES_FILE, generateApiTypes, openApiDocument } from '../../../scripts/api-types.ts';

/**
 * The server's OpenAPI document, built once for this file's three uses (each build starts the API on a new
 * embedded database: ~5 s of CPU). Read-only here; generateApiTypes works on a copy.
 */
let documentOnce: ReturnType<typeof openApiDocument> | undefined;
const apiDocument = () => {
  documentOnce ??= openApiDocument();
  return documentOnce;
};

const WEB_SRC = new URL('../../web/src/', import.meta.url).pathname;

/** The web app's source files (not the generated file, not tests). */
function webSources(dir = WEB_SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return webSources(path);
    if (!/\.tsx?$/.test(e.name) || /\.test\.tsx?$/.test(e.name) || path === API_TYPES_FILE) return [];
    return [path];
  });
}

/**
 * Every object the API answers or takes as a body, as the set of its property names, with where it occurs
 * (`GET /api/network` …). Objects of fewer than three properties are too common to tell anything.
 */
function apiObjects(doc: any): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const walk = (schema: any, where: string, seen: Set<unknown>) => {
    if (!schema || typeof schema !== 'object' || seen.has(schema)) return;
    seen.add(schema);
    if (schema.$ref) {
      const name = String(schema.$ref).split('/').pop()!;
      walk(doc.components?.schemas?.[name], where, seen);
      return;
    }
    const props = schema.properties ? Object.keys(schema.properties) : [];
    if (props.length >= 3) {
      const key = [...props].sort().join(',');
      found.set(key, [...(found.get(key) ?? []), where]);
    }
    for (const v of Object.values(schema.properties ?? {})) walk(v, where, seen);
    for (const k of ['items', 'additionalProperties', 'not']) walk(schema[k], where, seen);
    for (const k of ['anyOf', 'oneOf', 'allOf']) for (const v of schema[k] ?? []) walk(v, where, seen);
  };
  for (const [path, ops] of Object.entries<any>(doc.paths ?? {}))
    for (const [method, op] of Object.entries<any>(ops)) {
      const where = `${method.toUpperCase()} ${path}`;
      walk(op?.requestBody?.content?.['application/json']?.schema, `${where} body`, new Set());
      for (const r of Object.values<any>(op?.responses ?? {}))
        walk(r?.content?.['application/json']?.schema, where, new Set());
    }
  // wire formats no single route declares (apps/server/src/http/components.ts: the error body, …)
  for (const [name, schema] of Object.entries<any>(doc.components?.schemas ?? {}))
    walk(schema, `component ${name}`, new Set());
  return found;
}

/**
 * Object types of the web app that look like an API object but are not one, each with why (file and name).
 * Keep this short: a wire type belongs in ApiResponse/ApiBody, not here.
 */
const NOT_WIRE_TYPES: Record<string, string> = {
  'pages/report/DashboardPage.tsx Filters':
    "the dashboard's URL query as the page holds it (year, and '' for no state/level/form), not an answer",
};

/** Object types written out in a web file (interfaces, type literals anywhere): name or place, property names. */
function writtenObjectTypes(file: string): { at: string; names: string[] }[] {
  const src = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const out: { at: string; names: string[] }[] = [];
  const propNames = (members: ts.NodeArray<ts.TypeElement>) =>
    members.flatMap((m) =>
      ts.isPropertySignature(m) && m.name ? [m.name.getText(src).replace(/['"]/g, '')] : [],
    );
  const visit = (node: ts.Node) => {
    if (ts.isInterfaceDeclaration(node) || ts.isTypeLiteralNode(node)) {
      const line = src.getLineAndCharacterOfPosition(node.getStart(src)).line + 1;
      const name = ts.isInterfaceDeclaration(node)
        ? node.name.text
        : ts.isTypeAliasDeclaration(node.parent)
          ? node.parent.name.text
          : 'type literal';
      out.push({ at: `${relative(WEB_SRC, file)}:${line} ${name}`, names: propNames(node.members) });
    }
    ts.forEachChild(node, visit);
  };
  visit(src);
  return out;
}

describe('web wire types come from the server schemas', () => {
  it('apps/web/src/api/openapi.gen.ts is what `npm run api:types` generates now', async () => {
    const committed = readFileSync(API_TYPES_FILE, 'utf8');
    const fresh = await generateApiTypes(await apiDocument());
    // not toBe() on the whole text: a 400 kB diff helps no one; the first line that differs and what to run
    const a = committed.split('\n');
    const b = fresh.split('\n');
    const found = a.findIndex((l, i) => l !== b[i]);
    const line = found < 0 ? Math.min(a.length, b.length) : found;
    expect(
      committed === fresh ? null : { line: line + 1, committed: a[line], fresh: b[line] },
      'apps/web/src/api/openapi.gen.ts is stale: run `npm run api:types` and commit it',
    ).toBeNull();
  }, 120_000);

  it('no web file is kept in step with the server by hand', () => {
    const types = readFileSync(new URL('../../web/src/api/types.ts', import.meta.url), 'utf8');
    expect(types).toMatch(/from '\.\/openapi\.gen\.ts'/);
    const said = webSources().filter((f) =>
      /keep (it |them )?in step|kept in step|mirror(s)? (of )?the server/i.test(readFileSync(f, 'utf8')),
    );
    expect(said.map((f) => relative(WEB_SRC, f))).toEqual([]);
  });

  /**
   * A hand-written copy of an answer or a body: an interface or object type in apps/web/src whose property names
   * are (nearly) those of an object the OpenAPI document describes, i.e. one set contains the other and the smaller
   * has at least 3 names and 3/4 of the larger's. Compared by names, not by declaration names or files, so a copy
   * is found wherever it is and whatever it is called, and a copy that drifted by a field is found too. Name the
   * generated type instead (`ApiResponse<'/api/…'>`, `ApiBody`, apps/web/src/api/types.ts).
   */
  it('no web file writes out an API answer or body by hand: each names the generated type', async () => {
    const api = [...apiObjects(await apiDocument())].map(([key, where]) => ({
      names: key.split(','),
      where,
    }));
    const copies: string[] = [];
    for (const file of webSources())
      for (const t of writtenObjectTypes(file)) {
        const mine = new Set(t.names);
        if (mine.size < 3 || NOT_WIRE_TYPES[t.at.replace(/:\d+ /, ' ')]) continue;
        const hit = api.find(({ names }) => {
          const theirs = new Set(names);
          const [small, large] = mine.size <= theirs.size ? [mine, theirs] : [theirs, mine];
          return [...small].every((n) => large.has(n)) && small.size >= 0.75 * large.size;
        });
        if (hit) copies.push(`${t.at} {${t.names.join(', ')}} ~ ${hit.where[0]}`);
      }
    expect(copies, 'hand-written wire types: use ApiResponse/ApiBody of apps/web/src/api/types.ts').toEqual(
      [],
    );
  }, 120_000);

  it('the roles and languages of the session are the lists of @enlace/core, not free strings', async () => {
    const { ROLES, LOCALES } = await import('@enlace/core/roles');
    const doc = (await apiDocument()) as any;
    const user =
      doc.paths['/api/auth/session'].get.responses['200'].content['application/json'].schema.properties.user;
    expect(user.properties.role.enum).toEqual([...ROLES]);
    expect(user.properties.locale.enum).toEqual([...LOCALES]);
  }, 120_000);
});
