import { syntheticMexican } from '@enlace/linkage/synthetic';
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../../../test/databases.ts';
import type { Db } from '../../db/index.ts';
import { blindIndex, encryptField } from '../../security/crypto.ts';
import * as repo from './repository.ts';
import {
  countLinkedPersons,
  decideLink,
  FOREIGN_HANDLE,
  foreignHandle,
  linkNewPersons,
  REVIEW_LOW,
  reviewQueue,
  undoDecision,
} from './service.ts';

const generated = syntheticMexican({ entities: 160, seed: 77, duplicateRate: 0.6 });
const entityOf = new Map(generated.records.map((r, i) => [r.id, generated.entity[i]!]));
// originals first, duplicates last: the second import must find its matches among earlier persons
const records = [...generated.records].sort(
  (a, b) => Number(a.id.endsWith('-0') ? 0 : 1) - Number(b.id.endsWith('-0') ? 0 : 1),
);
const entity = records.map((r) => entityOf.get(r.id)!);

async function seed(db: Db): Promise<string> {
  await db.query(
    "INSERT INTO agencies (id, name, level, kind) VALUES ('fgr', 'Fiscalía', 'federal', 'prosecutor'), ('inm', 'Migración', 'federal', 'immigration')",
  );
  const { rows } = await db.query<{ id: string }>(
    "INSERT INTO users (email, display_name, role, agency_id, password_hash) VALUES ('sup@example.org', 'Supervisora', 'supervisor', 'fgr', 'x') RETURNING id",
  );
  return rows[0]!.id;
}

async function insertPersons(db: Db, from: number, to: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = from; i < to; i++) {
    const r = records[i]!;
    const f = r.fields;
    const enc = (col: string, v: string | undefined) => encryptField(v ?? null, `persons.${col}`);
    await db.query(
      `INSERT INTO persons (person_id, agency_id, given_names_enc, surname_1_enc, surname_2_enc, birth_date_enc, sex,
         curp_enc, curp_bidx, phone_enc, email_enc, row_hash)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,'h')`,
      [
        r.id,
        i % 2 === 0 ? 'fgr' : 'inm',
        enc('given_names', f.given_names),
        enc('surname_1', f.surname_1),
        enc('surname_2', f.surname_2),
        enc('birth_date', f.birth_date),
        f.sex === 'Hombre' ? 'male' : 'female',
        enc('curp', f.curp),
        blindIndex('curp', f.curp),
        enc('phone', f.phone),
        enc('email', f.email),
      ],
    );
    ids.push(r.id);
  }
  return ids;
}

