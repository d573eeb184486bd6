import { z } from 'zod';

export const StartScreeningBody = z.strictObject({
  instrumentId: z.string().min(1).max(64),
  /** Defaults to the latest version; a screening keeps the version it started with. */
  version: z
    .string()
    .regex(/^\d+\.\d+\.\d+$/)
    .optional(),
  caseId: z.uuid().optional(),
});
export const IdParams = z.strictObject({ id: z.uuid() });
export const AnswerParams = z.strictObject({
  id: z.uuid(),
  itemId: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/),
});
/** `value: null` records "prefers not to answer". */
export const AnswerBody = z.strictObject({
  value: z.union([z.string().max(2000), z.number(), z.array(z.string().max(64)).max(50), z.null()]),
});
export const InstrumentParams = z.strictObject({ id: z.string().max(64), version: z.string().max(20) });

const Text = z.object({ es: z.string(), en: z.string() });
/** The installed instruments, one entry per version (the items themselves: `GET /api/instruments/:id/:version`). */
export const InstrumentSummaries = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      version: z.string(),
      kind: z.enum(['short_screen', 'full_interview']),
      title: Text,
      description: Text,
      /** How many items the instrument has. */
      items: z.number(),
    }),
  ),
});
/** My agency's screenings, without their answers (a recommendation and indicators once completed). */
export const ScreeningList = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      caseId: z.string().nullable(),
      instrument: z.object({ id: z.string(), version: z.string() }),
      status: z.enum(['in_progress', 'completed']),
      recommendation: z.string().nullable(),
      indicators: z.array(z.string()),
      updatedAt: z.string(),
    }),
  ),
});
