import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, PERMISSIONS, type Permission, ROLES, type Role } from '../src/security/permissions.ts';
import { scopeFixtures } from './scope-fixtures.ts';
import { type Client, startTestServer, type TestServer, type TestUser } from './server.ts';

/**
 * Generated from the permission table and the registered routes: every role × every route × own/other agency.
 * It proves that the gate refuses every role the table does not list, and that agency-scoped routes never
 * read or write another agency's records.
 */
let srv: TestServer;
const clients = new Map<string, { user: TestUser; client: Client }>();
const AGENCIES = ['agency-a', 'agency-b'] as const;

beforeAll(async () => {
  srv = await startTestServer();
  for (const a of AGENCIES) await srv.ensureAgency(a);
  for (const role of ROLES) {
    for (const agencyId of AGENCIES) {
      const user = await srv.createUser({ role, agencyId });
      clients.set(`${role}@${agencyId}`, { user, client: await srv.login(user) });
    }
  }
}, 300_000);
afterAll(async () => srv.close());

const fill = (url: string, params: Record<string, string> = {}) =>
  url.replace(/:(\w+)/g, (_, k: string) =>
    encodeURIComponent(params[k] ?? '00000000-0000-4000-8000-000000000000'),
  );

const guarded = () => srv.app.routeTable.filter((r) => r.permission);

describe('authorization matrix', () => {
  it('every API route declares a permission known to the table, or is explicitly public/session-only', () => {
    const routes = srv.app.routeTable.filter((r) => r.url.startsWith('/api/'));
    expect(routes.length).toBeGreaterThan(5);
    for (const r of routes) {
      expect(r.permission || r.public || r.session, `${r.method} ${r.url}`).toBeTruthy();
      if (r.permission) expect(Object.keys(PERMISSIONS), `${r.method} ${r.url}`).toContain(r.permission);
    }
  });

  it('every role × every guarded route: the gate allows exactly the roles of the table', async () => {
    const failures: string[] = [];
    for (const route of guarded()) {
      for (const role of ROLES) {
        const { client } = clients.get(`${role}@agency-a`)!;
        const body = route.method === 'GET' || route.method === 'DELETE' ? undefined : {};
        const r = await client.request(route.method, fill(route.url), body);
        const gateRefused = r.status === 403 && r.json?.error?.details?.[0]?.permission === route.permission;
        const allowed = can(role as Role, route.permission as Permission);
        if (allowed && (gateRefused || r.status === 401))
          failures.push(`${role} refused on ${route.method} ${route.url}`);
        if (!allowed && !gateRefused)
          failures.push(`${role} NOT refused on ${route.method} ${route.url} (${r.status})`);
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);

  it('every agency-scoped route has a scope fixture', () => {
    const missing = srv.app.routeTable.filter(
      (r) => r.scope === 'agency' && !scopeFixtures[`${r.method} ${r.url}`],
    );
    expect(missing.map((r) => `${r.method} ${r.url}`)).toEqual([]);
  });

  it('own agency vs other agency: no cross-scope read or write', async () => {
    const failures: string[] = [];
    for (const route of srv.app.routeTable.filter((r) => r.scope === 'agency')) {
      const fx = scopeFixtures[`${route.method} ${route.url}`];
      if (!fx) continue;
      for (const role of ROLES) {
        // admin and national_auditor reach every agency by design (national_auditor: audit entries and alerts)
        if (!can(role, route.permission as Permission) || role === 'admin' || can(role, 'audit:national'))
          continue;
        const rec = await fx.create(srv, 'agency-a');
        const other = clients.get(`${role}@agency-b`)!.client;
        const body = fx.body ? fx.body(rec.id, 'agency-a') : undefined;
        const r = await other.request(route.method, fill(route.url, rec.params) + (fx.query ?? ''), body);
        if (fx.query && r.status >= 400)
          failures.push(`${route.url}${fx.query} answered ${r.status}: fixture query is wrong`);
        const isList = route.method === 'GET' && !route.url.includes(':');
        if (isList && role === ROLES.find((x) => can(x, route.permission as Permission) && x !== 'admin')) {
          // The owner sees its own record: proves the list check is not passing vacuously.
          const own = clients.get(`${role}@agency-a`)!.client;
          const mine = await own.request('GET', fill(route.url, rec.params) + (fx.query ?? ''));
          const ownIds = fx.listIds
            ? fx.listIds(mine.json)
            : ((mine.json?.items ?? []) as { id: string }[]).map((i) => i.id);
          if (!ownIds.includes(rec.id) && (mine.json?.total ?? 0) <= 50)
            failures.push(`${role}@agency-a does not see its own ${rec.id} in ${route.url}`);
        }
        if (isList) {
          const ids = fx.listIds
            ? fx.listIds(r.json)
            : ((r.json?.items ?? []) as { id: string }[]).map((i) => i.id);
          if (ids.includes(rec.id))
            failures.push(`${role}@agency-b sees agency-a's ${rec.id} in ${route.url}`);
        } else if (r.status < 400) {
          failures.push(`${role}@agency-b got ${r.status} on agency-a's ${route.method} ${route.url}`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);
});
