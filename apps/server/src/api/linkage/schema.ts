import { z } from 'zod';

export const ReviewQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(500).optional() });
export const PairParams = z.strictObject({ a: z.string().min(1).max(64), b: z.string().min(1).max(64) });
export const DecisionBody = z.strictObject({
  decision: z.enum(['confirmed', 'rejected']),
  justification: z.string().max(500).optional(),
});
export const DecisionParams = z.strictObject({ id: z.coerce.number().int().positive() });
