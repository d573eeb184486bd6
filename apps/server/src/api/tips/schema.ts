import { z } from 'zod';

export const TIP_CATEGORIES = ['sexual', 'labor', 'begging', 'child', 'marriage', 'other'] as const;
export const TIP_STATUSES = ['new', 'in_review', 'referred', 'closed', 'spam'] as const;

/** What the public form sends. No account, no name required. */
export const TipBody = z.strictObject({
  category: z.enum(TIP_CATEGORIES),
  description: z.string().trim().min(10, 'at least 10 characters').max(5000),
  stateCode: z
    .string()
    .regex(/^(0[1-9]|[12]\d|3[0-2])$/, 'INEGI state code 01-32')
    .optional(),
  language: z
    .string()
    .regex(/^[a-z]{3}$/, 'ISO 639-3 code')
    .default('spa'),
  urgent: z.boolean().default(false),
  contact: z.string().trim().max(300).optional(),
  /** Honeypot: people never see this field; bots fill it. */
  website: z.string().max(0, 'must be empty').optional(),
});

export const TipReceipt = z.object({ folio: z.string() });

export const Tip = z.object({
  id: z.string(),
  folio: z.string(),
  receivedAt: z.string(),
  agencyId: z.string(),
  category: z.enum(TIP_CATEGORIES),
  stateCode: z.string().nullable(),
  language: z.string(),
  urgent: z.boolean(),
  description: z.string(),
  contact: z.string().nullable(),
  status: z.enum(TIP_STATUSES),
  referredToAgencyId: z.string().nullable(),
  /** Information the person added later with the folio and follow-up key (public/followup.ts). */
  additions: z
    .array(z.object({ addedAt: z.string(), text: z.string(), contact: z.string().nullable() }))
    .optional(),
});
export type Tip = z.infer<typeof Tip>;

export const TipSummary = Tip.omit({ description: true, contact: true, additions: true });
export const TipList = z.object({ items: z.array(TipSummary), total: z.number() });
export const ListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
  status: z.enum(TIP_STATUSES).optional(),
});
export const UpdateTipBody = z.strictObject({
  status: z.enum(TIP_STATUSES),
  referredToAgencyId: z.string().min(1).max(64).optional(),
});
export const IdParams = z.strictObject({ id: z.uuid() });
