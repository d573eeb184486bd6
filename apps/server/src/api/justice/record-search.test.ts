import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestServer, type TestServer } from '../../../test/server.ts';

/**
 * The justice pickers' record search (`GET /api/justice/records`): an agency with more than the 300 records the
 * options list carries finds an old one by its defendant's name (decrypted server-side) or by file number, filters by
 * dates and state, learns how many more match, and never sees another agency's record. Prosecutions carry their
 * defendant's name; searches are audited.
 */
describe.each(['pglite', 'postgres'] as const)('justice record search on %s', (database) => {
  let srv: TestServer;
  let cwA: Client;
  let cwB: Client;
  const A = 'rs-a';
  const B = 'rs-b';

  beforeAll(async () => {
    srv = await startTestServer({ database });
    await srv.ensureAgency(A, 'state', '09', 'prosecutor');
    await srv.ensureAgency(B, 'state', '15', 'prosecutor');
    cwA = await srv.login(await srv.createUser({ role: 'caseworker', agencyId: A }));
    cwB = await srv.login(await srv.createUser({ role: 'caseworker', agencyId: B }));
    const put = async (c: Client, path: string, body: Record<string, string>) => {
      const r = await c.request('PUT', path, body);
      expect(r.status, `${path} ${JSON.stringify(r.json)}`).toBe(200);
    };
    const person = (id: string) => `/api/persons/${encodeURIComponent(id)}`;
    await put(cwA, person(`${A}/d-old`), {
      given_names: 'Rigoberto',
      surname_1: 'Salinas',
      surname_2: 'Méndez',
    });
    await put(cwB, person(`${B}/d-b`), {
      given_names: 'Rigoberto',
      surname_1: 'Salinas',
      surname_2: 'Méndez',
    });
    // an old prosecution of A (2010), then 350 newer ones: beyond the 300 most recent the options list carries
    await put(cwA, `/api/prosecutions/${encodeURIComponent(`${A}/pro-old`)}`, {
      initiated_date: '2010-03-04',
      primary_form: 'forced_labor',
      state_code: '09',
      defendant_person_id: `${A}/d-old`,
    });
    await srv.db.query(
      `INSERT INTO prosecutions (prosecution_id, agency_id, initiated_date, primary_form, state_code, row_hash)
       SELECT $1 || '/pro-' || g, $1, DATE '2020-01-01' + g, 'sexual', '21', 'h' || g FROM generate_series(1, 350) g`,
      [A],
    );
    await put(cwB, `/api/prosecutions/${encodeURIComponent(`${B}/pro-b`)}`, {
      initiated_date: '2011-01-01',
      primary_form: 'forced_labor',
      state_code: '15',
      defendant_person_id: `${B}/d-b`,
    });
  }, 300_000);
  afterAll(async () => srv?.close());

  const search = (c: Client, q: Record<string, string>) =>
    c.request('GET', `/api/justice/records?${new URLSearchParams(q)}`);

  it('finds an old prosecution beyond the 300 most recent by part of its defendant’s name, never another agency’s', async () => {
    const opts = await cwA.request('GET', '/api/justice/options');
    expect(opts.status).toBe(200);
    const listed = opts.json.records.prosecutions as { id: string }[];
    expect(listed).toHaveLength(300);
    expect(listed.some((r) => r.id === `${A}/pro-old`)).toBe(false);

    const r = await search(cwA, { kind: 'prosecutions', q: 'rigo salinas' });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.json.items).toEqual([
      expect.objectContaining({
        id: `${A}/pro-old`,
        date: '2010-03-04',
        defendantName: 'Rigoberto Salinas Méndez',
        stateCode: '09',
      }),
    ]);
    expect(r.json.more).toBe(0);
    // accents and case ignored
    const acc = await search(cwA, { kind: 'prosecutions', q: 'MENDEZ' });
    expect(acc.json.items.map((i: { id: string }) => i.id)).toEqual([`${A}/pro-old`]);
    // B's prosecution of a person with the same name is never returned to A, and A's never to B
    const b = await search(cwB, { kind: 'prosecutions', q: 'salinas' });
    expect(b.json.items.map((i: { id: string }) => i.id)).toEqual([`${B}/pro-b`]);
    const none = await search(cwA, { kind: 'prosecutions', from: '2011-01-01', to: '2011-01-01' });
    expect(none.json.items).toEqual([]);
  });

  it('filters by date range and state, and says how many more match', async () => {
    const all = await search(cwA, { kind: 'prosecutions' });
    expect(all.json.items).toHaveLength(20);
    expect(all.json.more).toBe(331);
    expect(all.json.items[0].date).toBe('2020-12-16'); // newest first
    const range = await search(cwA, {
      kind: 'prosecutions',
      from: '2010-01-01',
      to: '2019-12-31',
      limit: '5',
    });
    expect(range.json.items.map((i: { id: string }) => i.id)).toEqual([`${A}/pro-old`]);
    const state = await search(cwA, { kind: 'prosecutions', state: '09' });
    expect(state.json.items.map((i: { id: string }) => i.id)).toEqual([`${A}/pro-old`]);
    expect((await search(cwA, { kind: 'prosecutions', state: '99' })).status).toBe(400);
    expect((await search(cwA, { kind: 'persons' })).status).toBe(400);
  });

  it('finds a record by the file number of a stage naming it, and audits the search', async () => {
    const st = await cwA.request('POST', '/api/justice/stages', {
      stage: 'investigation',
      chainId: null,
      reference: 'CI/CDMX/0077/2010',
      recordRef: null,
      startedOn: '2010-01-05',
      charges: ['10'],
      defendantIds: [],
      victimPersonIds: [],
      officialComplicity: false,
    });
    expect(st.status, JSON.stringify(st.json)).toBe(201);
    const pro = await cwA.request('POST', '/api/justice/stages', {
      stage: 'prosecution',
      chainId: st.json.chainId,
      reference: 'CP 12/2010',
      recordRef: `${A}/pro-old`,
      startedOn: '2010-03-04',
      charges: ['10'],
      defendantIds: [],
      victimPersonIds: [],
      officialComplicity: false,
    });
    expect(pro.status, JSON.stringify(pro.json)).toBe(201);
    const r = await search(cwA, { kind: 'prosecutions', q: 'cp 12/2010' });
    expect(r.json.items).toEqual([expect.objectContaining({ id: `${A}/pro-old`, reference: 'CP 12/2010' })]);
    const audited = await srv.db.query<{ resource_id: string }>(
      `SELECT resource_id FROM audit_log WHERE action = 'search' AND resource = 'prosecutions' AND agency_id = $1`,
      [A],
    );
    expect(audited.rows.some((a) => a.resource_id === `${A}/pro-old`)).toBe(true);
    // Once a stage names the old record, the options carry it too (its label for the stage's facts), and B's
    // options never carry A's record.
    const opts = await cwA.request('GET', '/api/justice/options');
    const pros = opts.json.records.prosecutions as { id: string; reference: string | null }[];
    expect(pros).toHaveLength(301);
    expect(pros.find((p) => p.id === `${A}/pro-old`)).toMatchObject({ reference: 'CP 12/2010' });
    const optsB = await cwB.request('GET', '/api/justice/options');
    expect((optsB.json.records.prosecutions as { id: string }[]).map((p) => p.id)).toEqual([`${B}/pro-b`]);
  });
});
