/**
 * The trust boundary between agencies, in one place: which records an agency may read, and so which
 * records it may name in a write. A write (records API, case-work API or import) that references a record
 * its agency may not read is answered exactly as if that record did not exist.
 *
 * `$A` in a predicate is the reader's agency id; `t` is the table.
 */
import type { RecordKind } from '@enlace/core';
import type { Db } from '../../db/index.ts';
import { AppError } from '../../errors.ts';
import { TABLES } from '../../import/tables.ts';
import type { Relation } from '../../security/need-to-know.ts';

/** Ids of the statistics mirror of case work (`cw-<uuid>`): never opened through a referral. */
export const MIRROR_PREFIX = 'cw-';

/** A referral that opens a person to its receiving agency: made by the person's own agency, still open. */
const OPENING_REFERRAL = `EXISTS (SELECT 1 FROM referrals r
   WHERE r.person_id = t.person_id AND r.to_agency_id = $A AND r.from_agency_id = t.agency_id
     AND r.status IN ('pending', 'accepted'))`;

/**
 * Persons an agency may read: its own, and those its owner referred to it (pending or accepted), except the
 * case-work mirror (whose providers read the consent-checked referral view instead).
 */
export const PERSON_SCOPE = `t.agency_id = $A OR (left(t.person_id, 3) <> '${MIRROR_PREFIX}' AND ${OPENING_REFERRAL})`;

/** Read scope of every record kind (the records API lists and reads with these; writes check references with them). */
export const READ_SCOPE: Record<Exclude<RecordKind, 'agencies'>, string> = {
  persons: PERSON_SCOPE,
  identifications: 't.agency_id = $A',
  referrals: 't.from_agency_id = $A OR t.to_agency_id = $A',
  services:
    't.provider_agency_id = $A OR EXISTS (SELECT 1 FROM persons p WHERE p.person_id = t.person_id AND p.agency_id = $A)',
  restitution_payments:
    'EXISTS (SELECT 1 FROM convictions c WHERE c.conviction_id = t.conviction_id AND c.agency_id = $A)',
  investigations: 't.agency_id = $A',
  prosecutions: 't.agency_id = $A',
  convictions: 't.agency_id = $A',
  hotline_contacts: 't.agency_id = $A',
  financial_reports: 't.agency_id = $A',
};

export const scopeSql = (kind: Exclude<RecordKind, 'agencies'>, param: number) =>
  `(${READ_SCOPE[kind].replaceAll('$A', `$${param}`)})`;

/**
 * Which of `ids` (records of `kind`) one of `agencies` may read. The agency directory is public to every
 * signed-in user, so agency ids only need to exist.
 */
export async function readableIds(
  db: Db,
  kind: RecordKind,
  ids: readonly string[],
  agencies: readonly string[],
): Promise<Set<string>> {
  const t = TABLES[kind];
  const out = new Set<string>();
  for (let i = 0; i < ids.length; i += 10000) {
    const chunk = ids.slice(i, i + 10000);
    if (kind === 'agencies') {
      const r = await db.query<{ id: string }>(`SELECT id FROM agencies WHERE id = ANY($1::text[])`, [chunk]);
      for (const row of r.rows) out.add(row.id);
      continue;
    }
    for (const a of agencies) {
      const r = await db.query<{ id: string }>(
        `SELECT t.${t.pk} AS id FROM ${t.table} t WHERE t.${t.pk} = ANY($2::text[]) AND ${scopeSql(kind, 1)}`,
        [a, chunk],
      );
      for (const row of r.rows) out.add(row.id);
    }
  }
  return out;
}

/** Whether `agencyId` may read the record `id` of `kind`. */
export async function mayRead(db: Db, kind: RecordKind, id: string, agencyId: string): Promise<boolean> {
  return (await readableIds(db, kind, [id], [agencyId])).has(id);
}

/** How a person stands to an agency: its own, opened to it by an open referral from its owner, or neither. */
export async function personRelation(db: Db, personId: string, agencyId: string): Promise<Relation | null> {
  const { rows } = await db.query<{ agency_id: string; referred: boolean }>(
    `SELECT t.agency_id, (left(t.person_id, 3) <> '${MIRROR_PREFIX}' AND ${OPENING_REFERRAL.replaceAll('$A', '$2')}) AS referred
       FROM persons t WHERE t.person_id = $1`,
    [personId, agencyId],
  );
  const r = rows[0];
  if (!r) return null;
  if (r.agency_id === agencyId) return 'own';
  return r.referred ? 'referral' : null;
}

/** Ids of `kind` (with an owner) that exist and belong to none of `agencies`: a scoped write may not change them. */
export async function idsOwnedElsewhere(
  db: Db,
  kind: RecordKind,
  ids: readonly string[],
  agencies: readonly string[],
): Promise<string[]> {
  const t = TABLES[kind];
  if (kind === 'restitution_payments') {
    // owned through the conviction they pay
    const r = await db.query<{ id: string }>(
      `SELECT t.payment_id AS id FROM restitution_payments t JOIN convictions c ON c.conviction_id = t.conviction_id
        WHERE t.payment_id = ANY($1::text[]) AND NOT (c.agency_id = ANY($2::text[]))`,
      [ids, agencies],
    );
    return r.rows.map((x) => x.id);
  }
  if (!t.agencyColumn) return [];
  const col = kind === 'agencies' ? 'id' : t.agencyColumn;
  const r = await db.query<{ id: string }>(
    `SELECT ${t.pk} AS id FROM ${t.table} WHERE ${t.pk} = ANY($1::text[]) AND NOT (${col} = ANY($2::text[]))`,
    [ids, agencies],
  );
  return r.rows.map((x) => x.id);
}

/**
 * Refuses a reference the agency may not read, with the same answer whether the record is another
 * agency's or does not exist at all (400 `unknown_reference` naming the field).
 */
export async function assertReferable(
  db: Db,
  kind: RecordKind,
  id: string,
  agencyId: string,
  field: string,
): Promise<void> {
  if (await mayRead(db, kind, id, agencyId)) return;
  throw new AppError(
    'unknown_reference',
    `${field}: no ${kind} record with this id is available to your agency`,
    {
      status: 400,
      details: [{ field, kind }],
    },
  );
}
