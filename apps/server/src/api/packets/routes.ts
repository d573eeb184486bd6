import type { App } from '../../http/context.ts';
import {
  CreatePacketBody,
  ImportBody,
  ImportedPacket,
  PublicKey,
  SignedPacket,
  Trusted,
  TrustKeyBody,
} from './schema.ts';
import { createPacket, importPacket, myPublicKey, trustKey } from './service.ts';

const tags = ['packets'];

export async function packetRoutes(app: App) {
  app.get(
    '/api/packets/key',
    {
      schema: {
        tags,
        summary: "My agency's Ed25519 public key (give it to partners)",
        response: { 200: PublicKey },
      },
      config: { permission: 'cases:read' },
    },
    async (req) => myPublicKey(req.ctx),
  );
  app.post(
    '/api/packets/trusted-keys',
    {
      schema: {
        tags,
        summary: "Trust a partner agency's public key",
        body: TrustKeyBody,
        response: { 200: Trusted },
      },
      config: { permission: 'cases:approve' },
    },
    async (req) => trustKey(req.ctx, req.body),
  );
  app.post(
    '/api/packets',
    {
      schema: {
        tags,
        summary: 'Signed cross-border referral packet (needs cross-border consent)',
        body: CreatePacketBody,
        response: { 201: SignedPacket },
      },
      config: { permission: 'cases:write' },
    },
    async (req, reply) => reply.code(201).send(await createPacket(req.ctx, req.body)),
  );
  app.post(
    '/api/packets/import',
    {
      schema: {
        tags,
        summary: 'Verify an incoming packet and open a case from it',
        body: ImportBody,
        response: { 201: ImportedPacket },
      },
      config: { permission: 'cases:write' },
    },
    async (req, reply) => reply.code(201).send(await importPacket(req.ctx, req.body.packet)),
  );
}
