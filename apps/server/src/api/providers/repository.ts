import type { Db } from '../../db/index.ts';

export interface ProviderRow {
  id: string;
  agency_id: string;
  name: string;
  profile: Record<string, unknown>;
  places_total: number | null;
  places_free: number | null;
  referral_contact: string;
  address_enc: string | null;
  updated_at: Date;
}
// Lists never select the address column.
const LIST_COLS =
  'id, agency_id, name, profile, places_total, places_free, referral_contact, NULL::text AS address_enc, updated_at';
const ONE_COLS =
  'id, agency_id, name, profile, places_total, places_free, referral_contact, address_enc, updated_at';

export async function upsertProvider(
  db: Db,
  p: {
    agencyId: string;
    name: string;
    profile: unknown;
    total: number | null;
    free: number | null;
    contact: string;
    addressEnc: string | null;
  },
): Promise<ProviderRow> {
  const { rows } = await db.query<ProviderRow>(
    `INSERT INTO cw_providers (agency_id, name, profile, places_total, places_free, referral_contact, address_enc)
     VALUES ($1,$2,$3,$4,$5,$6,$7)
     ON CONFLICT (agency_id) DO UPDATE SET name = EXCLUDED.name, profile = EXCLUDED.profile, places_total = EXCLUDED.places_total,
       places_free = EXCLUDED.places_free, referral_contact = EXCLUDED.referral_contact, address_enc = EXCLUDED.address_enc,
       updated_at = now()
     RETURNING ${ONE_COLS}`,
    [p.agencyId, p.name, JSON.stringify(p.profile), p.total, p.free, p.contact, p.addressEnc],
  );
  return rows[0]!;
}

export async function setFreePlaces(db: Db, agencyId: string, free: number): Promise<boolean> {
  const r = await db.query(
    'UPDATE cw_providers SET places_free = $2, updated_at = now() WHERE agency_id = $1 AND places_total IS NOT NULL AND $2 <= places_total',
    [agencyId, free],
  );
  return r.rowCount > 0;
}

export async function listProviders(
  db: Db,
  f: { service?: string | undefined; stateCode?: string | undefined } = {},
): Promise<ProviderRow[]> {
  const where: string[] = [];
  const p: unknown[] = [];
  if (f.service) where.push(`profile->'services' ? $${p.push(f.service)}`);
  if (f.stateCode) {
    where.push(
      `((profile->'coverage'->>'nationwide')::boolean OR profile->'coverage'->'states' ? $${p.push(f.stateCode)} OR left(profile->>'municipality', 2) = $${p.length})`,
    );
  }
  const { rows } = await db.query<ProviderRow>(
    `SELECT ${LIST_COLS} FROM cw_providers ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY name, id`,
    p,
  );
  return rows;
}

export async function getProvider(db: Db, id: string): Promise<ProviderRow | undefined> {
  const { rows } = await db.query<ProviderRow>(`SELECT ${ONE_COLS} FROM cw_providers WHERE id = $1`, [id]);
  return rows[0];
}

export async function getProviderByAgency(db: Db, agencyId: string): Promise<ProviderRow | undefined> {
  const { rows } = await db.query<ProviderRow>(`SELECT ${ONE_COLS} FROM cw_providers WHERE agency_id = $1`, [
    agencyId,
  ]);
  return rows[0];
}

/** Has this user made a referral to this provider that the provider accepted? */
export async function userHasAcceptedReferral(db: Db, userId: string, providerId: string): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT 1 FROM cw_referrals WHERE created_by = $1 AND provider_id = $2 AND accepted_at IS NOT NULL LIMIT 1`,
    [userId, providerId],
  );
  return rows.length > 0;
}
