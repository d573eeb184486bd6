import { z } from 'zod';
import { listAuditEntries } from '../../audit/repository.ts';
import { audit, verifyAuditChain } from '../../audit/service.ts';
import type { App } from '../../http/context.ts';
import { can } from '../../security/permissions.ts';

const Entry = z.object({
  id: z.number(),
  at: z.string(),
  userId: z.string().nullable(),
  agencyId: z.string().nullable(),
  action: z.string(),
  resource: z.string(),
  resourceId: z.string().nullable(),
  fields: z.array(z.string()),
  justification: z.string().nullable(),
  // both ends of the entry's link: an agency's entries are not contiguous in the one national chain
  prevHash: z.string(),
  hash: z.string(),
});
const Query = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
  resource: z.string().max(64).optional(),
  action: z.string().max(64).optional(),
  userId: z.uuid().optional(),
});
const VerifyResult = z.object({
  ok: z.boolean(),
  checked: z.number(),
  firstBadId: z.number().nullable(),
  reason: z.string().nullable(),
  headHash: z.string().nullable(),
});

export async function auditRoutes(app: App) {
  app.get(
    '/api/audit',
    {
      schema: {
        tags: ['audit'],
        summary: "Audit log, newest first (own agency's entries; every agency's for national_auditor)",
        querystring: Query,
        response: { 200: z.object({ items: z.array(Entry), total: z.number() }) },
      },
      config: { permission: 'audit:read', scope: 'agency' },
    },
    async (req) => {
      // An agency's auditor sees that agency's entries only; a national auditor sees every agency's.
      const user = req.ctx.user!;
      const agencyId = can(user.role, 'audit:national') ? undefined : user.agencyId;
      const r = await listAuditEntries(req.ctx.db, { ...req.query, agencyId });
      await audit(req.ctx, { action: 'list', resource: 'audit' });
      return {
        total: r.total,
        items: r.items.map((e) => ({ ...e, at: e.at.toISOString(), fields: [...e.fields] })),
      };
    },
  );
  app.post(
    '/api/audit/verify',
    {
      schema: { tags: ['audit'], summary: 'Walk the hash chain', response: { 200: VerifyResult } },
      config: { permission: 'audit:read' },
    },
    async (req) => {
      const r = await verifyAuditChain(req.ctx.db);
      await audit(req.ctx, { action: 'verify', resource: 'audit' });
      return r.ok
        ? { ok: true, checked: r.checked, firstBadId: null, reason: null, headHash: r.headHash }
        : { ok: false, checked: r.checked, firstBadId: r.firstBadId, reason: r.reason, headHash: null };
    },
  );
}
