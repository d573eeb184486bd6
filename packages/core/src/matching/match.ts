/**
 * Provider matching: for a person's needs, which providers of the directory are eligible, ranked
 * with the reason for each rank, and which are excluded with every reason (no male places, no
 * Nahuatl speaker, full, too far ...). Distances are between INEGI municipality centroids.
 */
import { z } from 'zod';
import { isIso6393 } from '../codes.ts';
import { FORMS, type Form, SERVICES, SEXES, type ServiceKind, type Sex } from '../taxonomy.ts';
import { municipioDistanceKm } from './geo.ts';

export const MIGRATION_STATUSES = [
  'mexican_national',
  'regular',
  'irregular',
  'asylum_seeker',
  'refugee',
] as const;
export type MigrationStatus = (typeof MIGRATION_STATUSES)[number];

export const LanguageCode = z.string().max(3).refine(isIso6393, { message: 'not an ISO 639-3 code' });
export const MunicipioCode = z
  .string()
  .regex(/^(0[1-9]|[12]\d|3[0-2])\d{3}$/, 'a 5-digit INEGI municipality code');
export const StateCode = z.string().regex(/^(0[1-9]|[12]\d|3[0-2])$/);
export const CountryCode = z.string().regex(/^[A-Z]{3}$/);

export const Eligibility = z
  .object({
    /** Empty list = every value accepted. */
    sexes: z.array(z.enum(SEXES)).default([]),
    minAge: z.number().int().min(0).nullable().default(null),
    maxAge: z.number().int().min(0).nullable().default(null),
    forms: z.array(z.enum(FORMS)).default([]),
    nationalities: z.array(CountryCode).default([]),
    migrationStatuses: z.array(z.enum(MIGRATION_STATUSES)).default([]),
  })
  .strict();
export type Eligibility = z.infer<typeof Eligibility>;

export const ProviderProfile = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    services: z.array(z.enum(SERVICES)).min(1),
    eligibility: Eligibility,
    languages: z.array(LanguageCode).min(1),
    coverage: z
      .object({
        nationwide: z.boolean().default(false),
        states: z.array(StateCode).default([]),
        municipalities: z.array(MunicipioCode).default([]),
      })
      .strict(),
    /** Where the provider is (its address is never part of matching). */
    municipality: MunicipioCode.nullable(),
    /** Services given remotely (phone, online): distance does not exclude. */
    remote: z.boolean().default(false),
    /** Residential places; null when the provider has none. */
    capacity: z
      .object({ total: z.number().int().min(0), free: z.number().int().min(0) })
      .strict()
      .nullable(),
    acceptingReferrals: z.boolean().default(true),
  })
  .strict();
export type ProviderProfile = z.infer<typeof ProviderProfile>;

export const Needs = z
  .object({
    services: z.array(z.enum(SERVICES)).min(1),
    sex: z.enum(SEXES).nullable().default(null),
    age: z.number().int().min(0).max(120).nullable().default(null),
    forms: z.array(z.enum(FORMS)).default([]),
    nationality: CountryCode.nullable().default(null),
    migrationStatus: z.enum(MIGRATION_STATUSES).nullable().default(null),
    /** Languages the person speaks, preferred first. */
    languages: z.array(LanguageCode).default([]),
    municipality: MunicipioCode.nullable().default(null),
    maxDistanceKm: z.number().positive().default(250),
  })
  .strict();
export type Needs = z.infer<typeof Needs>;
export type NeedsInput = z.input<typeof Needs>;

export const EXCLUSION_CODES = [
  'not_accepting_referrals',
  'no_needed_service',
  'sex_not_served',
  'age_out_of_range',
  'form_not_served',
  'nationality_not_served',
  'migration_status_not_served',
  'no_common_language',
  'full',
  'outside_service_area',
  'too_far',
] as const;
export type ExclusionCode = (typeof EXCLUSION_CODES)[number];

export const RANK_REASON_CODES = [
  'offers_services',
  'missing_services',
  'speaks_first_language',
  'speaks_common_language',
  'distance_km',
  'distance_unknown',
  'remote_service',
  'free_places',
  'specialized_in_form',
] as const;
export type RankReasonCode = (typeof RANK_REASON_CODES)[number];

export type Params = Record<string, string | number | string[] | null>;
export interface Reason<C extends string> {
  code: C;
  params: Params;
}

export interface RankedProvider {
  providerId: string;
  rank: number;
  score: number;
  distanceKm: number | null;
  services: ServiceKind[];
  reasons: Reason<RankReasonCode>[];
}
export interface ExcludedProvider {
  providerId: string;
  distanceKm: number | null;
  reasons: Reason<ExclusionCode>[];
}
export interface MatchResult {
  ranked: RankedProvider[];
  excluded: ExcludedProvider[];
}

