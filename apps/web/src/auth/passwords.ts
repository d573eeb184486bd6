import type { i18n as I18n } from 'i18next';
import { ApiError } from '../api/client.ts';
import { errorMessage } from '../i18n/errors.ts';

/** The server's password policy (apps/server/src/security/passwords.ts): checked again there. */
export const MIN_PASSWORD_LENGTH = 12;

export type PasswordField = 'currentPassword' | 'newPassword' | 'confirm';

/** A password form's error: under its field, or for the whole form when `field` is null. */
export interface PasswordProblem {
  field: PasswordField | null;
  message: string;
}

/**
 * Where a failed password change belongs: the field the server names in `details[0].field`
 * (`currentPassword` for a wrong current password, `newPassword` for the policy), else the form.
 */
export function passwordErrorField(err: unknown): PasswordField | null {
  if (!(err instanceof ApiError)) return null;
  const d = err.details[0];
  const field = typeof d === 'object' && d !== null && 'field' in d ? (d as { field: unknown }).field : null;
  return field === 'currentPassword' || field === 'newPassword' ? field : null;
}

/** Checks made before sending (the server repeats the policy): mismatch, then length. */
export function localPasswordProblem(
  i18n: Pick<I18n, 't'>,
  next: string,
  confirm: string,
): { field: PasswordField; message: string } | null {
  if ([...next].length < MIN_PASSWORD_LENGTH)
    return { field: 'newPassword', message: i18n.t('errors.password_too_short') };
  if (next !== confirm) return { field: 'confirm', message: i18n.t('auth.password.mismatch') };
  return null;
}

/** A failed change as `{ field, message }`: under its field when the server names one. */
export function passwordError(i18n: Pick<I18n, 't' | 'exists'>, err: unknown): PasswordProblem {
  return { field: passwordErrorField(err), message: errorMessage(i18n, err) };
}
