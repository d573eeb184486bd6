import { REFERRAL_STATUSES, SERVICES } from '@enlace/core';
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

const nullableTime = z.string().nullable();
/**
 * A referral as its sender sees it. The provider's views (the received box, a read, an answer) carry no `caseId`
 * (the field is absent there).
 */
export const ReferralView = z.object({
  id: z.string(),
  caseId: z.string().optional(),
  fromAgencyId: z.string(),
  fromAgencyName: z.string().nullable(),
  toAgencyId: z.string(),
  toAgencyName: z.string().nullable(),
  providerId: z.string(),
  providerName: z.string().nullable(),
  services: z.array(z.string()),
  status: z.enum(REFERRAL_STATUSES),
  createdAt: z.string(),
  answeredAt: nullableTime,
  acceptedAt: nullableTime,
  declinedAt: nullableTime,
  declineReason: z.string().nullable(),
  firstServiceAt: nullableTime,
  completedAt: nullableTime,
  /** Hours from the referral to each step, null until the step happened. */
  timings: z.object({
    hoursToFirstAnswer: z.number().nullable(),
    hoursToAcceptance: z.number().nullable(),
    hoursToFirstService: z.number().nullable(),
    hoursToCompletion: z.number().nullable(),
  }),
  overdue: z.enum(['no_answer', 'no_first_service']).nullable(),
});
export const ReferralList = z.object({ items: z.array(ReferralView) });
/** A provider's read: only the fields a referral needs (read audited; stops when consent is withdrawn). */
export const ReferralRead = ReferralView.extend({
  person: z
    .object({
      givenNames: z.string().nullable(),
      sex: z.string().nullable(),
      approximateAge: z.number().nullable(),
      languages: z.array(z.string()),
      services: z.array(z.string()),
      municipality: z.string().nullable(),
    })
    .optional(),
});
/** A provider's answer; recording a service also returns the service (without the case id). */
export const ReferralAnswer = ReferralView.extend({
  service: z
    .object({
      id: z.string(),
      referralId: z.string().nullable(),
      providerAgencyId: z.string(),
      service: z.string(),
      startDate: z.string(),
      endDate: z.string().nullable(),
      funding: z.string(),
      recordedBy: z.string(),
    })
    .optional(),
});
