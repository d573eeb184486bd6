/**
 * Wire types of the report API (apps/server/src/api/report/schema.ts), generated from the server's schemas
 * (ApiResponse, openapi.gen.ts): this file only names them. Aggregates only, no personal data.
 */
import type { ApiResponse } from '../../api/types.ts';

/** Any JSON value: what a JSON answer's `unknown` fields hold. */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

type Dashboard = ApiResponse<'/api/report'>;
/**
 * `GET /api/report`: the figures of the year (`report`, annual-report.md), the two previous years (`previous`,
 * most recent first), by state, completeness, reviews pending and `freshness` (after a write the server answers
 * with the previous figures, `stale`, while it computes the current ones, `updating`). The annual report's
 * figures are an open JSON tree on the wire (`unknown` values): here they are read as the JSON they are.
 */
export type ReportResponse = Omit<Dashboard, 'report' | 'previous'> & {
  report: { [k: string]: Json };
  previous: { [k: string]: Json }[];
};
export type StateFigures = Dashboard['states'][number];
export type CompletenessRow = Dashboard['completeness'][number];
/** `GET /api/report/geometry`: the states' outlines for the map. */
export type GeometryResponse = ApiResponse<'/api/report/geometry'>;
/** `GET /api/report/records`: the caller's own records behind a figure. */
export type DrilldownResponse = ApiResponse<'/api/report/records'>;
/** `GET /api/report/years`: the years with records, newest first, and the latest (null when none). */
export type YearsResponse = ApiResponse<'/api/report/years'>;
