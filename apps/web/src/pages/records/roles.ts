/** Who may read and write records (server permissions persons:* and records:*). No spec import: the routes stay light. */
import type { Role } from '../../api/types.ts';

/** Roles of `persons:read` / `persons:write` and `records:read` / `records:write` (server permissions). */
export const PERSON_READERS: readonly Role[] = [
  'agency_admin',
  'supervisor',
  'caseworker',
  'hotline_operator',
  'service_provider',
];
export const PERSON_WRITERS: readonly Role[] = [
  'agency_admin',
  'supervisor',
  'caseworker',
  'hotline_operator',
];
export const RECORD_READERS: readonly Role[] = PERSON_WRITERS;
export const RECORD_WRITERS: readonly Role[] = PERSON_WRITERS;
/** Everyone who can read at least one kind (the "Records" navigation entry). */
export const RECORDS_ROLES: readonly Role[] = PERSON_READERS;
