import { linkDedup } from '@enlace/linkage';
import { syntheticMexican } from '@enlace/linkage/synthetic';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestServer, type TestServer } from '../../../test/server.ts';
import { insertModel } from '../linkage/repository.ts';

/**
 * Issue 14 through the HTTP API, on both databases: defendants as encrypted records linked with the linkage library
 * (a review queue that never shows another agency's values), the justice chain with charges, parties, complicity and
 * durations, restitution only on a real conviction record the caller may read, financial intelligence linked to
 * chains and defendants; and agency B can neither read nor name any of A's records.
 */
describe.each(['pglite', 'postgres'] as const)('justice on %s', (database) => {
  let srv: TestServer;
  let cwA: Client;
  let cwB: Client;
  const A = 'jd-a';
  const B = 'jd-b';
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    srv = await startTestServer({ database });
    await srv.ensureAgency(A, 'state', '09', 'prosecutor');
    await srv.ensureAgency(B, 'state', '15', 'prosecutor');
    cwA = await srv.login(await srv.createUser({ role: 'caseworker', agencyId: A }));
    cwB = await srv.login(await srv.createUser({ role: 'caseworker', agencyId: B }));
    // the linkage model the persons would have (estimated on synthetic Mexican records)
    const gen = syntheticMexican({ entities: 300, seed: 14, duplicateRate: 0.3 });
    await insertModel(srv.db, linkDedup(gen.records).model, gen.records.length);
    // A's victims and the exchange records of its chain
    const put = async (path: string, body: Record<string, string>) => {
      const r = await cwA.request('PUT', path, body);
      expect(r.status, `${path} ${JSON.stringify(r.json)}`).toBe(200);
    };
    await put(`/api/persons/${encodeURIComponent(`${A}/v-1`)}`, {
      given_names: 'María Fernanda',
      surname_1: 'Ruiz',
      surname_2: 'Ortega',
      sex: 'female',
    });
    await put(`/api/investigations/${encodeURIComponent(`${A}/inv-1`)}`, {
      opened_date: '2024-01-10',
      primary_form: 'sexual',
      state_code: '09',
    });
    await put(`/api/prosecutions/${encodeURIComponent(`${A}/pro-1`)}`, {
      initiated_date: '2024-05-20',
      primary_form: 'sexual',
      state_code: '09',
      investigation_id: `${A}/inv-1`,
    });
    await put(`/api/convictions/${encodeURIComponent(`${A}/con-1`)}`, {
      date: '2025-02-03',
      primary_form: 'sexual',
      state_code: '09',
      prosecution_id: `${A}/pro-1`,
    });
    const b = await cwB.request('PUT', `/api/convictions/${encodeURIComponent(`${B}/con-1`)}`, {
      date: '2025-01-01',
      primary_form: 'sexual',
      state_code: '15',
    });
    expect(b.status).toBe(200);
  }, 300_000);
  afterAll(async () => srv?.close());

  it('records defendants encrypted, and lists possible same persons for review without showing another agency’s', async () => {
    const mk = async (c: Client, body: object) => {
      const r = await c.request('POST', '/api/defendants', body);
      expect(r.status, JSON.stringify(r.json)).toBe(201);
      return r.json;
    };
    const d1 = await mk(cwA, {
      identity: {
        givenNames: 'José Luis',
        surname1: 'Martínez',
        surname2: 'Pérez',
        aliases: ['El Güero'],
        birthDate: '1985-03-14',
      },
      sex: 'male',
      nationality: 'MEX',
      networkRoles: ['recruiter', 'exploiter'],
    });
    ids.d1 = d1.id;
    expect(d1.displayName).toBe('José Luis Martínez Pérez («El Güero»)');
    const d2 = await mk(cwA, {
      identity: { givenNames: 'Jose Luis', surname1: 'Martinez', surname2: 'Perez', birthDate: '1985-03-14' },
      sex: 'male',
      nationality: 'MEX',
      networkRoles: ['transporter'],
    });
    ids.d2 = d2.id;
    const dB = await mk(cwB, {
      identity: { givenNames: 'José Luis', surname1: 'Martínez', surname2: 'Pérez', birthDate: '1985-03-14' },
      sex: 'male',
      nationality: 'MEX',
      networkRoles: ['official'],
    });
    ids.dB = dB.id;
    // stored encrypted: no name in the row
    const raw = await srv.db.query<{ identity_enc: string }>(
      'SELECT identity_enc FROM jd_defendants WHERE id = $1',
      [d1.id],
    );
    expect(raw.rows[0]!.identity_enc).not.toContain('Martínez');

    const q = await cwA.request('GET', '/api/defendant-links');
    expect(q.status).toBe(200);
    const own = q.json.items.find((i: { crossAgency: boolean }) => !i.crossAgency);
    expect(own, JSON.stringify(q.json)).toBeTruthy();
    expect(own.probability).toBeGreaterThanOrEqual(0.4);
    const cross = q.json.items.find((i: { crossAgency: boolean }) => i.crossAgency);
    expect(cross, 'the same man at agency B is found').toBeTruthy();
    const text = JSON.stringify(cross);
    expect(text).not.toContain(dB.id);
    expect(text).not.toContain(B);
    expect(text).not.toContain('official');
    // decide the own pair; the cross-agency pair cannot be decided here (B's defendant does not exist for A)
    const [a, b] = [own.a, own.b];
    expect(
      (await cwA.request('POST', `/api/defendant-links/${a}/${b}/decision`, { status: 'same' })).json.status,
    ).toBe('same');
    expect(
      (await cwA.request('POST', `/api/defendant-links/${d1.id}/${dB.id}/decision`, { status: 'same' }))
        .status,
    ).toBe(404);
    // B sees its own man and a handle for A's, never A's names
    const qb = JSON.stringify((await cwB.request('GET', '/api/defendant-links')).json);
    expect(qb).not.toContain('Güero');
    expect(qb).not.toContain(d1.id);
    // B cannot read A's defendant; the list is A's only
    expect((await cwB.request('GET', `/api/defendants/${d1.id}`)).status).toBe(404);
    expect((await cwB.request('PATCH', `/api/defendants/${d1.id}`, { notes: 'x' })).status).toBe(404);
    const listB = JSON.stringify((await cwB.request('GET', '/api/defendants')).json);
    expect(listB).not.toContain('Güero');
  });

  it("records a case's perpetrator as a defendant linked to the case (the case's agency only)", async () => {
    const c = await cwA.request('POST', '/api/cases', {
      person: { givenNames: 'Lucía' },
      perpetrators: [
        { name: 'Ramiro Castillo Vega', alias: 'El Flaco', role: 'controller' },
        { description: 'Un hombre alto' },
      ],
    });
    expect(c.status).toBe(201);
    const r = await cwA.request('POST', '/api/defendants/from-case', { caseId: c.json.id, index: 0 });
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    expect(r.json).toMatchObject({
      displayName: 'Ramiro Castillo Vega («El Flaco»)',
      networkRoles: ['exploiter'],
      sourceCaseId: c.json.id,
    });
    expect(r.json.identity).toMatchObject({ givenNames: 'Ramiro', surname1: 'Castillo', surname2: 'Vega' });
    const list = await cwA.request('GET', `/api/defendants?caseId=${c.json.id}`);
    expect(list.json.items.map((d: { id: string }) => d.id)).toEqual([r.json.id]);
    const unnamed = await cwA.request('POST', '/api/defendants/from-case', { caseId: c.json.id, index: 1 });
    expect(unnamed.json.error.code).toBe('perpetrator_unnamed');
    expect(
      (await cwB.request('POST', '/api/defendants/from-case', { caseId: c.json.id, index: 0 })).status,
    ).toBe(404);
  });

  it('finds the agency’s own persons by name (accents ignored) to name them as victims, never another agency’s', async () => {
    const r = await cwA.request('GET', `/api/justice/victims?q=${encodeURIComponent('maria ruiz')}`);
    expect(r.status).toBe(200);
    expect(r.json.items).toEqual([{ personId: `${A}/v-1`, name: 'María Fernanda Ruiz Ortega' }]);
    expect((await cwB.request('GET', '/api/justice/victims?q=maria')).json.items).toEqual([]);
  });

  it('builds a chain investigation → prosecution → sentence with charges, parties, complicity and durations', async () => {
    const inv = await cwA.request('POST', '/api/justice/stages', {
      stage: 'investigation',
      reference: 'FEVIMTRA/CDMX/0012/2024',
      recordRef: `${A}/inv-1`,
      startedOn: '2024-01-10',
      charges: ['13', '10'],
      defendantIds: [ids.d1],
      victimPersonIds: [`${A}/v-1`],
    });
    expect(inv.status, JSON.stringify(inv.json)).toBe(201);
    ids.chain = inv.json.chainId;
    expect(ids.chain).toBe(inv.json.id);
    const pro = await cwA.request('POST', '/api/justice/stages', {
      stage: 'prosecution',
      chainId: ids.chain,
      recordRef: `${A}/pro-1`,
      startedOn: '2024-05-20',
      court: 'Juzgado de Control del Sistema Penal Acusatorio, CDMX',
      charges: ['10'],
      officialComplicity: true,
      complicityNote: 'Un agente municipal avisaba de los operativos',
      defendantIds: [ids.d1, ids.d2],
      victimPersonIds: [`${A}/v-1`],
    });
    expect(pro.status, JSON.stringify(pro.json)).toBe(201);
    const sen = await cwA.request('POST', '/api/justice/stages', {
      stage: 'sentence',
      chainId: ids.chain,
      recordRef: `${A}/con-1`,
      startedOn: '2025-02-03',
      court: 'Tribunal de Enjuiciamiento, CDMX',
      charges: ['10'],
      outcome: 'convicted',
      sentenceMonths: 240,
      fineMxn: '50000.00',
      defendantIds: [ids.d1],
      victimPersonIds: [`${A}/v-1`],
    });
    expect(sen.status, JSON.stringify(sen.json)).toBe(201);
    ids.sentence = sen.json.id;
    const view = await cwA.request('GET', `/api/justice/stages/${ids.sentence}`);
    expect(view.status).toBe(200);
    expect(view.json.chain.map((s: { stage: string }) => s.stage)).toEqual([
      'investigation',
      'prosecution',
      'sentence',
    ]);
    expect(view.json.chain[0].charges).toEqual(['10', '13']);
    expect(view.json.chain[1].complicityNote).toContain('agente municipal');
    expect(
      view.json.chain[1].defendants.map((d: { displayName: string }) => d.displayName).sort(),
    ).toHaveLength(2);
    expect(view.json.stage.victims[0].name).toBe('María Fernanda Ruiz Ortega');
    expect(view.json.durations).toEqual({
      openingToChargeDays: 131,
      chargeToSentenceDays: 259,
      openingToSentenceDays: 390,
    });
    const chains = await cwA.request('GET', '/api/justice/chains');
    expect(chains.json.items[0]).toMatchObject({
      chainId: ids.chain,
      latestStage: 'sentence',
      officialComplicity: true,
      defendants: 2,
      victims: 1,
    });
    // the complicity note is encrypted at rest
    const raw = await srv.db.query<{ complicity_enc: string }>(
      "SELECT complicity_enc FROM jd_stages WHERE stage = 'prosecution'",
    );
    expect(raw.rows[0]!.complicity_enc).not.toContain('agente');
    // a stage of another stage's kind names the right exchange record; a wrong outcome is refused
    const bad = await cwA.request('POST', '/api/justice/stages', {
      stage: 'trial',
      chainId: ids.chain,
      startedOn: '2024-09-01',
      outcome: 'upheld',
    });
    expect(bad.status).toBe(400);
    // an unknown article is refused
    const art = await cwA.request('POST', '/api/justice/stages', {
      stage: 'investigation',
      startedOn: '2024-09-01',
      charges: ['99'],
    });
    expect(art.status).toBe(400);
  });

  it('orders restitution only on a real conviction record the caller may read, and records who paid', async () => {
    const order = (convictionRef: string) =>
      cwA.request('POST', `/api/justice/stages/${ids.sentence}/restitution`, {
        convictionRef,
        victimPersonId: `${A}/v-1`,
        debtorDefendantId: ids.d1,
        orderedMxn: '120000.00',
        orderedOn: '2025-02-03',
      });
    const fake = await order('CONV-FAKE-1');
    expect(fake.status).toBe(400);
    expect(fake.json.error.code).toBe('unknown_reference');
    const foreign = await order(`${B}/con-1`);
    expect({ s: foreign.status, c: foreign.json.error.code, d: foreign.json.error.details }).toEqual({
      s: fake.status,
      c: fake.json.error.code,
      d: [{ field: 'convictionRef', kind: 'convictions' }],
    });
    const ok = await order(`${A}/con-1`);
    expect(ok.status, JSON.stringify(ok.json)).toBe(201);
    const pay = await cwA.request('POST', `/api/justice/restitution/${ok.json.id}/payments`, {
      paidOn: '2025-06-01',
      amountMxn: '20000.00',
      payer: 'defendant',
      payerDefendantId: ids.d1,
    });
    expect(pay.status, JSON.stringify(pay.json)).toBe(201);
    await cwA.request('POST', `/api/justice/restitution/${ok.json.id}/payments`, {
      paidOn: '2025-07-01',
      amountMxn: '10000.00',
      payer: 'assistance_fund',
    });
    const v = (await cwA.request('GET', `/api/justice/stages/${ids.sentence}`)).json;
    expect(v.restitution[0]).toMatchObject({
      orderedMxn: '120000.00',
      paidMxn: '30000.00',
      outstandingMxn: '90000.00',
      victimName: 'María Fernanda Ruiz Ortega',
    });
    expect(
      v.restitution[0].payments.map((p: { payer: string; payerName: string | null }) => [
        p.payer,
        p.payerName,
      ]),
    ).toEqual([
      ['defendant', 'José Luis Martínez Pérez («El Güero»)'],
      ['assistance_fund', null],
    ]);
    // B can neither pay on A's order nor read A's chain
    expect(
      (
        await cwB.request('POST', `/api/justice/restitution/${ok.json.id}/payments`, {
          paidOn: '2025-06-01',
          amountMxn: '1.00',
          payer: 'other',
        })
      ).status,
    ).toBe(404);
    expect((await cwB.request('GET', `/api/justice/stages/${ids.sentence}`)).status).toBe(404);
  });

  it('B cannot name A’s defendants, chains or victims in its own writes (answered like missing ones)', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    const cmp = async (
      mk: (ref: string) => Promise<{ status: number; json: any }>,
      foreign: string,
      none: string,
    ) => {
      const f = await mk(foreign);
      const m = await mk(none);
      expect(f.status).toBe(400);
      expect({ s: f.status, e: f.json.error }).toEqual({ s: m.status, e: m.json.error });
    };
    await cmp(
      (r) =>
        cwB.request('POST', '/api/justice/stages', {
          stage: 'prosecution',
          chainId: r,
          startedOn: '2024-01-01',
        }),
      ids.chain!,
      missing,
    );
    await cmp(
      (r) =>
        cwB.request('POST', '/api/justice/stages', {
          stage: 'investigation',
          startedOn: '2024-01-01',
          defendantIds: [r],
        }),
      ids.d1!,
      missing,
    );
    await cmp(
      (r) =>
        cwB.request('POST', '/api/justice/stages', {
          stage: 'investigation',
          startedOn: '2024-01-01',
          victimPersonIds: [r],
        }),
      `${A}/v-1`,
      `${A}/none`,
    );
    await cmp(
      (r) =>
        cwB.request('POST', '/api/justice/stages', {
          stage: 'investigation',
          startedOn: '2024-01-01',
          recordRef: r,
        }),
      `${A}/inv-1`,
      `${A}/none`,
    );
    await cmp(
      (r) =>
        cwB.request('POST', '/api/financial-intelligence', {
          reportType: 'unusual_operation',
          reportedOn: '2024-03-01',
          amount: '1.00',
          currency: 'MXN',
          defendantIds: [r],
        }),
      ids.d1!,
      missing,
    );
  });

  it('records financial intelligence with subjects and accounts (encrypted), linked to chains and defendants', async () => {
    const r = await cwA.request('POST', '/api/financial-intelligence', {
      reportType: 'unusual_operation',
      reference: 'UIF-2024-0388',
      reportedOn: '2024-03-15',
      institution: 'Banco del Bajío',
      amount: '845000.00',
      currency: 'MXN',
      subjects: [
        { kind: 'person', name: 'José Luis Martínez Pérez', taxId: 'MAPJ850314AB1' },
        { kind: 'company', name: 'Servicios Turísticos del Golfo SA de CV' },
      ],
      accounts: [
        {
          institution: 'Banco del Bajío',
          number: '012180001234567891',
          holder: 'Servicios Turísticos del Golfo',
        },
      ],
      chainIds: [ids.chain],
      defendantIds: [ids.d1, ids.d2],
    });
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    expect(r.json.subjects).toHaveLength(2);
    const raw = await srv.db.query<{ accounts_enc: string }>(
      'SELECT accounts_enc FROM jd_financial_reports WHERE id = $1',
      [r.json.id],
    );
    expect(raw.rows[0]!.accounts_enc).not.toContain('0121800');
    const d = (await cwA.request('GET', `/api/defendants/${ids.d2}`)).json;
    expect(d.financialReportIds).toEqual([r.json.id]);
    expect(d.stages.map((s: { stage: string }) => s.stage)).toEqual(['prosecution']);
    expect((await cwA.request('GET', `/api/justice/stages/${ids.chain}`)).json.financialReportIds).toEqual([
      r.json.id,
    ]);
    expect((await cwB.request('GET', `/api/financial-intelligence/${r.json.id}`)).status).toBe(404);
    expect((await cwB.request('GET', '/api/financial-intelligence')).json.total).toBe(0);
    // every read of personal data is audited
    const audited = await srv.db.query<{ resource: string }>(
      "SELECT DISTINCT resource FROM audit_log WHERE resource IN ('defendants', 'justice_stages', 'financial_reports', 'defendant_links', 'justice_restitution')",
    );
    expect(audited.rows.map((x) => x.resource).sort()).toEqual([
      'defendant_links',
      'defendants',
      'financial_reports',
      'justice_restitution',
      'justice_stages',
    ]);
  });
});
