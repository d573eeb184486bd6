import { memorySource } from '@enlace/core';
import { flagBreakGlass } from '../src/api/alerts/repository.ts';
import { upsertLink } from '../src/api/linkage/repository.ts';
import { decideLink } from '../src/api/linkage/service.ts';
import { insertIdentifier } from '../src/api/network/repository.ts';
import { KINDS } from '../src/api/records/kinds.ts';
import { insertTip } from '../src/api/tips/repository.ts';
import { audit } from '../src/audit/service.ts';
import { importFolder } from '../src/import/engine.ts';
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
  /** Query string appended to the URL (e.g. `?year=2023`). */
  query?: string;
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
  // Uploads are scoped row by row by the import engine (apps/server/src/import/routes.test.ts proves another
  // agency's rows are refused); here the gate and the body check answer first.
  'POST /api/imports': { create: async (_srv, agencyId) => ({ params: {}, id: agencyId }), body: () => ({}) },
  'GET /api/tips': { create: tipFixture },
  'GET /api/tips/:id': { create: tipFixture },
  'PATCH /api/tips/:id': { create: tipFixture, body: () => ({ status: 'in_review' }) },
  'GET /api/users': { create: userFixture },
  'GET /api/users/:id': { create: userFixture },
  'PATCH /api/users/:id': { create: userFixture, body: () => ({ displayName: 'Renamed' }) },
  'POST /api/users/:id/password-reset': { create: userFixture },
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

let seq = 0;
/** Imports a small exchange folder owned by `agencyId` and returns the ids it created. */
async function seedRecords(srv: TestServer, agencyId: string) {
  const n = `${agencyId}/fx-${++seq}`;
  const files = {
    'agencies.csv': `agency_id,name,level,kind,state_code,country\n${agencyId},Agency ${agencyId},federal,prosecutor,,MEX\n`,
    'persons.csv': `person_id,agency_id,given_names,surname_1,sex\n${n}-p,${agencyId},Rosa,Flores,female\n`,
    'identifications.csv': `identification_id,person_id,agency_id,date,primary_form\n${n}-i,${n}-p,${agencyId},2023-04-01,sexual\n`,
    'referrals.csv': `referral_id,person_id,from_agency_id,to_agency_id,date,status\n${n}-r,${n}-p,${agencyId},${agencyId},2023-04-02,pending\n`,
    'services.csv': `service_id,person_id,provider_agency_id,service,start_date\n${n}-s,${n}-p,${agencyId},medical,2023-04-03\n`,
    'investigations.csv': `investigation_id,agency_id,opened_date,primary_form\n${n}-inv,${agencyId},2023-01-01,sexual\n`,
    'prosecutions.csv': `prosecution_id,agency_id,initiated_date,primary_form\n${n}-pro,${agencyId},2023-02-01,sexual\n`,
    'convictions.csv': `conviction_id,agency_id,date,primary_form,restitution_ordered_mxn\n${n}-c,${agencyId},2023-06-01,sexual,1000\n`,
    'restitution_payments.csv': `payment_id,conviction_id,victim_person_id,date,amount_mxn,source\n${n}-pay,${n}-c,${n}-p,2023-07-01,500,perpetrator\n`,
    'hotline_contacts.csv': `contact_id,agency_id,date,channel,trafficking_related\n${n}-h,${agencyId},2023-03-01,phone,true\n`,
    'financial_reports.csv': `report_id,agency_id,date,amount_usd\n${n}-f,${agencyId},2023-03-05,1200\n`,
  };
  const r = await importFolder({ db: srv.db, actor: { userId: null, agencyId: null } }, memorySource(files));
  if (!r.ok) throw new Error(`fixture import failed: ${JSON.stringify(r.errors.slice(0, 2))}`);
  return {
    persons: `${n}-p`,
    identifications: `${n}-i`,
    referrals: `${n}-r`,
    services: `${n}-s`,
    investigations: `${n}-inv`,
    prosecutions: `${n}-pro`,
    convictions: `${n}-c`,
    restitution_payments: `${n}-pay`,
    hotline_contacts: `${n}-h`,
    financial_reports: `${n}-f`,
  } as const;
}

