/**
 * Person linkage inside Enlace: persons are linked after every import and entry, incrementally (a new
 * person is compared with its blocking candidates only, found through stored blind-indexed keys);
 * uncertain pairs go to a review queue; a supervisor's decisions persist, override the model, are
 * audited and can be undone. The annual report counts linked persons (`countLinkedPersons`).
 */
import { createHmac } from 'node:crypto';
import {
  type ContextOf,
  candidateKeys,
  DisjointSets,
  type FsModel,
  type LinkRecord,
  type LinkResult,
  linkDedup,
  linkIncremental,
  prepareRecords,
  referralPairPrior,
} from '@enlace/linkage';
import { type AuditContext, audit } from '../../audit/service.ts';
import type { Db } from '../../db/index.ts';
import { AppError, badInput, notFound } from '../../errors.ts';
import { blindIndex, decryptField, derivedSecret } from '../../security/crypto.ts';
import { recordContexts } from './context.ts';
import * as repo from './repository.ts';

import { AUTO_LINK, COUNT_LINK, REVIEW_LOW } from './thresholds.ts';

export { AUTO_LINK, COUNT_LINK, REVIEW_LOW };
/** Fewer persons than this: no model can be estimated yet, links wait. */
export const MIN_PERSONS_FOR_MODEL = 50;

const dec = (row: repo.PersonIdentityRow, col: string): string | undefined =>
  decryptField((row as unknown as Record<string, string | null>)[`${col}_enc`], `persons.${col}`) ??
  undefined;

/** The person fields the linker compares (encrypted ones first, then the plain `sex` and `nationality`). */
export const LINKED_FIELDS = [
  'given_names',
  'surname_1',
  'surname_2',
  'birth_date',
  'curp',
  'phone',
  'email',
  'sex',
  'nationality',
] as const;
const ENCRYPTED_LINKED = LINKED_FIELDS.slice(0, 7);

/** A person's record for the linker from its plain field values (unknown or empty values left out). */
export function plainRecord(
  id: string,
  value: (field: (typeof LINKED_FIELDS)[number]) => string | null | undefined,
): LinkRecord {
  const fields: Record<string, string> = {};
  for (const f of LINKED_FIELDS) {
    const v = value(f);
    if (v) fields[f] = v;
  }
  return { id, fields };
}

/** Decrypts what the linker compares; never logged, never returned. */
export function toRecord(row: repo.PersonIdentityRow): LinkRecord {
  return plainRecord(row.person_id, (f) =>
    (ENCRYPTED_LINKED as readonly string[]).includes(f)
      ? dec(row, f)
      : f === 'sex'
        ? row.sex
        : row.nationality,
  );
}

/**
 * Persons the caller already holds in plain text, by id: what an import has just written (its own rows, committed),
 * so the linkage that follows does not read and decrypt them again. Must equal what the database holds.
 */
export type KnownPersons = ReadonlyMap<string, { agencyId: string; record: LinkRecord }>;

/**
 * The linker's records of `ids` (as read from the database, in its order: `personsByIds`' order), with their
 * agencies: the known ones from memory, the others read and decrypted. Ids no longer stored are left out.
 */
export async function identities(
  db: Db,
  ids: readonly string[],
  known?: KnownPersons,
): Promise<{ rows: { person_id: string; agency_id: string }[]; records: LinkRecord[] }> {
  if (!known?.size) {
    const rows = await repo.personsByIds(db, ids);
    return { rows, records: rows.map(toRecord) };
  }
  const fetched = new Map(
    (
      await repo.personsByIds(
        db,
        ids.filter((id) => !known.has(id)),
      )
    ).map((r) => [r.person_id, r]),
  );
  const rows: { person_id: string; agency_id: string }[] = [];
  const records: LinkRecord[] = [];
  for (const id of ids) {
    const k = known.get(id);
    const r = k ? null : fetched.get(id);
    if (k) {
      rows.push({ person_id: id, agency_id: k.agencyId });
      records.push(k.record);
    } else if (r) {
      rows.push(r);
      records.push(toRecord(r));
    }
  }
  return { rows, records };
}

