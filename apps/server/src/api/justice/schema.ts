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

// ---- answers (the response schemas: Fastify serialises through them, so a field left out is dropped) -----

const Time = z.string();
const NullableDay = z.string().nullable();

/** A defendant's identity as stored (decrypted; every field present). */
const IdentityView = z.object({
  givenNames: z.string(),
  surname1: z.string(),
  surname2: z.string(),
  aliases: z.array(z.string()),
  birthDate: z.string().nullable(),
  approximateAge: z.number().nullable(),
  approximateAgeOn: z.string().nullable(),
  curp: z.string().nullable(),
});
/** A defendant as written (create, change, from a case). */
export const DefendantView = z.object({
  id: z.string(),
  agencyId: z.string(),
  displayName: z.string(),
  identity: IdentityView,
  sex: z.string().nullable(),
  nationality: z.string().nullable(),
  networkRoles: z.array(z.string()),
  notes: z.string(),
  sourceCaseId: z.string().nullable(),
  createdAt: Time,
  updatedAt: Time,
});
/** One defendant with the stages and reports naming them and the possible same persons (another agency's by nothing but the probability). */
export const DefendantRead = DefendantView.extend({
  stages: z.array(
    z.object({
      id: z.string(),
      chainId: z.string(),
      stage: z.string(),
      reference: z.string(),
      startedOn: z.string(),
      outcome: z.string().nullable(),
      charges: z.array(z.string()),
    }),
  ),
  financialReportIds: z.array(z.string()),
  possibleMatches: z.array(
    z.object({
      defendantId: z.string().nullable(),
      sameAgency: z.boolean(),
      probability: z.number(),
      status: z.string(),
    }),
  ),
});
export const DefendantList = z.object({
  total: z.number(),
  items: z.array(
    z.object({
      id: z.string(),
      displayName: z.string(),
      sex: z.string().nullable(),
      nationality: z.string().nullable(),
      networkRoles: z.array(z.string()),
      birthDate: z.string().nullable(),
      approximateAge: z.number().nullable(),
      possibleMatches: z.number(),
      sourceCaseId: z.string().nullable(),
    }),
  ),
});
/** One side of a possible same-person pair: my agency's defendant, or another agency's by a handle only. */
const PairSide = z.object({
  own: z.boolean(),
  defendantId: z.string().nullable(),
  handle: z.string().optional(),
  displayName: z.string().optional(),
  aliases: z.array(z.string()).optional(),
  birthDate: z.string().nullable().optional(),
  approximateAge: z.number().nullable().optional(),
  sex: z.string().nullable().optional(),
  nationality: z.string().nullable().optional(),
  networkRoles: z.array(z.string()).optional(),
});
const LinkStatus = z.enum(['same', 'different', 'pending']);
export const DefendantLinks = z.object({
  items: z.array(
    z.object({
      a: z.string().nullable(),
      b: z.string().nullable(),
      pairKey: z.string().nullable(),
      left: PairSide,
      right: PairSide,
      probability: z.number(),
      status: LinkStatus,
      crossAgency: z.boolean(),
    }),
  ),
});
export const LinkDecided = z.object({ a: z.string(), b: z.string(), status: LinkStatus });

