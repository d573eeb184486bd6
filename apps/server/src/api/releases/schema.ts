import { z } from 'zod';

export const PrepareBody = z.strictObject({
  year: z.number().int().min(1990).max(2100),
  k: z.number().int().min(2).max(1000).default(11),
  /** differential privacy: two-sided geometric noise with this ε on every count that is not a total */
  epsilon: z.number().positive().max(100).nullable().optional(),
});
export type PrepareBody = z.infer<typeof PrepareBody>;

export const IdParams = z.strictObject({ id: z.uuid() });

export const ReleaseStatus = z.enum(['prepared', 'published', 'discarded', 'superseded']);

const Person = z.object({ id: z.string(), name: z.string() });

export const ReleaseSummary = z.object({
  id: z.string(),
  year: z.number(),
  k: z.number(),
  epsilon: z.number().nullable(),
  status: ReleaseStatus,
  preparedBy: Person,
  preparedAt: z.string(),
  approvedBy: Person.nullable(),
  publishedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  primarySuppressed: z.number(),
  complementarySuppressed: z.number(),
  /** whether the caller may approve it: prepared, and not prepared by the caller (two-person rule) */
  mayApprove: z.boolean(),
});

const Label = z.object({ 'es-MX': z.string(), 'en-US': z.string() });

export const ReleaseCell = z.object({
  key: z.string(),
  /** the figure's name in each language (the data dictionary of the open-data page) */
  label: Label,
  /** null where suppressed */
  value: z.number().nullable(),
  reason: z
    .object({
      kind: z.enum(['primary', 'complementary']),
      /** the cell a complement hides */
      protects: z.string().optional(),
      protectsLabel: Label.optional(),
      /** the relation through which it protects it */
      relation: z.string().optional(),
    })
    .nullable(),
});

export const ReleaseDetail = ReleaseSummary.extend({
  cells: z.array(ReleaseCell),
  amounts: z.record(z.string(), z.number().nullable()),
  countries: z.array(z.string()),
  countriesWithheld: z.number(),
  relations: z.number(),
});

export const ReleaseList = z.object({
  items: z.array(ReleaseSummary),
  /** the years that have records, newest first (what a release can be prepared for) */
  years: z.array(z.number()),
});
