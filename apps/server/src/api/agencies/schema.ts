import { AGENCY_KINDS, AGENCY_LEVELS } from '@enlace/core';
import { z } from 'zod';

export const Agency = z.object({
  id: z.string(),
  name: z.string(),
  level: z.enum(AGENCY_LEVELS),
  kind: z.enum(AGENCY_KINDS),
  stateCode: z.string().nullable(),
  country: z.string(),
});
export type Agency = z.infer<typeof Agency>;

const AgencyFields = z.strictObject({
  name: z.string().trim().min(1).max(300),
  level: z.enum(AGENCY_LEVELS),
  kind: z.enum(AGENCY_KINDS),
  stateCode: z
    .string()
    .regex(/^(0[1-9]|[12]\d|3[0-2])$/, 'INEGI state code 01-32')
    .nullable()
    .default(null),
  country: z
    .string()
    .regex(/^[A-Z]{3}$/, 'ISO 3166-1 alpha-3')
    .default('MEX'),
});
const stateRule = {
  message: 'stateCode is required for state and municipal agencies and must be empty otherwise',
  path: ['stateCode'],
};
const stateCodeFits = (a: { level: string; stateCode: string | null }) =>
  (a.level === 'state' || a.level === 'municipal') === (a.stateCode !== null);

/** Body of PUT /api/agencies/:id (the id is in the path). */
export const AgencyBody = AgencyFields.refine(stateCodeFits, stateRule);
export const AgencyInput = AgencyFields.extend({
  id: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[\w.\-/]+$/, 'letters, digits, . _ - / only'),
}).refine(stateCodeFits, stateRule);
export type AgencyInput = z.infer<typeof AgencyInput>;

export const AgencyList = z.object({ items: z.array(Agency), total: z.number().int() });
export const ListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
  q: z.string().max(100).optional(),
  level: z.enum(AGENCY_LEVELS).optional(),
  stateCode: z
    .string()
    .regex(/^\d{2}$/)
    .optional(),
});
export const IdParams = z.strictObject({
  id: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[\w.\-/]+$/, 'letters, digits, . _ - / only'),
});
