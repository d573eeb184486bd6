/**
 * "This person may be known to another agency": the case's person is scored against the persons of other
 * agencies with the linkage model (same blocking keys and Fellegi-Sunter model as `api/linkage`). The caseworker
 * learns only that a match is likely — never which agency, which record or any of its values — and may ask for
 * contact. The other agency's supervisors see the request next to their own person and accept (the requester then
 * sees whom to contact) or decline. Every step is audited.
 */
import { type FsModel, type LinkRecord, linkIncremental, prepareRecords } from '@enlace/linkage';
import { audit } from '../../audit/service.ts';
import type { Db } from '../../db/index.ts';
import { AppError, notFound } from '../../errors.ts';
import { decryptField } from '../../security/crypto.ts';
import { requireJustificationForCase } from '../alerts/access.ts';
import * as linkRepo from '../linkage/repository.ts';
import { keyIndexes, toRecord } from '../linkage/service.ts';
import { decJson, encJson } from './crypto-json.ts';
import type { CaseRow } from './repository.ts';
import { type Ctx, caseInScope, recordCaseEvent, toView } from './service.ts';

/** A pair scored at or above this is "may be known elsewhere" (pairs at 0.7-0.8 are 87 % true, docs/linkage.md). */
export const KNOWN_ELSEWHERE = 0.7;
/** The table, also the context its encrypted fields are bound to (`table.column`). */
const ACCESS_REQUESTS_TABLE = 'cw_access_requests';

function caseRecord(caseId: string, p: ReturnType<typeof toView>['person']): LinkRecord | null {
  const fields: Record<string, string> = {};
  const put = (k: string, v: string | undefined) => {
    if (v) fields[k] = v;
  };
  put('given_names', p.givenNames);
  put('surname_1', p.surname1);
  put('surname_2', p.surname2);
  put('birth_date', p.birthDate);
  put('curp', p.curp);
  put('phone', p.phone);
  put('email', p.email);
  put('sex', p.sex);
  put('nationality', p.nationality);
  // Names without a date never score above the linker's cap for them (0.45): a CURP, or names and a birth date.
  if (!fields.curp && !(fields.given_names && fields.surname_1 && fields.birth_date)) return null;
  return { id: `cw-${caseId}`, fields };
}

/** Other agencies' persons the case's person probably is (server side only). */
async function matchesOf(
  db: Db,
  row: CaseRow,
): Promise<{
  status: 'possible' | 'none' | 'not_enough_data' | 'no_model';
  matches: { personId: string; agencyId: string; probability: number }[];
}> {
  const agencyId = row.agency_id;
  const rec = caseRecord(row.id, toView(row).person);
  if (!rec) return { status: 'not_enough_data', matches: [] };
  const stored = await linkRepo.latestModel(db);
  if (!stored) return { status: 'no_model', matches: [] };
  const keys = keyIndexes(prepareRecords([rec]), 0);
  const ids = await linkRepo.candidatesByKeys(db, keys, [rec.id]);
  const others = (await linkRepo.personsByIds(db, ids)).filter((r) => r.agency_id !== agencyId);
  if (others.length === 0) return { status: 'none', matches: [] };
  const agencyOf = new Map(others.map((r) => [r.person_id, r.agency_id]));
  const pairs = linkIncremental(others.map(toRecord), [rec], stored.model as FsModel, {
    threshold: KNOWN_ELSEWHERE,
  });
  const matches = pairs
    .map((p) => {
      const personId = p.leftId === rec.id ? p.rightId : p.leftId;
      return { personId, agencyId: agencyOf.get(personId)!, probability: p.probability };
    })
    .filter((m) => m.agencyId);
  return { status: matches.length ? 'possible' : 'none', matches };
}

interface RequestRow {
  id: string;
  case_id: string;
  from_agency_id: string;
  requested_by: string;
  to_agency_id: string;
  person_id: string;
  probability: number;
  reason_enc: string | null;
  status: 'pending' | 'accepted' | 'declined';
  answered_by: string | null;
  answered_at: Date | null;
  created_at: Date;
}

/** Whether the case's person may be known elsewhere, and the requests already made (with the contact once accepted). */
export async function knownElsewhere(ctx: Ctx, caseId: string) {
  const row = await caseInScope(ctx, caseId);
  await requireJustificationForCase(ctx, caseId); // someone else's case asks for a reason, as its read does
  const { status } = await matchesOf(ctx.db, row);
  const { rows } = await ctx.db.query<
    RequestRow & { answerer_name: string | null; answerer_email: string | null; to_agency_name: string }
  >(
    `SELECT r.*, u.display_name AS answerer_name, u.email AS answerer_email, a.name AS to_agency_name
     FROM cw_access_requests r JOIN agencies a ON a.id = r.to_agency_id LEFT JOIN users u ON u.id = r.answered_by
     WHERE r.case_id = $1 ORDER BY r.created_at, r.id`,
    [caseId],
  );
  await audit(ctx, {
    action: 'read',
    resource: 'access_requests',
    resourceId: caseId,
    fields: ['known_elsewhere'],
  });
  return {
    status,
    requests: rows.map((r) => ({
      id: r.id,
      status: r.status,
      createdAt: new Date(r.created_at).toISOString(),
      answeredAt: r.answered_at ? new Date(r.answered_at).toISOString() : null,
      // Who to contact: only once the other agency accepted.
      contact:
        r.status === 'accepted'
          ? { agencyName: r.to_agency_name, name: r.answerer_name, email: r.answerer_email }
          : null,
    })),
  };
}