/**
 * The linker's `pairPrior` from the exchange referrals (packages/linkage context.ts): a person referred to an agency
 * probably has a record of its own there. Consulted only for the persons in `rows`.
 */
export async function referralPriors(
  db: Db,
  rows: readonly { person_id: string; agency_id: string }[],
): Promise<((x: string, y: string) => number | undefined) | undefined> {
  const agencyOf = new Map(rows.map((r) => [r.person_id, r.agency_id]));
  const ctx = await repo.referralContext(db, [...agencyOf.keys()]);
  return referralPairPrior({
    agencyOf,
    referrals: ctx.referredTo.map((r) => [r.person_id, r.to_agency_id] as const),
    recordsOf: ctx.records,
  });
}

/** Where and when each person record in `rows` was written (context.ts), for the linker's `context`. */
export async function recordContextsOf(
  db: Db,
  rows: readonly { person_id: string; agency_id: string }[],
): Promise<ContextOf> {
  const agencyOf = new Map(rows.map((r) => [r.person_id, r.agency_id]));
  const ctx = await repo.contextRows(db, [...agencyOf.keys()]);
  return recordContexts(agencyOf, ctx.identifications, ctx.services);
}

const ordered = (x: string, y: string): [string, string] => (x < y ? [x, y] : [y, x]);
const pairOf = (x: string, y: string, probability: number) => {
  const [a, b] = ordered(x, y);
  return { a, b, probability };
};

/**
 * Estimates the model on every person (unsupervised) and stores it; links everyone. `known`: persons already in
 * memory (an import's rows), not read again. The blocking keys depend on the records alone: they are stored first,
 * and the database rebuilds their index while the linker runs (`storeRelink` with a function).
 */
export async function relinkAll(
  ctx: AuditContext,
  known?: KnownPersons,
): Promise<{ modelId: number; links: number } | null> {
  const db = ctx.db;
  const ids = await repo.allPersonIds(db);
  if (ids.length < MIN_PERSONS_FOR_MODEL) return null;
  const { rows, records } = await identities(db, ids, known);
  const pairPrior = await referralPriors(db, rows);
  const context = await recordContextsOf(db, rows);
  const prepared = prepareRecords(records);
  return storeRelink(
    ctx,
    records,
    () => linkDedup(prepared, { threshold: REVIEW_LOW, clusterThreshold: COUNT_LINK, pairPrior, context }),
    {
      prepared,
    },
  );
}

type RelinkResult = Pick<LinkResult, 'model' | 'pairs'> & Partial<Pick<LinkResult, 'left'>>;

/**
 * Stores a linkage of every person (`relinkAll`'s, or the same computed by workers, see
 * src/linkage-workers): every person's blocking keys, the model and the links, in one transaction.
 * `keys: false`: the keys are written elsewhere (the workers of a distributed run write them shard by shard).
 * `res` may be a function that links (synchronously): it is called in the transaction once the keys are loaded, while
 * the database rebuilds their index; `prepared`: the records' prepared set (else prepared here, or the linker's).
 */
export async function storeRelink(
  ctx: AuditContext,
  records: readonly LinkRecord[],
  res: RelinkResult | (() => RelinkResult),
  opts: { keys?: boolean; prepared?: ReturnType<typeof prepareRecords> } = {},
): Promise<{ modelId: number; links: number }> {
  const db = ctx.db;
  const ids = records.map((r) => r.id);
  const given = typeof res === 'function' ? null : res;
  // the linker's own prepared records when it hands them (the same records in the same order)
  const prepared =
    opts.keys === false
      ? null
      : (opts.prepared ?? (given?.left?.size === records.length ? given.left : prepareRecords(records)));
  return db.transaction(async (tx) => {
    let indexBuilt: Promise<void> = Promise.resolve();
    if (prepared) {
      await repo.deleteLinkKeys(tx, ids);
      // in batches (one statement per 20,000 keys / 10,000 links, or COPY), not one statement per person
      ({ indexBuilt } = await repo.loadAllLinkKeys(tx, records.length, (i) => ({
        personId: records[i]!.id,
        keys: keyIndexes(prepared, i),
      })));
    }
    const linked = given ?? (res as () => RelinkResult)();
    await indexBuilt;
    const modelId = await repo.insertModel(tx, linked.model, records.length);
    await repo.upsertLinksBatch(
      tx,
      linked.pairs.map((p) => pairOf(records[p.left]!.id, records[p.right]!.id, p.probability)),
    );
    await audit(ctx, { action: 'linkage_relink', resource: 'person_links', resourceId: String(modelId) }, tx);
    return { modelId, links: linked.pairs.length };
  });
}

