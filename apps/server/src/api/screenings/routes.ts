import { z } from 'zod';
import type { App } from '../../http/context.ts';
import {
  AnswerBody,
  AnswerParams,
  IdParams,
  InstrumentParams,
  InstrumentSummaries,
  InstrumentView,
  ScreeningList,
  ScreeningView,
  StartScreeningBody,
} from './schema.ts';
import {
  answer,
  complete,
  instrument,
  listInstrumentSummaries,
  listMyScreenings,
  readScreening,
  startScreening,
} from './service.ts';

const tags = ['screenings'];

export async function screeningRoutes(app: App) {
  app.get(
    '/api/instruments',
    {
      schema: {
        tags,
        summary: 'Screening instruments (versioned data files)',
        response: { 200: InstrumentSummaries },
      },
      config: { permission: 'cases:read' },
    },
    async () => listInstrumentSummaries(),
  );
  app.get(
    '/api/instruments/:id/:version',
    {
      schema: {
        tags,
        summary: 'One instrument version with items, skip logic and mappings ("latest" for the newest)',
        params: InstrumentParams,
        response: { 200: InstrumentView },
      },
      config: { permission: 'cases:read' },
    },
    async (req) => instrument(req.params.id, req.params.version),
  );
  app.get(
    '/api/screenings',
    {
      schema: {
        tags,
        summary: 'Screenings of my agency',
        querystring: z.strictObject({ status: z.enum(['in_progress', 'completed']).optional() }),
        response: { 200: ScreeningList },
      },
      config: { permission: 'cases:read' },
    },
    async (req) => listMyScreenings(req.ctx, req.query.status),
  );
  app.post(
    '/api/screenings',
    {
      schema: {
        tags,
        summary: 'Start a screening',
        body: StartScreeningBody,
        response: { 201: ScreeningView },
      },
      config: { permission: 'cases:write' },
    },
    async (req, reply) => reply.code(201).send(await startScreening(req.ctx, req.body)),
  );
  app.get(
    '/api/screenings/:id',
    {
      schema: {
        tags,
        summary: 'A screening: answers so far, next item, result',
        params: IdParams,
        response: { 200: ScreeningView },
      },
      config: { permission: 'cases:read' },
    },
    async (req) => readScreening(req.ctx, req.params.id),
  );
  app.put(
    '/api/screenings/:id/answers/:itemId',
    {
      schema: {
        tags,
        summary: 'Answer (or change) one item',
        params: AnswerParams,
        body: AnswerBody,
        response: { 200: ScreeningView },
      },
      config: { permission: 'cases:write' },
    },
    async (req) => answer(req.ctx, req.params.id, req.params.itemId, req.body.value),
  );
  app.post(
    '/api/screenings/:id/complete',
    {
      schema: {
        tags,
        summary: 'Complete: the result is a recommendation, never "is a victim"',
        params: IdParams,
        response: { 200: ScreeningView },
      },
      config: { permission: 'cases:write' },
    },
    async (req) => complete(req.ctx, req.params.id),
  );
}
