import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client.ts';
import type { Agency, ApiResponse } from '../../api/types.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { Alert } from '../../ui/Alert.tsx';
import { PageLoading } from '../../ui/AppLayout.tsx';
import { Button } from '../../ui/Button.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import '../records/records.css';
import { formatDateTime } from './format.ts';
import { stateName } from './states.ts';
import { TIP_STATUSES, type Tip, type TipStatus } from './types.ts';

/** One tip (reading it is audited server-side): the description, the contact, triage. */
export default function TipDetailPage() {
  const { t, i18n } = useTranslation();
  const id = useParams().id ?? '';
  const [tip, setTip] = useState<Tip | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<TipStatus>('new');
  const [referredTo, setReferredTo] = useState('');
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  // Agencies to refer to (a select); if the directory cannot be read, a text input for the id.
  const [agencies, setAgencies] = useState<Agency[] | null>(null);

  useEffect(() => {
    const ctrl = new AbortController();
    api
      .get<ApiResponse<'/api/agencies'>>('/agencies', { query: { limit: 500 }, signal: ctrl.signal })
      .then((p) => setAgencies(p.items))
      .catch(() => undefined);
    return () => ctrl.abort();
  }, []);

  useEffect(() => {
    const ctrl = new AbortController();
    api
      .get<Tip>(`/tips/${encodeURIComponent(id)}`, { signal: ctrl.signal })
      .then((x) => {
        setTip(x);
        setStatus(x.status);
        setReferredTo(x.referredToAgencyId ?? '');
      })
      .catch((err: unknown) => {
        if (!ctrl.signal.aborted) setError(errorMessage(i18n, err));
      });
    return () => ctrl.abort();
  }, [id, i18n]);

  async function save(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      const body = { status, ...(referredTo.trim() ? { referredToAgencyId: referredTo.trim() } : {}) };
      const next = await api.patch<Tip>(`/tips/${encodeURIComponent(id)}`, body);
      setTip((old) => (old ? { ...old, ...next } : next));
      setSaved(true);
    } catch (err) {
      setError(errorMessage(i18n, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <PageHeader
        title={tip ? t('tips.detail.title', { folio: tip.folio }) : t('tips.detail.heading')}
        actions={<Link to="/tips">{t('tips.detail.back')}</Link>}
      />
      {error ? <Alert kind="error">{error}</Alert> : null}
      {!tip && !error ? <PageLoading /> : null}
      {tip ? (
        <>
          <section className="card" aria-label={t('tips.detail.facts')}>
            <dl className="facts">
              <dt>{t('tips.fields.folio')}</dt>
              <dd className="mono">{tip.folio}</dd>
              <dt>{t('tips.fields.receivedAt')}</dt>
              <dd>{formatDateTime(tip.receivedAt)}</dd>
              <dt>{t('tips.fields.category')}</dt>
              <dd>{t(`tips.categories.${tip.category}`)}</dd>
              <dt>{t('tips.fields.state')}</dt>
              <dd>{stateName(tip.stateCode) || t('tips.detail.none')}</dd>
              <dt>{t('tips.fields.language')}</dt>
              <dd>{t(`tips.languages.${tip.language}`, { defaultValue: tip.language })}</dd>
              <dt>{t('tips.fields.urgent')}</dt>
              <dd>{tip.urgent ? t('tips.urgentYes') : t('tips.urgentNo')}</dd>
              <dt>{t('tips.fields.status')}</dt>
              <dd>{t(`tips.statuses.${tip.status}`)}</dd>
              <dt>{t('tips.fields.referredTo')}</dt>
              <dd className="mono">{tip.referredToAgencyId ?? t('tips.detail.none')}</dd>
              <dt>{t('tips.fields.contact')}</dt>
              <dd>{tip.contact ?? t('tips.detail.none')}</dd>
            </dl>
            <h2>{t('tips.fields.description')}</h2>
            <p className="tip-description">{tip.description}</p>
            {tip.additions?.length ? (
              <>
                <h2>{t('tips.additions.title')}</h2>
                <ul>
                  {tip.additions.map((a) => (
                    <li key={a.addedAt}>
                      <p>{formatDateTime(a.addedAt)}</p>
                      <p className="tip-description">{a.text}</p>
                      {a.contact ? <p>{t('tips.additions.contact', { contact: a.contact })}</p> : null}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </section>
          <form className="form card" onSubmit={save} aria-label={t('tips.detail.triage')}>
            <h2>{t('tips.detail.triage')}</h2>
            {saved ? <Alert kind="success">{t('tips.detail.saved')}</Alert> : null}
            <SelectField
              label={t('tips.fields.status')}
              name="status"
              value={status}
              onChange={(e) => setStatus(e.target.value as TipStatus)}
              options={TIP_STATUSES.map((s) => ({ value: s, label: t(`tips.statuses.${s}`) }))}
            />
            {agencies ? (
              <SelectField
                label={t('tips.fields.referredTo')}
                hint={t('tips.detail.referredHint')}
                name="referredToAgencyId"
                value={referredTo}
                onChange={(e) => setReferredTo(e.target.value)}
                options={[
                  { value: '', label: t('tips.detail.none') },
                  ...(referredTo && !agencies.some((a) => a.id === referredTo)
                    ? [{ value: referredTo, label: referredTo }]
                    : []),
                  ...agencies.map((a) => ({ value: a.id, label: `${a.name} (${a.id})` })),
                ]}
              />
            ) : (
              <TextField
                label={t('tips.fields.referredTo')}
                hint={t('tips.detail.referredHint')}
                name="referredToAgencyId"
                value={referredTo}
                onChange={(e) => setReferredTo(e.target.value)}
              />
            )}
            <div className="form-actions">
              <Button type="submit" busy={busy}>
                {busy ? t('tips.detail.saving') : t('tips.detail.save')}
              </Button>
            </div>
          </form>
        </>
      ) : null}
    </>
  );
}
