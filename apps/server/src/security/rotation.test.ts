import { encodePartPairs } from '@enlace/linkage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/databases.ts';
import { type Client, startTestServer, type TestServer } from '../../test/server.ts';
import { insertIdentifier } from '../api/network/repository.ts';
import { insertTip } from '../api/tips/repository.ts';
import type { Db } from '../db/index.ts';
import { loadDemo } from '../demo/load.ts';
import * as linkageRuns from '../linkage-workers/repository.ts';
import { insertAddition } from '../public/repository.ts';
import type { Runtime } from '../runtime.ts';
import {
  activeKeyId,
  columnAad,
  decryptField,
  encryptField,
  keyIdOf,
  type RotationProgress,
  rotateKeys,
} from './crypto.ts';
import { currentTotp } from './totp.ts';

/**
 * `enlace keys rotate` on a database filled the ways a real one is: the demo dataset (bulk import), persons
 * written through the records API, case work (screening, case, provider address, packets), tips and MFA
 * secrets. Every encrypted value decrypts after rotation to what it was, and no value keeps an old key id.
 */

interface Snapshot {
  /** `table.column` → the plaintexts of its values, sorted. */
  plain: Map<string, string[]>;
  /** key ids in use. */
  keyIds: Set<string>;
  values: number;
}

