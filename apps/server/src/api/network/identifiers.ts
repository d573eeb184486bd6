/**
 * Identifiers an investigator records on a defendant or an investigation of the agency or on a person it may read: phones,
 * e-mails, addresses, bank accounts/CLABE, vehicles, companies and online handles. The value is kept as typed
 * (encrypted) with a keyed hash of its normalised form, so the same phone written two ways is one node of the
 * network (sources.ts `network_identifiers`). Every list, write and removal is audited (never the value).
 */
import { audit } from '../../audit/service.ts';
import { AppError, notFound } from '../../errors.ts';
import type { RequestContext } from '../../http/context.ts';
import { decryptField } from '../../security/crypto.ts';
import { assertOwnChains, assertOwnDefendants } from '../justice/service.ts';
import { assertReferable } from '../records/scope.ts';
import { formatIdentifier } from './labels.ts';
import { type IdentifierKind, NORMALISE } from './normalise.ts';
import * as repo from './repository.ts';
import { investigator } from './service.ts';
import { identifierNode } from './sources.ts';

export interface IdentifierView {
  id: string;
  kind: IdentifierKind;
  /** as the investigator typed it */
  value: string;
  /** the normalised form as the network shows it (`+52 55 4821 3390`) */
  display: string;
  /** the network node it makes (`phone:…`), for a link to the network page */
  node: string | null;
  note: string;
  subject: { personId: string } | { defendantId: string } | { chainId: string };
  createdAt: string;
}

function view(r: repo.IdentifierRow): IdentifierView {
  const value = decryptField(r.value_enc, 'network_identifiers.value_enc') ?? '';
  const norm = NORMALISE[r.kind](value);
  return {
    id: r.id,
    kind: r.kind,
    value,
    display: norm ? formatIdentifier(r.kind, norm) : value,
    node: identifierNode(r.kind, value)?.id ?? null,
    note: r.note_enc ? (decryptField(r.note_enc, 'network_identifiers.note_enc') ?? '') : '',
    subject: r.person_id
      ? { personId: r.person_id }
      : r.defendant_id
        ? { defendantId: r.defendant_id }
        : { chainId: r.chain_id! },
    createdAt: new Date(r.created_at).toISOString(),
  };
}

/** Refuses a subject the agency may not use: the same answer for another agency's record and a missing one. */
async function assertSubject(ctx: RequestContext, agencyId: string, s: repo.Subject) {
  if (s.defendantId !== undefined)
    await assertOwnDefendants(ctx.db, [s.defendantId], agencyId, 'defendantId');
  else if (s.chainId !== undefined) await assertOwnChains(ctx.db, [s.chainId], agencyId, 'chainId');
  else await assertReferable(ctx.db, 'persons', s.personId, agencyId, 'personId');
}

const subjectId = (s: repo.Subject) =>
  s.personId !== undefined
    ? s.personId
    : s.defendantId !== undefined
      ? `defendant:${s.defendantId}`
      : `chain:${s.chainId}`;

/** The subject as given, without the other keys (for the insert). */
const subjectOf = (b: repo.Subject): repo.Subject =>
  b.defendantId !== undefined
    ? { defendantId: b.defendantId }
    : b.chainId !== undefined
      ? { chainId: b.chainId }
      : { personId: b.personId };

/**
 * The agency's identifiers on a subject. A defendant that is not the agency's, or a person it may not read, has
 * none for the caller: the same empty list as for a missing id (a list is no oracle of another agency's ids).
 */
export async function listIdentifiers(ctx: RequestContext, s: repo.Subject) {
  const u = investigator(ctx);
  const usable = await assertSubject(ctx, u.agencyId, s).then(
    () => true,
    (e) => {
      if (e instanceof AppError && e.code === 'unknown_reference') return false;
      throw e;
    },
  );
  const rows = usable ? await repo.identifiersOf(ctx.db, u.agencyId, s) : [];
  await audit(ctx, {
    action: 'list',
    resource: 'network_identifiers',
    resourceId: subjectId(s),
    fields: ['value', 'note'],
  });
  return { items: rows.map(view) };
}

export async function addIdentifier(
  ctx: RequestContext,
  body: repo.Subject & { kind: IdentifierKind; value: string; note?: string | null },
) {
  const u = investigator(ctx);
  await assertSubject(ctx, u.agencyId, body);
  const norm = NORMALISE[body.kind](body.value);
  if (!norm)
    throw new AppError('network_identifier_invalid', `value: not a valid identifier of kind ${body.kind}`, {
      status: 400,
      details: [{ field: 'value', kind: body.kind }],
    });
  const bidx = repo.identifierBidx(body.kind, norm);
  const id = await ctx.db.transaction(async (tx) => {
    const same = (await repo.identifiersOf(tx, u.agencyId, body)).find(
      (r) => r.kind === body.kind && r.value_bidx === bidx,
    );
    if (same)
      throw new AppError(
        'network_identifier_duplicate',
        'This identifier is already recorded here (perhaps written another way)',
        { status: 409, details: [{ field: 'value', id: same.id }] },
      );
    const newId = await repo.insertIdentifier(tx, {
      agencyId: u.agencyId,
      ...subjectOf(body),
      kind: body.kind,
      value: body.value,
      note: body.note ?? null,
      createdBy: u.id,
    });
    await audit(
      ctx,
      {
        action: 'create',
        resource: 'network_identifiers',
        resourceId: newId!,
        fields: body.note ? ['value', 'note'] : ['value'],
      },
      tx,
    );
    return newId!;
  });
  const row = await repo.getIdentifier(ctx.db, id);
  return view(row!);
}

export async function removeIdentifier(ctx: RequestContext, id: string) {
  const u = investigator(ctx);
  await ctx.db.transaction(async (tx) => {
    const r = await repo.getIdentifier(tx, id);
    if (!r || r.agency_id !== u.agencyId) throw notFound('Identifier');
    await repo.deleteIdentifier(tx, id);
    await audit(ctx, { action: 'delete', resource: 'network_identifiers', resourceId: id }, tx);
  });
}
