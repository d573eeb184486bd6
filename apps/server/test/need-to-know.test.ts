import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportFolder } from '../src/import/engine.ts';
import {
  NEED_TO_KNOW,
  needToKnowMarkdown,
  PERSON_FIELDS,
  type Relation,
  visibleFields,
} from '../src/security/need-to-know.ts';
import { can, ROLES, type Role } from '../src/security/permissions.ts';
import { type Client, startTestServer, type TestServer } from './server.ts';

/**
 * Need to know, generated from the one table (security/need-to-know.ts): every role that may read persons,
 * for each relation (own agency, referred by the owner), sees exactly the fields the table gives it, in the
 * detail and in lists. Then the consent-withdrawal journey of case work, checking every path by which a
 * shelter could read the person.
 */
const OWNER = 'fge-mex';
const SHELTER = 'refugio-s';
const OTHER = 'fge-cmx';
const PERSON = {
  given_names: 'Rosa Isela',
  surname_1: 'Hernández',
  surname_2: 'Cruz',
  birth_date: '1994-07-12',
  sex: 'female',
  nationality: 'MEX',
  curp: 'HECR940712MMCRRS00',
  indigenous: 'true',
  languages: 'spa;maz',
  lgbtqi: 'false',
  disability: 'false',
  phone: '7221234567',
  email: 'rosa@example.test',
  address: 'Calle 5 de Mayo 10, Toluca',
};
const PID = 'fge-mex/p-ntk-1';
const REF = 'fge-mex/ref-ntk-1';

const expected = (role: Role, rel: Relation) => {
  const rule = visibleFields(role, rel);
  return Object.fromEntries(
    PERSON_FIELDS.map((f) => {
      const v = PERSON[f];
      return [f, rule[f] === 'full' ? v : rule[f] === 'year' ? v.slice(0, 4) : ''];
    }),
  );
};

