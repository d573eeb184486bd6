import type { Db } from '../../db/index.ts';
import type { AgencySettings, AgencySettingsBody } from './schema.ts';

export async function settingsOf(db: Db, agencyId: string): Promise<AgencySettings | undefined> {
  const { rows } = await db.query<{
    id: string;
    name: string;
    level: string;
    kind: string;
    state_code: string | null;
    contact_name: string | null;
    contact_email: string | null;
    contact_phone: string | null;
    updated_at: Date | null;
    updated_by_name: string | null;
  }>(
    `SELECT a.id, a.name, a.level, a.kind, a.state_code, s.contact_name, s.contact_email, s.contact_phone, s.updated_at,
            u.display_name AS updated_by_name
     FROM agencies a LEFT JOIN agency_settings s ON s.agency_id = a.id LEFT JOIN users u ON u.id = s.updated_by
     WHERE a.id = $1`,
    [agencyId],
  );
  const r = rows[0];
  if (!r) return undefined;
  return {
    agencyId: r.id,
    agencyName: r.name,
    level: r.level,
    kind: r.kind,
    stateCode: r.state_code,
    contactName: r.contact_name,
    contactEmail: r.contact_email,
    contactPhone: r.contact_phone,
    updatedAt: r.updated_at ? new Date(r.updated_at).toISOString() : null,
    updatedByName: r.updated_by_name,
  };
}

export async function saveSettings(db: Db, agencyId: string, userId: string, s: AgencySettingsBody) {
  await db.query(
    `INSERT INTO agency_settings (agency_id, contact_name, contact_email, contact_phone, updated_by)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (agency_id) DO UPDATE SET contact_name = EXCLUDED.contact_name, contact_email = EXCLUDED.contact_email,
       contact_phone = EXCLUDED.contact_phone, updated_by = EXCLUDED.updated_by, updated_at = now()`,
    [agencyId, s.contactName, s.contactEmail, s.contactPhone, userId],
  );
}
