import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHORT_SCREEN_ANSWERS } from '../../../test/casework-fixtures.ts';
import { type Client, startTestServer, type TestServer } from '../../../test/server.ts';

/**
 * Screenings through the HTTP API, on both databases: the instruments and their versions, answers validated
 * item by item in the instrument's order, an interrupted screening resumed from another session, the
 * recommendation and indicators on completion, answers encrypted at rest, another agency kept out.
 */
describe.each(['pglite', 'postgres'] as const)('screenings on %s', (database) => {
  let srv: TestServer;
  let cwA: Client; // caseworker, prosecutor A
  let cwA2: Client; // another caseworker of A
  let cwB: Client; // caseworker, prosecutor B

  beforeAll(async () => {
    srv = await startTestServer({ database });
    await srv.ensureAgency('fgj-a', 'state', '07', 'prosecutor');
    await srv.ensureAgency('fgj-b', 'state', '09', 'prosecutor');
    const login = async (agencyId: string) =>
      srv.login(await srv.createUser({ role: 'caseworker', agencyId }));
    cwA = await login('fgj-a');
    cwA2 = await login('fgj-a');
    cwB = await login('fgj-b');
  }, 300_000);
  afterAll(async () => srv?.close());

  it('runs a screening that can be interrupted and resumed, and recommends assessment', async () => {
    const list = await cwA.request('GET', '/api/instruments');
    expect(list.json.items.map((i: { id: string }) => i.id).sort()).toEqual([
      'full-interview',
      'short-screen',
    ]);
    const s = await cwA.request('POST', '/api/screenings', { instrumentId: 'short-screen' });
    expect(s.status).toBe(201);
    expect(s.json.instrument).toEqual({ id: 'short-screen', version: '1.0.0' });
    const screeningId = s.json.id;
    expect(s.json.nextItemId).toBe('safe_now');
    const put = (item: string, value: unknown) =>
      cwA.request('PUT', `/api/screenings/${screeningId}/answers/${item}`, { value });
    expect((await put('safe_now', 'maybe')).status).toBe(400);
    expect((await put('debt_unpayable', 'yes')).status).toBe(400); // not shown yet
    for (const [k, v] of SHORT_SCREEN_ANSWERS.slice(0, 4)) {
      expect((await put(k, v)).status).toBe(200);
    }
    // Interrupted: a later read (another session) resumes at the next item with the answers kept.
    const resumed = await cwA2.request('GET', `/api/screenings/${screeningId}`);
    expect(resumed.json.nextItemId).toBe('promise_kept');
    expect(resumed.json.answers).toMatchObject({ safe_now: 'yes', age: 34 });
    expect((await cwA.request('POST', `/api/screenings/${screeningId}/complete`)).json.error.code).toBe(
      'screening_incomplete',
    );
    // the rest of the instrument, after the four answered before the interruption
    for (const [k, v] of SHORT_SCREEN_ANSWERS.slice(4)) {
      expect((await put(k, v)).status).toBe(200);
    }
    const done = await cwA.request('POST', `/api/screenings/${screeningId}/complete`);
    expect(done.status).toBe(200);
    expect(done.json.status).toBe('completed');
    expect(done.json.result.recommendation).toBe('refer_for_assessment');
    expect(done.json.result.indicators.map((i: { indicator: string }) => i.indicator)).toContain(
      'debt_bondage',
    );
    expect(JSON.stringify(done.json.result)).not.toMatch(/"victim"/);
    expect((await put('hurt', 'yes')).status).toBe(409);
    // Another agency cannot see it.
    expect((await cwB.request('GET', `/api/screenings/${screeningId}`)).status).toBe(404);
    // The agency's list shows it completed, with its recommendation and indicators but no answers.
    const completed = await cwA2.request('GET', '/api/screenings?status=completed');
    const listed = completed.json.items.find((x: { id: string }) => x.id === screeningId);
    expect(listed).toMatchObject({
      status: 'completed',
      caseId: null,
      instrument: { id: 'short-screen', version: '1.0.0' },
      recommendation: 'refer_for_assessment',
    });
    expect(listed.indicators).toContain('debt_bondage');
    expect(listed).not.toHaveProperty('answers');
    const open = await cwA.request('GET', '/api/screenings?status=in_progress');
    expect(open.json.items.map((x: { id: string }) => x.id)).not.toContain(screeningId);
    expect((await cwB.request('GET', '/api/screenings')).json.items).toEqual([]);
  });

  it('full interview: stopping at the first question completes with no indicators; versions are kept', async () => {
    const s = await cwA.request('POST', '/api/screenings', {
      instrumentId: 'full-interview',
      version: '1.0.0',
    });
    expect(s.json.nextItemId).toBe('ok_to_continue');
    const r = await cwA.request('PUT', `/api/screenings/${s.json.id}/answers/ok_to_continue`, {
      value: 'no',
    });
    expect(r.json.nextItemId).toBeNull();
    const done = await cwA.request('POST', `/api/screenings/${s.json.id}/complete`);
    expect(done.json.result).toMatchObject({ recommendation: 'no_indicators_found', indicators: [] });
    expect(done.json.result.flags.map((f: { flag: string }) => f.flag)).toEqual(['wants_to_stop']);
    const stored = await srv.db.query<{ instrument_version: string; answers_enc: string }>(
      'SELECT instrument_version, answers_enc FROM cw_screenings WHERE id = $1',
      [s.json.id],
    );
    expect(stored.rows[0]!.instrument_version).toBe('1.0.0');
    expect(stored.rows[0]!.answers_enc).not.toContain('ok_to_continue');
    expect(
      (await cwA.request('POST', '/api/screenings', { instrumentId: 'short-screen', version: '9.9.9' }))
        .status,
    ).toBe(400);
  });
});
