import { randomUUID } from 'node:crypto';
import * as packet from '@enlace/core/packet';
import { audit } from '../../audit/service.ts';
import { AppError, badInput } from '../../errors.ts';
import { decryptField, encryptField } from '../../security/crypto.ts';
import { encJson } from '../cases/crypto-json.ts';
import { type Ctx, caseInScope, createCase, recordCaseEvent, toView } from '../cases/service.ts';
import { assertMayShare, consentGrantedAt } from '../consents/service.ts';
import * as repo from './repository.ts';

/** My agency's signing key; created on first use (private key encrypted at rest). */
async function signingKey(ctx: Ctx) {
  const agencyId = ctx.user!.agencyId;
  let k = await repo.ownKey(ctx.db, agencyId);
  if (!k) {
    const pair = packet.generatePacketKeyPair();
    await repo.insertOwnKey(ctx.db, {
      keyId: `${agencyId}#${randomUUID().slice(0, 8)}`,
      agencyId,
      publicKeyPem: pair.publicKeyPem,
      privateKeyEnc: encryptField(pair.privateKeyPem, 'cw_packet_keys.private_key_enc')!,
    });
    k = (await repo.ownKey(ctx.db, agencyId))!;
  }
  return k;
}

export async function myPublicKey(ctx: Ctx) {
  const k = await signingKey(ctx);
  return { agencyId: k.agency_id, keyId: k.key_id, publicKeyPem: k.public_key_pem };
}

export async function trustKey(ctx: Ctx, body: { agencyId: string; keyId: string; publicKeyPem: string }) {
  try {
    const { createPublicKey } = await import('node:crypto');
    if (createPublicKey(body.publicKeyPem).asymmetricKeyType !== 'ed25519') throw new Error('not ed25519');
  } catch {
    throw badInput('publicKeyPem is not an Ed25519 public key in PEM', [{ field: 'publicKeyPem' }]);
  }
  await repo.trustKey(ctx.db, { ...body, trustedBy: ctx.user!.agencyId });
  await audit(ctx, {
    action: 'permission_change',
    resource: 'packet_keys',
    resourceId: body.keyId,
    justification: `trust ${body.agencyId}`,
  });
  return { ok: true };
}

/** Builds, signs and records a minimal cross-border referral packet (needs the cross-border consent). */
export async function createPacket(
  ctx: Ctx,
  body: {
    caseId: string;
    recipient: { agencyId: string; name: string; country: string };
    services: string[];
    urgent: boolean;
    note?: string | undefined;
    includeContact: boolean;
  },
) {
  const row = await caseInScope(ctx, body.caseId);
  await assertMayShare(ctx.db, body.caseId, 'cross_border');
  if (body.includeContact) await assertMayShare(ctx.db, body.caseId, 'contact');
  const c = toView(row);
  const grantedAt = (await consentGrantedAt(ctx.db, body.caseId, 'cross_border'))!;
  const k = await signingKey(ctx);
  const p = c.person;
  const contact =
    body.includeContact && (p.phone || p.email)
      ? { ...(p.phone ? { phone: p.phone } : {}), ...(p.email ? { email: p.email } : {}) }
      : undefined;
  const id = c.identification;
  const packetBody: packet.ReferralPacketBody = {
    format: packet.PACKET_FORMAT,
    version: 1,
    packetId: randomUUID(),
    createdAt: new Date().toISOString(),
    sender: { agencyId: ctx.user!.agencyId, name: ctx.user!.agencyName, country: 'MEX' },
    recipient: body.recipient,
    consent: { purpose: 'cross_border', grantedAt },
    person: {
      ...(p.givenNames ? { givenNames: p.givenNames } : {}),
      ...(p.surname1 ? { surname1: p.surname1 } : {}),
      ...(p.surname2 ? { surname2: p.surname2 } : {}),
      ...(p.birthDate ? { birthDate: p.birthDate } : {}),
      ...(p.sex ? { sex: p.sex } : {}),
      ...(p.nationality ? { nationality: p.nationality } : {}),
      ...(p.languages?.length ? { languages: p.languages } : {}),
      ...(contact ? { contact } : {}),
    },
    needs: { services: body.services as packet.ReferralPacketBody['needs']['services'], urgent: body.urgent },
    situation: {
      ...(id.primaryForm ? { primaryForm: id.primaryForm } : {}),
      ...(id.meansOfControl?.length ? { meansOfControl: id.meansOfControl } : {}),
      ...(id.countryOfExploitation ? { countryOfExploitation: id.countryOfExploitation } : {}),
      ...(id.date ? { identifiedOn: id.date } : {}),
    },
    ...(body.note ? { note: body.note } : {}),
    senderReference: row.id,
  };
  const privateKey = decryptField(k.private_key_enc, 'cw_packet_keys.private_key_enc')!;
  const signed = packet.signPacket(packetBody, privateKey, k.key_id);
  await ctx.db.transaction(async (tx) => {
    await repo.insertPacket(tx, {
      id: packetBody.packetId,
      direction: 'outgoing',
      agencyId: ctx.user!.agencyId,
      caseId: row.id,
      counterpart: body.recipient.agencyId,
      keyId: k.key_id,
      packetEnc: encJson('cw_packets', 'packet_enc', signed)!,
      userId: ctx.user!.id,
    });
    await recordCaseEvent(tx, ctx, row.id, 'packet_sent', ['packets'], {
      packetId: packetBody.packetId,
      recipient: body.recipient.agencyId,
    });
    await audit(
      ctx,
      {
        action: 'share',
        resource: 'packets',
        resourceId: packetBody.packetId,
        fields: Object.keys(packetBody.person),
        justification: `cross-border referral to ${body.recipient.agencyId}`,
      },
      tx,
    );
  });
  return signed;
}

