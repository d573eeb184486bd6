/**
 * Screening instruments: versioned data files in `packages/core/instruments/*.json`.
 * This module is the format (Zod) and the loader. See docs/casework.md.
 */
import { z } from 'zod';
import { FORMS, MEANS_OF_CONTROL, RECRUITMENT, SECTORS } from '../taxonomy.ts';

/** The ILO's 11 indicators of forced labour (ILO, "Indicators of Forced Labour", 2012). */
export const ILO_INDICATORS = [
  'abuse_of_vulnerability',
  'deception',
  'restriction_of_movement',
  'isolation',
  'physical_sexual_violence',
  'intimidation_threats',
  'retention_of_documents',
  'withholding_of_wages',
  'debt_bondage',
  'abusive_conditions',
  'excessive_overtime',
] as const;
export type IloIndicator = (typeof ILO_INDICATORS)[number];

export const ANSWER_TYPES = ['yes_no', 'single_choice', 'multi_choice', 'number', 'text', 'date'] as const;
export type AnswerType = (typeof ANSWER_TYPES)[number];

/** Values of a `yes_no` item. `unsure` is always offered: nobody is pushed to a yes or a no. */
export const YES_NO_VALUES = ['yes', 'no', 'unsure'] as const;

/** Flags raised by an answer that are not forced-labour indicators. */
export const SCREENING_FLAGS = ['safety_concern', 'minor', 'needs_interpreter', 'wants_to_stop'] as const;
export type ScreeningFlag = (typeof SCREENING_FLAGS)[number];

export const LocalizedText = z.object({ es: z.string().min(1), en: z.string().min(1) }).strict();
export type LocalizedText = z.infer<typeof LocalizedText>;

const ItemId = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'item ids are snake_case');

/** A test on one answer. Exactly one operator. */
export const AnswerTest = z.union([
  z.object({ equals: z.union([z.string(), z.number()]) }).strict(),
  z.object({ in: z.array(z.string()).min(1) }).strict(),
  z.object({ includes: z.string() }).strict(),
  z.object({ includesAny: z.array(z.string()).min(1) }).strict(),
  z.object({ gte: z.number() }).strict(),
  z.object({ lt: z.number() }).strict(),
  z.object({ answered: z.boolean() }).strict(),
]);
export type AnswerTest = z.infer<typeof AnswerTest>;

/** Skip logic: an item is shown when its condition holds. */
export type Condition =
  | ({ item: string } & AnswerTest)
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ all: z.array(Condition).min(1) }).strict(),
    z.object({ any: z.array(Condition).min(1) }).strict(),
    z.object({ not: Condition }).strict(),
    z.intersection(z.object({ item: ItemId }), AnswerTest),
  ]),
) as z.ZodType<Condition>;

/** What an answer means: an ILO indicator and/or exchange-format means of control, or a flag. */
export const AnswerMapping = z
  .object({
    when: AnswerTest,
    indicator: z.enum(ILO_INDICATORS).optional(),
    strength: z.enum(['strong', 'medium']).default('medium'),
    meansOfControl: z.array(z.enum(MEANS_OF_CONTROL)).default([]),
    flag: z.enum(SCREENING_FLAGS).optional(),
    /** Why this answer matters, shown in the result ("why"). */
    reason: LocalizedText,
  })
  .strict()
  .refine((m) => m.indicator !== undefined || m.flag !== undefined || m.meansOfControl.length > 0, {
    message: 'a mapping must name an indicator, a flag or a means of control',
  });
export type AnswerMapping = z.infer<typeof AnswerMapping>;

export const ItemOption = z
  .object({
    value: z.string().regex(/^[a-z0-9_]{1,64}$/),
    label: LocalizedText,
    /** Hints to prefill the case's identification (exchange format). */
    sector: z.enum(SECTORS).optional(),
    form: z.enum(FORMS).optional(),
    recruitment: z.enum(RECRUITMENT).optional(),
  })
  .strict();
export type ItemOption = z.infer<typeof ItemOption>;

