import type { Db } from '../../db/index.ts';
import { blindIndex, encryptField } from '../../security/crypto.ts';
import { type IdentifierKind, NORMALISE } from './normalise.ts';

/** Records an identifier on a person (encrypted; keyed hash of the normalised value). False if not valid. */
export async function insertIdentifier(
  db: Db,
  v: {
    agencyId: string;
    personId: string;
    kind: IdentifierKind;
    value: string;
    /** What the investigator knows about it ("cuenta a nombre de un tercero"); encrypted. */
    note?: string | null;
    createdBy?: string | null;
  },
): Promise<boolean> {
  const norm = NORMALISE[v.kind](v.value);
  if (!norm) return false;
  await db.query(
    `INSERT INTO network_identifiers (agency_id, person_id, kind, value_enc, value_bidx, created_by, note_enc)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      v.agencyId,
      v.personId,
      v.kind,
      encryptField(v.value, 'network_identifiers.value_enc'),
      blindIndex(`network:${v.kind}`, norm),
      v.createdBy ?? null,
      v.note ? encryptField(v.note, 'network_identifiers.note_enc') : null,
    ],
  );
  return true;
}
