/**
 * Plain typed records that the annual report counts (exchange-format.md, record kinds).
 * Only the fields the counting rules read are here; dates are ISO `YYYY-MM-DD` strings,
 * money is a decimal string (exact), empty/unknown is `null`.
 */
import type {
  AgencyKind,
  AgencyLevel,
  Form,
  PaymentSource,
  RecruiterRelation,
  Sector,
  Sex,
} from '../taxonomy.ts';

export interface RAgency {
  agency_id: string;
  level: AgencyLevel;
  kind: AgencyKind;
  state_code: string | null;
}

export interface RPerson {
  person_id: string;
  agency_id: string;
  /** full or partial date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD` */
  birth_date: string | null;
  sex: Sex | null;
  nationality: string | null;
}

export interface RIdentification {
  identification_id: string;
  person_id: string;
  agency_id: string;
  date: string;
  state_code: string | null;
  primary_form: Form;
  /** optional details (CTDC export) */
  country_of_exploitation?: string | null;
  other_forms?: readonly Form[];
  sector?: Sector | null;
  means_of_control?: readonly string[];
  recruitment?: readonly string[];
  recruiter_relation?: RecruiterRelation | null;
}

export interface RReferral {
  referral_id: string;
  person_id: string;
  from_agency_id: string;
  to_agency_id: string;
  date: string;
}

export interface RService {
  service_id: string;
  person_id: string;
  provider_agency_id: string;
  start_date: string | null;
  end_date: string | null;
}

export interface RInvestigation {
  investigation_id: string;
  agency_id: string;
  opened_date: string;
  closed_date: string | null;
  primary_form: Form;
  state_code: string | null;
  official_complicity: boolean | null;
}

export interface RProsecution {
  prosecution_id: string;
  agency_id: string;
  investigation_id: string | null;
  defendant_person_id: string | null;
  initiated_date: string;
  closed_date: string | null;
  primary_form: Form;
  state_code: string | null;
  official_complicity: boolean | null;
}

export interface RConviction {
  conviction_id: string;
  agency_id: string;
  prosecution_id: string | null;
  date: string;
  primary_form: Form;
  state_code: string | null;
  sentence_months: number | null;
  restitution_ordered_mxn: string | null;
}

export interface RPayment {
  payment_id: string;
  conviction_id: string;
  victim_person_id: string | null;
  date: string;
  amount_mxn: string;
  source: PaymentSource;
}

export interface RContact {
  contact_id: string;
  agency_id: string;
  date: string;
  trafficking_related: boolean;
  referred_to_agency_id: string | null;
}

export interface RFinancialReport {
  report_id: string;
  agency_id: string;
  date: string;
  amount_usd: string | null;
}

/** Everything the report reads. Arrays may be in any order: figures never depend on it. */
export interface ReportData {
  agencies: readonly RAgency[];
  persons: readonly RPerson[];
  identifications: readonly RIdentification[];
  referrals: readonly RReferral[];
  services: readonly RService[];
  investigations: readonly RInvestigation[];
  prosecutions: readonly RProsecution[];
  convictions: readonly RConviction[];
  payments: readonly RPayment[];
  contacts: readonly RContact[];
  financialReports: readonly RFinancialReport[];
}

/** Maps a person record id to the id of the linked person (cluster) it belongs to. */
export type PersonKey = (personId: string) => string;

export const emptyReportData = (): ReportData => ({
  agencies: [],
  persons: [],
  identifications: [],
  referrals: [],
  services: [],
  investigations: [],
  prosecutions: [],
  convictions: [],
  payments: [],
  contacts: [],
  financialReports: [],
});
