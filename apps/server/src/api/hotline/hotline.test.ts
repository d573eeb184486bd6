import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestServer, type TestServer } from '../../../test/server.ts';
import { annualReport, loadData } from '../../report/service.ts';
import { rotateKeys } from '../../security/crypto.ts';
import { upsertAgency } from '../agencies/repository.ts';

const HOTLINE = 'linea-nacional';
const CMX = 'fge-cmx';
const JAL = 'fge-jal';
const US = 'us-partner-hotline';

let srv: TestServer;
let op: Client;
let op2: Client;
let sup: Client;
let cwCmx: Client;
let cwJal: Client;
let supOther: Client;

beforeAll(async () => {
  srv = await startTestServer({ database: 'postgres' });
  await srv.ensureAgency(HOTLINE, 'federal', null, 'hotline');
  await srv.ensureAgency(CMX, 'state', '09', 'prosecutor');
  await srv.ensureAgency(JAL, 'state', '14', 'prosecutor');
  await upsertAgency(srv.db, {
    id: US,
    name: 'US Partner Hotline',
    level: 'foreign',
    kind: 'hotline',
    stateCode: null,
    country: 'USA',
  });
  op = await srv.login(await srv.createUser({ role: 'hotline_operator', agencyId: HOTLINE }));
  op2 = await srv.login(await srv.createUser({ role: 'hotline_operator', agencyId: HOTLINE }));
  sup = await srv.login(await srv.createUser({ role: 'supervisor', agencyId: HOTLINE }));
  cwCmx = await srv.login(await srv.createUser({ role: 'caseworker', agencyId: CMX }));
  cwJal = await srv.login(await srv.createUser({ role: 'caseworker', agencyId: JAL }));
  supOther = await srv.login(await srv.createUser({ role: 'supervisor', agencyId: CMX }));
  // createUser makes its agency a federal prosecutor: set the kinds afterwards
  await srv.ensureAgency(HOTLINE, 'federal', null, 'hotline');
  await srv.ensureAgency(CMX, 'state', '09', 'prosecutor');
  await srv.ensureAgency(JAL, 'state', '14', 'prosecutor');
}, 120_000);
afterAll(async () => srv.close());

const NARRATIVE =
  'Mi hermana Guadalupe trabaja en un bar de Iztapalapa, le quitaron su credencial y no la dejan salir';

async function take(client: Client, body: Record<string, unknown>) {
  const r = await client.request('POST', '/api/hotline/contacts', body);
  expect(r.status, JSON.stringify(r.json)).toBe(201);
  return r.json;
}

