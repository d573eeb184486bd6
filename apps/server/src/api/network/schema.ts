import { z } from 'zod';
import { fileAnswer, textFile } from '../../http/answers.ts';

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

// ---------------------------------------------------------------- identifiers recorded by investigators

const IdentifierKindEnum = z.enum(['phone', 'email', 'address', 'account', 'vehicle', 'company', 'handle']);
const oneSubject = (b: {
  personId?: string | undefined;
  defendantId?: string | undefined;
  chainId?: string | undefined;
}) => [b.personId, b.defendantId, b.chainId].filter((x) => x !== undefined).length === 1;
const SUBJECT_MESSAGE =
  'name exactly one of personId (a person), defendantId (a defendant) and chainId (an investigation of the justice chain)';
const PersonId = z.string().trim().min(1).max(64);
export const IdentifierSubjectQuery = z
  .strictObject({
    personId: PersonId.optional(),
    defendantId: z.uuid().optional(),
    chainId: z.uuid().optional(),
  })
  .refine(oneSubject, { message: SUBJECT_MESSAGE, path: ['personId'] });
export const IdentifierBody = z
  .strictObject({
    personId: PersonId.optional(),
    defendantId: z.uuid().optional(),
    chainId: z.uuid().optional(),
    kind: IdentifierKindEnum,
    value: z.string().trim().min(1).max(300),
    note: z.string().trim().max(1000).nullish(),
  })
  .refine(oneSubject, { message: SUBJECT_MESSAGE, path: ['personId'] });
export const IdentifierParams = z.strictObject({ id: z.uuid() });
export const IdentifierView = z.object({
  id: z.string(),
  kind: IdentifierKindEnum,
  value: z.string(),
  display: z.string(),
  node: z.string().nullable(),
  note: z.string(),
  subject: z.union([
    z.object({ personId: z.string() }),
    z.object({ defendantId: z.string() }),
    z.object({ chainId: z.string() }),
  ]),
  createdAt: z.string(),
});
export const IdentifierList = z.object({ items: z.array(IdentifierView) });

/** `GET /api/network/nodes/:node/export`: the node and its neighbours as a file to download, in one of three formats. */
export const SubgraphFile = fileAnswer('The node and its neighbours as a file', {
  'application/json': z.object({
    center: z.string(),
    hops: z.number(),
    nodes: z.array(NodeView),
    edges: z.array(EdgeView),
  }),
  'text/csv': textFile(
    'Nodes and edges in one CSV, a `type` column says which (cells guarded against formulas)',
  ),
  'application/graphml+xml': textFile('GraphML'),
});
