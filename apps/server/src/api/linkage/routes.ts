import type { App } from '../../http/context.ts';
import { requireUser } from '../../http/context.ts';
import {
  DecisionBody,
  DecisionParams,
  DecisionRecorded,
  PairParams,
  ReviewQuery,
  ReviewQueue,
} from './schema.ts';
import { decideLink, reviewQueue, undoDecision } from './service.ts';

/** The linkage review queue: supervisors confirm or reject uncertain pairs of their agency's persons. */
export async function linkageRoutes(app: App) {
  app.get(
    '/api/linkage/review',
    {
      schema: {
        tags: ['linkage'],
        summary: 'Uncertain pairs of persons awaiting a decision',
        querystring: ReviewQuery,
        response: { 200: ReviewQueue },
      },
      config: { permission: 'linkage:review', scope: 'agency' },
    },
    async (req) => reviewQueue(req.ctx, { agencyId: requireUser(req.ctx).agencyId, limit: req.query.limit }),
  );
  app.post(
    '/api/linkage/pairs/:a/:b/decision',
    {
      schema: {
        tags: ['linkage'],
        summary: 'Confirm or reject a pair (overrides the model)',
        params: PairParams,
        body: DecisionBody,
        response: { 201: DecisionRecorded },
      },
      config: { permission: 'linkage:review', scope: 'agency' },
    },
    async (req, reply) =>
      reply.code(201).send(
        await decideLink(req.ctx, req.params.a, req.params.b, req.body.decision, req.body.justification, {
          agencyId: requireUser(req.ctx).agencyId,
        }),
      ),
  );
  app.post(
    '/api/linkage/decisions/:id/undo',
    {
      schema: {
        tags: ['linkage'],
        summary: 'Undo a decision',
        params: DecisionParams,
        response: { 201: DecisionRecorded },
      },
      config: { permission: 'linkage:review', scope: 'agency' },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await undoDecision(req.ctx, req.params.id, { agencyId: requireUser(req.ctx).agencyId })),
  );
}
