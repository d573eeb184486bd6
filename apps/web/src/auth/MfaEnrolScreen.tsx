import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { MfaEnableResponse, MfaSetupResponse } from '../api/types.ts';
import { errorMessage } from '../i18n/errors.ts';
import { Alert } from '../ui/Alert.tsx';
import { Button } from '../ui/Button.tsx';
import { useAuth } from './AuthContext.tsx';
import { AuthFormActions } from './AuthFormActions.tsx';
import { TotpCodeField } from './TotpCodeField.tsx';
import { useDocumentTitle } from './useDocumentTitle.ts';

/**
 * MFA enrolment: (1) scan the QR code or type the secret into an authenticator app,
 * (2) confirm with a code, (3) store the recovery codes (shown only once), then continue.
 */
export function MfaEnrolScreen() {
  const { t, i18n } = useTranslation();
  const { refresh } = useAuth();
  const [setup, setSetup] = useState<MfaSetupResponse | null>(null);
  const [recovery, setRecovery] = useState<string[] | null>(null);
  const [code, setCode] = useState('');
  const [stored, setStored] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const started = useRef(false);
  useDocumentTitle(t('auth.mfaEnrol.title'));

  useEffect(() => {
    if (started.current) return; // one secret per visit, also under React StrictMode
    started.current = true;
    api
      .post<MfaSetupResponse>('/auth/mfa/setup', {})
      .then(setSetup)
      .catch((err: unknown) => setError(errorMessage(i18n, err)));
  }, [i18n]);

  async function enable(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await api.post<MfaEnableResponse>('/auth/mfa/enable', { code: code.replace(/\s+/g, '') });
      setRecovery(res.recoveryCodes);
    } catch (err) {
      setError(errorMessage(i18n, err));
    } finally {
      setBusy(false);
    }
  }

  async function finish() {
    setBusy(true);
    try {
      await refresh();
    } catch (err) {
      setError(errorMessage(i18n, err));
      setBusy(false);
    }
  }

  if (recovery) {
    return (
      <div className="form">
        <h1>{t('auth.mfaEnrol.recoveryTitle')}</h1>
        <Alert kind="warning">{t('auth.mfaEnrol.recoveryIntro')}</Alert>
        <ol className="recovery-codes" aria-label={t('auth.mfaEnrol.recoveryListLabel')}>
          {recovery.map((c) => (
            <li key={c}>
              <code>{c}</code>
            </li>
          ))}
        </ol>
        {error ? <Alert kind="error">{error}</Alert> : null}
        <div className="check">
          <input
            id="recovery-stored"
            type="checkbox"
            checked={stored}
            onChange={(e) => setStored(e.target.checked)}
          />
          <label htmlFor="recovery-stored">{t('auth.mfaEnrol.recoveryStored')}</label>
        </div>
        <Button disabled={!stored} busy={busy} onClick={() => void finish()}>
          {t('auth.mfaEnrol.continue')}
        </Button>
      </div>
    );
  }

  return (
    <form className="form" onSubmit={enable}>
      <h1>{t('auth.mfaEnrol.title')}</h1>
      <p className="lead">{t('auth.mfaEnrol.intro')}</p>
      {error ? <Alert kind="error">{error}</Alert> : null}
      {setup ? (
        <>
          <ol className="steps">
            <li>{t('auth.mfaEnrol.step1')}</li>
            <li>{t('auth.mfaEnrol.step2')}</li>
          </ol>
          <img className="qr" src={setup.qrDataUrl} alt={t('auth.mfaEnrol.qrAlt')} width={200} height={200} />
          <p className="secret">
            <span>{t('auth.mfaEnrol.secretLabel')}</span>{' '}
            <code className="secret-value" data-testid="mfa-secret">
              {setup.secret}
            </code>
          </p>
          <TotpCodeField
            label={t('auth.mfaEnrol.code')}
            hint={t('auth.mfaEnrol.codeHint')}
            value={code}
            onChange={setCode}
          />
          <AuthFormActions
            busy={busy}
            submit={t('auth.mfaEnrol.submit')}
            submitting={t('auth.mfaEnrol.submitting')}
          />
        </>
      ) : !error ? (
        <p role="status">{t('auth.mfaEnrol.preparing')}</p>
      ) : null}
    </form>
  );
}
