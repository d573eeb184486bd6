import { memorySource } from '@enlace/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestServer, type TestServer } from '../../../test/server.ts';
import { importFolder } from '../../import/engine.ts';
import { encryptField } from '../../security/crypto.ts';
import { encJson } from '../cases/crypto-json.ts';
import { buildNetwork } from './service.ts';
import { EDGE_SOURCES } from './sources.ts';

/**
 * Scope of the network: a caller of agency A never gets a node or an edge derived from agency B's records,
 * even where B's records share A's phone numbers, accounts and investigations' shapes. The fixtures are keyed
 * by edge source: a source added to EDGE_SOURCES without a fixture here fails the first test.
 */
let srv: TestServer;
let a: Client;
let dif: Client;

/** One record set per edge source, owned by `agency`; `shared` values are the same in A and B. */
const FIXTURES: Record<string, (agency: string) => Promise<void>> = {
  async person_contacts(agency) {
    await imp(agency, {
      'persons.csv': `person_id,agency_id,given_names,surname_1,phone,email,address\n${agency}/p1,${agency},Ramiro,Castañeda,+52 55 8123 4567,R.Castaneda@Correo.test,"Calle Morelos 14, Col. Centro"\n${agency}/p2,${agency},Lucía,Benítez,(55) 8123-4567,,C. Morelos No. 14 Colonia Centro\n`,
    });
  },
  async identifications(agency) {
    await imp(agency, {
      'identifications.csv': `identification_id,person_id,agency_id,date,primary_form\n${agency}/i1,${agency}/p2,${agency},2024-05-02,sexual\n`,
    });
  },
  async case_perpetrators(agency) {
    await srv.db.query(
      `INSERT INTO cw_cases (agency_id, person_ref, person_enc, perpetrators_enc) VALUES ($1, $2, $3, $4)`,
      [
        agency,
        `${agency}/p2`,
        encJson('cw_cases', 'person_enc', { givenNames: 'Lucía', phone: '044 55 8123 4567' }),
        encJson('cw_cases', 'perpetrators_enc', [
          { name: 'Efraín Soto', alias: '@el_guero', role: 'recruiter' },
        ]),
      ],
    );
  },
  async network_identifiers(agency) {
    await srv.db.query(
      `INSERT INTO network_identifiers (agency_id, person_id, kind, value_enc, value_bidx) VALUES ($1, $2, 'account', $3, 'x')`,
      [agency, `${agency}/p1`, encryptField('0121 8000 1234 5678 90', 'network_identifiers.value_enc')],
    );
    // and on an investigation of the agency's justice chain (no exchange record: a node of its own)
    const chain = await srv.db.query<{ id: string }>(
      `INSERT INTO jd_stages (id, agency_id, chain_id, stage, reference, started_on)
       SELECT x, $1, x, 'investigation', $2, '2024-01-12' FROM gen_random_uuid() x RETURNING id`,
      [agency, `CI/${agency}/0031/2024`],
    );
    await srv.db.query(
      `INSERT INTO network_identifiers (agency_id, chain_id, kind, value_enc, value_bidx) VALUES ($1, $2, 'handle', $3, 'x')`,
      [agency, chain.rows[0]!.id, encryptField('@empleos.norte', 'network_identifiers.value_enc')],
    );
  },
  async justice_defendants(agency) {
    const d = await srv.db.query<{ id: string }>(
      'INSERT INTO jd_defendants (agency_id, identity_enc) VALUES ($1, $2) RETURNING id',
      [
        agency,
        encJson('jd_defendants', 'identity_enc', { givenNames: 'Rogelio', surname1: `Anaya ${agency}` }),
      ],
    );
    const st = await srv.db.query<{ id: string }>(
      `INSERT INTO jd_stages (id, agency_id, chain_id, stage, record_ref, started_on)
       SELECT x, $1, x, 'investigation', $2, '2024-01-10' FROM gen_random_uuid() x RETURNING id`,
      [agency, `${agency}/inv1`],
    );
    await srv.db.query('INSERT INTO jd_stage_defendants (stage_id, defendant_id) VALUES ($1, $2)', [
      st.rows[0]!.id,
      d.rows[0]!.id,
    ]);
    await srv.db.query('INSERT INTO jd_stage_victims (stage_id, person_id) VALUES ($1, $2)', [
      st.rows[0]!.id,
      `${agency}/p1`,
    ]);
    await srv.db.query(
      `INSERT INTO network_identifiers (agency_id, defendant_id, kind, value_enc, value_bidx) VALUES ($1, $2, 'vehicle', $3, 'x')`,
      [agency, d.rows[0]!.id, encryptField('PUE-45-21', 'network_identifiers.value_enc')],
    );
  },
  async justice_financial(agency) {
    const d = await srv.db.query<{ id: string }>(
      'INSERT INTO jd_defendants (agency_id, identity_enc) VALUES ($1, $2) RETURNING id',
      [
        agency,
        encJson('jd_defendants', 'identity_enc', { givenNames: 'Osvaldo', surname1: `Trejo ${agency}` }),
      ],
    );
    const chain = await srv.db.query<{ id: string }>(
      `INSERT INTO jd_stages (id, agency_id, chain_id, stage, reference, started_on)
       SELECT x, $1, x, 'investigation', $2, '2024-02-12' FROM gen_random_uuid() x RETURNING id`,
      [agency, `CI/${agency}/0077/2024`],
    );
    const r = await srv.db.query<{ id: string }>(
      `INSERT INTO jd_financial_reports (agency_id, report_type, reference, reported_on, amount, currency, subjects_enc, accounts_enc)
       VALUES ($1, 'unusual_operation', $2, '2024-03-01', 150000, 'MXN', $3, $4) RETURNING id`,
      [
        agency,
        `ROI-${agency}-01`,
        encJson('jd_financial_reports', 'subjects_enc', [
          { kind: 'company', name: 'Logística del Bajío, S.A. de C.V.', taxId: null },
          { kind: 'person', name: `Osvaldo Trejo ${agency}`, taxId: null },
        ]),
        encJson('jd_financial_reports', 'accounts_enc', [
          { institution: 'Banco', number: '0121 8000 1234 5678 90', holder: null },
        ]),
      ],
    );
    await srv.db.query('INSERT INTO jd_financial_report_chains (report_id, chain_id) VALUES ($1, $2)', [
      r.rows[0]!.id,
      chain.rows[0]!.id,
    ]);
    await srv.db.query(
      'INSERT INTO jd_financial_report_defendants (report_id, defendant_id) VALUES ($1, $2)',
      [r.rows[0]!.id, d.rows[0]!.id],
    );
  },
  async prosecution_defendants(agency) {
    await imp(agency, {
      'investigations.csv': `investigation_id,agency_id,opened_date,primary_form\n${agency}/inv1,${agency},2024-01-10,sexual\n`,
      'prosecutions.csv': `prosecution_id,agency_id,investigation_id,defendant_person_id,initiated_date,primary_form\n${agency}/pro1,${agency},${agency}/inv1,${agency}/p1,2024-03-01,sexual\n`,
    });
  },
  async financial_reports(agency) {
    await imp(agency, {
      'financial_reports.csv': `report_id,agency_id,date,amount_usd,investigation_id\n${agency}/fr1,${agency},2024-02-01,9000,${agency}/inv1\n`,
    });
  },
};

