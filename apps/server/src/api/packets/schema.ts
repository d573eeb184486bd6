import { SERVICES } from '@enlace/core';
import * as packet from '@enlace/core/packet';
import { z } from 'zod';

export const CreatePacketBody = z.strictObject({
  caseId: z.uuid(),
  recipient: z.strictObject({
    agencyId: z.string().min(1).max(64),
    name: z.string().min(1).max(200),
    country: z.string().regex(/^[A-Z]{3}$/),
  }),
  services: z.array(z.enum(SERVICES)).min(1),
  urgent: z.boolean().default(false),
  note: z.string().max(1000).optional(),
  /** Contact data goes only when the person wants to be contacted by the partner. */
  includeContact: z.boolean().default(false),
});
export const TrustKeyBody = z.strictObject({
  agencyId: z.string().min(1).max(64),
  keyId: z.string().min(1).max(128),
  publicKeyPem: z.string().min(40).max(2000),
});
export const ImportBody = z.strictObject({ packet: z.unknown() });

/** My agency's public key, as partners need it to trust my packets (the body of their trusted-keys call). */
export const PublicKey = z.object({ agencyId: z.string(), keyId: z.string(), publicKeyPem: z.string() });
export const Trusted = z.object({ ok: z.boolean() });
/** The signed packet, exactly the exchange format of @enlace/core/packet (docs/casework.md). */
export const SignedPacket = packet.SignedReferralPacket;
/** The case opened from an imported packet, and who sent it. */
export const ImportedPacket = z.object({
  caseId: z.string(),
  packetId: z.string(),
  sender: packet.PacketAgency,
});
