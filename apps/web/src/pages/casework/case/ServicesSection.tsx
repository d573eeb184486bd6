import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client.ts';
import { SelectField, TextField } from '../../../ui/Field.tsx';
import { localToday } from '../../../ui/today.ts';
import { FUNDING, SERVICES } from '../types.ts';
import { FormFooter } from './FormFooter.tsx';
import { dayLabel, useCase } from './useCase.tsx';

const today = localToday;

/** Services delivered (by providers on referrals, and by the caseworker's own agency, recorded here). */
export function ServicesSection() {
  const { t, i18n } = useTranslation();
  const { id, services, referrals, busy, act, headers } = useCase();
  const [f, setF] = useState({ service: 'psychological', startDate: today(), endDate: '', funding: 'state' });
  const [problem, setProblem] = useState<string | null>(null);
  // Who delivered a service: the provider's name (from the referral), or "our agency".
  const who = (agencyId: string, referralId: string | null) =>
    referralId
      ? (referrals.find((r) => r.toAgencyId === agencyId)?.providerName ??
        referrals.find((r) => r.toAgencyId === agencyId)?.toAgencyName ??
        t('casework.page.provider'))
      : t('casework.page.ourAgency');

  async function add(e: FormEvent) {
    e.preventDefault();
    if (f.endDate && f.endDate < f.startDate) return setProblem(t('casework.page.toBeforeFrom'));
    setProblem(null);
    await act(
      () =>
        api.post(
          `/cases/${id}/services`,
          { service: f.service, startDate: f.startDate, endDate: f.endDate || null, funding: f.funding },
          { headers },
        ),
      t('casework.referrals.serviceRecorded', {
        service: t(`casework.services.${f.service}`),
        date: dayLabel(f.startDate, i18n.language),
      }),
    );
  }

  return (
    <section className="card" aria-labelledby="cw-services">
      <h2 id="cw-services">{t('casework.services.title')}</h2>
      {services.length === 0 ? <p>{t('casework.page.noServices')}</p> : null}
      <ul className="cw-list">
        {services.map((s) => (
          <li key={s.id}>
            {t(`casework.services.${s.service}`)} · {dayLabel(s.startDate, i18n.language)}
            {s.endDate ? ` – ${dayLabel(s.endDate, i18n.language)}` : ''} ·{' '}
            {who(s.providerAgencyId, s.referralId)} · {t(`casework.funding.${s.funding}`)}
          </li>
        ))}
      </ul>
      <form className="form" onSubmit={add} aria-labelledby="cw-services-new">
        <h3 id="cw-services-new">{t('casework.page.recordService')}</h3>
        <div className="cw-grid">
          <SelectField
            label={t('casework.services.service')}
            value={f.service}
            onChange={(e) => setF({ ...f, service: e.target.value })}
            options={SERVICES.map((s) => ({ value: s, label: t(`casework.services.${s}`) }))}
          />
          <SelectField
            label={t('casework.referrals.funding')}
            value={f.funding}
            onChange={(e) => setF({ ...f, funding: e.target.value })}
            options={FUNDING.map((s) => ({ value: s, label: t(`casework.funding.${s}`) }))}
          />
          <TextField
            label={t('casework.referrals.startDate')}
            type="date"
            required
            value={f.startDate}
            onChange={(e) => setF({ ...f, startDate: e.target.value })}
          />
          <TextField
            label={t('casework.referrals.endDate')}
            type="date"
            value={f.endDate}
            onChange={(e) => setF({ ...f, endDate: e.target.value })}
          />
        </div>
        <FormFooter problem={problem} busy={busy} label={t('casework.page.recordService')} />
      </form>
    </section>
  );
}
