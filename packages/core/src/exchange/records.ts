/**
 * Zod schemas and TypeScript types of every record kind of the exchange format (one record =
 * one CSV row, typed: null = unknown, lists as arrays, booleans, integers; decimals as strings
 * so that amounts never go through binary floating point).
 */
import { z } from 'zod';
import { isInegiState, isIso3166Alpha3, isIso6393 } from '../codes.ts';
import { isValidCurp } from '../curp.ts';
import {
  AGENCY_KINDS,
  AGENCY_LEVELS,
  CONTACT_CHANNELS,
  FORMS,
  MEANS_OF_CONTROL,
  PAYMENT_SOURCES,
  RECRUITER_RELATIONS,
  RECRUITMENT,
  REFERRAL_STATUSES,
  SECTORS,
  SERVICES,
  SEXES,
} from '../taxonomy.ts';
import type { CellValue } from './cells.ts';
import { isDate, isPartialDate } from './cells.ts';
import { FILE_BY_KIND, type RecordKind } from './spec.ts';

export const zId = z.string().min(1).max(64);
const opt = <T extends z.ZodType>(t: T) => t.nullable().default(null);
export const zDate = z.string().refine(isDate, 'expected YYYY-MM-DD');
export const zPartialDate = z.string().refine(isPartialDate, 'expected YYYY, YYYY-MM or YYYY-MM-DD');
export const zState = z.string().refine(isInegiState, 'expected an INEGI state code 01-32');
export const zCountry = z.string().refine(isIso3166Alpha3, 'expected an ISO 3166-1 alpha-3 code');
export const zLanguage = z.string().refine(isIso6393, 'expected an ISO 639-3 code');
export const zCurp = z.string().refine(isValidCurp, 'invalid CURP (form or check digit)');
export const zDecimal = z.string().regex(/^\d+(\.\d+)?$/, 'expected a non-negative decimal number');
const text = opt(z.string().min(1));
const list = <T extends z.ZodType>(t: T) => opt(z.array(t).min(1));

export const AgencySchema = z
  .object({
    agency_id: zId,
    name: z.string().min(1),
    level: z.enum(AGENCY_LEVELS),
    kind: z.enum(AGENCY_KINDS),
    state_code: opt(zState),
    country: zCountry.default('MEX'),
  })
  .refine((a) => (a.level === 'state' || a.level === 'municipal') === (a.state_code !== null), {
    message: 'state_code is required for state and municipal agencies, else empty',
    path: ['state_code'],
  });
export type Agency = z.infer<typeof AgencySchema>;

export const PersonSchema = z.object({
  person_id: zId,
  agency_id: zId,
  given_names: text,
  surname_1: text,
  surname_2: text,
  birth_date: opt(zPartialDate),
  sex: opt(z.enum(SEXES)),
  nationality: opt(zCountry),
  curp: opt(zCurp),
  indigenous: opt(z.boolean()),
  languages: list(zLanguage),
  lgbtqi: opt(z.boolean()),
  disability: opt(z.boolean()),
  phone: text,
  email: text,
  address: text,
});
export type Person = z.infer<typeof PersonSchema>;

export const IdentificationSchema = z.object({
  identification_id: zId,
  person_id: zId,
  agency_id: zId,
  date: zDate,
  state_code: opt(zState),
  country_of_exploitation: opt(zCountry),
  primary_form: z.enum(FORMS),
  other_forms: list(z.enum(FORMS)),
  sector: opt(z.enum(SECTORS)),
  means_of_control: list(z.enum(MEANS_OF_CONTROL)),
  recruitment: list(z.enum(RECRUITMENT)),
  recruiter_relation: opt(z.enum(RECRUITER_RELATIONS)),
});
export type Identification = z.infer<typeof IdentificationSchema>;

export const ReferralSchema = z.object({
  referral_id: zId,
  person_id: zId,
  from_agency_id: zId,
  to_agency_id: zId,
  date: zDate,
  services: list(z.enum(SERVICES)),
  status: z.enum(REFERRAL_STATUSES),
  status_date: opt(zDate),
});
export type Referral = z.infer<typeof ReferralSchema>;