async function snapshot(db: Db): Promise<Snapshot> {
  const { rows: cols } = await db.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
     WHERE table_schema = current_schema() AND column_name LIKE '%\\_enc' ORDER BY 1, 2`,
  );
  const plain = new Map<string, string[]>();
  const keyIds = new Set<string>();
  let values = 0;
  for (const c of cols) {
    const { rows } = await db.query<{ v: string }>(
      `SELECT "${c.column_name}" AS v FROM "${c.table_name}" WHERE "${c.column_name}" IS NOT NULL`,
    );
    const list: string[] = [];
    for (const r of rows) {
      keyIds.add(keyIdOf(r.v)!);
      // Each value decrypts with its column's associated data (the binding its writer used).
      list.push(decryptField(r.v, columnAad(c.table_name, c.column_name))!);
      values++;
    }
    plain.set(`${c.table_name}.${c.column_name}`, list.sort());
  }
  return { plain, keyIds, values };
}

describe.each(['pglite', 'postgres'] as const)('keys rotate on a demo-sized database (%s)', (database) => {
  let srv: TestServer;
  let cw: Client;
  let cwUser: Awaited<ReturnType<TestServer['createUser']>>;
  let caseId: string;

  beforeAll(async () => {
    srv = await startTestServer({ database });
    // The demo dataset, imported like any agency's folder (scale 1: about 4,300 persons), and its users.
    await srv.ensureAgency('enlace'); // the system agency `serve` creates, home of the demo analyst
    await loadDemo({ db: srv.db } as Runtime, { scale: 1 });
    await srv.ensureAgency('fgj-a', 'state', '07', 'prosecutor');
    await srv.ensureAgency('fgj-b', 'state', '09', 'prosecutor');
    await srv.ensureAgency('shelter-p', 'ngo', null, 'service_provider');
    cwUser = await srv.createUser({ role: 'caseworker', agencyId: 'fgj-a' });
    cw = await srv.login(cwUser); // enrols MFA: users.mfa_secret_enc
    const prov = await srv.login(await srv.createUser({ role: 'service_provider', agencyId: 'shelter-p' }));

    // Persons through the records API (every personal column).
    for (let i = 1; i <= 5; i++) {
      const r = await cw.request('PUT', `/api/persons/fgj-a%2F000${i}`, {
        given_names: `María ${i}`,
        surname_1: 'Hernández',
        surname_2: 'Ruíz',
        birth_date: '1991-04-02',
        sex: 'female',
        nationality: 'MEX',
        phone: `+52 961 000 00${i}`,
        email: `m${i}@example.test`,
        address: `=HYPERLINK("x") Calle ${i}`,
      });
      expect(r.status, JSON.stringify(r.json)).toBe(200);
    }
    // Case work: a screening, a case with its person and notes, a provider's address, a packet.
    // an investigator's identifier with a note (network analysis)
    await insertIdentifier(srv.db, {
      agencyId: 'fgj-a',
      personId: 'fgj-a/0001',
      kind: 'phone',
      value: '55 4821 3390',
      note: 'teléfono del enganchador',
    });
    // a write with an Idempotency-Key stores its (encrypted) answer
    const s = await cw.request(
      'POST',
      '/api/screenings',
      { instrumentId: 'full-interview' },
      { 'idempotency-key': 'rotation-test-0001' },
    );
    expect(s.status).toBe(201);
    await cw.request('PUT', `/api/screenings/${s.json.id}/answers/ok_to_continue`, { value: 'no' });
    expect((await cw.request('POST', `/api/screenings/${s.json.id}/complete`)).status).toBe(200);
    const c = await cw.request('POST', '/api/cases', {
      person: { givenNames: 'Tonatiuh', surname1: 'Xochitl', birthDate: '1991-04-02', sex: 'male' },
      perpetrators: [{ alias: 'El Patrón', role: 'exploiter' }],
      timeline: [{ phase: 'recruitment', from: '2025-06', place: 'San Juan Chamula' }],
      notes: 'Nota reservada',
      supportPlan: 'Plan',
    });
    expect(c.status, JSON.stringify(c.json)).toBe(201);
    caseId = c.json.id;
    const p = await prov.request('PUT', '/api/providers/mine', {
      services: ['shelter'],
      languages: ['spa'],
      coverage: { states: ['07'] },
      municipality: '07101',
      capacity: { total: 10, free: 2 },
      referralContact: 'canalizacion@example.test',
      name: 'Refugio P',
      address: 'Calle Reservada 123',
    });
    expect(p.status, JSON.stringify(p.json)).toBe(200);
    await cw.request('POST', `/api/cases/${caseId}/consents`, { purpose: 'cross_border', action: 'granted' });
    // Issue 11: a guardian's consent (cw_consents.detail_enc), a support plan (cw_cases.plan_enc) and a request to
    // another agency (cw_access_requests.reason_enc).
    await cw.request('POST', `/api/cases/${caseId}/consents`, {
      purpose: 'contact',
      action: 'granted',
      method: 'guardian',
      guardianName: 'Rosa Xochitl (madre)',
    });
    const plan = { goals: [{ id: 'g1', title: 'Vivienda segura', tasks: [] }], followUps: [] };
    expect((await cw.request('PATCH', `/api/cases/${caseId}`, { plan })).status).toBe(200);
    await srv.db.query(
      `INSERT INTO cw_access_requests (case_id, from_agency_id, requested_by, to_agency_id, person_id, probability, reason_enc)
       VALUES ($1, 'fgj-a', $2, 'fgj-b', 'fgj-b/0001', 0.9, $3)`,
      [
        caseId,
        cwUser.id,
        encryptField(JSON.stringify('Coordinar su atención'), 'cw_access_requests.reason_enc'),
      ],
    );
    // Issue 11: a transfer declined by the receiving agency (cw_transfers.summary_enc, reason_enc,
    // answer_reason_enc).
    await srv.db.query(
      `INSERT INTO cw_transfers (case_id, from_agency_id, to_agency_id, status, summary_enc, reason_enc, requested_by,
         answered_by, answered_at, answer_reason_enc)
       VALUES ($1, 'fgj-a', 'fgj-b', 'declined', $3, $4, $2, $2, now(), $5)`,
      [
        caseId,
        cwUser.id,
        encryptField(JSON.stringify({ displayName: 'Rosa', needs: [] }), 'cw_transfers.summary_enc'),
        encryptField(JSON.stringify('Vive ahora en otro estado'), 'cw_transfers.reason_enc'),
        encryptField(JSON.stringify('No tenemos competencia'), 'cw_transfers.answer_reason_enc'),
      ],
    );
    // Issue 14: a defendant (jd_defendants.identity_enc, notes_enc), a stage with a complicity note and notes
    // (jd_stages.complicity_enc, notes_enc), a financial report's subjects, accounts and notes.
    const def = await cw.request('POST', '/api/defendants', {
      identity: { givenNames: 'Ramiro', surname1: 'Castillo', aliases: ['El Flaco'] },
      notes: 'Cobraba en la central de autobuses',
    });
    expect(def.status, JSON.stringify(def.json)).toBe(201);
    const inv = await cw.request('POST', '/api/justice/stages', {
      stage: 'investigation',
      startedOn: '2024-02-01',
      officialComplicity: true,
      complicityNote: 'Un agente avisaba de los operativos',
      notes: 'Denuncia anónima',
      defendantIds: [def.json.id],
    });
    expect(inv.status, JSON.stringify(inv.json)).toBe(201);
    const fin = await cw.request('POST', '/api/financial-intelligence', {
      reportType: 'cash_deposit',
      reportedOn: '2024-03-01',
      amount: '95000.00',
      currency: 'MXN',
      subjects: [{ kind: 'person', name: 'Ramiro Castillo' }],
      accounts: [{ number: '012180001234567891' }],
      notes: 'Depósitos fraccionados',
      chainIds: [inv.json.id],
    });
    expect(fin.status, JSON.stringify(fin.json)).toBe(201);
    const pk = await cw.request('POST', '/api/packets', {
      caseId,
      recipient: { agencyId: 'fgj-b', name: 'Partner B', country: 'USA' },
      services: ['shelter'],
      urgent: false,
    });
    expect(pk.status, JSON.stringify(pk.json)).toBe(201);
    const tip = await insertTip(srv.db, {
      folio: 'D-ROTATE01',
      agencyId: 'fgj-a',
      category: 'labor',
      stateCode: '20',
      language: 'spa',
      urgent: false,
      description: 'Trabajadores encerrados en un rancho',
      contact: 'tel 555',
    });
    // what the person added later through the public follow-up page
    await insertAddition(srv.db, tip, 'Son doce personas', 'correo de contacto');
    // Issue 16: a distributed linkage run's part waiting for a worker (linkage_run_parts.records_enc)
    const runId = await linkageRuns.insertRun(srv.db, {
      persons: 2,
      pairs: 1,
      parts: 1,
      comparisons: ['given_names'],
      termFrequencies: false,
      code: 'rotation-test',
    });
    await linkageRuns.insertParts(srv.db, runId, [
      {
        part: 0,
        recordsEnc: encryptField(
          '[{"given_names":"Ana"},{"given_names":"Ana"}]',
          'linkage_run_parts.records_enc',
        )!,
        pairs: encodePartPairs({
          left: Uint32Array.of(0),
          right: Uint32Array.of(1),
          tf: new Float32Array(0),
        }),
        pairCount: 1,
      },
    ]);
    // and its shard, read by a worker (linkage_run_shards.records_enc: the shard's snapshot)
    await linkageRuns.insertShards(srv.db, runId, [['p-1', 'p-2']]);
    await linkageRuns.writeShardSnapshot(
      srv.db,
      runId,
      0,
      encryptField('[{"given_names":"Ana"},{"given_names":"Ana"}]', 'linkage_run_shards.records_enc')!,
    );
  }, 600_000);
  afterAll(async () => srv?.close());

  it('re-encrypts every value under the new key; every value decrypts to what it was; old key ids are gone', async () => {
    const before = await snapshot(srv.db);
    // Every encrypted column of the schema holds values here, so the binding of each one is exercised.
    for (const [col, list] of before.plain) expect(list.length, col).toBeGreaterThan(0);
    expect(before.plain.get('persons.address_enc')!.length).toBeGreaterThan(1000);
    expect(before.values).toBeGreaterThan(10_000);
    const oldKey = activeKeyId();
    expect([...before.keyIds]).toEqual([oldKey]);

    const progress: RotationProgress[] = [];
    const r = await rotateKeys(srv.db, (p) => progress.push(p));
    expect(r.retiredKeyIds).toEqual([oldKey]);
    expect(r.reencrypted).toBe(before.values);
    expect(r.columns.sort()).toEqual([...before.plain.keys()].sort());
    // Progress: counted up front, monotonic, ends at the total, several steps on the big table.
    expect(progress.every((p) => p.total === before.values)).toBe(true);
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b));
    expect(progress.at(-1)!.done).toBe(before.values);
    expect(progress.filter((p) => p.table === 'persons').length).toBeGreaterThan(5);

    const after = await snapshot(srv.db);
    expect([...after.keyIds]).toEqual([r.newKeyId]);
    expect(after.plain).toEqual(before.plain);
    const keys = await srv.db.query<{ id: string; active: boolean }>(
      'SELECT id, active FROM encryption_keys ORDER BY created_at',
    );
    expect(keys.rows).toEqual([
      { id: oldKey, active: false },
      { id: r.newKeyId, active: true },
    ]);

    // The application reads them as before: records API, case, MFA secret at the next sign-in.
    const rec = await cw.request('GET', '/api/persons/fgj-a%2F0003');
    expect(rec.json.values).toMatchObject({ given_names: 'María 3', address: '=HYPERLINK("x") Calle 3' });
    expect((await cw.request('GET', `/api/cases/${caseId}`)).json.person.givenNames).toBe('Tonatiuh');
    const login = await fetch(`${srv.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: cwUser.email, password: cwUser.password }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const mfa = await fetch(`${srv.url}/api/auth/mfa/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({ code: currentTotp(cw.totpSecret!, Date.now() + 30_000) }),
    });
    expect(mfa.status).toBe(200);

    // A second rotation retires the first new key the same way.
    const r2 = await rotateKeys(srv.db);
    expect(r2.retiredKeyIds).toEqual([r.newKeyId]);
    const again = await snapshot(srv.db);
    expect([...again.keyIds]).toEqual([r2.newKeyId]);
    expect(again.plain).toEqual(before.plain);
  }, 600_000);
});

describe.each(testDatabases())('keys rotate, all or nothing ($name)', ({ open }) => {
  it('a value that cannot be decrypted stops the rotation: nothing changes and the old key stays active', async () => {
    const db = await open();
    await db.query('CREATE TABLE rot_bad (id int PRIMARY KEY, secret_enc text)');
    for (let i = 0; i < 5; i++)
      await db.query('INSERT INTO rot_bad VALUES ($1, $2)', [i, encryptField(`v${i}`, 'rot_bad.secret_enc')]);
    // A value bound to another column (moved by someone with database access) does not decrypt here.
    await db.query('INSERT INTO rot_bad VALUES (9, $1)', [encryptField('moved', 'tips.contact_enc')]);
    const key = activeKeyId();
    const before = await db.query('SELECT * FROM rot_bad ORDER BY id');
    await expect(rotateKeys(db)).rejects.toThrow(/rot_bad\.secret_enc cannot be decrypted/);
    expect(activeKeyId()).toBe(key);
    expect((await db.query('SELECT * FROM rot_bad ORDER BY id')).rows).toEqual(before.rows);
    const keys = await db.query<{ id: string }>('SELECT id FROM encryption_keys WHERE active');
    expect(keys.rows.map((r) => r.id)).toEqual([key]);
    await db.close();
  });
});
