import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestServer, type TestServer } from '../../../test/server.ts';

/**
 * The case page's restitution form picks a conviction (issue 14): the API offers first the convictions whose
 * justice chain names the case's victim (or a defendant recorded from the case), each labelled by court, date,
 * file number, defendants and charges; then the agency's others; never another agency's. Naming another agency's
 * conviction (or a made-up one) as the order's reference is refused like a missing record.
 */
describe.each(['pglite', 'postgres'] as const)('restitution convictions of a case on %s', (database) => {
  let srv: TestServer;
  let cwA: Client;
  let cwB: Client;
  const A = 'rc-a';
  const B = 'rc-b';
  let caseId = '';
  let otherCaseId = '';
  let defendantCaseId = '';
  let sentenceId = '';

  beforeAll(async () => {
    srv = await startTestServer({ database });
    await srv.ensureAgency(A, 'state', '21', 'prosecutor');
    await srv.ensureAgency(B, 'state', '15', 'prosecutor');
    cwA = await srv.login(await srv.createUser({ role: 'caseworker', agencyId: A }));
    cwB = await srv.login(await srv.createUser({ role: 'caseworker', agencyId: B }));
    const put = async (c: Client, path: string, body: Record<string, string>) => {
      const r = await c.request('PUT', path, body);
      expect(r.status, `${path} ${JSON.stringify(r.json)}`).toBe(200);
    };
    const enc = encodeURIComponent;
    await put(cwA, `/api/persons/${enc(`${A}/v-1`)}`, {
      given_names: 'Brenda',
      surname_1: 'Ruiz',
      surname_2: 'Salgado',
      sex: 'female',
    });
    await put(cwA, `/api/persons/${enc(`${A}/p-2`)}`, {
      given_names: 'Rogelio',
      surname_1: 'Vázquez',
      surname_2: 'Téllez',
      sex: 'male',
    });
    // the victim's chain: investigation → prosecution → conviction con-1
    await put(cwA, `/api/investigations/${enc(`${A}/inv-1`)}`, {
      opened_date: '2025-04-01',
      primary_form: 'sexual',
      state_code: '21',
    });
    await put(cwA, `/api/prosecutions/${enc(`${A}/pro-1`)}`, {
      initiated_date: '2025-07-15',
      primary_form: 'sexual',
      state_code: '21',
      investigation_id: `${A}/inv-1`,
    });
    await put(cwA, `/api/convictions/${enc(`${A}/con-1`)}`, {
      date: '2026-09-28',
      primary_form: 'sexual',
      state_code: '21',
      prosecution_id: `${A}/pro-1`,
      sentence_months: '300',
    });
    // another conviction of A, not about this victim (its prosecution names a defendant person)
    await put(cwA, `/api/prosecutions/${enc(`${A}/pro-2`)}`, {
      initiated_date: '2024-02-01',
      primary_form: 'forced_labor',
      state_code: '21',
      defendant_person_id: `${A}/p-2`,
    });
    await put(cwA, `/api/convictions/${enc(`${A}/con-2`)}`, {
      date: '2026-10-30',
      primary_form: 'forced_labor',
      state_code: '21',
      prosecution_id: `${A}/pro-2`,
    });
    await put(cwB, `/api/convictions/${enc(`${B}/con-1`)}`, {
      date: '2026-01-01',
      primary_form: 'sexual',
      state_code: '15',
    });

    const c = await cwA.request('POST', '/api/cases', {
      personRef: `${A}/v-1`,
      person: { givenNames: 'Brenda', surname1: 'Ruiz', surname2: 'Salgado', sex: 'female' },
      needs: ['legal'],
    });
    expect(c.status, JSON.stringify(c.json)).toBe(201);
    caseId = c.json.id;
    const o = await cwA.request('POST', '/api/cases', {
      person: { givenNames: 'Daniela', sex: 'female' },
      needs: ['legal'],
    });
    otherCaseId = o.json.id;

    const d = await cwA.request('POST', '/api/defendants', {
      identity: { givenNames: 'Efrén', surname1: 'Castillo', surname2: 'Ruiz', aliases: ['El Chaparro'] },
      sex: 'male',
      nationality: 'MEX',
      networkRoles: ['transporter'],
    });
    expect(d.status, JSON.stringify(d.json)).toBe(201);
    const inv = await cwA.request('POST', '/api/justice/stages', {
      stage: 'investigation',
      reference: 'FED/FEVIMTRA/PUE/0044/2025',
      recordRef: `${A}/inv-1`,
      startedOn: '2025-04-01',
      charges: ['13', '10'],
      defendantIds: [d.json.id],
      victimPersonIds: [`${A}/v-1`],
    });
    expect(inv.status, JSON.stringify(inv.json)).toBe(201);
    const sen = await cwA.request('POST', '/api/justice/stages', {
      stage: 'sentence',
      chainId: inv.json.chainId,
      reference: 'CP 112/2025',
      recordRef: `${A}/con-1`,
      startedOn: '2026-09-28',
      court: 'Tribunal de Enjuiciamiento, Puebla',
      charges: ['10', '13'],
      outcome: 'convicted',
      sentenceMonths: 300,
      defendantIds: [d.json.id],
      victimPersonIds: [`${A}/v-1`],
    });
    expect(sen.status, JSON.stringify(sen.json)).toBe(201);
    sentenceId = sen.json.id;

    // a case whose perpetrator was recorded as a defendant named in another chain (charged on pro-2's conviction)
    const pc = await cwA.request('POST', '/api/cases', {
      person: { givenNames: 'Guadalupe', sex: 'female' },
      perpetrators: [{ name: 'Rogelio Vázquez Téllez', role: 'exploiter' }],
      needs: ['legal'],
    });
    expect(pc.status, JSON.stringify(pc.json)).toBe(201);
    defendantCaseId = pc.json.id;
    const fromCase = await cwA.request('POST', '/api/defendants/from-case', {
      caseId: defendantCaseId,
      index: 0,
    });
    expect(fromCase.status, JSON.stringify(fromCase.json)).toBe(201);
    const inv2 = await cwA.request('POST', '/api/justice/stages', {
      stage: 'investigation',
      startedOn: '2023-11-01',
      charges: ['21'],
      defendantIds: [fromCase.json.id],
    });
    expect(inv2.status, JSON.stringify(inv2.json)).toBe(201);
    const pro2 = await cwA.request('POST', '/api/justice/stages', {
      stage: 'prosecution',
      chainId: inv2.json.chainId,
      recordRef: `${A}/pro-2`,
      startedOn: '2024-02-01',
      court: 'Juzgado de Control, Puebla',
      charges: ['21'],
      defendantIds: [fromCase.json.id],
    });
    expect(pro2.status, JSON.stringify(pro2.json)).toBe(201);
  }, 300_000);
  afterAll(async () => srv?.close());

  it("offers the conviction of the victim's chain first, labelled, then the agency's others, never another agency's", async () => {
    const r = await cwA.request('GET', `/api/cases/${caseId}/restitution/convictions`);
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    const items = r.json.items as {
      id: string;
      link: string | null;
      court: string | null;
      reference: string | null;
      defendants: string[];
      charges: string[];
      date: string;
      sentenceMonths: number | null;
    }[];
    expect(items.map((i) => i.id)).toEqual([`${A}/con-1`, `${A}/con-2`]);
    expect(items[0]).toMatchObject({
      link: 'victim',
      date: '2026-09-28',
      court: 'Tribunal de Enjuiciamiento, Puebla',
      reference: 'CP 112/2025',
      defendants: ['Efrén Castillo Ruiz («El Chaparro»)'],
      charges: ['10', '13'],
      sentenceMonths: 300,
    });
    // the other conviction is labelled by its prosecution's defendant and its chain's court
    expect(items[1]).toMatchObject({ link: null, defendants: ['Rogelio Vázquez Téllez'] });
    expect(JSON.stringify(r.json)).not.toContain(B);
    // the read is audited
    const audited = await srv.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE resource = 'restitution_convictions' AND resource_id = $1",
      [caseId],
    );
    expect(audited.rows[0]!.n).toBeGreaterThan(0);
  });

  it("the justice forms' record pickers name each record by date, file number, state and form, not only its id", async () => {
    const r = await cwA.request('GET', '/api/justice/options');
    expect(r.status).toBe(200);
    expect(r.json.records.convictions).toContainEqual({
      id: `${A}/con-1`,
      date: '2026-09-28',
      stateCode: '21',
      primaryForm: 'sexual',
      sentenceMonths: 300,
      reference: 'CP 112/2025',
      defendantName: 'Efrén Castillo Ruiz («El Chaparro»)',
    });
    expect(r.json.records.investigations).toContainEqual(
      expect.objectContaining({
        id: `${A}/inv-1`,
        reference: 'FED/FEVIMTRA/PUE/0044/2025',
        sentenceMonths: null,
      }),
    );
    expect(JSON.stringify(r.json.records)).not.toContain(B);
  });

  it('a case whose perpetrator is a defendant of a chain gets that chain’s conviction first; an unrelated case none first', async () => {
    const d = await cwA.request('GET', `/api/cases/${defendantCaseId}/restitution/convictions`);
    expect(d.json.items[0]).toMatchObject({
      id: `${A}/con-2`,
      link: 'defendant',
      court: 'Juzgado de Control, Puebla',
      charges: ['21'],
    });
    const o = await cwA.request('GET', `/api/cases/${otherCaseId}/restitution/convictions`);
    expect(o.json.items.every((i: { link: string | null }) => i.link === null)).toBe(true);
  });

  it('shows what the prosecutor already ordered and was paid for this victim on the sentence (Justicia penal)', async () => {
    const before = await cwA.request('GET', `/api/cases/${caseId}/restitution/convictions`);
    expect(before.json.justiceOrders).toEqual([]);
    const o = await cwA.request('POST', `/api/justice/stages/${sentenceId}/restitution`, {
      convictionRef: `${A}/con-1`,
      victimPersonId: `${A}/v-1`,
      orderedMxn: '180000.00',
      orderedOn: '2026-09-28',
    });
    expect(o.status, JSON.stringify(o.json)).toBe(201);
    const p = await cwA.request('POST', `/api/justice/restitution/${o.json.id}/payments`, {
      paidOn: '2026-11-10',
      amountMxn: '60000.00',
      payer: 'seized_assets',
    });
    expect(p.status, JSON.stringify(p.json)).toBe(201);
    const after = await cwA.request('GET', `/api/cases/${caseId}/restitution/convictions`);
    expect(after.json.justiceOrders).toEqual([
      {
        id: o.json.id,
        stageId: sentenceId,
        convictionRef: `${A}/con-1`,
        orderedMxn: '180000.00',
        orderedOn: '2026-09-28',
        paidMxn: '60000.00',
        outstandingMxn: '120000.00',
        payments: [
          { id: expect.any(String), paidOn: '2026-11-10', amountMxn: '60000.00', payer: 'seized_assets' },
        ],
      },
    ]);
    // another case (another person) sees none of it
    const other = await cwA.request('GET', `/api/cases/${otherCaseId}/restitution/convictions`);
    expect(other.json.justiceOrders).toEqual([]);
  });

  it("another agency reads nothing of the case, and its conviction is refused as the order's reference", async () => {
    const other = await cwB.request('GET', `/api/cases/${caseId}/restitution/convictions`);
    expect(other.status).toBe(404);
    const refused = await cwA.request('POST', `/api/cases/${caseId}/restitution`, {
      convictionRef: `${B}/con-1`,
      orderedMxn: '90000',
    });
    const missing = await cwA.request('POST', `/api/cases/${caseId}/restitution`, {
      convictionRef: 'CONV-FAKE-1',
      orderedMxn: '90000',
    });
    expect(refused.status).toBe(400);
    expect(refused.json.error.code).toBe('unknown_reference');
    // indistinguishable from a record that does not exist
    expect(refused.json.error.code).toBe(missing.json.error.code);
    const ok = await cwA.request('POST', `/api/cases/${caseId}/restitution`, {
      convictionRef: `${A}/con-1`,
      orderedMxn: '90000',
      orderedOn: '2026-09-28',
    });
    expect(ok.status, JSON.stringify(ok.json)).toBe(201);
    // the sentence's page shows the order recorded on the case (so it is not recorded twice); B reads no stage of A
    const stage = await cwA.request('GET', `/api/justice/stages/${sentenceId}`);
    expect(stage.status).toBe(200);
    expect(stage.json.caseRestitution).toEqual([
      expect.objectContaining({
        caseId,
        convictionRef: `${A}/con-1`,
        orderedMxn: '90000.00',
        paidMxn: '0.00',
        outstandingMxn: '90000.00',
      }),
    ]);
    expect((await cwB.request('GET', `/api/justice/stages/${sentenceId}`)).status).toBe(404);
  });
});