const Named = z.object({ id: z.string(), displayName: z.string() });
/** An exchange record to pick, with what names it to a person (the id is the value, never the label). */
const RecordOption = z.object({
  id: z.string(),
  date: z.string().nullable(),
  stateCode: z.string().nullable(),
  primaryForm: z.string(),
  /** Months of prison (convictions). */
  sentenceMonths: z.number().int().nullable(),
  /** The file number of a stage that already names this record. */
  reference: z.string().nullable(),
  /** Its defendants' names where the caller may read them (the prosecution's person, defendants of its stages). */
  defendantName: z.string().nullable(),
});
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
export const RecordSearchQuery = z.strictObject({
  kind: z.enum(['investigations', 'prosecutions', 'convictions']),
  /** Words each found in a file number of a stage naming the record or in its defendants' names. */
  q: z.string().trim().max(100).optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  state: z
    .string()
    .regex(/^(0[1-9]|[12][0-9]|3[0-2])$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export const RecordMatches = z.object({
  items: z.array(RecordOption),
  /** How many more match beyond `items` (refine the search). */
  more: z.number().int(),
});
export const JusticeOptions = z.object({
  defendants: z.array(Named),
  victims: z.array(z.object({ personId: z.string(), name: z.string() })),
  chains: z.array(z.object({ id: z.string(), reference: z.string(), openedOn: z.string() })),
  records: z.object({
    investigations: z.array(RecordOption),
    prosecutions: z.array(RecordOption),
    convictions: z.array(RecordOption),
  }),
});
export const VictimMatches = z.object({
  items: z.array(z.object({ personId: z.string(), name: z.string() })),
});

/** Days between a chain's stages (null where a stage is missing or the dates run backwards). */
const Durations = z.object({
  openingToChargeDays: z.number().nullable(),
  chargeToSentenceDays: z.number().nullable(),
  openingToSentenceDays: z.number().nullable(),
});
export const ChainList = z.object({
  items: z.array(
    z.object({
      chainId: z.string(),
      reference: z.string(),
      recordRef: z.string().nullable(),
      openedOn: z.string(),
      latestStage: z.string(),
      latestStageId: z.string(),
      latestOutcome: z.string().nullable(),
      charges: z.array(z.string()),
      defendants: z.number(),
      victims: z.number(),
      officialComplicity: z.boolean(),
      durations: Durations,
    }),
  ),
});
export const StageWritten = z.object({ id: z.string(), chainId: z.string(), stage: z.enum(JUSTICE_STAGES) });
const StageView = z.object({
  id: z.string(),
  chainId: z.string(),
  stage: z.enum(JUSTICE_STAGES),
  reference: z.string(),
  recordRef: z.string().nullable(),
  startedOn: z.string(),
  endedOn: NullableDay,
  court: z.string(),
  charges: z.array(z.string()),
  outcome: z.string().nullable(),
  sentenceMonths: z.number().nullable(),
  fineMxn: z.string().nullable(),
  officialComplicity: z.boolean(),
  complicityNote: z.string(),
  notes: z.string(),
  defendants: z.array(Named),
  /** A victim another agency holds has no name here (null). */
  victims: z.array(z.object({ personId: z.string(), name: z.string().nullable() })),
});
/** Restitution ordered on a conviction record, what was paid and what is outstanding (amounts in MXN). */
const RestitutionView = z.object({
  id: z.string(),
  stageId: z.string(),
  convictionRef: z.string(),
  victimPersonId: z.string(),
  victimName: z.string().nullable(),
  debtorDefendantId: z.string().nullable(),
  debtorName: z.string().nullable(),
  orderedMxn: z.string(),
  orderedOn: NullableDay,
  paidMxn: z.string(),
  outstandingMxn: z.string(),
  payments: z.array(
    z.object({
      id: z.string(),
      paidOn: z.string(),
      amountMxn: z.string(),
      payer: z.string(),
      payerDefendantId: z.string().nullable(),
      payerName: z.string().nullable(),
    }),
  ),
});
export const StageRead = z.object({
  stage: StageView,
  chain: z.array(StageView),
  durations: Durations,
  restitution: z.array(RestitutionView),
  /** Restitution recorded on the case pages of the agency's cases on this chain's convictions (payments there). */
  caseRestitution: z.array(
    z.object({
      id: z.string(),
      caseId: z.string(),
      convictionRef: z.string(),
      victimName: z.string().nullable(),
      orderedMxn: z.string(),
      orderedOn: z.string().nullable(),
      paidMxn: z.string(),
      outstandingMxn: z.string(),
    }),
  ),
  financialReportIds: z.array(z.string()),
});
export const RestitutionOrdered = z.object({
  id: z.string(),
  stageId: z.string(),
  convictionRef: z.string(),
  victimPersonId: z.string(),
  orderedMxn: z.string(),
  orderedOn: NullableDay,
});
export const RestitutionPaid = z.object({
  id: z.string(),
  orderId: z.string(),
  paidOn: z.string(),
  amountMxn: z.string(),
  payer: z.string(),
  payerDefendantId: z.string().nullable(),
});

export const FinancialReportView = z.object({
  id: z.string(),
  reportType: z.string(),
  reference: z.string(),
  reportedOn: z.string(),
  institution: z.string(),
  amount: z.string(),
  currency: z.string(),
  subjects: z.array(z.object({ kind: z.enum(['person', 'company']), name: z.string(), taxId: z.string() })),
  accounts: z.array(z.object({ institution: z.string(), number: z.string(), holder: z.string() })),
  notes: z.string(),
  chainIds: z.array(z.string()),
  defendantIds: z.array(z.string()),
});
export const FinancialReportList = z.object({
  total: z.number(),
  items: z.array(
    z.object({
      id: z.string(),
      reportType: z.string(),
      reference: z.string(),
      reportedOn: z.string(),
      institution: z.string(),
      amount: z.string(),
      currency: z.string(),
      subjects: z.array(z.object({ kind: z.enum(['person', 'company']), name: z.string() })),
      chains: z.number(),
      defendants: z.number(),
    }),
  ),
});
