import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { Alert } from '../ui/Alert.tsx';
import { Button } from '../ui/Button.tsx';
import { TextField } from '../ui/Field.tsx';
import { useAuth } from './AuthContext.tsx';
import { localPasswordProblem, type PasswordField, passwordError } from './passwords.ts';
import { useDocumentTitle } from './useDocumentTitle.ts';

/**
 * After signing in with a temporary password (a reset or a new account): choose a new one before anything
 * else. The session proved the temporary password a moment ago, so it is not asked again. Next comes MFA
 * enrolment when the role needs it (the reset cleared it).
 */
export function PasswordChangeScreen() {
  const { t, i18n } = useTranslation();
  const { refresh, logout } = useAuth();
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ field: PasswordField | null; message: string } | null>(null);
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

  const at = (f: PasswordField) => (error?.field === f ? error.message : undefined);
  return (
    <form className="form" onSubmit={submit} noValidate>
      <h1>{t('auth.passwordChange.title')}</h1>
      <p className="lead">{t('auth.passwordChange.intro')}</p>
      <p>{t('auth.passwordChange.next')}</p>
      {error && error.field === null ? <Alert kind="error">{error.message}</Alert> : null}
      <TextField
        label={t('auth.password.new')}
        hint={t('auth.password.policy')}
        error={at('newPassword')}
        name="new-password"
        type="password"
        autoComplete="new-password"
        required
        value={next}
        onChange={(e) => setNext(e.target.value)}
      />
      <TextField
        label={t('auth.password.confirm')}
        error={at('confirm')}
        name="confirm-password"
        type="password"
        autoComplete="new-password"
        required
        value={confirm}
        onChange={(e) => setConfirm(e.target.value)}
      />
      <div className="form-actions">
        <Button type="submit" busy={busy}>
          {busy ? t('auth.passwordChange.submitting') : t('auth.passwordChange.submit')}
        </Button>
        <Button variant="link" onClick={() => void logout()}>
          {t('auth.cancel')}
        </Button>
      </div>
    </form>
  );
}
