/** Wire types of the report API (apps/server/src/api/report/schema.ts). Aggregates only, no personal data. */

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export interface StateFigures {
  state_code: string;
  victims: number;
  identification_records: number;
  investigations: number;
  prosecutions: number;
  convictions: number;
}

export interface CompletenessRow {
  dataset: string;
  /** INEGI state code, or 'all' for the national row */
  state: string;
  records: number;
  sex: number | null;
  age: number | null;
  form: number | null;
  nationality: number | null;
}

export interface ReportResponse {
  filter: Record<string, string>;
  /** annual-report.md: the figures of the year */
  report: { [k: string]: Json };
  /** the two previous years, most recent first */
  previous: { [k: string]: Json }[];
  states: StateFigures[];
  completeness: CompletenessRow[];
  /** identifications of the year whose person has a link waiting for a reviewer */
  linkageReview: { identifications_awaiting_review: number; links_awaiting_review: number };
  /**
   * Which data the figures are of: after a write the server answers with the previous figures (`stale`) while
   * it computes the current ones (`updating`); ask again until `stale` is false.
   */
  freshness: {
    dataVersion: string;
    computedAt: string;
    currentDataVersion: string;
    stale: boolean;
    updating: boolean;
  };
}

export interface GeometryResponse {
  viewBox: string;
  source: string;
  states: { code: string; name: string; path: string }[];
}

export interface DrilldownResponse {
  figure: string;
  records: { kind: string; id: string; agency_id: string }[];
  other_agencies: number;
}

/** `GET /api/report/years`: the years with records, newest first, and the latest (null when none). */
export interface YearsResponse {
  years: number[];
  latest: number | null;
}
