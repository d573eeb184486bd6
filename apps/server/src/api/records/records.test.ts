import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestServer, type TestServer } from '../../../test/server.ts';

let srv: TestServer;
let a: Client; // caseworker, agency fge-a
let b: Client; // caseworker, agency fge-b
let provider: Client; // service provider, agency ong-c

beforeAll(async () => {
  srv = await startTestServer({ database: 'postgres' });
  await srv.ensureAgency('fge-a', 'state', '09', 'prosecutor');
  await srv.ensureAgency('fge-b', 'state', '15', 'prosecutor');
  await srv.ensureAgency('ong-c', 'ngo', null, 'service_provider');
  a = await srv.login(await srv.createUser({ role: 'caseworker', agencyId: 'fge-a' }));
  b = await srv.login(await srv.createUser({ role: 'caseworker', agencyId: 'fge-b' }));
  provider = await srv.login(await srv.createUser({ role: 'service_provider', agencyId: 'ong-c' }));
}, 120_000);
afterAll(async () => srv.close());

const person = {
  given_names: 'María Guadalupe',
  surname_1: 'Hernández',
  surname_2: 'Ruíz',
  birth_date: '2007-03',
  sex: 'female',
  nationality: 'MEX',
};

describe('records API (every exchange-format kind, scoped and audited)', () => {
  it('creates a person in the own agency; the names are encrypted at rest', async () => {
    const r = await a.request('PUT', '/api/persons/fge-a%2F0001', person);
    expect(r.status).toBe(200);
    expect(r.json.status).toBe('created');
    expect(r.json.values.given_names).toBe('María Guadalupe');
    expect(r.json.values.agency_id).toBe('fge-a');
    const raw = await srv.db.query<{ given_names_enc: string }>(
      "SELECT given_names_enc FROM persons WHERE person_id = 'fge-a/0001'",
    );
    expect(raw.rows[0]!.given_names_enc).not.toContain('Guadalupe');
    const again = await a.request('PUT', '/api/persons/fge-a%2F0001', person);
    expect(again.json.status).toBe('unchanged');
  });

  it('names the field of bad input and writes nothing', async () => {
    const r = await a.request('PUT', '/api/persons/fge-a%2F0002', {
      ...person,
      curp: 'HERM070301MDFRZRA0',
      sex: 'unknown',
    });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('invalid_record');
    const fields = r.json.error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['sex']));
    const unknown = await a.request('PUT', '/api/persons/fge-a%2F0003', { ...person, eye_colour: 'brown' });
    expect(unknown.status).toBe(400);
    const n = await srv.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM persons WHERE person_id IN ('fge-a/0002', 'fge-a/0003')",
    );
    expect(n.rows[0]!.n).toBe(0);
  });

  it('another agency can neither read, list nor overwrite the person', async () => {
    expect((await b.request('GET', '/api/persons/fge-a%2F0001')).status).toBe(404);
    const list = await b.request('GET', '/api/persons');
    expect(list.json.items.map((i: { id: string }) => i.id)).not.toContain('fge-a/0001');
    const w = await b.request('PUT', '/api/persons/fge-a%2F0001', { ...person, given_names: 'Otra' });
    expect(w.status).toBe(400);
    expect(w.json.error.code).toBe('id_outside_agency');
    // the same answer for an id of A that does not exist: B can neither test which ids exist nor take one
    const squat = await b.request('PUT', '/api/persons/fge-a%2F9999', { ...person, agency_id: 'fge-b' });
    expect({ status: squat.status, code: squat.json.error.code }).toEqual({
      status: 400,
      code: 'id_outside_agency',
    });
    const forged = await b.request('PUT', '/api/persons/fge-b%2F0009', { ...person, agency_id: 'fge-a' });
    expect(forged.status).toBe(400);
    expect(JSON.stringify(forged.json.error.details)).toContain('forbidden_agency');
  });

  it('a provider sees a person only after a referral to it', async () => {
    expect((await provider.request('GET', '/api/persons/fge-a%2F0001')).status).toBe(404);
    const ref = await a.request('PUT', '/api/referrals/fge-a%2Fref-1', {
      person_id: 'fge-a/0001',
      to_agency_id: 'ong-c',
      date: '2024-05-02',
      services: 'shelter;psychological',
      status: 'pending',
    });
    expect(ref.status).toBe(200);
    const seen = await provider.request('GET', '/api/persons/fge-a%2F0001');
    expect(seen.status).toBe(200);
    expect(seen.json.values.surname_1).toBe('Hernández');
  });

  it('audits every read and list of personal data', async () => {
    await a.request('GET', '/api/persons?limit=10');
    await a.request('GET', '/api/persons/fge-a%2F0001');
    const { rows } = await srv.db.query<{ action: string; resource_id: string }>(
      "SELECT action, resource_id FROM audit_log WHERE resource = 'persons' ORDER BY id",
    );
    expect(rows.some((r) => r.action === 'list' && r.resource_id.includes('fge-a/0001'))).toBe(true);
    expect(rows.some((r) => r.action === 'read' && r.resource_id === 'fge-a/0001')).toBe(true);
    expect(rows.some((r) => r.action === 'create' && r.resource_id === 'fge-a/0001')).toBe(true);
  });

  it('non-personal records: investigations with references checked', async () => {
    const bad = await a.request('PUT', '/api/prosecutions/fge-a%2Fp-1', {
      investigation_id: 'nope',
      initiated_date: '2024-01-01',
      primary_form: 'sexual',
    });
    expect(bad.status).toBe(400);
    const inv = await a.request('PUT', '/api/investigations/fge-a%2Fi-1', {
      opened_date: '2024-01-10',
      primary_form: 'forced_labor',
      state_code: '09',
      official_complicity: 'false',
    });
    expect(inv.status).toBe(200);
    const pros = await a.request('PUT', '/api/prosecutions/fge-a%2Fp-1', {
      investigation_id: 'fge-a/i-1',
      initiated_date: '2024-02-01',
      primary_form: 'forced_labor',
    });
    expect(pros.status).toBe(200);
    const list = await a.request('GET', '/api/investigations?year=2024');
    expect(list.json.total).toBe(1);
  });
});
