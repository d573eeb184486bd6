import { z } from 'zod';

export const ReviewQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(500).optional() });
export const PairParams = z.strictObject({ a: z.string().min(1).max(64), b: z.string().min(1).max(64) });
export const DecisionBody = z.strictObject({
  decision: z.enum(['confirmed', 'rejected']),
  justification: z.string().max(500).optional(),
});
export const DecisionParams = z.strictObject({ id: z.coerce.number().int().positive() });

const Agreement = z.enum(['same', 'different', 'missing']);
/** The institution that recorded a person the reviewer may read; null for another agency's person (not disclosed). */
const RecordingAgency = z.object({ id: z.string(), name: z.string() }).nullable();
/**
 * The undecided pairs in the uncertain band, best first: ids only (the reviewer reads the agency's own persons
 * through their audited API); a person of another agency appears as an opaque handle (`ext:…`).
 */
export const ReviewQueue = z.array(
  z.object({
    personA: z.string(),
    personB: z.string(),
    probability: z.number(),
    /** Field by field, whether the two records agree (case, accents and spaces folded); never their values. */
    comparison: z.object({
      given_names: Agreement,
      surname_1: Agreement,
      surname_2: Agreement,
      birth_date: Agreement,
      sex: Agreement,
      nationality: Agreement,
      curp: Agreement,
    }),
    agencyA: RecordingAgency,
    agencyB: RecordingAgency,
  }),
);
/** The decision recorded (a confirmation, a rejection or the undoing of one): its id, to undo it. */
export const DecisionRecorded = z.object({ decisionId: z.number() });