export const ServiceSchema = z.object({
  service_id: zId,
  person_id: zId,
  provider_agency_id: zId,
  service: z.enum(SERVICES),
  start_date: opt(zDate),
  end_date: opt(zDate),
  government_funded: opt(z.boolean()),
});
export type Service = z.infer<typeof ServiceSchema>;

export const InvestigationSchema = z.object({
  investigation_id: zId,
  agency_id: zId,
  opened_date: zDate,
  closed_date: opt(zDate),
  primary_form: z.enum(FORMS),
  state_code: opt(zState),
  official_complicity: opt(z.boolean()),
});
export type Investigation = z.infer<typeof InvestigationSchema>;

export const ProsecutionSchema = z.object({
  prosecution_id: zId,
  agency_id: zId,
  investigation_id: opt(zId),
  defendant_person_id: opt(zId),
  initiated_date: zDate,
  closed_date: opt(zDate),
  primary_form: z.enum(FORMS),
  state_code: opt(zState),
  official_complicity: opt(z.boolean()),
});
export type Prosecution = z.infer<typeof ProsecutionSchema>;

export const ConvictionSchema = z.object({
  conviction_id: zId,
  agency_id: zId,
  prosecution_id: opt(zId),
  date: zDate,
  primary_form: z.enum(FORMS),
  state_code: opt(zState),
  sentence_months: opt(z.number().int().min(0)),
  fine_mxn: opt(zDecimal),
  restitution_ordered_mxn: opt(zDecimal),
});
export type Conviction = z.infer<typeof ConvictionSchema>;

export const RestitutionPaymentSchema = z.object({
  payment_id: zId,
  conviction_id: zId,
  victim_person_id: opt(zId),
  date: zDate,
  amount_mxn: zDecimal,
  source: z.enum(PAYMENT_SOURCES),
});
export type RestitutionPayment = z.infer<typeof RestitutionPaymentSchema>;

export const HotlineContactSchema = z.object({
  contact_id: zId,
  agency_id: zId,
  date: zDate,
  channel: z.enum(CONTACT_CHANNELS),
  language: opt(zLanguage),
  trafficking_related: z.boolean(),
  referred_to_agency_id: opt(zId),
});
export type HotlineContact = z.infer<typeof HotlineContactSchema>;

export const FinancialReportSchema = z.object({
  report_id: zId,
  agency_id: zId,
  date: zDate,
  amount_usd: opt(zDecimal),
  investigation_id: opt(zId),
});
export type FinancialReport = z.infer<typeof FinancialReportSchema>;

export const RECORD_SCHEMAS = {
  agencies: AgencySchema,
  persons: PersonSchema,
  investigations: InvestigationSchema,
  prosecutions: ProsecutionSchema,
  convictions: ConvictionSchema,
  identifications: IdentificationSchema,
  referrals: ReferralSchema,
  services: ServiceSchema,
  restitution_payments: RestitutionPaymentSchema,
  hotline_contacts: HotlineContactSchema,
  financial_reports: FinancialReportSchema,
} as const satisfies Record<RecordKind, z.ZodType>;

export interface RecordOf {
  agencies: Agency;
  persons: Person;
  investigations: Investigation;
  prosecutions: Prosecution;
  convictions: Conviction;
  identifications: Identification;
  referrals: Referral;
  services: Service;
  restitution_payments: RestitutionPayment;
  hotline_contacts: HotlineContact;
  financial_reports: FinancialReport;
}

/** Typed values in spec column order → record object. */
export function valuesToRecord<K extends RecordKind>(kind: K, values: readonly CellValue[]): RecordOf[K] {
  const cols = FILE_BY_KIND[kind].columns;
  const out: Record<string, unknown> = {};
  for (let i = 0; i < cols.length; i++) out[cols[i]!.name] = values[i] ?? null;
  return out as unknown as RecordOf[K];
}

/** Record object → typed values in spec column order (missing fields are null; empty lists null). */
export function recordToValues(kind: RecordKind, rec: Readonly<Record<string, unknown>>): CellValue[] {
  return FILE_BY_KIND[kind].columns.map((c) => {
    const v = rec[c.name];
    if (v === undefined || (Array.isArray(v) && v.length === 0)) return null;
    return v as CellValue;
  });
}
