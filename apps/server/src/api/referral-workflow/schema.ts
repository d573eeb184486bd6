import { SERVICES } from '@enlace/core';
import { z } from 'zod';

export const CreateReferralBody = z.strictObject({
  caseId: z.uuid(),
  providerId: z.uuid(),
  services: z.array(z.enum(SERVICES)).min(1),
});
export const IdParams = z.strictObject({ id: z.uuid() });
export const DeclineBody = z.strictObject({ reason: z.string().trim().min(3).max(1000) });
export const ListQuery = z.strictObject({ box: z.enum(['sent', 'received']).default('sent') });
export const ProviderServiceBody = z
  .strictObject({
    service: z.enum(SERVICES),
    startDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    endDate: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .nullable()
      .default(null),
    funding: z.enum(['federal', 'state', 'municipal', 'ngo', 'international', 'private', 'other']),
  })
  .refine((s) => s.endDate === null || s.endDate >= s.startDate, {
    message: 'endDate precedes startDate',
    path: ['endDate'],
  });
