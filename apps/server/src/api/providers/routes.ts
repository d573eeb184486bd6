import type { App } from '../../http/context.ts';
import {
  CapacityBody,
  IdParams,
  ListQuery,
  MatchBody,
  MatchResult,
  ProviderBody,
  ProviderDetail,
  ProviderList,
  ProviderView,
} from './schema.ts';
import {
  getMyProvider,
  getProvider,
  listProviders,
  matchForCase,
  putMyProvider,
  setMyFreePlaces,
} from './service.ts';

const tags = ['providers'];

export async function providerRoutes(app: App) {
  app.get(
    '/api/providers',
    {
      schema: {
        tags,
        summary: 'Provider directory (never shelter addresses)',
        querystring: ListQuery,
        response: { 200: ProviderList },
      },
      config: { permission: 'providers:read' },
    },
    async (req) => listProviders(req.ctx, req.query),
  );
  app.get(
    '/api/providers/mine',
    {
      schema: {
        tags,
        summary: "My agency's directory entry (with the address for its serving staff)",
        response: { 200: ProviderDetail },
      },
      config: { permission: 'providers:read' },
    },
    async (req) => getMyProvider(req.ctx),
  );
  app.get(
    '/api/providers/:id',
    {
      schema: {
        tags,
        summary: 'One provider (address only for its staff and a referring caseworker after acceptance)',
        params: IdParams,
        response: { 200: ProviderDetail },
      },
      config: { permission: 'providers:read' },
    },
    async (req) => getProvider(req.ctx, req.params.id),
  );
  app.put(
    '/api/providers/mine',
    {
      schema: {
        tags,
        summary: "Create or update my agency's directory entry",
        body: ProviderBody,
        response: { 200: ProviderDetail },
      },
      config: { permission: 'providers:write' },
    },
    async (req) => putMyProvider(req.ctx, req.body),
  );
  app.put(
    '/api/providers/mine/capacity',
    {
      schema: { tags, summary: 'Update free places', body: CapacityBody, response: { 200: ProviderView } },
      config: { permission: 'providers:write' },
    },
    async (req) => setMyFreePlaces(req.ctx, req.body.free),
  );
  app.post(
    '/api/providers/match',
    {
      schema: {
        tags,
        summary: "Rank eligible providers for a case's needs, with reasons and exclusions",
        body: MatchBody,
        response: { 200: MatchResult },
      },
      config: { permission: 'cases:write' },
    },
    async (req) => matchForCase(req.ctx, req.body),
  );
}