export type DistanceFn = (a: string, b: string) => number | null;

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Evaluates one provider: exclusion reasons (empty = eligible), score and rank reasons. */
export function evaluateProvider(
  p: ProviderProfile,
  needs: Needs,
  distance: DistanceFn = municipioDistanceKm,
): {
  excluded: Reason<ExclusionCode>[];
  score: number;
  reasons: Reason<RankReasonCode>[];
  distanceKm: number | null;
  services: ServiceKind[];
} {
  const ex: Reason<ExclusionCode>[] = [];
  const reasons: Reason<RankReasonCode>[] = [];
  let score = 0;
  const e = p.eligibility;

  if (!p.acceptingReferrals) ex.push({ code: 'not_accepting_referrals', params: {} });
  const offered = needs.services.filter((s) => p.services.includes(s));
  const missing = needs.services.filter((s) => !p.services.includes(s));
  if (offered.length === 0) ex.push({ code: 'no_needed_service', params: { needed: needs.services } });
  if (needs.sex !== null && e.sexes.length > 0 && !e.sexes.includes(needs.sex)) {
    ex.push({ code: 'sex_not_served', params: { sex: needs.sex, served: e.sexes } });
  }
  if (
    needs.age !== null &&
    ((e.minAge !== null && needs.age < e.minAge) || (e.maxAge !== null && needs.age > e.maxAge))
  ) {
    ex.push({ code: 'age_out_of_range', params: { age: needs.age, minAge: e.minAge, maxAge: e.maxAge } });
  }
  const formsServed =
    e.forms.length === 0 || needs.forms.length === 0 || needs.forms.some((f) => e.forms.includes(f));
  if (!formsServed) ex.push({ code: 'form_not_served', params: { forms: needs.forms, served: e.forms } });
  if (
    needs.nationality !== null &&
    e.nationalities.length > 0 &&
    !e.nationalities.includes(needs.nationality)
  ) {
    ex.push({ code: 'nationality_not_served', params: { nationality: needs.nationality } });
  }
  if (
    needs.migrationStatus !== null &&
    e.migrationStatuses.length > 0 &&
    !e.migrationStatuses.includes(needs.migrationStatus)
  ) {
    ex.push({ code: 'migration_status_not_served', params: { migrationStatus: needs.migrationStatus } });
  }
  const common = needs.languages.filter((l) => p.languages.includes(l));
  if (needs.languages.length > 0 && common.length === 0) {
    ex.push({ code: 'no_common_language', params: { languages: needs.languages } });
  }
  if (
    needs.services.includes('shelter') &&
    p.services.includes('shelter') &&
    (p.capacity === null || p.capacity.free <= 0)
  ) {
    ex.push({ code: 'full', params: { total: p.capacity?.total ?? 0, free: 0 } });
  }

  let km: number | null = null;
  if (needs.municipality !== null) {
    const state = needs.municipality.slice(0, 2);
    const covered =
      p.coverage.nationwide ||
      p.coverage.municipalities.includes(needs.municipality) ||
      p.coverage.states.includes(state);
    if (!covered) ex.push({ code: 'outside_service_area', params: { municipality: needs.municipality } });
    km = p.municipality !== null ? distance(needs.municipality, p.municipality) : null;
    if (km !== null) km = round1(km);
    if (km !== null && km > needs.maxDistanceKm && !p.remote) {
      ex.push({ code: 'too_far', params: { km, maxKm: needs.maxDistanceKm } });
    }
  }

  // Ranking (only meaningful when eligible).
  score += Math.round((50 * offered.length) / needs.services.length);
  reasons.push({ code: 'offers_services', params: { services: offered } });
  if (missing.length > 0) reasons.push({ code: 'missing_services', params: { services: missing } });
  const first = needs.languages[0];
  if (first !== undefined && p.languages.includes(first)) {
    score += 20;
    reasons.push({ code: 'speaks_first_language', params: { language: first } });
  } else if (common.length > 0) {
    score += 10;
    reasons.push({ code: 'speaks_common_language', params: { languages: common } });
  }
  if (p.remote) {
    score += 10;
    reasons.push({ code: 'remote_service', params: {} });
  }
  if (km !== null) {
    score += Math.max(0, Math.round(20 * (1 - km / needs.maxDistanceKm)));
    reasons.push({ code: 'distance_km', params: { km } });
  } else if (needs.municipality !== null) {
    reasons.push({ code: 'distance_unknown', params: {} });
  }
  if (needs.services.includes('shelter') && p.capacity !== null && p.capacity.free > 0) {
    score += Math.min(10, p.capacity.free);
    reasons.push({ code: 'free_places', params: { free: p.capacity.free } });
  }
  if (e.forms.length > 0 && needs.forms.some((f) => e.forms.includes(f))) {
    score += 5;
    reasons.push({
      code: 'specialized_in_form',
      params: { forms: needs.forms.filter((f) => e.forms.includes(f)) },
    });
  }
  return { excluded: ex, score, reasons, distanceKm: km, services: offered };
}

/** Ranks eligible providers (best first) and lists the excluded ones with every reason. */
export function matchProviders(
  providers: readonly ProviderProfile[],
  needsInput: NeedsInput,
  distance: DistanceFn = municipioDistanceKm,
): MatchResult {
  const needs = Needs.parse(needsInput);
  const ranked: Omit<RankedProvider, 'rank'>[] = [];
  const excluded: ExcludedProvider[] = [];
  for (const p of providers) {
    const r = evaluateProvider(p, needs, distance);
    if (r.excluded.length > 0)
      excluded.push({ providerId: p.id, distanceKm: r.distanceKm, reasons: r.excluded });
    else
      ranked.push({
        providerId: p.id,
        score: r.score,
        distanceKm: r.distanceKm,
        services: r.services,
        reasons: r.reasons,
      });
  }
  ranked.sort(
    (a, b) =>
      b.score - a.score ||
      (a.distanceKm ?? Number.POSITIVE_INFINITY) - (b.distanceKm ?? Number.POSITIVE_INFINITY) ||
      (a.providerId < b.providerId ? -1 : a.providerId > b.providerId ? 1 : 0),
  );
  excluded.sort((a, b) => (a.providerId < b.providerId ? -1 : a.providerId > b.providerId ? 1 : 0));
  return { ranked: ranked.map((r, i) => ({ ...r, rank: i + 1 })), excluded };
}

export type { Form, Sex };
