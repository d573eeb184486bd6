import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/databases.ts';
import type { Db } from './index.ts';
import { limitConcurrency, REPORT_QUERY_SETTINGS, reportConnections, reportDb } from './limit.ts';

/** A database whose queries end when the test says, recording how many ran at once and in which order they began. */
function fakeDb() {
  let running = 0;
  let most = 0;
  const began: string[] = [];
  const pending = new Map<string, { resolve: () => void; reject: (e: Error) => void }>();
  const run = (sql: string) =>
    new Promise<{ rows: never[]; rowCount: number }>((resolve, reject) => {
      running += 1;
      most = Math.max(most, running);
      began.push(sql);
      pending.set(sql, {
        resolve: () => {
          running -= 1;
          resolve({ rows: [], rowCount: 0 });
        },
        reject: (e) => {
          running -= 1;
          reject(e);
        },
      });
    });
  const db: Db = {
    kind: 'postgres',
    query: (sql) => run(sql) as never,
    transaction: (fn) => fn(db),
    exec: async (sql) => {
      await run(sql);
    },
    close: async () => {},
  };
  return { db, began, pending, most: () => most, running: () => running };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('limitConcurrency', () => {
  it('runs at most n queries at once, the others in the order asked; a failed query frees its turn', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 12 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 40 }),
        async (n, fails, picks) => {
          const f = fakeDb();
          const view = limitConcurrency(f.db, n);
          const asked = fails.map((_, i) => `q${i}`);
          const results = asked.map((sql) =>
            view.query(sql).then(
              () => 'ok',
              () => 'failed',
            ),
          );
          await tick();
          let p = 0;
          // end the running queries in an order chosen by fast-check, failing some
          while (f.pending.size > 0) {
            expect(f.running()).toBeLessThanOrEqual(n);
            const open = [...f.pending.keys()];
            const sql = open[(picks[p++ % picks.length] ?? 0) % open.length]!;
            const q = f.pending.get(sql)!;
            f.pending.delete(sql);
            if (fails[Number(sql.slice(1))]) q.reject(new Error('refused'));
            else q.resolve();
            await tick();
          }
          expect(await Promise.all(results)).toEqual(fails.map((x) => (x ? 'failed' : 'ok')));
          expect(f.began).toEqual(asked);
          expect(f.most()).toBe(Math.min(n, asked.length));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('a transaction holds one turn until it ends; its own queries do not wait for a turn', async () => {
    const f = fakeDb();
    const view = limitConcurrency(f.db, 1);
    let inner = false;
    const tx = view.transaction(async (t) => {
      const q = t.query('inside');
      await tick();
      f.pending.get('inside')!.resolve();
      await q;
      inner = true;
    });
    const after = view.query('after');
    await tx;
    expect(inner).toBe(true);
    await tick();
    expect(f.began).toEqual(['inside', 'after']);
    f.pending.get('after')!.resolve();
    await after;
  });

  it('reportConnections: ENLACE_REPORT_CONNECTIONS, else the cores between 2 and 4', () => {
    expect(reportConnections({ ENLACE_REPORT_CONNECTIONS: '6' })).toBe(6);
    for (const bad of ['0', '-1', 'x', '1.5', '100'])
      expect(reportConnections({ ENLACE_REPORT_CONNECTIONS: bad })).toBeGreaterThanOrEqual(2);
    const n = reportConnections({});
    expect(n).toBeGreaterThanOrEqual(2);
    expect(n).toBeLessThanOrEqual(4);
  });
});

describe('reportDb on a PostgreSQL server', () => {
  it('runs the report queries and transactions without parallel workers or JIT; other queries keep the defaults', async () => {
    const server = testDatabases().find((d) => d.name === 'postgres')!;
    const db = await server.open();
    try {
      const show = async (d: Db) =>
        (
          await d.query<{ w: string; j: string }>(
            "SELECT current_setting('max_parallel_workers_per_gather') AS w, current_setting('jit') AS j",
          )
        ).rows[0];
      const before = await show(db);
      expect(before).not.toEqual({ w: '0', j: 'off' });
      const view = reportDb(db);
      const want = {
        w: REPORT_QUERY_SETTINGS.max_parallel_workers_per_gather,
        j: REPORT_QUERY_SETTINGS.jit,
      };
      expect(await Promise.all(Array.from({ length: 6 }, () => show(view)))).toEqual(
        Array.from({ length: 6 }, () => want),
      );
      expect(await view.transaction((tx) => show(tx))).toEqual(want);
      // SET LOCAL: the pool's connections, used by the view a moment ago, are back to the defaults
      expect(await Promise.all(Array.from({ length: 12 }, () => show(db)))).toEqual(
        Array.from({ length: 12 }, () => before),
      );
    } finally {
      await db.close();
    }
  });
});
