import { screening } from '@enlace/core';
import { audit } from '../../audit/service.ts';
import { AppError, badInput, notFound } from '../../errors.ts';
import { decJson, encJson } from '../cases/crypto-json.ts';
import { type Ctx, caseInScope } from '../cases/service.ts';
import * as repo from './repository.ts';

/** The table, also the context its encrypted fields are bound to (`table.column`). */
const SCREENINGS_TABLE = 'cw_screenings';

function instrumentOf(row: repo.ScreeningRow): screening.Instrument {
  const inst = screening.getInstrument(row.instrument_id, row.instrument_version);
  if (!inst)
    throw new AppError(
      'instrument_missing',
      `Instrument ${row.instrument_id}@${row.instrument_version} is not installed`,
      { status: 500 },
    );
  return inst;
}

function view(row: repo.ScreeningRow) {
  const inst = instrumentOf(row);
  const saved = decJson<screening.Answers>(SCREENINGS_TABLE, 'answers_enc', row.answers_enc) ?? {};
  const state = screening.resume(inst, saved);
  const result = screening.scoreScreening(inst, state.answers);
  return {
    id: row.id,
    caseId: row.case_id,
    instrument: { id: inst.id, version: inst.version },
    status: row.status,
    answers: state.answers,
    nextItemId: state.next?.id ?? null,
    progress: {
      answered: result.answered + result.declined,
      shown: screening.visibleItems(inst, state.answers).length,
    },
    result,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

async function inScope(ctx: Ctx, id: string, db = ctx.db, forUpdate = false) {
  const row = await repo.getScreening(db, id, forUpdate);
  if (!row || row.agency_id !== ctx.user!.agencyId) throw notFound('Screening');
  return row;
}

export function listInstrumentSummaries() {
  return {
    items: screening.listInstruments().map((i) => ({
      id: i.id,
      version: i.version,
      kind: i.kind,
      title: i.title,
      description: i.description,
      items: i.items.length,
    })),
  };
}

export function instrument(id: string, version: string) {
  const i = screening.getInstrument(id, version === 'latest' ? undefined : version);
  if (!i) throw notFound('Instrument');
  return i;
}

export async function startScreening(
  ctx: Ctx,
  body: { instrumentId: string; version?: string | undefined; caseId?: string | undefined },
) {
  const inst = screening.getInstrument(body.instrumentId, body.version);
  if (!inst)
    throw badInput(`Unknown instrument ${body.instrumentId}${body.version ? `@${body.version}` : ''}`, [
      { field: 'instrumentId' },
    ]);
  return ctx.db.transaction(async (tx) => {
    if (body.caseId) await caseInScope(ctx, body.caseId, tx);
    const row = await repo.insertScreening(tx, {
      agencyId: ctx.user!.agencyId,
      caseId: body.caseId ?? null,
      instrumentId: inst.id,
      version: inst.version,
      createdBy: ctx.user!.id,
    });
    await audit(ctx, { action: 'create', resource: 'screenings', resourceId: row.id }, tx);
    return view(row);
  });
}

export async function readScreening(ctx: Ctx, id: string) {
  const row = await inScope(ctx, id);
  await audit(ctx, { action: 'read', resource: 'screenings', resourceId: id, fields: ['answers'] });
  return view(row);
}

export async function listMyScreenings(ctx: Ctx, status?: string) {
  const rows = await repo.listScreenings(ctx.db, ctx.user!.agencyId, status);
  return {
    items: rows.map((r) => ({
      id: r.id,
      caseId: r.case_id,
      instrument: { id: r.instrument_id, version: r.instrument_version },
      status: r.status,
      recommendation: r.recommendation,
      indicators: r.indicators,
      updatedAt: new Date(r.updated_at).toISOString(),
    })),
  };
}

async function persist(
  _ctx: Ctx,
  tx: Ctx['db'],
  row: repo.ScreeningRow,
  answers: screening.Answers,
  complete: boolean,
) {
  const inst = instrumentOf(row);
  const result = screening.scoreScreening(inst, answers);
  await repo.saveAnswers(tx, row.id, {
    answersEnc: encJson(SCREENINGS_TABLE, 'answers_enc', answers),
    resultEnc: complete ? encJson(SCREENINGS_TABLE, 'result_enc', result) : null,
    recommendation: complete ? result.recommendation : null,
    indicators: complete ? result.indicators.map((i) => i.indicator) : [],
    completed: complete,
  });
}

/** Saves one answer (the screening can be interrupted and resumed at any point). */
export async function answer(ctx: Ctx, id: string, itemId: string, value: screening.AnswerValue | null) {
  return ctx.db.transaction(async (tx) => {
    const row = await inScope(ctx, id, tx, true);
    if (row.status === 'completed')
      throw new AppError('screening_completed', 'This screening is completed', { status: 409 });
    const inst = instrumentOf(row);
    const saved = screening.resume(
      inst,
      decJson<screening.Answers>(SCREENINGS_TABLE, 'answers_enc', row.answers_enc) ?? {},
    ).answers;
    let answers: screening.Answers;
    try {
      answers = screening.applyAnswer(inst, saved, itemId, value);
    } catch (e) {
      if (e instanceof screening.AnswerError) throw badInput(e.message, [{ field: itemId }]);
      throw e;
    }
    await persist(ctx, tx, row, answers, false);
    await audit(ctx, { action: 'update', resource: 'screenings', resourceId: id, fields: [itemId] }, tx);
    return view((await repo.getScreening(tx, id))!);
  });
}

/** Completes the screening; every shown item must have an answer (or "prefers not to answer"). */
export async function complete(ctx: Ctx, id: string) {
  return ctx.db.transaction(async (tx) => {
    const row = await inScope(ctx, id, tx, true);
    if (row.status === 'completed') return view(row);
    const inst = instrumentOf(row);
    const answers = screening.resume(
      inst,
      decJson<screening.Answers>(SCREENINGS_TABLE, 'answers_enc', row.answers_enc) ?? {},
    ).answers;
    const next = screening.nextItem(inst, answers);
    if (next)
      throw new AppError('screening_incomplete', `Item ${next.id} has no answer yet`, {
        status: 409,
        details: [{ field: next.id }],
      });
    await persist(ctx, tx, row, answers, true);
    await audit(
      ctx,
      { action: 'update', resource: 'screenings', resourceId: id, fields: ['status', 'result'] },
      tx,
    );
    return view((await repo.getScreening(tx, id))!);
  });
}
