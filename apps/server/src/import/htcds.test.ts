import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ctdcCsv, ctdcExport } from '@enlace/core/report/ctdc';
import { folderFiles, nationalFolder } from '@enlace/evaldata';
import { afterAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/databases.ts';
import { upsertAgency } from '../api/agencies/repository.ts';
import type { Db } from '../db/index.ts';
import { loadData } from '../report/service.ts';
import { importHtcds } from './htcds.ts';

const tmp = mkdtempSync(join(tmpdir(), 'enlace-htcds-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A national exchange folder (synthetic), and its CTDC export as written by `enlace ctdc --from DIR`. */
async function exportedFile() {
  const dir = join(tmp, 'national');
  for (const [file, body] of Object.entries(folderFiles(nationalFolder({ seed: 7, scale: 0.25 })))) {
    writeFileSync(join(dir, file), body, { flag: 'w' });
  }
  const loaded = await loadData({ kind: 'folder', dir }, 1900, 2100);
  const exp = ctdcExport(loaded.data, loaded.personKey, 11);
  const file = join(tmp, 'victims-ctdc.csv');
  writeFileSync(file, ctdcCsv(exp));
  return { file, rows: exp.rows.length };
}

async function counts(db: Db) {
  const r = await db.query<{ p: number; i: number }>(
    'SELECT (SELECT count(*)::int FROM persons) AS p, (SELECT count(*)::int FROM identifications) AS i',
  );
  return r.rows[0]!;
}

describe.each(testDatabases())('HTCDS / CTDC import on $name', ({ open }) => {
  const ctx = (db: Db) => ({ db, actor: { userId: null, agencyId: null } });

  it('export → import → export gives the same file; importing it again changes nothing; audited', async () => {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(tmp, 'national'), { recursive: true });
    const { file, rows } = await exportedFile();
    expect(rows).toBeGreaterThan(100);
    const db = await open();
    try {
      await upsertAgency(db, {
        id: 'inegi',
        name: 'Instituto Nacional de Estadística (prueba)',
        level: 'federal',
        kind: 'other',
        stateCode: null,
        country: 'MEX',
      });
      const r = await importHtcds(ctx(db), file, { agencyId: 'inegi' });
      expect(r.errors).toEqual([]);
      expect(r.ok).toBe(true);
      expect(r.rows).toBe(rows);
      expect(r.approximated).toEqual({});
      // one person per row; one identification per row, and one more per further sector of a victim
      const inserted = Object.fromEntries(r.files.map((f) => [f.file, f.inserted]));
      expect(inserted['persons.csv']).toBe(rows);
      expect(inserted['identifications.csv']).toBeGreaterThan(rows);
      const again = await loadData({ kind: 'db', db }, 1900, 2100);
      const reexported = ctdcCsv(ctdcExport(again.data, again.personKey, 11));
      expect(reexported).toBe(readFileSync(file, 'utf8'));
      // the same figures: victims by year of registration
      const byYear = await db.query<{ y: number; n: number }>(
        "SELECT extract(year FROM date)::int AS y, count(DISTINCT person_id)::int AS n FROM identifications WHERE agency_id = 'inegi' GROUP BY 1 ORDER BY 1",
      );
      const fromFile = new Map<number, number>();
      for (const line of readFileSync(file, 'utf8').trim().split('\r\n').slice(1)) {
        const y = Number(line.split(',')[0]);
        fromFile.set(y, (fromFile.get(y) ?? 0) + 1);
      }
      expect(byYear.rows.map((x) => [x.y, x.n])).toEqual([...fromFile].sort((a, b) => a[0] - b[0]));

      const second = await importHtcds(ctx(db), file, { agencyId: 'inegi' });
      expect(second.errors).toEqual([]);
      expect(second.files.every((f) => f.inserted === 0 && f.updated === 0 && f.unchanged === f.rows)).toBe(
        true,
      );
      const audited = await db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM audit_log WHERE resource = 'htcds' AND action = 'import'",
      );
      expect(audited.rows[0]!.n).toBe(2);
    } finally {
      await db.close();
    }
  });

  it('a file with errors changes nothing and names file, line and column of each', async () => {
    const db = await open();
    try {
      await upsertAgency(db, {
        id: 'inegi',
        name: 'Instituto Nacional de Estadística (prueba)',
        level: 'federal',
        kind: 'other',
        stateCode: null,
        country: 'MEX',
      });
      const file = join(tmp, 'errores.csv');
      writeFileSync(
        file,
        [
          'yearOfRegistration,Datasource,gender,ageBroad,majorityStatus,citizenship,isSexualExploit',
          '2021,Case Management,Female,18--20,Adult,MX,1',
          '2021,"Case\nManagement",Femenino,18--20,Adult,MX,1',
          '2022,Case Management,Male,48+,Minor,MX,1',
          '20222,Case Management,Male,-99,-99,XX,2',
          '',
        ].join('\n'),
      );
      const before = await counts(db);
      const r = await importHtcds(ctx(db), file, { agencyId: 'inegi' });
      expect(r.ok).toBe(false);
      expect(r.errors.map((e) => [e.file, e.line, e.column])).toEqual([
        ['errores.csv', 3, 'gender'],
        ['errores.csv', 5, 'majorityStatus'],
        ['errores.csv', 6, 'yearOfRegistration'],
        ['errores.csv', 6, 'citizenship'],
        ['errores.csv', 6, 'isSexualExploit'],
      ]);
      expect(r.errors[0]!.message['es-MX']).toContain('«Femenino»');
      expect(await counts(db)).toEqual(before);

      // a file without the required column; an unknown agency; a dry run of a good file changes nothing
      const noYear = join(tmp, 'sin-anio.csv');
      writeFileSync(noYear, 'gender,ageBroad\nFemale,18--20\n');
      const h = await importHtcds(ctx(db), noYear, { agencyId: 'inegi' });
      expect(h.errors.map((e) => [e.line, e.column])).toEqual([[1, 'yearOfRegistration']]);
      await expect(importHtcds(ctx(db), noYear, { agencyId: 'no-such-agency' })).rejects.toThrow(
        /unknown agency/,
      );
      const good = join(tmp, 'bueno.csv');
      writeFileSync(good, 'yearOfRegistration,gender\n2021,Female\n2022,Male\n');
      const dry = await importHtcds(ctx(db), good, { agencyId: 'inegi', dryRun: true });
      expect(dry).toMatchObject({ ok: true, dryRun: true, rows: 2 });
      expect(await counts(db)).toEqual(before);
    } finally {
      await db.close();
    }
  });
});
