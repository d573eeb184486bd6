import type { ApiResponse } from '../../api/types.ts';

export const CHANNELS = ['phone', 'chat', 'sms', 'whatsapp', 'email', 'web'] as const;
export const CALLER_TYPES = ['victim', 'family', 'witness', 'professional', 'other'] as const;
export const URGENCIES = ['critical', 'high', 'medium', 'low'] as const;
export const RISK_INDICATORS = [
  'immediate_danger',
  'minor_involved',
  'perpetrator_nearby',
  'injured',
  'locked_in',
  'documents_taken',
  'threats',
  'self_harm',
  'moving_across_border',
] as const;
export const TRAFFICKING = ['yes', 'unsure', 'no'] as const;
export const OUTCOMES = [
  'information',
  'referred',
  'case_opened',
  'case_linked',
  'transferred_us',
  'no_action',
] as const;
export const FORMS = [
  'sexual',
  'forced_labor',
  'servitude',
  'slavery',
  'forced_begging',
  'forced_criminality',
  'forced_marriage',
  'illegal_adoption',
  'organ_removal',
  'other',
] as const;

/** Wire types of the hotline API, generated from apps/server/src/api/hotline/schema.ts. */
export type ContactSummary = ApiResponse<'/api/hotline/contacts'>['items'][number];
export type Contact = ApiResponse<'/api/hotline/contacts/{id}'>;
export type ScreenResult = NonNullable<Contact['screen']>['result'];
export type DirectoryEntry = ApiResponse<'/api/hotline/directory'>['items'][number];
/** An entry of the inbox list; reading one adds the narrative, the note, the caller (with consent) and the screen. */
export type InboxItem = ApiResponse<'/api/hotline/inbox'>['items'][number];
export type InboxItemRead = ApiResponse<'/api/hotline/inbox/contacts/{id}'>;
export type Instrument = ApiResponse<'/api/hotline/screen'>;
/** One question of the short screen (packages/core/instruments/short-screen.v1.json). */
export type ScreenItem = Instrument['items'][number];
export type Overview = ApiResponse<'/api/hotline/overview'>;
export type Trends = ApiResponse<'/api/hotline/trends'>;
export type LinkableCase = ApiResponse<'/api/hotline/cases'>['items'][number];

/** The screen's skip logic as @enlace/core defines it (the API passes `showIf` as it is). */
export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | ({ item: string } & Record<string, unknown>);
