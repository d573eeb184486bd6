import { NoContent } from '../../http/answers.ts';
import type { App } from '../../http/context.ts';
import { addIdentifier, listIdentifiers, removeIdentifier } from './identifiers.ts';
import {
  ExportQuery,
  HopsQuery,
  IdentifierBody,
  IdentifierList,
  IdentifierParams,
  IdentifierSubjectQuery,
  IdentifierView,
  NeighbourhoodResponse,
  NodeParams,
  OverviewResponse,
  PathParams,
  PathResponse,
  SearchQuery,
  SearchResponse,
  SubgraphFile,
} from './schema.ts';
import { exportSubgraph, neighbourhoodOf, overview, pathBetween, search } from './service.ts';

/** Network analysis for investigators (docs/networks.md): read-only, scoped to the caller's agency, audited. */
export async function networkRoutes(app: App) {
  const config = { permission: 'network:read', scope: 'agency' } as const;
  const write = { permission: 'network:write', scope: 'agency' } as const;
  app.get(
    '/api/network',
    {
      schema: {
        tags: ['network'],
        summary: "The agency's network in numbers: nodes by kind, communities, the most central persons",
        response: { 200: OverviewResponse },
      },
      config,
    },
    async (req) => overview(req.ctx),
  );
  app.get(
    '/api/network/search',
    {
      schema: {
        tags: ['network'],
        summary:
          'Persons and identifiers whose name contains the words typed, or the identifier typed in any format',
        querystring: SearchQuery,
        response: { 200: SearchResponse },
      },
      config,
    },
    async (req) => search(req.ctx, req.query.q),
  );
  app.get(
    '/api/network/nodes/:node',
    {
      schema: {
        tags: ['network'],
        summary: 'A node, its neighbours up to 1-3 links away (at most 400 nodes) and its community',
        params: NodeParams,
        querystring: HopsQuery,
        response: { 200: NeighbourhoodResponse },
      },
      config,
    },
    async (req) => neighbourhoodOf(req.ctx, req.params.node, req.query.hops),
  );
  app.get(
    '/api/network/nodes/:node/path/:to',
    {
      schema: {
        tags: ['network'],
        summary: 'The shortest chain of links between two nodes',
        params: PathParams,
        response: { 200: PathResponse },
      },
      config,
    },
    async (req) => pathBetween(req.ctx, req.params.node, req.params.to),
  );
  app.get(
    '/api/network/nodes/:node/export',
    {
      schema: {
        tags: ['network'],
        summary: 'A node and its neighbours as a file: JSON, CSV (formula-guarded) or GraphML; audited',
        params: NodeParams,
        querystring: ExportQuery,
        response: { 200: SubgraphFile },
      },
      config,
    },
    async (req, reply) => {
      const f = await exportSubgraph(req.ctx, req.params.node, req.query.hops, req.query.format);
      return reply
        .type(f.type)
        .header('content-disposition', `attachment; filename="${f.file}"`)
        .header('cache-control', 'no-store')
        .send(f.body);
    },
  );
  // identifiers recorded by investigators on a defendant or a person (docs/networks.md)
  app.get(
    '/api/network/identifiers',
    {
      schema: {
        tags: ['network'],
        summary:
          'The identifiers your agency recorded on a defendant, an investigation or a person (values audited)',
        querystring: IdentifierSubjectQuery,
        response: { 200: IdentifierList },
      },
      config,
    },
    async (req) => listIdentifiers(req.ctx, req.query as never),
  );
  app.post(
    '/api/network/identifiers',
    {
      schema: {
        tags: ['network'],
        summary:
          'Record a phone, e-mail, address, account/CLABE, vehicle, company or online handle on a defendant, an investigation (chainId) or a person; normalised, so the same value written two ways is one node',
        body: IdentifierBody,
        response: { 201: IdentifierView },
      },
      config: write,
    },
    async (req, reply) => reply.code(201).send(await addIdentifier(req.ctx, req.body as never)),
  );
  app.delete(
    '/api/network/identifiers/:id',
    {
      schema: {
        tags: ['network'],
        summary: 'Remove an identifier your agency recorded (audited)',
        params: IdentifierParams,
        response: { 204: NoContent('Removed') },
      },
      config: write,
    },
    async (req, reply) => {
      await removeIdentifier(req.ctx, req.params.id);
      return reply.code(204).send(null);
    },
  );
}
