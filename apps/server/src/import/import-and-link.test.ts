/**
 * `enlace import`'s fast path gives what the path before it gave: the same folder imported and linked with the
 * imported persons handed to the linkage in memory and the blocking keys bulk-loaded (index built after), and
 * through the old path (persons read back and decrypted from the database, keys inserted into the indexed table),
 * stores the same persons, blocking keys, links, model and clusters, with a verified audit chain; then the same
 * for a second import (a changed person, new duplicates: the incremental linkage). A bad folder is refused with
 * its file, line and column, and changes nothing.
 */
import { demoFolder, memorySource } from '@enlace/core';
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/databases.ts';
import { linkKeyLoading } from '../api/linkage/repository.ts';
import { countLinkedPersons } from '../api/linkage/service.ts';
import { verifyAuditChain } from '../audit/service.ts';
import type { Db as Database } from '../db/index.ts';
import { importAndLink } from './import-and-link.ts';
import { TABLES } from './tables.ts';

const actor = { userId: null, agencyId: null };

/** What an import and its linkage leave behind, in plain text (ciphertexts differ by their random nonces). */
async function snapshot(db: Database) {
  const persons = (
    await db.query<Record<string, unknown>>('SELECT * FROM persons ORDER BY person_id COLLATE "C"')
  ).rows;
  const keys = (
    await db.query<{ person_id: string; key_bidx: string }>(
      'SELECT person_id, key_bidx FROM person_link_keys ORDER BY person_id COLLATE "C", key_bidx COLLATE "C"',
    )
  ).rows;
  const links = (
    await db.query(
      `SELECT person_a, person_b, probability, decision FROM person_links
        ORDER BY person_a COLLATE "C", person_b COLLATE "C"`,
    )
  ).rows;
  const models = (
    await db.query<{ model: unknown; persons: number }>(
      'SELECT model, persons FROM linkage_models ORDER BY id',
    )
  ).rows;
  const counted = await countLinkedPersons(db);
  const index = (
    await db.query<{ indexdef: string }>(
      "SELECT indexdef FROM pg_indexes WHERE tablename = 'person_link_keys' ORDER BY indexname",
    )
  ).rows;
  return {
    persons: persons.map((r) => TABLES.persons.fromDb(r)),
    keys,
    links,
    models: models.map((m) => ({
      persons: m.persons,
      model: typeof m.model === 'string' ? JSON.parse(m.model) : m.model,
    })),
    clusters: persons.map((r) => counted.personOf(r.person_id as string)),
    linkedPersons: counted.persons,
    index,
  };
}

afterEach(() => {
  linkKeyLoading.bulkPersons = 10_000;
});

describe.each(testDatabases())('enlace import, fast path and old path on $name', ({ open }) => {
  it('store the same persons, keys, links, model and clusters; the audit chain verifies', async () => {
    const demo = demoFolder({ scale: 0.1, seed: 7 });
    // the second import: one person changed, three recorded again under new ids (duplicates to link)
    const lines = demo['persons.csv']!.split('\r\n');
    const second = [...lines.slice(0, -1)];
    second[1] = second[1]!.replace(/^([^,]*),([^,]*),([^,]*),/, '$1,$2,Cambiada,');
    for (const l of lines.slice(2, 5)) second.push(l.replace(/^([^,]*),/, '$1-dup,'));
    second.push('');
    const again = { ...demo, 'persons.csv': second.join('\r\n') };

    const run = async (fast: boolean) => {
      const db = await open();
      const ctx = { db, actor };
      // the fast path bulk-loads the keys of a first import even this small; the old one never did
      linkKeyLoading.bulkPersons = fast ? 1 : Number.POSITIVE_INFINITY;
      const first = await importAndLink(ctx, memorySource(demo), { reread: !fast });
      expect(first.result.ok).toBe(true);
      expect(first.linkError).toBeNull();
      const afterFirst = await snapshot(db);
      const next = await importAndLink(ctx, memorySource(again), { reread: !fast });
      expect(next.result.ok).toBe(true);
      expect(next.linked?.persons).toBe(4);
      const afterSecond = await snapshot(db);
      const audit = await verifyAuditChain(db);
      expect(audit.ok).toBe(true);
      return { db, first, next, afterFirst, afterSecond };
    };
    const fast = await run(true);
    const old = await run(false);
    expect(fast.afterFirst.links.length).toBeGreaterThan(0); // the demo records some people twice
    expect(fast.afterFirst.keys.length).toBeGreaterThan(fast.afterFirst.persons.length);
    expect(fast.first.result.files).toEqual(old.first.result.files);
    expect(fast.first.linked).toEqual(old.first.linked);
    expect(fast.afterFirst).toEqual(old.afterFirst);
    expect(fast.next.linked).toEqual(old.next.linked);
    expect(fast.afterSecond).toEqual(old.afterSecond);
    expect(fast.afterSecond.links.length).toBeGreaterThan(fast.afterFirst.links.length); // the duplicates linked

    // a bad cell: refused at its file, line and column; nothing changes, nothing is linked
    const bad = { ...demo };
    const ids = bad['identifications.csv']!.split('\r\n');
    ids[3] = ids[3]!.replace(/,(\d{4}-\d{2}-\d{2}),/, ',2023-13-45,');
    bad['identifications.csv'] = ids.join('\r\n');
    const refused = await importAndLink({ db: fast.db, actor }, memorySource(bad));
    expect(refused.result.ok).toBe(false);
    expect(refused.linked).toBeNull();
    expect(refused.result.errors[0]).toMatchObject({ file: 'identifications.csv', line: 4 });
    expect(refused.result.errors[0]?.column).toBeTruthy();
    expect(await snapshot(fast.db)).toEqual(fast.afterSecond);

    // the keys' foreign key became a trigger: deleting a person still deletes its keys, and only its keys
    const db = fast.db;
    const agency = (await db.query<{ id: string }>('SELECT id FROM agencies ORDER BY id LIMIT 1')).rows[0]!
      .id;
    await db.query(`INSERT INTO persons (person_id, agency_id, row_hash) VALUES ($1, $2, 'h')`, [
      `${agency}/gone`,
      agency,
    ]);
    await db.query(`INSERT INTO person_link_keys (person_id, key_bidx) VALUES ($1, 'k1'), ($1, 'k2')`, [
      `${agency}/gone`,
    ]);
    await db.query('DELETE FROM persons WHERE person_id = $1', [`${agency}/gone`]);
    expect((await snapshot(db)).keys).toEqual(fast.afterSecond.keys);
    await fast.db.close();
    await old.db.close();
  }, 300_000);
});
