/**
 * Cross-border referral packet, version 1: the minimum a foreign partner (e.g. the US hotline)
 * needs to take a referral, as JSON, signed with the sending agency's Ed25519 key.
 * JSON Schema: packages/core/src/packet/referral-packet.v1.schema.json (generated from this file,
 * a test keeps them equal). Documented in docs/casework.md.
 */
import { z } from 'zod';
import { FORMS, MEANS_OF_CONTROL, SERVICES, SEXES } from '../taxonomy.ts';

const Country = z
  .string()
  .regex(/^[A-Z]{3}$/)
  .describe('ISO 3166-1 alpha-3');
const PartialDate = z
  .string()
  .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/)
  .describe('YYYY, YYYY-MM or YYYY-MM-DD');

export const PACKET_FORMAT = 'enlace-referral-packet';

export const PacketAgency = z
  .object({
    agencyId: z.string().min(1).max(64),
    name: z.string().min(1).max(200),
    country: Country,
  })
  .strict();

export const ReferralPacketBody = z
  .object({
    format: z.literal(PACKET_FORMAT),
    version: z.literal(1),
    packetId: z.uuid(),
    createdAt: z.iso.datetime({ offset: true }),
    sender: PacketAgency,
    recipient: PacketAgency,
    /** The person's consent to share across the border (purpose cross_border). */
    consent: z
      .object({
        purpose: z.literal('cross_border'),
        grantedAt: z.iso.datetime({ offset: true }),
      })
      .strict(),
    person: z
      .object({
        givenNames: z.string().max(200).optional(),
        surname1: z.string().max(200).optional(),
        surname2: z.string().max(200).optional(),
        birthDate: PartialDate.optional(),
        sex: z.enum(SEXES).optional(),
        nationality: Country.optional(),
        languages: z
          .array(z.string().regex(/^[a-z]{3}$/))
          .max(10)
          .optional(),
        contact: z
          .object({ phone: z.string().max(40).optional(), email: z.email().optional() })
          .strict()
          .optional(),
      })
      .strict(),
    needs: z
      .object({
        services: z.array(z.enum(SERVICES)).min(1),
        urgent: z.boolean(),
      })
      .strict(),
    situation: z
      .object({
        primaryForm: z.enum(FORMS).optional(),
        meansOfControl: z.array(z.enum(MEANS_OF_CONTROL)).optional(),
        countryOfExploitation: Country.optional(),
        identifiedOn: PartialDate.optional(),
      })
      .strict(),
    /** Free text for the receiving caseworker; keep it minimal. */
    note: z.string().max(1000).optional(),
    /** The sender's reference for replies; not a person id. */
    senderReference: z.string().min(1).max(64),
  })
  .strict();
export type ReferralPacketBody = z.infer<typeof ReferralPacketBody>;

export const PacketSignature = z
  .object({
    alg: z.literal('Ed25519'),
    keyId: z.string().min(1).max(128),
    /** base64 of the Ed25519 signature over the canonical JSON of `body`. */
    value: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/),
  })
  .strict();

export const SignedReferralPacket = z
  .object({ body: ReferralPacketBody, signature: PacketSignature })
  .strict();
export type SignedReferralPacket = z.infer<typeof SignedReferralPacket>;

/** The JSON Schema of the signed packet (draft 2020-12). */
export function referralPacketJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://enlace.example/schemas/referral-packet.v1.schema.json',
    title: 'Enlace cross-border referral packet, version 1',
    ...(z.toJSONSchema(SignedReferralPacket, { target: 'draft-2020-12' }) as Record<string, unknown>),
  };
}
