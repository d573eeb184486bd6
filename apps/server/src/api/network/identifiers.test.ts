import { memorySource } from '@enlace/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestServer, type TestServer } from '../../../test/server.ts';
import { importFolder } from '../../import/engine.ts';

/**
 * Identifiers recorded by investigators (POST/GET/DELETE /api/network/identifiers): on a defendant, an investigation or a person,
 * normalised (one phone written two ways is one node joining them), scoped to the agency, audited without values.
 */
let srv: TestServer;
let a: Client;
let b: Client;
let dif: Client;
let aDefendant: string;
let bDefendant: string;

beforeAll(async () => {
  srv = await startTestServer();
  await srv.ensureAgency('fge-a', 'federal', null, 'prosecutor');
  await srv.ensureAgency('fge-b', 'federal', null, 'prosecutor');
  for (const ag of ['fge-a', 'fge-b']) {
    const r = await importFolder(
      { db: srv.db, actor: { userId: null, agencyId: null } },
      memorySource({
        'agencies.csv': `agency_id,name,level,kind,state_code,country\n${ag},Agency ${ag},federal,prosecutor,,MEX\n`,
        'persons.csv': `person_id,agency_id,given_names,surname_1\n${ag}/p1,${ag},Mariana,Quintero\n`,
      }),
    );
    expect(r.errors).toEqual([]);
  }
  a = await srv.login(await srv.createUser({ role: 'caseworker', agencyId: 'fge-a' }));
  b = await srv.login(await srv.createUser({ role: 'caseworker', agencyId: 'fge-b' }));
  const difUser = await srv.createUser({ role: 'caseworker', agencyId: 'dif-c' });
  await srv.ensureAgency('dif-c', 'federal', null, 'child_protection');
  dif = await srv.login(difUser);
  const d = await a.request('POST', '/api/defendants', {
    identity: { givenNames: 'Baltazar', surname1: 'Ocampo', aliases: ['El Flaco'] },
    networkRoles: ['recruiter'],
  });
  expect(d.status, JSON.stringify(d.json)).toBe(201);
  aDefendant = d.json.id;
  bDefendant = (await b.request('POST', '/api/defendants', { identity: { givenNames: 'Rubén' } })).json.id;
}, 120_000);
afterAll(async () => srv?.close());

