import { SERVICES } from '@enlace/core';
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
