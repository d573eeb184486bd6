import type { ApiResponse } from '../../api/types.ts';

/** Wire types of the releases API, from the server's schemas (apps/web/src/api/types.ts). */
export type ReleaseSummary = ApiResponse<'/api/releases'>['items'][number];
export type ReleaseDetail = ApiResponse<'/api/releases/{id}'>;
export type ReleaseCell = ReleaseDetail['cells'][number];
export type ReleaseStatus = ReleaseSummary['status'];
export type Label = ReleaseCell['label'];

/** The public open-data page of a year (server-rendered, outside the app). */
export const publicPageUrl = (year: number, locale: string) => `/datos-abiertos/${year}?lang=${locale}`;
