import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api } from '../../api/client.ts';
import { useUser } from '../../auth/AuthContext.tsx';
import { errorMessage } from '../../i18n/errors.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Button } from '../../ui/Button.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { useBreakGlass } from '../../ui/JustificationDialog.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { CaseAssignment } from './CaseAssignment.tsx';
import { beforeFullStop, reasonParams, serviceList } from './labels.ts';
import {
  type CaseView,
  type ConsentState,
  type HistoryEntry,
  type MatchResult,
  type Referral,
  SERVICES,
} from './types.ts';

const CLOSURE_REASONS = [
  'goals_met',
  'person_declined_services',
  'transferred',
  'lost_contact',
  'repatriated',
  'deceased',
  'other',
] as const;

interface ServiceRow {
  id: string;
  service: string;
  startDate: string;
  endDate: string | null;
  referralId: string | null;
  providerAgencyId: string;
  funding: string;
}

export default function CaseDetailPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const user = useUser();
  const [closureReason, setClosureReason] = useState('goals_met');
  const [c, setC] = useState<CaseView | null>(null);
  const [consents, setConsents] = useState<ConsentState[]>([]);
  const [match, setMatch] = useState<MatchResult | null>(null);
  const [referrals, setReferrals] = useState<Referral[]>([]);
  const [services, setServices] = useState<ServiceRow[]>([]);
  const [history, setHistory] = useState<HistoryEntry[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // A second click before React re-renders the disabled buttons must not send twice (e.g. two referrals).
  const inFlight = useRef(false);
  const [form, setForm] = useState({ sex: '', languages: '', municipality: '', needs: [] as string[] });
  // Someone else's case asks for a reason first (break-glass); the reason goes with every read of the case.
  const bg = useBreakGlass(`cases/${id}`);
  const { headers: bgHeaders, needs: needsReason } = bg;

  const load = useCallback(async () => {
    try {
      const view = await api.get<CaseView>(`/cases/${id}`, { headers: bgHeaders });
      setC(view);
      setForm({
        sex: view.person.sex ?? '',
        languages: (view.person.languages ?? []).join(' '),
        municipality: view.municipality ?? '',
        needs: view.needs,
      });
      setConsents(
        (await api.get<{ status: ConsentState[] }>(`/cases/${id}/consents`, { headers: bgHeaders })).status,
      );
      const sent = await api.get<{ items: Referral[] }>('/case-referrals', { query: { box: 'sent' } });
      setReferrals(sent.items.filter((r) => r.caseId === id));
      setServices(
        (await api.get<{ items: ServiceRow[] }>(`/cases/${id}/services`, { headers: bgHeaders })).items,
      );
      setHistory(
        (await api.get<{ items: HistoryEntry[] }>(`/cases/${id}/history`, { headers: bgHeaders })).items,
      );
    } catch (e) {
      if (!needsReason(e)) setError(e);
    }
  }, [id, bgHeaders, needsReason]);
  useEffect(() => {
    void load();
  }, [load]);

  async function act(fn: () => Promise<unknown>, done?: string) {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await fn();
      if (done) setNotice(done);
      await load();
    } catch (e) {
      setError(e);
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }

  function save(e: FormEvent) {
    e.preventDefault();
    const languages = form.languages.split(/[\s,;]+/).filter(Boolean);
    void act(
      () =>
        api.patch(
          `/cases/${id}`,
          {
            person: { ...(c?.person ?? {}), ...(form.sex ? { sex: form.sex } : {}), languages },
            municipality: form.municipality || null,
            needs: form.needs,
          },
          { headers: bgHeaders },
        ),
      t('casework.case.saved'),
    );
  }

  if (!c) {
    return (
      <>
        <PageHeader title={t('casework.case.title')} />
        {error ? <Alert kind="error">{errorMessage(i18n, error)}</Alert> : null}
        {bg.declined ? <Alert kind="info">{t('breakGlass.cancelled')}</Alert> : null}
        {bg.dialog}
      </>
    );
  }
  // Providers this case already has an open referral to: no second "Refer" button for them.
  const openTo = new Map(
    referrals.filter((r) => r.status === 'pending' || r.status === 'accepted').map((r) => [r.providerId, r]),
  );
  // Who delivered a service: the provider's name (from the referral), never a raw agency id when known.
  const agencyName = (agencyId: string) =>
    referrals.find((r) => r.toAgencyId === agencyId)?.toAgencyName ??
    referrals.find((r) => r.toAgencyId === agencyId)?.providerName ??
    agencyId;
  const day = (d: string) => new Date(`${d}T12:00:00`).toLocaleDateString(i18n.language);
  const dateRange = (start: string, end: string | null) => (end ? `${day(start)} – ${day(end)}` : day(start));
  const name =
    [c.person.givenNames, c.person.surname1].filter(Boolean).join(' ') || t('casework.cases.unnamed');
  return (
    <>
      <PageHeader
        title={t('casework.case.titleFor', { name })}
        description={t(`casework.status.${c.status}`)}
      />
      {bg.reason ? <Alert kind="warning">{t('breakGlass.notice', { reason: bg.reason })}</Alert> : null}
      {error ? <Alert kind="error">{errorMessage(i18n, error)}</Alert> : null}
      {notice ? <Alert kind="success">{notice}</Alert> : null}

      <section className="card" aria-labelledby="cw-needs">
        <h2 id="cw-needs">{t('casework.case.essentials')}</h2>
        <form className="form" onSubmit={save}>
          <SelectField
            label={t('casework.person.sex')}
            value={form.sex}
            onChange={(e) => setForm({ ...form, sex: e.target.value })}
            options={[
              { value: '', label: t('casework.unknown') },
              ...['female', 'male', 'intersex'].map((v) => ({ value: v, label: t(`casework.sex.${v}`) })),
            ]}
          />
          <TextField
            label={t('casework.person.languages')}
            hint={t('casework.person.languagesHint')}
            value={form.languages}
            onChange={(e) => setForm({ ...form, languages: e.target.value })}
          />
          <TextField
            label={t('casework.case.municipality')}
            hint={t('casework.case.municipalityHint')}
            value={form.municipality}
            inputMode="numeric"
            onChange={(e) => setForm({ ...form, municipality: e.target.value })}
          />
          <fieldset>
            <legend>{t('casework.cases.needs')}</legend>
            {SERVICES.map((s) => (
              <label key={s} className="choice">
                <input
                  type="checkbox"
                  checked={form.needs.includes(s)}
                  onChange={(e) =>
                    setForm({
                      ...form,
                      needs: e.target.checked ? [...form.needs, s] : form.needs.filter((x) => x !== s),
                    })
                  }
                />{' '}
                {t(`casework.services.${s}`)}
              </label>
            ))}
          </fieldset>
          <div className="form-actions">
            <Button type="submit" busy={busy}>
              {t('casework.case.save')}
            </Button>
          </div>
        </form>
      </section>

      <CaseAssignment caseId={id} />

      <section className="card" aria-labelledby="cw-consent">
        <h2 id="cw-consent">{t('casework.consent.title')}</h2>
        <p>{t('casework.consent.intro')}</p>
        <ul>
          {consents.map((s) => (
            <li key={s.purpose}>
              <strong>{t(`casework.consent.purpose.${s.purpose}`)}</strong>:{' '}
              {t(`casework.consent.state.${s.state}`)}{' '}
              {s.state === 'granted' ? (
                <Button
                  variant="secondary"
                  busy={busy}
                  onClick={() =>
                    act(() => api.post(`/cases/${id}/consents`, { purpose: s.purpose, action: 'withdrawn' }))
                  }
                >
                  {t('casework.consent.withdraw', { purpose: t(`casework.consent.purpose.${s.purpose}`) })}
                </Button>
              ) : (
                <Button
                  variant="secondary"
                  busy={busy}
                  onClick={() =>
                    act(() => api.post(`/cases/${id}/consents`, { purpose: s.purpose, action: 'granted' }))
                  }
                >
                  {t('casework.consent.grant', { purpose: t(`casework.consent.purpose.${s.purpose}`) })}
                </Button>
              )}
            </li>
          ))}
        </ul>
      </section>

      <section className="card" aria-labelledby="cw-match">
        <h2 id="cw-match">{t('casework.match.title')}</h2>
        <Button
          busy={busy}
          onClick={() =>
            act(async () => setMatch(await api.post<MatchResult>('/providers/match', { caseId: id })))
          }
        >
          {t('casework.match.find')}
        </Button>
        {match ? (
          <>
            <h3>{t('casework.match.ranked')}</h3>
            {match.ranked.length === 0 ? <p>{t('casework.match.none')}</p> : null}
            <ol>
              {match.ranked.map((r) => (
                <li key={r.providerId}>
                  <strong>{r.provider.name}</strong>{' '}
                  <span>
                    {r.reasons
                      .map((x) => t(`casework.match.reason.${x.code}`, reasonParams(x, t)))
                      .join('; ')}
                  </span>{' '}
                  {openTo.has(r.providerId) ? (
                    <em>{t(`casework.referralStatus.${openTo.get(r.providerId)!.status}`)}</em>
                  ) : (
                    <Button
                      busy={busy}
                      onClick={() =>
                        act(
                          () =>
                            api.post('/case-referrals', {
                              caseId: id,
                              providerId: r.providerId,
                              services: c.needs.filter((s) => r.provider.services.includes(s)),
                            }),
                          t('casework.match.referred', { name: beforeFullStop(r.provider.name) }),
                        )
                      }
                    >
                      {t('casework.match.refer', { name: r.provider.name })}
                    </Button>
                  )}
                </li>
              ))}
            </ol>
            <h3>{t('casework.match.excluded')}</h3>
            <ul>
              {match.excluded.map((x) => (
                <li key={x.providerId}>
                  <strong>{x.name}</strong>:{' '}
                  {x.reasons
                    .map((r) => t(`casework.match.exclusion.${r.code}`, reasonParams(r, t)))
                    .join('; ')}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      <section className="card" aria-labelledby="cw-refs">
        <h2 id="cw-refs">{t('casework.referrals.sent')}</h2>
        <ul>
          {referrals.map((r) => (
            <li key={r.id}>
              {r.providerName ?? r.toAgencyName ?? r.toAgencyId} · {serviceList(r.services, t)}:{' '}
              {t(`casework.referralStatus.${r.status}`)}
              {r.declineReason ? ` (${r.declineReason})` : ''}
              {r.overdue ? ` · ${t(`casework.overdue.${r.overdue}`)}` : ''}
            </li>
          ))}
        </ul>
      </section>

      <section className="card" aria-labelledby="cw-services">
        <h2 id="cw-services">{t('casework.services.title')}</h2>
        <ul>
          {services.map((s) => (
            <li key={s.id}>
              {t(`casework.services.${s.service}`)} · {dateRange(s.startDate, s.endDate)} ·{' '}
              {agencyName(s.providerAgencyId)} · {t(`casework.funding.${s.funding}`)}
            </li>
          ))}
        </ul>
      </section>

      <section className="card" aria-labelledby="cw-closure">
        <h2 id="cw-closure">{t('casework.closure.title')}</h2>
        {c.closureReason ? (
          <p>
            {t('casework.closure.reason')}: {t(`casework.closure.reasons.${c.closureReason}`)}
          </p>
        ) : null}
        {c.status === 'open' ? (
          <div className="form">
            <SelectField
              label={t('casework.closure.reason')}
              value={closureReason}
              onChange={(e) => setClosureReason(e.target.value)}
              options={CLOSURE_REASONS.map((r) => ({ value: r, label: t(`casework.closure.reasons.${r}`) }))}
            />
            <Button
              variant="secondary"
              busy={busy}
              onClick={() =>
                act(() => api.post(`/cases/${id}/closure`, { reason: closureReason }, { headers: bgHeaders }))
              }
            >
              {t('casework.closure.request')}
            </Button>
          </div>
        ) : null}
        {c.status === 'closure_requested' && (user.role === 'supervisor' || user.role === 'agency_admin') ? (
          <div className="form-actions">
            <Button busy={busy} onClick={() => act(() => api.post(`/cases/${id}/closure/approve`))}>
              {t('casework.closure.approve')}
            </Button>
            <Button
              variant="secondary"
              busy={busy}
              onClick={() => act(() => api.post(`/cases/${id}/closure/reject`))}
            >
              {t('casework.closure.reject')}
            </Button>
          </div>
        ) : null}
      </section>

      <section className="card" aria-labelledby="cw-history">
        <h2 id="cw-history">{t('casework.history.title')}</h2>
        <ol>
          {history.map((h) => (
            <li key={h.id}>
              {new Date(h.at).toLocaleString(i18n.language)} ·{' '}
              {t(`casework.history.${h.action}`, { defaultValue: h.action })}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
