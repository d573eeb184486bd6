import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useUser } from '../../auth/AuthContext.tsx';
import { errorMessage } from '../../i18n/errors.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Button } from '../../ui/Button.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { type Referral, SERVICES } from './types.ts';

export default function ReferralsPage() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const [box, setBox] = useState<'received' | 'sent'>(user.role === 'service_provider' ? 'received' : 'sent');
  const [items, setItems] = useState<Referral[]>([]);
  const [overdue, setOverdue] = useState<Referral[]>([]);
  const supervises = user.role === 'supervisor' || user.role === 'agency_admin';
  const [open, setOpen] = useState<Referral | null>(null);
  const [reason, setReason] = useState('');
  const [service, setService] = useState<string>('shelter');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setItems((await api.get<{ items: Referral[] }>('/case-referrals', { query: { box } })).items);
      if (supervises) setOverdue((await api.get<{ items: Referral[] }>('/case-referrals/overdue')).items);
    } catch (e) {
      setError(e);
    }
  }, [box, supervises]);
  useEffect(() => {
    void load();
  }, [load]);

  async function act(fn: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await fn();
      await load();
      if (open) setOpen(await api.get<Referral>(`/case-referrals/${open.id}`).catch(() => null));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <PageHeader title={t('nav.referrals')} description={t('casework.referrals.intro')} />
      {error ? <Alert kind="error">{errorMessage(i18n, error)}</Alert> : null}
      {supervises ? (
        <section className="card" aria-labelledby="cw-overdue">
          <h2 id="cw-overdue">{t('casework.referrals.overdueTitle')}</h2>
          {overdue.length === 0 ? <p>{t('casework.referrals.noneOverdue')}</p> : null}
          <ul>
            {overdue.map((r) => (
              <li key={r.id}>
                {new Date(r.createdAt).toLocaleDateString(i18n.language)} · {r.providerName} ·{' '}
                {r.overdue ? t(`casework.overdue.${r.overdue}`) : ''}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <SelectField
        label={t('casework.referrals.box')}
        value={box}
        onChange={(e) => {
          setBox(e.target.value as 'received' | 'sent');
          setOpen(null);
        }}
        options={[
          { value: 'received', label: t('casework.referrals.received') },
          { value: 'sent', label: t('casework.referrals.sent') },
        ]}
      />
      {items.length === 0 ? <p>{t('table.empty')}</p> : null}
      <ul>
        {items.map((r) => (
          <li key={r.id}>
            {new Date(r.createdAt).toLocaleDateString(i18n.language)} · {r.providerName} ·{' '}
            {r.services.map((s) => t(`casework.services.${s}`)).join(', ')} ·{' '}
            {t(`casework.referralStatus.${r.status}`)}
            {r.overdue ? ` · ${t(`casework.overdue.${r.overdue}`)}` : ''}{' '}
            {box === 'received' ? (
              <Button
                variant="secondary"
                busy={busy}
                onClick={() => act(async () => setOpen(await api.get<Referral>(`/case-referrals/${r.id}`)))}
              >
                {t('casework.referrals.open')}
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
      {open?.person ? (
        <section className="card" aria-labelledby="cw-ref">
          <h2 id="cw-ref">{t('casework.referrals.detail')}</h2>
          <dl className="facts">
            <dt>{t('casework.person.givenNames')}</dt>
            <dd>{open.person.givenNames ?? '—'}</dd>
            <dt>{t('casework.person.sex')}</dt>
            <dd>{open.person.sex ? t(`casework.sex.${open.person.sex}`) : '—'}</dd>
            <dt>{t('casework.person.age')}</dt>
            <dd>{open.person.approximateAge ?? '—'}</dd>
            <dt>{t('casework.person.languages')}</dt>
            <dd>{open.person.languages.join(', ') || '—'}</dd>
            <dt>{t('casework.cases.needs')}</dt>
            <dd>{open.services.map((s) => t(`casework.services.${s}`)).join(', ')}</dd>
            <dt>{t('casework.cases.status')}</dt>
            <dd>{t(`casework.referralStatus.${open.status}`)}</dd>
          </dl>
          {open.status === 'pending' ? (
            <div className="form">
              <Button busy={busy} onClick={() => act(() => api.post(`/case-referrals/${open.id}/accept`))}>
                {t('casework.referrals.accept')}
              </Button>
              <TextField
                label={t('casework.referrals.declineReason')}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
              />
              <Button
                variant="danger"
                busy={busy}
                disabled={reason.trim().length < 3}
                onClick={() => act(() => api.post(`/case-referrals/${open.id}/decline`, { reason }))}
              >
                {t('casework.referrals.decline')}
              </Button>
            </div>
          ) : null}
          {open.status === 'accepted' ? (
            <div className="form">
              <SelectField
                label={t('casework.services.service')}
                value={service}
                onChange={(e) => setService(e.target.value)}
                options={SERVICES.map((s) => ({ value: s, label: t(`casework.services.${s}`) }))}
              />
              <Button
                busy={busy}
                onClick={() =>
                  act(() =>
                    api.post(`/case-referrals/${open.id}/services`, {
                      service,
                      startDate: new Date().toISOString().slice(0, 10),
                      funding: 'ngo',
                    }),
                  )
                }
              >
                {t('casework.referrals.recordService')}
              </Button>
              <Button
                variant="secondary"
                busy={busy}
                onClick={() => act(() => api.post(`/case-referrals/${open.id}/complete`))}
              >
                {t('casework.referrals.complete')}
              </Button>
            </div>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
