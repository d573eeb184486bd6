import type { App } from '../../http/context.ts';
import { CreatePacketBody, ImportBody, TrustKeyBody } from './schema.ts';
import { createPacket, importPacket, myPublicKey, trustKey } from './service.ts';

const tags = ['packets'];

export async function packetRoutes(app: App) {
  app.get(
    '/api/packets/key',
    {
      schema: { tags, summary: "My agency's Ed25519 public key (give it to partners)" },
      config: { permission: 'cases:read' },
    },
    async (req) => myPublicKey(req.ctx),
  );
  app.post(
    '/api/packets/trusted-keys',
    {
      schema: { tags, summary: "Trust a partner agency's public key", body: TrustKeyBody },
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
      },
      config: { permission: 'cases:write' },
    },
    async (req, reply) => reply.code(201).send(await createPacket(req.ctx, req.body)),
  );
  app.post(
    '/api/packets/import',
    {
      schema: { tags, summary: 'Verify an incoming packet and open a case from it', body: ImportBody },
      config: { permission: 'cases:write' },
    },
    async (req, reply) => reply.code(201).send(await importPacket(req.ctx, req.body.packet)),
  );
}
