import type { App } from '../../http/context.ts';
import {
  ExportQuery,
  HopsQuery,
  NeighbourhoodResponse,
  NodeParams,
  OverviewResponse,
  PathParams,
  PathResponse,
  SearchQuery,
  SearchResponse,
} from './schema.ts';
import { exportSubgraph, neighbourhoodOf, overview, pathBetween, search } from './service.ts';

/** Network analysis for investigators (docs/networks.md): read-only, scoped to the caller's agency, audited. */
export async function networkRoutes(app: App) {
  const config = { permission: 'network:read', scope: 'agency' } as const;
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
}
