import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestServer, type TestServer } from '../../../test/server.ts';
import { exportFolder } from '../../import/engine.ts';
import { upsertAgency } from '../agencies/repository.ts';

/**
 * The records API writes through the import engine as a one-row exchange folder: its text goes through the same
 * formula-injection escape (cellText) the import undoes, so what a user types is what is stored and shown, and an
 * export neutralises it.
 */
describe.each(['pglite', 'postgres'] as const)('records API and formula-like text (%s)', (database) => {
  let srv: TestServer;
  let a: Client;
  beforeAll(async () => {
    srv = await startTestServer({ database });
    a = await srv.login(await srv.createUser({ role: 'caseworker', agencyId: 'fge-a' }));
    // An agency whose own name looks like a formula: its row is part of every one-row folder the API builds.
    await upsertAgency(srv.db, {
      id: 'fge-a',
      name: "'=Fiscalía A",
      level: 'state',
      kind: 'prosecutor',
      stateCode: '09',
      country: 'MEX',
    });
  }, 120_000);
  afterAll(async () => srv?.close());

  it('stores and returns text exactly as typed, apostrophes included, and exports it neutralised', async () => {
    const body = {
      given_names: "'=1+1",
      surname_1: '=HYPERLINK("http://evil.example","x")',
      surname_2: "''@x",
      phone: '+52 55 1234 5678',
      email: "'tis@example.test",
      address: '-2+3',
    };
    const r = await a.request('PUT', '/api/persons/fge-a%2F0001', body);
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.json.values).toMatchObject(body);
    expect((await a.request('GET', '/api/persons/fge-a%2F0001')).json.values).toMatchObject(body);
    // Written again unchanged: the same row, nothing updated (the stored text and its hash are stable).
    expect((await a.request('PUT', '/api/persons/fge-a%2F0001', body)).json.status).toBe('unchanged');
    const agency = await srv.db.query<{ name: string }>("SELECT name FROM agencies WHERE id = 'fge-a'");
    expect(agency.rows[0]!.name).toBe("'=Fiscalía A");

    const dir = await mkdtemp(join(tmpdir(), 'enlace-records-formula-'));
    try {
      await exportFolder({ db: srv.db, actor: { userId: null, agencyId: null } }, dir);
      const csv = await readFile(join(dir, 'persons.csv'), 'utf8');
      expect(csv).toContain(
        `fge-a/0001,fge-a,''=1+1,"'=HYPERLINK(""http://evil.example"",""x"")",'''@x,,,,,,,,,'+52 55 1234 5678,'tis@example.test,'-2+3\r\n`,
      );
      expect(await readFile(join(dir, 'agencies.csv'), 'utf8')).toContain("fge-a,''=Fiscalía A,state,");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
