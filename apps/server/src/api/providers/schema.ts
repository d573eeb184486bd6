import { SERVICES } from '@enlace/core';
import { Eligibility, LanguageCode, MunicipioCode, StateCode } from '@enlace/core/matching/match';
import { z } from 'zod';

export const ProviderBody = z.strictObject({
  name: z.string().trim().min(1).max(300),
  services: z.array(z.enum(SERVICES)).min(1),
  eligibility: Eligibility.default({
    sexes: [],
    minAge: null,
    maxAge: null,
    forms: [],
    nationalities: [],
    migrationStatuses: [],
  }),
  languages: z.array(LanguageCode).min(1),
  coverage: z.strictObject({
    nationwide: z.boolean().default(false),
    states: z.array(StateCode).default([]),
    municipalities: z.array(MunicipioCode).default([]),
  }),
  municipality: MunicipioCode.nullable(),
  remote: z.boolean().default(false),
  capacity: z
    .strictObject({ total: z.number().int().min(0), free: z.number().int().min(0) })
    .refine((c) => c.free <= c.total, { message: 'free places exceed total', path: ['free'] })
    .nullable()
    .default(null),
  acceptingReferrals: z.boolean().default(true),
  /** How to reach the provider's intake desk (not a person's data). */
  referralContact: z.string().trim().min(1).max(300),
  /** A shelter's address: never in lists or exports. */
  address: z.string().trim().max(500).nullable().default(null),
});
export type ProviderBody = z.infer<typeof ProviderBody>;

export const CapacityBody = z.strictObject({ free: z.number().int().min(0) });
export const IdParams = z.strictObject({ id: z.uuid() });
export const ListQuery = z.strictObject({
  service: z.enum(SERVICES).optional(),
  stateCode: StateCode.optional(),
});
export const MatchBody = z.strictObject({
  caseId: z.uuid(),
  services: z.array(z.enum(SERVICES)).min(1).optional(),
  maxDistanceKm: z.number().positive().max(5000).optional(),
});
