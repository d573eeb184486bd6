import type { Db } from '../../db/index.ts';
import { blindIndex, encryptField } from '../../security/crypto.ts';
import { type IdentifierKind, NORMALISE } from './normalise.ts';

/**
 * The subject an identifier is recorded on: a person of the exchange records, a defendant (jd_defendants) or an
 * investigation of the justice chain (jd_stages, the chain's opening stage: `chainId`).
 */
export type Subject =
  | { personId: string; defendantId?: undefined; chainId?: undefined }
  | { defendantId: string; personId?: undefined; chainId?: undefined }
  | { chainId: string; personId?: undefined; defendantId?: undefined };

/** The keyed hash of a normalised value: the same account written two ways has the same one. */
export const identifierBidx = (kind: IdentifierKind, normalised: string) =>
  blindIndex(`network:${kind}`, normalised)!;

/**
 * Records an identifier on a person or a defendant (encrypted; keyed hash of the normalised value). Null if the
 * value is not a valid identifier of its kind, else the new row's id.
 */
export async function insertIdentifier(
  db: Db,
  v: {
    agencyId: string;
    kind: IdentifierKind;
    value: string;
    /** What the investigator knows about it ("cuenta a nombre de un tercero"); encrypted. */
    note?: string | null;
    createdBy?: string | null;
  } & Subject,
): Promise<string | null> {
  const norm = NORMALISE[v.kind](v.value);
  if (!norm) return null;
  const r = await db.query<{ id: string }>(
    `INSERT INTO network_identifiers (agency_id, person_id, defendant_id, chain_id, kind, value_enc, value_bidx, created_by, note_enc)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [
      v.agencyId,
      v.personId ?? null,
      v.defendantId ?? null,
      v.chainId ?? null,
      v.kind,
      encryptField(v.value, 'network_identifiers.value_enc'),
      identifierBidx(v.kind, norm),
      v.createdBy ?? null,
      v.note ? encryptField(v.note, 'network_identifiers.note_enc') : null,
    ],
  );
  return r.rows[0]!.id;
}

export interface IdentifierRow {
  id: string;
  agency_id: string;
  person_id: string | null;
  defendant_id: string | null;
  chain_id: string | null;
  kind: IdentifierKind;
  value_enc: string;
  value_bidx: string;
  note_enc: string | null;
  created_at: Date | string;
}
const COLUMNS =
  'id, agency_id, person_id, defendant_id, chain_id, kind, value_enc, value_bidx, note_enc, created_at';

/** The agency's identifiers recorded on one subject, oldest first. */
export async function identifiersOf(db: Db, agencyId: string, s: Subject): Promise<IdentifierRow[]> {
  const r = await db.query<IdentifierRow>(
    `SELECT ${COLUMNS} FROM network_identifiers
      WHERE agency_id = $1 AND ${s.personId !== undefined ? 'person_id = $2' : s.defendantId !== undefined ? 'defendant_id = $2::uuid' : 'chain_id = $2::uuid'}
      ORDER BY created_at, id`,
    [agencyId, s.personId ?? s.defendantId ?? s.chainId],
  );
  return r.rows;
}

export async function getIdentifier(db: Db, id: string): Promise<IdentifierRow | null> {
  const r = await db.query<IdentifierRow>(`SELECT ${COLUMNS} FROM network_identifiers WHERE id = $1::uuid`, [
    id,
  ]);
  return r.rows[0] ?? null;
}

export async function deleteIdentifier(db: Db, id: string): Promise<void> {
  await db.query('DELETE FROM network_identifiers WHERE id = $1::uuid', [id]);
}
