/**
 * The National Action Plan's indicators as data. An indicator is a computation over a named record set of
 * Enlace (count, sum of a field, or the ratio of two such), with filters on the set's declared fields; the
 * computation runs per year and state. Adding an indicator is adding an entry to the JSON file
 * (`indicators.json`, or the file named by ENLACE_ACTION_PLAN): no code. The file is validated here at start.
 */
import { readFileSync } from 'node:fs';
import { FORMS, PAYMENT_SOURCES } from '@enlace/core/taxonomy';
import { z } from 'zod';
import { RECORD_SETS, type SetName } from './sets.ts';

const Text = z.strictObject({ 'es-MX': z.string().min(1).max(600), 'en-US': z.string().min(1).max(600) });
const FilterValue = z.union([z.array(z.union([z.string(), z.boolean()])).min(1), z.string(), z.boolean()]);
const SetExpr = z.strictObject({
  set: z.enum(Object.keys(RECORD_SETS) as [SetName, ...SetName[]]),
  where: z.record(z.string(), FilterValue).default({}),
});
const Count = SetExpr.extend({ op: z.literal('count') });
const Sum = SetExpr.extend({ op: z.literal('sum'), field: z.string() });
const Agg = z.discriminatedUnion('op', [Count, Sum]);
const Ratio = z.strictObject({ op: z.literal('ratio'), numerator: Agg, denominator: Agg });
export const Computation = z.discriminatedUnion('op', [Count, Sum, Ratio]);
export type Agg = z.infer<typeof Agg>;
export type Computation = z.infer<typeof Computation>;

const Point = z.strictObject({ year: z.int().min(2000).max(2100), value: z.number() });

/** The values a filter may take, where they are a closed list. */
const ALLOWED: Record<string, readonly (string | boolean)[]> = {
  form: FORMS,
  level: ['federal', 'state', 'municipal', 'ngo', 'international', 'foreign'],
  source: PAYMENT_SOURCES,
  minor: [true, false],
  official_complicity: [true, false],
  trafficking_related: [true, false],
  channel: ['phone', 'chat', 'web', 'email', 'sms', 'whatsapp'],
};

export const Indicator = z
  .strictObject({
    id: z.string().regex(/^[a-z][a-z0-9_]{1,60}$/),
    name: Text,
    definition: Text,
    /** the plan's objective or line of action it measures */
    objective: Text,
    responsible: Text,
    unit: z.enum(['count', 'percent', 'mxn', 'usd']),
    /** whether the plan wants the figure to go up or down */
    direction: z.enum(['up', 'down']),
    compute: Computation,
    baseline: Point,
    target: Point,
    /** true: baseline and target are examples, not the plan's official figures */
    example: z.boolean(),
  })
  .superRefine((ind, ctx) => {
    const check = (a: Agg, path: (string | number)[]) => {
      const set = RECORD_SETS[a.set];
      for (const [f, v] of Object.entries(a.where)) {
        const allowed = ALLOWED[f];
        for (const x of Array.isArray(v) ? v : [v])
          if (allowed && !allowed.includes(x))
            ctx.addIssue({
              code: 'custom',
              path: [...path, 'where', f],
              message: `${String(x)} is not a ${f}`,
            });
        if (!(f in set.filters))
          ctx.addIssue({
            code: 'custom',
            path: [...path, 'where', f],
            message: `${a.set} has no filter ${f} (filters: ${Object.keys(set.filters).join(', ')})`,
          });
      }
      if (a.op === 'sum' && !(set.sums as readonly string[]).includes(a.field))
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'field'],
          message: `${a.set} has no numeric field ${a.field} (fields: ${set.sums.join(', ') || 'none'})`,
        });
    };
    const c = ind.compute;
    if (c.op === 'ratio') {
      check(c.numerator, ['compute', 'numerator']);
      check(c.denominator, ['compute', 'denominator']);
      if (ind.unit !== 'percent')
        ctx.addIssue({ code: 'custom', path: ['unit'], message: 'a ratio is shown as a percent' });
    } else check(c, ['compute']);
  });
export type Indicator = z.infer<typeof Indicator>;

export const Plan = z
  .strictObject({
    title: Text,
    source: Text,
    indicators: z.array(Indicator).min(1).max(200),
  })
  .superRefine((p, ctx) => {
    const seen = new Set<string>();
    p.indicators.forEach((i, n) => {
      if (seen.has(i.id))
        ctx.addIssue({ code: 'custom', path: ['indicators', n, 'id'], message: `duplicate id ${i.id}` });
      seen.add(i.id);
    });
  });
export type Plan = z.infer<typeof Plan>;

/** Parses and validates a plan file; the error lists every problem with its path. */
export function parsePlan(json: unknown): Plan {
  const r = Plan.safeParse(json);
  if (!r.success)
    throw new Error(
      `action plan: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return r.data;
}

let cached: Plan | null = null;
/** The plan in force: ENLACE_ACTION_PLAN (a JSON file) or the sample shipped beside this module. */
export function loadPlan(): Plan {
  if (cached) return cached;
  const file = process.env.ENLACE_ACTION_PLAN || new URL('./indicators.json', import.meta.url);
  cached = parsePlan(JSON.parse(readFileSync(file, 'utf8')));
  return cached;
}
