import { audit } from '../../audit/service.ts';
import { notFound } from '../../errors.ts';
import { type App, requireUser } from '../../http/context.ts';
import * as repo from './repository.ts';
import { IdParams, PrepareBody, ReleaseDetail, ReleaseList } from './schema.ts';
import { approveRelease, discardRelease, prepareRelease, toDetail, toSummary } from './service.ts';

/**
 * Public releases of the national figures (aggregates only): prepare, see what was suppressed and why,
 * approve (a second analyst; publishes on /datos-abiertos) or discard. Every step audited.
 */
export async function releaseRoutes(app: App) {
  app.get(
    '/api/releases',
    {
      schema: {
        tags: ['releases'],
        summary: 'Public releases, newest first',
        response: { 200: ReleaseList },
      },
      config: { permission: 'report:read', scope: 'none' },
    },
    async (req) => {
      const user = requireUser(req.ctx);
      const [rows, years] = await Promise.all([
        repo.listReleases(req.ctx.db),
        repo.yearsWithData(req.ctx.db),
      ]);
      await audit(req.ctx, { action: 'list', resource: 'public_releases' });
      return { items: rows.map((r) => toSummary(r, user.id)), years };
    },
  );
  app.get(
    '/api/releases/:id',
    {
      schema: {
        tags: ['releases'],
        summary: 'A release: every cell, and why each suppressed cell is suppressed',
        params: IdParams,
        response: { 200: ReleaseDetail },
      },
      config: { permission: 'report:read', scope: 'none' },
    },
    async (req) => {
      const user = requireUser(req.ctx);
      const r = await repo.getRelease(req.ctx.db, req.params.id);
      if (!r) throw notFound('release');
      await audit(req.ctx, { action: 'read', resource: 'public_releases', resourceId: r.id });
      return toDetail(r, user.id);
    },
  );
  app.post(
    '/api/releases',
    {
      schema: {
        tags: ['releases'],
        summary: 'Prepare the public release of a year (k-threshold, complementary suppression, optional ε)',
        body: PrepareBody,
        response: { 201: ReleaseDetail },
      },
      config: { permission: 'releases:write', scope: 'none' },
    },
    async (req, reply) => {
      const out = await prepareRelease(req.ctx, req.body);
      return reply.code(201).send(out);
    },
  );
  app.post(
    '/api/releases/:id/approve',
    {
      schema: {
        tags: ['releases'],
        summary: 'Approve and publish a prepared release (a second analyst, never its preparer)',
        params: IdParams,
        response: { 200: ReleaseDetail },
      },
      config: { permission: 'releases:write', scope: 'none' },
    },
    async (req) => approveRelease(req.ctx, req.params.id),
  );
  app.post(
    '/api/releases/:id/discard',
    {
      schema: {
        tags: ['releases'],
        summary: 'Discard a prepared release',
        params: IdParams,
        response: { 200: ReleaseDetail },
      },
      config: { permission: 'releases:write', scope: 'none' },
    },
    async (req) => discardRelease(req.ctx, req.params.id),
  );
}
