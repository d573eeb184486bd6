import { z } from 'zod';

export const LoginBody = z.strictObject({
  email: z.string().trim().min(3).max(254),
  password: z.string().min(1).max(1024),
});

export const LoginResult = z.object({
  status: z.enum(['ok', 'mfa_required', 'mfa_enrolment_required']),
  csrfToken: z.string(),
});

export const CodeBody = z.strictObject({ code: z.string().trim().min(6).max(32) });

export const SessionResult = z.object({
  user: z.object({
    id: z.string(),
    email: z.string(),
    displayName: z.string(),
    role: z.string(),
    agencyId: z.string(),
    agencyName: z.string(),
    locale: z.string(),
  }),
  csrfToken: z.string(),
  mfa: z.enum(['ok', 'verify', 'enrol']),
});

export const MfaSetupResult = z.object({ otpauthUrl: z.string(), qrDataUrl: z.string(), secret: z.string() });
export const RecoveryCodesResult = z.object({ recoveryCodes: z.array(z.string()) });
export const StatusResult = z.object({ status: z.literal('ok') });
