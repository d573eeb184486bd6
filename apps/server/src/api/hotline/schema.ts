import { CONTACT_CHANNELS, FORMS, SERVICES } from '@enlace/core';
import { isIso6393 } from '@enlace/core/codes';
import * as packet from '@enlace/core/packet';
import { z } from 'zod';
import { fileAnswer, textFile } from '../../http/answers.ts';

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

// ---- answers (the response schemas: Fastify serialises through them, so a field left out is dropped) -----

const Time = z.string();
const NullableTime = z.string().nullable();
const Localized = z.object({ es: z.string(), en: z.string() });

/** A contact in the queue (no narrative, no caller). */
export const ContactSummary = z.object({
  id: z.string(),
  ref: z.string(),
  channel: z.string(),
  status: z.enum(['open', 'closed']),
  callerType: z.string().nullable(),
  language: z.string().nullable(),
  stateCode: z.string().nullable(),
  municipality: z.string().nullable(),
  urgency: z.string(),
  riskIndicators: z.array(z.string()),
  trafficking: z.string(),
  primaryForm: z.string().nullable(),
  outcome: z.string().nullable(),
  operator: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** To whom the hotline referred the contact; the full view adds the note and the answer. */
  referral: z
    .object({
      toAgencyId: z.string(),
      toAgencyName: z.string(),
      status: z.string().nullable(),
      referredAt: NullableTime,
      note: z.string().optional(),
      declineReason: z.string().nullable().optional(),
      caseOpened: z.boolean().optional(),
    })
    .nullable(),
  screenRecommendation: z.string().nullable(),
  openTasks: z.number(),
  nextDue: NullableTime,
  lastInbound: NullableTime,
  receivedAt: Time,
  closedAt: NullableTime,
});
export const ContactQueue = z.object({ items: z.array(ContactSummary), total: z.number() });

/** The short screen's result as @enlace/core's screening engine gives it. */
export const ScreenResult = z.object({
  instrument: z.string(),
  complete: z.boolean(),
  recommendation: z.string(),
  indicators: z.array(
    z.object({
      indicator: z.string(),
      strength: z.string(),
      evidence: z.array(
        z.object({
          itemId: z.string(),
          answer: z.union([z.string(), z.number(), z.array(z.string())]),
          strength: z.string(),
          reason: Localized,
        }),
      ),
    }),
  ),
  flags: z.array(z.object({ flag: z.string(), itemId: z.string(), reason: Localized })),
  meansOfControl: z.array(z.string()),
  hints: z.object({
    sectors: z.array(z.string()),
    forms: z.array(z.string()),
    recruitment: z.array(z.string()),
  }),
  answered: z.number(),
  declined: z.number(),
  remaining: z.number(),
});
const ScreenAnswers = z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string()), z.null()]));

/** One contact with its caller, narrative, screen, thread and tasks (the read is audited). */
export const ContactView = ContactSummary.extend({
  recordId: z.string(),
  callerName: z.string(),
  callerContact: z.string(),
  narrative: z.string(),
  crossBorder: z.boolean(),
  consentShare: z.boolean(),
  consentCrossBorder: z.boolean(),
  screen: z.object({ answers: ScreenAnswers, result: ScreenResult }).nullable(),
  caseId: z.string().nullable(),
  packetId: z.string().nullable(),
  hasThread: z.boolean(),
  messages: z.array(
    z.object({
      id: z.string(),
      direction: z.enum(['in', 'out']),
      body: z.string(),
      status: z.string(),
      statusDetail: z.string().nullable(),
      sentBy: z.string().nullable(),
      at: Time,
    }),
  ),
  tasks: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      dueAt: Time,
      doneAt: NullableTime,
      createdBy: z.string().nullable(),
    }),
  ),
});

/**
 * The short screen as the console runs it: the instrument file of @enlace/core (packages/core/instruments).
 * Its skip logic (`showIf`) is recursive and passed as it is.
 */
