import type { App } from '../../http/context.ts';
import { addOrder, addPayment, addService, caseRestitution, listServices, victimsOwed } from './delivery.ts';
import { answerRequest, knownElsewhere, receivedRequests, requestAccess } from './known-elsewhere.ts';
import {
  AccessAnswerBody,
  AccessAnswered,
  AccessRequestBody,
  AccessRequested,
  AccessRequestsReceived,
  CaseDetail,
  CaseHistory,
  CaseList,
  CaseRestitution,
  CaseView,
  ClosureBody,
  CreateCaseBody,
  IdParams,
  KnownElsewhereView,
  ListQuery,
  OrderParams,
  RestitutionOrderBody,
  RestitutionOrdered,
  RestitutionOwed,
  RestitutionPaid,
  RestitutionPaymentBody,
  ServiceBody,
  ServiceList,
  ServiceView,
  UpdateCaseBody,
} from './schema.ts';
import {
  approvePlan,
  caseHistory,
  createCase,
  decideClosure,
  listCases,
  readCase,
  requestClosure,
  updateCase,
} from './service.ts';

const tags = ['cases'];

export async function caseRoutes(app: App) {
  app.get(
    '/api/cases',
    {
      schema: {
        tags,
        summary: 'Cases of my agency (list fields only)',
        querystring: ListQuery,
        response: { 200: CaseList },
      },
      config: { permission: 'cases:read', scope: 'agency' },
    },
    async (req) => listCases(req.ctx, req.query),
  );
  app.post(
    '/api/cases',
    {
      schema: {
        tags,
        summary: 'Open a case, from a screening or from scratch',
        body: CreateCaseBody,
        response: { 201: CaseView },
      },
      config: { permission: 'cases:write' },
    },
    async (req, reply) => reply.code(201).send(await createCase(req.ctx, req.body)),
  );
  app.get(
    '/api/cases/:id',
    {
      schema: { tags, summary: 'One case', params: IdParams, response: { 200: CaseDetail } },
      config: { permission: 'cases:read', scope: 'agency' },
    },
    async (req) => readCase(req.ctx, req.params.id),
  );
  app.patch(
    '/api/cases/:id',
    {
      schema: {
        tags,
        summary: 'Change a case (every change goes to its history)',
        params: IdParams,
        body: UpdateCaseBody,
        response: { 200: CaseView },
      },
      config: { permission: 'cases:write', scope: 'agency' },
    },
    async (req) => updateCase(req.ctx, req.params.id, req.body),
  );
  app.get(
    '/api/cases/:id/history',
    {
      schema: { tags, summary: 'History of every change', params: IdParams, response: { 200: CaseHistory } },
      config: { permission: 'cases:read', scope: 'agency' },
    },
    async (req) => caseHistory(req.ctx, req.params.id),
  );
  app.post(
    '/api/cases/:id/closure',
    {
      schema: {
        tags,
        summary: 'Request closure with a reason',
        params: IdParams,
        body: ClosureBody,
        response: { 200: CaseView },
      },
      config: { permission: 'cases:write' },
    },
    async (req) => requestClosure(req.ctx, req.params.id, req.body.reason),
  );
  app.post(
    '/api/cases/:id/closure/approve',
    {
      schema: {
        tags,
        summary: 'Supervisor approves the requested closure',
        params: IdParams,
        response: { 200: CaseView },
      },
      config: { permission: 'cases:approve' },
    },
    async (req) => decideClosure(req.ctx, req.params.id, true),
  );
  app.post(
    '/api/cases/:id/closure/reject',
    {
      schema: {
        tags,
        summary: 'Supervisor sends the case back open',
        params: IdParams,
        response: { 200: CaseView },
      },
      config: { permission: 'cases:approve' },
    },
    async (req) => decideClosure(req.ctx, req.params.id, false),
  );
  app.get(
    '/api/cases/:id/services',
    {
      schema: { tags, summary: 'Services delivered', params: IdParams, response: { 200: ServiceList } },
      config: { permission: 'cases:read', scope: 'agency' },
    },
    async (req) => listServices(req.ctx, req.params.id),
  );
  app.post(
    '/api/cases/:id/services',
    {
      schema: {
        tags,
        summary: 'Record a service delivered by my agency',
        params: IdParams,
        body: ServiceBody,
        response: { 201: ServiceView },
      },
      config: { permission: 'cases:write' },
    },
    async (req, reply) => reply.code(201).send(await addService(req.ctx, req.params.id, req.body)),
  );
  app.get(
    '/api/cases/:id/restitution',
    {
      schema: {
        tags,
        summary: 'Restitution ordered, paid and outstanding',
        params: IdParams,
        response: { 200: CaseRestitution },
      },
      config: { permission: 'cases:read', scope: 'agency' },
    },
    async (req) => caseRestitution(req.ctx, req.params.id),
  );
  app.post(
    '/api/cases/:id/restitution',
    {
      schema: {
        tags,
        summary: 'Record restitution ordered in a conviction',
        params: IdParams,
        body: RestitutionOrderBody,
        response: { 201: RestitutionOrdered },
      },
      config: { permission: 'cases:write' },
    },
    async (req, reply) => reply.code(201).send(await addOrder(req.ctx, req.params.id, req.body)),
  );
  app.post(
    '/api/cases/:id/restitution/:orderId/payments',
    {
      schema: {
        tags,
        summary: 'Record a payment (perpetrator or assistance fund)',
        params: OrderParams,
        body: RestitutionPaymentBody,
        response: { 201: RestitutionPaid },
      },
      config: { permission: 'cases:write' },
    },
    async (req, reply) =>
      reply.code(201).send(await addPayment(req.ctx, req.params.id, req.params.orderId, req.body)),
  );
  app.get(
    '/api/restitution/owed',
    {
      schema: {
        tags,
        summary: 'Victims of my agency still owed restitution',
        response: { 200: RestitutionOwed },
      },
      config: { permission: 'cases:read' },
    },
    async (req) => victimsOwed(req.ctx),
  );
  app.post(
    '/api/cases/:id/plan/approve',
    {
      schema: {
        tags,
        summary: 'Supervisor approves the support plan (not its last author)',
        params: IdParams,
        response: { 200: CaseView },
      },
      config: { permission: 'cases:approve' },
    },
    async (req) => approvePlan(req.ctx, req.params.id),
  );
  app.get(
    '/api/cases/:id/known-elsewhere',
    {
      schema: {
        tags,
        summary:
          'Whether the person may be known to another agency (no data of that agency), and requests made',
        params: IdParams,
        response: { 200: KnownElsewhereView },
      },
      config: { permission: 'cases:read', scope: 'agency' },
    },
    async (req) => knownElsewhere(req.ctx, req.params.id),
  );
  app.post(
    '/api/cases/:id/access-requests',
    {
      schema: {
        tags,
        summary: 'Ask the agencies that may know the person for contact',
        params: IdParams,
        body: AccessRequestBody,
        response: { 201: AccessRequested },
      },
      config: { permission: 'cases:write' },
    },
    async (req, reply) => reply.code(201).send(await requestAccess(req.ctx, req.params.id, req.body.reason)),
  );
  app.get(
    '/api/access-requests',
    {
      schema: {
        tags,
        summary: "Other agencies' requests about my agency's persons",
        response: { 200: AccessRequestsReceived },
      },
      config: { permission: 'cases:approve' },
    },
    async (req) => receivedRequests(req.ctx),
  );
  app.post(
    '/api/access-requests/:id/answer',
    {
      schema: {
        tags,
        summary: 'Accept (share a contact) or decline a request',
        params: IdParams,
        body: AccessAnswerBody,
        response: { 200: AccessAnswered },
      },
      config: { permission: 'cases:approve' },
    },
    async (req) => answerRequest(req.ctx, req.params.id, req.body.decision),
  );
}
