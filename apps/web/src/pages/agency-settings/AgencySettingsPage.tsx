import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { ApiBody, ApiResponse } from '../../api/types.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { Alert } from '../../ui/Alert.tsx';
import { PageLoading } from '../../ui/AppLayout.tsx';
import { Button } from '../../ui/Button.tsx';
import { TextField } from '../../ui/Field.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { stateName } from '../tips/states.ts';

type Settings = ApiResponse<'/api/agency-settings'>;
type Body = ApiBody<'/api/agency-settings', 'put'>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const toForm = (x: Settings) => ({
  contactName: x.contactName ?? '',
  contactEmail: x.contactEmail ?? '',
  contactPhone: x.contactPhone ?? '',
});

/**
 * My agency (agency administrators): what the agency is, and the contact other agencies see on a case transfer
 * (an office, an institutional e-mail and telephone). Users are managed at /users, one's own account at /account.
 */
export default function AgencySettingsPage() {
  const { t, i18n } = useTranslation();
  const [s, setS] = useState<Settings | null>(null);
  const [form, setForm] = useState({ contactName: '', contactEmail: '', contactPhone: '' });
  const [emailProblem, setEmailProblem] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fill = (x: Settings) => {
    setS(x);
    setForm(toForm(x));
  };
  useEffect(() => {
    const ctrl = new AbortController();
    api
      .get<Settings>('/agency-settings', { signal: ctrl.signal })
      .then((x) => {
        setS(x);
        setForm(toForm(x));
      })
      .catch((e: unknown) => {
        if (!ctrl.signal.aborted) setError(e);
      });
    return () => ctrl.abort();
  }, []);

  async function save(e: FormEvent) {
    e.preventDefault();
    const email = form.contactEmail.trim();
    if (email && !EMAIL.test(email)) {
      setEmailProblem(t('agencySettings.emailProblem'));
      document.getElementById('as-email')?.focus();
      return;
    }
    setEmailProblem(null);
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const body: Body = {
        contactName: form.contactName.trim(),
        contactEmail: email,
        contactPhone: form.contactPhone.trim(),
      };
      fill(await api.put<Settings>('/agency-settings', body));
      setNotice(t('agencySettings.saved'));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <PageHeader title={t('nav.agencySettings')} description={t('agencySettings.intro')} />
      <div aria-live="polite">
        {error ? <Alert kind="error">{errorMessage(i18n, error)}</Alert> : null}
        {notice ? <Alert kind="success">{notice}</Alert> : null}
      </div>
      {!s && !error ? <PageLoading /> : null}
      {s ? (
        <>
          <section className="card" aria-labelledby="as-agency">
            <h2 id="as-agency">{s.agencyName}</h2>
            <dl className="facts facts-stack-narrow">
              <dt>{t('agencies.columns.kind')}</dt>
              <dd>{t(`agencies.kind.${s.kind}`)}</dd>
              <dt>{t('agencies.columns.level')}</dt>
              <dd>{t(`agencies.level.${s.level}`)}</dd>
              {s.stateCode ? (
                <>
                  <dt>{t('agencies.columns.state')}</dt>
                  <dd>{stateName(s.stateCode)}</dd>
                </>
              ) : null}
            </dl>
            <p>{t('agencySettings.fixedBy')}</p>
          </section>
          <section className="card" aria-labelledby="as-contact">
            <h2 id="as-contact">{t('agencySettings.contactTitle')}</h2>
            <p>{t('agencySettings.contactIntro')}</p>
            <form className="form" onSubmit={save}>
              <TextField
                label={t('agencySettings.contactName')}
                hint={t('agencySettings.contactNameHint')}
                value={form.contactName}
                maxLength={200}
                onChange={(e) => setForm({ ...form, contactName: e.target.value })}
              />
              <TextField
                id="as-email"
                label={t('agencySettings.contactEmail')}
                type="email"
                value={form.contactEmail}
                maxLength={200}
                error={emailProblem ?? undefined}
                onChange={(e) => setForm({ ...form, contactEmail: e.target.value })}
              />
              <TextField
                label={t('agencySettings.contactPhone')}
                type="tel"
                value={form.contactPhone}
                maxLength={40}
                onChange={(e) => setForm({ ...form, contactPhone: e.target.value })}
              />
              <div className="form-actions">
                <Button type="submit" busy={busy}>
                  {t('agencySettings.save')}
                </Button>
              </div>
            </form>
            {s.updatedAt ? (
              <p className="field-hint">
                {t('agencySettings.updated', {
                  name: s.updatedByName ?? '—',
                  date: new Date(s.updatedAt).toLocaleString(i18n.language),
                })}
              </p>
            ) : null}
          </section>
        </>
      ) : null}
    </>
  );
}
