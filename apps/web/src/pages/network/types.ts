/**
 * Wire types of the network API (apps/server/src/api/network/schema.ts), generated from the server's schemas
 * (ApiResponse, openapi.gen.ts): this file only names them.
 */
import type { ApiResponse } from '../../api/types.ts';

/** `GET /api/network`: the agency's network in numbers. */
export type Overview = ApiResponse<'/api/network'>;
/** A person or identifier of the network with its place in it (community, centrality). */
export type NetNode = Overview['centralActors'][number];
/** `GET /api/network/nodes/:node`: a node's neighbours and its community. */
export type Neighbourhood = ApiResponse<'/api/network/nodes/{node}'>;
/** A link between two nodes and the records it comes from. */
export type NetEdge = Neighbourhood['edges'][number];
/** `GET /api/network/nodes/:node/path/:to`: the shortest chain of links. */
export type PathResult = ApiResponse<'/api/network/nodes/{node}/path/{to}'>;
/** `GET /api/network/search`. */
export type SearchResult = ApiResponse<'/api/network/search'>;
