// The import's bulk path: rows go into a staging table by COPY (text format). Any text, NULLs, booleans and
// numbers come back as given, on PGlite and on a PostgreSQL server.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/databases.ts';
import type { Db } from '../db/index.ts';
import { copyText } from './repository.ts';

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
});