export const Item = z
  .object({
    id: ItemId,
    section: z.string().optional(),
    type: z.enum(ANSWER_TYPES),
    text: LocalizedText,
    /** Guidance for the interviewer (not read aloud). */
    help: LocalizedText.optional(),
    options: z.array(ItemOption).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    showIf: Condition.optional(),
    mappings: z.array(AnswerMapping).default([]),
  })
  .strict()
  .superRefine((item, ctx) => {
    const needsOptions = item.type === 'single_choice' || item.type === 'multi_choice';
    if (needsOptions && (!item.options || item.options.length < 2)) {
      ctx.addIssue({ code: 'custom', message: `item ${item.id}: choice items need at least two options` });
    }
    if (!needsOptions && item.options) {
      ctx.addIssue({ code: 'custom', message: `item ${item.id}: only choice items have options` });
    }
    if (item.options) {
      const values = item.options.map((o) => o.value);
      if (new Set(values).size !== values.length) {
        ctx.addIssue({ code: 'custom', message: `item ${item.id}: duplicate option values` });
      }
    }
  });
export type Item = z.infer<typeof Item>;

export const Instrument = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]{1,63}$/),
    version: z.string().regex(/^\d+\.\d+\.\d+$/),
    kind: z.enum(['short_screen', 'full_interview']),
    title: LocalizedText,
    description: LocalizedText,
    /** Read to the person before the first question. */
    intro: LocalizedText,
    /** Read at the end, whatever the result. */
    closing: LocalizedText,
    sections: z.array(z.object({ id: z.string(), title: LocalizedText }).strict()).default([]),
    items: z.array(Item).min(1),
  })
  .strict()
  .superRefine((inst, ctx) => {
    const seen = new Map<string, number>();
    inst.items.forEach((item, i) => {
      if (seen.has(item.id)) ctx.addIssue({ code: 'custom', message: `duplicate item id ${item.id}` });
      seen.set(item.id, i);
    });
    const sectionIds = new Set(inst.sections.map((s) => s.id));
    inst.items.forEach((item, i) => {
      if (item.section !== undefined && !sectionIds.has(item.section)) {
        ctx.addIssue({ code: 'custom', message: `item ${item.id}: unknown section ${item.section}` });
      }
      // Skip logic may only look back: an item's condition refers to earlier items.
      for (const ref of conditionItems(item.showIf)) {
        const at = seen.get(ref);
        if (at === undefined)
          ctx.addIssue({ code: 'custom', message: `item ${item.id}: unknown item ${ref}` });
        else if (at >= i)
          ctx.addIssue({ code: 'custom', message: `item ${item.id}: condition on a later item ${ref}` });
      }
      const optionValues = new Set((item.options ?? []).map((o) => o.value));
      for (const m of item.mappings) {
        for (const v of testValues(m.when)) {
          if (item.type === 'yes_no' && !(YES_NO_VALUES as readonly string[]).includes(v)) {
            ctx.addIssue({ code: 'custom', message: `item ${item.id}: mapping on unknown value ${v}` });
          }
          if (item.options && !optionValues.has(v)) {
            ctx.addIssue({ code: 'custom', message: `item ${item.id}: mapping on unknown option ${v}` });
          }
        }
      }
    });
  });
export type Instrument = z.infer<typeof Instrument>;

export function conditionItems(c: Condition | undefined): string[] {
  if (!c) return [];
  if ('all' in c) return c.all.flatMap(conditionItems);
  if ('any' in c) return c.any.flatMap(conditionItems);
  if ('not' in c) return conditionItems(c.not);
  return [c.item];
}

function testValues(t: AnswerTest): string[] {
  if ('equals' in t) return typeof t.equals === 'string' ? [t.equals] : [];
  if ('in' in t) return t.in;
  if ('includes' in t) return [t.includes];
  if ('includesAny' in t) return t.includesAny;
  return [];
}

/** Parses an instrument data file; throws a ZodError naming the bad field. */
export function parseInstrument(data: unknown): Instrument {
  return Instrument.parse(data);
}

/** The reference of an instrument version stored with every screening. */
export function instrumentRef(inst: Pick<Instrument, 'id' | 'version'>): string {
  return `${inst.id}@${inst.version}`;
}
