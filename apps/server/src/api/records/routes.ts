import { FILE_BY_KIND, maxCellLength } from '@enlace/core';
import { z } from 'zod';
import type { App } from '../../http/context.ts';
import { KINDS, type KindConfig } from './kinds.ts';
import { listRecords, readRecord, writeRecord } from './service.ts';

const Values = z.record(z.string(), z.string());
const RecordOut = z.object({ id: z.string(), values: Values });
const RecordList = z.object({ items: z.array(RecordOut), total: z.number() });
const WriteResult = RecordOut.extend({ status: z.enum(['created', 'updated', 'unchanged']) });
const IdParams = z.strictObject({ id: z.string().min(1).max(64) });
const ListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
  personId: z.string().min(1).max(64).optional(),
  year: z.coerce.number().int().min(1990).max(2100).optional(),
});

/** The body of a write: the exchange-format columns of the kind (cells as text); unknown columns are refused. */
function bodySchema(cfg: KindConfig) {
  const def = FILE_BY_KIND[cfg.kind];
  const shape: Record<string, z.ZodOptional<z.ZodString>> = {};
  for (const c of def.columns) {
    if (c.name === def.idColumn) continue;
    shape[c.name] = z
      .string()
      .max(maxCellLength(c)) // the exchange format's limits (docs/exchange.md)
      .describe(`${c.type}${c.values ? `: ${c.values.join(', ')}` : ''}${c.required ? ' (required)' : ''}`)
      .optional();
  }
  return z.strictObject(shape);
}

export async function recordRoutes(app: App) {
  for (const cfg of KINDS) {
    const tags = [cfg.path];
    app.get(
      `/api/${cfg.path}`,
      {
        schema: {
          tags,
          summary: `List ${cfg.kind} in your scope`,
          querystring: ListQuery,
          response: { 200: RecordList },
        },
        config: { permission: cfg.read, scope: 'agency' },
      },
      async (req) => listRecords(req.ctx, cfg, req.query),
    );
    app.get(
      `/api/${cfg.path}/:id`,
      {
        schema: {
          tags,
          summary: `One of ${cfg.kind} (audited)`,
          params: IdParams,
          response: { 200: RecordOut },
        },
        config: { permission: cfg.read, scope: 'agency' },
      },
      async (req) => readRecord(req.ctx, cfg, req.params.id),
    );
    app.put(
      `/api/${cfg.path}/:id`,
      {
        schema: {
          tags,
          summary: `Create or update one of ${cfg.kind} (exchange-format columns)`,
          params: IdParams,
          body: bodySchema(cfg),
          response: { 200: WriteResult },
        },
        config: { permission: cfg.write, scope: 'agency' },
      },
      async (req) =>
        writeRecord(req.ctx, cfg, req.params.id, req.body as Record<string, string | undefined>, (err) =>
          req.log.warn(
            { errClass: (err as Error)?.constructor?.name },
            'work after a committed record write failed; left pending',
          ),
        ),
    );
  }
}
