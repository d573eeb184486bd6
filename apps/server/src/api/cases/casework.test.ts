import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeShortScreen } from '../../../test/casework-fixtures.ts';
import { type Client, startTestServer, type TestServer } from '../../../test/server.ts';
import { exportFolder } from '../../import/engine.ts';
import { syncCaseToExchange } from './exchange-sync.ts';

/**
 * Case work end to end through the HTTP API, on both databases: screening -> case -> matching ->
 * consent -> referral -> provider answers -> service -> consent withdrawn -> next share refused;
 * scope, provider field limits, shelter address rules, closure approval, restitution, packets.
 */
const SHELTER_ADDRESS = 'Calle Reservada 123, Col. Centro';

describe.each(['pglite', 'postgres'] as const)('case work on %s', (database) => {
  let srv: TestServer;
  let cwA: Client; // caseworker, prosecutor A
  let cwA2: Client; // another caseworker of A
  let supA: Client; // supervisor, prosecutor A
  let cwB: Client; // caseworker, prosecutor B
  let supB: Client;
  let provP: Client; // shelter P (serves men, speaks Nahuatl)
  let provQ: Client; // shelter Q (women only)
  let screeningId: string;
  let caseId: string;
  let providerP: string;
  let providerQ: string;
  let referralId: string;

  beforeAll(async () => {
    srv = await startTestServer({ database });
    await srv.ensureAgency('fgj-a', 'state', '07', 'prosecutor');
    await srv.ensureAgency('fgj-b', 'state', '09', 'prosecutor');
    await srv.ensureAgency('shelter-p', 'ngo', null, 'service_provider');
    await srv.ensureAgency('shelter-q', 'ngo', null, 'service_provider');
    const login = async (role: Parameters<TestServer['createUser']>[0]['role'], agencyId: string) =>
      srv.login(await srv.createUser({ role, agencyId }));
    cwA = await login('caseworker', 'fgj-a');
    cwA2 = await login('caseworker', 'fgj-a');
    supA = await login('supervisor', 'fgj-a');
    cwB = await login('caseworker', 'fgj-b');
    supB = await login('supervisor', 'fgj-b');
    provP = await login('service_provider', 'shelter-p');
    provQ = await login('service_provider', 'shelter-q');
    // The case opens from a completed short screening (the screening itself: screenings/screenings.test.ts).
    screeningId = await completeShortScreen(cwA);
  }, 300_000);
  afterAll(async () => srv?.close());

  it('opens a case from the screening with every exchange field, and keeps a history', async () => {
    const r = await cwA.request('POST', '/api/cases', {
      fromScreeningId: screeningId,
      person: {
        givenNames: 'Tonatiuh',
        surname1: 'Xochitl',
        surname2: 'Cuautle',
        birthDate: '1991-04-02',
        sex: 'male',
        nationality: 'MEX',
        curp: 'XOCT910402HCSCTN07',
        indigenous: true,
        languages: ['nah', 'spa'],
        lgbtqi: false,
        disability: false,
        phone: '+52 961 000 0000',
        address: 'Domicilio conocido, Chamula',
        migrationStatus: 'mexican_national',
      },
      identification: {
        date: '2026-01-20',
        stateCode: '07',
        countryOfExploitation: 'MEX',
        primaryForm: 'forced_labor',
        recruiterRelation: 'employer',
      },
      perpetrators: [{ alias: 'El Patrón', role: 'exploiter' }],
      timeline: [{ phase: 'recruitment', from: '2025-06', place: 'San Juan Chamula' }],
      notes: 'Primer contacto en inspección laboral.',
      needs: ['shelter', 'psychological'],
      municipality: '07078',
    });
    expect(r.status).toBe(201);
    caseId = r.json.id;
    expect(r.json.identification.meansOfControl).toEqual(
      expect.arrayContaining(['debt_bondage', 'withholds_documents']),
    );
    expect(r.json.identification.sector).toBe('agriculture');
    const again = await cwA.request('POST', '/api/cases', { fromScreeningId: screeningId });
    expect(again.status).toBe(409);
    const p = await cwA.request('PATCH', `/api/cases/${caseId}`, {
      supportPlan: 'Albergue y atención psicológica',
      notes: 'Cambio de notas',
    });
    expect(p.status).toBe(200);
    const h = await cwA.request('GET', `/api/cases/${caseId}/history`);
    expect(h.json.items.map((e: { action: string }) => e.action)).toEqual(['created', 'updated']);
    expect(h.json.items[1].fields.sort()).toEqual(['notes', 'supportPlan']);
    expect(h.json.items[1].detail.notes.from).toBe('Primer contacto en inspección laboral.');
    // Personal data is stored encrypted.
    const raw = await srv.db.query<{ person_enc: string }>('SELECT person_enc FROM cw_cases WHERE id = $1', [
      caseId,
    ]);
    expect(raw.rows[0]!.person_enc).not.toContain('Tonatiuh');
    // Scope: another agency and a provider never see the case.
    expect((await cwB.request('GET', `/api/cases/${caseId}`)).status).toBe(404);
    expect((await provP.request('GET', `/api/cases/${caseId}`)).status).toBe(404);
    expect((await cwB.request('PATCH', `/api/cases/${caseId}`, { notes: 'x' })).status).toBe(404);
    const lst = await cwB.request('GET', '/api/cases');
    expect(lst.json.items.map((c: { id: string }) => c.id)).not.toContain(caseId);
    // Reads are audited.
    const audited = await srv.db.query(
      "SELECT 1 FROM audit_log WHERE resource = 'cases' AND resource_id = $1 AND action = 'create'",
      [caseId],
    );
    expect(audited.rows.length).toBe(1);
  });

  it('provider directory: entries, matching with reasons and exclusions, no address in lists', async () => {
    const base = {
      services: ['shelter', 'psychological'],
      languages: ['spa'],
      coverage: { states: ['07'] },
      municipality: '07101',
      capacity: { total: 10, free: 2 },
      referralContact: 'canalizacion@example.test',
    };
    const p = await provP.request('PUT', '/api/providers/mine', {
      ...base,
      name: 'Refugio P',
      languages: ['nah', 'spa'],
      address: SHELTER_ADDRESS,
    });
    expect(p.status).toBe(200);
    providerP = p.json.id;
    const q = await provQ.request('PUT', '/api/providers/mine', {
      ...base,
      name: 'Casa Q',
      eligibility: { sexes: ['female'] },
      address: 'Otra Calle 9',
    });
    providerQ = q.json.id;
    expect(
      (await provQ.request('PUT', '/api/providers/mine', { ...base, name: 'x', capacity: null })).status,
    ).toBe(400);
    const m = await cwA.request('POST', '/api/providers/match', { caseId });
    expect(m.status).toBe(200);
    expect(m.json.ranked.map((x: { providerId: string }) => x.providerId)).toEqual([providerP]);
    expect(m.json.ranked[0].reasons.map((x: { code: string }) => x.code)).toContain('speaks_first_language');
    expect(m.json.excluded).toEqual([
      expect.objectContaining({
        providerId: providerQ,
        reasons: [expect.objectContaining({ code: 'sex_not_served' })],
      }),
    ]);
    expect(JSON.stringify(m.json)).not.toContain(SHELTER_ADDRESS);
    const list = await cwA.request('GET', '/api/providers');
    expect(list.json.items.length).toBe(2);
    expect(JSON.stringify(list.json)).not.toContain(SHELTER_ADDRESS);
    expect(
      JSON.stringify((await cwA.request('GET', '/api/providers?service=shelter&stateCode=07')).json),
    ).not.toContain(SHELTER_ADDRESS);
    // Before any accepted referral, the caseworker does not see the address; the shelter's own staff does.
    expect((await cwA.request('GET', `/api/providers/${providerP}`)).json.address).toBeUndefined();
    expect((await provP.request('GET', `/api/providers/${providerP}`)).json.address).toBe(SHELTER_ADDRESS);
    const stored = await srv.db.query<{ address_enc: string }>(
      'SELECT address_enc FROM cw_providers WHERE id = $1',
      [providerP],
    );
    expect(stored.rows[0]!.address_enc).not.toContain('Reservada');
  });

  it('referral needs consent; provider sees only the needed fields and answers; then services; withdrawal stops sharing', async () => {
    const refuse = await cwA.request('POST', '/api/case-referrals', {
      caseId,
      providerId: providerP,
      services: ['shelter'],
    });
    expect(refuse.status).toBe(409);
    expect(refuse.json.error.code).toBe('consent_required');
    expect(
      (await cwA.request('POST', `/api/cases/${caseId}/consents`, { purpose: 'referral', action: 'granted' }))
        .status,
    ).toBe(201);
    const r = await cwA.request('POST', '/api/case-referrals', {
      caseId,
      providerId: providerP,
      services: ['shelter'],
    });
    expect(r.status).toBe(201);
    referralId = r.json.id;
    expect(r.json.status).toBe('pending');

    // A provider that was not referred cannot open the person.
    expect((await provQ.request('GET', `/api/case-referrals/${referralId}`)).status).toBe(404);
    expect((await provQ.request('POST', `/api/case-referrals/${referralId}/accept`)).status).toBe(404);
    const inboxQ = await provQ.request('GET', '/api/case-referrals?box=received');
    expect(inboxQ.json.items).toEqual([]);

    const seen = await provP.request('GET', `/api/case-referrals/${referralId}`);
    expect(seen.status).toBe(200);
    expect(Object.keys(seen.json.person).sort()).toEqual([
      'approximateAge',
      'givenNames',
      'languages',
      'municipality',
      'services',
      'sex',
    ]);
    expect(seen.json.caseId).toBeUndefined();
    const text = JSON.stringify(seen.json);
    for (const secret of ['Xochitl', 'XOCT910402', '961 000', 'Chamula', 'Patrón', 'notas'])
      expect(text).not.toContain(secret);
    const readAudit = await srv.db.query<{ fields: string[] }>(
      "SELECT fields FROM audit_log WHERE resource = 'referrals' AND resource_id = $1 AND action = 'read'",
      [referralId],
    );
    expect(readAudit.rows.length).toBe(1);
    expect(readAudit.rows[0]!.fields).toContain('given_names');

    expect(
      (await provP.request('POST', `/api/case-referrals/${referralId}/decline`, { reason: '' })).status,
    ).toBe(400);
    const acc = await provP.request('POST', `/api/case-referrals/${referralId}/accept`);
    expect(acc.status).toBe(200);
    expect(acc.json.status).toBe('accepted');
    expect(acc.json.timings.hoursToFirstAnswer).toBeGreaterThanOrEqual(0);
    expect(
      (await provP.request('POST', `/api/case-referrals/${referralId}/decline`, { reason: 'sin lugar' }))
        .status,
    ).toBe(409);

    // After acceptance, the referring caseworker sees the address; another caseworker of the same agency does not.
    expect((await cwA.request('GET', `/api/providers/${providerP}`)).json.address).toBe(SHELTER_ADDRESS);
    expect((await cwA2.request('GET', `/api/providers/${providerP}`)).json.address).toBeUndefined();
    expect((await cwB.request('GET', `/api/providers/${providerP}`)).json.address).toBeUndefined();
    expect(JSON.stringify((await cwA.request('GET', '/api/providers')).json)).not.toContain(SHELTER_ADDRESS);

    const svc = await provP.request('POST', `/api/case-referrals/${referralId}/services`, {
      service: 'shelter',
      startDate: '2026-02-01',
      funding: 'ngo',
    });
    expect(svc.status).toBe(201);
    expect(svc.json.firstServiceAt).not.toBeNull();
    // The provider's answer names no case, not even through the service it recorded.
    expect(svc.json).not.toHaveProperty('caseId');
    expect(svc.json.service).toMatchObject({ service: 'shelter', referralId });
    expect(svc.json.service).not.toHaveProperty('caseId');
    expect(svc.json.timings.hoursToFirstService).toBeGreaterThanOrEqual(0);
    const services = await cwA.request('GET', `/api/cases/${caseId}/services`);
    expect(services.json.items).toEqual([
      expect.objectContaining({
        service: 'shelter',
        providerAgencyId: 'shelter-p',
        funding: 'ngo',
        referralId,
      }),
    ]);
    expect(
      (
        await cwA.request('POST', `/api/cases/${caseId}/services`, {
          service: 'legal',
          startDate: '2026-02-03',
          funding: 'state',
        })
      ).status,
    ).toBe(201);

    // Withdrawal: the provider can no longer open the person, and no new referral is allowed.
    expect(
      (
        await cwA.request('POST', `/api/cases/${caseId}/consents`, {
          purpose: 'referral',
          action: 'withdrawn',
        })
      ).status,
    ).toBe(201);
    const after = await provP.request('GET', `/api/case-referrals/${referralId}`);
    expect(after.status).toBe(403);
    expect(after.json.error.code).toBe('consent_withdrawn');
    const next = await cwA.request('POST', '/api/case-referrals', {
      caseId,
      providerId: providerP,
      services: ['psychological'],
    });
    expect(next.status).toBe(409);
    expect(next.json.error.code).toBe('consent_required');
    const consents = await cwA.request('GET', `/api/cases/${caseId}/consents`);
    expect(consents.json.status.find((s: { purpose: string }) => s.purpose === 'referral')).toMatchObject({
      state: 'withdrawn',
    });
    expect(consents.json.events.every((e: { recordedBy: string }) => typeof e.recordedBy === 'string')).toBe(
      true,
    );

    const completed = await provP.request('POST', `/api/case-referrals/${referralId}/complete`);
    expect(completed.json.status).toBe('completed');
    const hist = await cwA.request('GET', `/api/cases/${caseId}/history`);
    expect(hist.json.items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining([
        'consent_granted',
        'referral_created',
        'referral_accept',
        'service_recorded',
        'consent_withdrawn',
        'referral_complete',
      ]),
    );
  });

  it('flags overdue referrals to the supervisor', async () => {
    await cwA.request('POST', `/api/cases/${caseId}/consents`, { purpose: 'referral', action: 'granted' });
    const r = await cwA.request('POST', '/api/case-referrals', {
      caseId,
      providerId: providerP,
      services: ['psychological'],
    });
    expect(r.status).toBe(201);
    expect((await supA.request('GET', '/api/case-referrals/overdue')).json.items).toEqual([]);
    await srv.db.query("UPDATE cw_referrals SET created_at = now() - interval '3 days' WHERE id = $1", [
      r.json.id,
    ]);
    const o = await supA.request('GET', '/api/case-referrals/overdue');
    expect(o.json.items).toEqual([expect.objectContaining({ id: r.json.id, overdue: 'no_answer' })]);
    expect((await cwA.request('GET', '/api/case-referrals/overdue')).status).toBe(403);
    expect((await supB.request('GET', '/api/case-referrals/overdue')).json.items).toEqual([]);
  });

  it('restitution: amounts ordered, payments by source, exact balance, victims owed', async () => {
    // a restitution order names a real conviction the agency may read: free text and B's conviction are refused alike
    const conviction = {
      primary_form: 'forced_labor',
      date: '2026-02-01',
      state_code: '07',
      restitution_ordered_mxn: '100000.00',
    };
    expect((await cwA.request('PUT', '/api/convictions/fgj-a%2F2026-0003', conviction)).status).toBe(200);
    expect((await cwB.request('PUT', '/api/convictions/fgj-b%2F2026-0009', conviction)).status).toBe(200);
    for (const convictionRef of ['CONV-FAKE-1', 'fgj-b/2026-0009']) {
      const bad = await cwA.request('POST', `/api/cases/${caseId}/restitution`, {
        convictionRef,
        orderedMxn: '1.00',
      });
      expect(bad.status).toBe(400);
      expect(bad.json.error.code).toBe('unknown_reference');
    }
    const o = await cwA.request('POST', `/api/cases/${caseId}/restitution`, {
      convictionRef: 'fgj-a/2026-0003',
      orderedMxn: '100000.00',
    });
    expect(o.status).toBe(201);
    for (const [amountMxn, source] of [
      ['0.10', 'perpetrator'],
      ['0.20', 'assistance_fund'],
    ]) {
      const p = await cwA.request('POST', `/api/cases/${caseId}/restitution/${o.json.id}/payments`, {
        paidOn: '2026-03-01',
        amountMxn,
        source,
      });
      expect(p.status).toBe(201);
    }
    expect(
      (
        await cwA.request('POST', `/api/cases/${caseId}/restitution/${o.json.id}/payments`, {
          paidOn: '2026-03-01',
          amountMxn: '1.005',
          source: 'perpetrator',
        })
      ).status,
    ).toBe(400);
    const b = await cwA.request('GET', `/api/cases/${caseId}/restitution`);
    expect(b.json.balances).toEqual([
      expect.objectContaining({
        orderedMxn: '100000.00',
        paidByPerpetratorMxn: '0.10',
        paidByFundMxn: '0.20',
        paidMxn: '0.30',
        outstandingMxn: '99999.70',
      }),
    ]);
    const owed = await cwA.request('GET', '/api/restitution/owed');
    expect(owed.json.items).toEqual([
      {
        caseId,
        outstandingMxn: '99999.70',
        convictions: [{ convictionRef: 'fgj-a/2026-0003', outstandingMxn: '99999.70' }],
      },
    ]);
    expect((await cwB.request('GET', '/api/restitution/owed')).json.items).toEqual([]);
    expect(
      (
        await cwB.request('POST', `/api/cases/${caseId}/restitution/${o.json.id}/payments`, {
          paidOn: '2026-03-01',
          amountMxn: '5',
          source: 'perpetrator',
        })
      ).status,
    ).toBe(404);
  });

  it('a provider declines with a reason; capacity changes the match; a full shelter is excluded', async () => {
    const c = await cwA.request('POST', '/api/cases', {
      person: { givenNames: 'Yolotl', sex: 'male', languages: ['nah'] },
      needs: ['shelter'],
      municipality: '07078',
    });
    await cwA.request('POST', `/api/cases/${c.json.id}/consents`, { purpose: 'referral', action: 'granted' });
    const r = await cwA.request('POST', '/api/case-referrals', {
      caseId: c.json.id,
      providerId: providerP,
      services: ['shelter'],
    });
    const d = await provP.request('POST', `/api/case-referrals/${r.json.id}/decline`, {
      reason: 'Sin lugares esta semana',
    });
    expect(d.json).toMatchObject({ status: 'declined', declineReason: 'Sin lugares esta semana' });
    expect(d.json.timings.hoursToAcceptance).toBeNull();
    expect((await provP.request('POST', `/api/case-referrals/${r.json.id}/complete`)).status).toBe(409);
    expect(
      (
        await cwA.request('POST', '/api/case-referrals', {
          caseId: c.json.id,
          providerId: providerP,
          services: ['legal'],
        })
      ).json.error.code,
    ).toBe('service_not_offered');
    expect((await provP.request('PUT', '/api/providers/mine/capacity', { free: 0 })).status).toBe(200);
    expect((await provP.request('PUT', '/api/providers/mine/capacity', { free: 99 })).status).toBe(409);
    const m = await cwA.request('POST', '/api/providers/match', { caseId: c.json.id });
    expect(m.json.ranked).toEqual([]);
    const ex = Object.fromEntries(
      m.json.excluded.map((x: { providerId: string; reasons: { code: string }[] }) => [
        x.providerId,
        x.reasons.map((y) => y.code),
      ]),
    );
    expect(ex[providerP]).toEqual(['full']);
    expect(ex[providerQ]).toEqual(['sex_not_served', 'no_common_language']);
    const far = await cwA.request('POST', '/api/providers/match', { caseId: c.json.id, maxDistanceKm: 10 });
    expect(
      far.json.excluded
        .find((x: { providerId: string }) => x.providerId === providerP)
        .reasons.map((y: { code: string }) => y.code),
    ).toEqual(['full', 'too_far']);
    await provP.request('PUT', '/api/providers/mine/capacity', { free: 2 });
  });

  it('with statistics consent the case feeds the exchange model (no names); withdrawal removes it', async () => {
    const pid = `cw-${caseId}`;
    const count = async (table: string) =>
      (
        await srv.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE person_id = $1`, [
          pid,
        ])
      ).rows[0]!.n;
    expect(await count('persons')).toBe(0);
    expect(
      (
        await cwA.request('POST', `/api/cases/${caseId}/consents`, {
          purpose: 'statistics',
          action: 'granted',
        })
      ).status,
    ).toBe(201);
    expect(await count('persons')).toBe(1);
    expect(await count('identifications')).toBe(1);
    expect(await count('referrals')).toBe(2);
    expect(await count('services')).toBe(2);
    const person = await srv.db.query<Record<string, unknown>>('SELECT * FROM persons WHERE person_id = $1', [
      pid,
    ]);
    expect(person.rows[0]).toMatchObject({
      agency_id: 'fgj-a',
      sex: 'male',
      birth_year: 1991,
      given_names_enc: null,
      phone_enc: null,
      address_enc: null,
    });
    expect(person.rows[0]!.curp_bidx).toEqual(expect.any(String));
    const ident = await srv.db.query<Record<string, unknown>>(
      'SELECT primary_form, state_code, means_of_control FROM identifications WHERE person_id = $1',
      [pid],
    );
    expect(ident.rows[0]).toMatchObject({ primary_form: 'forced_labor', state_code: '07' });
    const refs = await srv.db.query<{ status: string; to_agency_id: string }>(
      'SELECT status, to_agency_id FROM referrals WHERE person_id = $1 ORDER BY status',
      [pid],
    );
    expect(refs.rows).toEqual([
      { status: 'completed', to_agency_id: 'shelter-p' },
      { status: 'pending', to_agency_id: 'shelter-p' },
    ]);
    // A referral made at 19:30 on 31 December in Mexico City (01:30 on 1 January in UTC) counts for the old year.
    await srv.db.query(
      `UPDATE cw_referrals SET created_at = '2024-01-01T01:30:00Z' WHERE case_id = $1 AND status = 'pending'`,
      [caseId],
    );
    await syncCaseToExchange(srv.db, caseId);
    const evening = await srv.db.query<{ date: string }>(
      `SELECT to_char(date, 'YYYY-MM-DD') AS date FROM referrals WHERE person_id = $1 AND status = 'pending'`,
      [pid],
    );
    expect(evening.rows[0]!.date).toBe('2023-12-31');
    // The exchange export carries the mirror, never a name, a contact or the shelter address.
    const dir = mkdtempSync(join(tmpdir(), 'cw-export-'));
    try {
      await exportFolder({ db: srv.db, actor: { userId: null, agencyId: null } }, dir);
      const all = readdirSync(dir)
        .map((f) => readFileSync(join(dir, f), 'utf8'))
        .join('\n');
      expect(all).toContain(pid);
      for (const secret of [SHELTER_ADDRESS, 'Tonatiuh', 'Xochitl', '961 000', 'Chamula'])
        expect(all).not.toContain(secret);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // A later change to the case reaches the mirror.
    await cwA.request('PATCH', `/api/cases/${caseId}`, {
      identification: { date: '2026-01-20', stateCode: '07', primaryForm: 'servitude' },
    });
    expect(
      (
        await srv.db.query<{ primary_form: string }>(
          'SELECT primary_form FROM identifications WHERE person_id = $1',
          [pid],
        )
      ).rows[0]!.primary_form,
    ).toBe('servitude');
    await cwA.request('POST', `/api/cases/${caseId}/consents`, {
      purpose: 'statistics',
      action: 'withdrawn',
    });
    for (const t of ['persons', 'identifications', 'referrals', 'services']) expect(await count(t)).toBe(0);
  });

  it('closure needs a reason and a supervisor approval (not by the requester)', async () => {
    expect((await cwA.request('POST', `/api/cases/${caseId}/closure`, {})).status).toBe(400);
    const req = await cwA.request('POST', `/api/cases/${caseId}/closure`, { reason: 'goals_met' });
    expect(req.json.status).toBe('closure_requested');
    expect((await cwA.request('POST', `/api/cases/${caseId}/closure/approve`)).status).toBe(403);
    expect((await supB.request('POST', `/api/cases/${caseId}/closure/approve`)).status).toBe(404);
    const ok = await supA.request('POST', `/api/cases/${caseId}/closure/approve`);
    expect(ok.json).toMatchObject({ status: 'closed', closureReason: 'goals_met' });
    expect((await cwA.request('PATCH', `/api/cases/${caseId}`, { notes: 'late' })).status).toBe(409);
    const h = await cwA.request('GET', `/api/cases/${caseId}/history`);
    expect(h.json.items.slice(-2).map((e: { action: string }) => e.action)).toEqual([
      'closure_requested',
      'closure_approved',
    ]);
  });
});