for (const cfg of KINDS) {
  const create: ScopeFixture['create'] = async (srv, agencyId) => {
    const id = (await seedRecords(srv, agencyId))[cfg.kind];
    return { params: { id }, id };
  };
  scopeFixtures[`GET /api/${cfg.path}`] = { create };
  scopeFixtures[`GET /api/${cfg.path}/:id`] = { create };
  scopeFixtures[`PUT /api/${cfg.path}/:id`] = { create, body: () => ({}) };
}

/** Case work: a case opened by a caseworker of the agency (through the API, as a person would). */
const caseworkers = new Map<string, Promise<import('./server.ts').Client>>();
const caseFixture: ScopeFixture['create'] = async (srv, agencyId) => {
  let client = caseworkers.get(`${srv.url}|${agencyId}`);
  if (!client) {
    client = srv.createUser({ role: 'caseworker', agencyId }).then((u) => srv.login(u));
    caseworkers.set(`${srv.url}|${agencyId}`, client);
  }
  const r = await (await client).request('POST', '/api/cases', {
    person: { givenNames: 'Citlali', surname1: 'Ramírez', sex: 'female' },
    notes: 'Fixture case for the authorization matrix',
  });
  if (r.status >= 300) throw new Error(`case fixture: ${r.status} ${JSON.stringify(r.json)}`);
  return { params: { id: r.json.id }, id: r.json.id };
};
for (const key of [
  'GET /api/cases',
  'GET /api/cases/:id',
  'GET /api/cases/:id/history',
  'GET /api/cases/:id/services',
  'GET /api/cases/:id/restitution',
  'GET /api/cases/:id/restitution/convictions',
  'GET /api/cases/:id/consents',
  'GET /api/cases/:id/known-elsewhere',
  'GET /api/cases/:id/transfers',
]) {
  scopeFixtures[key] = { create: caseFixture };
}
// Report drill-down: the identification seeded for agency A is counted in victims.total of 2023.
scopeFixtures['GET /api/report/records'] = {
  create: async (srv, agencyId) => {
    const ids = await seedRecords(srv, agencyId);
    return { params: {}, id: ids.identifications };
  },
  query: '?year=2023&figure=victims.total',
  listIds: (json) => ((json?.records ?? []) as { id: string }[]).map((r) => r.id),
};
// Linkage review: an uncertain pair of two persons of agency A.
async function uncertainPair(srv: TestServer, agencyId: string) {
  const x = (await seedRecords(srv, agencyId)).persons;
  const y = (await seedRecords(srv, agencyId)).persons;
  const [a, b] = x < y ? [x, y] : [y, x];
  await upsertLink(srv.db, a, b, 0.8);
  return { a, b };
}
scopeFixtures['GET /api/linkage/review'] = {
  create: async (srv, agencyId) => {
    const { a } = await uncertainPair(srv, agencyId);
    return { params: {}, id: a };
  },
  query: '?limit=500',
  listIds: (json) =>
    ((Array.isArray(json) ? json : []) as { personA: string; personB: string }[]).flatMap((p) => [
      p.personA,
      p.personB,
    ]),
};
scopeFixtures['POST /api/linkage/pairs/:a/:b/decision'] = {
  create: async (srv, agencyId) => {
    const { a, b } = await uncertainPair(srv, agencyId);
    return { params: { a, b }, id: a };
  },
  body: () => ({ decision: 'rejected' }),
};
scopeFixtures['POST /api/linkage/decisions/:id/undo'] = {
  create: async (srv, agencyId) => {
    const { a, b } = await uncertainPair(srv, agencyId);
    const { decisionId } = await decideLink(
      { db: srv.db, actor: { userId: null, agencyId } },
      a,
      b,
      'confirmed',
      undefined,
      { agencyId },
    );
    return { params: { id: String(decisionId) }, id: String(decisionId) };
  },
};
scopeFixtures['PATCH /api/cases/:id'] = {
  create: caseFixture,
  body: () => ({ notes: 'changed by another agency' }),
};

