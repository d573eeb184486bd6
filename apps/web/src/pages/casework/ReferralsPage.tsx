import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { ApiResponse } from '../../api/types.ts';
import { useUser } from '../../auth/AuthContext.tsx';
import { errorMessage } from '../../i18n/errors.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Button } from '../../ui/Button.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { languageList, serviceList } from './labels.ts';
import { FUNDING, type Referral, SERVICES } from './types.ts';

/** Today in the user's time zone, as an ISO date (YYYY-MM-DD). */
function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export default function ReferralsPage() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const [box, setBox] = useState<'received' | 'sent'>(user.role === 'service_provider' ? 'received' : 'sent');
  const [items, setItems] = useState<Referral[]>([]);
  const [overdue, setOverdue] = useState<Referral[]>([]);
  // what waits in each box (shown beside its name)
  const [waiting, setWaiting] = useState<{ received: number; sent: number } | null>(null);
  const supervises = user.role === 'supervisor' || user.role === 'agency_admin';
  const [open, setOpen] = useState<Referral | null>(null);
  const [reason, setReason] = useState('');
  const [service, setService] = useState<string>('shelter');
  const [startDate, setStartDate] = useState(today);
  const [endDate, setEndDate] = useState('');
  const [funding, setFunding] = useState<string>('ngo');
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // A second click before React re-renders the disabled button must not send twice.
  const inFlight = useRef(false);

  const load = useCallback(async () => {
    try {
      const [received, sent] = await Promise.all(
        (['received', 'sent'] as const).map(
          async (b) =>
            (await api.get<ApiResponse<'/api/case-referrals'>>('/case-referrals', { query: { box: b } }))
              .items,
        ),
      );
      setItems(box === 'received' ? received! : sent!);
      const pending = (list: Referral[]) => list.filter((r) => r.status === 'pending').length;
      setWaiting({ received: pending(received!), sent: pending(sent!) });
      if (supervises)
        setOverdue(
          (await api.get<ApiResponse<'/api/case-referrals/overdue'>>('/case-referrals/overdue')).items,
        );
    } catch (e) {
      setError(e);
    }
  }, [box, supervises]);
  useEffect(() => {
    void load();
  }, [load]);

  async function act(fn: () => Promise<unknown>, done?: () => string) {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await fn();
      if (done) setNotice(done());
      await load();
      if (open) setOpen(await api.get<Referral>(`/case-referrals/${open.id}`).catch(() => null));
    } catch (e) {
      setError(e);
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }

  function openReferral(r: Referral) {
    void act(async () => {
      const full = await api.get<Referral>(`/case-referrals/${r.id}`);
      setOpen(full);
      setService(full.services[0] ?? 'shelter');
      setStartDate(today());
      setEndDate('');
    });
  }

  function recordService(e: FormEvent) {
    e.preventDefault();
    if (!open) return;
    const label = t(`casework.services.${service}`);
    const shown = new Date(`${startDate}T12:00:00`).toLocaleDateString(i18n.language);
    void act(
      () =>
        api.post(`/case-referrals/${open.id}/services`, {
          service,
          startDate,
          endDate: endDate || null,
          funding,
        }),
      () => t('casework.referrals.serviceRecorded', { service: label, date: shown }),
    );
  }

  /** The other side of a referral: the sender for the provider's inbox, the provider for the sender. */
  const counterpart = (r: Referral) =>
    box === 'received'
      ? `${t('casework.referrals.from')}: ${r.fromAgencyName ?? r.fromAgencyId}`
      : `${t('casework.referrals.to')}: ${r.providerName ?? r.toAgencyName ?? r.toAgencyId}`;

  return (
    <>
      <PageHeader title={t('nav.referrals')} description={t('casework.referrals.intro')} />
      {error ? <Alert kind="error">{errorMessage(i18n, error)}</Alert> : null}
      {notice ? <Alert kind="success">{notice}</Alert> : null}
      {supervises ? (
        <section className="card" aria-labelledby="cw-overdue">
          <h2 id="cw-overdue">{t('casework.referrals.overdueTitle')}</h2>
          {overdue.length === 0 ? <p>{t('casework.referrals.noneOverdue')}</p> : null}
          <ul>
            {overdue.map((r) => (
              <li key={r.id}>
                {new Date(r.createdAt).toLocaleDateString(i18n.language)} ·{' '}
                {r.providerName ?? r.toAgencyName ?? r.toAgencyId} ·{' '}
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
          setNotice(null);
        }}
        options={(['received', 'sent'] as const).map((b) => ({
          value: b,
          label: waiting
            ? t('casework.referrals.boxWaiting', { box: t(`casework.referrals.${b}`), count: waiting[b] })
            : t(`casework.referrals.${b}`),
        }))}
      />
      {items.length === 0 ? <p>{t('table.empty')}</p> : null}
      <ul>
        {items.map((r) => (
          <li key={r.id}>
            {new Date(r.createdAt).toLocaleDateString(i18n.language)} · {counterpart(r)} ·{' '}
            {serviceList(r.services, t)} · {t(`casework.referralStatus.${r.status}`)}
            {r.overdue ? ` · ${t(`casework.overdue.${r.overdue}`)}` : ''}{' '}
            {box === 'received' ? (
              <Button variant="secondary" busy={busy} onClick={() => openReferral(r)}>
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
            <dt>{t('casework.referrals.from')}</dt>
            <dd>{open.fromAgencyName ?? open.fromAgencyId}</dd>
            <dt>{t('casework.person.givenNames')}</dt>
            <dd>{open.person.givenNames ?? '—'}</dd>
            <dt>{t('casework.person.sex')}</dt>
            <dd>{open.person.sex ? t(`casework.sex.${open.person.sex}`) : '—'}</dd>
            <dt>{t('casework.person.age')}</dt>
            <dd>
              {open.person.approximateAge === null
                ? '—'
                : t('casework.page.years', { count: open.person.approximateAge })}
            </dd>
            <dt>{t('casework.person.languages')}</dt>
            <dd>{languageList(open.person.languages, t) || '—'}</dd>
            <dt>{t('casework.cases.needs')}</dt>
            <dd>{serviceList(open.services, t)}</dd>
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
            <>
              <form className="form" aria-labelledby="cw-ref-service" onSubmit={recordService}>
                <h3 id="cw-ref-service">{t('casework.referrals.serviceTitle')}</h3>
                <SelectField
                  label={t('casework.services.service')}
                  value={service}
                  onChange={(e) => setService(e.target.value)}
                  options={SERVICES.map((s) => ({ value: s, label: t(`casework.services.${s}`) }))}
                />
                <TextField
                  type="date"
                  label={t('casework.referrals.startDate')}
                  value={startDate}
                  required
                  max={endDate || undefined}
                  onChange={(e) => setStartDate(e.target.value)}
                />
                <TextField
                  type="date"
                  label={t('casework.referrals.endDate')}
                  value={endDate}
                  min={startDate}
                  onChange={(e) => setEndDate(e.target.value)}
                />
                <SelectField
                  label={t('casework.referrals.funding')}
                  value={funding}
                  onChange={(e) => setFunding(e.target.value)}
                  options={FUNDING.map((f) => ({ value: f, label: t(`casework.funding.${f}`) }))}
                />
                <div className="form-actions">
                  <Button type="submit" busy={busy} disabled={!startDate}>
                    {t('casework.referrals.recordService')}
                  </Button>
                </div>
              </form>
              <div className="form-actions">
                <Button
                  variant="secondary"
                  busy={busy}
                  onClick={() => act(() => api.post(`/case-referrals/${open.id}/complete`))}
                >
                  {t('casework.referrals.complete')}
                </Button>
              </div>
            </>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
