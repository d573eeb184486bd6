/**
 * The record kinds of the national data model served by `/api/<path>` (apps/server/src/api/records).
 * Columns, types and enumerations come from the exchange-format spec itself (`@enlace/core`), never copied.
 */
import { type ColumnDef, FILE_BY_KIND, type FileDef, type RecordKind } from '@enlace/core/exchange/spec';
import type { ApiResponse, ApiSchema, Role } from '../../api/types.ts';
import { PERSON_READERS, PERSON_WRITERS, RECORD_READERS, RECORD_WRITERS } from './roles.ts';

export type { ColumnDef, FileDef };

export interface RecordKindInfo {
  /** URL segment, also the API path (`/api/<path>`). */
  path: string;
  kind: Exclude<RecordKind, 'agencies'>;
  file: FileDef;
  read: readonly Role[];
  write: readonly Role[];
}

const person = (path: string, kind: RecordKindInfo['kind']): RecordKindInfo => ({
  path,
  kind,
  file: FILE_BY_KIND[kind],
  read: PERSON_READERS,
  write: PERSON_WRITERS,
});
const record = (path: string, kind: RecordKindInfo['kind']): RecordKindInfo => ({
  path,
  kind,
  file: FILE_BY_KIND[kind],
  read: RECORD_READERS,
  write: RECORD_WRITERS,
});

export const RECORD_KIND_LIST: readonly RecordKindInfo[] = [
  person('persons', 'persons'),
  person('identifications', 'identifications'),
  person('referrals', 'referrals'),
  person('services', 'services'),
  person('restitution-payments', 'restitution_payments'),
  record('investigations', 'investigations'),
  record('prosecutions', 'prosecutions'),
  record('convictions', 'convictions'),
  record('hotline-contacts', 'hotline_contacts'),
  record('financial-reports', 'financial_reports'),
];

export function kindByPath(path: string | undefined): RecordKindInfo | undefined {
  return RECORD_KIND_LIST.find((k) => k.path === path);
}

export function kindsFor(role: Role): RecordKindInfo[] {
  return RECORD_KIND_LIST.filter((k) => k.read.includes(role));
}

/** Whether the kind has a column referring to a person (enables the person filter). */
export function personColumn(file: FileDef): string | undefined {
  if (file.kind === 'persons') return undefined;
  return file.columns.find((c) => c.references === 'persons')?.name;
}

/** Columns of a list response in spec order (the server sends the list columns only). */
export function orderedColumns(file: FileDef, present: Iterable<string>): ColumnDef[] {
  const have = new Set(present);
  return file.columns.filter((c) => have.has(c.name));
}

/** A record as the API returns it. */
/**
 * A record as `GET /api/<path>/:id` answers, and what `PUT /api/<path>/:id` answers (apps/server/src/api/records:
 * every kind's routes are built by the same code with the same response schemas, so one kind's generated types
 * name them all).
 */
export type RecordOut = ApiResponse<'/api/identifications/{id}'>;
export type WriteResult = ApiResponse<'/api/identifications/{id}', 'put'>;

/**
 * A field error of a 400 `invalid_record` (the server's `RecordFieldError`), or one the form finds itself
 * (its message then already in the page's language).
 */
export type FieldError = Omit<ApiSchema<'RecordFieldError'>, 'message'> & {
  message: ApiSchema<'RecordFieldError'>['message'] | string;
};

export function isFieldError(v: unknown): v is FieldError {
  return typeof v === 'object' && v !== null && 'code' in v && 'message' in v;
}

/** The message of an error in the current language. */
export function localMessage(m: FieldError['message'], locale: string): string {
  if (typeof m === 'string') return m;
  return locale.startsWith('en') ? m.en : m.es;
}
