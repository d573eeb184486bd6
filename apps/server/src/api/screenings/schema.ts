import { screening } from '@enlace/core';
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

const AnswerValue = z.union([z.string(), z.number(), z.array(z.string())]);
/** A test on one answer, exactly one operator (`equals`, `in`, `includes`, `includesAny`, `gte`, `lt`, `answered`). */
const AnswerTest = z.object({
  equals: z.union([z.string(), z.number()]).optional(),
  in: z.array(z.string()).optional(),
  includes: z.string().optional(),
  includesAny: z.array(z.string()).optional(),
  gte: z.number().optional(),
  lt: z.number().optional(),
  answered: z.boolean().optional(),
});
/**
 * One version of a screening instrument as @enlace/core's data file has it (packages/core/instruments): items
 * with their options, skip logic and what each answer means. The skip logic (`showIf`: an item test, or
 * `all`/`any`/`not` of conditions) is recursive and given as it is.
 */
export const InstrumentView = z.object({
  id: z.string(),
  version: z.string(),
  kind: z.enum(['short_screen', 'full_interview']),
  title: Text,
  description: Text,
  /** Read to the person before the first question. */
  intro: Text,
  /** Read at the end, whatever the result. */
  closing: Text,
  sections: z.array(z.object({ id: z.string(), title: Text })),
  items: z.array(
    z.object({
      id: z.string(),
      section: z.string().optional(),
      type: z.enum(screening.ANSWER_TYPES),
      text: Text,
      /** Guidance for the interviewer (not read aloud). */
      help: Text.optional(),
      options: z
        .array(
          z.object({
            value: z.string(),
            label: Text,
            sector: z.string().optional(),
            form: z.string().optional(),
            recruitment: z.string().optional(),
          }),
        )
        .optional(),
      min: z.number().optional(),
      max: z.number().optional(),
      showIf: z.unknown().optional(),
      mappings: z.array(
        z.object({
          when: AnswerTest,
          indicator: z.enum(screening.ILO_INDICATORS).optional(),
          strength: z.enum(['strong', 'medium']),
          meansOfControl: z.array(z.string()),
          flag: z.enum(screening.SCREENING_FLAGS).optional(),
          reason: Text,
        }),
      ),
    }),
  ),
});

/**
 * A screening: the answers so far (`null`: prefers not to answer), the next item to ask, and the result as the
 * engine scores it — a recommendation, never "is a victim", with the evidence of each indicator.
 */
export const ScreeningView = z.object({
  id: z.string(),
  caseId: z.string().nullable(),
  instrument: z.object({ id: z.string(), version: z.string() }),
  status: z.enum(['in_progress', 'completed']),
  answers: z.record(z.string(), AnswerValue.nullable()),
  nextItemId: z.string().nullable(),
  progress: z.object({ answered: z.number(), shown: z.number() }),
  result: z.object({
    instrument: z.string(),
    complete: z.boolean(),
    recommendation: z.enum(screening.RECOMMENDATIONS),
    indicators: z.array(
      z.object({
        indicator: z.enum(screening.ILO_INDICATORS),
        strength: z.enum(['strong', 'medium']),
        evidence: z.array(
          z.object({
            itemId: z.string(),
            answer: AnswerValue,
            strength: z.enum(['strong', 'medium']),
            reason: Text,
          }),
        ),
      }),
    ),
    flags: z.array(z.object({ flag: z.enum(screening.SCREENING_FLAGS), itemId: z.string(), reason: Text })),
    meansOfControl: z.array(z.string()),
    hints: z.object({
      sectors: z.array(z.string()),
      forms: z.array(z.string()),
      recruitment: z.array(z.string()),
    }),
    answered: z.number(),
    declined: z.number(),
    /** Items shown so far that are still unanswered (0 when complete). */
    remaining: z.number(),
  }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
