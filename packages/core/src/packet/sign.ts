/**
 * Signing and verification of referral packets with Ed25519 (node:crypto). The signature covers
 * the canonical JSON of the body: keys sorted, no whitespace, so any change to any field breaks it.
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import {
  type ReferralPacketBody,
  type SignedReferralPacket,
  SignedReferralPacket as SignedSchema,
} from './schema.ts';

/** Canonical JSON: object keys sorted by code unit, no whitespace, undefined members dropped. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('non-finite number');
    return JSON.stringify(value);
  }
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function generatePacketKeyPair(): { publicKeyPem: string; privateKeyPem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

const asPrivate = (k: string | KeyObject) => (typeof k === 'string' ? createPrivateKey(k) : k);
const asPublic = (k: string | KeyObject) => (typeof k === 'string' ? createPublicKey(k) : k);

/** Validates the body and signs it. */
export function signPacket(
  body: ReferralPacketBody,
  privateKey: string | KeyObject,
  keyId: string,
): SignedReferralPacket {
  const parsed = SignedSchema.shape.body.parse(body);
  const sig = sign(null, Buffer.from(canonicalJson(parsed), 'utf8'), asPrivate(privateKey));
  return { body: parsed, signature: { alg: 'Ed25519', keyId, value: sig.toString('base64') } };
}

export type VerifyResult =
  | { ok: true; packet: SignedReferralPacket }
  | { ok: false; reason: 'invalid_format' | 'unknown_key' | 'bad_signature'; detail?: string };

/**
 * Parses and verifies a packet. `publicKeyFor(keyId, senderAgencyId)` returns the sender's trusted
 * public key (PEM or KeyObject) or undefined when the key is not trusted.
 */
export function verifyPacket(
  input: unknown,
  publicKeyFor: (keyId: string, senderAgencyId: string) => string | KeyObject | undefined,
): VerifyResult {
  const parsed = SignedSchema.safeParse(input);
  if (!parsed.success)
    return { ok: false, reason: 'invalid_format', detail: parsed.error.issues[0]?.message };
  const packet = parsed.data;
  const key = publicKeyFor(packet.signature.keyId, packet.body.sender.agencyId);
  if (key === undefined) return { ok: false, reason: 'unknown_key' };
  // Verify the body exactly as received (parse may not add or drop fields: the schema is strict).
  const raw = (input as { body: unknown }).body;
  let good = false;
  try {
    good = verify(
      null,
      Buffer.from(canonicalJson(raw), 'utf8'),
      asPublic(key),
      Buffer.from(packet.signature.value, 'base64'),
    );
  } catch {
    good = false;
  }
  return good ? { ok: true, packet } : { ok: false, reason: 'bad_signature' };
}
