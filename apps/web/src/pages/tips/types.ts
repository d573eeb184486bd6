import type { ApiResponse } from '../../api/types.ts';

export const TIP_CATEGORIES = ['sexual', 'labor', 'begging', 'child', 'marriage', 'other'] as const;
export const TIP_STATUSES = ['new', 'in_review', 'referred', 'closed', 'spam'] as const;
/** Languages offered on the public form (ISO 639-3); the server accepts any three-letter code. */
export const TIP_LANGUAGES = ['spa', 'eng', 'nah', 'yua', 'tzh', 'tzo', 'mix', 'zap', 'oto', 'maz'] as const;

/** Wire types of the tips API, from the server's schemas (apps/web/src/api/types.ts). */
export type TipSummary = ApiResponse<'/api/tips'>['items'][number];
export type Tip = ApiResponse<'/api/tips/{id}'>;
export type TipStatus = TipSummary['status'];
