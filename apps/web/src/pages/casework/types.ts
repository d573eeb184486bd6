/**
 * Wire types of the case-work API (apps/server/src/api/{screenings,cases,consents,providers,referral-workflow}),
 * generated from the server's schemas (ApiResponse): this file only names them.
 */
import type { ApiResponse } from '../../api/types.ts';

/** `GET /api/instruments/:id/:version`: one version of a screening instrument (apps/server/src/api/screenings/schema.ts). */
export type Instrument = ApiResponse<'/api/instruments/{id}/{version}'>;
export type InstrumentItem = Instrument['items'][number];
/** A text in both languages of the app. */
export type Text = Instrument['title'];
/** A screening: answers so far, the next item, the result (apps/server/src/api/screenings/schema.ts). */
export type ScreeningView = ApiResponse<'/api/screenings/{id}'>;
export type Finding = ScreeningView['result']['indicators'][number];
/** `GET /api/cases` items: list fields only (apps/server/src/api/cases/schema.ts). */
export type CaseListItem = ApiResponse<'/api/cases'>['items'][number];
/** `GET /api/cases/:id`: the case and its screenings (apps/server/src/api/cases/schema.ts). */
export type CaseView = ApiResponse<'/api/cases/{id}'>;
export type ScreeningSummary = CaseView['screenings'][number];
export type Person = CaseView['person'];
export type Perpetrator = CaseView['perpetrators'][number];
export type TimelineEntry = CaseView['timeline'][number];
export type SupportPlan = CaseView['plan'];
export type PlanGoal = SupportPlan['goals'][number];
export type PlanTask = PlanGoal['tasks'][number];
export type FollowUp = SupportPlan['followUps'][number];
/** `GET /api/cases/:id/consents` (apps/server/src/api/consents/schema.ts). */
export type ConsentList = ApiResponse<'/api/cases/{id}/consents'>;
export type ConsentEvent = ConsentList['events'][number];
/** A service delivered (`GET /api/cases/:id/services` items, apps/server/src/api/cases/schema.ts). */
export type ServiceRow = ApiResponse<'/api/cases/{id}/services'>['items'][number];
/** `GET /api/cases/:id/restitution` (apps/server/src/api/cases/schema.ts). */
export type Restitution = ApiResponse<'/api/cases/{id}/restitution'>;
export type ConsentState = ConsentList['status'][number];
export interface Reason {
  code: string;
  params: Record<string, unknown>;
}
/** A directory entry (`GET /api/providers/:id`, apps/server/src/api/providers/schema.ts): the address only for those who may see it. */
export type Provider = ApiResponse<'/api/providers/{id}'>;
/** Providers ranked for a case's needs, and those left out with why (apps/server/src/api/providers/schema.ts). */
export type MatchResult = ApiResponse<'/api/providers/match', 'post'>;
/**
 * A referral (apps/server/src/api/referral-workflow/schema.ts): as its sender reads it, or as the provider does
 * (no `caseId`; `person` holds only the fields a referral needs).
 */
export type Referral = ApiResponse<'/api/case-referrals/{id}'>;
/** One change in a case's history (`GET /api/cases/:id/history`, apps/server/src/api/cases/schema.ts). */
export type HistoryEntry = ApiResponse<'/api/cases/{id}/history'>['items'][number];

/** The services a victim may get, and how one was paid for: the server's lists (@enlace/core/taxonomy). */
export { FUNDING, SERVICES } from '@enlace/core/taxonomy';
export const PURPOSES = ['referral', 'cross_border', 'contact', 'statistics', 'transfer'] as const;

export function pick(text: Text, language: string): string {
  return language.startsWith('en') ? text.en : text.es;
}

/** Reason params as translation values (lists joined). */
export function params(p: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(p))
    out[k] = Array.isArray(v) ? v.join(', ') : v === null ? '—' : String(v);
  return out;
}
