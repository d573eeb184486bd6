import { insertTip } from '../src/api/tips/repository.ts';
import type { TestServer } from './server.ts';

/**
 * For the authorization-matrix test: how to create a record owned by an agency for each agency-scoped route,
 * so the test can prove that a user of another agency can neither read nor write it.
 * Key: "METHOD /url/pattern". Every route declared with `scope: 'agency'` must have an entry here.
 */
export interface ScopeFixture {
  /** Creates a record owned by `agencyId`; returns the path params that address it and its id. */
  create(srv: TestServer, agencyId: string): Promise<{ params: Record<string, string>; id: string }>;
  /** A valid body for write routes. */
  body?: (id: string, agencyId: string) => unknown;
  /** For list routes: where the ids are in the response (default: `items[].id`). */
  listIds?: (json: any) => string[];
}

const userFixture: ScopeFixture['create'] = async (srv, agencyId) => {
  const u = await srv.createUser({ role: 'caseworker', agencyId });
  return { params: { id: u.id }, id: u.id };
};

const tipFixture: ScopeFixture['create'] = async (srv, agencyId) => {
  const id = await insertTip(srv.db, {
    folio: `D-${Math.random().toString(36).slice(2, 10).toUpperCase()}`,
    agencyId,
    category: 'labor',
    stateCode: '20',
    language: 'spa',
    urgent: false,
    description: 'Trabajadores encerrados en un rancho, sin pago desde hace meses',
    contact: null,
  });
  return { params: { id }, id };
};

export const scopeFixtures: Record<string, ScopeFixture> = {
  'GET /api/tips': { create: tipFixture },
  'GET /api/tips/:id': { create: tipFixture },
  'PATCH /api/tips/:id': { create: tipFixture, body: () => ({ status: 'in_review' }) },
  'GET /api/users': { create: userFixture },
  'GET /api/users/:id': { create: userFixture },
  'PATCH /api/users/:id': { create: userFixture, body: () => ({ displayName: 'Renamed' }) },
  'POST /api/users': {
    create: async (_srv, agencyId) => ({ params: {}, id: agencyId }),
    body: (_id, agencyId) => ({
      email: `m${Math.random().toString(36).slice(2)}@example.test`,
      displayName: 'New',
      role: 'caseworker',
      agencyId,
      password: 'a sufficiently long passphrase 42',
    }),
  },
};

/** Fixture modules added by other resources register here. */
export function registerScopeFixtures(more: Record<string, ScopeFixture>): void {
  Object.assign(scopeFixtures, more);
}
