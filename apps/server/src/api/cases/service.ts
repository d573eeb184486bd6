import { SERVICES, type screening } from '@enlace/core';
import { isIso6393 } from '@enlace/core/codes';
import { type AuditContext, audit } from '../../audit/service.ts';
import type { Db } from '../../db/index.ts';
import { AppError, notFound } from '../../errors.ts';
import type { SessionUser } from '../../http/context.ts';
import { blindIndex } from '../../security/crypto.ts';
import { requireJustification, requireJustificationForCase } from '../alerts/access.ts';
import { assertReferable } from '../records/scope.ts';
import { decJson, encJson } from './crypto-json.ts';
import { syncCaseToExchange } from './exchange-sync.ts';
import * as repo from './repository.ts';
import type {
  CreateCaseBody,
  IdentificationInput,
  Perpetrator,
  PersonInput,
  SupportPlan,
  TimelineEntry,
  UpdateCaseBody,
} from './schema.ts';

export interface Ctx extends AuditContext {
  user: SessionUser | null;
}
/** The table, also the context its encrypted fields are bound to (`table.column`). */
const CASES_TABLE = 'cw_cases';

function me(ctx: Ctx): SessionUser {
  if (!ctx.user) throw new AppError('unauthenticated', 'Please sign in', { status: 401 });
  return ctx.user;
}

