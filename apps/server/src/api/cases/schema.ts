import {
  FORMS,
  FUNDING,
  isDate,
  isPartialDate,
  MEANS_OF_CONTROL,
  RECRUITER_RELATIONS,
  RECRUITMENT,
  SECTORS,
  SERVICES,
  SEXES,
} from '@enlace/core';
import { isIso3166Alpha3, isIso6393 } from '@enlace/core/codes';
import { isValidCurp } from '@enlace/core/curp';
import { z } from 'zod';

const Country = z.string().max(3).refine(isIso3166Alpha3, 'ISO 3166-1 alpha-3 country code');
const Language = z.string().max(3).refine(isIso6393, 'ISO 639-3 language code');
const PartialDate = z
  .string()
  .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'YYYY, YYYY-MM or YYYY-MM-DD')
  .refine(isPartialDate, 'a date of the calendar (month 01-12, a day the month has)');
const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
  .refine(isDate, 'a date of the calendar (month 01-12, a day the month has)');
const Text = (max: number) => z.string().trim().max(max);

export const MIGRATION_STATUSES = [
  'mexican_national',
  'regular',
  'irregular',
  'asylum_seeker',
  'refugee',
] as const;
export const CLOSURE_REASONS = [
  'goals_met',
  'person_declined_services',
  'transferred',
  'lost_contact',
  'repatriated',
  'deceased',
  'other',
] as const;

/** Every field of the exchange format's persons.csv (except the ids). */
export const PersonInput = z.strictObject({
  givenNames: Text(200).optional(),
  surname1: Text(200).optional(),
  surname2: Text(200).optional(),
  birthDate: PartialDate.optional(),
  /** The age the person gave (e.g. in a screening) when the birth date is not known, and the day it was given. */
  approximateAge: z.int().min(0).max(120).optional(),
  approximateAgeOn: Day.optional(),
  sex: z.enum(SEXES).optional(),
  nationality: Country.optional(),
  curp: z
    .string()
    .regex(/^[A-Z][AEIOUX][A-Z]{2}\d{6}[HMX][A-Z]{5}[0-9A-Z]\d$/, 'an 18-character CURP')
    .refine(isValidCurp, 'a CURP whose check digit and birth date are right')
    .optional(),
  indigenous: z.boolean().optional(),
  languages: z.array(Language).max(10).optional(),
  lgbtqi: z.boolean().optional(),
  disability: z.boolean().optional(),
  phone: Text(40).optional(),
  email: z.email().optional(),
  address: Text(500).optional(),
  migrationStatus: z.enum(MIGRATION_STATUSES).optional(),
});
export type PersonInput = z.infer<typeof PersonInput>;

/** Every field of the exchange format's identifications.csv (except the ids). */
export const IdentificationInput = z.strictObject({
  date: Day.optional(),
  stateCode: z
    .string()
    .regex(/^(0[1-9]|[12]\d|3[0-2])$/)
    .optional(),
  countryOfExploitation: Country.optional(),
  primaryForm: z.enum(FORMS).optional(),
  otherForms: z.array(z.enum(FORMS)).optional(),
  sector: z.enum(SECTORS).optional(),
  meansOfControl: z.array(z.enum(MEANS_OF_CONTROL)).optional(),
  recruitment: z.array(z.enum(RECRUITMENT)).optional(),
  recruiterRelation: z.enum(RECRUITER_RELATIONS).optional(),
});
export type IdentificationInput = z.infer<typeof IdentificationInput>;