export const ScreenInstrument = z.looseObject({
  id: z.string(),
  version: z.string(),
  kind: z.string(),
  title: Localized,
  description: Localized,
  intro: Localized,
  closing: Localized,
  sections: z.array(z.object({ id: z.string(), title: Localized })),
  items: z.array(
    z.looseObject({
      id: z.string(),
      section: z.string().optional(),
      type: z.enum(['yes_no', 'single_choice', 'multi_choice', 'number', 'text', 'date']),
      text: Localized,
      help: Localized.optional(),
      options: z.array(z.looseObject({ value: z.string(), label: Localized })).optional(),
      min: z.number().optional(),
      max: z.number().optional(),
      showIf: z.unknown().optional(),
    }),
  ),
});

export const LinkableCases = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      createdAt: Time,
      status: z.string(),
      givenNames: z.string().nullable(),
      primaryForm: z.string().nullable(),
      stateCode: z.string().nullable(),
    }),
  ),
});

export const DirectoryEntry = z.object({
  kind: z.enum(['prosecutor', 'provider', 'partner']),
  agencyId: z.string(),
  name: z.string(),
  stateCode: z.string().nullable(),
  country: z.string(),
  services: z.array(z.string()),
  languages: z.array(z.string()),
  nationwide: z.boolean(),
  states: z.array(z.string()),
  remote: z.boolean(),
  acceptingReferrals: z.boolean(),
  freePlaces: z.number().nullable(),
  referralContact: z.string().nullable(),
});
export const Directory = z.object({ items: z.array(DirectoryEntry) });

export const Overview = z.object({
  open: z.number(),
  byUrgency: z.record(z.string(), z.number()),
  unassigned: z.number(),
  operators: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      role: z.string(),
      open: z.number(),
      urgent: z.number(),
      tasksOpen: z.number(),
      tasksOverdue: z.number(),
    }),
  ),
  contacts: z.array(ContactSummary),
});

/** A count of a breakdown; null when suppressed (shareable counts below the disclosure threshold). */
const Point = z.object({ key: z.string(), count: z.number().nullable() });
export const Trends = z.object({
  from: z.string(),
  to: z.string(),
  shareable: z.boolean(),
  threshold: z.number().nullable(),
  total: z.number().nullable(),
  traffickingRelated: z.number().nullable(),
  crossBorder: z.number().nullable(),
  crossBorderShare: z.number().nullable(),
  byWeek: z.array(Point),
  byChannel: z.array(Point),
  byState: z.array(Point),
  byForm: z.array(Point),
  byOutcome: z.array(Point),
});

/** A contact or a tip the hotline referred to my agency; the read of one adds what the inbox may see. */
export const InboxItem = z.object({
  kind: z.enum(['contact', 'tip']),
  id: z.string(),
  ref: z.string(),
  fromAgencyName: z.string(),
  channel: z.string(),
  urgency: z.string(),
  riskIndicators: z.array(z.string()),
  callerType: z.string().nullable(),
  language: z.string().nullable(),
  stateCode: z.string().nullable(),
  municipality: z.string().nullable(),
  primaryForm: z.string().nullable(),
  /** A tip's category (tips only). */
  category: z.string().optional(),
  status: z.string(),
  referredAt: NullableTime,
  caseId: z.string().nullable(),
  declineReason: z.string().nullable(),
});
export const Inbox = z.object({ items: z.array(InboxItem) });
/** Caller name and contact only with the caller's consent to share (null otherwise). */
export const InboxItemRead = InboxItem.extend({
  narrative: z.string(),
  note: z.string(),
  consentShare: z.boolean(),
  callerName: z.string().nullable(),
  callerContact: z.string().nullable(),
  screen: z
    .object({
      recommendation: z.string(),
      indicators: z.array(z.object({ indicator: z.string(), strength: z.string() })),
      flags: z.array(z.string()),
    })
    .nullable(),
});
/** Accepting opens a case of my agency (case roles) or only takes the referral on (null). */
export const InboxAccepted = z.object({ caseId: z.string().nullable() });
/** The warm transfer: the contact and the signed cross-border packet (as @enlace/core/packet defines it). */
export const ContactTransferred = z.object({ contact: ContactView, packet: packet.SignedReferralPacket });

/** Twilio's webhook reply: empty TwiML (nothing is sent back to the person; operators answer from the console). */
export const TwilioReply = fileAnswer('Received: an empty TwiML response', {
  'text/xml': textFile('<Response></Response>'),
});
