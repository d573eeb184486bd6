import { demoFolder, FILES } from '@enlace/core';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestServer, type TestServer } from '../../test/server.ts';
import { countRows } from './repository.ts';

let srv: TestServer;
let sup: Client;
const demo = demoFolder({ scale: 0.03, hotlineScale: 0.02 });
const AGENCY = 'fge-cmx';

/** The part of the demo folder that belongs to one agency (a realistic agency submission). */
function agencyFolder(): Record<string, string> {
  const out: Record<string, string> = { 'agencies.csv': demo['agencies.csv']! };
  const persons = demo['persons.csv']!.split('\r\n');
  out['persons.csv'] =
    `${[persons[0], ...persons.slice(1).filter((l) => l.split(',')[1] === AGENCY)].join('\r\n')}\r\n`;
  const idents = demo['identifications.csv']!.split('\r\n');
  const ids = new Set(
    out['persons.csv']
      .split('\r\n')
      .slice(1)
      .map((l) => l.split(',')[0]),
  );
  out['identifications.csv'] =
    `${[idents[0], ...idents.slice(1).filter((l) => ids.has(l.split(',')[1]) && l.split(',')[2] === AGENCY)].join('\r\n')}\r\n`;
  return out;
}

const zip = (files: Record<string, string>) =>
  zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [`envio/${k}`, strToU8(v)])));

async function upload(body: Uint8Array | FormData, contentType: string | null, query = '') {
  const headers: Record<string, string> = { cookie: sup.cookie, 'x-csrf-token': sup.csrfToken };
  if (contentType) headers['content-type'] = contentType;
  const r = await fetch(`${srv.url}/api/imports${query}`, { method: 'POST', headers, body });
  return { status: r.status, json: (await r.json()) as any };
}

beforeAll(async () => {
  srv = await startTestServer({ database: 'pglite' });
  await srv.ensureAgency(AGENCY, 'state', '09', 'prosecutor');
  sup = await srv.login(await srv.createUser({ role: 'supervisor', agencyId: AGENCY }));
}, 120_000);
afterAll(async () => srv.close());

