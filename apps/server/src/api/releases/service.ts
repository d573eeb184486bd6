/**
 * The public release in the web app: an analyst prepares it (the same computation and protection as
 * `enlace publish`), a second analyst approves it, and approval publishes it on /datos-abiertos.
 */
import { type PublicRelease, releaseCells } from '@enlace/core/report/release';
import { audit } from '../../audit/service.ts';
import type { Db } from '../../db/index.ts';
import { AppError, notFound } from '../../errors.ts';
import { type RequestContext, requireUser } from '../../http/context.ts';
import { figureLabel } from '../../open-data/dictionary.ts';
import { loadData, publicRelease, releaseInput } from '../../report/service.ts';
import * as repo from './repository.ts';
import type { PrepareBody } from './schema.ts';

/** The cells that must never be published: a count between 1 and k − 1 (or not a whole number ≥ 0). */
export function cellsBelowK(cells: Readonly<Record<string, number | null>>, k: number): string[] {
  return Object.entries(cells)
    .filter(([, v]) => v !== null && (!Number.isInteger(v) || v < 0 || (v > 0 && v < k)))
    .map(([key]) => key)
    .sort();
}

/** What is kept of a computed release to publish: everything but the reasons. */
export function storedFigures(rel: PublicRelease): repo.StoredFigures {
  const { reasons: _reasons, ...disclosure } = rel.disclosure;
  return {
    year: rel.year,
    cells: rel.cells,
    amounts: rel.amounts,
    countries: rel.countries,
    equations: rel.equations,
    disclosure,
  };
}

const labels = (key: string) => ({ 'es-MX': figureLabel(key, 'es-MX'), 'en-US': figureLabel(key, 'en-US') });
const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

export function toSummary(r: repo.ReleaseRow, userId: string) {
  return {
    id: r.id,
    year: r.year,
    k: r.k,
    epsilon: r.epsilon,
    status: r.status,
    preparedBy: { id: r.prepared_by, name: r.prepared_by_name },
    preparedAt: iso(r.prepared_at)!,
    approvedBy: r.approved_by ? { id: r.approved_by, name: r.approved_by_name ?? '' } : null,
    publishedAt: iso(r.published_at),
    closedAt: iso(r.closed_at),
    primarySuppressed: r.primary_suppressed,
    complementarySuppressed: r.complementary_suppressed,
    mayApprove: r.status === 'prepared' && r.prepared_by !== userId,
  };
}

export function toDetail(r: repo.ReleaseRow, userId: string) {
  const cells = Object.keys(r.figures.cells)
    .sort()
    .map((key) => {
      const reason = r.reasons[key];
      return {
        key,
        label: labels(key),
        value: r.figures.cells[key] ?? null,
        reason: reason
          ? reason.kind === 'primary'
            ? { kind: 'primary' as const }
            : {
                kind: 'complementary' as const,
                protects: reason.protects,
                protectsLabel: labels(reason.protects),
                relation: reason.relation,
              }
          : null,
      };
    });
  return {
    ...toSummary(r, userId),
    cells,
    amounts: r.figures.amounts,
    countries: r.figures.countries,
    countriesWithheld: r.figures.disclosure.countries_withheld,
    relations: r.figures.equations.length,
  };
}

export async function prepareRelease(
  ctx: RequestContext,
  body: PrepareBody,
  now: () => Date = () => new Date(),
) {
  const user = requireUser(ctx);
  const loaded = await loadData({ kind: 'db', db: ctx.readDb ?? ctx.db }, body.year, body.year);
  const { cells: counts } = releaseCells(releaseInput(loaded, body.year));
  if (Object.values(counts).every((v) => v === 0))
    throw new AppError('release_no_data', `There are no records of ${body.year} to publish`, { status: 422 });
  const rel = publicRelease(loaded, body.year, {
    k: body.k,
    ...(body.epsilon != null ? { epsilon: body.epsilon } : {}),
  });
  const bad = cellsBelowK(rel.cells, body.k);
  if (bad.length) throw new Error(`release protection failed on ${bad.length} cells`);
  const id = await ctx.db.transaction(async (tx) => {
    const id = await repo.insertRelease(tx, {
      year: body.year,
      k: body.k,
      epsilon: body.epsilon ?? null,
      figures: storedFigures(rel),
      reasons: rel.disclosure.reasons,
      primary: rel.disclosure.primary_suppressed,
      complementary: rel.disclosure.complementary_suppressed,
      preparedBy: user.id,
      at: now(),
    });
    await audit(
      ctx,
      { action: 'create', resource: 'public_releases', resourceId: id, fields: ['year', 'k', 'epsilon'] },
      tx,
    );
    return id;
  });
  return toDetail((await repo.getRelease(ctx.db, id))!, user.id);
}

async function loadForChange(tx: Db, id: string) {
  const r = await repo.getRelease(tx, id, true);
  if (!r) throw notFound('release');
  if (r.status !== 'prepared')
    throw new AppError('release_not_prepared', 'This release is no longer awaiting approval', {
      status: 409,
    });
  return r;
}

/** The second analyst approves: the release is published (two-person rule: never its preparer). */
export async function approveRelease(ctx: RequestContext, id: string, now: () => Date = () => new Date()) {
  const user = requireUser(ctx);
  await ctx.db.transaction(async (tx) => {
    const r = await loadForChange(tx, id);
    if (r.prepared_by === user.id)
      throw new AppError(
        'release_second_analyst_required',
        'A release is approved by a second analyst, not by the one who prepared it',
        { status: 403 },
      );
    // defence in depth: nothing below k reaches the public page, whatever was stored
    const bad = cellsBelowK(r.figures.cells, r.k);
    if (bad.length)
      throw new AppError('release_below_k', 'The release holds counts below k and cannot be published', {
        status: 409,
        details: bad,
      });
    const superseded = await repo.publish(tx, id, r.year, user.id, now());
    await audit(
      ctx,
      { action: 'approve', resource: 'public_releases', resourceId: id, fields: ['status'] },
      tx,
    );
    await audit(
      ctx,
      { action: 'publish', resource: 'public_releases', resourceId: id, fields: ['figures'] },
      tx,
    );
    if (superseded)
      await audit(
        ctx,
        { action: 'update', resource: 'public_releases', resourceId: superseded, fields: ['status'] },
        tx,
      );
  });
  return toDetail((await repo.getRelease(ctx.db, id))!, user.id);
}

export async function discardRelease(ctx: RequestContext, id: string, now: () => Date = () => new Date()) {
  const user = requireUser(ctx);
  await ctx.db.transaction(async (tx) => {
    await loadForChange(tx, id);
    await repo.discard(tx, id, user.id, now());
    await audit(
      ctx,
      { action: 'update', resource: 'public_releases', resourceId: id, fields: ['status'] },
      tx,
    );
  });
  return toDetail((await repo.getRelease(ctx.db, id))!, user.id);
}
