/**
 * The public release through the API and the open-data page: an analyst prepares, a second analyst approves
 * (never the preparer), approval publishes on /datos-abiertos (no login), where nothing below k appears in the
 * HTML, the CSV or the JSON. Roles, audit, supersession, discarding, bad input.
 */
import { FIXTURE, FIXTURE_LINKS } from '@enlace/core/report/fixture.test-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestServer, type TestServer } from '../../../test/server.ts';
import { insertReportData } from '../../report/seed.ts';
import { blindIndex } from '../../security/crypto.ts';

const K = 3;
let srv: TestServer;
let ana1: Client;
let ana2: Client;
let ana1Id: string;
let supervisor: Client;
let caseworker: Client;

beforeAll(async () => {
  srv = await startTestServer();
  await insertReportData(srv.db, FIXTURE, (id) =>
    FIXTURE_LINKS[id] ? blindIndex('curp', `CURP-${FIXTURE_LINKS[id]}`) : null,
  );
  const a1 = await srv.createUser({ role: 'analyst', agencyId: 'analisis-nacional' });
  ana1Id = a1.id;
  ana1 = await srv.login(a1);
  // the second analyst works at another agency: releases are national, not scoped to an agency
  ana2 = await srv.login(await srv.createUser({ role: 'analyst', agencyId: 'analisis-estatal' }));
  supervisor = await srv.login(await srv.createUser({ role: 'supervisor', agencyId: 'analisis-nacional' }));
  caseworker = await srv.login(await srv.createUser({ role: 'caseworker', agencyId: 'analisis-nacional' }));
}, 120_000);

afterAll(async () => {
  await srv?.close();
});

const get = (path: string) => fetch(srv.url + path);

/** Every number in a cell of the public page's tables (locale-formatted, es-MX or en-US). */
function pageNumbers(htmlText: string): number[] {
  return [...htmlText.matchAll(/<td class="n">([^<]*)<\/td>/g)]
    .map((m) => m[1]!.replace(/[,\s]/g, ''))
    .filter((s) => s !== '—')
    .map(Number);
}

