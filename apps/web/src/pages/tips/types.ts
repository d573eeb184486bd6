export const TIP_CATEGORIES = ['sexual', 'labor', 'begging', 'child', 'marriage', 'other'] as const;
export const TIP_STATUSES = ['new', 'in_review', 'referred', 'closed', 'spam'] as const;
/** Languages offered on the public form (ISO 639-3); the server accepts any three-letter code. */
export const TIP_LANGUAGES = ['spa', 'eng', 'nah', 'yua', 'tzh', 'tzo', 'mix', 'zap', 'oto', 'maz'] as const;

export type TipStatus = (typeof TIP_STATUSES)[number];

export interface TipSummary {
  id: string;
  folio: string;
  receivedAt: string;
  category: string;
  stateCode: string | null;
  language: string;
  urgent: boolean;
  status: TipStatus;
  referredToAgencyId: string | null;
}

export interface Tip extends TipSummary {
  description: string;
  contact: string | null;
  /** What the reporter added later through /denuncia/seguimiento. */
  additions?: { addedAt: string; text: string; contact: string | null }[];
}
