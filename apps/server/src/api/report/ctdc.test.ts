/**
 * GET /api/report/ctdc: the national anonymised victim records in CTDC / HTCDS columns, for an analyst of a
 * national agency only (the rule chosen pending confirmation), the same file `enlace ctdc` writes (same
 * k-anonymity and formula-injection guard), audited; anyone else refused with a stable code.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURE, FIXTURE_LINKS } from '@enlace/core/report/fixture.test-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestServer, type TestServer } from '../../../test/server.ts';
import { insertReportData } from '../../report/seed.ts';
import { loadData, writeCtdc } from '../../report/service.ts';
import { blindIndex } from '../../security/crypto.ts';

let srv: TestServer;
let national: Client;
let stateAnalyst: Client;
let supervisor: Client;
const tmp = mkdtempSync(join(tmpdir(), 'enlace-ctdc-api-'));

beforeAll(async () => {
  srv = await startTestServer();
  await insertReportData(srv.db, FIXTURE, (id) =>
    FIXTURE_LINKS[id] ? blindIndex('curp', `CURP-${FIXTURE_LINKS[id]}`) : null,
  );
  national = await srv.login(await srv.createUser({ role: 'analyst', agencyId: 'estadistica-nacional' }));
  stateAnalyst = await srv.login(await srv.createUser({ role: 'analyst', agencyId: 'analisis-jalisco' }));
  // createUser makes its agency federal: the state analysis unit is made a state agency afterwards
  await srv.ensureAgency('analisis-jalisco', 'state', '14');
  supervisor = await srv.login(
    await srv.createUser({ role: 'supervisor', agencyId: 'estadistica-nacional' }),
  );
}, 120_000);

afterAll(async () => {
  await srv?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('CTDC / HTCDS download from the web app', () => {
  it('an analyst of a national agency downloads the same file as enlace ctdc; the download is audited', async () => {
    expect((await national.request('GET', '/api/report/ctdc/permission')).json).toEqual({ allowed: true });
    const r = await national.request('GET', '/api/report/ctdc');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/csv');
    expect(r.headers.get('content-disposition')).toMatch(
      /attachment; filename="victimas-ctdc-htcds-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    // the file named in the reader's language, the same rows
    const en = await national.request('GET', '/api/report/ctdc?lang=en-US');
    expect(en.headers.get('content-disposition')).toMatch(
      /attachment; filename="victim-records-ctdc-htcds-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    expect(en.json).toBe(r.json);
    const file = join(tmp, 'cli.csv');
    writeCtdc(await loadData({ kind: 'db', db: srv.db }, 1900, new Date().getUTCFullYear() + 1), file, 11);
    expect(r.json).toBe(readFileSync(file, 'utf8'));
    expect(String(r.json).split('\r\n')[0]).toMatch(/^yearOfRegistration,Datasource,gender,ageBroad/);
    // a larger k is allowed, a smaller one never from the web app
    expect((await national.request('GET', '/api/report/ctdc?k=25')).status).toBe(200);
    const small = await national.request('GET', '/api/report/ctdc?k=5');
    expect(small.status).toBe(400);
    const audited = await srv.db.query<{ resource_id: string; justification: string }>(
      "SELECT resource_id, justification FROM audit_log WHERE resource = 'ctdc' AND action = 'export' ORDER BY id",
    );
    // every download audited: the es-MX and the en-US one, then k=25
    expect(audited.rows.map((a) => a.resource_id)).toEqual(['k=11', 'k=11', 'k=25']);
    expect(audited.rows[0]!.justification).toMatch(/^\d+ rows, \d+ suppressed/);
  });

  it('an analyst of a state agency and other roles are refused; nothing is audited as an export', async () => {
    const before = await srv.db.query("SELECT count(*)::int AS n FROM audit_log WHERE resource = 'ctdc'");
    expect((await stateAnalyst.request('GET', '/api/report/ctdc/permission')).json).toEqual({
      allowed: false,
    });
    const s = await stateAnalyst.request('GET', '/api/report/ctdc');
    expect(s.status).toBe(403);
    expect(s.json.error.code).toBe('ctdc_national_analyst_only');
    expect((await supervisor.request('GET', '/api/report/ctdc/permission')).json).toEqual({ allowed: false });
    const sup = await supervisor.request('GET', '/api/report/ctdc');
    expect(sup.status).toBe(403);
    expect(sup.json.error.details?.[0]?.permission).toBe('ctdc:export');
    const after = await srv.db.query("SELECT count(*)::int AS n FROM audit_log WHERE resource = 'ctdc'");
    expect(after.rows).toEqual(before.rows);
  });

  it('the downloaded file imported back through the web app (POST /api/report/htcds): checked, imported, again unchanged', async () => {
    const csv = String((await national.request('GET', '/api/report/ctdc')).json);
    const rows = csv.trim().split('\r\n').length - 1;
    const headers = { 'content-type': 'text/csv' };
    const dry = await national.request('POST', '/api/report/htcds?dryRun=true&name=ctdc.csv', csv, headers);
    expect(dry.status).toBe(200);
    expect(dry.json).toMatchObject({ ok: true, dryRun: true, file: 'ctdc.csv', rows, errors: [] });
    const owned = () =>
      srv.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM persons WHERE agency_id = 'estadistica-nacional' AND person_id LIKE 'estadistica-nacional/htcds-%'",
      );
    expect((await owned()).rows[0]!.n).toBe(0);
    const done = await national.request('POST', '/api/report/htcds?name=ctdc.csv', csv, headers);
    expect(done.status).toBe(200);
    expect(done.json.ok).toBe(true);
    expect(done.json.files.find((f: { file: string }) => f.file === 'persons.csv').inserted).toBe(rows);
    expect((await owned()).rows[0]!.n).toBe(rows);
    const again = await national.request('POST', '/api/report/htcds?name=ctdc.csv', csv, headers);
    expect(
      again.json.files.every((f: { inserted: number; updated: number }) => f.inserted + f.updated === 0),
    ).toBe(true);
    const audited = await srv.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE resource = 'htcds' AND action = 'import'",
    );
    expect(audited.rows[0]!.n).toBe(2);

    // a file with an error: listed by line and column, nothing changed
    const bad = `${csv.split('\r\n')[0]}\r\n2021${',x'.repeat(3)}\r\n`;
    const r = await national.request('POST', '/api/report/htcds?name=malo.csv', bad, headers);
    expect(r.status).toBe(200);
    expect(r.json.ok).toBe(false);
    expect(r.json.errors[0]).toMatchObject({ file: 'malo.csv', line: 2, column: 'gender' });
    expect((await owned()).rows[0]!.n).toBe(rows);
    // a state analyst is refused
    const s = await stateAnalyst.request('POST', '/api/report/htcds', csv, headers);
    expect(s.status).toBe(403);
    expect(s.json.error.code).toBe('htcds_national_analyst_only');
  });
});
