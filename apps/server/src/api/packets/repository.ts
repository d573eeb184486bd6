import type { Db } from '../../db/index.ts';

export interface KeyRow {
  key_id: string;
  agency_id: string;
  public_key_pem: string;
  private_key_enc: string | null;
  trusted_by: string | null;
}

export async function ownKey(db: Db, agencyId: string): Promise<KeyRow | undefined> {
  const { rows } = await db.query<KeyRow>(
    'SELECT key_id, agency_id, public_key_pem, private_key_enc, trusted_by FROM cw_packet_keys WHERE agency_id = $1 AND private_key_enc IS NOT NULL',
    [agencyId],
  );
  return rows[0];
}

export async function insertOwnKey(
  db: Db,
  k: { keyId: string; agencyId: string; publicKeyPem: string; privateKeyEnc: string },
) {
  await db.query(
    `INSERT INTO cw_packet_keys (key_id, agency_id, public_key_pem, private_key_enc) VALUES ($1,$2,$3,$4)
     ON CONFLICT DO NOTHING`,
    [k.keyId, k.agencyId, k.publicKeyPem, k.privateKeyEnc],
  );
}

export async function trustKey(
  db: Db,
  k: { keyId: string; agencyId: string; publicKeyPem: string; trustedBy: string },
) {
  await db.query(
    `INSERT INTO cw_packet_keys (key_id, agency_id, public_key_pem, trusted_by) VALUES ($1 || '@' || $4, $2, $3, $4)
     ON CONFLICT (key_id) DO UPDATE SET public_key_pem = EXCLUDED.public_key_pem, agency_id = EXCLUDED.agency_id`,
    [k.keyId, k.agencyId, k.publicKeyPem, k.trustedBy],
  );
}

/** Public keys my agency trusts (key ids as the sender names them). */
export async function trustedKeys(
  db: Db,
  myAgency: string,
): Promise<{ keyId: string; agencyId: string; publicKeyPem: string }[]> {
  const { rows } = await db.query<{ key_id: string; agency_id: string; public_key_pem: string }>(
    `SELECT left(key_id, length(key_id) - length($1) - 1) AS key_id, agency_id, public_key_pem FROM cw_packet_keys WHERE trusted_by = $1`,
    [myAgency],
  );
  return rows.map((r) => ({ keyId: r.key_id, agencyId: r.agency_id, publicKeyPem: r.public_key_pem }));
}

export async function insertPacket(
  db: Db,
  p: {
    id: string;
    direction: 'outgoing' | 'incoming';
    agencyId: string;
    caseId: string | null;
    counterpart: string;
    keyId: string;
    packetEnc: string;
    userId: string;
  },
) {
  await db.query(
    `INSERT INTO cw_packets (packet_id, direction, agency_id, case_id, counterpart, key_id, packet_enc, created_by) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
    [p.id, p.direction, p.agencyId, p.caseId, p.counterpart, p.keyId, p.packetEnc, p.userId],
  );
}

export async function packetExists(db: Db, id: string, agencyId: string): Promise<boolean> {
  const { rows } = await db.query(
    "SELECT 1 FROM cw_packets WHERE packet_id = $1 AND agency_id = $2 AND direction = 'incoming'",
    [id, agencyId],
  );
  return rows.length > 0;
}
