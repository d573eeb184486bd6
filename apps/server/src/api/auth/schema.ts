import { LOCALES, ROLES } from '@enlace/core/roles';
import { z } from 'zod';

export const LoginBody = z.strictObject({
  email: z.string().trim().min(3).max(254),
  password: z.string().min(1).max(1024),
});

export const LoginResult = z.object({
  status: z.enum(['ok', 'mfa_required', 'mfa_enrolment_required', 'password_change_required']),
  csrfToken: z.string(),
});

export const CodeBody = z.strictObject({ code: z.string().trim().min(6).max(32) });

export const SessionResult = z.object({
  user: z.object({
    id: z.string(),
    email: z.string(),
    displayName: z.string(),
    role: z.enum(ROLES),
    agencyId: z.string(),
    agencyName: z.string(),
    /** The agency's kind (e.g. `hotline`): the web app shows each agency the pages it has use for. */
    agencyKind: z.string().optional(),
    locale: z.enum(LOCALES),
  }),
  csrfToken: z.string(),
  /** `password`: signed in with a temporary password that must be replaced first (POST /api/auth/password). */
  mfa: z.enum(['ok', 'verify', 'enrol', 'password']),
});

export const MfaSetupResult = z.object({ otpauthUrl: z.string(), qrDataUrl: z.string(), secret: z.string() });
export const RecoveryCodesResult = z.object({ recoveryCodes: z.array(z.string()) });
export const StatusResult = z.object({ status: z.literal('ok') });

export const ChangePasswordBody = z.strictObject({
  /** Required once fully signed in; a session with a temporary password (state `password`) may omit it. */
  currentPassword: z.string().min(1).max(1024).optional(),
  newPassword: z.string().min(1).max(1024),
});
export const ChangePasswordResult = z.object({
  status: z.literal('ok'),
  /** The session's next step: `enrol` when the role needs MFA and it is off (after a reset), else `ok`. */
  mfa: z.enum(['ok', 'verify', 'enrol', 'password']),
  otherSessionsEnded: z.number(),
});
export const AccountResult = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  agencyId: z.string(),
  agencyName: z.string(),
  mfaEnabled: z.boolean(),
  mfaRequired: z.boolean(),
  recoveryCodesLeft: z.number(),
  passwordChangedAt: z.string().nullable(),
});