/** Key of a person with nothing to block on: its own, shared with no one. */
const NO_KEY = 'none:';

export function keyIndexes(prepared: ReturnType<typeof prepareRecords>, i: number): string[] {
  const keys = candidateKeys(prepared, i)
    .map((k) => blindIndex('linkage-block', k))
    .filter((k): k is string => k !== null);
  // A person with nothing to block on (every identifying field unknown) can be paired with no one: a key of its
  // own marks it as linked, so it does not stay pending and come back (and throw) with every later run.
  return keys.length ? keys : [`${NO_KEY}${prepared.ids[i]}`];
}

/**
 * Links newly imported or entered persons: stores their blocking keys, compares them with the persons
 * sharing a key (and with each other) under the stored model, and records the links found.
 */
export async function linkNewPersons(
  ctx: AuditContext,
  personIds: readonly string[],
  known?: KnownPersons,
): Promise<{ compared: number; links: number; waiting: boolean }> {
  const db = ctx.db;
  if (personIds.length === 0) return { compared: 0, links: 0, waiting: false };
  const stored = await repo.latestModel(db);
  const keysOf = (records: LinkRecord[]) => {
    const prepared = prepareRecords(records);
    return { records, keys: records.map((_, i) => keyIndexes(prepared, i)) };
  };
  if (!stored) {
    // the first model: estimated on everyone, whose keys it stores; too few persons yet: only their keys
    const all = await relinkAll(ctx, known);
    if (all === null) {
      const { records, keys } = keysOf((await identities(db, personIds, known)).records);
      await repo.insertLinkKeysBatch(
        db,
        records.map((r, i) => ({ personId: r.id, keys: keys[i]! })),
      );
    }
    return { compared: 0, links: all?.links ?? 0, waiting: all === null };
  }
  const { rows: freshRows, records: freshRecords } = await identities(db, personIds, known);
  const { records: fresh, keys } = keysOf(freshRecords);
  const candidateIds = await repo.candidatesByKeys(db, [...new Set(keys.flat())], personIds);
  const existingRows = await repo.personsByIds(db, candidateIds);
  const existing = existingRows.map(toRecord);
  const comparable = fresh.filter((_, i) => !keys[i]![0]!.startsWith(NO_KEY));
  const pairs = comparable.length
    ? linkIncremental(existing, comparable, stored.model as FsModel, {
        threshold: REVIEW_LOW,
        pairPrior: await referralPriors(db, [...existingRows, ...freshRows]),
        context: await recordContextsOf(db, [...existingRows, ...freshRows]),
      })
    : [];
  await db.transaction(async (tx) => {
    await repo.insertLinkKeysBatch(
      tx,
      fresh.map((r, i) => ({ personId: r.id, keys: keys[i]! })),
    );
    await repo.upsertLinksBatch(
      tx,
      pairs.map((p) => pairOf(p.leftId, p.rightId, p.probability)),
    );
    await audit(ctx, { action: 'linkage_link', resource: 'person_links', fields: ['persons'] }, tx);
  });
  return { compared: existing.length, links: pairs.length, waiting: false };
}

export type Agreement = 'same' | 'different' | 'missing';
export const COMPARED_FIELDS = [
  'given_names',
  'surname_1',
  'surname_2',
  'birth_date',
  'sex',
  'nationality',
  'curp',
] as const;

