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

export interface ContactSummary {
  id: string;
  ref: string;
  channel: string;
  status: 'open' | 'closed';
  callerType: string | null;
  language: string | null;
  stateCode: string | null;
  municipality: string | null;
  urgency: string;
  riskIndicators: string[];
  trafficking: string;
  primaryForm: string | null;
  outcome: string | null;
  operator: { id: string; name: string } | null;
  referral: {
    toAgencyId: string;
    toAgencyName: string;
    status: string | null;
    referredAt: string | null;
    note?: string;
    declineReason?: string | null;
    caseOpened?: boolean;
  } | null;
  screenRecommendation: string | null;
  openTasks: number;
  nextDue: string | null;
  lastInbound: string | null;
  receivedAt: string;
  closedAt: string | null;
}

export interface ScreenResult {
  recommendation: string;
  indicators: { indicator: string; strength: string }[];
  flags: { flag: string }[];
}

export interface Contact extends ContactSummary {
  recordId: string;
  callerName: string;
  callerContact: string;
  narrative: string;
  crossBorder: boolean;
  consentShare: boolean;
  consentCrossBorder: boolean;
  screen: { answers: Record<string, unknown>; result: ScreenResult } | null;
  caseId: string | null;
  packetId: string | null;
  hasThread: boolean;
  messages: {
    id: string;
    direction: 'in' | 'out';
    body: string;
    status: string;
    statusDetail: string | null;
    sentBy: string | null;
    at: string;
  }[];
  tasks: { id: string; title: string; dueAt: string; doneAt: string | null; createdBy: string | null }[];
}

export interface DirectoryEntry {
  kind: 'prosecutor' | 'provider' | 'partner';
  agencyId: string;
  name: string;
  stateCode: string | null;
  country: string;
  services: string[];
  languages: string[];
  nationwide: boolean;
  states: string[];
  remote: boolean;
  acceptingReferrals: boolean;
  freePlaces: number | null;
  referralContact: string | null;
}

export interface InboxItem {
  kind: 'contact' | 'tip';
  id: string;
  ref: string;
  fromAgencyName: string;
  channel: string;
  urgency: string;
  riskIndicators: string[];
  callerType: string | null;
  language: string | null;
  stateCode: string | null;
  municipality: string | null;
  primaryForm: string | null;
  category?: string;
  status: string;
  referredAt: string | null;
  caseId: string | null;
  declineReason: string | null;
  narrative?: string;
  note?: string;
  consentShare?: boolean;
  callerName?: string | null;
  callerContact?: string | null;
  screen?: {
    recommendation: string;
    indicators: { indicator: string; strength: string }[];
    flags: string[];
  } | null;
}

/** One question of the short screen (packages/core/instruments/short-screen.v1.json). */
export interface ScreenItem {
  id: string;
  type: 'yes_no' | 'single_choice' | 'multi_choice' | 'number' | 'text' | 'date';
  text: { es: string; en: string };
  help?: { es: string; en: string };
  options?: { value: string; label: { es: string; en: string } }[];
  min?: number;
  max?: number;
  showIf?: Condition;
}
export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | ({ item: string } & Record<string, unknown>);

export interface Instrument {
  id: string;
  title: { es: string; en: string };
  intro: { es: string; en: string };
  items: ScreenItem[];
}
