import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { computeAnnualReport } from '@enlace/core/report/compute';
import { FIXTURE } from '@enlace/core/report/fixture.test-data';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = resolve(import.meta.dirname, '../../bin/enlace.mjs');
const dir = mkdtempSync(join(tmpdir(), 'enlace-report-'));

/** The fixture as a valid exchange-format folder (no names or CURPs: every record is its own person). */
function writeFolder(to: string) {
  const w = (file: string, rows: readonly object[]) => {
    const cols = Object.keys(rows[0]!);
    const cell = (v: unknown) =>
      v === null || v === undefined ? '' : Array.isArray(v) ? v.join(';') : String(v);
    const lines = rows.map((r) => cols.map((c) => cell((r as Record<string, unknown>)[c])).join(','));
    writeFileSync(join(to, file), `${[cols.join(','), ...lines].join('\n')}\n`);
  };
  w(
    'agencies.csv',
    FIXTURE.agencies.map((a) => ({ ...a, name: a.agency_id })),
  );
  w('persons.csv', FIXTURE.persons);
  w('identifications.csv', FIXTURE.identifications);
  // the columns the exchange format requires and the counting rules do not read
  w(
    'referrals.csv',
    FIXTURE.referrals.map((r) => ({ ...r, status: 'accepted' })),
  );
  w(
    'services.csv',
    FIXTURE.services.map((r) => ({ ...r, service: 'shelter' })),
  );
  w('investigations.csv', FIXTURE.investigations);
  w('prosecutions.csv', FIXTURE.prosecutions);
  w('convictions.csv', FIXTURE.convictions);
  w('restitution_payments.csv', FIXTURE.payments);
  w(
    'hotline_contacts.csv',
    FIXTURE.contacts.map((r) => ({ ...r, channel: 'phone' })),
  );
  w('financial_reports.csv', FIXTURE.financialReports);
}
const outDir = mkdtempSync(join(tmpdir(), 'enlace-report-out-'));
writeFolder(dir);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(outDir, { recursive: true, force: true });
});

const enlace = async (args: string[]) => {
  try {
    const r = await run('node', [BIN, ...args], {
      timeout: 120_000,
      env: { ...process.env, ENLACE_LOG_LEVEL: 'silent' },
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
};

describe('enlace report / publish / ctdc (from an exchange folder)', () => {
  it('report --format json prints the pure computation', async () => {
    const r = await enlace(['report', '--year', '2023', '--from', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(computeAnnualReport(2023, FIXTURE));
  });

  it('publish writes CSV, JSON and HTML with no count in 1..k-1', async () => {
    const out = join(dir, 'pub');
    const r = await enlace(['publish', '--year', '2023', '--from', dir, '--out', out, '--k', '3']);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(readFileSync(join(out, 'figures.json'), 'utf8'));
    for (const v of Object.values(json.figures))
      if (v !== null) expect(v === 0 || (v as number) >= 3).toBe(true);
    expect(json.disclosure.reasons).toBeUndefined(); // which cells are below k stays with the analysts
    expect(readFileSync(join(out, 'figures.csv'), 'utf8')).toMatch(/^figure,value,status\n/);
    expect(existsSync(join(out, 'index.html'))).toBe(true);
  });

  it('ctdc says how many rows it suppressed; bad input is a clear error', async () => {
    // beside the folder, not in it: a file the exchange format does not know makes the folder invalid
    const out = join(outDir, 'ctdc.csv');
    const r = await enlace(['ctdc', '--from', dir, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    // 13 record-persons: 11 registered in 2023 form one class at the last step (k = 11 reached);
    // p3 (registered 2022) and p9 (2024) are alone in their year and are suppressed
    expect(r.stdout).toMatch(/: 11 victims in CTDC columns, k = 11; 2 rows suppressed/);
    expect(readFileSync(out, 'utf8').trim().split('\r\n')).toHaveLength(12);
    const bad = await enlace(['report', '--year', '23', '--from', dir]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr + bad.stdout).toMatch(/--year/);
  });

  it('a folder the import would refuse is refused with file, line and column, and no figure is printed', async () => {
    const badDir = mkdtempSync(join(tmpdir(), 'enlace-report-bad-'));
    try {
      writeFolder(badDir);
      const p = join(badDir, 'identifications.csv');
      const lines = readFileSync(p, 'utf8').split('\n');
      const header = lines[0]!.split(',');
      const cells = lines[2]!.split(',');
      cells[header.indexOf('date')] = '2023-02-30';
      lines[2] = cells.join(',');
      writeFileSync(p, lines.join('\n'));
      const r = await enlace(['report', '--year', '2023', '--from', badDir]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('invalid_folder');
      expect(r.stderr).toMatch(/identifications\.csv:3\b.*date/);
    } finally {
      rmSync(badDir, { recursive: true, force: true });
    }
  });

  it('report --format html in es-MX by default and en-US with --lang; another language is refused', async () => {
    const es = await enlace(['report', '--year', '2023', '--from', dir, '--format', 'html']);
    expect(es.code, es.stderr).toBe(0);
    expect(es.stdout).toContain('<html lang="es-MX">');
    expect(es.stdout).toContain('En 2023 se identificaron');
    const en = await enlace([
      'report',
      '--year',
      '2023',
      '--from',
      dir,
      '--format',
      'html',
      '--lang',
      'en-US',
    ]);
    expect(en.code, en.stderr).toBe(0);
    expect(en.stdout).toContain('Trafficking in persons in Mexico: national figures 2023');
    const bad = await enlace(['report', '--year', '2023', '--from', dir, '--format', 'html', '--lang', 'fr']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr + bad.stdout).toMatch(/--lang/);
  });
});
