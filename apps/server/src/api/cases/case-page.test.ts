import { syntheticMexican } from '@enlace/linkage/synthetic';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestServer, type TestServer } from '../../../test/server.ts';
import { blindIndex, encryptField, rotateKeys } from '../../security/crypto.ts';
import { linkNewPersons } from '../linkage/service.ts';

/**
 * The complete case page (issue 11) through the HTTP API, on both databases: what a screening learned is
 * carried into the case and the person (age, languages, needs, indicators), the person named at opening,
 * perpetrators, timeline and a support plan with goals, tasks and follow-ups, consent with how it was given,
 * an emergency override for supervisors only (audited and flagged), and the shelter seeing the age.
 */
describe.each(['pglite', 'postgres'] as const)('case page on %s', (database) => {
  let srv: TestServer;
  let cw: Client;
  let sup: Client;
  let other: Client; // a caseworker of another agency
  let shelter: Client;
  let screeningId: string;
  let caseId: string;

  beforeAll(async () => {
    srv = await startTestServer({ database });
    await srv.ensureAgency('cp-a', 'state', '07', 'prosecutor');
    await srv.ensureAgency('cp-b', 'state', '09', 'prosecutor');
    await srv.ensureAgency('cp-shelter', 'ngo', null, 'service_provider');
    const login = async (role: Parameters<TestServer['createUser']>[0]['role'], agencyId: string) =>
      srv.login(await srv.createUser({ role, agencyId }));
    cw = await login('caseworker', 'cp-a');
    sup = await login('supervisor', 'cp-a');
    other = await login('caseworker', 'cp-b');
    shelter = await login('service_provider', 'cp-shelter');
  }, 300_000);
  afterAll(async () => srv?.close());

  it('carries the screening answers (age, languages, needs, indicators) into a named case', async () => {
    const s = await cw.request('POST', '/api/screenings', { instrumentId: 'full-interview' });
    screeningId = s.json.id;
    const answers: [string, unknown][] = [
      ['ok_to_continue', 'yes'],
      ['safe_now', 'yes'],
      ['urgent_health', 'no'],
      ['age', 17],
      ['age_when_started', 16],
      ['languages', ['tzo', 'spa']],
      ['far_from_home', 'no'],
      ['how_recruited', 'social_media'],
      ['what_promised', 'Trabajo en una tienda'],
      ['promise_kept', 'no'],
      ['recruitment_fee', 'no'],
      ['travelled', 'no'],
      ['work_kind', ['domestic_work']],
      ['hours_per_day', 14],
      ['days_off', 'no'],
      ['could_refuse', 'no'],
      ['paid', 'not_paid'],
      ['owes_money', 'no'],
      ['can_leave', 'no'],
      ['locked_or_watched', 'yes'],
      ['documents_kept', 'yes'],
      ['contact_family', 'no'],
      ['knows_location', 'yes'],
      ['threatened', ['no_threats']],
      ['physical_violence', 'no'],
      ['sexual_violence', null],
      ['substances', 'no'],
      ['basic_needs', 'no'],
      ['dangerous_work', 'no'],
      ['no_other_choice', 'yes'],
      ['needs', ['shelter', 'legal']],
    ];
    for (const [item, value] of answers) {
      const r = await cw.request('PUT', `/api/screenings/${screeningId}/answers/${item}`, { value });
      expect(r.status, item).toBe(200);
    }
    expect((await cw.request('POST', `/api/screenings/${screeningId}/complete`)).status).toBe(200);

    const c = await cw.request('POST', '/api/cases', {
      fromScreeningId: screeningId,
      person: { givenNames: 'Xunka', surname1: 'López', sex: 'female' },
    });
    expect(c.status).toBe(201);
    caseId = c.json.id;
    expect(c.json.person).toMatchObject({
      givenNames: 'Xunka',
      surname1: 'López',
      sex: 'female',
      approximateAge: 17,
      languages: ['tzo', 'spa'],
    });
    expect(c.json.person.approximateAgeOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // Asked for in the screening, plus an interpreter (the screening flagged one for a Tsotsil speaker? only
    // when it did): at least the two asked for.
    expect(c.json.needs).toEqual(expect.arrayContaining(['shelter', 'legal']));

    const read = await cw.request('GET', `/api/cases/${caseId}`);
    expect(read.status).toBe(200);
    expect(read.json.screenings).toHaveLength(1);
    expect(read.json.screenings[0]).toMatchObject({
      id: screeningId,
      recommendation: 'refer_for_assessment',
    });
    const found = read.json.screenings[0].indicators.map((i: { indicator: string }) => i.indicator);
    expect(found).toEqual(expect.arrayContaining(['retention_of_documents', 'restriction_of_movement']));
    expect(read.json.screenings[0].flags).toContain('minor');
    const audited = await srv.db.query<{ fields: string[] }>(
      "SELECT fields FROM audit_log WHERE resource = 'cases' AND resource_id = $1 AND action = 'read'",
      [caseId],
    );
    expect(audited.rows.at(-1)!.fields).toContain('screening_result');
    // Answers given in the case win over the screening's: a second screening cannot be attached again.
    expect((await cw.request('POST', '/api/cases', { fromScreeningId: screeningId })).json.error.code).toBe(
      'screening_has_case',
    );
  });

  it('keeps perpetrators, a timeline and a support plan with goals, tasks and follow-ups', async () => {
    const plan = {
      goals: [
        {
          id: 'g1',
          title: 'Vivienda segura',
          status: 'open',
          tasks: [
            {
              id: 't1',
              title: 'Solicitar lugar en refugio',
              dueDate: '2026-12-10',
              done: false,
              doneOn: null,
            },
          ],
        },
      ],
      followUps: [{ id: 'f1', date: '2026-12-15', note: 'Llamar a la tutora', done: false }],
    };
    const r = await cw.request('PATCH', `/api/cases/${caseId}`, {
      perpetrators: [
        { name: 'Rogelio Treviño', alias: 'El Güero', role: 'recruiter', relation: 'acquaintance' },
      ],
      timeline: [{ phase: 'recruitment', from: '2025-06', place: 'San Cristóbal de las Casas' }],
      plan,
      person: {
        givenNames: 'Xunka',
        surname1: 'López',
        sex: 'female',
        birthDate: '2009-03-02',
        nationality: 'MEX',
        languages: ['tzo', 'spa'],
      },
      municipality: '07078',
    });
    expect(r.status).toBe(200);
    expect(r.json.plan).toMatchObject(plan);
    expect(r.json.plan.approvedBy).toBeNull();
    expect(r.json.perpetrators[0]).toMatchObject({ alias: 'El Güero' });
    const stored = await srv.db.query<{ plan_enc: string }>('SELECT plan_enc FROM cw_cases WHERE id = $1', [
      caseId,
    ]);
    expect(stored.rows[0]!.plan_enc).not.toContain('Vivienda');
    const history = await cw.request('GET', `/api/cases/${caseId}/history`);
    const updated = history.json.items.find((h: { action: string }) => h.action === 'updated');
    expect(updated.fields).toEqual(expect.arrayContaining(['perpetrators', 'timeline', 'plan']));
    // A task without a title, a follow-up without a date, an impossible due date: refused with the field.
    for (const bad of [
      { goals: [{ id: 'g', title: '', tasks: [] }], followUps: [] },
      { goals: [], followUps: [{ id: 'f', note: 'x' }] },
      {
        goals: [{ id: 'g', title: 'x', tasks: [{ id: 't', title: 'y', dueDate: '2026-02-30' }] }],
        followUps: [],
      },
    ]) {
      const b = await cw.request('PATCH', `/api/cases/${caseId}`, { plan: bad });
      expect(b.status).toBe(400);
      expect(b.json.error.code).toBe('invalid_input');
    }
    expect((await other.request('PATCH', `/api/cases/${caseId}`, { plan })).status).toBe(404);

    // A supervisor approves the plan (not the caseworker, not its last author); any change needs a new approval.
    expect((await cw.request('POST', `/api/cases/${caseId}/plan/approve`)).status).toBe(403);
    const approved = await sup.request('POST', `/api/cases/${caseId}/plan/approve`);
    expect(approved.status).toBe(200);
    expect(approved.json.plan).toMatchObject({
      approvedBy: expect.any(String),
      approvedAt: expect.any(String),
    });
    // Sent back as read, the plan keeps its approval (nothing changed) …
    const same = await cw.request('PATCH', `/api/cases/${caseId}`, { plan: approved.json.plan });
    expect(same.json.plan.approvedBy).toBe(approved.json.plan.approvedBy);
    // … a client cannot approve by itself, and a change clears the approval.
    const changed = await cw.request('PATCH', `/api/cases/${caseId}`, {
      plan: {
        ...approved.json.plan,
        goals: [...plan.goals, { id: 'g2', title: 'Estudiar la secundaria', tasks: [] }],
      },
    });
    expect(changed.json.plan.approvedBy).toBeNull();
    const forged = await cw.request('PATCH', `/api/cases/${caseId}`, {
      plan: { ...changed.json.plan, followUps: [], approvedBy: approved.json.plan.approvedBy },
    });
    expect(forged.json.plan.approvedBy).toBeNull();
    const supEdit = await sup.request('PATCH', `/api/cases/${caseId}`, {
      plan: { ...forged.json.plan, followUps: plan.followUps },
    });
    expect(supEdit.status).toBe(200);
    const own = await sup.request('POST', `/api/cases/${caseId}/plan/approve`);
    expect(own.status).toBe(403);
    expect(own.json.error.code).toBe('four_eyes');
    expect((await other.request('POST', `/api/cases/${caseId}/plan/approve`)).status).toBe(403); // a caseworker
    const actions = (await cw.request('GET', `/api/cases/${caseId}/history`)).json.items.map(
      (h: { action: string }) => h.action,
    );
    expect(actions).toContain('plan_approved');
  });

  it('records how consent was given; an emergency override is for supervisors, justified, audited and flagged', async () => {
    const guardian = await cw.request('POST', `/api/cases/${caseId}/consents`, {
      purposes: ['referral', 'statistics'],
      action: 'granted',
      method: 'guardian',
      guardianName: 'María López Gómez (madre)',
    });
    expect(guardian.status).toBe(201);
    expect(guardian.json.events).toHaveLength(2);
    expect(
      (
        await cw.request('POST', `/api/cases/${caseId}/consents`, {
          purpose: 'contact',
          action: 'granted',
          method: 'guardian',
        })
      ).status,
    ).toBe(400); // a guardian's consent names the guardian
    const refused = await cw.request('POST', `/api/cases/${caseId}/consents`, {
      purposes: ['cross_border'],
      action: 'granted',
      method: 'emergency_override',
      justification: 'La persona está inconsciente y necesita atención médica al otro lado de la frontera.',
    });
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe('override_not_permitted');
    const short = await sup.request('POST', `/api/cases/${caseId}/consents`, {
      purposes: ['cross_border'],
      action: 'granted',
      method: 'emergency_override',
      justification: 'urgente',
    });
    expect(short.status).toBe(400);
    const why = 'La persona está inconsciente y necesita atención médica al otro lado de la frontera.';
    const ok = await sup.request('POST', `/api/cases/${caseId}/consents`, {
      purposes: ['cross_border'],
      action: 'granted',
      method: 'emergency_override',
      justification: why,
    });
    expect(ok.status).toBe(201);
    const list = await cw.request('GET', `/api/cases/${caseId}/consents`);
    expect(list.json.status.find((s: { purpose: string }) => s.purpose === 'cross_border').state).toBe(
      'granted',
    );
    const byPurpose = Object.fromEntries(list.json.events.map((e: { purpose: string }) => [e.purpose, e]));
    expect(byPurpose.referral).toMatchObject({
      method: 'guardian',
      guardianName: 'María López Gómez (madre)',
    });
    expect(byPurpose.referral.recordedByName).toBeTruthy();
    expect(byPurpose.cross_border).toMatchObject({ method: 'emergency_override', justification: why });
    const audit = await srv.db.query<{ justification: string | null; fields: string[] }>(
      "SELECT justification, fields FROM audit_log WHERE resource = 'consents' AND resource_id = $1 AND action = 'create'",
      [caseId],
    );
    expect(
      audit.rows.some((r) => r.justification === why && r.fields.includes('method:emergency_override')),
    ).toBe(true);
    const alerts = await srv.db.query<{ justification: string }>(
      "SELECT justification FROM alerts WHERE resource = 'cases' AND resource_id = $1",
      [caseId],
    );
    expect(alerts.rows.some((a) => a.justification.includes(why))).toBe(true);
    const raw = await srv.db.query<{ detail_enc: string }>(
      'SELECT detail_enc FROM cw_consents WHERE case_id = $1 AND detail_enc IS NOT NULL',
      [caseId],
    );
    expect(raw.rows.map((r) => r.detail_enc).join()).not.toContain('María');
    // Consent events stay append-only, yet their details are re-encrypted by a key rotation.
    await expect(
      srv.db.query("UPDATE cw_consents SET action = 'withdrawn' WHERE case_id = $1", [caseId]),
    ).rejects.toThrow(/append-only/);
    await rotateKeys(srv.db);
    const after = await cw.request('GET', `/api/cases/${caseId}/consents`);
    expect(after.json.events.find((e: { purpose: string }) => e.purpose === 'referral').guardianName).toBe(
      'María López Gómez (madre)',
    );
  });

  it('the shelter sees the age and languages of a referred person', async () => {
    const p = await shelter.request('PUT', '/api/providers/mine', {
      name: 'Refugio Jobel',
      services: ['shelter', 'legal'],
      languages: ['tzo', 'spa'],
      coverage: { states: ['07'] },
      municipality: '07078',
      capacity: { total: 12, free: 3 },
      referralContact: 'canalizacion@jobel.example.test',
      address: 'Calle Reservada 5',
    });
    expect(p.status).toBe(200);
    const ref = await cw.request('POST', '/api/case-referrals', {
      caseId,
      providerId: p.json.id,
      services: ['shelter'],
    });
    expect(ref.status).toBe(201);
    const seen = await shelter.request('GET', `/api/case-referrals/${ref.json.id}`);
    expect(seen.status).toBe(200);
    expect(seen.json.person.approximateAge).toBeGreaterThanOrEqual(17);
    expect(seen.json.person.languages).toEqual(['tzo', 'spa']);
  });

  it('flags a person another agency may know, shows none of its data, and lets its supervisor answer', async () => {
    // Agency B's persons (synthetic), one of them Guadalupe Hernández Cruz, and the linkage model estimated on them.
    const gen = syntheticMexican({ entities: 70, seed: 5, duplicateRate: 0.3 });
    const ids: string[] = [];
    const put = async (id: string, f: Record<string, string | undefined>, sex: string) => {
      const enc = (col: string, v: string | undefined) => encryptField(v ?? null, `persons.${col}`);
      await srv.db.query(
        `INSERT INTO persons (person_id, agency_id, given_names_enc, surname_1_enc, surname_2_enc, birth_date_enc, sex,
           curp_enc, curp_bidx, phone_enc, email_enc, row_hash) VALUES ($1,'cp-b',$2,$3,$4,$5,$6,$7,$8,$9,$10,'h')`,
        [
          id,
          enc('given_names', f.given_names),
          enc('surname_1', f.surname_1),
          enc('surname_2', f.surname_2),
          enc('birth_date', f.birth_date),
          sex,
          enc('curp', f.curp),
          blindIndex('curp', f.curp ?? null),
          enc('phone', f.phone),
          enc('email', f.email),
        ],
      );
      ids.push(id);
    };
    for (const r of gen.records)
      await put(`cp-b/${r.id}`, r.fields, r.fields.sex === 'Hombre' ? 'male' : 'female');
    await put(
      'cp-b/lupita',
      { given_names: 'Guadalupe', surname_1: 'Hernández', surname_2: 'Cruz', birth_date: '1994-08-21' },
      'female',
    );
    const supB = await srv.login(await srv.createUser({ role: 'supervisor', agencyId: 'cp-b' }));
    expect(
      (await linkNewPersons({ db: srv.db, actor: { userId: null, agencyId: 'cp-b' } } as never, ids)).waiting,
    ).toBe(false);

    const known = await cw.request('POST', '/api/cases', {
      person: {
        givenNames: 'Guadalupe',
        surname1: 'Hernandez',
        surname2: 'Cruz',
        birthDate: '1994-08-21',
        sex: 'female',
      },
    });
    const unknown = await cw.request('POST', '/api/cases', {
      person: {
        givenNames: 'Itzel',
        surname1: 'Quintero',
        surname2: 'Balam',
        birthDate: '2001-01-30',
        sex: 'female',
      },
    });
    const nameOnly = await cw.request('POST', '/api/cases', { person: { givenNames: 'Guadalupe' } });
    const flag = await cw.request('GET', `/api/cases/${known.json.id}/known-elsewhere`);
    expect(flag.status).toBe(200);
    expect(flag.json).toEqual({ status: 'possible', requests: [] });
    // Nothing of B's record, not even which agency.
    expect(JSON.stringify(flag.json)).not.toMatch(/cp-b|lupita|1994/);
    expect((await cw.request('GET', `/api/cases/${unknown.json.id}/known-elsewhere`)).json.status).toBe(
      'none',
    );
    expect((await cw.request('GET', `/api/cases/${nameOnly.json.id}/known-elsewhere`)).json.status).toBe(
      'not_enough_data',
    );
    expect((await other.request('GET', `/api/cases/${known.json.id}/known-elsewhere`)).status).toBe(404);
    expect(
      (
        await cw.request('POST', `/api/cases/${unknown.json.id}/access-requests`, {
          reason: 'Para coordinar la atención.',
        })
      ).json.error.code,
    ).toBe('no_possible_match');

    const asked = await cw.request('POST', `/api/cases/${known.json.id}/access-requests`, {
      reason: 'Víctima de trabajo forzado; queremos coordinar su atención y albergue.',
    });
    expect(asked.status).toBe(201);
    expect(asked.json).toEqual({ status: 'requested' });
    expect(
      (
        await cw.request('POST', `/api/cases/${known.json.id}/access-requests`, {
          reason: 'Otra vez la misma.',
        })
      ).json,
    ).toEqual({ status: 'already_requested' });
    const pending = (await cw.request('GET', `/api/cases/${known.json.id}/known-elsewhere`)).json.requests;
    expect(pending).toEqual([expect.objectContaining({ status: 'pending', contact: null })]);

    // B's supervisor sees the request with B's own person and the requester; A's supervisor sees none of it.
    const inbox = await supB.request('GET', '/api/access-requests');
    expect(inbox.json.items).toEqual([
      expect.objectContaining({
        status: 'pending',
        personId: 'cp-b/lupita',
        personName: 'Guadalupe Hernández',
        reason: 'Víctima de trabajo forzado; queremos coordinar su atención y albergue.',
      }),
    ]);
    expect((await sup.request('GET', '/api/access-requests')).json.items).toEqual([]);
    expect((await cw.request('GET', '/api/access-requests')).status).toBe(403);
    const requestId = inbox.json.items[0].id;
    expect(
      (await sup.request('POST', `/api/access-requests/${requestId}/answer`, { decision: 'accepted' }))
        .status,
    ).toBe(404);
    expect(
      (await supB.request('POST', `/api/access-requests/${requestId}/answer`, { decision: 'accepted' }))
        .status,
    ).toBe(200);
    expect(
      (await supB.request('POST', `/api/access-requests/${requestId}/answer`, { decision: 'declined' }))
        .status,
    ).toBe(409);
    const answered = (await cw.request('GET', `/api/cases/${known.json.id}/known-elsewhere`)).json
      .requests[0];
    expect(answered.status).toBe('accepted');
    expect(answered.contact).toMatchObject({
      agencyName: expect.any(String),
      email: expect.stringContaining('@'),
    });
    const audited = await srv.db.query<{ action: string }>(
      "SELECT action FROM audit_log WHERE resource = 'access_requests' ORDER BY id",
    );
    expect(audited.rows.map((r) => r.action)).toEqual(
      expect.arrayContaining(['read', 'create', 'list', 'update']),
    );
  }, 120_000);
});
