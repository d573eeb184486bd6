/** SQL of the public tip follow-up (migration 080). No IP address or other connection data is ever stored. */
import type { Db } from '../db/index.ts';
import { decryptField, encryptField } from '../security/crypto.ts';

export interface PublicTipView {
  id: string;
  folio: string;
  status: 'new' | 'in_review' | 'referred' | 'closed' | 'spam';
  receivedAt: string;
  updatedAt: string;
  additions: { addedAt: string }[];
}

export async function setFollowupHash(db: Db, tipId: string, hash: string): Promise<void> {
  await db.query('UPDATE tips SET followup_hash = $2 WHERE id = $1', [tipId, hash]);
}

/** The tip's id and follow-up hash by folio (folios are unique). */
export async function followupHashByFolio(
  db: Db,
  folio: string,
): Promise<{ id: string; hash: string | null } | undefined> {
  const { rows } = await db.query<{ id: string; followup_hash: string | null }>(
    'SELECT id, followup_hash FROM tips WHERE folio = $1',
    [folio],
  );
  const r = rows[0];
  return r ? { id: r.id, hash: r.followup_hash } : undefined;
}

/** What the person who sent the tip may see: status and dates only (never the text, nor who handles it). */
export async function publicView(db: Db, tipId: string): Promise<PublicTipView | undefined> {
  const { rows } = await db.query<{
    id: string;
    folio: string;
    status: PublicTipView['status'];
    received_at: Date;
    updated_at: Date;
  }>('SELECT id, folio, status, received_at, updated_at FROM tips WHERE id = $1', [tipId]);
  const r = rows[0];
  if (!r) return undefined;
  const adds = await db.query<{ added_at: Date }>(
    'SELECT added_at FROM tip_additions WHERE tip_id = $1 ORDER BY added_at',
    [tipId],
  );
  return {
    id: r.id,
    folio: r.folio,
    status: r.status,
    receivedAt: new Date(r.received_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
    additions: adds.rows.map((a) => ({ addedAt: new Date(a.added_at).toISOString() })),
  };
}

export async function insertAddition(
  db: Db,
  tipId: string,
  text: string,
  contact: string | null,
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    'INSERT INTO tip_additions (tip_id, text_enc, contact_enc) VALUES ($1, $2, $3) RETURNING id',
    [tipId, encryptField(text, 'tip_additions.text_enc'), encryptField(contact, 'tip_additions.contact_enc')],
  );
  await db.query('UPDATE tips SET updated_at = now() WHERE id = $1', [tipId]);
  return rows[0]!.id;
}

/** Information the person added after sending the tip, decrypted (for the hotline's detail view). */
export async function additionsOf(
  db: Db,
  tipId: string,
): Promise<{ addedAt: string; text: string; contact: string | null }[]> {
  const { rows } = await db.query<{ added_at: Date; text_enc: string; contact_enc: string | null }>(
    'SELECT added_at, text_enc, contact_enc FROM tip_additions WHERE tip_id = $1 ORDER BY added_at',
    [tipId],
  );
  return rows.map((r) => ({
    addedAt: new Date(r.added_at).toISOString(),
    text: decryptField(r.text_enc, 'tip_additions.text_enc') ?? '',
    contact: decryptField(r.contact_enc, 'tip_additions.contact_enc'),
  }));
}
