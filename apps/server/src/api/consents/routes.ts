import type { App } from '../../http/context.ts';
import { CaseParams, ConsentBody, ConsentList, RecordedConsent } from './schema.ts';
import { listConsents, recordConsent } from './service.ts';

export async function consentRoutes(app: App) {
  app.get(
    '/api/cases/:id/consents',
    {
      schema: {
        tags: ['consents'],
        summary: 'Consent events and the current state per purpose',
        params: CaseParams,
        response: { 200: ConsentList },
      },
      config: { permission: 'cases:read', scope: 'agency' },
    },
    async (req) => listConsents(req.ctx, req.params.id),
  );
  app.post(
    '/api/cases/:id/consents',
    {
      schema: {
        tags: ['consents'],
        summary: 'Record a grant or a withdrawal of consent for one purpose',
        params: CaseParams,
        body: ConsentBody,
        response: { 201: RecordedConsent },
      },
      config: { permission: 'cases:write' },
    },
    async (req, reply) => reply.code(201).send(await recordConsent(req.ctx, req.params.id, req.body)),
  );
}