export const Perpetrator = z.strictObject({
  name: Text(300).optional(),
  alias: Text(200).optional(),
  role: z.enum(['recruiter', 'transporter', 'exploiter', 'controller', 'buyer', 'other']).optional(),
  relation: z.enum(RECRUITER_RELATIONS).optional(),
  description: Text(2000).optional(),
});
export type Perpetrator = z.infer<typeof Perpetrator>;
export const TimelineEntry = z.strictObject({
  phase: z.enum(['recruitment', 'transit', 'exploitation', 'exit', 'other']),
  from: PartialDate.optional(),
  to: PartialDate.optional(),
  place: Text(300).optional(),
  municipality: z
    .string()
    .regex(/^\d{5}$/)
    .optional(),
  country: Country.optional(),
  description: Text(4000).optional(),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

const PlanId = z.string().min(1).max(40);
export const PlanTask = z.strictObject({
  id: PlanId,
  title: Text(500).min(1),
  dueDate: Day.nullable().default(null),
  done: z.boolean().default(false),
  doneOn: Day.nullable().default(null),
});
export const PlanGoal = z.strictObject({
  id: PlanId,
  title: Text(500).min(1),
  status: z.enum(['open', 'achieved', 'dropped']).default('open'),
  tasks: z.array(PlanTask).max(100).default([]),
});
export const FollowUp = z.strictObject({
  id: PlanId,
  date: Day,
  note: Text(2000).default(''),
  done: z.boolean().default(false),
});
/** The support plan: goals with tasks (due dates, done or not) and dated follow-ups. */
export const SupportPlan = z.strictObject({
  goals: z.array(PlanGoal).max(50).default([]),
  followUps: z.array(FollowUp).max(200).default([]),
  /** Set by the server (sent back unchanged by clients, ignored on input): who last changed the plan, who approved it. */
  changedBy: z.uuid().nullable().optional(),
  approvedBy: z.uuid().nullable().optional(),
  approvedByName: z.string().max(200).nullable().optional(),
  approvedAt: z.string().max(40).nullable().optional(),
});
export type SupportPlan = z.infer<typeof SupportPlan>;

const CaseFields = {
  person: PersonInput.default({}),
  identification: IdentificationInput.default({}),
  perpetrators: z.array(Perpetrator).max(50).default([]),
  timeline: z.array(TimelineEntry).max(200).default([]),
  notes: Text(20000).default(''),
  supportPlan: Text(20000).default(''),
  plan: SupportPlan.default({ goals: [], followUps: [] }),
  needs: z.array(z.enum(SERVICES)).default([]),
  municipality: z
    .string()
    .regex(/^\d{5}$/, '5-digit INEGI municipality code')
    .nullable()
    .default(null),
  personRef: z.string().min(1).max(64).nullable().default(null),
};
export const CreateCaseBody = z.strictObject({ ...CaseFields, fromScreeningId: z.uuid().optional() });
export type CreateCaseBody = Omit<z.infer<typeof CreateCaseBody>, 'plan'> & { plan?: SupportPlan };
export const UpdateCaseBody = z.strictObject({
  person: PersonInput.optional(),
  identification: IdentificationInput.optional(),
  perpetrators: CaseFields.perpetrators.unwrap().optional(),
  timeline: CaseFields.timeline.unwrap().optional(),
  notes: Text(20000).optional(),
  supportPlan: Text(20000).optional(),
  plan: SupportPlan.optional(),
  needs: z.array(z.enum(SERVICES)).optional(),
  municipality: z
    .string()
    .regex(/^\d{5}$/)
    .nullable()
    .optional(),
  personRef: z.string().min(1).max(64).nullable().optional(),
});
export type UpdateCaseBody = z.infer<typeof UpdateCaseBody>;

export const ClosureBody = z.strictObject({ reason: z.enum(CLOSURE_REASONS) });
export const IdParams = z.strictObject({ id: z.uuid() });
export const ListQuery = z.strictObject({
  status: z.enum(['open', 'closure_requested', 'closed']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const ServiceBody = z
  .strictObject({
    service: z.enum(SERVICES),
    startDate: Day,
    endDate: Day.nullable().default(null),
    funding: z.enum(FUNDING),
    referralId: z.uuid().nullable().default(null),
  })
  .refine((s) => s.endDate === null || s.endDate >= s.startDate, {
    message: 'endDate precedes startDate',
    path: ['endDate'],
  });
/** A service delivered to the person: by the case's agency, or by a provider on a referral (`referralId`). */
export const ServiceView = z.object({
  id: z.string(),
  caseId: z.string(),
  referralId: z.string().nullable(),
  providerAgencyId: z.string(),
  /** One of SERVICES. */
  service: z.string(),
  startDate: z.string(),
  endDate: z.string().nullable(),
  /** One of FUNDING. */
  funding: z.string(),
  recordedBy: z.string(),
});
export const ServiceList = z.object({ items: z.array(ServiceView) });

/** The case's history: every change, who made it, the fields it touched and its detail (decrypted, audited). */
export const CaseHistory = z.object({
  items: z.array(
    z.object({
      id: z.number(),
      at: z.string(),
      userId: z.string().nullable(),
      action: z.string(),
      fields: z.array(z.string()),
      /** What changed (e.g. `{ notes: { from, to } }`), in the shape each action records. */
      detail: z.unknown(),
    }),
  ),
});

const Mxn = z
  .string()
  .regex(/^\d{1,14}(\.\d{1,2})?$/, 'an amount in MXN with at most two decimals, e.g. 1234.50');
export const RestitutionOrderBody = z.strictObject({
  convictionRef: z.string().min(1).max(64),
  orderedMxn: Mxn,
  orderedOn: Day.nullable().default(null),
});
export const RestitutionPaymentBody = z.strictObject({
  paidOn: Day,
  amountMxn: Mxn.refine((s) => Number(s) > 0, 'must be positive'),
  source: z.enum(['perpetrator', 'assistance_fund']),
});
export const OrderParams = z.strictObject({ id: z.uuid(), orderId: z.uuid() });

export const AccessRequestBody = z.strictObject({ reason: z.string().trim().min(10).max(1000) });
export const AccessAnswerBody = z.strictObject({ decision: z.enum(['accepted', 'declined']) });

const AccessStatus = z.enum(['pending', 'accepted', 'declined']);
/**
 * Whether the case's person may be known to another agency (nothing of that agency's record), and the requests
 * made: who to contact only once the other agency accepted.
 */
export const KnownElsewhereView = z.object({
  status: z.enum(['possible', 'none', 'not_enough_data', 'no_model']),
  requests: z.array(
    z.object({
      id: z.string(),
      status: AccessStatus,
      createdAt: z.string(),
      answeredAt: z.string().nullable(),
      contact: z
        .object({ agencyName: z.string(), name: z.string().nullable(), email: z.string().nullable() })
        .nullable(),
    }),
  ),
});
/** One request answers for all the agencies asked; `already_requested` when every one was pending already. */
export const AccessRequested = z.object({ status: z.enum(['requested', 'already_requested']) });
/** Other agencies' requests about my agency's persons (our own person named, so the supervisor knows whom). */
export const AccessRequestsReceived = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      status: AccessStatus,
      createdAt: z.string(),
      fromAgencyName: z.string(),
      requesterName: z.string(),
      requesterEmail: z.string(),
      reason: z.string(),
      personId: z.string(),
      personName: z.string().nullable(),
      probability: z.number(),
    }),
  ),
});
export const AccessAnswered = z.object({ id: z.string(), status: z.enum(['accepted', 'declined']) });

