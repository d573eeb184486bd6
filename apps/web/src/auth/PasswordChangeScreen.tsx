import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { Alert } from '../ui/Alert.tsx';
import { useAuth } from './AuthContext.tsx';
import { AuthFormActions } from './AuthFormActions.tsx';
import { NewPasswordFields } from './NewPasswordFields.tsx';
import { localPasswordProblem, type PasswordProblem, passwordError } from './passwords.ts';
import { useDocumentTitle } from './useDocumentTitle.ts';

/**
 * After signing in with a temporary password (a reset or a new account): choose a new one before anything
 * else. The session proved the temporary password a moment ago, so it is not asked again. Next comes MFA
 * enrolment when the role needs it (the reset cleared it).
 */
export function PasswordChangeScreen() {
  const { t, i18n } = useTranslation();
  const { refresh } = useAuth();
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<PasswordProblem | null>(null);
  useDocumentTitle(t('auth.passwordChange.title'));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const local = localPasswordProblem(i18n, next, confirm);
    if (local) {
      setError(local);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.post('/auth/password', { newPassword: next });
      await refresh();
    } catch (err) {
      setError(passwordError(i18n, err));
      setBusy(false);
    }
  }

  return (
    <form className="form" onSubmit={submit} noValidate>
      <h1>{t('auth.passwordChange.title')}</h1>
      <p className="lead">{t('auth.passwordChange.intro')}</p>
      <p>{t('auth.passwordChange.next')}</p>
      {error && error.field === null ? <Alert kind="error">{error.message}</Alert> : null}
      <NewPasswordFields
        next={next}
        confirm={confirm}
        onNextChange={setNext}
        onConfirmChange={setConfirm}
        error={error}
      />
      <AuthFormActions
        busy={busy}
        submit={t('auth.passwordChange.submit')}
        submitting={t('auth.passwordChange.submitting')}
      />
    </form>
  );
}
