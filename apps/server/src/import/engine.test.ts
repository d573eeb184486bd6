import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoFolder, directorySource, FILES, memorySource } from '@enlace/core';
import { buildFile, generateRows } from '@enlace/core/exchange/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/databases.ts';
import type { Db } from '../db/index.ts';
import { exportFolder, importFolder } from './engine.ts';
import { countRows } from './repository.ts';
import { TABLES } from './tables.ts';

const actor = { userId: null, agencyId: null };

async function readFolder(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of (await readdir(dir)).sort()) out[f] = await readFile(join(dir, f), 'utf8');
  return out;
}

async function snapshot(db: Db): Promise<Record<string, number | string>> {
  const out: Record<string, number | string> = {};
  for (const def of FILES) out[def.kind] = await countRows(db, def.kind);
  const h = await db.query<{ h: string }>(
    "SELECT coalesce(string_agg(person_id || ':' || row_hash, ',' ORDER BY person_id), '') AS h FROM persons",
  );
  out.hash = h.rows[0]!.h;
  return out;
}

/** Tests exporting and importing the demo folder several times: ~15-35 s each on a busy 2-core machine. */
const HEAVY = 120_000;

describe.each(testDatabases())('import/export engine on $name', ({ open }) => {
  let db: Db;
  let tmp: string;
  const demo = demoFolder({ scale: 0.08, hotlineScale: 0.05 });

  // a second database for the round trips: opened once (migrating a fresh PGlite costs ~5-30 s on a busy 2-core
  // machine), emptied before each use
  let second: Db;
  const emptySecond = async () => {
    await second.exec(
      `TRUNCATE ${Object.values(TABLES)
        .map((t) => t.table)
        .join(', ')} CASCADE`,
    );
    return second;
  };

  beforeAll(async () => {
    db = await open();
    second = await open();
    tmp = await mkdtemp(join(tmpdir(), 'enlace-import-'));
  });
  afterAll(async () => {
    await second?.close();
    await db.close();
    await rm(tmp, { recursive: true, force: true });
  });

  it('imports the demo folder, then a second time changes nothing', async () => {
    const ctx = { db, actor };
    const first = await importFolder(ctx, memorySource(demo));
    expect(first.errors).toEqual([]);
    expect(first.ok).toBe(true);
    const persons = first.files.find((f) => f.file === 'persons.csv')!;
    expect(persons.inserted).toBeGreaterThan(100);
    expect(persons.updated + persons.unchanged).toBe(0);
    const before = await snapshot(db);
    const second = await importFolder(ctx, memorySource(demo));
    expect(second.ok).toBe(true);
    for (const f of second.files)
      expect([f.file, f.inserted, f.updated, f.unchanged]).toEqual([f.file, 0, 0, f.rows]);
    expect(await snapshot(db)).toEqual(before);
  });

  it('keeps personal data encrypted at rest', async () => {
    const r = await db.query<Record<string, string | null>>(
      'SELECT given_names_enc, surname_1_enc, curp_enc, curp_bidx FROM persons WHERE curp_enc IS NOT NULL LIMIT 20',
    );
    expect(r.rows.length).toBeGreaterThan(0);
    const plain = demo['persons.csv']!;
    for (const row of r.rows) {
      for (const v of Object.values(row)) {
        expect(v).toBeTypeOf('string');
        expect(plain.includes(v!)).toBe(false);
      }
    }
  });

  it(
    'exports byte-identically and round-trips into an empty database',
    async () => {
      const ctx = { db, actor };
      const a = join(tmp, 'a');
      const b = join(tmp, 'b');
      await exportFolder(ctx, a);
      await exportFolder(ctx, b);
      const fa = await readFolder(a);
      expect(fa).toEqual(await readFolder(b));
      // the demo folder is written canonically, so the export is the very same bytes
      expect(fa).toEqual(demo);
      const fresh = await emptySecond();
      const res = await importFolder({ db: fresh, actor }, directorySource(a));
      expect(res.ok).toBe(true);
      const c = join(tmp, 'c');
      await exportFolder({ db: fresh, actor }, c);
      expect(await readFolder(c)).toEqual(fa);
    },
    HEAVY,
  );

  it(
    'exports one agency or one year as a self-contained folder',
    async () => {
      const ctx = { db, actor };
      const d = join(tmp, 'agency');
      const counts = await exportFolder(ctx, d, { agencies: ['fge-cmx'], year: 2022 });
      expect(counts['identifications.csv']).toBeGreaterThan(0);
      const folder = await readFolder(d);
      expect(
        folder['identifications.csv']!.split('\r\n')
          .slice(1, -1)
          .every((l) => l.includes(',fge-cmx,2022-')),
      ).toBe(true);
      const res = await importFolder({ db: await emptySecond(), actor }, directorySource(d));
      expect(res.errors).toEqual([]);
    },
    HEAVY,
  );

  it('rejects a folder with one bad row and changes nothing', async () => {
    const before = await snapshot(db);
    const bad = { ...demo };
    const lines = bad['identifications.csv']!.split('\r\n');
    lines[5] = lines[5]!.replace(
      /,(sexual|forced_labor|unspecified|servitude|forced_begging|forced_criminality|other|forced_marriage|illegal_adoption),/,
      ',sexo,',
    );
    bad['identifications.csv'] = lines.join('\r\n');
    const persons = bad['persons.csv']!.split('\r\n');
    persons[1] = persons[1]!.replace(/^([^,]*),([^,]*),([^,]*),/, '$1,$2,Cambiada,'); // a change that alone would be an update
    bad['persons.csv'] = persons.join('\r\n');
    const res = await importFolder({ db, actor }, memorySource(bad));
    expect(res.ok).toBe(false);
    expect(res.errors[0]).toMatchObject({
      file: 'identifications.csv',
      line: 6,
      column: 'primary_form',
      code: 'invalid_enum',
    });
    expect(await snapshot(db)).toEqual(before);
  });

  it('a scoped upload cannot touch another agency’s records', async () => {
    const before = await snapshot(db);
    const first = demo['persons.csv']!.split('\r\n')[1]!;
    const owner = first.split(',')[1]!;
    const other = owner === 'fge-cmx' ? 'fge-mex' : 'fge-cmx';
    const res = await importFolder(
      { db, actor },
      memorySource({
        'agencies.csv': demo['agencies.csv']!,
        'persons.csv': `${demo['persons.csv']!.split('\r\n')[0]}\r\n${first.replace(`,${owner},`, `,${other},`)}\r\n`,
      }),
      { agencies: [other] },
    );
    expect(res.ok).toBe(false);
    expect(res.errors[0]).toMatchObject({ file: 'persons.csv', line: 2, code: 'id_outside_agency' });
    expect(await snapshot(db)).toEqual(before);
  });

  it(
    'property: generated folders import and round-trip; corrupted ones change nothing',
    async () => {
      // the second database for all runs, emptied before each (a fresh migrated database per run cost ~10 s on PGlite)
      const fresh = second;
      await fc.assert(
        fc.asyncProperty(fc.gen(), fc.boolean(), async (g, corrupt) => {
          await fresh.exec(
            `TRUNCATE ${Object.values(TABLES)
              .map((t) => t.table)
              .join(', ')} CASCADE`,
          );
          {
            const rows = generateRows(g, 4);
            const files: Record<string, string> = {};
            for (const def of FILES) files[def.file] = buildFile(def, rows[def.kind]).text;
            if (corrupt) {
              const def = FILES[g(fc.integer, { min: 0, max: FILES.length - 1 })]!;
              files[def.file] = files[def.file]!.replace(/\r\n/, ',extra_col\r\n');
              const res = await importFolder({ db: fresh, actor }, memorySource(files));
              expect(res.ok).toBe(false);
              expect(
                res.errors.some((e) => e.file === def.file && e.line === 1 && e.column === 'extra_col'),
              ).toBe(true);
              for (const d of FILES) expect(await countRows(fresh, d.kind)).toBe(0);
              return;
            }
            const res = await importFolder({ db: fresh, actor }, memorySource(files));
            expect(res.errors).toEqual([]);
            const dir = await mkdtemp(join(tmp, 'p-'));
            await exportFolder({ db: fresh, actor }, dir);
            const out = await readFolder(dir);
            const canonical: Record<string, string> = {};
            for (const def of FILES)
              canonical[def.file] = buildFile(
                def,
                [...rows[def.kind]].sort((x, y) =>
                  Buffer.compare(Buffer.from(String(x[0])), Buffer.from(String(y[0]))),
                ),
              ).text;
            expect(out).toEqual(canonical);
            const again = await importFolder({ db: fresh, actor }, directorySource(dir));
            for (const f of again.files) expect(f.inserted + f.updated).toBe(0);
          }
        }),
        { numRuns: 12 },
      );
    },
    HEAVY,
  ); // 12 imports, exports and re-imports of small folders: a few seconds on an idle 2-core machine
});
