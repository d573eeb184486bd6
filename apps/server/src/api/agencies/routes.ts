import { audit } from '../../audit/service.ts';
import { notFound } from '../../errors.ts';
import type { App } from '../../http/context.ts';
import { getAgency, listAgencies, upsertAgency } from './repository.ts';
import { Agency, AgencyBody, AgencyList, IdParams, ListQuery } from './schema.ts';

export async function agencyRoutes(app: App) {
  app.get(
    '/api/agencies',
    {
      schema: {
        tags: ['agencies'],
        summary: 'List agencies',
        querystring: ListQuery,
        response: { 200: AgencyList },
      },
      config: { permission: 'agencies:read' },
    },
    async (req) => listAgencies(req.ctx.db, req.query),
  );
  app.get(
    '/api/agencies/:id',
    {
      schema: { tags: ['agencies'], summary: 'One agency', params: IdParams, response: { 200: Agency } },
      config: { permission: 'agencies:read' },
    },
    async (req) => (await getAgency(req.ctx.db, req.params.id)) ?? Promise.reject(notFound('Agency')),
  );
  app.put(
    '/api/agencies/:id',
    {
      schema: {
        tags: ['agencies'],
        summary: 'Create or update an agency',
        params: IdParams,
        body: AgencyBody,
        response: { 200: Agency },
      },
      config: { permission: 'agencies:write' },
    },
    async (req) => {
      const input = { ...req.body, id: req.params.id };
      await req.ctx.db.transaction(async (tx) => {
        const what = await upsertAgency(tx, input);
        if (what !== 'unchanged')
          await audit(
            req.ctx,
            { action: what === 'inserted' ? 'create' : 'update', resource: 'agencies', resourceId: input.id },
            tx,
          );
      });
      return (await getAgency(req.ctx.db, input.id))!;
    },
  );
}
