// The import's bulk path: rows go into a staging table by COPY (text format). Any text, NULLs, booleans and
// numbers come back as given, on PGlite and on a PostgreSQL server.

import { demoFolder, FILES, memorySource } from '@enlace/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/databases.ts';
import type { Db } from '../db/index.ts';
import { importFolder } from './engine.ts';
import { copyText, countRows } from './repository.ts';

describe.each(testDatabases())('COPY text of the import on $name', ({ open }) => {
  let db: Db;
  beforeAll(async () => {
    db = await open();
  });
  afterAll(async () => {
    await db.close();
  });

  it('property: any text (tabs, newlines, backslashes, \\N, unicode), NULL, booleans and numbers round-trip', async () => {
    const row = fc.tuple(
      fc.option(fc.string({ unit: 'binary', maxLength: 40 }), { nil: null }),
      fc.option(fc.constantFrom('\\N', '\\', '\t', '\r\n', 'a\\tb', '', 'Ñoño \u{1F600}'), { nil: null }),
      fc.option(fc.boolean(), { nil: null }),
      fc.option(fc.integer(), { nil: null }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 30 }), async (rows) => {
        // PostgreSQL text cannot hold NUL; the exchange reader refuses it before any write
        const clean = rows.map(([a, b, c, d]) => [a?.replaceAll('\0', '') ?? null, b, c, d] as const);
        const back = await db.transaction(async (tx) => {
          await tx.query(
            'CREATE TEMP TABLE copy_rt (i int, a text, b text, c boolean, d integer) ON COMMIT DROP',
          );
          const cols = [clean.map((_, i) => i), ...[0, 1, 2, 3].map((k) => clean.map((r) => r[k]))];
          await tx.copyFrom!('COPY copy_rt (i, a, b, c, d)', copyText(cols));
          return (
            await tx.query<{ a: string | null; b: string | null; c: boolean | null; d: number | null }>(
              'SELECT a, b, c, d FROM copy_rt ORDER BY i',
            )
          ).rows;
        });
        expect(back.map((r) => [r.a, r.b, r.c, r.d])).toEqual(clean.map((r) => [...r]));
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it('an import by COPY (ENLACE_IMPORT_COPY=on) loads the demo folder all or nothing, and again changes nothing', async () => {
    const saved = process.env.ENLACE_IMPORT_COPY;
    process.env.ENLACE_IMPORT_COPY = 'on';
    try {
      const ctx = { db, actor: { userId: null, agencyId: null } };
      const demo = demoFolder({ scale: 0.02, hotlineScale: 0.02 });
      const bad = { ...demo, 'persons.csv': demo['persons.csv']!.replace(/\r\n[^,]*,/, '\r\n,') };
      const refused = await importFolder(ctx, memorySource(bad));
      expect(refused.ok).toBe(false);
      for (const def of FILES) expect(await countRows(db, def.kind)).toBe(0);
      const first = await importFolder(ctx, memorySource(demo));
      expect(first.errors).toEqual([]);
      for (const f of first.files) expect([f.file, f.inserted]).toEqual([f.file, f.rows]);
      const again = await importFolder(ctx, memorySource(demo));
      for (const f of again.files) expect([f.file, f.unchanged]).toEqual([f.file, f.rows]);
    } finally {
      if (saved === undefined) delete process.env.ENLACE_IMPORT_COPY;
      else process.env.ENLACE_IMPORT_COPY = saved;
    }
  }, 120_000);
});
