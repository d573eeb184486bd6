import type { App } from '../../http/context.ts';
import { listTips } from './repository.ts';
import { IdParams, ListQuery, Tip, TipBody, TipList, TipReceipt, UpdateTipBody } from './schema.ts';
import { readTip, submitTip, updateTip } from './service.ts';

export async function tipRoutes(app: App) {
  app.post(
    '/api/public/tips',
    {
      schema: {
        tags: ['public'],
        summary: 'Send an anonymous tip (no account needed)',
        body: TipBody,
        response: { 201: TipReceipt },
      },
      config: {
        public: true,
        rateLimit: { max: app.enlaceConfig.publicFormRateLimitPerMinute, timeWindow: '1 minute' },
      },
    },
    async (req, reply) => reply.code(201).send(await submitTip(req.ctx, req.body)),
  );
  app.get(
    '/api/tips',
    {
      schema: {
        tags: ['tips'],
        summary: "The agency's tip queue (no personal data in the list)",
        querystring: ListQuery,
        response: { 200: TipList },
      },
      config: { permission: 'tips:read', scope: 'agency' },
    },
    async (req) => listTips(req.ctx.db, req.ctx.user!.agencyId, req.query),
  );
  app.get(
    '/api/tips/:id',
    {
      schema: { tags: ['tips'], summary: 'One tip (audited read)', params: IdParams, response: { 200: Tip } },
      config: { permission: 'tips:read', scope: 'agency' },
    },
    async (req) => readTip(req.ctx, req.params.id),
  );
  app.patch(
    '/api/tips/:id',
    {
      schema: {
        tags: ['tips'],
        summary: 'Triage, refer or close a tip',
        params: IdParams,
        body: UpdateTipBody,
        response: { 200: Tip },
      },
      config: { permission: 'tips:write', scope: 'agency' },
    },
    async (req) => updateTip(req.ctx, req.params.id, req.body.status, req.body.referredToAgencyId),
  );
}
