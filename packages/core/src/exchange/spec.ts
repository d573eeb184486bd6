/**
 * The exchange format, version 1 (shared/spec/exchange-format.md): every file, its columns,
 * their types, enumerations and references. The prose spec governs; `spec.test.ts` checks this
 * table against exchange-format.schema.json column by column.
 */
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

export const EXCHANGE_FORMAT_VERSION = 1;

export type ColumnType =
  | 'id'
  | 'text'
  | 'enum'
  | 'list'
  | 'boolean'
  | 'date'
  | 'partial_date'
  | 'integer'
  | 'decimal'
  | 'inegi_state'
  | 'iso3166_alpha3'
  | 'iso639_3'
  | 'curp';

/** Record kinds, named like their files without `.csv`. */
export const RECORD_KINDS = [
  'agencies',
  'persons',
  'investigations',
  'prosecutions',
  'convictions',
  'identifications',
  'referrals',
  'services',
  'restitution_payments',
  'hotline_contacts',
  'financial_reports',
] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export interface ColumnDef {
  name: string;
  type: ColumnType;
  required?: boolean;
  /** Allowed values of an `enum`, or of each item of a `list` of enumerated values. */
  values?: readonly string[];
  /** Item type of a `list` whose items are codes rather than enumerated values. */
  item?: 'iso639_3';
  references?: RecordKind;
  minimum?: number;
  default?: string;
  /** Personal data: encrypted at rest, never logged, audited on read. */
  personal?: boolean;
}

/**
 * Free-text cells (`id` and `text` columns): the only ones a writer neutralises against formula injection and a
 * reader restores (`neutraliseCell` / `restoreCell`, spreadsheet-safety.ts; docs/exchange.md). Every other
 * type's values are typed (numbers such as `-5`, dates, codes, enumerations) and are never touched.
 */
export function isTextColumn(col: Pick<ColumnDef, 'type'>): boolean {
  return col.type === 'id' || col.type === 'text';
}

export interface FileDef {
  kind: RecordKind;
  file: `${RecordKind}.csv`;
  idColumn: string;
  /** The agency that owns a row (scopes exports and uploads); null for agencies.csv itself. */
  agencyColumn: string | null;
  /** Columns whose year selects a row for `export --year`. */
  dateColumn: string | null;
  columns: readonly ColumnDef[];
}

const id = (name: string, extra: Partial<ColumnDef> = {}): ColumnDef => ({ name, type: 'id', ...extra });
const req = { required: true } as const;
const form = (name = 'primary_form'): ColumnDef => ({ name, type: 'enum', required: true, values: FORMS });
const bool = (name: string, extra: Partial<ColumnDef> = {}): ColumnDef => ({
  name,
  type: 'boolean',
  ...extra,
});
const date = (name: string, extra: Partial<ColumnDef> = {}): ColumnDef => ({ name, type: 'date', ...extra });
const state = (name = 'state_code'): ColumnDef => ({ name, type: 'inegi_state' });
const text = (name: string, personal = false): ColumnDef => ({ name, type: 'text', personal });
const money = (name: string, extra: Partial<ColumnDef> = {}): ColumnDef => ({
  name,
  type: 'decimal',
  minimum: 0,
  ...extra,
});

