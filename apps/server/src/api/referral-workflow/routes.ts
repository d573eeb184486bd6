import type { App } from '../../http/context.ts';
import {
  CreateReferralBody,
  DeclineBody,
  IdParams,
  ListQuery,
  ProviderServiceBody,
  ReferralAnswer,
  ReferralList,
  ReferralRead,
  ReferralView,
} from './schema.ts';
import {
  acceptReferral,
  completeReferral,
  createReferral,
  declineReferral,
  listReferrals,
  overdueReferrals,
  readReferral,
  recordReferralService,
} from './service.ts';

const tags = ['referrals'];

export async function referralWorkflowRoutes(app: App) {
  app.post(
    '/api/case-referrals',
    {
      schema: {
        tags,
        summary: 'Refer a case to a provider (needs the referral consent)',
        body: CreateReferralBody,
        response: { 201: ReferralView },
      },
      config: { permission: 'cases:write' },
    },
    async (req, reply) => reply.code(201).send(await createReferral(req.ctx, req.body)),
  );
  app.get(
    '/api/case-referrals',
    {
      schema: {
        tags,
        summary: 'Referrals sent by, or received by, my agency',
        querystring: ListQuery,
        response: { 200: ReferralList },
      },
      config: { permission: 'cases:read' },
    },
    async (req) => listReferrals(req.ctx, req.query.box),
  );
  app.get(
    '/api/case-referrals/overdue',
    {
      schema: {
        tags,
        summary: 'Overdue referrals sent by my agency (supervisor)',
        response: { 200: ReferralList },
      },
      config: { permission: 'cases:approve' },
    },
    async (req) => overdueReferrals(req.ctx),
  );
  app.get(
    '/api/case-referrals/:id',
    {
      schema: {
        tags,
        summary: 'One referral (a provider sees only the fields it needs)',
        params: IdParams,
        response: { 200: ReferralRead },
      },
      config: { permission: 'cases:read' },
    },
    async (req) => readReferral(req.ctx, req.params.id),
  );
  app.post(
    '/api/case-referrals/:id/accept',
    {
      schema: { tags, summary: 'Provider accepts', params: IdParams, response: { 200: ReferralAnswer } },
      config: { permission: 'referrals:respond' },
    },
    async (req) => acceptReferral(req.ctx, req.params.id),
  );
  app.post(
    '/api/case-referrals/:id/decline',
    {
      schema: {
        tags,
        summary: 'Provider declines with a reason',
        params: IdParams,
        body: DeclineBody,
        response: { 200: ReferralAnswer },
      },
      config: { permission: 'referrals:respond' },
    },
    async (req) => declineReferral(req.ctx, req.params.id, req.body.reason),
  );
  app.post(
    '/api/case-referrals/:id/complete',
    {
      schema: { tags, summary: 'Provider completes', params: IdParams, response: { 200: ReferralAnswer } },
      config: { permission: 'referrals:respond' },
    },
    async (req) => completeReferral(req.ctx, req.params.id),
  );
  app.post(
    '/api/case-referrals/:id/services',
    {
      schema: {
        tags,
        summary: 'Provider records a service delivered on the referral',
        params: IdParams,
        body: ProviderServiceBody,
        response: { 201: ReferralAnswer },
      },
      config: { permission: 'referrals:respond' },
    },
    async (req, reply) => reply.code(201).send(await recordReferralService(req.ctx, req.params.id, req.body)),
  );
}