describe('POST /api/imports (a .zip of an exchange folder)', () => {
  it('validates only with dryRun, then imports with counts, then a second upload changes nothing', async () => {
    const files = agencyFolder();
    const dry = await upload(zip(files), 'application/zip', '?dryRun=true');
    expect(dry.status).toBe(200);
    expect(dry.json.ok).toBe(true);
    expect(await countRows(srv.db, 'persons')).toBe(0);

    const form = new FormData();
    form.append('file', new Blob([zip(files)], { type: 'application/zip' }), 'envio.zip');
    const first = await upload(form, null);
    expect(first.status).toBe(200);
    expect(first.json.errors).toEqual([]);
    const persons = first.json.files.find((f: { file: string }) => f.file === 'persons.csv');
    expect(persons.inserted).toBeGreaterThan(0);
    const second = await upload(zip(files), 'application/zip');
    for (const f of second.json.files) expect(f.inserted + f.updated).toBe(0);
  });

  it('lists every error with file, line, column and both languages; changes nothing', async () => {
    const before = await Promise.all(FILES.map((d) => countRows(srv.db, d.kind)));
    const files = agencyFolder();
    files['persons.csv'] = files['persons.csv']!.replace(/,female,/, ',mujer,');
    files['identifications.csv'] =
      `${files['identifications.csv']}x-1,nobody,${AGENCY},2022-01-01,sexual,,,,,,,\r\n`;
    const r = await upload(zip(files), 'application/zip');
    expect(r.status).toBe(200);
    expect(r.json.ok).toBe(false);
    expect(r.json.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'persons.csv', column: 'sex', code: 'invalid_enum' }),
        expect.objectContaining({
          file: 'identifications.csv',
          column: 'person_id',
          code: 'unknown_reference',
        }),
      ]),
    );
    for (const e of r.json.errors) expect(e.message.es && e.message.en).toBeTruthy();
    expect(await Promise.all(FILES.map((d) => countRows(srv.db, d.kind)))).toEqual(before);
  });

  it('streams progress lines and then the result with Accept: application/x-ndjson', async () => {
    const files = agencyFolder();
    files['persons.csv'] = files['persons.csv']!.replace(/,female,/, ',mujer,');
    const stream = async (f: Record<string, string>, query = '') => {
      const r = await fetch(`${srv.url}/api/imports${query}`, {
        method: 'POST',
        headers: {
          cookie: sup.cookie,
          'x-csrf-token': sup.csrfToken,
          'content-type': 'application/zip',
          accept: 'application/x-ndjson',
        },
        body: zip(f),
      });
      expect(r.headers.get('content-type')).toContain('application/x-ndjson');
      const text = await r.text();
      expect(text.endsWith('\n')).toBe(true);
      return text
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l)) as any[];
    };
    // A bad folder: progress, then the errors as the result; nothing written.
    const before = await countRows(srv.db, 'persons');
    const bad = await stream(files);
    const progress = bad.filter((l) => l.progress);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[0].progress).toMatchObject({ phase: expect.stringMatching(/^(validate|load)$/) });
    expect(progress[0].progress.totalBytes).toBeGreaterThan(0);
    const last = bad.at(-1);
    expect(last.result.ok).toBe(false);
    expect(last.result.errors[0]).toMatchObject({ file: 'persons.csv', column: 'sex', code: 'invalid_enum' });
    expect(await countRows(srv.db, 'persons')).toBe(before);
    // A good one after a dry run: the result equals the JSON answer's shape, and nothing else follows it.
    const good = await stream(agencyFolder(), '?dryRun=true');
    expect(good.at(-1).result).toMatchObject({ ok: true, dryRun: true, errors: [] });
    expect(good.filter((l) => l.result || l.error)).toHaveLength(1);
    // A real import of changed persons: their linkage is part of the work, with its own phase.
    const changed = agencyFolder();
    const lines = changed['persons.csv']!.split('\r\n');
    for (let i = 1; i <= 3; i++) lines[i] = lines[i]!.replace(/^([^,]*,[^,]*,)([^,]*)/, '$1$2X');
    changed['persons.csv'] = lines.join('\r\n');
    const real = await stream(changed);
    expect(real.at(-1).result.files.find((f: { file: string }) => f.file === 'persons.csv').updated).toBe(3);
    expect(real.filter((l) => l.progress?.phase === 'link').at(-1)?.progress).toEqual({
      phase: 'link',
      done: 3,
      total: 3,
    });
  });

  it('answers a committed import as done even when the linkage after it fails; the persons wait for the next run', async () => {
    const files = agencyFolder();
    const lines = files['persons.csv']!.split('\r\n');
    lines[1] = lines[1]!.replace(/^([^,]*,[^,]*,)([^,]*)/, '$1$2Z');
    files['persons.csv'] = lines.join('\r\n');
    const id = lines[1]!.split(',')[0]!;
    await srv.db.exec('ALTER TABLE linkage_models RENAME TO linkage_models_away');
    try {
      const r = await upload(zip(files), 'application/zip');
      expect(r.status).toBe(200);
      expect(r.json.ok).toBe(true);
      expect(r.json.files.find((f: { file: string }) => f.file === 'persons.csv').updated).toBeGreaterThan(0);
    } finally {
      await srv.db.exec('ALTER TABLE linkage_models_away RENAME TO linkage_models');
    }
    const pending = async () =>
      (await srv.db.query('SELECT 1 FROM person_link_keys WHERE person_id = $1', [id])).rows.length;
    expect(await pending()).toBe(0); // not linked yet
    await upload(zip(files), 'application/zip'); // the next import links what waits
    expect(await pending()).toBeGreaterThan(0);
  });

  it('refuses rows of another agency and anything that is not a .zip', async () => {
    const files = agencyFolder();
    files['persons.csv'] = files['persons.csv']!.replace(`,${AGENCY},`, ',fge-mex,');
    const r = await upload(zip(files), 'application/zip');
    expect(r.json.errors[0]).toMatchObject({ file: 'persons.csv', code: 'forbidden_agency' });
    const junk = await upload(new Uint8Array([1, 2, 3, 4]), 'application/zip');
    expect(junk.status).toBe(400);
  });
});