async function imp(agency: string, files: Record<string, string>) {
  const all = {
    'agencies.csv': `agency_id,name,level,kind,state_code,country\n${agency},Agency ${agency},federal,prosecutor,,MEX\n`,
    ...files,
  };
  const r = await importFolder({ db: srv.db, actor: { userId: null, agencyId: null } }, memorySource(all));
  if (!r.ok) throw new Error(JSON.stringify(r.errors.slice(0, 3)));
}

beforeAll(async () => {
  srv = await startTestServer();
  await srv.ensureAgency('fge-a', 'federal', null, 'prosecutor');
  await srv.ensureAgency('fge-b', 'federal', null, 'prosecutor');
  await srv.ensureAgency('dif-c', 'federal', null, 'child_protection');
  for (const ag of ['fge-a', 'fge-b']) for (const s of EDGE_SOURCES) await FIXTURES[s.id]?.(ag);
  // a person of B referred to A: A reads the person (names), never their phone (need to know)
  await imp('fge-b', {
    'persons.csv': `person_id,agency_id,given_names,surname_1,phone\nfge-b/ref1,fge-b,Itzel,Moreno,55 8123 4567\n`,
    'referrals.csv': `referral_id,person_id,from_agency_id,to_agency_id,date,status\nfge-b/r1,fge-b/ref1,fge-b,fge-a,2024-06-01,pending\n`,
  });
  a = await srv.login(await srv.createUser({ role: 'caseworker', agencyId: 'fge-a' }));
  const difUser = await srv.createUser({ role: 'caseworker', agencyId: 'dif-c' });
  await srv.ensureAgency('dif-c', 'federal', null, 'child_protection'); // createUser makes a prosecutor
  dif = await srv.login(difUser);
}, 120_000);
afterAll(async () => srv?.close());

