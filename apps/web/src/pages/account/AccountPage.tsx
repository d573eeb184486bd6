import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Account, ApiResponse, MfaEnableResponse } from '../../api/types.ts';
import { NewPasswordFields } from '../../auth/NewPasswordFields.tsx';
import { localPasswordProblem, type PasswordProblem, passwordError } from '../../auth/passwords.ts';
import { TotpCodeField } from '../../auth/TotpCodeField.tsx';
import { errorMessage } from '../../i18n/errors.ts';
import { currentLocale } from '../../i18n/index.ts';
import { Alert } from '../../ui/Alert.tsx';
import { PageLoading } from '../../ui/AppLayout.tsx';
import { Button } from '../../ui/Button.tsx';
import { TextField } from '../../ui/Field.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';

/** Your own account: details, MFA state, change of password (ends your other sessions), new recovery codes. */
export default function AccountPage() {
  const { t, i18n } = useTranslation();
  const [account, setAccount] = useState<Account | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  const load = useCallback(
    (signal?: AbortSignal) =>
      api
        .get<Account>('/auth/account', { signal })
        .then(setAccount)
        .catch((err: unknown) => {
          if (!signal?.aborted) setLoadError(errorMessage(i18n, err));
        }),
    [i18n],
  );
  useEffect(() => {
    const ctrl = new AbortController();
    void load(ctrl.signal);
    return () => ctrl.abort();
  }, [load]);

  return (
    <>
      <PageHeader title={t('nav.account')} description={t('account.intro')} />
      {loadError ? <Alert kind="error">{loadError}</Alert> : null}
      {!account && !loadError ? <PageLoading /> : null}
      {account ? (
        <div className="split-grid">
          <section className="card" aria-labelledby="account-details">
            <h2 id="account-details">{t('account.details')}</h2>
            <dl className="facts facts-stack-narrow">
              <dt>{t('account.name')}</dt>
              <dd>{account.displayName}</dd>
              <dt>{t('account.email')}</dt>
              <dd className="wrap-anywhere">{account.email}</dd>
              <dt>{t('account.role')}</dt>
              <dd>{t(`roles.${account.role}`, { defaultValue: account.role })}</dd>
              <dt>{t('account.agency')}</dt>
              <dd>{account.agencyName}</dd>
              <dt>{t('account.mfa')}</dt>
              <dd>
                {account.mfaEnabled
                  ? t('account.mfaOn', { n: account.recoveryCodesLeft })
                  : account.mfaRequired
                    ? t('account.mfaOffRequired')
                    : t('account.mfaOff')}
              </dd>
              <dt>{t('account.passwordChangedAt')}</dt>
              <dd>
                {account.passwordChangedAt
                  ? new Intl.DateTimeFormat(currentLocale(), {
                      dateStyle: 'long',
                      timeStyle: 'short',
                    }).format(new Date(account.passwordChangedAt))
                  : t('account.never')}
              </dd>
            </dl>
          </section>
          <ChangePasswordForm onChanged={() => void load()} />
          {account.mfaEnabled ? <RecoveryCodesForm onDone={() => void load()} /> : null}
        </div>
      ) : null}
    </>
  );
}

function ChangePasswordForm({ onChanged }: { onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<PasswordProblem | null>(null);
  const [done, setDone] = useState<number | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setDone(null);
    const local = current
      ? localPasswordProblem(i18n, next, confirm)
      : { field: 'currentPassword' as const, message: t('errors.wrong_password') };
    if (local) {
      setError(local);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const res = await api.post<ApiResponse<'/api/auth/password', 'post'>>('/auth/password', {
        currentPassword: current,
        newPassword: next,
      });
      setCurrent('');
      setNext('');
      setConfirm('');
      setDone(res.otherSessionsEnded);
      onChanged();
    } catch (err) {
      setError(passwordError(i18n, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form card" onSubmit={submit} noValidate aria-labelledby="account-password">
      <h2 id="account-password">{t('account.changePassword')}</h2>
      <p className="lead">{t('account.changePasswordIntro')}</p>
      {done !== null ? <Alert kind="success">{t('account.changed', { n: done })}</Alert> : null}
      {error && error.field === null ? <Alert kind="error">{error.message}</Alert> : null}
      <TextField
        label={t('auth.password.current')}
        error={error?.field === 'currentPassword' ? error.message : undefined}
        name="current-password"
        type="password"
        autoComplete="current-password"
        required
        value={current}
        onChange={(e) => setCurrent(e.target.value)}
      />
      <NewPasswordFields
        next={next}
        confirm={confirm}
        onNextChange={setNext}
        onConfirmChange={setConfirm}
        error={error}
      />
      <div className="form-actions">
        <Button type="submit" busy={busy}>
          {busy ? t('account.changing') : t('account.changeSubmit')}
        </Button>
      </div>
    </form>
  );
}

function RecoveryCodesForm({ onDone }: { onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await api.post<MfaEnableResponse>('/auth/mfa/recovery-codes', {
        code: code.replace(/\s+/g, ''),
      });
      setCodes(res.recoveryCodes);
      setCode('');
      onDone();
    } catch (err) {
      setError(errorMessage(i18n, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="account-recovery">
      <h2 id="account-recovery">{t('account.recovery')}</h2>
      {codes ? (
        <div className="form">
          <Alert kind="warning">{t('account.recoveryDone')}</Alert>
          <ol className="recovery-codes" aria-label={t('account.recoveryListLabel')}>
            {codes.map((c) => (
              <li key={c}>
                <code>{c}</code>
              </li>
            ))}
          </ol>
          <Button variant="secondary" onClick={() => setCodes(null)}>
            {t('account.recoveryHide')}
          </Button>
        </div>
      ) : (
        <form className="form" onSubmit={submit}>
          <p className="lead">{t('account.recoveryIntro')}</p>
          {error ? <Alert kind="error">{error}</Alert> : null}
          <TotpCodeField
            label={t('account.recoveryCode')}
            hint={t('account.recoveryCodeHint')}
            value={code}
            onChange={setCode}
          />
          <div className="form-actions">
            <Button type="submit" variant="secondary" busy={busy}>
              {busy ? t('account.recoveryGenerating') : t('account.recoverySubmit')}
            </Button>
          </div>
        </form>
      )}
    </section>
  );
}
