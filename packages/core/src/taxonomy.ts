/**
 * Taxonomies of the Enlace exchange format, version 1 (../shared/spec/exchange-format.md).
 * Generated once from exchange-format.schema.json; the spec governs.
 */

export const AGENCY_LEVELS = ['federal', 'state', 'municipal', 'ngo', 'international', 'foreign'] as const;
export type AgencyLevel = (typeof AGENCY_LEVELS)[number];

export const AGENCY_KINDS = [
  'prosecutor',
  'immigration',
  'labor_inspection',
  'child_protection',
  'consular',
  'police',
  'hotline',
  'service_provider',
  'financial_intelligence',
  'other',
] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

export const SEXES = ['female', 'male', 'intersex'] as const;
export type Sex = (typeof SEXES)[number];

export const FORMS = [
  'sexual',
  'forced_labor',
  'servitude',
  'slavery',
  'forced_begging',
  'forced_criminality',
  'forced_marriage',
  'illegal_adoption',
  'organ_removal',
  'biomedical_experimentation',
  'other',
  'unspecified',
] as const;
export type Form = (typeof FORMS)[number];

export const SECTORS = [
  'residential_brothel',
  'escort_service',
  'bar_cantina',
  'hotel',
  'street',
  'online',
  'massage_parlor',
  'agriculture',
  'domestic_work',
  'construction',
  'manufacturing',
  'mining',
  'food_processing',
  'tourism',
  'begging_street_vending',
  'criminal_activity',
  'medical_professional',
  'other',
] as const;
export type Sector = (typeof SECTORS)[number];

export const MEANS_OF_CONTROL = [
  'debt_bondage',
  'takes_earnings',
  'threats',
  'threats_to_family',
  'physical_abuse',
  'sexual_abuse',
  'psychological_abuse',
  'false_promises',
  'romantic_deception',
  'psychoactive_substances',
  'restricts_movement',
  'withholds_documents',
  'withholds_wages',
  'withholds_necessities',
  'excessive_hours',
  'threat_of_law_enforcement',
  'other',
] as const;
export type MeansOfControl = (typeof MEANS_OF_CONTROL)[number];

export const RECRUITMENT = [
  'social_media',
  'video_game',
  'intimate_partner',
  'family',
  'acquaintance',
  'job_offer',
  'labor_recruiter',
  'abduction',
  'other',
] as const;
export type Recruitment = (typeof RECRUITMENT)[number];

export const RECRUITER_RELATIONS = [
  'intimate_partner',
  'family',
  'friend',
  'acquaintance',
  'employer',
  'stranger',
  'other',
] as const;
export type RecruiterRelation = (typeof RECRUITER_RELATIONS)[number];

export const SERVICES = [
  'shelter',
  'medical',
  'psychological',
  'legal',
  'education',
  'employment',
  'repatriation',
  'interpretation',
  'financial',
  'security',
] as const;
export type ServiceKind = (typeof SERVICES)[number];

/** How a service given to a victim was paid for. */
export const FUNDING = ['federal', 'state', 'municipal', 'ngo', 'international', 'private', 'other'] as const;
export type Funding = (typeof FUNDING)[number];

export const REFERRAL_STATUSES = ['pending', 'accepted', 'declined', 'completed'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

export const PAYMENT_SOURCES = ['perpetrator', 'assistance_fund'] as const;
export type PaymentSource = (typeof PAYMENT_SOURCES)[number];

export const CONTACT_CHANNELS = ['phone', 'chat', 'web', 'email', 'sms', 'whatsapp'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

/** Form groups of annual-report.md. */
export const FORM_GROUPS = ['sex', 'labor', 'other', 'unspecified'] as const;
export type FormGroup = (typeof FORM_GROUPS)[number];

export function formGroup(form: Form): FormGroup {
  switch (form) {
    case 'sexual':
      return 'sex';
    case 'forced_labor':
    case 'servitude':
    case 'slavery':
    case 'forced_begging':
    case 'forced_criminality':
      return 'labor';
    case 'unspecified':
      return 'unspecified';
    default:
      return 'other';
  }
}

/** Reporting level of an agency (exchange-format.md, Levels): municipal counts as state; others count in totals only. */
export function reportingLevel(level: AgencyLevel): 'federal' | 'state' | null {
  if (level === 'federal') return 'federal';
  if (level === 'state' || level === 'municipal') return 'state';
  return null;
}

/** INEGI state codes 01-32. */
export const INEGI_STATE_CODES = Array.from({ length: 32 }, (_, i) => String(i + 1).padStart(2, '0'));
