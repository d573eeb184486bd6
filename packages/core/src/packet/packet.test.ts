import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ReferralPacketBody, referralPacketJsonSchema } from './schema.ts';
import { canonicalJson, generatePacketKeyPair, signPacket, verifyPacket } from './sign.ts';

const body: ReferralPacketBody = {
  format: 'enlace-referral-packet',
  version: 1,
  packetId: '6f1c2a4e-8d1b-4c3a-9e2f-1a2b3c4d5e6f',
  createdAt: '2026-03-01T12:00:00Z',
  sender: { agencyId: 'fgj-chis', name: 'Fiscalía de Chiapas', country: 'MEX' },
  recipient: { agencyId: 'us-hotline', name: 'US National Hotline', country: 'USA' },
  consent: { purpose: 'cross_border', grantedAt: '2026-02-28T10:00:00Z' },
  person: { givenNames: 'Itzel', surname1: 'Hernández', sex: 'female', languages: ['spa', 'tzo'] },
  needs: { services: ['shelter', 'legal'], urgent: true },
  situation: { primaryForm: 'forced_labor', meansOfControl: ['debt_bondage'], countryOfExploitation: 'USA' },
  senderReference: 'case-2026-0042',
};

describe('referral packet', () => {
  const keys = generatePacketKeyPair();
  const trusted = (keyId: string, agency: string) =>
    keyId === 'fgj-chis#1' && agency === 'fgj-chis' ? keys.publicKeyPem : undefined;

  it('signs and verifies', () => {
    const signed = signPacket(body, keys.privateKeyPem, 'fgj-chis#1');
    const r = verifyPacket(JSON.parse(JSON.stringify(signed)), trusted);
    expect(r.ok).toBe(true);
  });

  it('rejects an unknown key, a foreign key and any change to the body', () => {
    const signed = signPacket(body, keys.privateKeyPem, 'fgj-chis#1');
    expect(
      verifyPacket({ ...signed, signature: { ...signed.signature, keyId: 'other' } }, trusted),
    ).toMatchObject({
      ok: false,
      reason: 'unknown_key',
    });
    const other = generatePacketKeyPair();
    expect(verifyPacket(signPacket(body, other.privateKeyPem, 'fgj-chis#1'), trusted)).toMatchObject({
      ok: false,
      reason: 'bad_signature',
    });
    fc.assert(
      fc.property(
        fc.constantFrom('givenNames', 'surname1'),
        fc.string({ minLength: 1, maxLength: 20 }),
        (field, v) => {
          fc.pre(v !== body.person[field]);
          const tampered = structuredClone(signed);
          tampered.body.person[field] = v;
          expect(verifyPacket(tampered, trusted)).toMatchObject({ ok: false, reason: 'bad_signature' });
        },
      ),
    );
  });

  it('rejects extra fields (the packet is minimal) and a missing consent', () => {
    const signed = signPacket(body, keys.privateKeyPem, 'fgj-chis#1');
    const extra = structuredClone(signed) as unknown as { body: { person: Record<string, unknown> } };
    extra.body.person.curp = 'HEAI900101MCSRTT09';
    expect(verifyPacket(extra, trusted)).toMatchObject({ ok: false, reason: 'invalid_format' });
    const { consent: _c, ...noConsent } = body;
    expect(() => signPacket(noConsent as ReferralPacketBody, keys.privateKeyPem, 'k')).toThrow();
  });

  it('canonical JSON ignores key order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (o) => {
        const reversed = Object.fromEntries(Object.entries(o).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(o));
        expect(JSON.parse(canonicalJson(o))).toEqual(JSON.parse(JSON.stringify(o)));
      }),
    );
  });

  it('the documented JSON Schema file is the one generated from the Zod schema', () => {
    const file = JSON.parse(
      readFileSync(new URL('./referral-packet.v1.schema.json', import.meta.url), 'utf8'),
    );
    expect(file).toEqual(referralPacketJsonSchema());
  });
});
