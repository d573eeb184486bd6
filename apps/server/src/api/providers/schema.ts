import { FORMS, SERVICES, SEXES } from '@enlace/core';
import {
  Eligibility,
  LanguageCode,
  MIGRATION_STATUSES,
  MunicipioCode,
  StateCode,
} from '@enlace/core/matching/match';
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

/** A directory entry as everyone reads it: never the address. */
export const ProviderView = z.object({
  id: z.string(),
  agencyId: z.string(),
  name: z.string(),
  services: z.array(z.enum(SERVICES)),
  eligibility: z.object({
    sexes: z.array(z.enum(SEXES)),
    minAge: z.number().nullable(),
    maxAge: z.number().nullable(),
    forms: z.array(z.enum(FORMS)),
    nationalities: z.array(z.string()),
    migrationStatuses: z.array(z.enum(MIGRATION_STATUSES)),
  }),
  languages: z.array(z.string()),
  coverage: z.object({
    nationwide: z.boolean(),
    states: z.array(z.string()),
    municipalities: z.array(z.string()),
  }),
  municipality: z.string().nullable(),
  remote: z.boolean(),
  capacity: z.object({ total: z.number(), free: z.number() }).nullable(),
  acceptingReferrals: z.boolean(),
  referralContact: z.string(),
  updatedAt: z.string(),
});
export const ProviderList = z.object({ items: z.array(ProviderView) });
/**
 * One entry: `address` only for the provider's own serving staff and a caseworker whose referral it accepted
 * (absent otherwise; null on the provider's own entry when it gave none or the reader may not see it).
 */
export const ProviderDetail = ProviderView.extend({ address: z.string().nullable().optional() });

/** Why a provider ranks where it does, or is left out: a code and the values its message shows. */
const MatchReason = z.object({
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string()), z.null()])),
});
/**
 * The eligible providers ranked for the case's needs (each with its directory entry, never the address) and the
 * others with the reasons they were left out.
 */
export const MatchResult = z.object({
  /** The needs the ranking used (from the case, or the services asked for). */
  needs: z.object({
    services: z.array(z.enum(SERVICES)),
    sex: z.string().nullable(),
    age: z.number().nullable(),
    forms: z.array(z.string()),
    nationality: z.string().nullable(),
    migrationStatus: z.string().nullable(),
    languages: z.array(z.string()),
    municipality: z.string().nullable(),
    maxDistanceKm: z.number(),
  }),
  ranked: z.array(
    z.object({
      providerId: z.string(),
      rank: z.number(),
      score: z.number(),
      distanceKm: z.number().nullable(),
      services: z.array(z.enum(SERVICES)),
      reasons: z.array(MatchReason),
      provider: ProviderView,
    }),
  ),
  excluded: z.array(
    z.object({
      providerId: z.string(),
      name: z.string(),
      distanceKm: z.number().nullable(),
      reasons: z.array(MatchReason),
    }),
  ),
});