describe.each(testDatabases())('person linkage inside Enlace on $name', ({ open }) => {
  it("a referral is evidence: the shelter's own record of a referred person is linked, a namesake elsewhere is not", async () => {
    const db = await open();
    const userId = await seed(db);
    await db.query(
      "INSERT INTO agencies (id, name, level, kind) VALUES ('refugio', 'Refugio', 'ngo', 'service_provider'), ('otro', 'Otro refugio', 'ngo', 'service_provider')",
    );
    const ctx = { db, actor: { userId, agencyId: 'fgr' } };
    await linkNewPersons(ctx, await insertPersons(db, 0, records.length));
    const enc = (col: string, v: string | null) => encryptField(v, `persons.${col}`);
    const person = async (id: string, agency: string, surname2: string | null, birth: string | null) =>
      db.query(
        `INSERT INTO persons (person_id, agency_id, given_names_enc, surname_1_enc, surname_2_enc, birth_date_enc, sex, row_hash)
         VALUES ($1, $2, $3, $4, $5, $6, 'female', 'h')`,
        [
          id,
          agency,
          enc('given_names', 'Xóchitl'),
          enc('surname_1', 'Tzompa'),
          enc('surname_2', surname2),
          enc('birth_date', birth),
        ],
      );
    await person('fgr/x1', 'fgr', 'Ahuatl', '1994-03-12');
    await person('refugio/x1', 'refugio', null, null);
    await person('otro/x1', 'otro', null, null);
    await db.query(
      `INSERT INTO referrals (referral_id, person_id, from_agency_id, to_agency_id, date, status, row_hash)
       VALUES ('fgr/R1', 'fgr/x1', 'fgr', 'refugio', '2024-02-01', 'accepted', 'h')`,
    );
    await linkNewPersons(ctx, ['fgr/x1', 'refugio/x1', 'otro/x1']);
    const referred = await repo.getLink(db, 'fgr/x1', 'refugio/x1');
    const elsewhere = await repo.getLink(db, 'fgr/x1', 'otro/x1');
    // names alone wait for a reviewer (capped below 0.5); the referral to that very shelter makes it more likely
    // than not, so the figures count one person
    expect(elsewhere?.probability ?? 0).toBeLessThan(0.5);
    expect(referred?.probability ?? 0).toBeGreaterThanOrEqual(0.5);
    expect((referred?.probability ?? 0) > (elsewhere?.probability ?? 0)).toBe(true);
    await db.close();
  });

  it('links after import (model first, then incrementally), reviews, overrides, undoes, counts people', async () => {
    const db = await open();
    const userId = await seed(db);
    const ctx = { db, actor: { userId, agencyId: 'fgr' } };
    const split = Math.floor(records.length * 0.7);

    const first = await linkNewPersons(ctx, await insertPersons(db, 0, split));
    expect(first.waiting).toBe(false);
    expect(first.links).toBeGreaterThan(0);
    expect(await repo.latestModel(db)).not.toBeNull();

    const second = await linkNewPersons(ctx, await insertPersons(db, split, records.length));
    expect(second.compared).toBeGreaterThan(0);
    expect(second.links).toBeGreaterThan(40);
    expect(second.compared).toBeLessThan(split); // blocking candidates only, not everyone

    const { rows } = await db.query<{ person_a: string; person_b: string; probability: number }>(
      'SELECT person_a, person_b, probability FROM person_links',
    );
    const strong = rows.filter((r) => r.probability >= 0.95);
    const correct = strong.filter((r) => entityOf.get(r.person_a) === entityOf.get(r.person_b)).length;
    expect(correct / strong.length).toBeGreaterThan(0.95);
    // the key table holds blind indexes, no plaintext name fragments
    const keys = await db.query<{ key_bidx: string }>('SELECT key_bidx FROM person_link_keys LIMIT 20');
    for (const k of keys.rows) expect(k.key_bidx).toMatch(/^[0-9a-f]{64}$/);

    const count = await countLinkedPersons(db);
    const entities = new Set(entity).size;
    expect(count.records).toBe(records.length);
    expect(count.persons).toBeLessThan(records.length);
    expect(Math.abs(count.persons - entities) / entities).toBeLessThan(0.05);

    // an uncertain pair (two different people, forced into the band) goes to review
    const a = records[0]!.id;
    const b = records.find((r) => entityOf.get(r.id) !== entityOf.get(a))!.id;
    const [pa, pb] = a < b ? [a, b] : [b, a];
    await repo.upsertLink(db, pa, pb, 0.45);
    const queue = await reviewQueue(ctx, { agencyId: 'fgr' });
    // another agency's person appears only as an opaque handle (per agency), never by its id
    const owners = await db.query<{ person_id: string; agency_id: string }>(
      'SELECT person_id, agency_id FROM persons',
    );
    const ownerOf = new Map(owners.rows.map((r) => [r.person_id, r.agency_id]));
    const shown = (id: string) => (ownerOf.get(id) === 'fgr' ? id : foreignHandle('fgr', id));
    expect(queue.some((q) => q.personA === shown(pa) && q.personB === shown(pb))).toBe(true);
    for (const q of queue) {
      expect(q.probability).toBeGreaterThanOrEqual(REVIEW_LOW);
      for (const id of [q.personA, q.personB]) {
        if (!id.startsWith(FOREIGN_HANDLE)) expect(ownerOf.get(id)).toBe('fgr');
      }
      expect(Object.keys(q.comparison)).toContain('curp');
      // the institution by name for the agency's own records; another agency's is not disclosed
      for (const [id, agency] of [
        [q.personA, q.agencyA],
        [q.personB, q.agencyB],
      ] as const) {
        expect(agency).toEqual(id.startsWith(FOREIGN_HANDLE) ? null : { id: 'fgr', name: 'Fiscalía' });
      }
    }
    // with national scope every record's institution is named
    for (const q of await reviewQueue(ctx, { agencyId: null })) {
      expect(q.agencyA?.id).toBe(ownerOf.get(q.personA));
      expect(q.agencyB?.name).toBe(ownerOf.get(q.personB) === 'fgr' ? 'Fiscalía' : 'Migración');
    }
    expect(foreignHandle('fgr', pa)).not.toBe(foreignHandle('inm', pa));
    if (shown(pa) !== pa || shown(pb) !== pb) {
      // decided through the handle as the reviewer sees it, then undone, leaves the pair as it was
      const d = await decideLink(ctx, shown(pa), shown(pb), 'rejected', undefined, { agencyId: 'fgr' });
      expect((await repo.getLink(db, pa, pb))!.decision).toBe('rejected');
      await undoDecision(ctx, d.decisionId, { agencyId: 'fgr' });
      await expect(
        decideLink(ctx, shown(pa), foreignHandle('inm', pb), 'rejected', undefined, { agencyId: 'fgr' }),
      ).rejects.toThrow(/not found/);
    }

    // confirm: now it joins the two; reject: it never joins, even if the model later says 0.99
    const before = (await countLinkedPersons(db)).persons;
    const confirmed = await decideLink(ctx, pb, pa, 'confirmed');
    expect((await countLinkedPersons(db)).persons).toBe(before - 1);
    expect((await reviewQueue(ctx, { agencyId: null })).some((q) => q.personA === pa)).toBe(false);
    const rejected = await decideLink(ctx, pa, pb, 'rejected', 'different mothers');
    await repo.upsertLink(db, pa, pb, 0.99);
    expect((await countLinkedPersons(db)).persons).toBe(before);
    expect((await repo.getLink(db, pa, pb))!.decision).toBe('rejected');

    // undo in order: back to confirmed, then back to undecided (in the queue again at 0.45)
    await expect(undoDecision(ctx, confirmed.decisionId)).rejects.toThrow(/later decision/);
    await undoDecision(ctx, rejected.decisionId);
    expect((await repo.getLink(db, pa, pb))!.decision).toBe('confirmed');
    await undoDecision(ctx, confirmed.decisionId);
    await repo.upsertLink(db, pa, pb, 0.45);
    expect((await repo.getLink(db, pa, pb))!.decision).toBeNull();
    expect(
      (await reviewQueue(ctx, { agencyId: null })).some((q) => q.personA === pa && q.personB === pb),
    ).toBe(true);

    // scope: a supervisor of another agency cannot decide on persons of fgr/inm only
    await expect(decideLink(ctx, pa, pb, 'rejected', undefined, { agencyId: 'dif' })).rejects.toThrow(
      /not found/,
    );
    const audited = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE resource = 'person_links' AND action IN ('link_confirmed', 'link_rejected', 'link_undo')",
    );
    expect(audited.rows[0]!.n).toBeGreaterThanOrEqual(4);
    await db.close();
  });
});