describe('public releases', () => {
  let first: string;

  it('an analyst prepares a release: cells, why each one is suppressed, nothing published yet', async () => {
    const r = await ana1.request('POST', '/api/releases', { year: 2023, k: K });
    expect(r.status).toBe(201);
    expect(r.json.status).toBe('prepared');
    expect(r.json.mayApprove).toBe(false); // the preparer may not approve
    first = r.json.id;
    const cells = r.json.cells as Array<{ key: string; value: number | null; reason: any }>;
    expect(cells.length).toBeGreaterThan(100);
    for (const c of cells) {
      if (c.value !== null) {
        expect(c.value === 0 || c.value >= K, c.key).toBe(true);
        expect(c.reason).toBeNull();
      } else {
        expect(['primary', 'complementary']).toContain(c.reason.kind);
        if (c.reason.kind === 'complementary')
          expect(cells.some((o) => o.key === c.reason.protects)).toBe(true);
      }
    }
    expect(r.json.primarySuppressed).toBeGreaterThan(0);
    expect(r.json.complementarySuppressed).toBeGreaterThan(0);
    // the second analyst sees it and may approve
    const seen = await ana2.request('GET', `/api/releases/${first}`);
    expect(seen.status).toBe(200);
    expect(seen.json.mayApprove).toBe(true);
    const list = await ana2.request('GET', '/api/releases');
    expect(list.json.items.map((i: { id: string }) => i.id)).toContain(first);
    expect(list.json.years[0]).toBe(2024); // the fixture's newest records
    expect(list.json.years).toContain(2023);
    // nothing on the public page before approval
    expect((await get('/datos-abiertos/2023')).status).toBe(404);
    expect(await (await get('/datos-abiertos')).text()).not.toContain('/datos-abiertos/2023');
  });

  it('the preparer cannot approve (two-person rule), nor can a role without the permission', async () => {
    const own = await ana1.request('POST', `/api/releases/${first}/approve`);
    expect(own.status).toBe(403);
    expect(own.json.error.code).toBe('release_second_analyst_required');
    expect((await supervisor.request('POST', `/api/releases/${first}/approve`)).status).toBe(403);
    expect((await supervisor.request('POST', '/api/releases', { year: 2023, k: K })).status).toBe(403);
    expect((await supervisor.request('GET', '/api/releases')).status).toBe(200); // report:read
    expect((await caseworker.request('GET', '/api/releases')).status).toBe(403);
    expect((await caseworker.request('GET', `/api/releases/${first}`)).status).toBe(403);
    // the database refuses it too
    await expect(
      srv.db.query(
        `UPDATE public_releases SET status = 'published', approved_by = prepared_by, published_at = now() WHERE id = $1`,
        [first],
      ),
    ).rejects.toThrow();
  });

  it('rejects bad input with stable codes, never a 500', async () => {
    for (const body of [
      { year: 'x' },
      { year: 2023, k: 1 },
      { year: 2023, epsilon: -1 },
      { year: 2023, extra: 1 },
    ]) {
      const r = await ana1.request('POST', '/api/releases', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.json.error.code).toBe('invalid_input');
    }
    const empty = await ana1.request('POST', '/api/releases', { year: 1999, k: 11 });
    expect(empty.status).toBe(422);
    expect(empty.json.error.code).toBe('release_no_data');
    expect((await ana1.request('GET', '/api/releases/not-a-uuid')).status).toBe(400);
    expect((await ana1.request('GET', '/api/releases/00000000-0000-4000-8000-000000000000')).status).toBe(
      404,
    );
  });

  it('a second analyst approves: published on the open-data page, nothing below k in HTML, CSV or JSON', async () => {
    const r = await ana2.request('POST', `/api/releases/${first}/approve`);
    expect(r.status).toBe(200);
    expect(r.json.status).toBe('published');
    expect(r.json.approvedBy.name).toBe('analyst');
    const again = await ana2.request('POST', `/api/releases/${first}/approve`);
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('release_not_prepared');

    const index = await get('/datos-abiertos');
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('href="/datos-abiertos/2023?lang=es-MX"');
    const page = await get('/datos-abiertos/2023');
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain('<html lang="es-MX">');
    expect(text).toContain('Cifras nacionales de trata de personas, 2023');
    expect(text).not.toMatch(/<script/i);
    expect(text).not.toContain('victims.by_form_sex_age'); // labels, not keys
    const nums = pageNumbers(text);
    expect(nums.length).toBeGreaterThan(20);
    for (const n of nums) expect(n === 0 || n >= K, String(n)).toBe(true);
    expect(text).toContain('reservado');
    const en = await (await get('/datos-abiertos/2023?lang=en-US')).text();
    expect(en).toContain('<html lang="en-US">');
    expect(en).toContain('suppressed');

    const csv = await get('/datos-abiertos/2023/cifras.csv');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const rows = (await csv.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(rows[0]).toBe('figure,label_es,label_en,value,status');
    for (const row of rows.slice(1)) {
      const m = row.match(/,(-?[\d.]*),(published|suppressed|withheld|noisy)$/);
      if (!m) continue;
      if (m[2] === 'published' && row.split(',')[0]!.match(/_mxn|_usd|sentence/) === null && m[1] !== '')
        expect(Number(m[1]) === 0 || Number(m[1]) >= K, row).toBe(true);
      expect(row).not.toMatch(/(^|,)[=+\-@]/);
    }
    const json = (await (await get('/datos-abiertos/2023/cifras.json')).json()) as any;
    for (const [k, v] of Object.entries(json.figures as Record<string, number | null>))
      if (v !== null) expect(v === 0 || v >= K, k).toBe(true);
    expect(JSON.stringify(json)).not.toContain('reasons');
    expect(JSON.stringify(json)).not.toContain(ana1Id);
    expect(json.relations.length).toBeGreaterThan(50);
    const dict = await get('/datos-abiertos/diccionario');
    expect(await dict.text()).toContain('victims.by_form_sex_age.sex.girls');
    expect((await get('/datos-abiertos/diccionario.csv')).status).toBe(200);
    expect((await get('/datos-abiertos/1995')).status).toBe(404);
    expect((await get('/datos-abiertos/abc')).status).toBe(404);
  });

  it('a new approved release supersedes the year; a prepared one can be discarded; every step audited', async () => {
    const second = await ana2.request('POST', '/api/releases', { year: 2023, k: 5, epsilon: 1 });
    expect(second.status).toBe(201);
    for (const c of second.json.cells) if (c.value !== null) expect(c.value === 0 || c.value >= 5).toBe(true);
    const ok = await ana1.request('POST', `/api/releases/${second.json.id}/approve`);
    expect(ok.json.status).toBe('published');
    expect((await ana1.request('GET', `/api/releases/${first}`)).json.status).toBe('superseded');
    const json = (await (await get('/datos-abiertos/2023/cifras.json')).json()) as any;
    expect(json.k).toBe(5);
    expect(json.epsilon).toBe(1);

    const third = await ana1.request('POST', '/api/releases', { year: 2022, k: 11 });
    const gone = await ana1.request('POST', `/api/releases/${third.json.id}/discard`);
    expect(gone.json.status).toBe('discarded');
    expect((await ana2.request('POST', `/api/releases/${third.json.id}/approve`)).status).toBe(409);

    const { rows } = await srv.db.query<{ action: string; resource_id: string }>(
      `SELECT action, resource_id FROM audit_log WHERE resource = 'public_releases' AND resource_id = $1 ORDER BY id`,
      [first],
    );
    const actions = rows.map((r) => r.action);
    for (const a of ['create', 'read', 'approve', 'publish', 'update']) expect(actions).toContain(a);
  });
});
