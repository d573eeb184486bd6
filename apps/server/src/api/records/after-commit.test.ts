/**
 * A committed record write is answered as done: the linkage after it may fail (it is left pending for the next
 * run), and a person whose every field is unknown (`{}`: the exchange format requires only the ids) is a valid
 * record, created with 200. Bad input is a 4xx that writes nothing.
 */
import { demoFolder, memorySource } from '@enlace/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestServer, type TestServer } from '../../../test/server.ts';
import { importFolder } from '../../import/engine.ts';
import { linkPendingPersons, pendingPersonIds } from '../linkage/pending.ts';

let srv: TestServer;
let cw: Client;
const AGENCY = 'fge-ac';

beforeAll(async () => {
  srv = await startTestServer({ database: 'postgres' });
  await srv.ensureAgency(AGENCY, 'state', '09', 'prosecutor');
  cw = await srv.login(await srv.createUser({ role: 'caseworker', agencyId: AGENCY }));
  // enough persons for a linkage model: later entries are linked incrementally against it
  const ctx = { db: srv.db, actor: { userId: null, agencyId: null } };
  expect((await importFolder(ctx, memorySource(demoFolder({ scale: 0.05, seed: 3 })))).ok).toBe(true);
  await linkPendingPersons(ctx);
}, 120_000);
afterAll(async () => srv.close());

const linked = async (id: string) =>
  (await srv.db.query('SELECT 1 FROM person_link_keys WHERE person_id = $1', [id])).rows.length > 0;
const audited = async (id: string) =>
  (
    await srv.db.query<{ action: string }>(
      "SELECT action FROM audit_log WHERE resource = 'persons' AND resource_id = $1 AND action IN ('create', 'update') ORDER BY id",
      [id],
    )
  ).rows.map((r) => r.action);
const exists = async (id: string) =>
  (await srv.db.query('SELECT 1 FROM persons WHERE person_id = $1', [id])).rows.length > 0;

describe('record writes after the commit', () => {
  it('a person with every field unknown ({}) is created with 200, twice in a row (the linkage had thrown a 500)', async () => {
    for (const id of ['fge-ac/empty-1', 'fge-ac/empty-2', 'fge-ac/empty-3']) {
      const r = await cw.request('PUT', `/api/persons/${encodeURIComponent(id)}`, {});
      expect(r.status, JSON.stringify(r.json)).toBe(200);
      expect(r.json.status).toBe('created');
      expect(r.json.values).toMatchObject({ person_id: id, agency_id: AGENCY, given_names: '' });
      expect(await audited(id)).toEqual(['create']);
      // linked (with a key of its own: it can match no one), so it does not come back with every later run
      expect(await pendingPersonIds(srv.db)).not.toContain(id);
    }
    // and {} on an existing person is a full replacement by nothing known: 200 updated, as an import of the row
    await cw.request('PUT', '/api/persons/fge-ac%2Fnamed', { given_names: 'Ana', surname_1: 'Ruiz' });
    const r = await cw.request('PUT', '/api/persons/fge-ac%2Fnamed', {});
    expect(r.status).toBe(200);
    expect(r.json.status).toBe('updated');
    expect(r.json.values.given_names).toBe('');
  });

  it('when the linkage after the write fails, the write is still answered as done and the person waits', async () => {
    await srv.db.exec('ALTER TABLE linkage_models RENAME TO linkage_models_away');
    try {
      const r = await cw.request('PUT', '/api/persons/fge-ac%2Fwaits', {
        given_names: 'Rosa María',
        surname_1: 'Gómez',
        sex: 'female',
      });
      expect(r.status, JSON.stringify(r.json)).toBe(200);
      expect(r.json.status).toBe('created');
      expect(r.json.values.given_names).toBe('Rosa María');
    } finally {
      await srv.db.exec('ALTER TABLE linkage_models_away RENAME TO linkage_models');
    }
    expect(await audited('fge-ac/waits')).toEqual(['create']); // audited in the write's transaction
    expect(await linked('fge-ac/waits')).toBe(false);
    // the next entry links what waits
    const next = await cw.request('PUT', '/api/persons/fge-ac%2Fnext', {
      given_names: 'Luis',
      surname_1: 'Gómez',
    });
    expect(next.status).toBe(200);
    expect(await linked('fge-ac/waits')).toBe(true);
  });

  it('oversized, NUL-bearing or percent-encoded-NUL input is a 400 that writes nothing', async () => {
    const long = await cw.request('PUT', '/api/persons/fge-ac%2Flong', { given_names: 'A'.repeat(201) });
    expect(long.status).toBe(400);
    expect(long.json.error.code).toBe('invalid_input');
    expect(JSON.stringify(long.json.error.details)).toContain('given_names');
    const nul = await cw.request('PUT', '/api/persons/fge-ac%2Fnul', { given_names: 'A\u0000B' });
    expect(nul.status).toBe(400);
    const nulId = await cw.request('PUT', '/api/persons/ac%00nul', { given_names: 'Ana' });
    expect(nulId.status).toBe(400);
    const nulGet = await cw.request('GET', '/api/persons/a%00b');
    expect(nulGet.status).toBe(400);
    for (const id of ['fge-ac/long', 'fge-ac/nul', 'ac\u0000nul'])
      expect(await exists(id.replace('\u0000', ''))).toBe(false);
  });
});
