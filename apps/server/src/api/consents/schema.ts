import { screening } from '@enlace/core';
import { z } from 'zod';

/** How a consent was given; `emergency_override` is a supervisor's decision without it (justification required). */
export const CONSENT_METHODS = ['verbal', 'written', 'guardian', 'emergency_override'] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];
export const OVERRIDE_JUSTIFICATION_MIN = 20;

export const ConsentBody = z
  .strictObject({
    /** One purpose (the original form of this route) … */
    purpose: z.enum(screening.CONSENT_PURPOSES).optional(),
    /** … or several at once: one event per purpose, in one transaction. */
    purposes: z.array(z.enum(screening.CONSENT_PURPOSES)).min(1).max(5).optional(),
    action: z.enum(['granted', 'withdrawn']),
    /** How it was given (or withdrawn). Events recorded without it read "not recorded". */
    method: z.enum(CONSENT_METHODS).optional(),
    /** Who gave it when it was not the person: the guardian's name and relation to the person. */
    guardianName: z.string().trim().min(1).max(200).optional(),
    note: z.string().trim().max(1000).optional(),
    /** Why an emergency override was necessary (method `emergency_override`). */
    justification: z.string().trim().max(2000).optional(),
  })
  .refine((b) => (b.purpose === undefined) !== (b.purposes === undefined), {
    message: 'give either purpose or purposes',
    path: ['purposes'],
  })
  .refine((b) => b.method !== 'guardian' || b.guardianName !== undefined, {
    message: "a guardian's consent names the guardian",
    path: ['guardianName'],
  })
  .refine((b) => b.method !== 'emergency_override' || b.action === 'granted', {
    message: 'an emergency override can only grant',
    path: ['method'],
  })
  .refine(
    (b) => b.method !== 'emergency_override' || (b.justification?.length ?? 0) >= OVERRIDE_JUSTIFICATION_MIN,
    {
      message: `an emergency override needs a justification of at least ${OVERRIDE_JUSTIFICATION_MIN} characters`,
      path: ['justification'],
    },
  );
export type ConsentBody = z.infer<typeof ConsentBody>;
export const CaseParams = z.strictObject({ id: z.uuid() });

/** One recorded grant or withdrawal (`recordedBy` is the user's id). */
const ConsentEventView = z.object({
  id: z.number(),
  purpose: z.enum(screening.CONSENT_PURPOSES),
  action: z.enum(['granted', 'withdrawn']),
  at: z.string(),
  recordedBy: z.string(),
  method: z.enum(CONSENT_METHODS).nullable(),
});
/** POST answer: the first purpose's event, and every event recorded (one per purpose). */
export const RecordedConsent = ConsentEventView.extend({ events: z.array(ConsentEventView) });
/** GET answer: every event with who recorded it and its details (decrypted, audited), and the state per purpose now. */
export const ConsentList = z.object({
  events: z.array(
    ConsentEventView.extend({
      recordedByName: z.string().nullable(),
      guardianName: z.string().nullable(),
      note: z.string().nullable(),
      justification: z.string().nullable(),
    }),
  ),
  status: z.array(
    z.object({
      purpose: z.enum(screening.CONSENT_PURPOSES),
      state: z.enum(['granted', 'withdrawn', 'never_asked']),
      since: z.string().nullable(),
      recordedBy: z.string().nullable(),
    }),
  ),
});