/** Verifies an incoming packet against the keys my agency trusts and opens a new case from it. */
export async function importPacket(ctx: Ctx, input: unknown) {
  const trusted = await repo.trustedKeys(ctx.db, ctx.user!.agencyId);
  const r = packet.verifyPacket(
    input,
    (keyId, agencyId) => trusted.find((t) => t.keyId === keyId && t.agencyId === agencyId)?.publicKeyPem,
  );
  if (!r.ok) {
    const status = r.reason === 'invalid_format' ? 400 : 422;
    throw new AppError(
      `packet_${r.reason}`,
      r.reason === 'invalid_format'
        ? `Not a valid referral packet: ${r.detail ?? ''}`
        : r.reason === 'unknown_key'
          ? 'The packet is signed with a key your agency does not trust'
          : 'The packet signature does not match its content',
      { status },
    );
  }
  const b = r.packet.body;
  if (b.recipient.agencyId !== ctx.user!.agencyId) {
    throw new AppError('packet_not_for_us', 'This packet is addressed to another agency', { status: 422 });
  }
  if (await repo.packetExists(ctx.db, b.packetId, ctx.user!.agencyId)) {
    throw new AppError('packet_already_imported', 'This packet was already imported', { status: 409 });
  }
  const created = await createCase(ctx, {
    person: {
      givenNames: b.person.givenNames,
      surname1: b.person.surname1,
      surname2: b.person.surname2,
      birthDate: b.person.birthDate,
      sex: b.person.sex,
      nationality: b.person.nationality,
      languages: b.person.languages,
      phone: b.person.contact?.phone,
      email: b.person.contact?.email,
    },
    identification: {
      primaryForm: b.situation.primaryForm,
      meansOfControl: b.situation.meansOfControl,
      countryOfExploitation: b.situation.countryOfExploitation,
    },
    perpetrators: [],
    timeline: [],
    notes: b.note ?? '',
    supportPlan: '',
    needs: b.needs.services,
    municipality: null,
    personRef: null,
  });
  await ctx.db.transaction(async (tx) => {
    await repo.insertPacket(tx, {
      id: b.packetId,
      direction: 'incoming',
      agencyId: ctx.user!.agencyId,
      caseId: created.id,
      counterpart: b.sender.agencyId,
      keyId: r.packet.signature.keyId,
      packetEnc: encJson('cw_packets', 'packet_enc', r.packet)!,
      userId: ctx.user!.id,
    });
    await recordCaseEvent(tx, ctx, created.id, 'packet_imported', ['packets'], {
      packetId: b.packetId,
      sender: b.sender.agencyId,
      senderReference: b.senderReference,
    });
    await audit(ctx, { action: 'import', resource: 'packets', resourceId: b.packetId }, tx);
  });
  return { caseId: created.id, packetId: b.packetId, sender: b.sender };
}
