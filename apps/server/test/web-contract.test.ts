/**
 * One contract between server and web: the web app's wire types (apps/web/src/api/openapi.gen.ts) are what
 * the server's Zod schemas give. Regenerates them from the server's OpenAPI document and fails when the
 * committed file differs — run `npm run api:types` after changing a schema, and commit the result.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_TYPES_FILE, generateApiTypes, openApiDocument } from '../../../scripts/api-types.ts';

describe('web wire types come from the server schemas', () => {
  it('apps/web/src/api/openapi.gen.ts is what `npm run api:types` generates now', async () => {
    const committed = readFileSync(API_TYPES_FILE, 'utf8');
    const fresh = await generateApiTypes();
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
    expect(types).not.toMatch(/keep in step/i);
    expect(types).toMatch(/from '\.\/openapi\.gen\.ts'/);
  });

  it('the roles and languages of the session are the lists of @enlace/core, not free strings', async () => {
    const { ROLES, LOCALES } = await import('@enlace/core/roles');
    const doc = (await openApiDocument()) as any;
    const user =
      doc.paths['/api/auth/session'].get.responses['200'].content['application/json'].schema.properties.user;
    expect(user.properties.role.enum).toEqual([...ROLES]);
    expect(user.properties.locale.enum).toEqual([...LOCALES]);
  }, 120_000);
});
