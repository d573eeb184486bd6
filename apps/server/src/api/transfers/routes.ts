import type { App } from '../../http/context.ts';
import {
  CaseParams,
  DestinationList,
  TransferCounts,
  TransferInbox,
  TransferList,
  TransferListQuery,
  TransferParams,
  TransferReasonBody,
  TransferRequestBody,
  TransferView,
} from './schema.ts';
import {
  caseTransfers,
  decide,
  destinations,
  listTransfers,
  requestTransfer,
  transferCounts,
} from './service.ts';

const tags = ['cases'];

/** Transfer of a case to another agency: request, approval by both sides, every step audited (docs/casework.md). */
export async function transferRoutes(app: App) {
  app.get(
    '/api/transfer-destinations',
    {
      schema: {
        tags,
        summary: 'Agencies a case of mine may be transferred to (public directory)',
        response: { 200: DestinationList },
      },
      config: { permission: 'cases:write' },
    },
    async (req) => destinations(req.ctx),
  );
  app.get(
    '/api/cases/:id/transfers',
    {
      schema: {
        tags,
        summary: 'Transfers of a case my agency holds',
        params: CaseParams,
        response: { 200: TransferList },
      },
      config: { permission: 'cases:read', scope: 'agency' },
    },
    async (req) => caseTransfers(req.ctx, req.params.id),
  );
  app.post(
    '/api/cases/:id/transfers',
    {
      schema: {
        tags,
        summary: 'Ask to transfer the case to another agency (needs consent for transfer)',
        params: CaseParams,
        body: TransferRequestBody,
        response: { 201: TransferView },
      },
      config: { permission: 'cases:write' },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await requestTransfer(req.ctx, req.params.id, req.body.toAgencyId, req.body.reason)),
  );
  app.get(
    '/api/case-transfers',
    {
      schema: {
        tags,
        summary: 'Transfers to my agency awaiting an answer (incoming) or asked by it (outgoing)',
        querystring: TransferListQuery,
        response: { 200: TransferInbox },
      },
      config: { permission: 'cases:approve' },
    },
    async (req) => listTransfers(req.ctx, req.query.box),
  );
  app.get(
    '/api/case-transfers/counts',
    {
      schema: {
        tags,
        summary: 'How many transfers wait for my agency (no personal data)',
        response: { 200: TransferCounts },
      },
      config: { permission: 'cases:read' },
    },
    async (req) => transferCounts(req.ctx),
  );
  app.post(
    '/api/case-transfers/:id/approve',
    {
      schema: {
        tags,
        summary: 'Sending supervisor approves (not the requester)',
        params: TransferParams,
        response: { 200: TransferView },
      },
      config: { permission: 'cases:approve' },
    },
    async (req) => decide(req.ctx, req.params.id, 'approve'),
  );
  app.post(
    '/api/case-transfers/:id/reject',
    {
      schema: {
        tags,
        summary: 'Sending supervisor rejects, with a reason',
        params: TransferParams,
        body: TransferReasonBody,
        response: { 200: TransferView },
      },
      config: { permission: 'cases:approve' },
    },
    async (req) => decide(req.ctx, req.params.id, 'reject', req.body.reason),
  );
  app.post(
    '/api/case-transfers/:id/cancel',
    {
      schema: {
        tags,
        summary: 'The sending agency withdraws its request',
        params: TransferParams,
        response: { 200: TransferView },
      },
      config: { permission: 'cases:write' },
    },
    async (req) => decide(req.ctx, req.params.id, 'cancel'),
  );
  app.post(
    '/api/case-transfers/:id/accept',
    {
      schema: {
        tags,
        summary: 'Receiving supervisor accepts: the case becomes ours',
        params: TransferParams,
        response: { 200: TransferView },
      },
      config: { permission: 'cases:approve' },
    },
    async (req) => decide(req.ctx, req.params.id, 'accept'),
  );
  app.post(
    '/api/case-transfers/:id/decline',
    {
      schema: {
        tags,
        summary: 'Receiving supervisor declines, with a reason',
        params: TransferParams,
        body: TransferReasonBody,
        response: { 200: TransferView },
      },
      config: { permission: 'cases:approve' },
    },
    async (req) => decide(req.ctx, req.params.id, 'decline', req.body.reason),
  );
}
