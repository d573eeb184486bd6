import * as matching from '@enlace/core/matching';
import { audit } from '../../audit/service.ts';
import { AppError, notFound } from '../../errors.ts';
import type { Role } from '../../security/permissions.ts';
import { personAge } from '../cases/age.ts';
import { decJson, encJson } from '../cases/crypto-json.ts';
import { type Ctx, caseInScope, toView } from '../cases/service.ts';
import * as repo from './repository.ts';
import type { ProviderBody } from './schema.ts';

/** The table, also the context its encrypted fields are bound to (`table.column`). */
const PROVIDERS_TABLE = 'cw_providers';

function profileOf(r: repo.ProviderRow): matching.ProviderProfile {
  const p = r.profile as Omit<matching.ProviderProfile, 'id' | 'name' | 'capacity'>;
  return {
    ...p,
    id: r.id,
    name: r.name,
    capacity: r.places_total === null ? null : { total: r.places_total, free: r.places_free ?? 0 },
  };
}

/** The public view of a provider: never the address. */
export function publicView(r: repo.ProviderRow) {
  const p = profileOf(r);
  return {
    id: r.id,
    agencyId: r.agency_id,
    name: r.name,
    services: p.services,
    eligibility: p.eligibility,
    languages: p.languages,
    coverage: p.coverage,
    municipality: p.municipality,
    remote: p.remote,
    capacity: p.capacity,
    acceptingReferrals: p.acceptingReferrals,
    referralContact: r.referral_contact,
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

export async function listProviders(
  ctx: Ctx,
  f: { service?: string | undefined; stateCode?: string | undefined },
) {
  const rows = await repo.listProviders(ctx.db, f);
  return { items: rows.map(publicView) };
}

/** Staff of a shelter who serve (answer referrals, keep the listing) see its confidential address; its analysts do not. */
const ADDRESS_ROLES: readonly Role[] = ['service_provider', 'supervisor', 'agency_admin'];

/**
 * One provider. The address is shown only to the provider's own staff and to a caseworker whose
 * referral this provider accepted.
 */
export async function getProvider(ctx: Ctx, id: string) {
  const r = await repo.getProvider(ctx.db, id);
  if (!r) throw notFound('Provider');
  const u = ctx.user!;
  const mayAddress =
    r.address_enc !== null &&
    ((u.agencyId === r.agency_id && ADDRESS_ROLES.includes(u.role)) ||
      (await repo.userHasAcceptedReferral(ctx.db, u.id, r.id)));
  if (mayAddress) {
    await audit(ctx, { action: 'read', resource: 'providers', resourceId: id, fields: ['address'] });
    return { ...publicView(r), address: decJson<string>(PROVIDERS_TABLE, 'address_enc', r.address_enc) };
  }
  return publicView(r);
}

/**
 * My agency's own listing (for its page): the address for its serving staff, audited like the detail.
 * 404 while the agency has none.
 */
export async function getMyProvider(ctx: Ctx) {
  const u = ctx.user!;
  const r = await repo.getProviderByAgency(ctx.db, u.agencyId);
  if (!r) throw notFound('Provider');
  if (r.address_enc !== null && ADDRESS_ROLES.includes(u.role)) {
    await audit(ctx, { action: 'read', resource: 'providers', resourceId: r.id, fields: ['address'] });
    return { ...publicView(r), address: decJson<string>(PROVIDERS_TABLE, 'address_enc', r.address_enc) };
  }
  return { ...publicView(r), address: null };
}

export async function putMyProvider(ctx: Ctx, body: ProviderBody) {
  const u = ctx.user!;
  const { name, capacity, referralContact, address, ...profile } = body;
  if (profile.services.includes('shelter') && capacity === null) {
    throw new AppError('capacity_required', 'A shelter states its places (total and free)', {
      status: 400,
      details: [{ field: 'capacity' }],
    });
  }
  return ctx.db.transaction(async (tx) => {
    const row = await repo.upsertProvider(tx, {
      agencyId: u.agencyId,
      name,
      profile,
      total: capacity?.total ?? null,
      free: capacity?.free ?? null,
      contact: referralContact,
      addressEnc: address ? encJson(PROVIDERS_TABLE, 'address_enc', address) : null,
    });
    await audit(
      ctx,
      {
        action: 'update',
        resource: 'providers',
        resourceId: row.id,
        fields: address ? ['profile', 'address'] : ['profile'],
      },
      tx,
    );
    return { ...publicView(row), address };
  });
}

export async function setMyFreePlaces(ctx: Ctx, free: number) {
  const ok = await repo.setFreePlaces(ctx.db, ctx.user!.agencyId, free);
  if (!ok)
    throw new AppError(
      'invalid_capacity',
      'No residential entry for your agency, or more free places than total',
      { status: 409 },
    );
  const row = await repo.getProviderByAgency(ctx.db, ctx.user!.agencyId);
  return publicView(row!);
}

/** Needs of a case, for matching. */
export function needsOfCase(
  c: ReturnType<typeof toView>,
  services?: string[],
  maxDistanceKm?: number,
): matching.NeedsInput {
  const forms = [c.identification.primaryForm, ...(c.identification.otherForms ?? [])].filter(
    (f): f is NonNullable<typeof f> => !!f && f !== 'unspecified',
  );
  return {
    services: (services ?? c.needs) as matching.NeedsInput['services'],
    sex: c.person.sex ?? null,
    age: personAge(c.person),
    forms,
    nationality: c.person.nationality ?? null,
    migrationStatus: c.person.migrationStatus ?? null,
    languages: c.person.languages ?? [],
    municipality: c.municipality,
    ...(maxDistanceKm ? { maxDistanceKm } : {}),
  };
}

export async function matchForCase(
  ctx: Ctx,
  body: { caseId: string; services?: string[] | undefined; maxDistanceKm?: number | undefined },
) {
  const c = toView(await caseInScope(ctx, body.caseId));
  const needs = needsOfCase(c, body.services, body.maxDistanceKm);
  if (needs.services.length === 0) {
    throw new AppError('no_needs', 'Say which services the person needs (case needs or services)', {
      status: 400,
      details: [{ field: 'services' }],
    });
  }
  const rows = await repo.listProviders(ctx.db);
  const result = matching.matchProviders(rows.map(profileOf), needs);
  await audit(ctx, {
    action: 'read',
    resource: 'cases',
    resourceId: body.caseId,
    fields: ['sex', 'birth_date', 'languages', 'municipality'],
    justification: 'provider matching',
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return {
    needs: matching.Needs.parse(needs),
    ranked: result.ranked.map((x) => ({ ...x, provider: publicView(byId.get(x.providerId)!) })),
    excluded: result.excluded.map((x) => ({ ...x, name: byId.get(x.providerId)!.name })),
  };
}