// Insider-threat controls: an alert raised for agency A (a break-glass read by one of its caseworkers), A's case
// assignment, and A's audit entries (an agency auditor reads only its own agency's; national auditors are
// exempt from this cross-agency check by design and tested in alerts.test.ts).
const alertFixture: ScopeFixture['create'] = async (srv, agencyId) => {
  const u = await srv.createUser({ role: 'caseworker', agencyId });
  const id = await flagBreakGlass(srv.db, {
    agencyId,
    userId: u.id,
    resource: 'cases',
    resourceId: '00000000-0000-4000-8000-000000000001',
    justification: 'matrix fixture: checking a colleague case',
  });
  return { params: { id }, id };
};
scopeFixtures['GET /api/alerts'] = { create: alertFixture };
scopeFixtures['POST /api/alerts/:id/acknowledge'] = { create: alertFixture };
scopeFixtures['GET /api/cases/:id/assignee'] = { create: caseFixture };
scopeFixtures['PUT /api/cases/:id/assignee'] = { create: caseFixture, body: () => ({ userId: null }) };
scopeFixtures['GET /api/case-assignees'] = { create: userFixture };
scopeFixtures['GET /api/audit'] = {
  create: async (srv, agencyId) => {
    const u = await srv.createUser({ role: 'caseworker', agencyId });
    await audit({ db: srv.db, actor: { userId: u.id, agencyId } }, { action: 'fixture', resource: 'matrix' });
    const { rows } = await srv.db.query<{ id: number }>(
      'SELECT max(id)::int AS id FROM audit_log WHERE user_id = $1',
      [u.id],
    );
    return { params: {}, id: String(rows[0]!.id) };
  },
  query: '?limit=500',
  listIds: (json) => ((json?.items ?? []) as { id: number }[]).map((e) => String(e.id)),
};

/** Fixture modules added by other resources register here. */
export function registerScopeFixtures(more: Record<string, ScopeFixture>): void {
  Object.assign(scopeFixtures, more);
}

/** Network analysis (issue 14): a person of the agency with a phone and an e-mail (a node of degree 2). */
let netSeq = 0;
const netFixture: ScopeFixture['create'] = async (srv, agencyId) => {
  const pid = `${agencyId}/net-${++netSeq}`;
  const files = {
    'agencies.csv': `agency_id,name,level,kind,state_code,country\n${agencyId},Agency ${agencyId},federal,prosecutor,,MEX\n`,
    'persons.csv': `person_id,agency_id,given_names,surname_1,phone,email\n${pid},${agencyId},Zacarías,Redfixture,55 ${1000 + netSeq} ${2000 + netSeq},z${netSeq}@fixture.test\n`,
  };
  const r = await importFolder({ db: srv.db, actor: { userId: null, agencyId: null } }, memorySource(files));
  if (!r.ok) throw new Error(`network fixture import failed: ${JSON.stringify(r.errors.slice(0, 2))}`);
  const node = `person:${pid}`;
  return { params: { node, to: node }, id: node };
};
scopeFixtures['GET /api/network'] = {
  create: netFixture,
  listIds: (json) => ((json?.centralActors ?? []) as { id: string }[]).map((n) => n.id),
};
scopeFixtures['GET /api/network/search'] = { create: netFixture, query: '?q=Redfixture' };
scopeFixtures['GET /api/network/nodes/:node'] = { create: netFixture };
scopeFixtures['GET /api/network/nodes/:node/path/:to'] = { create: netFixture };
scopeFixtures['GET /api/network/nodes/:node/export'] = { create: netFixture };

/** Identifiers recorded by investigators: a phone on a fixed person of the agency (the list's query names it). */
const netIdFixture: ScopeFixture['create'] = async (srv, agencyId) => {
  const personId = `${agencyId}/netid`;
  const files = {
    'agencies.csv': `agency_id,name,level,kind,state_code,country\n${agencyId},Agency ${agencyId},federal,prosecutor,,MEX\n`,
    'persons.csv': `person_id,agency_id,given_names,surname_1\n${personId},${agencyId},Zacarías,Redfixture\n`,
  };
  const r = await importFolder({ db: srv.db, actor: { userId: null, agencyId: null } }, memorySource(files));
  if (!r.ok) throw new Error(`identifier fixture import failed: ${JSON.stringify(r.errors.slice(0, 2))}`);
  const id = await insertIdentifier(srv.db, { agencyId, personId, kind: 'phone', value: '55 4821 3390' });
  return { params: { id: id! }, id: id! };
};
scopeFixtures['GET /api/network/identifiers'] = {
  create: netIdFixture,
  query: '?personId=agency-a%2Fnetid',
};
scopeFixtures['POST /api/network/identifiers'] = {
  create: netIdFixture,
  body: (_id, agencyId) => ({ personId: `${agencyId}/netid`, kind: 'vehicle', value: 'PUE-45-21' }),
};
scopeFixtures['DELETE /api/network/identifiers/:id'] = { create: netIdFixture };
