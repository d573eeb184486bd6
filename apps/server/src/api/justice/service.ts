/**
 * Defendants, the justice chain, restitution on real conviction records and financial intelligence. Everything is
 * the agency's own: another agency's defendant, stage or report does not exist for the caller (404 on reads, the
 * same `unknown_reference` as a missing id when a write names it). Personal data (names, aliases, birth date, CURP,
 * notes, complicity notes, report subjects and accounts) is stored encrypted and every read of it is audited.
 */
import { randomUUID } from 'node:crypto';
import { screening } from '@enlace/core';
import { chainDurations, type JusticeStage, type NetworkRole } from '@enlace/core/justice';
import { type AuditContext, audit } from '../../audit/service.ts';
import type { Db } from '../../db/index.ts';
import { AppError, notFound } from '../../errors.ts';
import type { RequestContext, SessionUser } from '../../http/context.ts';
import { blindIndex, decryptField } from '../../security/crypto.ts';
import { requireJustificationForCase } from '../alerts/access.ts';
import { decJson, encJson } from '../cases/crypto-json.ts';
import { caseInScope, toView } from '../cases/service.ts';
import { assertReferable, readableIds } from '../records/scope.ts';
import { relinkDefendant } from './linkage.ts';
import * as repo from './repository.ts';
import type {
  DefendantBody,
  DefendantIdentity,
  DefendantPatch,
  FinancialReportBody,
  RestitutionOrderBody,
  RestitutionPaymentBody,
  StageBody,
  StagePatch,
} from './schema.ts';

export interface Ctx extends AuditContext {
  user: SessionUser | null;
}

function me(ctx: Ctx): SessionUser {
  if (!ctx.user) throw new AppError('unauthenticated', 'Please sign in', { status: 401 });
  return ctx.user;
}

const DT = 'jd_defendants';
const ST = 'jd_stages';
const FT = 'jd_financial_reports';

/** The answer to a reference the agency may not use: the same whether the record is another agency's or missing. */
export function unknownReference(field: string, kind: string): AppError {
  return new AppError(
    'unknown_reference',
    `${field}: no ${kind} record with this id is available to your agency`,
    {
      status: 400,
      details: [{ field, kind }],
    },
  );
}

/** Refuses any of `ids` that is not a defendant of the agency. */
export async function assertOwnDefendants(db: Db, ids: readonly string[], agencyId: string, field: string) {
  const own = await repo.ownDefendantIds(db, ids, agencyId);
  if (ids.some((id) => !own.has(id))) throw unknownReference(field, 'defendants');
}

/** Refuses any of `ids` that is not an investigation (a chain) of the agency. */
export async function assertOwnChains(db: Db, ids: readonly string[], agencyId: string, field: string) {
  const own = await repo.ownStageIds(db, ids, agencyId, true);
  if (ids.some((id) => !own.has(id))) throw unknownReference(field, 'justice_chains');
}

async function assertVictims(db: Db, ids: readonly string[], agencyId: string, field: string) {
  if (ids.length === 0) return;
  const ok = await readableIds(db, 'persons', ids, [agencyId]);
  if (ids.some((id) => !ok.has(id))) throw unknownReference(field, 'persons');
}

/** The exchange record a stage stands for: an investigation, a prosecution or (sentence) a conviction. */
const RECORD_KIND: Partial<Record<JusticeStage, 'investigations' | 'prosecutions' | 'convictions'>> = {
  investigation: 'investigations',
  prosecution: 'prosecutions',
  sentence: 'convictions',
};

// ---------------------------------------------------------------- defendants

export function displayName(
  i: Pick<DefendantIdentity, 'givenNames' | 'surname1' | 'surname2' | 'aliases'>,
): string {
  const name = [i.givenNames, i.surname1, i.surname2].filter(Boolean).join(' ');
  if (name) return i.aliases.length ? `${name} («${i.aliases[0]}»)` : name;
  return i.aliases.length ? `«${i.aliases[0]}»` : '—';
}

const NO_IDENTITY: DefendantIdentity = {
  givenNames: '',
  surname1: '',
  surname2: '',
  aliases: [],
  birthDate: null,
  approximateAge: null,
  approximateAgeOn: null,
  curp: null,
};

/** The stored identity with every field present (one written before a field existed has it empty). */
function identityOf(r: Pick<repo.DefendantRow, 'identity_enc'>): DefendantIdentity {
  return { ...NO_IDENTITY, ...decJson<Partial<DefendantIdentity>>(DT, 'identity_enc', r.identity_enc) };
}

