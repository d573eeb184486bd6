import type { Db } from '../../db/index.ts';
import { decryptField, encryptField } from '../../security/crypto.ts';
import type { Tip } from './schema.ts';

interface Row {
  id: string;
  folio: string;
  received_at: Date;
  agency_id: string;
  category: Tip['category'];
  state_code: string | null;
  language: string;
  urgent: boolean;
  description_enc: string;
  contact_enc: string | null;
  status: Tip['status'];
  referred_to_agency_id: string | null;
}

const summary = (r: Row) => ({
  id: r.id,
  folio: r.folio,
  receivedAt: new Date(r.received_at).toISOString(),
  agencyId: r.agency_id,
  category: r.category,
  stateCode: r.state_code,
  language: r.language,
  urgent: r.urgent,
  status: r.status,
  referredToAgencyId: r.referred_to_agency_id,
});

export async function insertTip(
  db: Db,
  t: {
    folio: string;
    agencyId: string;
    category: string;
    stateCode: string | null;
    language: string;
    urgent: boolean;
    description: string;
    contact: string | null;
  },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO tips (folio, agency_id, category, state_code, language, urgent, description_enc, contact_enc)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [
      t.folio,
      t.agencyId,
      t.category,
      t.stateCode,
      t.language,
      t.urgent,
      encryptField(t.description, 'tips.description_enc'),
      encryptField(t.contact, 'tips.contact_enc'),
    ],
  );
  return rows[0]!.id;
}

/** The queue of one agency (scope), newest and urgent first. Lists carry no personal data. */
export async function listTips(
  db: Db,
  agencyId: string,
  f: { limit: number; offset: number; status?: string | undefined },
) {
  const p: unknown[] = [agencyId];
  const w = `agency_id = $1${f.status ? ` AND status = $${p.push(f.status)}` : ''}`;
  const total = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM tips WHERE ${w}`, p);
  const { rows } = await db.query<Row>(
    `SELECT * FROM tips WHERE ${w} ORDER BY urgent DESC, received_at DESC LIMIT $${p.length + 1} OFFSET $${p.length + 2}`,
    [...p, f.limit, f.offset],
  );
  return { items: rows.map(summary), total: total.rows[0]?.n ?? 0 };
}

/** One tip, only within the agency's scope (undefined otherwise). */
export async function getTip(db: Db, agencyId: string, id: string): Promise<Tip | undefined> {
  const { rows } = await db.query<Row>('SELECT * FROM tips WHERE id = $1 AND agency_id = $2', [id, agencyId]);
  const r = rows[0];
  if (!r) return undefined;
  return {
    ...summary(r),
    description: decryptField(r.description_enc, 'tips.description_enc') ?? '',
    contact: decryptField(r.contact_enc, 'tips.contact_enc'),
  };
}

export async function updateTipStatus(
  db: Db,
  agencyId: string,
  id: string,
  status: string,
  referredTo: string | null,
) {
  const r = await db.query(
    `UPDATE tips SET status = $3, referred_to_agency_id = coalesce($4, referred_to_agency_id), updated_at = now()
     WHERE id = $1 AND agency_id = $2`,
    [id, agencyId, status, referredTo],
  );
  return r.rowCount === 1;
}

/** The agency that receives public tips: the national hotline, else the first federal prosecutor. */
export async function tipsAgency(db: Db): Promise<string | undefined> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM agencies WHERE country = 'MEX' AND (kind = 'hotline' OR (kind = 'prosecutor' AND level = 'federal'))
     ORDER BY (kind = 'hotline') DESC, (level = 'federal') DESC, id LIMIT 1`,
  );
  return rows[0]?.id;
}