describe('need to know by role and relation', () => {
  let srv: TestServer;
  const clients = new Map<string, Client>();
  const readers = ROLES.filter((r) => can(r, 'persons:read'));

  beforeAll(async () => {
    srv = await startTestServer();
    await srv.ensureAgency(OWNER, 'state', '15', 'prosecutor');
    await srv.ensureAgency(SHELTER, 'ngo', null, 'service_provider');
    await srv.ensureAgency(OTHER, 'state', '09', 'prosecutor');
    for (const role of ROLES) {
      for (const agencyId of [OWNER, SHELTER]) {
        clients.set(`${role}@${agencyId}`, await srv.login(await srv.createUser({ role, agencyId })));
      }
    }
    const owner = clients.get(`caseworker@${OWNER}`)!;
    const { agency_id: _a, ...body } = { agency_id: OWNER, ...PERSON };
    expect((await owner.request('PUT', `/api/persons/${encodeURIComponent(PID)}`, body)).status).toBe(200);
  }, 300_000);
  afterAll(async () => srv?.close());

  it('the table covers every role, and docs/security.md shows it as it is', () => {
    expect(Object.keys(NEED_TO_KNOW).sort()).toEqual([...ROLES].sort());
    for (const r of ROLES.filter((x) => !can(x, 'persons:read')))
      expect(visibleFields(r, 'own'), `${r} has no persons:read`).toEqual({});
    const doc = readFileSync(new URL('../../../docs/security.md', import.meta.url), 'utf8');
    expect(doc).toContain(needToKnowMarkdown());
  });

  it('own agency: each role sees exactly its fields (detail and list); the CURP never reaches the hotline', async () => {
    for (const role of readers) {
      const c = clients.get(`${role}@${OWNER}`)!;
      const r = await c.request('GET', `/api/persons/${encodeURIComponent(PID)}`, undefined, {
        'x-enlace-justification': 'Revisión de prueba de necesidad de conocer',
      });
      expect(r.status, role).toBe(200);
      const want = expected(role, 'own');
      for (const f of PERSON_FIELDS) expect(r.json.values[f] ?? '', `${role} ${f}`).toBe(want[f]);
    }
    expect(expected('hotline_operator', 'own').curp).toBe('');
  });

  it('referred by the owner: the receiving agency sees what serving needs; nothing once the referral ends', async () => {
    const owner = clients.get(`caseworker@${OWNER}`)!;
    const shelterCw = clients.get(`service_provider@${SHELTER}`)!;
    expect((await shelterCw.request('GET', `/api/persons/${encodeURIComponent(PID)}`)).status).toBe(404);
    const put = (status: string) =>
      owner.request('PUT', `/api/referrals/${encodeURIComponent(REF)}`, {
        person_id: PID,
        from_agency_id: OWNER,
        to_agency_id: SHELTER,
        date: '2026-01-05',
        services: 'shelter',
        status,
      });
    expect((await put('pending')).status).toBe(200);
    for (const role of readers) {
      const c = clients.get(`${role}@${SHELTER}`)!;
      const r = await c.request('GET', `/api/persons/${encodeURIComponent(PID)}`, undefined, {
        'x-enlace-justification': 'Atención a persona canalizada al refugio',
      });
      expect(r.status, role).toBe(200);
      const want = expected(role, 'referral');
      for (const f of PERSON_FIELDS) expect(r.json.values[f] ?? '', `${role} ${f}`).toBe(want[f]);
      const list = await c.request('GET', '/api/persons?limit=500');
      const item = list.json.items.find((i: { id: string }) => i.id === PID);
      expect(item, role).toBeDefined();
      expect(item.values.birth_date).toBe(want.birth_date);
      expect(JSON.stringify(list.json)).not.toContain(PERSON.curp);
    }
    expect(expected('service_provider', 'referral').curp).toBe('');
    // the shelter records its service on the person it was referred (a reference it may make) …
    const svc = await clients
      .get(`caseworker@${SHELTER}`)!
      .request('PUT', '/api/services/refugio-s%2Fsrv-1', {
        person_id: PID,
        provider_agency_id: SHELTER,
        service: 'shelter',
        start_date: '2026-01-06',
      });
    expect(svc.status).toBe(200);
    // … and the shelter's export carries the person only as far as the referral shows it
    const dir = mkdtempSync(join(tmpdir(), 'ntk-export-'));
    await exportFolder({ db: srv.db, actor: { userId: null, agencyId: null } }, dir, { agencies: [SHELTER] });
    const persons = readFileSync(join(dir, 'persons.csv'), 'utf8');
    expect(persons).toContain(PID);
    expect(persons).toContain('Rosa Isela');
    for (const secret of [PERSON.curp, PERSON.birth_date, PERSON.phone, PERSON.email, 'Toluca'])
      expect(persons).not.toContain(secret);
    rmSync(dir, { recursive: true, force: true });
    // the referral ends: so does the access
    expect((await put('completed')).status).toBe(200);
    for (const role of readers) {
      const c = clients.get(`${role}@${SHELTER}`)!;
      expect((await c.request('GET', `/api/persons/${encodeURIComponent(PID)}`)).status, role).toBe(404);
    }
  });
});

