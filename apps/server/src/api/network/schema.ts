import { z } from 'zod';

const NodeId = z
  .string()
  .min(3)
  .max(200)
  .regex(/^[a-z_]+:[^\s]+$/, 'a node id from the network');
export const SearchQuery = z.strictObject({ q: z.string().trim().min(2).max(200) });
export const NodeParams = z.strictObject({ node: NodeId });
export const HopsQuery = z.strictObject({ hops: z.coerce.number().int().min(1).max(3).default(1) });
export const PathParams = z.strictObject({ node: NodeId, to: NodeId });
export const ExportQuery = z.strictObject({
  hops: z.coerce.number().int().min(1).max(3).default(1),
  format: z.enum(['json', 'csv', 'graphml']).default('json'),
});

export const NodeView = z.object({
  id: z.string(),
  kind: z.string(),
  label: z.string(),
  roles: z.array(z.string()),
  community: z.number(),
  communitySize: z.number(),
  degree: z.number(),
  betweenness: z.number(),
  pagerank: z.number(),
});
export const EdgeView = z.object({
  source: z.string(),
  target: z.string(),
  relations: z.array(z.string()),
  records: z.array(z.object({ table: z.string(), id: z.string() })),
});
export const OverviewResponse = z.object({
  nodes: z.number(),
  edges: z.number(),
  communities: z.number(),
  modularity: z.number(),
  byKind: z.record(z.string(), z.number()),
  centralActors: z.array(NodeView),
});
export const SearchResponse = z.object({ items: z.array(NodeView) });
export const NeighbourhoodResponse = z.object({
  center: z.string(),
  hops: z.number(),
  nodes: z.array(NodeView),
  edges: z.array(EdgeView),
  communityMembers: z.array(NodeView),
  truncated: z.boolean(),
});
export const PathResponse = z.object({
  found: z.boolean(),
  nodes: z.array(NodeView),
  edges: z.array(EdgeView),
});