export const FILES: readonly FileDef[] = [
  {
    kind: 'agencies',
    file: 'agencies.csv',
    idColumn: 'agency_id',
    agencyColumn: null,
    dateColumn: null,
    columns: [
      id('agency_id', req),
      { name: 'name', type: 'text', required: true },
      { name: 'level', type: 'enum', required: true, values: AGENCY_LEVELS },
      { name: 'kind', type: 'enum', required: true, values: AGENCY_KINDS },
      state(),
      { name: 'country', type: 'iso3166_alpha3', default: 'MEX' },
    ],
  },
  {
    kind: 'persons',
    file: 'persons.csv',
    idColumn: 'person_id',
    agencyColumn: 'agency_id',
    dateColumn: null,
    columns: [
      id('person_id', req),
      id('agency_id', { required: true, references: 'agencies' }),
      text('given_names', true),
      text('surname_1', true),
      text('surname_2', true),
      { name: 'birth_date', type: 'partial_date', personal: true },
      { name: 'sex', type: 'enum', values: SEXES },
      { name: 'nationality', type: 'iso3166_alpha3' },
      { name: 'curp', type: 'curp', personal: true },
      bool('indigenous'),
      { name: 'languages', type: 'list', item: 'iso639_3' },
      bool('lgbtqi'),
      bool('disability'),
      text('phone', true),
      text('email', true),
      text('address', true),
    ],
  },
  {
    kind: 'investigations',
    file: 'investigations.csv',
    idColumn: 'investigation_id',
    agencyColumn: 'agency_id',
    dateColumn: 'opened_date',
    columns: [
      id('investigation_id', req),
      id('agency_id', { required: true, references: 'agencies' }),
      date('opened_date', req),
      date('closed_date'),
      form(),
      state(),
      bool('official_complicity'),
    ],
  },
  {
    kind: 'prosecutions',
    file: 'prosecutions.csv',
    idColumn: 'prosecution_id',
    agencyColumn: 'agency_id',
    dateColumn: 'initiated_date',
    columns: [
      id('prosecution_id', req),
      id('agency_id', { required: true, references: 'agencies' }),
      id('investigation_id', { references: 'investigations' }),
      id('defendant_person_id', { references: 'persons' }),
      date('initiated_date', req),
      date('closed_date'),
      form(),
      state(),
      bool('official_complicity'),
    ],
  },
  {
    kind: 'convictions',
    file: 'convictions.csv',
    idColumn: 'conviction_id',
    agencyColumn: 'agency_id',
    dateColumn: 'date',
    columns: [
      id('conviction_id', req),
      id('agency_id', { required: true, references: 'agencies' }),
      id('prosecution_id', { references: 'prosecutions' }),
      date('date', req),
      form(),
      state(),
      { name: 'sentence_months', type: 'integer', minimum: 0 },
      money('fine_mxn'),
      money('restitution_ordered_mxn'),
    ],
  },
  {
    kind: 'identifications',
    file: 'identifications.csv',
    idColumn: 'identification_id',
    agencyColumn: 'agency_id',
    dateColumn: 'date',
    columns: [
      id('identification_id', req),
      id('person_id', { required: true, references: 'persons' }),
      id('agency_id', { required: true, references: 'agencies' }),
      date('date', req),
      state(),
      { name: 'country_of_exploitation', type: 'iso3166_alpha3' },
      form(),
      { name: 'other_forms', type: 'list', values: FORMS },
      { name: 'sector', type: 'enum', values: SECTORS },
      { name: 'means_of_control', type: 'list', values: MEANS_OF_CONTROL },
      { name: 'recruitment', type: 'list', values: RECRUITMENT },
      { name: 'recruiter_relation', type: 'enum', values: RECRUITER_RELATIONS },
    ],
  },
  {
    kind: 'referrals',
    file: 'referrals.csv',
    idColumn: 'referral_id',
    agencyColumn: 'from_agency_id',
    dateColumn: 'date',
    columns: [
      id('referral_id', req),
      id('person_id', { required: true, references: 'persons' }),
      id('from_agency_id', { required: true, references: 'agencies' }),
      id('to_agency_id', { required: true, references: 'agencies' }),
      date('date', req),
      { name: 'services', type: 'list', values: SERVICES },
      { name: 'status', type: 'enum', required: true, values: REFERRAL_STATUSES },
      date('status_date'),
    ],
  },
  {
    kind: 'services',
    file: 'services.csv',
    idColumn: 'service_id',
    agencyColumn: 'provider_agency_id',
    dateColumn: 'start_date',
    columns: [
      id('service_id', req),
      id('person_id', { required: true, references: 'persons' }),
      id('provider_agency_id', { required: true, references: 'agencies' }),
      { name: 'service', type: 'enum', required: true, values: SERVICES },
      date('start_date'),
      date('end_date'),
      bool('government_funded'),
    ],
  },
  {
    kind: 'restitution_payments',
    file: 'restitution_payments.csv',
    idColumn: 'payment_id',
    agencyColumn: null,
    dateColumn: 'date',
    columns: [
      id('payment_id', req),
      id('conviction_id', { required: true, references: 'convictions' }),
      id('victim_person_id', { references: 'persons' }),
      date('date', req),
      money('amount_mxn', req),
      { name: 'source', type: 'enum', required: true, values: PAYMENT_SOURCES },
    ],
  },
  {
    kind: 'hotline_contacts',
    file: 'hotline_contacts.csv',
    idColumn: 'contact_id',
    agencyColumn: 'agency_id',
    dateColumn: 'date',
    columns: [
      id('contact_id', req),
      id('agency_id', { required: true, references: 'agencies' }),
      date('date', req),
      { name: 'channel', type: 'enum', required: true, values: CONTACT_CHANNELS },
      { name: 'language', type: 'iso639_3' },
      bool('trafficking_related', req),
      id('referred_to_agency_id', { references: 'agencies' }),
    ],
  },
  {
    kind: 'financial_reports',
    file: 'financial_reports.csv',
    idColumn: 'report_id',
    agencyColumn: 'agency_id',
    dateColumn: 'date',
    columns: [
      id('report_id', req),
      id('agency_id', { required: true, references: 'agencies' }),
      date('date', req),
      money('amount_usd'),
      id('investigation_id', { references: 'investigations' }),
    ],
  },
];

/** Files in dependency order: every reference points to a file earlier in this list. */
export const FILE_BY_KIND: Readonly<Record<RecordKind, FileDef>> = Object.fromEntries(
  FILES.map((f) => [f.kind, f]),
) as Record<RecordKind, FileDef>;

export const FILE_BY_NAME: ReadonlyMap<string, FileDef> = new Map(FILES.map((f) => [f.file, f]));

export const REQUIRED_FILES = ['agencies.csv'] as const;
