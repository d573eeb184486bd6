import { isDate, isPartialDate, SEXES } from '@enlace/core';
import { isIso3166Alpha3 } from '@enlace/core/codes';
import { isValidCurp } from '@enlace/core/curp';
import {
  FINANCIAL_REPORT_TYPES,
  JUSTICE_STAGES,
  LAW_ARTICLE_CODES,
  NETWORK_ROLES,
  STAGE_OUTCOMES,
} from '@enlace/core/justice';
import { z } from 'zod';

const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
  .refine(isDate, 'a date of the calendar (month 01-12, a day the month has)');
const PartialDate = z
  .string()
  .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'YYYY, YYYY-MM or YYYY-MM-DD')
  .refine(isPartialDate, 'a date of the calendar');
const Country = z.string().max(3).refine(isIso3166Alpha3, 'ISO 3166-1 alpha-3 country code');
const Text = (max: number) => z.string().trim().max(max);
const Mxn = z.string().regex(/^\d{1,14}(\.\d{1,2})?$/, 'an amount with at most two decimals, e.g. 1234.50');
/** An id of the exchange model (persons, convictions …). */
const RecordId = z.string().min(1).max(64);

export const IdParams = z.strictObject({ id: z.uuid() });
export const LinkParams = z.strictObject({ a: z.uuid(), b: z.uuid() });
export const ListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export const DefendantListQuery = ListQuery.extend({
  /** Only the defendants recorded from this case's perpetrators. */
  caseId: z.uuid().optional(),
});
/** A perpetrator of a case (by position in the case's list) recorded as a defendant. */
export const FromCaseBody = z.strictObject({ caseId: z.uuid(), index: z.int().min(0).max(49) });

/** A defendant's identity: encrypted as one document. */
export const DefendantIdentity = z.strictObject({
  givenNames: Text(200).default(''),
  surname1: Text(200).default(''),
  surname2: Text(200).default(''),
  aliases: z.array(Text(200).min(1)).max(20).default([]),
  birthDate: PartialDate.nullable().default(null),
  /** The age given when the birth date is not known, and the day it was given. */
  approximateAge: z.int().min(10).max(120).nullable().default(null),
  approximateAgeOn: Day.nullable().default(null),
  curp: z
    .string()
    .regex(/^[A-Z][AEIOUX][A-Z]{2}\d{6}[HMX][A-Z]{5}[0-9A-Z]\d$/, 'an 18-character CURP')
    .refine(isValidCurp, 'a CURP whose check digit and birth date are right')
    .nullable()
    .default(null),
});
export type DefendantIdentity = z.infer<typeof DefendantIdentity>;

const DefendantFields = {
  identity: DefendantIdentity,
  sex: z.enum(SEXES).nullable().default(null),
  nationality: Country.nullable().default(null),
  networkRoles: z.array(z.enum(NETWORK_ROLES)).max(NETWORK_ROLES.length).default([]),
  notes: Text(4000).default(''),
};
export const DefendantBody = z
  .strictObject({ ...DefendantFields, sourceCaseId: z.uuid().nullable().default(null) })
  .refine((d) => d.identity.givenNames || d.identity.surname1 || d.identity.aliases.length, {
    message: 'a name or an alias',
    path: ['identity', 'givenNames'],
  });
export type DefendantBody = z.infer<typeof DefendantBody>;
export const DefendantPatch = z.strictObject({
  identity: DefendantIdentity.optional(),
  sex: DefendantFields.sex.unwrap().nullable().optional(),
  nationality: Country.nullable().optional(),
  networkRoles: DefendantFields.networkRoles.unwrap().optional(),
  notes: Text(4000).optional(),
});
export type DefendantPatch = z.infer<typeof DefendantPatch>;

export const LinkDecisionBody = z.strictObject({ status: z.enum(['same', 'different', 'pending']) });

const ALL_OUTCOMES = [...new Set(Object.values(STAGE_OUTCOMES).flat())] as [string, ...string[]];

const StageFields = {
  reference: Text(100).default(''),
  recordRef: RecordId.nullable().default(null),
  startedOn: Day,
  endedOn: Day.nullable().default(null),
  court: Text(300).default(''),
  charges: z
    .array(z.enum(LAW_ARTICLE_CODES as [string, ...string[]]))
    .max(LAW_ARTICLE_CODES.length)
    .default([]),
  outcome: z.enum(ALL_OUTCOMES).nullable().default(null),
  sentenceMonths: z.int().min(0).max(2400).nullable().default(null),
  fineMxn: Mxn.nullable().default(null),
  officialComplicity: z.boolean().default(false),
  complicityNote: Text(4000).default(''),
  notes: Text(4000).default(''),
  defendantIds: z.array(z.uuid()).max(200).default([]),
  victimPersonIds: z.array(RecordId).max(500).default([]),
};

