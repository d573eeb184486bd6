/**
 * The job queue's start on a database it was never installed on, by several processes at the same moment (two
 * `enlace worker`s started together): pg-boss's install script aborts on purpose in all but one and its
 * statements can deadlock with another's, which once left a worker with a broken connection, waiting forever.
 */
import { describe, expect, it } from 'vitest';
import { createServerDatabase } from '../../test/databases.ts';
import { openDatabase } from '../db/index.ts';
import { LINKAGE_QUEUE, startQueue } from './queue.ts';

describe('linkage job queue', () => {
  it('PostgreSQL server: four processes start the queue at once on a fresh database, every one of them works', async () => {
    for (let round = 0; round < 3; round++) {
      const { url } = await createServerDatabase(undefined, { migrated: true });
      // one pool each, as separate processes have
      const dbs = await Promise.all([0, 1, 2, 3].map(() => openDatabase({ url, max: 4 })));
      try {
        const bosses = await Promise.all(dbs.map((db) => startQueue(db, { supervise: false })));
        try {
          for (const [i, boss] of bosses.entries()) {
            expect(await boss.getQueue(LINKAGE_QUEUE)).toBeTruthy();
            // the connections are usable afterwards (none left inside an aborted transaction)
            const id = await boss.send(LINKAGE_QUEUE, { runId: `r${round}`, part: i });
            expect(id).toBeTruthy();
            const { rows } = await dbs[i]!.query<{ one: number }>('SELECT 1 AS one');
            expect(rows).toEqual([{ one: 1 }]);
          }
          const { rows } = await dbs[0]!.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1',
            [LINKAGE_QUEUE],
          );
          expect(rows[0]!.n).toBe(4);
        } finally {
          await Promise.all(bosses.map((b) => b.stop({ graceful: false, wait: true, close: false })));
        }
      } finally {
        await Promise.all(dbs.map((db) => db.close()));
      }
    }
  }, 120_000);
});
