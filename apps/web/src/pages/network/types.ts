export interface NetNode {
  id: string;
  kind: string;
  label: string;
  roles: string[];
  community: number;
  communitySize: number;
  degree: number;
  betweenness: number;
  pagerank: number;
}
export interface NetEdge {
  source: string;
  target: string;
  relations: string[];
  records: { table: string; id: string }[];
}
export interface Overview {
  nodes: number;
  edges: number;
  communities: number;
  modularity: number;
  byKind: Record<string, number>;
  centralActors: NetNode[];
}
export interface Neighbourhood {
  center: string;
  hops: number;
  nodes: NetNode[];
  edges: NetEdge[];
  communityMembers: NetNode[];
  truncated: boolean;
}
export interface PathResult {
  found: boolean;
  nodes: NetNode[];
  edges: NetEdge[];
}