export interface ReviewItem {
  personA: string;
  personB: string;
  probability: number;
  /**
   * Field by field, whether the two records agree (case, accents and spaces folded), computed here so that a
   * reviewer can judge a pair whose other record belongs to another agency without seeing its values.
   */
  comparison: Record<(typeof COMPARED_FIELDS)[number], Agreement>;
  /**
   * The institution (agency) that recorded each person, by name, as the reviewer may see it: only for a person
   * the reviewer may read (their own agency's, or any with national scope); null for another agency's person,
   * whose agency is not disclosed, like its id.
   */
  agencyA: { id: string; name: string } | null;
  agencyB: { id: string; name: string } | null;
}

/** Prefix of the opaque handle that stands for another agency's person in the review queue. */
export const FOREIGN_HANDLE = 'ext:';

/**
 * The handle of another agency's person as shown to `agencyId`: keyed per agency (two agencies cannot match
 * their handles), not reversible, and never the person's id (ids of other agencies are not disclosed).
 */
export function foreignHandle(agencyId: string, personId: string): string {
  return (
    FOREIGN_HANDLE +
    createHmac('sha256', derivedSecret('linkage-foreign-handle'))
      .update(`${agencyId}\u0000${personId}`)
      .digest('base64url')
      .slice(0, 24)
  );
}

const fold = (v: string | undefined) =>
  v?.normalize('NFD').replace(/\p{M}/gu, '').trim().toLowerCase().replace(/\s+/g, ' ') || undefined;

function compareRecords(a: LinkRecord | undefined, b: LinkRecord | undefined): ReviewItem['comparison'] {
  const out = {} as ReviewItem['comparison'];
  for (const f of COMPARED_FIELDS) {
    const x = fold(a?.fields[f]);
    const y = fold(b?.fields[f]);
    out[f] = !x || !y ? 'missing' : x === y ? 'same' : 'different';
  }
  return out;
}

/**
 * The review queue: undecided pairs in the uncertain band, best first. Ids only (the UI reads the agency's own
 * persons through their audited API); a person of another agency appears as an opaque handle.
 */
export async function reviewQueue(
  ctx: AuditContext,
  opts: { agencyId: string | null; limit?: number } = { agencyId: null },
): Promise<ReviewItem[]> {
  const rows = await repo.reviewBand(ctx.db, REVIEW_LOW, AUTO_LINK, opts.agencyId, opts.limit ?? 100);
  const persons = await repo.personsByIds(ctx.db, [
    ...new Set(rows.flatMap((r) => [r.person_a, r.person_b])),
  ]);
  const byId = new Map(persons.map((p) => [p.person_id, p]));
  const records = new Map(persons.map((p) => [p.person_id, toRecord(p)]));
  const visible = (id: string) => opts.agencyId === null || byId.get(id)?.agency_id === opts.agencyId;
  const shown = (id: string) =>
    visible(id) || opts.agencyId === null ? id : foreignHandle(opts.agencyId, id);
  const names = await repo.agencyNames(ctx.db, [
    ...new Set(persons.filter((p) => visible(p.person_id)).map((p) => p.agency_id)),
  ]);
  const agencyOf = (id: string) => {
    const owner = visible(id) ? byId.get(id)?.agency_id : undefined;
    return owner === undefined ? null : { id: owner, name: names.get(owner) ?? owner };
  };
  await audit(ctx, {
    action: 'list',
    resource: 'person_links',
    fields: ['probability', 'comparison', 'agency'],
  });
  return rows.map((r) => ({
    personA: shown(r.person_a),
    personB: shown(r.person_b),
    probability: Number(r.probability),
    comparison: compareRecords(records.get(r.person_a), records.get(r.person_b)),
    agencyA: agencyOf(r.person_a),
    agencyB: agencyOf(r.person_b),
  }));
}

/**
 * Turns a pair as the reviewer names it (own ids, or one own id and the handle of a linked person of another
 * agency) into the stored pair; null when it names nothing the agency may decide.
 */