/** A restitution order recorded on a conviction the agency may read (amounts in MXN, two decimals). */
export const RestitutionOrdered = z.object({
  id: z.string(),
  caseId: z.string(),
  convictionRef: z.string(),
  orderedMxn: z.string(),
  orderedOn: z.string().nullable(),
});
export const RestitutionPaid = z.object({
  id: z.string(),
  orderId: z.string(),
  paidOn: z.string(),
  amountMxn: z.string(),
  source: z.string(),
});
/** The case's restitution: orders, payments and, per conviction, what was paid (by whom) and is outstanding. */
export const CaseRestitution = z.object({
  orders: z.array(
    z.object({
      id: z.string(),
      convictionRef: z.string(),
      orderedMxn: z.string(),
      orderedOn: z.string().nullable(),
    }),
  ),
  payments: z.array(RestitutionPaid),
  balances: z.array(
    z.object({
      convictionId: z.string(),
      orderedMxn: z.string(),
      paidByPerpetratorMxn: z.string(),
      paidByFundMxn: z.string(),
      paidMxn: z.string(),
      /** Ordered less paid, never below zero. */
      outstandingMxn: z.string(),
      /** Paid over what was ordered (to be reviewed), else 0. */
      overpaidMxn: z.string(),
      lastPaymentDate: z.string().nullable(),
    }),
  ),
});
/** My agency's cases whose victim is still owed restitution, largest balance first. */
export const RestitutionOwed = z.object({
  items: z.array(
    z.object({
      caseId: z.string(),
      outstandingMxn: z.string(),
      convictions: z.array(z.object({ convictionRef: z.string(), outstandingMxn: z.string() })),
    }),
  ),
});

// ---- answers ---------------------------------------------------------------------------------------------
// The case as the server reads it back. Plain types, not the input's refinements: what was stored is given
// back as it is (a value valid when written stays readable after a list or a check changes).