describe('hotline console', () => {
  let contactId: string;

  it('an operator takes a contact: encrypted at rest, counted by the annual report from the same row', async () => {
    const c = await take(op, {
      channel: 'phone',
      callerType: 'family',
      callerName: 'Rosa Hernández Cruz',
      callerContact: '+52 55 1234 5678',
      language: 'spa',
      stateCode: '09',
      municipality: '09007',
      narrative: NARRATIVE,
      urgency: 'high',
      riskIndicators: ['documents_taken', 'locked_in'],
      consentShare: false,
    });
    contactId = c.id;
    expect(c.ref).toMatch(/^L-[A-Z0-9]{8}$/);
    expect(c.recordId).toBe(`${HOTLINE}/${c.ref}`);
    expect(c.operator.name).toBe('hotline_operator');
    const raw = await srv.db.query<{ narrative_enc: string; caller_name_enc: string }>(
      'SELECT narrative_enc, caller_name_enc FROM hl_contacts WHERE id = $1',
      [contactId],
    );
    expect(raw.rows[0]!.narrative_enc).not.toContain('Guadalupe');
    expect(raw.rows[0]!.caller_name_enc).not.toContain('Rosa');
    const stat = await srv.db.query<{ channel: string; trafficking_related: boolean; agency_id: string }>(
      'SELECT channel, trafficking_related, agency_id FROM hotline_contacts WHERE contact_id = $1',
      [c.recordId],
    );
    expect(stat.rows[0]).toEqual({ channel: 'phone', trafficking_related: false, agency_id: HOTLINE });
  });

  it('the municipality must lie in the state; a non-hotline agency has no console', async () => {
    const bad = await op.request('POST', '/api/hotline/contacts', {
      channel: 'phone',
      stateCode: '14',
      municipality: '09007',
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json.error.details)).toContain('municipality');
    const other = await supOther.request('POST', '/api/hotline/contacts', { channel: 'phone' });
    expect(other.status).toBe(403);
    expect(other.json.error.code).toBe('not_a_hotline');
    expect((await cwCmx.request('GET', '/api/hotline/contacts')).status).toBe(403);
  });

  it('the short screen is the case-work instrument; its result marks the contact', async () => {
    const inst = await op.request('GET', '/api/hotline/screen');
    expect(inst.json.id).toBe('short-screen');
    const r = await op.request('PUT', `/api/hotline/contacts/${contactId}/screen`, {
      answers: { safe_now: 'no', work_kind: 'bar_hotel', can_leave: 'no', documents_kept: 'yes' },
    });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.json.screen.result.recommendation).toBe('refer_for_assessment');
    expect(r.json.trafficking).toBe('yes');
    const bad = await op.request('PUT', `/api/hotline/contacts/${contactId}/screen`, {
      answers: { safe_now: 'maybe' },
    });
    expect(bad.status).toBe(400);
    const unknown = await op.request('PUT', `/api/hotline/contacts/${contactId}/screen`, {
      answers: { no_such_question: 'yes' },
    });
    expect(unknown.status).toBe(400);
  });

  it('the queue puts the most urgent first and carries no narrative', async () => {
    await take(op2, { channel: 'whatsapp', urgency: 'low', narrative: 'Pregunta por información general' });
    const crit = await take(op2, {
      channel: 'chat',
      urgency: 'critical',
      narrative: 'Está encerrada ahora mismo',
    });
    const q = await op.request('GET', '/api/hotline/contacts');
    expect(q.status).toBe(200);
    const urg = q.json.items.map((i: { urgency: string }) => i.urgency);
    expect(urg[0]).toBe('critical');
    expect(urg.at(-1)).toBe('low');
    expect(JSON.stringify(q.json)).not.toContain('encerrada');
    expect(q.json.items[0].id).toBe(crit.id);
    const mine = await op.request('GET', '/api/hotline/contacts?mine=true');
    expect(mine.json.items.map((i: { id: string }) => i.id)).toEqual([contactId]);
  });

  it('refers to the CDMX prosecutor: only CDMX sees it (caller hidden without consent), accepts and opens a case', async () => {
    const ref = await op.request('POST', `/api/hotline/contacts/${contactId}/referral`, {
      toAgencyId: CMX,
      note: 'Urgente: la víctima sigue en el lugar',
    });
    expect(ref.status, JSON.stringify(ref.json)).toBe(200);
    expect(ref.json.referral.status).toBe('pending');
    expect(ref.json.referral.toAgencyName).toBe(`Agency ${CMX}`);
    const again = await op.request('POST', `/api/hotline/contacts/${contactId}/referral`, {
      toAgencyId: JAL,
    });
    expect(again.status).toBe(409);
    const unknownAgency = await op.request('POST', `/api/hotline/contacts/${contactId}/referral`, {
      toAgencyId: 'no-such-agency',
    });
    expect(unknownAgency.status).toBe(400);

    // the report counts the contact as trafficking-related and referred to a prosecutor, from the same row
    const year = new Date().getUTCFullYear();
    const rep = annualReport(await loadData({ kind: 'db', db: srv.db }, year, year), year);
    expect(rep.hotline.trafficking_related_contacts).toBeGreaterThanOrEqual(1);
    expect(rep.hotline.referred_to_prosecutors).toBe(1);

    const box = await cwCmx.request('GET', '/api/hotline/inbox');
    expect(box.status).toBe(200);
    expect(box.json.items.map((i: { id: string }) => i.id)).toContain(contactId);
    expect((await cwJal.request('GET', '/api/hotline/inbox')).json.items).toEqual([]);
    expect((await cwJal.request('GET', `/api/hotline/inbox/contacts/${contactId}`)).status).toBe(404);
    expect((await cwJal.request('POST', `/api/hotline/inbox/contacts/${contactId}/accept`)).status).toBe(404);
    // the receiving agency cannot open the hotline's own view of the contact
    expect((await supOther.request('GET', `/api/hotline/contacts/${contactId}`)).status).toBe(403);

    const one = await cwCmx.request('GET', `/api/hotline/inbox/contacts/${contactId}`);
    expect(one.status).toBe(200);
    expect(one.json.narrative).toBe(NARRATIVE);
    expect(one.json.note).toContain('Urgente');
    expect(one.json.callerName).toBeNull(); // no consent to share
    expect(one.json.screen.recommendation).toBe('refer_for_assessment');

    const acc = await cwCmx.request('POST', `/api/hotline/inbox/contacts/${contactId}/accept`);
    expect(acc.status, JSON.stringify(acc.json)).toBe(200);
    const kase = await cwCmx.request('GET', `/api/cases/${acc.json.caseId}`);
    expect(kase.status).toBe(200);
    expect(kase.json.agencyId).toBe(CMX);
    expect(kase.json.notes).toContain(NARRATIVE);
    expect(kase.json.identification.stateCode).toBe('09');
    expect(JSON.stringify(kase.json.person)).not.toContain('Rosa');
    expect((await cwCmx.request('POST', `/api/hotline/inbox/contacts/${contactId}/accept`)).status).toBe(409);
    const back = await op.request('GET', `/api/hotline/contacts/${contactId}`);
    expect(back.json.referral.status).toBe('accepted');
    expect(back.json.referral.caseOpened).toBe(true);
    const audited = await srv.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE resource = 'hotline_contacts' AND action = 'read' AND resource_id = $1",
      [contactId],
    );
    expect(audited.rows[0]!.n).toBeGreaterThanOrEqual(2);
  });

  it('a referral to a service reaches its staff, who take it on without a case', async () => {
    await srv.ensureAgency('albergue-alba', 'ngo', null, 'service_provider');
    const staff = await srv.login(
      await srv.createUser({ role: 'service_provider', agencyId: 'albergue-alba' }),
    );
    await srv.ensureAgency('albergue-alba', 'ngo', null, 'service_provider');
    const c = await take(op, {
      channel: 'chat',
      narrative: 'Necesita un lugar seguro esta noche',
      urgency: 'high',
    });
    await op.request('POST', `/api/hotline/contacts/${c.id}/referral`, { toAgencyId: 'albergue-alba' });
    const box = await staff.request('GET', '/api/hotline/inbox');
    expect(box.json.items.map((i: { id: string }) => i.id)).toEqual([c.id]);
    const acc = await staff.request('POST', `/api/hotline/inbox/contacts/${c.id}/accept`);
    expect(acc.status).toBe(200);
    expect(acc.json.caseId).toBeNull();
    expect((await op.request('GET', `/api/hotline/contacts/${c.id}`)).json.referral.status).toBe('accepted');
  });

  it('a tip referred to CDMX reaches its caseworker (no more 403) and becomes a case', async () => {
    const sent = await fetch(`${srv.url}/api/public/tips`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        category: 'labor',
        description: 'En una obra de Tlalpan no les pagan y duermen ahí',
        stateCode: '09',
      }),
    });
    expect(sent.status).toBe(201);
    const tips = await op.request('GET', '/api/tips');
    const tip = tips.json.items[0];
    expect(
      (await op.request('PATCH', `/api/tips/${tip.id}`, { status: 'referred', referredToAgencyId: CMX }))
        .status,
    ).toBe(200);
    const box = await cwCmx.request('GET', '/api/hotline/inbox');
    const item = box.json.items.find((i: { id: string }) => i.id === tip.id);
    expect(item.kind).toBe('tip');
    expect(item.status).toBe('pending');
    expect((await cwJal.request('GET', `/api/hotline/inbox/tips/${tip.id}`)).status).toBe(404);
    const one = await cwCmx.request('GET', `/api/hotline/inbox/tips/${tip.id}`);
    expect(one.json.narrative).toContain('Tlalpan');
    const acc = await cwCmx.request('POST', `/api/hotline/inbox/tips/${tip.id}/accept`);
    expect(acc.status).toBe(200);
    expect((await cwCmx.request('GET', `/api/cases/${acc.json.caseId}`)).json.notes).toContain('Tlalpan');
  });

  it('opens a case at the hotline, and links only to its own cases (another agency’s case answers as a missing one)', async () => {
    const c = await take(op, {
      channel: 'email',
      callerType: 'victim',
      callerName: 'Itzel Ramírez',
      narrative: 'Me prometieron trabajo en Cancún',
    });
    const opened = await op.request('POST', `/api/hotline/contacts/${c.id}/case`);
    expect(opened.status, JSON.stringify(opened.json)).toBe(200);
    expect(opened.json.outcome).toBe('case_opened');
    expect((await op.request('POST', `/api/hotline/contacts/${c.id}/case`)).status).toBe(409);
    const cases = await op.request('GET', '/api/hotline/cases');
    expect(cases.json.items.map((i: { id: string }) => i.id)).toContain(opened.json.caseId);

    const other = await take(op, { channel: 'phone' });
    const cmxCase = (await cwCmx.request('POST', '/api/cases', {})).json.id;
    const foreign = await op.request('PUT', `/api/hotline/contacts/${other.id}/case`, { caseId: cmxCase });
    const missing = await op.request('PUT', `/api/hotline/contacts/${other.id}/case`, {
      caseId: '00000000-0000-4000-8000-000000000000',
    });
    expect(foreign.status).toBe(404);
    expect(foreign.json).toEqual(missing.json);
    const linked = await op.request('PUT', `/api/hotline/contacts/${other.id}/case`, {
      caseId: opened.json.caseId,
    });
    expect(linked.json.outcome).toBe('case_linked');
  });

  it('warm transfer to the US partner needs cross-border consent and sends a signed packet', async () => {
    const c = await take(op, {
      channel: 'phone',
      callerType: 'victim',
      callerName: 'Marisol Pérez',
      narrative: 'Está en El Paso, la trajeron con engaños',
      urgency: 'high',
      crossBorder: true,
    });
    const noConsent = await op.request('POST', `/api/hotline/contacts/${c.id}/transfer`, {
      recipientAgencyId: US,
      services: ['shelter'],
    });
    expect(noConsent.status).toBe(409);
    expect(noConsent.json.error.code).toBe('consent_required');
    await op.request('PATCH', `/api/hotline/contacts/${c.id}`, { consentCrossBorder: true });
    const mexican = await op.request('POST', `/api/hotline/contacts/${c.id}/transfer`, {
      recipientAgencyId: CMX,
      services: ['shelter'],
    });
    expect(mexican.status).toBe(400);
    const t = await op.request('POST', `/api/hotline/contacts/${c.id}/transfer`, {
      recipientAgencyId: US,
      services: ['shelter', 'legal'],
      note: 'Transferencia en caliente',
    });
    expect(t.status, JSON.stringify(t.json)).toBe(200);
    expect(t.json.contact.outcome).toBe('transferred_us');
    expect(t.json.packet.body.recipient.agencyId).toBe(US);
    expect(t.json.packet.body.consent.purpose).toBe('cross_border');
    expect(t.json.packet.signature.keyId).toContain(HOTLINE);
    const stored = await srv.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM cw_packets WHERE packet_id = $1 AND direction = 'outgoing'",
      [t.json.packet.body.packetId],
    );
    expect(stored.rows[0]!.n).toBe(1);
  });

  it('follow-up tasks with due times, replies without a channel are kept as not sent, close with an outcome', async () => {
    const due = new Date(Date.now() - 3_600_000).toISOString();
    const r = await op.request('POST', `/api/hotline/contacts/${contactId}/tasks`, {
      title: 'Llamar a Rosa para confirmar',
      dueAt: due,
    });
    expect(r.status).toBe(200);
    expect(r.json.tasks[0].title).toBe('Llamar a Rosa para confirmar');
    const ov = await sup.request('GET', '/api/hotline/overview');
    expect(ov.status).toBe(200);
    const me = ov.json.operators.find((o: { open: number; tasksOverdue: number }) => o.tasksOverdue === 1);
    expect(me).toBeTruthy();
    expect(ov.json.byUrgency.critical).toBe(1);
    expect((await op.request('GET', '/api/hotline/overview')).status).toBe(403);
    const done = await op.request(
      'POST',
      `/api/hotline/contacts/${contactId}/tasks/${r.json.tasks[0].id}/done`,
    );
    expect(done.json.tasks[0].doneAt).not.toBeNull();
    const noThread = await op.request('POST', `/api/hotline/contacts/${contactId}/messages`, {
      body: 'Hola',
    });
    expect(noThread.status).toBe(409);
    expect(noThread.json.error.code).toBe('no_thread');
    const closed = await op.request('POST', `/api/hotline/contacts/${contactId}/close`, {
      outcome: 'information',
    });
    expect(closed.json.status).toBe('closed');
    expect(closed.json.outcome).toBe('referred'); // the referral stays the outcome
  });

  it('trends: exact inside the agency, suppressed below the disclosure threshold when shareable', async () => {
    const t = await sup.request('GET', '/api/hotline/trends');
    expect(t.status).toBe(200);
    expect(t.json.total).toBeGreaterThanOrEqual(6);
    expect(t.json.byChannel.find((c: { key: string }) => c.key === 'phone').count).toBeGreaterThan(0);
    expect(t.json.crossBorder).toBe(1);
    expect(t.json.byWeek.length).toBeGreaterThanOrEqual(12);
    const s = await sup.request('GET', '/api/hotline/trends?shareable=true');
    expect(s.json.threshold).toBe(11);
    for (const series of [s.json.byChannel, s.json.byState, s.json.byOutcome])
      for (const c of series) expect(c.count === null || c.count === 0 || c.count >= 11).toBe(true);
    expect(s.json.crossBorder).toBeNull();
  });

  it('trends count a day as Mexico City lives it, not as UTC does (an evening call is that day’s)', async () => {
    const evening = await take(op, {
      channel: 'phone',
      callerType: 'victim',
      language: 'spa',
      narrative: 'x',
    });
    const lateNight = await take(op, {
      channel: 'chat',
      callerType: 'victim',
      language: 'spa',
      narrative: 'y',
    });
    // 21:30 in Mexico City on 9 March 2020 is 03:30 UTC on the 10th; 23:30 on the 8th is 05:30 UTC on the 9th
    await srv.db.query(`UPDATE hl_contacts SET received_at = $2 WHERE id = $1`, [
      evening.id,
      '2020-03-10T03:30:00Z',
    ]);
    await srv.db.query(`UPDATE hl_contacts SET received_at = $2 WHERE id = $1`, [
      lateNight.id,
      '2020-03-09T05:30:00Z',
    ]);
    const day = await sup.request('GET', '/api/hotline/trends?from=2020-03-09&to=2020-03-09');
    expect(day.status).toBe(200);
    expect(day.json.total).toBe(1);
    expect(day.json.byChannel).toEqual([{ key: 'phone', count: 1 }]);
    const before = await sup.request('GET', '/api/hotline/trends?from=2020-03-08&to=2020-03-08');
    expect(before.json.total).toBe(1);
    expect(before.json.byChannel).toEqual([{ key: 'chat', count: 1 }]);
  });

  it('enlace keys rotate re-encrypts the console’s fields (bound to their columns) and they still read', async () => {
    const r = await rotateKeys(srv.db);
    expect(r.columns).toEqual(
      expect.arrayContaining([
        'hl_contacts.narrative_enc',
        'hl_contacts.caller_name_enc',
        'hl_contacts.screen_enc',
        'hl_messages.body_enc',
        'hl_tasks.title_enc',
      ]),
    );
    const again = await op.request('GET', `/api/hotline/contacts/${contactId}`);
    expect(again.json.narrative).toBe(NARRATIVE);
    expect(again.json.tasks[0].title).toBe('Llamar a Rosa para confirmar');
    expect(again.json.screen.result.recommendation).toBe('refer_for_assessment');
  });

  it('directory: prosecutors by state, partners abroad', async () => {
    const d = await op.request('GET', '/api/hotline/directory?stateCode=09&kind=prosecutor');
    expect(d.status).toBe(200);
    expect(d.json.items.map((i: { agencyId: string }) => i.agencyId)).toContain(CMX);
    expect(d.json.items.map((i: { agencyId: string }) => i.agencyId)).not.toContain(JAL);
    const p = await op.request('GET', '/api/hotline/directory?kind=partner');
    expect(p.json.items.map((i: { agencyId: string }) => i.agencyId)).toContain(US);
  });
});