describe('identifiers recorded by investigators', () => {
  it('a phone written two ways on a defendant and on a person is one node joining them in the network', async () => {
    const r1 = await a.request('POST', '/api/network/identifiers', {
      defendantId: aDefendant,
      kind: 'phone',
      value: '044 55 4821 3390',
      note: 'Número que dio a la víctima',
    });
    expect(r1.status, JSON.stringify(r1.json)).toBe(201);
    expect(r1.json).toMatchObject({
      kind: 'phone',
      value: '044 55 4821 3390',
      display: '+52 55 4821 3390',
      note: 'Número que dio a la víctima',
      subject: { defendantId: aDefendant },
    });
    const r2 = await a.request('POST', '/api/network/identifiers', {
      personId: 'fge-a/p1',
      kind: 'phone',
      value: '+52 1 (55) 4821-3390',
    });
    expect(r2.status, JSON.stringify(r2.json)).toBe(201);
    expect(r2.json.node).toBe(r1.json.node);

    const hood = await a.request('GET', `/api/network/nodes/${encodeURIComponent(r1.json.node)}`);
    expect(hood.status).toBe(200);
    const labels = hood.json.nodes.map((n: { label: string }) => n.label).sort();
    expect(labels).toEqual(['+52 55 4821 3390', 'Baltazar Ocampo', 'Mariana Quintero']);
    const def = hood.json.nodes.find((n: { label: string }) => n.label === 'Baltazar Ocampo');
    expect(def.id).toBe(`person:defendant-${aDefendant}`);
    expect(def.roles).toEqual(['defendant']);

    const list = await a.request('GET', `/api/network/identifiers?defendantId=${aDefendant}`);
    expect(list.status).toBe(200);
    expect(list.json.items.map((i: { display: string }) => i.display)).toEqual(['+52 55 4821 3390']);
  });

  it('other kinds are normalised; the same account written another way is refused as a duplicate', async () => {
    const add = (kind: string, value: string) =>
      a.request('POST', '/api/network/identifiers', { defendantId: aDefendant, kind, value });
    for (const [kind, value, display] of [
      ['account', '0121 8000 1234 5678 90', '012180001234567890'],
      ['vehicle', 'pue-45-21', 'PUE4521'],
      ['company', 'Transportes Serranos, S.A. de C.V.', 'Transportes Serranos'],
      ['handle', '@Flaco.Empleos', 'flaco.empleos'],
      ['email', ' Flaco@Correo.TEST ', 'flaco@correo.test'],
      ['address', 'C. Hidalgo No. 12, Col. Centro', 'Calle Hidalgo 12 Colonia Centro'],
    ] as const) {
      const r = await add(kind, value);
      expect(r.status, `${kind}: ${JSON.stringify(r.json)}`).toBe(201);
      expect(r.json.display).toBe(display);
    }
    const dup = await add('account', '012180001234567890');
    expect(dup.status).toBe(409);
    expect(dup.json.error.code).toBe('network_identifier_duplicate');
    const bad = await add('phone', '12');
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('network_identifier_invalid');
    const none = await a.request('POST', '/api/network/identifiers', { kind: 'phone', value: '5548213390' });
    expect(none.status).toBe(400);
    const both = await a.request('POST', '/api/network/identifiers', {
      personId: 'fge-a/p1',
      defendantId: aDefendant,
      kind: 'phone',
      value: '5548213390',
    });
    expect(both.status).toBe(400);
  });

  it("another agency's defendant or person is refused like a missing one; its identifiers stay its own", async () => {
    const body = { kind: 'phone', value: '55 4821 3390' };
    const foreign = await a.request('POST', '/api/network/identifiers', { ...body, defendantId: bDefendant });
    const missing = await a.request('POST', '/api/network/identifiers', {
      ...body,
      defendantId: '00000000-0000-4000-8000-000000000000',
    });
    expect(foreign.status).toBe(400);
    expect(foreign.json).toEqual(missing.json);
    const fp = await a.request('POST', '/api/network/identifiers', { ...body, personId: 'fge-b/p1' });
    const mp = await a.request('POST', '/api/network/identifiers', { ...body, personId: 'fge-b/none' });
    expect(fp.status).toBe(400);
    expect(fp.json.error.code).toBe('unknown_reference');
    expect(fp.json.error.details).toEqual(mp.json.error.details);
    const foreignList = await a.request('GET', `/api/network/identifiers?defendantId=${bDefendant}`);
    expect(foreignList.status).toBe(200);
    expect(foreignList.json.items).toEqual([]);

    // B records the same phone on its own defendant: A's network does not gain B's defendant
    const rb = await b.request('POST', '/api/network/identifiers', { ...body, defendantId: bDefendant });
    expect(rb.status).toBe(201);
    const hood = await a.request('GET', `/api/network/nodes/${encodeURIComponent(rb.json.node)}`);
    expect(hood.json.nodes.map((n: { label: string }) => n.label)).not.toContain('Rubén');
    // and A cannot remove B's identifier
    expect((await a.request('DELETE', `/api/network/identifiers/${rb.json.id}`)).status).toBe(404);
    expect(
      (await b.request('GET', `/api/network/identifiers?defendantId=${bDefendant}`)).json.items,
    ).toHaveLength(1);
  });

  it('a non-investigative agency is refused; removal works and takes the edge away', async () => {
    const r = await dif.request('GET', `/api/network/identifiers?defendantId=${aDefendant}`);
    expect(r.status).toBe(403);
    expect(r.json.error.code).toBe('network_not_investigative');
    const list = await a.request('GET', `/api/network/identifiers?defendantId=${aDefendant}`);
    const phone = list.json.items.find((i: { kind: string }) => i.kind === 'phone');
    expect((await a.request('DELETE', `/api/network/identifiers/${phone.id}`)).status).toBe(204);
    const hood = await a.request('GET', `/api/network/nodes/${encodeURIComponent(phone.node)}`);
    expect(hood.json.nodes.map((n: { label: string }) => n.label)).not.toContain('Baltazar Ocampo');
  });

  it("an investigation's account joins it to the defendant who uses the same account, in A's network only", async () => {
    const open = (c: Client, reference: string, defendantIds: string[] = []) =>
      c.request('POST', '/api/justice/stages', {
        stage: 'investigation',
        startedOn: '2024-02-01',
        reference,
        defendantIds,
      });
    const chain = await open(a, 'FGR/FEVIMTRA/0117/2024');
    expect(chain.status, JSON.stringify(chain.json)).toBe(201);
    const chainId = chain.json.id as string;
    const bChain = (await open(b, 'FGE-B/0042/2024')).json.id as string;

    const acc = await a.request('POST', '/api/network/identifiers', {
      chainId,
      kind: 'account',
      value: '0121 8000 9876 5432 10',
      note: 'Cuenta receptora de los pagos',
    });
    expect(acc.status, JSON.stringify(acc.json)).toBe(201);
    expect(acc.json).toMatchObject({ display: '012180009876543210', subject: { chainId } });
    // the same account written without spaces on the defendant: one node
    const dacc = await a.request('POST', '/api/network/identifiers', {
      defendantId: aDefendant,
      kind: 'account',
      value: '012180009876543210',
    });
    expect(dacc.status).toBe(201);
    expect(dacc.json.node).toBe(acc.json.node);
    const dup = await a.request('POST', '/api/network/identifiers', {
      chainId,
      kind: 'account',
      value: '012-180-009876543210',
    });
    expect(dup.status).toBe(409);

    const hood = await a.request('GET', `/api/network/nodes/${encodeURIComponent(acc.json.node)}`);
    expect(hood.status).toBe(200);
    const ids = hood.json.nodes.map((n: { id: string }) => n.id).sort();
    expect(ids).toContain(`investigation:chain-${chainId}`);
    expect(ids).toContain(`person:defendant-${aDefendant}`);
    const inv = hood.json.nodes.find((n: { id: string }) => n.id === `investigation:chain-${chainId}`);
    expect(inv).toMatchObject({ kind: 'investigation', label: 'FGR/FEVIMTRA/0117/2024' });

    const list = await a.request('GET', `/api/network/identifiers?chainId=${chainId}`);
    expect(list.json.items.map((i: { display: string }) => i.display)).toEqual(['012180009876543210']);

    // B's investigation: refused like a missing one, listed as empty; B's own record stays out of A's network
    const foreign = await a.request('POST', '/api/network/identifiers', {
      chainId: bChain,
      kind: 'phone',
      value: '55 1234 5678',
    });
    const missing = await a.request('POST', '/api/network/identifiers', {
      chainId: '00000000-0000-4000-8000-000000000000',
      kind: 'phone',
      value: '55 1234 5678',
    });
    expect(foreign.status).toBe(400);
    expect(foreign.json).toEqual(missing.json);
    expect((await a.request('GET', `/api/network/identifiers?chainId=${bChain}`)).json.items).toEqual([]);
    const rb = await b.request('POST', '/api/network/identifiers', {
      chainId: bChain,
      kind: 'account',
      value: '012180009876543210',
    });
    expect(rb.status).toBe(201);
    const again = await a.request('GET', `/api/network/nodes/${encodeURIComponent(acc.json.node)}`);
    expect(again.json.nodes.map((n: { id: string }) => n.id)).not.toContain(`investigation:chain-${bChain}`);
    // a stage that is not the chain's opening (a prosecution) is not an investigation
    const pro = await a.request('POST', '/api/justice/stages', {
      stage: 'prosecution',
      chainId,
      startedOn: '2024-05-01',
    });
    expect(pro.status, JSON.stringify(pro.json)).toBe(201);
    const onPro = await a.request('POST', '/api/network/identifiers', {
      chainId: pro.json.id,
      kind: 'phone',
      value: '55 1234 5678',
    });
    expect(onPro.status).toBe(400);
    expect(onPro.json.error.code).toBe('unknown_reference');
  });

  it('every list, write and removal is in the audit log, never the value', async () => {
    const rows = (
      await srv.db.query<{ action: string; resource_id: string; fields: string[] }>(
        "SELECT action, resource_id, fields FROM audit_log WHERE resource = 'network_identifiers' AND agency_id = 'fge-a'",
      )
    ).rows;
    const actions = new Set(rows.map((r) => r.action));
    expect([...actions].sort()).toEqual(['create', 'delete', 'list']);
    const text = JSON.stringify((await srv.db.query('SELECT * FROM audit_log')).rows);
    // the phone as written and as normalised; not just '4821', which a row's hex hash holds by chance (about one
    // run in eight: ~60 four-character windows per hash, several hashes per row)
    for (const v of ['4821 3390', '4821-3390', '48213390']) expect(text).not.toContain(v);
    expect(text).not.toContain('Flaco');
  });
});
