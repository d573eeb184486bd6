import { CONTACT_CHANNELS, FORMS, SERVICES } from '@enlace/core';
import { isIso6393 } from '@enlace/core/codes';
import { z } from 'zod';

export const CALLER_TYPES = ['victim', 'family', 'witness', 'professional', 'other'] as const;
export const URGENCIES = ['critical', 'high', 'medium', 'low'] as const;
/** What the operator hears that raises the urgency (shown as labels; stored as codes). */
export const RISK_INDICATORS = [
  'immediate_danger',
  'minor_involved',
  'perpetrator_nearby',
  'injured',
  'locked_in',
  'documents_taken',
  'threats',
  'self_harm',
  'moving_across_border',
] as const;
export const TRAFFICKING = ['yes', 'no', 'unsure'] as const;
export const OUTCOMES = [
  'information',
  'referred',
  'case_opened',
  'case_linked',
  'transferred_us',
  'no_action',
] as const;
export const REFERRAL_STATUSES = ['pending', 'accepted', 'declined'] as const;

const Text = (max: number) => z.string().trim().max(max);
const StateCode = z.string().regex(/^(0[1-9]|[12]\d|3[0-2])$/, 'INEGI state code 01-32');
const Municipality = z.string().regex(/^\d{5}$/, '5-digit INEGI municipality code');
const Language = z.string().max(3).refine(isIso6393, 'ISO 639-3 language code');

const ContactFields = {
  callerType: z.enum(CALLER_TYPES).nullable(),
  callerName: Text(200),
  callerContact: Text(200),
  language: Language.nullable(),
  stateCode: StateCode.nullable(),
  municipality: Municipality.nullable(),
  narrative: Text(20000),
  urgency: z.enum(URGENCIES),
  riskIndicators: z.array(z.enum(RISK_INDICATORS)).max(RISK_INDICATORS.length),
  trafficking: z.enum(TRAFFICKING),
  primaryForm: z.enum(FORMS).nullable(),
  crossBorder: z.boolean(),
  consentShare: z.boolean(),
  consentCrossBorder: z.boolean(),
};

const sameState = (c: { stateCode?: string | null; municipality?: string | null }) =>
  !c.municipality || !c.stateCode || c.municipality.startsWith(c.stateCode);
const stateIssue = { message: 'the municipality is not in the state', path: ['municipality'] };

export const CreateContactBody = z
  .strictObject({
    channel: z.enum(CONTACT_CHANNELS),
    callerType: ContactFields.callerType.default(null),
    callerName: ContactFields.callerName.default(''),
    callerContact: ContactFields.callerContact.default(''),
    language: ContactFields.language.default('spa'),
    stateCode: ContactFields.stateCode.default(null),
    municipality: ContactFields.municipality.default(null),
    narrative: ContactFields.narrative.default(''),
    urgency: ContactFields.urgency.default('medium'),
    riskIndicators: ContactFields.riskIndicators.default([]),
    trafficking: ContactFields.trafficking.default('unsure'),
    primaryForm: ContactFields.primaryForm.default(null),
    crossBorder: ContactFields.crossBorder.default(false),
    consentShare: ContactFields.consentShare.default(false),
    consentCrossBorder: ContactFields.consentCrossBorder.default(false),
  })
  .refine(sameState, stateIssue);
export type CreateContactBody = z.infer<typeof CreateContactBody>;

export const UpdateContactBody = z
  .strictObject({
    callerType: ContactFields.callerType.optional(),
    callerName: ContactFields.callerName.optional(),
    callerContact: ContactFields.callerContact.optional(),
    language: ContactFields.language.optional(),
    stateCode: ContactFields.stateCode.optional(),
    municipality: ContactFields.municipality.optional(),
    narrative: ContactFields.narrative.optional(),
    urgency: ContactFields.urgency.optional(),
    riskIndicators: ContactFields.riskIndicators.optional(),
    trafficking: ContactFields.trafficking.optional(),
    primaryForm: ContactFields.primaryForm.optional(),
    crossBorder: ContactFields.crossBorder.optional(),
    consentShare: ContactFields.consentShare.optional(),
    consentCrossBorder: ContactFields.consentCrossBorder.optional(),
  })
  .refine(sameState, stateIssue);
export type UpdateContactBody = z.infer<typeof UpdateContactBody>;

export const ScreenBody = z.strictObject({
  answers: z
    .record(
      z.string().regex(/^[a-z][a-z0-9_]{0,63}$/),
      z.union([z.string().max(500), z.number(), z.array(z.string().max(100)).max(30), z.null()]),
    )
    .refine((a) => Object.keys(a).length <= 100, 'at most 100 answers'),
});
export const ReferBody = z.strictObject({
  toAgencyId: z.string().min(1).max(64),
  note: Text(2000).default(''),
});
export const LinkCaseBody = z.strictObject({ caseId: z.uuid() });
export const TransferBody = z.strictObject({
  recipientAgencyId: z.string().min(1).max(64),
  services: z.array(z.enum(SERVICES)).min(1).max(SERVICES.length),
  note: Text(1000).default(''),
  includeContact: z.boolean().default(false),
});
export const TaskBody = z.strictObject({
  title: Text(300).min(1),
  dueAt: z.iso.datetime({ offset: true }),
});
export const ReplyBody = z.strictObject({ body: Text(1600).min(1) });
export const CloseBody = z.strictObject({ outcome: z.enum(OUTCOMES) });
export const DeclineBody = z.strictObject({ reason: Text(500).min(1) });

export const IdParams = z.strictObject({ id: z.uuid() });
export const TaskParams = z.strictObject({ id: z.uuid(), taskId: z.uuid() });
export const QueueQuery = z.strictObject({
  status: z.enum(['open', 'closed']).default('open'),
  mine: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export const DirectoryQuery = z.strictObject({
  stateCode: StateCode.optional(),
  service: z.enum(SERVICES).optional(),
  language: Language.optional(),
  q: Text(100).optional(),
  kind: z.enum(['all', 'prosecutor', 'provider', 'partner']).default('all'),
});
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
export const TrendsQuery = z.strictObject({
  from: Day.optional(),
  to: Day.optional(),
  /** Counts as they may leave the agency: below the disclosure threshold suppressed. */
  shareable: z.enum(['true', 'false']).default('false'),
});
