import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createServerDatabase, TEST_MASTER_KEY, testDatabases } from '../../test/databases.ts';
import { migrate, openDatabase } from '../db/index.ts';
import { initCrypto } from '../security/crypto.ts';
import { audit, verifyAuditChain } from './service.ts';

const actor = { userId: null, agencyId: 'fgr' };

describe.each(testDatabases())('audit log on $name', ({ open }) => {
  it('chains entries and verifies them', async () => {
    const db = await open();
    for (let i = 0; i < 5; i++)
      await audit(
        { db, actor },
        { action: 'read', resource: 'persons', resourceId: `p${i}`, fields: ['given_names'] },
      );
    const r = await verifyAuditChain(db);
    expect(r).toMatchObject({ ok: true, checked: 5 });
    await db.close();
  });

  it('refuses UPDATE, DELETE and TRUNCATE', async () => {
    const db = await open();
    await audit({ db, actor }, { action: 'read', resource: 'persons', resourceId: 'p1' });
    await expect(db.query("UPDATE audit_log SET action = 'x'")).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    await expect(db.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log');
    expect(rows[0]!.n).toBe(1);
    await db.close();
  });

  it('keeps the chain linear when grouped appends and in-transaction appends interleave', async () => {
    const db = await open();
    const work = Array.from({ length: 60 }, (_, i) =>
      i % 3 === 0
        ? db.transaction(async (tx) => {
            await tx.query('SELECT 1');
            await audit({ db, actor }, { action: 'update', resource: 'persons', resourceId: `w${i}` }, tx);
          })
        : audit(
            { db, actor },
            {
              action: 'read',
              resource: 'persons',
              resourceId: `r${i}`,
              fields: ['surname_1', 'given_names'],
            },
          ),
    );
    await Promise.all(work);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, checked: 60 });
    const { rows } = await db.query<{ fields: string[] }>(
      "SELECT fields FROM audit_log WHERE resource_id = 'r1'",
    );
    expect(rows[0]!.fields).toEqual(['given_names', 'surname_1']);
    await db.close();
  });

  it('an entry appended in a transaction that rolls back leaves no trace', async () => {
    const db = await open();
    await audit({ db, actor }, { action: 'read', resource: 'persons', resourceId: 'kept' });
    await expect(
      db.transaction(async (tx) => {
        await audit({ db, actor }, { action: 'update', resource: 'persons', resourceId: 'gone' }, tx);
        throw new Error('crash');
      }),
    ).rejects.toThrow('crash');
    const { rows } = await db.query<{ resource_id: string }>('SELECT resource_id FROM audit_log');
    expect(rows.map((r) => r.resource_id)).toEqual(['kept']);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, checked: 1 });
    await db.close();
  });

  it('keeps the chain linear under concurrent appends', async () => {
    const db = await open();
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        audit({ db, actor }, { action: 'list', resource: 'persons', resourceId: String(i) }),
      ),
    );
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, checked: 40 });
    await db.close();
  });
});

describe('audit verify catches tampering by a superuser (PostgreSQL server)', () => {
  async function seeded() {
    const { url } = await createServerDatabase();
    const db = await openDatabase({ url, max: 4 });
    await migrate(db);
    await initCrypto(db, TEST_MASTER_KEY);
    for (let i = 1; i <= 6; i++)
      await audit({ db, actor }, { action: 'read', resource: 'persons', resourceId: `p${i}` });
    const su = new pg.Client({ connectionString: url });
    await su.connect();
    // A superuser can bypass triggers; verification must still notice.
    await su.query("SET session_replication_role = 'replica'");
    return { db, su };
  }

  it('names the altered entry', async () => {
    const { db, su } = await seeded();
    await su.query("UPDATE audit_log SET resource_id = 'someone-else' WHERE id = 4");
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, firstBadId: 4, reason: 'altered' });
    await su.end();
    await db.close();
  });

  it('names the entry after a removed one', async () => {
    const { db, su } = await seeded();
    await su.query('DELETE FROM audit_log WHERE id = 3');
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, firstBadId: 4, reason: 'missing_before' });
    await su.end();
    await db.close();
  });

  it('detects a recomputed hash that breaks the next link', async () => {
    const { db, su } = await seeded();
    await su.query("UPDATE audit_log SET action = 'list', hash = repeat('f', 64) WHERE id = 2");
    const r = await verifyAuditChain(db);
    expect(r.ok).toBe(false);
    if (!r.ok) expect([2, 3]).toContain(r.firstBadId);
    await su.end();
    await db.close();
  });
});