export interface CaseView {
  id: string;
  agencyId: string;
  personRef: string | null;
  status: repo.CaseRow['status'];
  closureReason: string | null;
  closureRequestedBy: string | null;
  closureApprovedBy: string | null;
  closedAt: string | null;
  person: PersonInput;
  identification: IdentificationInput;
  perpetrators: Perpetrator[];
  timeline: TimelineEntry[];
  notes: string;
  supportPlan: string;
  plan: SupportPlan;
  needs: string[];
  municipality: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export function toView(r: repo.CaseRow): CaseView {
  const person = decJson<PersonInput>(CASES_TABLE, 'person_enc', r.person_enc) ?? {};
  return {
    id: r.id,
    agencyId: r.agency_id,
    personRef: r.person_ref,
    status: r.status,
    closureReason: r.closure_reason,
    closureRequestedBy: r.closure_requested_by,
    closureApprovedBy: r.closure_approved_by,
    closedAt: r.closed_at ? new Date(r.closed_at).toISOString() : null,
    person,
    identification: r.identification as IdentificationInput,
    perpetrators: decJson<Perpetrator[]>(CASES_TABLE, 'perpetrators_enc', r.perpetrators_enc) ?? [],
    timeline: decJson<TimelineEntry[]>(CASES_TABLE, 'timeline_enc', r.timeline_enc) ?? [],
    notes: decJson<string>(CASES_TABLE, 'notes_enc', r.notes_enc) ?? '',
    supportPlan: decJson<string>(CASES_TABLE, 'support_plan_enc', r.support_plan_enc) ?? '',
    plan: decJson<SupportPlan>(CASES_TABLE, 'plan_enc', r.plan_enc) ?? { goals: [], followUps: [] },
    needs: r.needs,
    municipality: r.municipality,
    createdBy: r.created_by,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

function toWrite(
  v: Omit<
    CaseView,
    | 'id'
    | 'agencyId'
    | 'status'
    | 'closureReason'
    | 'closureRequestedBy'
    | 'closureApprovedBy'
    | 'closedAt'
    | 'createdBy'
    | 'createdAt'
    | 'updatedAt'
  >,
) {
  const p = v.person;
  return {
    person_ref: v.personRef,
    sex: p.sex ?? null,
    nationality: p.nationality ?? null,
    languages: p.languages ?? [],
    migration_status: p.migrationStatus ?? null,
    municipality: v.municipality,
    identification: v.identification,
    needs: v.needs,
    person_enc: encJson(CASES_TABLE, 'person_enc', p),
    perpetrators_enc: v.perpetrators.length ? encJson(CASES_TABLE, 'perpetrators_enc', v.perpetrators) : null,
    timeline_enc: v.timeline.length ? encJson(CASES_TABLE, 'timeline_enc', v.timeline) : null,
    notes_enc: v.notes ? encJson(CASES_TABLE, 'notes_enc', v.notes) : null,
    support_plan_enc: v.supportPlan ? encJson(CASES_TABLE, 'support_plan_enc', v.supportPlan) : null,
    plan_enc:
      v.plan.goals.length || v.plan.followUps.length ? encJson(CASES_TABLE, 'plan_enc', v.plan) : null,
    curp_bidx: blindIndex('curp', p.curp ?? null),
  };
}

/** A case of the user's own agency, or 404 (a case of another agency does not exist for this user). */
export async function caseInScope(
  ctx: Ctx,
  id: string,
  db: Db = ctx.db,
  forUpdate = false,
): Promise<repo.CaseRow> {
  const row = await repo.getCaseRow(db, id, forUpdate);
  if (!row || row.agency_id !== me(ctx).agencyId) throw notFound('Case');
  return row;
}

async function event(
  db: Db,
  ctx: Ctx,
  caseId: string,
  action: string,
  fields: string[],
  detail: unknown = null,
) {
  await repo.insertCaseEvent(db, {
    caseId,
    userId: ctx.user?.id ?? null,
    action,
    fields,
    detailEnc: detail === null ? null : encJson('cw_case_events', 'detail_enc', detail),
  });
  // Every change may change what the exchange model (and so the annual report) sees.
  await syncCaseToExchange(db, caseId);
}

const SERVICE_SET = new Set<string>(SERVICES);

async function dbToday(db: Db): Promise<string> {
  const { rows } = await db.query<{ d: string }>('SELECT current_date::text AS d');
  return rows[0]!.d;
}

/**
 * What a screening learned about the person, as case fields: the age they gave (with the day), the languages
 * they speak (`languages`, or `preferred_language` when it names one), the support they asked for (`needs`),
 * an interpreter when the screening flagged one, medical care when they said they need it urgently.
 */
export function fromScreening(
  answers: screening.Answers,
  result: screening.ScreeningResult | null,
  today: string,
): { person: PersonInput; needs: string[] } {
  const person: PersonInput = {};
  if (
    typeof answers.age === 'number' &&
    Number.isInteger(answers.age) &&
    answers.age >= 0 &&
    answers.age <= 120
  ) {
    person.approximateAge = answers.age;
    person.approximateAgeOn = today;
  }
  const langs = new Set<string>();
  if (typeof answers.preferred_language === 'string' && isIso6393(answers.preferred_language))
    langs.add(answers.preferred_language);
  if (Array.isArray(answers.languages))
    for (const l of answers.languages) if (typeof l === 'string' && isIso6393(l)) langs.add(l);
  if (langs.size) person.languages = [...langs].slice(0, 10);
  const needs = new Set<string>();
  if (Array.isArray(answers.needs))
    for (const n of answers.needs) if (typeof n === 'string' && SERVICE_SET.has(n)) needs.add(n);
  if (result?.flags.some((f) => f.flag === 'needs_interpreter')) needs.add('interpretation');
  if (answers.urgent_health === 'yes') needs.add('medical');
  return { person, needs: SERVICES.filter((s) => needs.has(s)) };
}

export async function createCase(ctx: Ctx, body: CreateCaseBody): Promise<CaseView> {
  const u = me(ctx);
  return ctx.db.transaction(async (tx) => {
    const identification = { ...body.identification };
    let needs: CreateCaseBody['needs'] = [...body.needs];
    let person = { ...body.person };
    let screeningId: string | null = null;
    if (body.fromScreeningId) {
      const { rows } = await tx.query<{
        id: string;
        agency_id: string;
        status: string;
        case_id: string | null;
        result_enc: string | null;
        answers_enc: string | null;
      }>(
        'SELECT id, agency_id, status, case_id, result_enc, answers_enc FROM cw_screenings WHERE id = $1 FOR UPDATE',
        [body.fromScreeningId],
      );
      const s = rows[0];
      if (!s || s.agency_id !== u.agencyId) throw notFound('Screening');
      if (s.case_id)
        throw new AppError('screening_has_case', 'This screening already has a case', { status: 409 });
      const result = decJson<screening.ScreeningResult>('cw_screenings', 'result_enc', s.result_enc);
      if (result) {
        identification.meansOfControl ??= result.meansOfControl;
        identification.sector ??= result.hints.sectors[0];
        identification.primaryForm ??= result.hints.forms[0];
        identification.recruitment ??= result.hints.recruitment.length ? result.hints.recruitment : undefined;
      }
      // What the person told the screening becomes the case's and the person's starting point.
      const answers = decJson<screening.Answers>('cw_screenings', 'answers_enc', s.answers_enc) ?? {};
      const learned = fromScreening(answers, result, await dbToday(tx));
      person = { ...learned.person, ...person };
      if (needs.length === 0) needs = learned.needs as CreateCaseBody['needs'];
      screeningId = s.id;
    }
    if (body.personRef) await assertReferable(tx, 'persons', body.personRef, u.agencyId, 'personRef');
    const row = await repo.insertCase(tx, {
      agency_id: u.agencyId,
      created_by: u.id,
      ...toWrite({
        ...body,
        person,
        identification,
        needs,
        plan: body.plan ?? { goals: [], followUps: [] },
      }),
    });
    if (screeningId)
      await tx.query('UPDATE cw_screenings SET case_id = $1 WHERE id = $2', [row.id, screeningId]);
    await event(
      tx,
      ctx,
      row.id,
      'created',
      Object.keys(body).filter((k) => k !== 'fromScreeningId'),
      screeningId ? { screeningId } : null,
    );
    await audit(
      ctx,
      {
        action: 'create',
        resource: 'cases',
        resourceId: row.id,
        fields: ['person', 'identification', 'notes'],
      },
      tx,
    );
    return toView(row);
  });
}

export interface ScreeningSummary {
  id: string;
  instrument: { id: string; version: string };
  status: string;
  updatedAt: string;
  recommendation: string | null;
  indicators: { indicator: string; strength: string }[];
  flags: string[];
  meansOfControl: string[];
}

export async function readCase(ctx: Ctx, id: string): Promise<CaseView & { screenings: ScreeningSummary[] }> {
  const row = await caseInScope(ctx, id);
  const justification = await requireJustification(ctx, 'cases', id);
  const screenings = (await repo.screeningsOfCase(ctx.db, id)).map((s) => {
    const r = decJson<screening.ScreeningResult>('cw_screenings', 'result_enc', s.result_enc);
    return {
      id: s.id,
      instrument: { id: s.instrument_id, version: s.instrument_version },
      status: s.status,
      updatedAt: new Date(s.updated_at).toISOString(),
      recommendation: r?.recommendation ?? null,
      indicators: (r?.indicators ?? []).map((i) => ({ indicator: i.indicator, strength: i.strength })),
      flags: (r?.flags ?? []).map((f) => f.flag),
      meansOfControl: r?.meansOfControl ?? [],
    };
  });
  await audit(ctx, {
    action: 'read',
    resource: 'cases',
    resourceId: id,
    fields: [
      'person',
      'perpetrators',
      'timeline',
      'notes',
      'support_plan',
      ...(screenings.length ? ['screening_result'] : []),
    ],
    justification,
  });
  return { ...toView(row), screenings };
}

export async function listCases(ctx: Ctx, f: { status?: string | undefined; limit: number; offset: number }) {
  const u = me(ctx);
  const { rows, total } = await repo.listCaseRows(ctx.db, u.agencyId, f);
  await audit(ctx, {
    action: 'list',
    resource: 'cases',
    resourceId: rows.map((r) => r.id).join(',') || null,
    fields: ['given_names', 'surname_1'],
  });
  // Lists carry only what a list needs: no contact data, no address, no notes.
  return {
    total,
    items: rows.map((r) => {
      const p = decJson<PersonInput>(CASES_TABLE, 'person_enc', r.person_enc) ?? {};
      return {
        id: r.id,
        status: r.status,
        displayName: [p.givenNames, p.surname1].filter(Boolean).join(' ') || null,
        sex: r.sex,
        needs: r.needs,
        createdAt: new Date(r.created_at).toISOString(),
        updatedAt: new Date(r.updated_at).toISOString(),
      };
    }),
  };
}

const stable = (v: unknown) => JSON.stringify(v ?? null);

export async function updateCase(ctx: Ctx, id: string, patch: UpdateCaseBody): Promise<CaseView> {
  await requireJustificationForCase(ctx, id); // the answer is the whole case
  return ctx.db.transaction(async (tx) => {
    const row = await caseInScope(ctx, id, tx, true);
    if (row.status === 'closed')
      throw new AppError('case_closed', 'A closed case cannot be changed', { status: 409 });
    const before = toView(row);
    const after = { ...before };
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    if (patch.plan) {
      // The approval and the author are the server's: a changed plan needs a new approval.
      const content = (p: SupportPlan) => stable({ goals: p.goals, followUps: p.followUps });
      patch = {
        ...patch,
        plan:
          content(patch.plan) === content(before.plan)
            ? before.plan
            : {
                goals: patch.plan.goals,
                followUps: patch.plan.followUps,
                changedBy: me(ctx).id,
                approvedBy: null,
                approvedByName: null,
                approvedAt: null,
              },
      };
    }
    for (const k of Object.keys(patch) as (keyof UpdateCaseBody)[]) {
      const v = patch[k];
      if (v === undefined) continue;
      if (stable(before[k]) === stable(v)) continue;
      changes[k] = { from: before[k], to: v };
      (after as Record<string, unknown>)[k] = v;
    }
    const fields = Object.keys(changes);
    if (fields.length === 0) return before;
    if (changes.personRef && after.personRef)
      await assertReferable(tx, 'persons', after.personRef, me(ctx).agencyId, 'personRef');
    await repo.updateCaseRow(tx, id, toWrite(after));
    await event(tx, ctx, id, 'updated', fields, changes);
    await audit(ctx, { action: 'update', resource: 'cases', resourceId: id, fields }, tx);
    return toView((await repo.getCaseRow(tx, id))!);
  });
}

/**
 * A supervisor approves the support plan as it stands (four eyes: not the person who last changed it). Any later
 * change of the plan clears the approval.
 */
export async function approvePlan(ctx: Ctx, id: string): Promise<CaseView> {
  return ctx.db.transaction(async (tx) => {
    const row = await caseInScope(ctx, id, tx, true);
    if (row.status === 'closed')
      throw new AppError('case_closed', 'A closed case cannot be changed', { status: 409 });
    const view = toView(row);
    if (view.plan.goals.length === 0)
      throw new AppError('plan_empty', 'The support plan has no goals to approve', { status: 409 });
    if (view.plan.changedBy === me(ctx).id)
      throw new AppError('four_eyes', 'Someone else must approve a plan you changed', { status: 403 });
    if (view.plan.approvedBy) return view;
    const { rows } = await tx.query<{ name: string; at: string }>(
      `SELECT display_name AS name, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS at
       FROM users WHERE id = $1`,
      [me(ctx).id],
    );
    const plan = {
      ...view.plan,
      approvedBy: me(ctx).id,
      approvedByName: rows[0]?.name ?? null,
      approvedAt: rows[0]?.at ?? null,
    };
    await repo.updateCaseRow(tx, id, toWrite({ ...view, plan }));
    await event(tx, ctx, id, 'plan_approved', ['plan']);
    await audit(ctx, { action: 'update', resource: 'cases', resourceId: id, fields: ['plan.approval'] }, tx);
    return toView((await repo.getCaseRow(tx, id))!);
  });
}

export async function requestClosure(ctx: Ctx, id: string, reason: string): Promise<CaseView> {
  await requireJustificationForCase(ctx, id); // the answer is the whole case
  return ctx.db.transaction(async (tx) => {
    const row = await caseInScope(ctx, id, tx, true);
    if (row.status !== 'open')
      throw new AppError('invalid_status', `The case is ${row.status}`, { status: 409 });
    await repo.setClosure(tx, id, {
      status: 'closure_requested',
      reason,
      requestedBy: me(ctx).id,
      approvedBy: null,
      closed: false,
    });
    await event(tx, ctx, id, 'closure_requested', ['status', 'closure_reason'], { reason });
    await audit(
      ctx,
      { action: 'update', resource: 'cases', resourceId: id, fields: ['status', 'closure_reason'] },
      tx,
    );
    return toView((await repo.getCaseRow(tx, id))!);
  });
}

/** A supervisor approves (or sends back) a requested closure; nobody approves their own request. */
export async function decideClosure(ctx: Ctx, id: string, approve: boolean): Promise<CaseView> {
  return ctx.db.transaction(async (tx) => {
    const row = await caseInScope(ctx, id, tx, true);
    if (row.status !== 'closure_requested')
      throw new AppError('invalid_status', 'No closure was requested', { status: 409 });
    if (row.closure_requested_by === me(ctx).id) {
      throw new AppError('four_eyes', 'Another supervisor must approve a closure you requested', {
        status: 403,
      });
    }
    if (approve) {
      await repo.setClosure(tx, id, {
        status: 'closed',
        reason: row.closure_reason,
        requestedBy: row.closure_requested_by,
        approvedBy: me(ctx).id,
        closed: true,
      });
    } else {
      await repo.setClosure(tx, id, {
        status: 'open',
        reason: null,
        requestedBy: null,
        approvedBy: null,
        closed: false,
      });
    }
    await event(tx, ctx, id, approve ? 'closure_approved' : 'closure_rejected', ['status']);
    await audit(ctx, { action: 'update', resource: 'cases', resourceId: id, fields: ['status'] }, tx);
    return toView((await repo.getCaseRow(tx, id))!);
  });
}

export async function caseHistory(ctx: Ctx, id: string) {
  await caseInScope(ctx, id);
  const justification = await requireJustification(ctx, 'cases', id);
  const rows = await repo.listCaseEvents(ctx.db, id);
  await audit(ctx, {
    action: 'read',
    resource: 'case_events',
    resourceId: id,
    fields: ['detail'],
    justification,
  });
  return {
    items: rows.map((r) => ({
      id: Number(r.id),
      at: new Date(r.at).toISOString(),
      userId: r.user_id,
      action: r.action,
      fields: r.fields,
      detail: decJson<unknown>('cw_case_events', 'detail_enc', r.detail_enc),
    })),
  };
}

/** Records a change on a case made by another module (consent, referral, service) in its history. */
export async function recordCaseEvent(
  db: Db,
  ctx: Ctx,
  caseId: string,
  action: string,
  fields: string[],
  detail: unknown = null,
) {
  await event(db, ctx, caseId, action, fields, detail);
}