async function resolvePair(
  db: Db,
  x: string,
  y: string,
  agencyId: string | null,
): Promise<[string, string] | null> {
  const hx = x.startsWith(FOREIGN_HANDLE);
  const hy = y.startsWith(FOREIGN_HANDLE);
  if (!hx && !hy) return [x, y];
  if ((hx && hy) || agencyId === null) return null;
  const own = hx ? y : x;
  const handle = hx ? x : y;
  for (const partner of await repo.linkedPartners(db, own)) {
    if (foreignHandle(agencyId, partner) === handle) return [own, partner];
  }
  return null;
}

/** A supervisor confirms or rejects a pair; the decision overrides the model and is kept and audited. */
export async function decideLink(
  ctx: AuditContext,
  x: string,
  y: string,
  decision: 'confirmed' | 'rejected',
  justification?: string,
  scope: { agencyId: string | null } = { agencyId: null },
): Promise<{ decisionId: number }> {
  if (x === y) throw badInput('a person cannot be linked to itself');
  return ctx.db.transaction(async (tx) => {
    const pair = await resolvePair(tx, x, y, scope.agencyId);
    if (!pair) throw notFound('link');
    const [a, b] = ordered(...pair);
    const link = await repo.getLink(tx, a, b);
    if (!link || !(await repo.pairInScope(tx, a, b, scope.agencyId))) throw notFound('link');
    await repo.setDecision(tx, a, b, decision, ctx.actor.userId);
    const decisionId = await repo.insertDecision(tx, {
      a,
      b,
      decision,
      previous: link.decision,
      undoes: null,
      userId: ctx.actor.userId,
    });
    await audit(
      ctx,
      {
        action: `link_${decision}`,
        resource: 'person_links',
        resourceId: `${a}|${b}`,
        justification: justification ?? null,
      },
      tx,
    );
    return { decisionId };
  });
}

/** Undoes one decision: the pair gets back the decision it had before (or none); audited too. */
export async function undoDecision(
  ctx: AuditContext,
  decisionId: number,
  scope: { agencyId: string | null } = { agencyId: null },
): Promise<{ decisionId: number }> {
  return ctx.db.transaction(async (tx) => {
    const d = await repo.getDecision(tx, decisionId);
    if (!d || !(await repo.pairInScope(tx, d.person_a, d.person_b, scope.agencyId)))
      throw notFound('decision');
    const link = await repo.getLink(tx, d.person_a, d.person_b);
    if (!link) throw notFound('link');
    if (link.decision !== d.decision)
      throw new AppError('conflict', 'a later decision changed this pair; undo that one first', {
        status: 409,
      });
    await repo.setDecision(tx, d.person_a, d.person_b, d.previous, ctx.actor.userId);
    const id = await repo.insertDecision(tx, {
      a: d.person_a,
      b: d.person_b,
      decision: d.previous,
      previous: d.decision,
      undoes: d.id,
      userId: ctx.actor.userId,
    });
    await audit(
      ctx,
      { action: 'link_undo', resource: 'person_links', resourceId: `${d.person_a}|${d.person_b}` },
      tx,
    );
    return { decisionId: id };
  });
}

/**
 * Persons counted as people, not records: records joined by confirmed links or undecided links at or above
 * COUNT_LINK (rejected links never join), as the annual report counts them. Returns the number of distinct persons and a key per record.
 */
export async function countLinkedPersons(
  db: Db,
): Promise<{ records: number; persons: number; personOf: (id: string) => string }> {
  const ids = await repo.allPersonIds(db);
  const index = new Map(ids.map((id, i) => [id, i]));
  const ds = new DisjointSets(ids.length);
  for (const l of await repo.joiningLinks(db, COUNT_LINK)) {
    const a = index.get(l.person_a);
    const b = index.get(l.person_b);
    if (a !== undefined && b !== undefined) ds.union(a, b);
  }
  const roots = new Set<number>();
  for (let i = 0; i < ids.length; i++) roots.add(ds.find(i));
  return {
    records: ids.length,
    persons: roots.size,
    personOf: (id) => {
      const i = index.get(id);
      return i === undefined ? id : ids[ds.find(i)]!;
    },
  };
}
