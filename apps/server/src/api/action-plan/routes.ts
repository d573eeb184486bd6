import { z } from 'zod';
import { audit } from '../../audit/service.ts';
import type { App } from '../../http/context.ts';
import { actionPlan } from './service.ts';

const Text = z.object({ 'es-MX': z.string(), 'en-US': z.string() });
const Point = z.object({ year: z.number(), value: z.number() });
const Query = z.strictObject({
  state: z
    .string()
    .regex(/^(0[1-9]|[12]\d|3[0-2])$/, 'a two-digit INEGI state code')
    .optional(),
});
const Response = z.object({
  title: Text,
  source: Text,
  threshold: z.number(),
  state: z.string().nullable(),
  years: z.array(z.number()),
  states: z.array(z.object({ code: z.string(), name: z.string() })),
  indicators: z.array(
    z.object({
      id: z.string(),
      name: Text,
      definition: Text,
      objective: Text,
      responsible: Text,
      unit: z.enum(['count', 'percent', 'mxn', 'usd']),
      direction: z.enum(['up', 'down']),
      baseline: Point,
      target: Point,
      example: z.boolean(),
      series: z.array(z.object({ year: z.number(), value: z.number().nullable(), suppressed: z.boolean() })),
    }),
  ),
});

/** National Action Plan monitoring (docs/action-plan.md): aggregates only, below the threshold suppressed. */
export async function actionPlanRoutes(app: App) {
  app.get(
    '/api/action-plan',
    {
      schema: {
        tags: ['action-plan'],
        summary:
          "The National Action Plan's indicators per year, nationally or for one state (figures on fewer than k records suppressed)",
        querystring: Query,
        response: { 200: Response },
      },
      config: { permission: 'report:read', scope: 'none' },
    },
    async (req) => {
      const out = await actionPlan(req.ctx.db, req.query.state);
      await audit(req.ctx, {
        action: 'read',
        resource: 'action_plan',
        resourceId: req.query.state ?? 'national',
        fields: out.indicators.map((i) => i.id),
      });
      return out;
    },
  );
}
