import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestServer, type TestServer } from '../../../test/server.ts';

/**
 * The agency directory through the HTTP API, on both databases: an administrator creates and edits agencies
 * (each change audited once, an unchanged save not at all), the state code follows the level, staff read and
 * filter the list, and nobody else writes it.
 */
describe.each(['pglite', 'postgres'] as const)('agencies on %s', (database) => {
  let srv: TestServer;
  let admin: Client;
  let caseworker: Client;

  const audits = async (id: string) =>
    (
      await srv.db.query<{ action: string }>(
        "SELECT action FROM audit_log WHERE resource = 'agencies' AND resource_id = $1 ORDER BY id",
        [id],
      )
    ).rows.map((r) => r.action);

  beforeAll(async () => {
    srv = await startTestServer({ database });
    admin = await srv.login(await srv.createUser({ role: 'admin', agencyId: 'sesnsp' }));
    caseworker = await srv.login(await srv.createUser({ role: 'caseworker', agencyId: 'fge-oax' }));
  }, 300_000);
  afterAll(async () => srv?.close());

  it('an administrator creates and edits an agency; each change is audited once, an unchanged save not at all', async () => {
    const body = {
      name: 'Fiscalía Especializada en Trata de Personas de Chiapas',
      level: 'state',
      kind: 'prosecutor',
      stateCode: '07',
    };
    const created = await admin.request('PUT', '/api/agencies/fge-chis', body);
    expect(created.status).toBe(200);
    expect(created.json).toEqual({ id: 'fge-chis', ...body, country: 'MEX' });
    expect(await audits('fge-chis')).toEqual(['create']);

    expect((await admin.request('PUT', '/api/agencies/fge-chis', body)).status).toBe(200);
    expect(await audits('fge-chis')).toEqual(['create']);

    const renamed = await admin.request('PUT', '/api/agencies/fge-chis', { ...body, name: 'FGE Chiapas' });
    expect(renamed.json.name).toBe('FGE Chiapas');
    expect(await audits('fge-chis')).toEqual(['create', 'update']);
    expect((await caseworker.request('GET', '/api/agencies/fge-chis')).json).toEqual(renamed.json);
  });

  it('a state or municipal agency needs a state code, a federal one or an NGO has none; the id is checked', async () => {
    const state = await admin.request('PUT', '/api/agencies/fge-x', {
      name: 'Sin estado',
      level: 'state',
      kind: 'prosecutor',
    });
    expect(state.status).toBe(400);
    expect(state.json.error.code).toBe('invalid_input');
    expect(JSON.stringify(state.json.error.details)).toContain('stateCode');
    const federal = await admin.request('PUT', '/api/agencies/fed-x', {
      name: 'Federal con estado',
      level: 'federal',
      kind: 'prosecutor',
      stateCode: '09',
    });
    expect(federal.status).toBe(400);
    const badState = await admin.request('PUT', '/api/agencies/fge-y', {
      name: 'Estado 33',
      level: 'state',
      kind: 'prosecutor',
      stateCode: '33',
    });
    expect(badState.status).toBe(400);
    expect(
      (
        await admin.request('PUT', `/api/agencies/${encodeURIComponent('a b')}`, {
          name: 'x',
          level: 'ngo',
          kind: 'ngo',
        })
      ).status,
    ).toBe(400);
    const ngo = await admin.request('PUT', '/api/agencies/casa-refugio-ejemplo', {
      name: 'Casa Refugio Ejemplo',
      level: 'ngo',
      kind: 'service_provider',
    });
    expect(ngo.status).toBe(200);
    expect(ngo.json).toMatchObject({ stateCode: null, country: 'MEX' });
  });

  it('staff read and filter the directory; only an administrator writes it; an unknown agency is a 404', async () => {
    const all = await caseworker.request('GET', '/api/agencies?limit=500');
    expect(all.status).toBe(200);
    expect(all.json.total).toBe(all.json.items.length);
    expect(all.json.items.map((a: { id: string }) => a.id)).toEqual(
      expect.arrayContaining(['fge-chis', 'casa-refugio-ejemplo', 'fge-oax']),
    );
    const chiapas = await caseworker.request('GET', '/api/agencies?level=state&stateCode=07');
    expect(chiapas.json.items.map((a: { id: string }) => a.id)).toEqual(['fge-chis']);
    const byName = await caseworker.request('GET', `/api/agencies?q=${encodeURIComponent('refugio')}`);
    expect(byName.json.items.map((a: { id: string }) => a.id)).toEqual(['casa-refugio-ejemplo']);
    const page = await caseworker.request('GET', '/api/agencies?limit=1&offset=1');
    expect(page.json.items).toHaveLength(1);
    expect(page.json.total).toBe(all.json.total);

    const refused = await caseworker.request('PUT', '/api/agencies/fge-chis', {
      name: 'Cambio no permitido',
      level: 'state',
      kind: 'prosecutor',
      stateCode: '07',
    });
    expect(refused.status).toBe(403);
    expect((await caseworker.request('GET', '/api/agencies/fge-chis')).json.name).toBe('FGE Chiapas');

    const missing = await caseworker.request('GET', '/api/agencies/no-existe');
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe('not_found');
  });
});
