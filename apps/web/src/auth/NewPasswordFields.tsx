import { useTranslation } from 'react-i18next';
import { TextField } from '../ui/Field.tsx';
import type { PasswordProblem } from './passwords.ts';

export interface NewPasswordFieldsProps {
  next: string;
  confirm: string;
  onNextChange: (value: string) => void;
  onConfirmChange: (value: string) => void;
  /** The form's current error: shown under its field when it names `newPassword` or `confirm`. */
  error: PasswordProblem | null;
}

/**
 * A new password (with the policy as its hint) and its confirmation, each with its error at the field
 * (aria-invalid / aria-describedby through TextField). Used wherever a password is chosen.
 */
export function NewPasswordFields({
  next,
  confirm,
  onNextChange,
  onConfirmChange,
  error,
}: NewPasswordFieldsProps) {
  const { t } = useTranslation();
  return (
    <>
      <TextField
        label={t('auth.password.new')}
        hint={t('auth.password.policy')}
        error={error?.field === 'newPassword' ? error.message : undefined}
        name="new-password"
        type="password"
        autoComplete="new-password"
        required
        value={next}
        onChange={(e) => onNextChange(e.target.value)}
      />
      <TextField
        label={t('auth.password.confirm')}
        error={error?.field === 'confirm' ? error.message : undefined}
        name="confirm-password"
        type="password"
        autoComplete="new-password"
        required
        value={confirm}
        onChange={(e) => onConfirmChange(e.target.value)}
      />
    </>
  );
}