function defendantView(r: repo.DefendantRow) {
  const identity = identityOf(r);
  return {
    id: r.id,
    agencyId: r.agency_id,
    displayName: displayName(identity),
    identity,
    sex: r.sex,
    nationality: r.nationality,
    networkRoles: r.network_roles,
    notes: decJson<string>(DT, 'notes_enc', r.notes_enc) ?? '',
    sourceCaseId: r.source_case_id,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}
const IDENTITY_FIELDS = ['given_names', 'surname_1', 'surname_2', 'aliases', 'birth_date', 'curp'];

async function ownDefendant(ctx: Ctx, id: string, db: Db = ctx.db, forUpdate = false) {
  const r = await repo.getDefendant(db, id, forUpdate);
  if (!r || r.agency_id !== me(ctx).agencyId) throw notFound('Defendant');
  return r;
}

/** Compares a new or changed defendant with every other (linkage); a failure leaves the write in place. */
async function afterDefendantWrite(ctx: Ctx, id: string, onError: (e: unknown) => void) {
  try {
    await relinkDefendant(ctx.db, id);
  } catch (e) {
    onError(e);
  }
}

export async function createDefendant(
  ctx: Ctx,
  body: DefendantBody,
  onError: (e: unknown) => void = () => {},
) {
  const u = me(ctx);
  const row = await ctx.db.transaction(async (tx) => {
    if (body.sourceCaseId) {
      const c = await tx.query<{ agency_id: string }>('SELECT agency_id FROM cw_cases WHERE id = $1', [
        body.sourceCaseId,
      ]);
      if (c.rows[0]?.agency_id !== u.agencyId) throw unknownReference('sourceCaseId', 'cases');
    }
    const r = await repo.insertDefendant(tx, {
      agency_id: u.agencyId,
      sex: body.sex,
      nationality: body.nationality,
      network_roles: body.networkRoles,
      identity_enc: encJson(DT, 'identity_enc', body.identity)!,
      notes_enc: body.notes ? encJson(DT, 'notes_enc', body.notes) : null,
      source_case_id: body.sourceCaseId,
      created_by: u.id,
    });
    await audit(
      ctx,
      { action: 'create', resource: 'defendants', resourceId: r.id, fields: IDENTITY_FIELDS },
      tx,
    );
    return r;
  });
  await afterDefendantWrite(ctx, row.id, onError);
  return defendantView(row);
}

export async function updateDefendant(
  ctx: Ctx,
  id: string,
  patch: DefendantPatch,
  onError: (e: unknown) => void = () => {},
) {
  const row = await ctx.db.transaction(async (tx) => {
    const cur = await ownDefendant(ctx, id, tx, true);
    const v = defendantView(cur);
    const identity = patch.identity ?? v.identity;
    const notes = patch.notes ?? v.notes;
    const r = await repo.updateDefendant(tx, id, {
      sex: patch.sex === undefined ? cur.sex : patch.sex,
      nationality: patch.nationality === undefined ? cur.nationality : patch.nationality,
      network_roles: patch.networkRoles ?? cur.network_roles,
      identity_enc: encJson(DT, 'identity_enc', identity)!,
      notes_enc: notes ? encJson(DT, 'notes_enc', notes) : null,
    });
    await audit(
      ctx,
      { action: 'update', resource: 'defendants', resourceId: id, fields: Object.keys(patch).sort() },
      tx,
    );
    return r;
  });
  if (patch.identity || patch.sex !== undefined || patch.nationality !== undefined)
    await afterDefendantWrite(ctx, id, onError);
  return defendantView(row);
}

export async function listDefendants(
  ctx: Ctx,
  q: { limit: number; offset: number; caseId?: string | undefined },
) {
  const u = me(ctx);
  const { total, rows } = await repo.listDefendants(ctx.db, u.agencyId, q.limit, q.offset, q.caseId ?? null);
  const links = await repo.linksOfAgency(ctx.db, u.agencyId);
  const pendingOf = new Map<string, number>();
  for (const l of links)
    if (l.status === 'pending') for (const x of [l.a, l.b]) pendingOf.set(x, (pendingOf.get(x) ?? 0) + 1);
  if (rows.length)
    await audit(ctx, {
      action: 'list',
      resource: 'defendants',
      resourceId: rows.map((r) => r.id).join(','),
      fields: ['given_names', 'surname_1', 'surname_2', 'aliases'],
    });
  return {
    total,
    items: rows.map((r) => {
      const v = defendantView(r);
      return {
        id: v.id,
        displayName: v.displayName,
        sex: v.sex,
        nationality: v.nationality,
        networkRoles: v.networkRoles,
        birthDate: v.identity.birthDate,
        approximateAge: v.identity.approximateAge,
        possibleMatches: pendingOf.get(v.id) ?? 0,
        sourceCaseId: v.sourceCaseId,
      };
    }),
  };
}

export async function readDefendant(ctx: Ctx, id: string) {
  const u = me(ctx);
  const r = await ownDefendant(ctx, id);
  const stages = await repo.stagesOfDefendant(ctx.db, id);
  const financial = await repo.financialOfDefendant(ctx.db, id);
  const links = await repo.linksOfAgency(ctx.db, u.agencyId, id);
  await audit(ctx, { action: 'read', resource: 'defendants', resourceId: id, fields: IDENTITY_FIELDS });
  return {
    ...defendantView(r),
    stages: stages
      .filter((s) => s.agency_id === u.agencyId)
      .map((s) => ({
        id: s.id,
        chainId: s.chain_id,
        stage: s.stage,
        reference: s.reference,
        startedOn: s.started_on,
        outcome: s.outcome,
        charges: s.charges,
      })),
    financialReportIds: financial,
    possibleMatches: links
      .map((l) => ({
        other: l.a === id ? { id: l.b, agency: l.b_agency } : { id: l.a, agency: l.a_agency },
        probability: l.probability,
        status: l.status,
      }))
      .map((m) => ({
        ...(m.other.agency === u.agencyId ? { defendantId: m.other.id } : { defendantId: null }),
        sameAgency: m.other.agency === u.agencyId,
        probability: m.probability,
        status: m.status,
      })),
  };
}

/** An opaque, stable handle for another agency's defendant (never its id, agency or values). */
function handleOf(id: string): string {
  return `D-${(blindIndex('defendant-handle', id) ?? '').slice(0, 8).toUpperCase()}`;
}

/**
 * The review queue: pairs of defendants the linkage found may be one person, where one is the agency's. The other
 * agency's side is shown as "a defendant of another agency" with nothing of its values.
 */
export async function linkQueue(ctx: Ctx) {
  const u = me(ctx);
  const links = await repo.linksOfAgency(ctx.db, u.agencyId);
  const ownIds = [
    ...new Set(
      links
        .flatMap((l) => [l.a_agency === u.agencyId ? l.a : null, l.b_agency === u.agencyId ? l.b : null])
        .filter((x): x is string => x !== null),
    ),
  ];
  const rows = new Map<string, repo.DefendantRow>();
  for (const id of ownIds) {
    const r = await repo.getDefendant(ctx.db, id);
    if (r) rows.set(id, r);
  }
  const side = (id: string, agency: string) => {
    if (agency !== u.agencyId) return { own: false as const, defendantId: null, handle: handleOf(id) };
    const v = defendantView(rows.get(id)!);
    return {
      own: true as const,
      defendantId: id,
      displayName: v.displayName,
      aliases: v.identity.aliases,
      birthDate: v.identity.birthDate,
      approximateAge: v.identity.approximateAge,
      sex: v.sex,
      nationality: v.nationality,
      networkRoles: v.networkRoles,
    };
  };
  if (links.length)
    await audit(ctx, {
      action: 'list',
      resource: 'defendant_links',
      resourceId: ownIds.join(','),
      fields: ['given_names', 'surname_1', 'surname_2', 'aliases', 'birth_date'],
    });
  return {
    items: links.map((l) => ({
      a: l.a_agency === u.agencyId ? l.a : null,
      b: l.b_agency === u.agencyId ? l.b : null,
      pairKey: l.a_agency === u.agencyId && l.b_agency === u.agencyId ? `${l.a}/${l.b}` : null,
      left: side(l.a, l.a_agency),
      right: side(l.b, l.b_agency),
      probability: Math.round(l.probability * 1000) / 1000,
      status: l.status,
      crossAgency: l.a_agency !== l.b_agency,
    })),
  };
}

/**
 * A decision on a pair of the agency's own defendants (same person, different persons, or back to undecided).
 * A pair with another agency's defendant is decided through that agency's liaison, not here.
 */
export async function decideLink(ctx: Ctx, a: string, b: string, status: 'same' | 'different' | 'pending') {
  const u = me(ctx);
  const [x, y] = a < b ? [a, b] : [b, a];
  return ctx.db.transaction(async (tx) => {
    const own = await repo.ownDefendantIds(tx, [x, y], u.agencyId);
    if (!own.has(x) || !own.has(y)) throw notFound('Pair');
    if (!(await repo.decideDefendantLink(tx, x, y, status, u.id))) throw notFound('Pair');
    await audit(ctx, { action: `link_${status}`, resource: 'defendant_links', resourceId: `${x},${y}` }, tx);
    return { a: x, b: y, status };
  });
}

const ROLE_FROM_CASE: Record<string, NetworkRole> = {
  recruiter: 'recruiter',
  transporter: 'transporter',
  exploiter: 'exploiter',
  controller: 'exploiter',
};

/**
 * Splits a name as a victim gave it ("José Luis Martínez Pérez") into given names and two surnames: the last two
 * words are the surnames when there are three or more, the last one when there are two.
 */
export function splitName(name: string): { givenNames: string; surname1: string; surname2: string } {
  const w = name.trim().split(/\s+/).filter(Boolean);
  if (w.length >= 3)
    return { givenNames: w.slice(0, -2).join(' '), surname1: w.at(-2)!, surname2: w.at(-1)! };
  if (w.length === 2) return { givenNames: w[0]!, surname1: w[1]!, surname2: '' };
  return { givenNames: w[0] ?? '', surname1: '', surname2: '' };
}

/** Records the case's perpetrator number `index` as a defendant of the agency (linked to the case). */
export async function defendantFromCase(
  ctx: RequestContext,
  caseId: string,
  index: number,
  onError: (e: unknown) => void = () => {},
) {
  const row = await caseInScope(ctx, caseId);
  await requireJustificationForCase(ctx, caseId);
  const p = (toView(row).perpetrators[index] ?? null) as {
    name?: string;
    alias?: string;
    role?: string;
    description?: string;
  } | null;
  if (!p || (!p.name && !p.alias))
    throw new AppError('perpetrator_unnamed', 'This perpetrator has neither a name nor an alias', {
      status: 400,
      details: [{ field: 'index' }],
    });
  const role = p.role ? ROLE_FROM_CASE[p.role] : undefined;
  return createDefendant(
    ctx,
    {
      identity: {
        ...splitName(p.name ?? ''),
        aliases: p.alias ? [p.alias] : [],
        birthDate: null,
        approximateAge: null,
        approximateAgeOn: null,
        curp: null,
      },
      sex: null,
      nationality: null,
      networkRoles: role ? [role] : [],
      notes: p.description ?? '',
      sourceCaseId: caseId,
    },
    onError,
  );
}

// ---------------------------------------------------------------- stages and chains

async function ownStage(ctx: Ctx, id: string, db: Db = ctx.db, forUpdate = false) {
  const r = await repo.getStage(db, id, forUpdate);
  if (!r || r.agency_id !== me(ctx).agencyId) throw notFound('Stage');
  return r;
}

async function checkStageRefs(
  db: Db,
  agencyId: string,
  stage: JusticeStage,
  s: { recordRef?: string | null; defendantIds?: string[]; victimPersonIds?: string[] },
) {
  if (s.recordRef) {
    const kind = RECORD_KIND[stage];
    if (!kind) throw unknownReference('recordRef', 'records');
    await assertReferable(db, kind, s.recordRef, agencyId, 'recordRef');
  }
  if (s.defendantIds) await assertOwnDefendants(db, s.defendantIds, agencyId, 'defendantIds');
  if (s.victimPersonIds) await assertVictims(db, s.victimPersonIds, agencyId, 'victimPersonIds');
}

export async function createStage(ctx: Ctx, body: StageBody) {
  const u = me(ctx);
  return ctx.db.transaction(async (tx) => {
    let chainId: string;
    const id = randomUUID();
    if (body.chainId) {
      await assertOwnChains(tx, [body.chainId], u.agencyId, 'chainId');
      chainId = body.chainId;
    } else chainId = id;
    await checkStageRefs(tx, u.agencyId, body.stage, body);
    const row = await repo.insertStage(tx, {
      id,
      agency_id: u.agencyId,
      chain_id: chainId,
      stage: body.stage,
      created_by: u.id,
      ...stageWrite(body),
    });
    await repo.setStageDefendants(tx, id, body.defendantIds);
    await repo.setStageVictims(tx, id, body.victimPersonIds);
    await audit(
      ctx,
      { action: 'create', resource: 'justice_stages', resourceId: id, fields: stageFields(body) },
      tx,
    );
    return { id: row.id, chainId: row.chain_id, stage: row.stage as JusticeStage };
  });
}

function stageWrite(s: Omit<StageBody, 'stage' | 'chainId'>): repo.StageWrite {
  return {
    reference: s.reference,
    record_ref: s.recordRef,
    started_on: s.startedOn,
    ended_on: s.endedOn,
    court: s.court,
    charges: [...new Set(s.charges)].sort((a, b) => Number(a) - Number(b)),
    outcome: s.outcome,
    sentence_months: s.sentenceMonths,
    fine_mxn: s.fineMxn,
    official_complicity: s.officialComplicity,
    complicity_enc: s.complicityNote ? encJson(ST, 'complicity_enc', s.complicityNote) : null,
    notes_enc: s.notes ? encJson(ST, 'notes_enc', s.notes) : null,
  };
}
const stageFields = (b: object) =>
  Object.keys(b).filter((k) => ['complicityNote', 'notes', 'victimPersonIds', 'defendantIds'].includes(k));

export async function updateStage(ctx: Ctx, id: string, patch: StagePatch) {
  const u = me(ctx);
  return ctx.db.transaction(async (tx) => {
    const cur = await ownStage(ctx, id, tx, true);
    await checkStageRefs(tx, u.agencyId, cur.stage as JusticeStage, patch);
    const merged = {
      reference: patch.reference ?? cur.reference,
      recordRef: patch.recordRef === undefined ? cur.record_ref : patch.recordRef,
      startedOn: patch.startedOn ?? cur.started_on,
      endedOn: patch.endedOn === undefined ? cur.ended_on : patch.endedOn,
      court: patch.court ?? cur.court,
      charges: patch.charges ?? cur.charges,
      outcome: patch.outcome === undefined ? cur.outcome : patch.outcome,
      sentenceMonths: patch.sentenceMonths === undefined ? cur.sentence_months : patch.sentenceMonths,
      fineMxn: patch.fineMxn === undefined ? cur.fine_mxn : patch.fineMxn,
      officialComplicity: patch.officialComplicity ?? cur.official_complicity,
      complicityNote: patch.complicityNote ?? decJson<string>(ST, 'complicity_enc', cur.complicity_enc) ?? '',
      notes: patch.notes ?? decJson<string>(ST, 'notes_enc', cur.notes_enc) ?? '',
      defendantIds: [],
      victimPersonIds: [],
    };
    if (merged.endedOn && merged.endedOn < merged.startedOn)
      throw new AppError('invalid_input', 'endedOn precedes startedOn', {
        status: 400,
        details: [{ field: 'endedOn' }],
      });
    await repo.updateStage(tx, id, stageWrite(merged));
    if (patch.defendantIds) await repo.setStageDefendants(tx, id, patch.defendantIds);
    if (patch.victimPersonIds) await repo.setStageVictims(tx, id, patch.victimPersonIds);
    await audit(
      ctx,
      { action: 'update', resource: 'justice_stages', resourceId: id, fields: Object.keys(patch).sort() },
      tx,
    );
    return { id, chainId: cur.chain_id, stage: cur.stage as JusticeStage };
  });
}

const sumCents = (xs: readonly string[]) => xs.reduce((a, x) => a + screening.parseMxn(x), 0n);

/**
 * Names of the exchange persons the agency may read (readableIds: scope.ts), decrypted; a person it may not read has
 * no entry (named by nothing but "another agency's person"), nor one recorded without a name.
 */
export async function readablePersonNames(db: Db, ids: readonly string[], agencyId: string) {
  const readable = await readableIds(db, 'persons', ids, [agencyId]);
  const rows = await repo.personNames(db, [...readable]);
  const dec = (v: string | null, c: string) => decryptField(v, `persons.${c}`) ?? '';
  const out = new Map<string, string>();
  for (const r of rows) {
    const name = [
      dec(r.given_names_enc, 'given_names'),
      dec(r.surname_1_enc, 'surname_1'),
      dec(r.surname_2_enc, 'surname_2'),
    ]
      .filter(Boolean)
      .join(' ');
    if (name) out.set(r.person_id, name);
  }
  return out;
}
const victimNames = readablePersonNames;

/** One stage with its whole chain (timeline, durations, parties) and, for sentences, the restitution. */
export async function readStage(ctx: Ctx, id: string) {
  const u = me(ctx);
  const cur = await ownStage(ctx, id);
  const stages = await repo.stagesOfChain(ctx.db, cur.chain_id);
  const parties = await repo.stageParties(
    ctx.db,
    stages.map((s) => s.id),
  );
  const defIds = [...new Set(parties.defendants.map((d) => d.defendant_id))];
  const defNames = new Map<string, string>();
  for (const d of defIds) {
    const r = await repo.getDefendant(ctx.db, d);
    if (r && r.agency_id === u.agencyId) defNames.set(d, displayName(identityOf(r)));
  }
  const caseOrders = await repo.caseOrdersOfConvictions(
    ctx.db,
    u.agencyId,
    stages.flatMap((s) => (s.record_ref ? [s.record_ref] : [])),
  );
  const vIds = [
    ...new Set([
      ...parties.victims.map((v) => v.person_id),
      ...caseOrders.flatMap((o) => (o.person_ref ? [o.person_ref] : [])),
    ]),
  ];
  const vNames = await victimNames(ctx.db, vIds, u.agencyId);
  const rest = await repo.restitutionOfStages(
    ctx.db,
    stages.map((s) => s.id),
  );
  const financial = await repo.financialOfChain(ctx.db, cur.chain_id);
  await audit(ctx, {
    action: 'read',
    resource: 'justice_stages',
    resourceId: id,
    fields: ['defendants', 'victims', 'complicity_note', 'notes', 'case_restitution'],
  });
  const view = (s: repo.StageRow) => ({
    id: s.id,
    chainId: s.chain_id,
    stage: s.stage as JusticeStage,
    reference: s.reference,
    recordRef: s.record_ref,
    startedOn: s.started_on,
    endedOn: s.ended_on,
    court: s.court,
    charges: s.charges,
    outcome: s.outcome,
    sentenceMonths: s.sentence_months,
    fineMxn: s.fine_mxn,
    officialComplicity: s.official_complicity,
    complicityNote: decJson<string>(ST, 'complicity_enc', s.complicity_enc) ?? '',
    notes: decJson<string>(ST, 'notes_enc', s.notes_enc) ?? '',
    defendants: parties.defendants
      .filter((d) => d.stage_id === s.id)
      .map((d) => ({ id: d.defendant_id, displayName: defNames.get(d.defendant_id) ?? '—' })),
    victims: parties.victims
      .filter((v) => v.stage_id === s.id)
      .map((v) => ({ personId: v.person_id, name: vNames.get(v.person_id) ?? null })),
  });
  const orders = rest.orders.map((o) => {
    const paid = rest.payments.filter((p) => p.order_id === o.id);
    const paidCents = sumCents(paid.map((p) => p.amount_mxn));
    const ordered = screening.parseMxn(o.ordered_mxn);
    return {
      id: o.id,
      stageId: o.stage_id,
      convictionRef: o.conviction_ref,
      victimPersonId: o.victim_person_id,
      victimName: vNames.get(o.victim_person_id) ?? null,
      debtorDefendantId: o.debtor_defendant_id,
      debtorName: o.debtor_defendant_id ? (defNames.get(o.debtor_defendant_id) ?? null) : null,
      orderedMxn: screening.formatMxn(ordered),
      orderedOn: o.ordered_on,
      paidMxn: screening.formatMxn(paidCents),
      outstandingMxn: screening.formatMxn(ordered > paidCents ? ordered - paidCents : 0n),
      payments: paid.map((p) => ({
        id: p.id,
        paidOn: p.paid_on,
        amountMxn: screening.formatMxn(screening.parseMxn(p.amount_mxn)),
        payer: p.payer,
        payerDefendantId: p.payer_defendant_id,
        payerName: p.payer_defendant_id ? (defNames.get(p.payer_defendant_id) ?? null) : null,
      })),
    };
  });
  return {
    stage: view(cur),
    chain: stages.map(view),
    durations: chainDurations(
      stages.map((s) => ({ stage: s.stage as JusticeStage, startedOn: s.started_on })),
    ),
    restitution: orders.filter((o) => stages.some((s) => s.id === o.stageId)),
    caseRestitution: caseOrders.map((o) => {
      const ordered = screening.parseMxn(o.ordered_mxn);
      const paid = screening.parseMxn(o.paid_mxn);
      return {
        id: o.id,
        caseId: o.case_id,
        convictionRef: o.conviction_ref,
        victimName: o.person_ref ? (vNames.get(o.person_ref) ?? null) : null,
        orderedMxn: screening.formatMxn(ordered),
        orderedOn: o.ordered_on,
        paidMxn: screening.formatMxn(paid),
        outstandingMxn: screening.formatMxn(ordered > paid ? ordered - paid : 0n),
      };
    }),
    financialReportIds: financial,
  };
}

/** The agency's chains: the investigation, where the chain stands, charges, defendants and durations. */
export async function listChains(ctx: Ctx) {
  const u = me(ctx);
  const rows = await repo.chainsOfAgency(ctx.db, u.agencyId);
  const parties = await repo.stageParties(
    ctx.db,
    rows.map((r) => r.id),
  );
  const byChain = new Map<string, repo.StageRow[]>();
  for (const r of rows) byChain.set(r.chain_id, [...(byChain.get(r.chain_id) ?? []), r]);
  const order = ['investigation', 'prosecution', 'trial', 'sentence', 'appeal'];
  const items = [...byChain.entries()].map(([chainId, stages]) => {
    const head = stages.find((s) => s.id === chainId)!;
    const last = [...stages].sort(
      (a, b) => order.indexOf(b.stage) - order.indexOf(a.stage) || b.started_on.localeCompare(a.started_on),
    )[0]!;
    const ids = new Set(stages.map((s) => s.id));
    return {
      chainId,
      reference: head.reference,
      /** the exchange investigation record it stands for (its node in the network analysis) */
      recordRef: head.record_ref,
      openedOn: head.started_on,
      latestStage: last.stage,
      latestStageId: last.id,
      latestOutcome: last.outcome,
      charges: [...new Set(stages.flatMap((s) => s.charges))].sort((a, b) => Number(a) - Number(b)),
      defendants: new Set(parties.defendants.filter((d) => ids.has(d.stage_id)).map((d) => d.defendant_id))
        .size,
      victims: new Set(parties.victims.filter((v) => ids.has(v.stage_id)).map((v) => v.person_id)).size,
      officialComplicity: stages.some((s) => s.official_complicity),
      durations: chainDurations(
        stages.map((s) => ({ stage: s.stage as JusticeStage, startedOn: s.started_on })),
      ),
    };
  });
  items.sort((a, b) => b.openedOn.localeCompare(a.openedOn));
  await audit(ctx, { action: 'list', resource: 'justice_chains' });
  return { items };
}

// ---------------------------------------------------------------- restitution

export async function addRestitutionOrder(ctx: Ctx, stageId: string, body: RestitutionOrderBody) {
  const u = me(ctx);
  return ctx.db.transaction(async (tx) => {
    const s = await ownStage(ctx, stageId, tx, true);
    if (s.stage !== 'sentence')
      throw new AppError('not_a_sentence', 'Restitution is ordered in a sentence', { status: 400 });
    // restitution is ordered on a real conviction record the caller may read, never on free text
    await assertReferable(tx, 'convictions', body.convictionRef, u.agencyId, 'convictionRef');
    await assertVictims(tx, [body.victimPersonId], u.agencyId, 'victimPersonId');
    if (body.debtorDefendantId)
      await assertOwnDefendants(tx, [body.debtorDefendantId], u.agencyId, 'debtorDefendantId');
    const row = await repo.insertOrder(tx, {
      stage_id: stageId,
      conviction_ref: body.convictionRef,
      victim_person_id: body.victimPersonId,
      debtor_defendant_id: body.debtorDefendantId,
      ordered_mxn: body.orderedMxn,
      ordered_on: body.orderedOn,
      recorded_by: u.id,
    });
    if (!row)
      throw new AppError('duplicate_order', 'This conviction already orders restitution to this victim', {
        status: 409,
      });
    await audit(
      ctx,
      {
        action: 'create',
        resource: 'justice_restitution',
        resourceId: row.id,
        fields: ['victim_person_id', 'ordered_mxn'],
      },
      tx,
    );
    return {
      id: row.id,
      stageId,
      convictionRef: row.conviction_ref,
      victimPersonId: row.victim_person_id,
      orderedMxn: screening.formatMxn(screening.parseMxn(row.ordered_mxn)),
      orderedOn: row.ordered_on,
    };
  });
}

export async function addRestitutionPayment(ctx: Ctx, orderId: string, body: RestitutionPaymentBody) {
  const u = me(ctx);
  return ctx.db.transaction(async (tx) => {
    const o = await repo.getOrder(tx, orderId);
    if (!o || o.agency_id !== u.agencyId) throw notFound('Restitution order');
    if (body.payerDefendantId)
      await assertOwnDefendants(tx, [body.payerDefendantId], u.agencyId, 'payerDefendantId');
    const row = await repo.insertPayment(tx, {
      order_id: orderId,
      paid_on: body.paidOn,
      amount_mxn: body.amountMxn,
      payer: body.payer,
      payer_defendant_id: body.payerDefendantId,
      recorded_by: u.id,
    });
    await audit(
      ctx,
      {
        action: 'create',
        resource: 'justice_restitution_payments',
        resourceId: row.id,
        fields: ['amount_mxn', 'payer'],
      },
      tx,
    );
    return {
      id: row.id,
      orderId,
      paidOn: row.paid_on,
      amountMxn: screening.formatMxn(screening.parseMxn(row.amount_mxn)),
      payer: row.payer,
      payerDefendantId: row.payer_defendant_id,
    };
  });
}

// ---------------------------------------------------------------- financial intelligence

function financialWrite(b: FinancialReportBody): repo.FinancialWrite {
  return {
    report_type: b.reportType,
    reference: b.reference,
    reported_on: b.reportedOn,
    institution: b.institution,
    amount: b.amount,
    currency: b.currency,
    subjects_enc: b.subjects.length ? encJson(FT, 'subjects_enc', b.subjects) : null,
    accounts_enc: b.accounts.length ? encJson(FT, 'accounts_enc', b.accounts) : null,
    notes_enc: b.notes ? encJson(FT, 'notes_enc', b.notes) : null,
  };
}

async function financialView(db: Db, r: repo.FinancialRow) {
  const links = await repo.financialLinks(db, [r.id]);
  return {
    id: r.id,
    reportType: r.report_type,
    reference: r.reference,
    reportedOn: r.reported_on,
    institution: r.institution,
    amount: r.amount,
    currency: r.currency,
    subjects: decJson<FinancialReportBody['subjects']>(FT, 'subjects_enc', r.subjects_enc) ?? [],
    accounts: decJson<FinancialReportBody['accounts']>(FT, 'accounts_enc', r.accounts_enc) ?? [],
    notes: decJson<string>(FT, 'notes_enc', r.notes_enc) ?? '',
    chainIds: links.chains.map((c) => c.chain_id),
    defendantIds: links.defendants.map((d) => d.defendant_id),
  };
}

async function checkFinancialRefs(db: Db, agencyId: string, b: FinancialReportBody) {
  await assertOwnChains(db, b.chainIds, agencyId, 'chainIds');
  await assertOwnDefendants(db, b.defendantIds, agencyId, 'defendantIds');
}

export async function createFinancial(ctx: Ctx, b: FinancialReportBody) {
  const u = me(ctx);
  return ctx.db.transaction(async (tx) => {
    await checkFinancialRefs(tx, u.agencyId, b);
    const r = await repo.insertFinancial(tx, {
      ...financialWrite(b),
      agency_id: u.agencyId,
      created_by: u.id,
    });
    await repo.setFinancialLinks(tx, r.id, b.chainIds, b.defendantIds);
    await audit(
      ctx,
      { action: 'create', resource: 'financial_reports', resourceId: r.id, fields: ['subjects', 'accounts'] },
      tx,
    );
    return financialView(tx, r);
  });
}

export async function updateFinancial(ctx: Ctx, id: string, b: FinancialReportBody) {
  const u = me(ctx);
  return ctx.db.transaction(async (tx) => {
    const cur = await repo.getFinancial(tx, id, true);
    if (!cur || cur.agency_id !== u.agencyId) throw notFound('Financial report');
    await checkFinancialRefs(tx, u.agencyId, b);
    const r = await repo.updateFinancial(tx, id, financialWrite(b));
    await repo.setFinancialLinks(tx, id, b.chainIds, b.defendantIds);
    await audit(
      ctx,
      { action: 'update', resource: 'financial_reports', resourceId: id, fields: ['subjects', 'accounts'] },
      tx,
    );
    return financialView(tx, r);
  });
}

export async function readFinancial(ctx: Ctx, id: string) {
  const u = me(ctx);
  const r = await repo.getFinancial(ctx.db, id);
  if (!r || r.agency_id !== u.agencyId) throw notFound('Financial report');
  await audit(ctx, {
    action: 'read',
    resource: 'financial_reports',
    resourceId: id,
    fields: ['subjects', 'accounts', 'notes'],
  });
  return financialView(ctx.db, r);
}

export async function listFinancial(ctx: Ctx, q: { limit: number; offset: number }) {
  const u = me(ctx);
  const { total, rows } = await repo.listFinancial(ctx.db, u.agencyId, q.limit, q.offset);
  const links = await repo.financialLinks(
    ctx.db,
    rows.map((r) => r.id),
  );
  if (rows.length)
    await audit(ctx, {
      action: 'list',
      resource: 'financial_reports',
      resourceId: rows.map((r) => r.id).join(','),
      fields: ['subjects'],
    });
  return {
    total,
    items: rows.map((r) => {
      const subjects = decJson<FinancialReportBody['subjects']>(FT, 'subjects_enc', r.subjects_enc) ?? [];
      return {
        id: r.id,
        reportType: r.report_type,
        reference: r.reference,
        reportedOn: r.reported_on,
        institution: r.institution,
        amount: r.amount,
        currency: r.currency,
        subjects: subjects.map((s) => ({ kind: s.kind, name: s.name })),
        chains: links.chains.filter((c) => c.report_id === r.id).length,
        defendants: links.defendants.filter((d) => d.report_id === r.id).length,
      };
    }),
  };
}

// ---------------------------------------------------------------- pickers

const fold = (x: string) =>
  x.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * The agency's own persons whose name contains every word of `q` (accents and case ignored), at most 20: how a
 * victim who has no case here is found. Names are decrypted in memory; the persons returned are audited.
 */
export async function searchVictims(ctx: Ctx, q: string) {
  const u = me(ctx);
  const words = fold(q).split(' ').filter(Boolean);
  if (words.length === 0) return { items: [] };
  const dec = (v: string | null, c: string) => decryptField(v, `persons.${c}`) ?? '';
  const items: { personId: string; name: string }[] = [];
  for (const r of await repo.ownPersonNames(ctx.db, u.agencyId)) {
    const name = [
      dec(r.given_names_enc, 'given_names'),
      dec(r.surname_1_enc, 'surname_1'),
      dec(r.surname_2_enc, 'surname_2'),
    ]
      .filter(Boolean)
      .join(' ');
    if (!name) continue;
    const f = fold(name);
    if (words.every((w) => f.includes(w))) items.push({ personId: r.person_id, name });
    if (items.length >= 20) break;
  }
  await audit(ctx, {
    action: 'search',
    resource: 'persons',
    resourceId: items.map((i) => i.personId).join(',') || null,
    fields: ['given_names', 'surname_1', 'surname_2'],
  });
  return { items };
}

/** What the forms pick from: the agency's defendants, victims, chains and exchange records (ids and dates). */
export async function options(ctx: Ctx) {
  const u = me(ctx);
  const defs = await repo.listDefendants(ctx.db, u.agencyId, 1000, 0);
  const victims = await repo.victimOptions(ctx.db, u.agencyId);
  const chains = (await repo.chainsOfAgency(ctx.db, u.agencyId)).filter((s) => s.stage === 'investigation');
  // The newest records of each kind, and every older one the agency's stages or restitution orders already name
  // (so a stage's facts and a selected conviction are labelled, not shown as a bare "recorded").
  const referenced = await repo.referencedRecordIds(ctx.db, u.agencyId);
  const withReferenced = async (kind: repo.RecordKindOpt) => {
    const newest = (await recordViews(ctx.db, u.agencyId, kind, {}, OPTIONS_CAP)).views;
    const have = new Set(newest.map((v) => v.id));
    const older = referenced.filter((id) => !have.has(id));
    if (!older.length) return newest;
    return [...newest, ...(await recordViews(ctx.db, u.agencyId, kind, { ids: older }, older.length)).views];
  };
  const records = {
    investigations: await withReferenced('investigations'),
    prosecutions: await withReferenced('prosecutions'),
    convictions: await withReferenced('convictions'),
  };
  const vNames = await victimNames(
    ctx.db,
    victims.map((v) => v.person_id),
    u.agencyId,
  );
  await audit(ctx, {
    action: 'list',
    resource: 'justice_options',
    fields: ['given_names', 'surname_1', 'surname_2', 'aliases'],
  });
  return {
    defendants: defs.rows.map((r) => ({ id: r.id, displayName: displayName(identityOf(r)) })),
    victims: victims.map((v) => ({ personId: v.person_id, name: vNames.get(v.person_id) ?? v.person_id })),
    chains: chains.map((c) => ({ id: c.id, reference: c.reference, openedOn: c.started_on })),
    records,
  };
}

const OPTIONS_CAP = 300;
/** How many of the agency's records of a kind a search reads at most (names are matched after decryption). */
const SEARCH_CAP = 50_000;

type RecordView = {
  id: string;
  date: string | null;
  stateCode: string | null;
  primaryForm: string;
  sentenceMonths: number | null;
  reference: string | null;
  defendantName: string | null;
};

/** Records as picker options, with their defendants' names where the caller may read them. */
async function recordViews(
  db: Db,
  agencyId: string,
  kind: repo.RecordKindOpt,
  f: {
    from?: string | undefined;
    to?: string | undefined;
    state?: string | undefined;
    ids?: readonly string[];
  },
  cap: number,
  words: readonly string[] = [],
): Promise<{ views: RecordView[]; total: number }> {
  const rows = await repo.recordCandidates(db, agencyId, kind, f, cap);
  const names = await victimNames(
    db,
    [...new Set(rows.flatMap((r) => (r.defendant_person_id ? [r.defendant_person_id] : [])))],
    agencyId,
  );
  const out: RecordView[] = [];
  for (const r of rows) {
    const person = r.defendant_person_id ? names.get(r.defendant_person_id) : undefined;
    const defs = r.defendant_identities.map((enc) => displayName(identityOf({ identity_enc: enc })));
    const all = [...new Set([...(person && person !== r.defendant_person_id ? [person] : []), ...defs])];
    if (words.length) {
      const hay = fold([...r.references, ...all].join(' '));
      if (!words.every((w) => hay.includes(w))) continue;
    }
    out.push({
      id: r.id,
      date: r.date,
      stateCode: r.state_code,
      primaryForm: r.primary_form,
      sentenceMonths: r.sentence_months,
      reference: r.reference,
      defendantName: all.length ? all.join(', ') : null,
    });
  }
  return { views: out, total: words.length ? out.length : (rows[0]?.total ?? 0) };
}

/**
 * Search the agency's exchange records of a kind to pick one (scope.ts: the agency's own): every word of `q` must be
 * in a file number of a stage naming the record or in its defendants' names (decrypted here, accents and case
 * ignored); `from`/`to` bound the record's date, `state` its state. Newest first, `limit` of them and how many more.
 */
export async function searchRecords(
  ctx: Ctx,
  p: {
    kind: repo.RecordKindOpt;
    q?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
    state?: string | undefined;
    limit: number;
  },
) {
  const u = me(ctx);
  const words = fold(p.q ?? '')
    .split(' ')
    .filter(Boolean);
  const f = { from: p.from, to: p.to, state: p.state };
  const found = await recordViews(ctx.db, u.agencyId, p.kind, f, words.length ? SEARCH_CAP : p.limit, words);
  const items = found.views.slice(0, p.limit);
  await audit(ctx, {
    action: 'search',
    resource: p.kind,
    resourceId: items.map((i) => i.id).join(',') || null,
    fields: ['defendant_given_names', 'defendant_surname_1', 'defendant_surname_2'],
  });
  return { items, more: Math.max(0, found.total - items.length) };
}
