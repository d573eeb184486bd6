/**
 * Wire types of the case-work API (apps/server/src/api/{screenings,cases,consents,providers,referral-workflow}):
 * generated from the server's schemas where its routes declare a response (ApiResponse), by hand for the others.
 */
import type { ApiResponse } from '../../api/types.ts';

export interface Text {
  es: string;
  en: string;
}
export interface InstrumentItem {
  id: string;
  type: 'yes_no' | 'single_choice' | 'multi_choice' | 'number' | 'text' | 'date';
  text: Text;
  help?: Text;
  options?: { value: string; label: Text }[];
  min?: number;
  max?: number;
}
export interface Instrument {
  id: string;
  version: string;
  title: Text;
  intro: Text;
  closing: Text;
  items: InstrumentItem[];
}
export interface Finding {
  indicator: string;
  strength: 'strong' | 'medium';
  evidence: { itemId: string; reason: Text }[];
}
export interface ScreeningView {
  id: string;
  caseId: string | null;
  instrument: { id: string; version: string };
  status: 'in_progress' | 'completed';
  answers: Record<string, unknown>;
  nextItemId: string | null;
  progress: { answered: number; shown: number };
  result: {
    recommendation: 'refer_for_assessment' | 'no_indicators_found';
    indicators: Finding[];
    flags: { flag: string; reason: Text }[];
  };
}
export interface CaseListItem {
  id: string;
  status: string;
  displayName: string | null;
  sex: string | null;
  needs: string[];
  updatedAt: string;
}
export interface Person {
  givenNames?: string;
  surname1?: string;
  surname2?: string;
  birthDate?: string;
  approximateAge?: number;
  approximateAgeOn?: string;
  sex?: string;
  nationality?: string;
  curp?: string;
  indigenous?: boolean;
  languages?: string[];
  lgbtqi?: boolean;
  disability?: boolean;
  phone?: string;
  email?: string;
  address?: string;
  migrationStatus?: string;
}
export interface Perpetrator {
  name?: string;
  alias?: string;
  role?: string;
  relation?: string;
  description?: string;
}
export interface TimelineEntry {
  phase: string;
  from?: string;
  to?: string;
  place?: string;
  municipality?: string;
  country?: string;
  description?: string;
}
export interface PlanTask {
  id: string;
  title: string;
  dueDate: string | null;
  done: boolean;
  doneOn: string | null;
}
export interface PlanGoal {
  id: string;
  title: string;
  status: 'open' | 'achieved' | 'dropped';
  tasks: PlanTask[];
}
export interface FollowUp {
  id: string;
  date: string;
  note: string;
  done: boolean;
}
export interface SupportPlan {
  goals: PlanGoal[];
  followUps: FollowUp[];
  changedBy?: string | null;
  approvedBy?: string | null;
  approvedByName?: string | null;
  approvedAt?: string | null;
}
export interface ScreeningSummary {
  id: string;
  instrument: { id: string; version: string };
  status: string;
  updatedAt: string;
  recommendation: string | null;
  indicators: { indicator: string; strength: string }[];
  flags: string[];
  meansOfControl: string[];
}
export interface CaseView {
  id: string;
  status: string;
  closureReason: string | null;
  person: Person;
  identification: { primaryForm?: string; meansOfControl?: string[]; sector?: string };
  perpetrators: Perpetrator[];
  timeline: TimelineEntry[];
  plan: SupportPlan;
  needs: string[];
  municipality: string | null;
  notes: string;
  supportPlan: string;
  createdAt: string;
  screenings?: ScreeningSummary[];
}
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