/** Asks the agencies that probably know the person for contact; answers as one request whatever their number. */
export async function requestAccess(ctx: Ctx, caseId: string, reason: string) {
  await requireJustificationForCase(ctx, caseId);
  return ctx.db.transaction(async (tx) => {
    const row = await caseInScope(ctx, caseId, tx, true);
    if (row.status === 'closed')
      throw new AppError('case_closed', 'A closed case cannot be changed', { status: 409 });
    const { matches } = await matchesOf(tx, row);
    if (matches.length === 0)
      throw new AppError('no_possible_match', 'No other agency seems to know this person', { status: 409 });
    let created = 0;
    for (const m of matches) {
      const r = await tx.query(
        `INSERT INTO cw_access_requests (case_id, from_agency_id, requested_by, to_agency_id, person_id, probability, reason_enc)
         VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT (case_id, person_id) WHERE status = 'pending' DO NOTHING RETURNING id`,
        [
          caseId,
          row.agency_id,
          ctx.user!.id,
          m.agencyId,
          m.personId,
          m.probability,
          encJson(ACCESS_REQUESTS_TABLE, 'reason_enc', reason),
        ],
      );
      created += r.rows.length;
    }
    await recordCaseEvent(tx, ctx, caseId, 'access_requested', ['access_requests'], null);
    await audit(
      ctx,
      { action: 'create', resource: 'access_requests', resourceId: caseId, fields: ['reason'] },
      tx,
    );
    return { status: created > 0 ? ('requested' as const) : ('already_requested' as const) };
  });
}

/** Requests other agencies made about this agency's persons (supervisors and agency admins). */
export async function receivedRequests(ctx: Ctx) {
  const { rows } = await ctx.db.query<
    RequestRow & {
      from_agency_name: string;
      requester_name: string;
      requester_email: string;
      given_names_enc: string | null;
      surname_1_enc: string | null;
    }
  >(
    `SELECT r.*, a.name AS from_agency_name, u.display_name AS requester_name, u.email AS requester_email,
            p.given_names_enc, p.surname_1_enc
     FROM cw_access_requests r JOIN agencies a ON a.id = r.from_agency_id JOIN users u ON u.id = r.requested_by
     LEFT JOIN persons p ON p.person_id = r.person_id AND p.agency_id = r.to_agency_id
     WHERE r.to_agency_id = $1 ORDER BY (r.status = 'pending') DESC, r.created_at DESC LIMIT 200`,
    [ctx.user!.agencyId],
  );
  await audit(ctx, {
    action: 'list',
    resource: 'access_requests',
    resourceId: rows.map((r) => r.id).join(',') || null,
    fields: ['given_names', 'surname_1', 'reason'],
  });
  return {
    items: rows.map((r) => ({
      id: r.id,
      status: r.status,
      createdAt: new Date(r.created_at).toISOString(),
      fromAgencyName: r.from_agency_name,
      requesterName: r.requester_name,
      requesterEmail: r.requester_email,
      reason: decJson<string>(ACCESS_REQUESTS_TABLE, 'reason_enc', r.reason_enc) ?? '',
      // Our own person, so the supervisor knows whom it is about.
      personId: r.person_id,
      personName:
        [
          decryptField(r.given_names_enc, 'persons.given_names'),
          decryptField(r.surname_1_enc, 'persons.surname_1'),
        ]
          .filter(Boolean)
          .join(' ') || null,
      probability: Math.round(r.probability * 100) / 100,
    })),
  };
}

export async function answerRequest(ctx: Ctx, id: string, decision: 'accepted' | 'declined') {
  return ctx.db.transaction(async (tx) => {
    const { rows } = await tx.query<RequestRow>('SELECT * FROM cw_access_requests WHERE id = $1 FOR UPDATE', [
      id,
    ]);
    const r = rows[0];
    if (!r || r.to_agency_id !== ctx.user!.agencyId) throw notFound('Access request');
    if (r.status !== 'pending')
      throw new AppError('invalid_status', 'This request was already answered', { status: 409 });
    await tx.query(
      'UPDATE cw_access_requests SET status = $2, answered_by = $3, answered_at = now() WHERE id = $1',
      [id, decision, ctx.user!.id],
    );
    await audit(
      ctx,
      { action: 'update', resource: 'access_requests', resourceId: id, fields: ['status'] },
      tx,
    );
    return { id, status: decision };
  });
}
