import type { Db } from '../../db/index.ts';
import { blindIndex, encryptField } from '../../security/crypto.ts';
import { type IdentifierKind, NORMALISE } from './normalise.ts';

/** Records an identifier on a person (encrypted; keyed hash of the normalised value). False if not valid. */
export async function insertIdentifier(
  db: Db,
  v: { agencyId: string; personId: string; kind: IdentifierKind; value: string; createdBy?: string | null },
): Promise<boolean> {
  const norm = NORMALISE[v.kind](v.value);
  if (!norm) return false;
  await db.query(
    `INSERT INTO network_identifiers (agency_id, person_id, kind, value_enc, value_bidx, created_by)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      v.agencyId,
      v.personId,
      v.kind,
      encryptField(v.value, 'network_identifiers.value'),
      blindIndex(`network:${v.kind}`, norm),
      v.createdBy ?? null,
    ],
  );
  return true;
}
