import { screening } from '@enlace/core';
import { z } from 'zod';

export const ConsentBody = z.strictObject({
  purpose: z.enum(screening.CONSENT_PURPOSES),
  action: z.enum(['granted', 'withdrawn']),
});
export const CaseParams = z.strictObject({ id: z.uuid() });
