import { demoFolder, memorySource } from '@enlace/core';
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../../../test/databases.ts';
import { importFolder } from '../../import/engine.ts';
import { linkPendingPersons, pendingPersonIds } from './pending.ts';

describe.each(testDatabases())('incremental linkage after imports on $name', ({ open }) => {
  it('links every imported person once; a changed person is linked again, alone', async () => {
    const db = await open();
    const ctx = { db, actor: { userId: null, agencyId: null } };
    const files = demoFolder({ scale: 0.1, seed: 7 });
    const r = await importFolder(ctx, memorySource(files));
    expect(r.ok).toBe(true);
    const before = (await pendingPersonIds(db)).length;
    expect(before).toBeGreaterThan(100);
    const first = await linkPendingPersons(ctx);
    expect(first.persons).toBe(before);
    expect(first.links).toBeGreaterThan(0); // the demo records some people twice, in two agencies
    expect(await pendingPersonIds(db)).toEqual([]);

    // Change one person's name: only that person is pending again.
    const { rows } = await db.query<{ person_id: string }>(
      'SELECT person_id FROM persons ORDER BY person_id LIMIT 1',
    );
    const id = rows[0]!.person_id;
    await db.query("UPDATE persons SET row_hash = 'changed' WHERE person_id = $1", [id]);
    expect(await pendingPersonIds(db)).toEqual([id]);
    const again = await linkPendingPersons(ctx);
    expect(again.persons).toBe(1);
    expect(await pendingPersonIds(db)).toEqual([]);
    await db.close();
  }, 120_000);
});