function stageRules<
  T extends z.ZodType<{
    stage?: string;
    outcome?: string | null;
    startedOn?: string;
    endedOn?: string | null;
  }>,
>(s: T) {
  return s
    .refine(
      (x) =>
        !x.outcome || !x.stage || STAGE_OUTCOMES[x.stage as keyof typeof STAGE_OUTCOMES].includes(x.outcome),
      {
        message: 'not an outcome of this stage',
        path: ['outcome'],
      },
    )
    .refine((x) => !x.endedOn || !x.startedOn || x.endedOn >= x.startedOn, {
      message: 'endedOn precedes startedOn',
      path: ['endedOn'],
    });
}

/** A new stage: an investigation opens a chain; every later stage names its chain (the investigation's id). */
export const StageBody = stageRules(
  z
    .strictObject({
      stage: z.enum(JUSTICE_STAGES),
      chainId: z.uuid().nullable().default(null),
      ...StageFields,
    })
    .refine((x) => (x.stage === 'investigation') === (x.chainId === null), {
      message: 'an investigation opens a chain; every other stage names its chain',
      path: ['chainId'],
    }),
);
export type StageBody = z.infer<typeof StageBody>;

export const StagePatch = z
  .strictObject({
    reference: StageFields.reference.unwrap().optional(),
    recordRef: RecordId.nullable().optional(),
    startedOn: Day.optional(),
    endedOn: Day.nullable().optional(),
    court: Text(300).optional(),
    charges: StageFields.charges.unwrap().optional(),
    outcome: z.enum(ALL_OUTCOMES).nullable().optional(),
    sentenceMonths: z.int().min(0).max(2400).nullable().optional(),
    fineMxn: Mxn.nullable().optional(),
    officialComplicity: z.boolean().optional(),
    complicityNote: Text(4000).optional(),
    notes: Text(4000).optional(),
    defendantIds: StageFields.defendantIds.unwrap().optional(),
    victimPersonIds: StageFields.victimPersonIds.unwrap().optional(),
  })
  .refine((x) => !x.endedOn || !x.startedOn || x.endedOn >= x.startedOn, {
    message: 'endedOn precedes startedOn',
    path: ['endedOn'],
  });
export type StagePatch = z.infer<typeof StagePatch>;

export const RestitutionOrderBody = z.strictObject({
  convictionRef: RecordId,
  victimPersonId: RecordId,
  debtorDefendantId: z.uuid().nullable().default(null),
  orderedMxn: Mxn,
  orderedOn: Day.nullable().default(null),
});
export type RestitutionOrderBody = z.infer<typeof RestitutionOrderBody>;

export const RestitutionPaymentBody = z
  .strictObject({
    paidOn: Day,
    amountMxn: Mxn.refine((s) => Number(s) > 0, 'must be positive'),
    payer: z.enum(['defendant', 'assistance_fund', 'seized_assets', 'other']),
    payerDefendantId: z.uuid().nullable().default(null),
  })
  .refine((p) => p.payer === 'defendant' || p.payerDefendantId === null, {
    message: 'only a defendant payer names a defendant',
    path: ['payerDefendantId'],
  });
export type RestitutionPaymentBody = z.infer<typeof RestitutionPaymentBody>;

export const Subject = z.strictObject({
  kind: z.enum(['person', 'company']),
  name: Text(300).min(1),
  /** RFC (Mexican tax id) or another identifier. */
  taxId: Text(20).default(''),
});
export const Account = z.strictObject({
  institution: Text(200).default(''),
  number: Text(40).min(1),
  holder: Text(300).default(''),
});
const FinancialFields = {
  reportType: z.enum(FINANCIAL_REPORT_TYPES),
  reference: Text(100).default(''),
  reportedOn: Day,
  institution: Text(300).default(''),
  amount: z.string().regex(/^\d{1,16}(\.\d{1,2})?$/, 'an amount with at most two decimals'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 currency code, e.g. MXN, USD'),
  subjects: z.array(Subject).max(50).default([]),
  accounts: z.array(Account).max(50).default([]),
  notes: Text(4000).default(''),
  chainIds: z.array(z.uuid()).max(50).default([]),
  defendantIds: z.array(z.uuid()).max(200).default([]),
};
export const FinancialReportBody = z.strictObject(FinancialFields);
export type FinancialReportBody = z.infer<typeof FinancialReportBody>;
