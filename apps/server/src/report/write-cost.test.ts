import { describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/databases.ts';

/**
 * The report's tables kept at write time must not make an ordinary write pay for a whole table. Migration 210: every
 * save of a case without an identification date runs a DELETE on identifications that deletes nothing, and its
 * statement trigger searched report_key_first for the deleted rows without an index (sequential scans are off in
 * those functions): ~60 ms of the server's CPU on an empty database, ~257 ms at 1,000,000 persons, per save.
 */
describe.each(testDatabases())('report triggers on an ordinary write on $name', ({ open }) => {
  it('a DELETE that deletes no identification computes nothing again', async () => {
    const db = await open();
    try {
      const calls = await db.transaction(async (tx) => {
        const count = async () =>
          (
            await tx.query<{ n: string | null }>(
              "SELECT pg_stat_get_xact_function_calls('report_key_first_recompute'::regproc)::text AS n",
            )
          ).rows[0]!.n ?? '0';
        await tx.query("SET LOCAL track_functions = 'pl'");
        await tx.query("DELETE FROM identifications WHERE identification_id = 'no-such-record'");
        const afterDelete = await count();
        // the count does see a call (so a 0 above is not a database that counts nothing)
        await tx.query('SELECT report_key_first_recompute(ARRAY[]::text[])');
        return [afterDelete, await count()];
      });
      // before migration 210 the recomputation ran, on an empty list, for every such DELETE: ['1', '2']
      expect(calls).toEqual(['0', '1']);
    } finally {
      await db.close();
    }
  });

  it('the deleted identifications are looked up in report_key_first by the index on first_id', async () => {
    const db = await open();
    try {
      const plan = await db.transaction(async (tx) => {
        await tx.query('SET LOCAL enable_seqscan = off');
        const { rows } = await tx.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN (COSTS OFF) SELECT r.base_key FROM report_key_first r
            WHERE r.first_id IN (SELECT unnest(ARRAY['a', 'b']) COLLATE "C")`,
        );
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      });
      expect(plan).toContain('report_key_first_first_id');
    } finally {
      await db.close();
    }
  });
});
