import { z } from 'zod';
import { audit } from '../../audit/service.ts';
import { AppError, notFound } from '../../errors.ts';
import type { App, RequestContext } from '../../http/context.ts';
import { can } from '../../security/permissions.ts';
import { recordCaseEvent } from '../cases/service.ts';
import { forgetOwnership } from './access.ts';
import * as repo from './repository.ts';

const Alert = z.object({
  id: z.string(),
  kind: z.enum(['break_glass', 'bulk_read']),
  agencyId: z.string(),
  userId: z.string(),
  userName: z.string().nullable(),
  userRole: z.string().nullable(),
  resource: z.enum(['persons', 'cases']).nullable(),
  resourceId: z.string().nullable(),
  justification: z.string().nullable(),
  readCount: z.number().nullable(),
  windowMinutes: z.number().nullable(),
  occurrences: z.number(),
  createdAt: z.string(),
  lastAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
});
const AlertList = z.object({ items: z.array(Alert), total: z.number() });
const ListQuery = z.strictObject({
  status: z.enum(['open', 'acknowledged', 'all']).default('open'),
  kind: z.enum(['break_glass', 'bulk_read']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
const IdParams = z.strictObject({ id: z.uuid() });
const Settings = z.strictObject({
  bulkReadThreshold: z.number().int().min(2).max(100000),
  bulkReadWindowMinutes: z.number().int().min(1).max(1440),
});
const AssigneeBody = z.strictObject({ userId: z.uuid().nullable() });
const Assignee = z.object({
  caseId: z.string(),
  assignedTo: z.string().nullable(),
  assignedToName: z.string().nullable(),
});
const Assignable = z.object({
  items: z.array(z.object({ id: z.string(), displayName: z.string(), role: z.string() })),
});

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());
function toAlert(r: repo.AlertRow): z.infer<typeof Alert> {
  return {
    id: r.id,
    kind: r.kind,
    agencyId: r.agency_id,
    userId: r.user_id,
    userName: r.user_name,
    userRole: r.user_role,
    resource: r.resource,
    resourceId: r.resource_id,
    justification: r.justification,
    readCount: r.read_count,
    windowMinutes: r.window_minutes,
    occurrences: r.occurrences,
    createdAt: iso(r.created_at)!,
    lastAt: iso(r.last_at)!,
    acknowledgedAt: iso(r.acknowledged_at),
    acknowledgedBy: r.acknowledged_by,
  };
}

/** The agency whose alerts the user sees; null: every agency (national auditor). */
const alertScope = (ctx: RequestContext): string | null =>
  can(ctx.user!.role, 'audit:national') ? null : ctx.user!.agencyId;

export async function alertRoutes(app: App) {
  app.get(
    '/api/alerts',
    {
      schema: {
        tags: ['alerts'],
        summary: "Break-glass and bulk-read alerts of my agency (every agency's for a national auditor)",
        querystring: ListQuery,
        response: { 200: AlertList },
      },
      config: { permission: 'alerts:read', scope: 'agency' },
    },
    async (req) => {
      const { rows, total } = await repo.listAlerts(req.ctx.db, {
        ...req.query,
        agencyId: alertScope(req.ctx),
      });
      await audit(req.ctx, {
        action: 'list',
        resource: 'alerts',
        resourceId: rows.map((r) => r.id).join(',') || null,
      });
      return { items: rows.map(toAlert), total };
    },
  );
  app.post(
    '/api/alerts/:id/acknowledge',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Mark an alert as reviewed',
        params: IdParams,
        response: { 200: Alert },
      },
      config: { permission: 'alerts:write', scope: 'agency' },
    },
    async (req) => {
      const scope = alertScope(req.ctx);
      const found = await repo.getAlert(req.ctx.db, req.params.id);
      if (!found || (scope !== null && found.agency_id !== scope)) throw notFound('Alert');
      if (found.user_id === req.ctx.user!.id)
        throw new AppError('four_eyes', 'Someone else must review an alert about your own reads', {
          status: 403,
        });
      await req.ctx.db.transaction(async (tx) => {
        await repo.acknowledgeAlert(tx, found.id, req.ctx.user!.id);
        await audit(req.ctx, { action: 'acknowledge', resource: 'alerts', resourceId: found.id }, tx);
      });
      return toAlert((await repo.getAlert(req.ctx.db, found.id))!);
    },
  );
  app.get(
    '/api/alerts/settings',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Bulk-read alert threshold and window',
        response: { 200: Settings },
      },
      config: { permission: 'alerts:configure' },
    },
    async (req) => repo.getSettings(req.ctx.db),
  );
  app.put(
    '/api/alerts/settings',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Set the bulk-read alert threshold and window',
        body: Settings,
        response: { 200: Settings },
      },
      config: { permission: 'alerts:configure' },
    },
    async (req) => {
      await req.ctx.db.transaction(async (tx) => {
        await repo.setSettings(tx, req.body);
        await audit(
          req.ctx,
          {
            action: 'update',
            resource: 'alert_settings',
            fields: ['bulk_read_threshold', 'bulk_read_window_minutes'],
            justification: `${req.body.bulkReadThreshold} in ${req.body.bulkReadWindowMinutes} min`,
          },
          tx,
        );
      });
      return repo.getSettings(req.ctx.db);
    },
  );
  // Case assignment lives here with the other insider controls: an assigned case is the assignee's "own".
  app.put(
    '/api/cases/:id/assignee',
    {
      schema: {
        tags: ['cases'],
        summary: 'Assign the case to a caseworker of the agency (null: unassign)',
        params: IdParams,
        body: AssigneeBody,
        response: { 200: Assignee },
      },
      config: { permission: 'cases:assign', scope: 'agency' },
    },
    async (req) => {
      const me = req.ctx.user!;
      if ((await repo.caseAgency(req.ctx.db, req.params.id)) !== me.agencyId) throw notFound('Case');
      const to = req.body.userId;
      if (to !== null) {
        const u = await repo.userOf(req.ctx.db, to);
        if (!u || u.agency_id !== me.agencyId) throw notFound('User');
        if (u.disabled || !(repo.ASSIGNABLE_ROLES as readonly string[]).includes(u.role))
          throw new AppError('invalid_assignee', 'Cases are assigned to active case staff of the agency', {
            status: 400,
            details: [{ field: 'userId' }],
          });
      }
      await req.ctx.db.transaction(async (tx) => {
        const before = await repo.assigneeOf(tx, req.params.id);
        await repo.setAssignee(tx, req.params.id, to);
        await recordCaseEvent(tx, req.ctx, req.params.id, 'assigned', ['assigned_to'], { before, after: to });
        await audit(
          req.ctx,
          { action: 'update', resource: 'cases', resourceId: req.params.id, fields: ['assigned_to'] },
          tx,
        );
      });
      forgetOwnership(req.ctx.db);
      return {
        caseId: req.params.id,
        assignedTo: to,
        assignedToName: await repo.displayNameOf(req.ctx.db, to),
      };
    },
  );
  app.get(
    '/api/cases/:id/assignee',
    {
      schema: {
        tags: ['cases'],
        summary: 'Who the case is assigned to',
        params: IdParams,
        response: { 200: Assignee },
      },
      config: { permission: 'cases:read', scope: 'agency' },
    },
    async (req) => {
      if ((await repo.caseAgency(req.ctx.db, req.params.id)) !== req.ctx.user!.agencyId)
        throw notFound('Case');
      const assignedTo = await repo.assigneeOf(req.ctx.db, req.params.id);
      return {
        caseId: req.params.id,
        assignedTo,
        assignedToName: await repo.displayNameOf(req.ctx.db, assignedTo),
      };
    },
  );
  app.get(
    '/api/case-assignees',
    {
      schema: {
        tags: ['cases'],
        summary: 'Case staff of my agency a case may be assigned to',
        response: { 200: Assignable },
      },
      config: { permission: 'cases:assign', scope: 'agency' },
    },
    async (req) => ({ items: await repo.assignableUsers(req.ctx.db, req.ctx.user!.agencyId) }),
  );
}
