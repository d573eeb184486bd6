export type ReleaseStatus = 'prepared' | 'published' | 'discarded' | 'superseded';
export type Label = { 'es-MX': string; 'en-US': string };

export interface ReleaseSummary {
  id: string;
  year: number;
  k: number;
  epsilon: number | null;
  status: ReleaseStatus;
  preparedBy: { id: string; name: string };
  preparedAt: string;
  approvedBy: { id: string; name: string } | null;
  publishedAt: string | null;
  closedAt: string | null;
  primarySuppressed: number;
  complementarySuppressed: number;
  mayApprove: boolean;
}

export interface ReleaseCell {
  key: string;
  label: Label;
  value: number | null;
  reason: null | {
    kind: 'primary' | 'complementary';
    protects?: string;
    protectsLabel?: Label;
    relation?: string;
  };
}

export interface ReleaseDetail extends ReleaseSummary {
  cells: ReleaseCell[];
  amounts: Record<string, number | null>;
  countries: string[];
  countriesWithheld: number;
  relations: number;
}

/** The public open-data page of a year (server-rendered, outside the app). */
export const publicPageUrl = (year: number, locale: string) => `/datos-abiertos/${year}?lang=${locale}`;