const CaseStatus = z.enum(['open', 'closure_requested', 'closed']);
/** The person's fields (those of PersonInput) as recorded on the case; encrypted at rest. */
const PersonView = z.object({
  givenNames: z.string().optional(),
  surname1: z.string().optional(),
  surname2: z.string().optional(),
  birthDate: z.string().optional(),
  approximateAge: z.number().optional(),
  approximateAgeOn: z.string().optional(),
  /** One of SEXES. */
  sex: z.string().optional(),
  nationality: z.string().optional(),
  curp: z.string().optional(),
  indigenous: z.boolean().optional(),
  languages: z.array(z.string()).optional(),
  lgbtqi: z.boolean().optional(),
  disability: z.boolean().optional(),
  phone: z.string().optional(),
  email: z.string().optional(),
  address: z.string().optional(),
  /** One of MIGRATION_STATUSES. */
  migrationStatus: z.string().optional(),
});
const IdentificationView = z.object({
  date: z.string().optional(),
  stateCode: z.string().optional(),
  countryOfExploitation: z.string().optional(),
  primaryForm: z.string().optional(),
  otherForms: z.array(z.string()).optional(),
  sector: z.string().optional(),
  meansOfControl: z.array(z.string()).optional(),
  recruitment: z.array(z.string()).optional(),
  recruiterRelation: z.string().optional(),
});
const PerpetratorView = z.object({
  name: z.string().optional(),
  alias: z.string().optional(),
  role: z.string().optional(),
  relation: z.string().optional(),
  description: z.string().optional(),
});
const TimelineEntryView = z.object({
  phase: z.string(),
  from: z.string().optional(),
  to: z.string().optional(),
  place: z.string().optional(),
  municipality: z.string().optional(),
  country: z.string().optional(),
  description: z.string().optional(),
});
const SupportPlanView = z.object({
  goals: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      status: z.enum(['open', 'achieved', 'dropped']),
      tasks: z.array(
        z.object({
          id: z.string(),
          title: z.string(),
          dueDate: z.string().nullable(),
          done: z.boolean(),
          doneOn: z.string().nullable(),
        }),
      ),
    }),
  ),
  followUps: z.array(z.object({ id: z.string(), date: z.string(), note: z.string(), done: z.boolean() })),
  changedBy: z.string().nullable().optional(),
  approvedBy: z.string().nullable().optional(),
  approvedByName: z.string().nullable().optional(),
  approvedAt: z.string().nullable().optional(),
});
/** A case of my agency, whole (decrypted; the read is audited). Every write of a case answers with it too. */
export const CaseView = z.object({
  id: z.string(),
  agencyId: z.string(),
  personRef: z.string().nullable(),
  status: CaseStatus,
  /** One of CLOSURE_REASONS once a closure was requested. */
  closureReason: z.string().nullable(),
  closureRequestedBy: z.string().nullable(),
  closureApprovedBy: z.string().nullable(),
  closedAt: z.string().nullable(),
  person: PersonView,
  identification: IdentificationView,
  perpetrators: z.array(PerpetratorView),
  timeline: z.array(TimelineEntryView),
  notes: z.string(),
  supportPlan: z.string(),
  plan: SupportPlanView,
  /** Each one of SERVICES. */
  needs: z.array(z.string()),
  municipality: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
/** A screening of the case, summed up: its recommendation, indicators, flags and means of control once scored. */
export const CaseScreeningSummary = z.object({
  id: z.string(),
  instrument: z.object({ id: z.string(), version: z.string() }),
  status: z.string(),
  updatedAt: z.string(),
  recommendation: z.string().nullable(),
  indicators: z.array(z.object({ indicator: z.string(), strength: z.string() })),
  flags: z.array(z.string()),
  meansOfControl: z.array(z.string()),
});
/** `GET /api/cases/:id`: the case and its screenings. */
export const CaseDetail = CaseView.extend({ screenings: z.array(CaseScreeningSummary) });
/** My agency's cases, list fields only: no contact data, no address, no notes. */
export const CaseList = z.object({
  total: z.number(),
  items: z.array(
    z.object({
      id: z.string(),
      status: CaseStatus,
      /** Given names and first surname, or null when none was recorded. */
      displayName: z.string().nullable(),
      sex: z.string().nullable(),
      needs: z.array(z.string()),
      createdAt: z.string(),
      updatedAt: z.string(),
    }),
  ),
});
