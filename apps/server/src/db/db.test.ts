/** The database layer on both back ends: prepared statements give the same answers as plain ones. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/databases.ts';

describe.each(testDatabases())('db layer on $name', ({ name, open }) => {
  it('a prepared statement answers like a plain one, run again with any parameters', async () => {
    const db = await open();
    try {
      const sql = 'SELECT $1::text AS s, $2::int AS n, length($1::text) AS len';
      await fc.assert(
        fc.asyncProperty(fc.string(), fc.integer({ min: -1000, max: 1000 }), async (s, n) => {
          const clean = s.replaceAll('\u0000', ''); // PostgreSQL text cannot hold NUL
          const plain = await db.query(sql, [clean, n]);
          const prepared = await db.query(sql, [clean, n], { prepare: true });
          expect(prepared.rows).toEqual(plain.rows);
        }),
        { numRuns: 40 },
      );
      if (name === 'postgres') {
        // On the server it really is prepared: the connection keeps the statement under its name.
        await db.transaction(async (tx) => {
          await tx.query(sql, ['x', 1], { prepare: true });
          const { rows } = await tx.query<{ statement: string }>(
            "SELECT statement FROM pg_prepared_statements WHERE name LIKE 'enlace_%'",
          );
          expect(rows.map((r) => r.statement)).toContain(sql);
        });
      }
    } finally {
      await db.close();
    }
  });

  it('a failed text of several statements that opened a transaction does not spoil the next queries', async () => {
    const db = await open();
    try {
      // pg-boss installs its schema this way and aborts on purpose when another process was first
      for (let i = 0; i < 25; i++) {
        await expect(db.exec('BEGIN; SELECT 1/0; COMMIT')).rejects.toThrow(/division by zero/);
        const { rows } = await db.query<{ one: number }>('SELECT 1 AS one');
        expect(rows).toEqual([{ one: 1 }]);
      }
    } finally {
      await db.close();
    }
  });
});
