/** Wire types of the server API (apps/server). Keep in step with the server's Zod schemas. */

export const ROLES = [
  'admin',
  'agency_admin',
  'supervisor',
  'caseworker',
  'hotline_operator',
  'service_provider',
  'analyst',
  'auditor',
  'national_auditor',
] as const;
export type Role = (typeof ROLES)[number];

export type Locale = 'es-MX' | 'en-US';
/** `password`: signed in with a temporary password that must be replaced first. */
export type MfaState = 'ok' | 'verify' | 'enrol' | 'password';

export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  agencyId: string;
  agencyName: string;
  /** The agency's kind (`hotline`, `prosecutor`, …); routes may be limited to some kinds. */
  agencyKind?: string;
  locale: Locale;
}

export interface SessionResponse {
  user: SessionUser;
  csrfToken: string;
  mfa: MfaState;
}

export interface LoginResponse {
  status: 'ok' | 'mfa_required' | 'mfa_enrolment_required' | 'password_change_required';
  csrfToken: string;
}

export interface MfaSetupResponse {
  otpauthUrl: string;
  qrDataUrl: string;
  secret: string;
}

export interface MfaEnableResponse {
  recoveryCodes: string[];
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface Agency {
  id: string;
  name: string;
  level: string;
  kind: string;
  stateCode: string | null;
  country: string;
}

export interface AuditEntry {
  id: string | number;
  at: string;
  userId: string | null;
  agencyId: string | null;
  action: string;
  resource: string;
  resourceId: string | null;
  fields: string[];
  justification: string | null;
  hash: string;
}

export interface AuditVerifyResponse {
  ok: boolean;
  checked: number;
  firstBadId: string | number | null;
  reason: string | null;
}

/** `GET /api/auth/account`: the signed-in person's own account. */
export interface Account {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  agencyId: string;
  agencyName: string;
  mfaEnabled: boolean;
  mfaRequired: boolean;
  recoveryCodesLeft: number;
  passwordChangedAt: string | null;
}

/** `GET /api/users` items (apps/server/src/api/users/schema.ts). */
export interface UserAccount {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  agencyId: string;
  mfaEnabled: boolean;
  disabled: boolean;
  locked: boolean;
  createdAt: string;
  mustChangePassword: boolean;
}

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown[] };
}

/** An insider-threat alert (GET /api/alerts): ids and counts only, plus the reason typed at a break-glass read. */
export interface InsiderAlert {
  id: string;
  kind: 'break_glass' | 'bulk_read';
  agencyId: string;
  userId: string;
  userName: string | null;
  userRole: string | null;
  resource: 'persons' | 'cases' | null;
  resourceId: string | null;
  justification: string | null;
  readCount: number | null;
  windowMinutes: number | null;
  occurrences: number;
  createdAt: string;
  lastAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
}
