import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { errorMessage } from '../i18n/errors.ts';
import { Alert } from '../ui/Alert.tsx';
import { TextField } from '../ui/Field.tsx';
import { useAuth } from './AuthContext.tsx';
import { AuthFormActions } from './AuthFormActions.tsx';
import { useDocumentTitle } from './useDocumentTitle.ts';

/** Second factor at sign-in: a 6-digit TOTP code or one recovery code. */
export function MfaVerifyScreen() {
  const { t, i18n } = useTranslation();
  const { refresh } = useAuth();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useDocumentTitle(t('auth.mfaVerify.title'));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.post('/auth/mfa/verify', { code: code.replace(/\s+/g, '') });
      await refresh();
    } catch (err) {
      setError(errorMessage(i18n, err));
      setBusy(false);
    }
  }

  return (
    <form className="form" onSubmit={submit}>
      <h1>{t('auth.mfaVerify.title')}</h1>
      <p className="lead">{t('auth.mfaVerify.intro')}</p>
      {error ? <Alert kind="error">{error}</Alert> : null}
      <TextField
        label={t('auth.mfaVerify.code')}
        hint={t('auth.mfaVerify.codeHint')}
        name="code"
        autoComplete="one-time-code"
        autoCapitalize="off"
        spellCheck={false}
        required
        value={code}
        onChange={(e) => setCode(e.target.value)}
      />
      <AuthFormActions
        busy={busy}
        submit={t('auth.mfaVerify.submit')}
        submitting={t('auth.mfaVerify.submitting')}
      />
    </form>
  );
}
