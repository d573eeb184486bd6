import { z } from 'zod';

const Optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .default(null);

/** The contact other agencies see on a case transfer: an office, an institutional e-mail and telephone. */
export const AgencySettingsBody = z.strictObject({
  contactName: Optional(200),
  contactEmail: z
    .union([z.literal(''), z.email().max(200)])
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .default(null),
  contactPhone: Optional(40),
});
export type AgencySettingsBody = z.infer<typeof AgencySettingsBody>;

export const AgencySettings = z.object({
  agencyId: z.string(),
  agencyName: z.string(),
  level: z.string(),
  kind: z.string(),
  stateCode: z.string().nullable(),
  contactName: z.string().nullable(),
  contactEmail: z.string().nullable(),
  contactPhone: z.string().nullable(),
  updatedAt: z.string().nullable(),
  updatedByName: z.string().nullable(),
});
export type AgencySettings = z.infer<typeof AgencySettings>;
