import { DEMO_YEARS, demoProviders } from '@enlace/core/demo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestServer, type TestServer } from '../../test/server.ts';
import { yearsWithData } from '../api/report/service.ts';
import type { Runtime } from '../runtime.ts';
import { DEMO_USERS, type DemoLoadResult, loadDemo } from './load.ts';

/** The demo as `npm start` loads it (at a small scale): the provider directory, its staff, matching. */
describe('demo: provider directory and accounts', () => {
  let srv: TestServer;
  let demo: DemoLoadResult;
  let fiscal: Client;

  const signIn = (email: string) => {
    const u = [...demo.users, ...demo.providerStaff].find((x) => x.email === email)!;
    return srv.login({ id: '', email, password: demo.password, role: u.role, agencyId: u.agencyId });
  };

  beforeAll(async () => {
    srv = await startTestServer();
    await srv.ensureAgency('enlace');
    demo = await loadDemo({ db: srv.db } as Runtime, { scale: 0.05 });
    fiscal = await signIn('fiscal@cdmx.demo');
  }, 120_000);
  afterAll(async () => srv?.close());

  it('loads every directory entry, each with a service_provider account of its agency', async () => {
    expect(demo.providers).toBe(demoProviders().length);
    expect(demo.providers).toBeGreaterThanOrEqual(40);
    const { rows } = await srv.db.query<{ agency_id: string; staff: number }>(
      `SELECT p.agency_id, count(u.id)::int AS staff FROM cw_providers p
       LEFT JOIN users u ON u.agency_id = p.agency_id AND u.role = 'service_provider'
       GROUP BY p.agency_id`,
    );
    expect(rows).toHaveLength(demo.providers);
    expect(rows.filter((r) => r.staff < 1)).toEqual([]);
    // printed at start-up: one account per role and some provider staff, every one of them created
    const roles = new Set(demo.users.map((u) => u.role));
    for (const r of [
      'caseworker',
      'supervisor',
      'agency_admin',
      'service_provider',
      'hotline_operator',
      'analyst',
      'auditor',
    ])
      expect(roles.has(r as never)).toBe(true);
    expect(demo.users.length).toBeLessThan(25);
    // two analysts: one prepares the public release, the other approves it
    expect(demo.users.filter((u) => u.role === 'analyst').length).toBeGreaterThanOrEqual(2);
    expect(new Set(demo.users.map((u) => u.agencyId)).size).toBeGreaterThan(8);
    const emails = [...DEMO_USERS, ...demo.providerStaff].map((u) => u.email);
    const { rows: users } = await srv.db.query<{ email: string }>(
      'SELECT email FROM users WHERE email = ANY($1)',
      [emails],
    );
    expect(users).toHaveLength(emails.length);
  });

  it('a woman who needs shelter in Mexico City: eligible shelters are ranked, with free places', async () => {
    const c = await fiscal.request('POST', '/api/cases', {
      person: { givenNames: 'Citlali', sex: 'female', birthDate: '1998-05-14', languages: ['spa'] },
      needs: ['shelter', 'psychological'],
      municipality: '09007',
    });
    expect(c.status).toBe(201);
    const m = await fiscal.request('POST', '/api/providers/match', { caseId: c.json.id });
    expect(m.status).toBe(200);
    const shelters = m.json.ranked.filter((r: { services: string[] }) => r.services.includes('shelter'));
    expect(shelters.length).toBeGreaterThanOrEqual(2);
    expect(shelters[0].provider.capacity.free).toBeGreaterThan(0);
    expect(m.json.ranked[0].provider.name).toMatch(/Refugio|Casa/);
    // children's shelters and the men's shelter are excluded, with their reasons
    const excluded = new Map<string, string[]>(
      m.json.excluded.map((x: { name: string; reasons: { code: string }[] }) => [
        x.name,
        x.reasons.map((r) => r.code),
      ]),
    );
    expect(excluded.get('Centro de Asistencia Social Tonalli – Sistema DIF Ciudad de México')).toContain(
      'age_out_of_range',
    );
    expect(excluded.get('Hogar Paso Firme para Hombres, A.C.')).toContain('sex_not_served');
  });

  it('a Nahuatl speaker in the Sierra Norte de Puebla: providers speaking Nahuatl are ranked first', async () => {
    const c = await fiscal.request('POST', '/api/cases', {
      person: { givenNames: 'Yolotl', sex: 'male', birthDate: '1990-02-02', languages: ['nah'] },
      needs: ['interpretation', 'legal'],
      municipality: '21043',
    });
    expect(c.status).toBe(201);
    const m = await fiscal.request('POST', '/api/providers/match', { caseId: c.json.id });
    expect(m.status).toBe(200);
    expect(m.json.ranked.length).toBeGreaterThan(0);
    const top = m.json.ranked[0];
    expect(top.provider.languages).toContain('nah');
    expect(top.reasons.map((r: { code: string }) => r.code)).toContain('speaks_first_language');
    expect(
      m.json.excluded.some((x: { reasons: { code: string }[] }) =>
        x.reasons.some((r) => r.code === 'no_common_language'),
      ),
    ).toBe(true);
  });

  it('demo caseworkers find cases at several stages; providers find referrals in their inbox', async () => {
    expect(demo.cases).toBeGreaterThanOrEqual(5);
    const mine = await fiscal.request('GET', '/api/cases?limit=200');
    expect(mine.status).toBe(200);
    const statuses = new Set(mine.json.items.map((c: { status: string }) => c.status));
    expect(statuses).toEqual(new Set(['open', 'closure_requested']));
    const sent = await fiscal.request('GET', '/api/case-referrals?box=sent');
    const referralStates = new Set(sent.json.items.map((r: { status: string }) => r.status));
    for (const st of ['pending', 'accepted', 'completed']) expect(referralStates.has(st)).toBe(true);
    const interpreters = await signIn('canalizacion@tlahtolli.demo');
    const inbox = await interpreters.request('GET', '/api/case-referrals?box=received');
    expect(inbox.json.items.map((r: { status: string }) => r.status)).toContain('pending');
  });

  it('the CDMX supervisor finds a transfer to receive (approved by FEVIMTRA) and one of her own to approve', async () => {
    const sup = await signIn('supervisora@cdmx.demo');
    const counts = await sup.request('GET', '/api/case-transfers/counts');
    expect(counts.json).toMatchObject({ incoming: 1, toApprove: 1 });
    const incoming = await sup.request('GET', '/api/case-transfers?box=incoming');
    expect(incoming.json.items[0]).toMatchObject({
      status: 'approved',
      person: { displayName: 'Marisol Pacheco Luna' },
    });
  });

  it('the directory never lists addresses; its staff, and a caseworker after acceptance, see a shelter’s', async () => {
    const list = await fiscal.request('GET', '/api/providers?service=shelter&stateCode=09');
    expect(list.status).toBe(200);
    expect(list.json.items.length).toBeGreaterThanOrEqual(4);
    expect(JSON.stringify(list.json)).not.toMatch(/ficticia|address/);
    const byAgency = (id: string) => list.json.items.find((p: { agencyId: string }) => p.agencyId === id);
    const xochi = byAgency('ong-xochiquetzal-cdmx');
    expect((await fiscal.request('GET', `/api/providers/${xochi.id}`)).json.address).toBeUndefined();
    const staff = await signIn('canalizacion@xochiquetzal.demo');
    expect((await staff.request('GET', `/api/providers/${xochi.id}`)).json.address).toMatch(/Iztapalapa/);
    // the demo's fiscal made a referral that Refugio Alba accepted
    const alba = byAgency('ong-refugio-alba-cdmx');
    expect((await fiscal.request('GET', `/api/providers/${alba.id}`)).json.address).toMatch(/Cuauhtémoc/);
  });

  it('the dashboard opens on the bulk’s last year with its full count: the journeys’ extra records fall in it', async () => {
    const last = DEMO_YEARS[DEMO_YEARS.length - 1]!;
    // the networks' identifications, investigation, prosecution, conviction and restitution are dated within the
    // bulk's last year, so no later year holds a handful of victims for the dashboard to open on
    const { latest } = await yearsWithData(srv.db, new Date(`${last + 2}-12-05T12:00:00Z`));
    expect(latest).toBe(last);
    const later = await srv.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM identifications WHERE date > $1::date`,
      [`${last}-12-31`],
    );
    expect(later.rows[0]!.n).toBe(0);
    for (const [table, col] of [
      ['investigations', 'opened_date'],
      ['prosecutions', 'initiated_date'],
      ['convictions', 'date'],
    ] as const) {
      const r = await srv.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${table} WHERE ${col} > $1::date`,
        [`${last}-12-31`],
      );
      expect(r.rows[0]!.n, table).toBe(0);
    }
    // the year's victims are the bulk's (580 a year at scale 1, so about 29 at this scale), not a handful
    const year = await srv.db.query<{ n: number }>(
      `SELECT count(DISTINCT person_id)::int AS n FROM identifications WHERE date BETWEEN $1::date AND $2::date`,
      [`${last}-01-01`, `${last}-12-31`],
    );
    expect(year.rows[0]!.n).toBeGreaterThanOrEqual(20);
    // the ring's sentence and restitution are in that year too
    const sentence = await srv.db.query<{ started_on: string }>(
      `SELECT started_on::text FROM jd_stages WHERE stage = 'sentence' AND reference = 'CP 112/${last}'`,
    );
    expect(sentence.rows.map((r) => r.started_on)).toEqual([`${last}-09-28`]);
  });
});