describe('network scope (generated from EDGE_SOURCES)', () => {
  it('every edge source has a fixture', () => {
    expect(EDGE_SOURCES.map((s) => s.id).filter((id) => !FIXTURES[id])).toEqual([]);
  });

  for (const source of EDGE_SOURCES) {
    it(`${source.id}: A's records appear, nothing derived from B's`, async () => {
      const out = await source.load(srv.db, { agencyId: 'fge-a', role: 'caseworker' });
      expect(out.facts.length + out.nodes.length).toBeGreaterThan(0);
      for (const f of out.facts) expect(f.provenance.agencyId).toBe('fge-a');
      const ids = [...out.nodes.map((n) => n.id), ...out.facts.flatMap((f) => [f.a.id, f.b.id])];
      expect(ids.filter((id) => id.includes('fge-b') && id !== 'person:fge-b/ref1')).toEqual([]);
      const labels = [...out.nodes, ...out.facts.flatMap((f) => [f.a, f.b])].map((n) => n.label);
      expect(labels.filter((l) => l.includes('fge-b'))).toEqual([]);
    });
  }

  it('the built graph: no node or edge from B; the referred person without their phone', async () => {
    const { graph } = await buildNetwork({ db: srv.db }, { agencyId: 'fge-a', role: 'caseworker' });
    graph.forEachEdge((_e, at) => {
      for (const p of at.provenance) expect(p.agencyId).toBe('fge-a');
    });
    expect(graph.filterNodes((id) => id.includes('fge-b'))).toEqual(['person:fge-b/ref1']);
    expect(graph.degree('person:fge-b/ref1')).toBe(0);
  });
});

describe('network API', () => {
  it('one phone written three ways is one node joining the person, the case and its perpetrator', async () => {
    const s = await a.request('GET', `/api/network/search?q=${encodeURIComponent('55-8123-4567')}`);
    expect(s.status).toBe(200);
    const phone = s.json.items.find((n: { kind: string }) => n.kind === 'phone');
    expect(phone.label).toBe('+52 55 8123 4567');
    const nb = await a.request('GET', `/api/network/nodes/${encodeURIComponent(phone.id)}?hops=1`);
    expect(nb.status).toBe(200);
    expect(nb.json.nodes.map((n: { id: string }) => n.id).sort()).toEqual(
      [phone.id, 'person:fge-a/p1', 'person:fge-a/p2'].sort(),
    );
    const two = await a.request('GET', `/api/network/nodes/${encodeURIComponent(phone.id)}?hops=2`);
    const kinds = two.json.nodes.map((n: { kind: string }) => n.kind);
    expect(kinds).toEqual(expect.arrayContaining(['account', 'address', 'email', 'investigation']));
    expect(two.json.nodes.find((n: { kind: string }) => n.kind === 'address').label).toBe(
      'Calle Morelos 14 Colonia Centro',
    );
  });

  it('shortest path from the financial report to the perpetrator; export guarded', async () => {
    const perp = (await a.request('GET', '/api/network/search?q=Efra%C3%ADn')).json.items[0];
    expect(perp.roles).toContain('perpetrator');
    const p = await a.request(
      'GET',
      `/api/network/nodes/${encodeURIComponent('financial_report:fge-a/fr1')}/path/${encodeURIComponent(perp.id)}`,
    );
    expect(p.status).toBe(200);
    expect(p.json.found).toBe(true);
    expect(p.json.nodes.map((n: { kind: string }) => n.kind)).toEqual([
      'financial_report',
      'investigation',
      'person',
      'phone',
      'person',
      'person',
    ]);
    expect(p.json.edges).toHaveLength(5);
    const csv = await fetch(
      `${srv.url}/api/network/nodes/${encodeURIComponent(perp.id)}/export?format=csv&hops=2`,
      { headers: { cookie: a.cookie } },
    );
    expect(csv.status).toBe(200);
    const text = await csv.text();
    expect(text).toContain("'+52 55 8123 4567"); // a phone label starts with + : neutralised
    const gml = await fetch(
      `${srv.url}/api/network/nodes/${encodeURIComponent(perp.id)}/export?format=graphml`,
      { headers: { cookie: a.cookie } },
    );
    expect(await gml.text()).toContain('<graphml');
    const audit = await srv.db.query<{ action: string; resource_id: string }>(
      `SELECT action, resource_id FROM audit_log WHERE resource = 'network' ORDER BY id`,
    );
    expect(audit.rows.map((r) => r.action)).toEqual(expect.arrayContaining(['list', 'read', 'export']));
    // no phone number in the audit log
    expect(audit.rows.some((r) => /8123/.test(r.resource_id ?? ''))).toBe(false);
  });

  it("another agency's node does not exist; a non-investigative agency is refused", async () => {
    const r = await a.request('GET', `/api/network/nodes/${encodeURIComponent('person:fge-b/p1')}`);
    expect(r.status).toBe(404);
    expect(r.json.error.code).toBe('network_node_unknown');
    const d = await dif.request('GET', '/api/network');
    expect(d.status).toBe(403);
    expect(d.json.error.code).toBe('network_not_investigative');
    const o = await a.request('GET', '/api/network');
    expect(o.status).toBe(200);
    expect(o.json.communities).toBeGreaterThanOrEqual(1);
    expect(o.json.centralActors[0].kind).toBe('person');
  });
});
