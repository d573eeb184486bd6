import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../i18n/errors.ts';
import { Alert } from '../ui/Alert.tsx';
import { Button } from '../ui/Button.tsx';
import { TextField } from '../ui/Field.tsx';
import { useAuth } from './AuthContext.tsx';
import { useDocumentTitle } from './useDocumentTitle.ts';

export function LoginScreen({ expired }: { expired?: boolean }) {
  const { t, i18n } = useTranslation();
  const { login } = useAuth();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useDocumentTitle(t('auth.login.title'));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(email.trim(), password);
    } catch (err) {
      setError(errorMessage(i18n, err));
      setBusy(false);
    }
  }

  return (
    <form className="form" onSubmit={submit} noValidate={false}>
      <h1>{t('auth.login.title')}</h1>
      <p className="lead">{t('auth.login.intro')}</p>
      {expired && !error ? <Alert kind="warning">{t('auth.login.expired')}</Alert> : null}
      {error ? <Alert kind="error">{error}</Alert> : null}
      <TextField
        label={t('auth.login.email')}
        type="email"
        name="email"
        autoComplete="username"
        required
        value={email}
        onChange={(e) => setEmail(e.target.value)}
      />
      <TextField
        label={t('auth.login.password')}
        type="password"
        name="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      <Button type="submit" busy={busy}>
        {busy ? t('auth.login.submitting') : t('auth.login.submit')}
      </Button>
      <p>
        {/* A full page load: /denuncia is rendered by the server and works without JavaScript. */}
        <a href={i18n.language === 'en-US' ? '/denuncia?lang=en-US' : '/denuncia'}>
          {t('tips.public.loginLink')}
        </a>
      </p>
    </form>
  );
}