describe.each(['pglite', 'postgres'] as const)('consent withdrawal ends every path on %s', (database) => {
  let srv: TestServer;
  let cw: Client;
  let shelterStaff: Client;
  let shelterAdmin: Client;
  let shelterAnalyst: Client;
  let caseId: string;
  let referralId: string;
  let providerId: string;
  const ADDRESS = 'Calle Reservada 77, Col. Centro';

  /** Every way shelter staff could try to read the person; returns what they got. */
  async function shelterPaths(c: Client) {
    const mirror = `cw-${caseId}`;
    const get = async (path: string) => {
      const r = await c.request('GET', path);
      return { path, status: r.status, text: JSON.stringify(r.json ?? '') };
    };
    return [
      await get(`/api/case-referrals/${referralId}`),
      await get(`/api/persons/${encodeURIComponent(mirror)}`),
      await get('/api/persons?limit=500'),
      await get(`/api/persons?personId=${encodeURIComponent(mirror)}`),
      await get('/api/identifications?limit=500'),
      await get('/api/referrals?limit=500'),
      await get('/api/services?limit=500'),
      await get(`/api/cases/${caseId}`),
      await get(`/api/cases/${caseId}/history`),
      await get(`/api/cases/${caseId}/consents`),
      await get(`/api/cases/${caseId}/services`),
      await get('/api/case-referrals?box=received'),
    ];
  }

  beforeAll(async () => {
    srv = await startTestServer({ database });
    await srv.ensureAgency(OWNER, 'state', '15', 'prosecutor');
    await srv.ensureAgency(SHELTER, 'ngo', null, 'service_provider');
    cw = await srv.login(await srv.createUser({ role: 'caseworker', agencyId: OWNER }));
    shelterStaff = await srv.login(await srv.createUser({ role: 'service_provider', agencyId: SHELTER }));
    shelterAdmin = await srv.login(await srv.createUser({ role: 'agency_admin', agencyId: SHELTER }));
    shelterAnalyst = await srv.login(await srv.createUser({ role: 'analyst', agencyId: SHELTER }));
    const p = await shelterStaff.request('PUT', '/api/providers/mine', {
      name: 'Refugio S',
      services: ['shelter', 'psychological'],
      languages: ['spa'],
      coverage: { states: ['15'] },
      municipality: '15106',
      capacity: { total: 10, free: 3 },
      referralContact: 'canalizacion@example.test',
      address: ADDRESS,
    });
    expect(p.status).toBe(200);
    providerId = p.json.id;
  }, 300_000);
  afterAll(async () => srv?.close());

  it('grant, refer, accept, withdraw: the shelter never sees the CURP, and nothing after withdrawal', async () => {
    const c = await cw.request('POST', '/api/cases', {
      person: {
        givenNames: 'Rosa Isela',
        surname1: 'Hernández',
        surname2: 'Cruz',
        birthDate: '1994-07-12',
        sex: 'female',
        nationality: 'MEX',
        curp: PERSON.curp,
        phone: '+52 722 123 4567',
        address: 'Calle 5 de Mayo 10, Toluca',
      },
      identification: { date: '2026-01-03', stateCode: '15', primaryForm: 'sexual' },
      needs: ['shelter'],
    });
    expect(c.status).toBe(201);
    caseId = c.json.id;
    for (const purpose of ['referral', 'statistics'])
      expect(
        (await cw.request('POST', `/api/cases/${caseId}/consents`, { purpose, action: 'granted' })).status,
      ).toBe(201);
    const r = await cw.request('POST', '/api/case-referrals', { caseId, providerId, services: ['shelter'] });
    expect(r.status).toBe(201);
    referralId = r.json.id;
    expect((await shelterStaff.request('POST', `/api/case-referrals/${referralId}/accept`)).status).toBe(200);

    // while consent holds: the referral view only, no CURP, no birth date, no contact, no address
    const during = await shelterPaths(shelterStaff);
    expect(during[0]!.status).toBe(200);
    for (const p of during) {
      for (const secret of [PERSON.curp, '1994-07-12', '722 123', '5 de Mayo', 'Hernández'])
        expect(p.text, `${p.path} shows ${secret}`).not.toContain(secret);
      if (p.path.startsWith('/api/cases/') || p.path.startsWith(`/api/persons/`))
        expect(p.status, p.path).toBeGreaterThanOrEqual(403);
    }
    // the mirror for statistics exists (and holds the CURP for counting), but the shelter cannot open it
    const mirror = await srv.db.query('SELECT 1 FROM persons WHERE person_id = $1', [`cw-${caseId}`]);
    expect(mirror.rows.length).toBe(1);

    // the shelter's address: its serving staff and the referring caseworker after acceptance; not its analyst
    expect((await shelterStaff.request('GET', `/api/providers/${providerId}`)).json.address).toBe(ADDRESS);
    expect((await shelterAdmin.request('GET', `/api/providers/${providerId}`)).json.address).toBe(ADDRESS);
    expect((await cw.request('GET', `/api/providers/${providerId}`)).json.address).toBe(ADDRESS);
    const analyst = await shelterAnalyst.request('GET', `/api/providers/${providerId}`);
    expect(analyst.json?.address).toBeUndefined();

    // withdrawal: every path closes at once
    expect(
      (
        await cw.request('POST', `/api/cases/${caseId}/consents`, {
          purpose: 'referral',
          action: 'withdrawn',
        })
      ).status,
    ).toBe(201);
    const after = await shelterPaths(shelterStaff);
    expect(after[0]!.status).toBe(403);
    expect(JSON.parse(after[0]!.text).error.code).toBe('consent_withdrawn');
    for (const p of after) {
      expect(p.text, p.path).not.toContain('Rosa');
      expect(p.text, p.path).not.toContain(PERSON.curp);
    }
    for (const c2 of [shelterAdmin, shelterStaff]) {
      const v = await c2.request('GET', `/api/case-referrals/${referralId}`);
      expect(v.status).toBe(403);
    }
  });
});
