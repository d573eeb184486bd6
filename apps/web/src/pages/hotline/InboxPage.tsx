import { type RefObject, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import type { ApiResponse } from '../../api/types.ts';
import { useUser } from '../../auth/AuthContext.tsx';
import { errorMessage } from '../../i18n/errors.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Button } from '../../ui/Button.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { languageName } from '../casework/labels.ts';
import { formLabel, label, placeOf, TextArea, UrgencyBadge, useMunicipios, when } from './shared.tsx';
import type { InboxItem, InboxItemRead } from './types.ts';
import './hotline.css';

/**
 * What the hotline referred to this agency (contacts and public tips): read it, accept it (a case of the
 * agency opens from it) or decline it with a reason.
 */
export default function InboxPage() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  // A service's staff take a referral on; prosecutors' case roles open a case from it.
  const opensCase = user.role !== 'service_provider';
  const municipios = useMunicipios();
  const [items, setItems] = useState<InboxItem[] | null>(null);
  const [open, setOpen] = useState<InboxItemRead | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const inFlight = useRef(false);
  const detailRef = useRef<HTMLElement>(null);
  const path = (i: InboxItem) => `/hotline/inbox/${i.kind === 'tip' ? 'tips' : 'contacts'}/${i.id}`;

  const load = useCallback(async () => {
    try {
      setItems((await api.get<ApiResponse<'/api/hotline/inbox'>>('/hotline/inbox')).items);
    } catch (e) {
      setError(e);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  const openId = open?.id;
  useEffect(() => {
    if (openId) detailRef.current?.focus();
  }, [openId]);

  async function act(fn: () => Promise<void>) {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    setError(null);
    try {
      await fn();
      await load();
    } catch (e) {
      setError(e);
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }
  const title = (i: InboxItem) =>
    i.kind === 'tip'
      ? t('hotline.inbox.tipTitle', {
          ref: i.ref,
          category: t(`tips.categories.${i.category}`, { defaultValue: i.category }),
        })
      : t('hotline.inbox.contactTitle', { ref: i.ref, from: i.fromAgencyName });

  return (
    <>
      <PageHeader title={t('nav.hotlineInbox')} description={t('hotline.inbox.intro')} />
      {error ? <Alert kind="error">{errorMessage(i18n, error)}</Alert> : null}
      {items && items.length === 0 ? <p>{t('hotline.inbox.empty')}</p> : null}
      <ul className="hl-queue" aria-label={t('hotline.inbox.listLabel')}>
        {(items ?? []).map((i) => (
          <li key={`${i.kind}-${i.id}`} className={`hl-card hl-card-${i.urgency}`}>
            <div className="hl-card-head">
              <UrgencyBadge urgency={i.urgency} t={t} />
              <span className="hl-card-title">{title(i)}</span>
            </div>
            <p className="hl-card-meta">
              {when(i.referredAt, i18n.language)} · {placeOf(i, t, municipios)}
              {i.primaryForm ? ` · ${formLabel(t, i.primaryForm)}` : ''} ·{' '}
              {label(t, 'referralStatus', i.status)}
            </p>
            {i.caseId ? (
              <Link to={`/cases/${i.caseId}`}>{t('hotline.inbox.goToCase')}</Link>
            ) : (
              <Button
                variant="secondary"
                busy={busy}
                onClick={() =>
                  void act(async () => {
                    setOpen(await api.get<InboxItemRead>(path(i)));
                    setReason('');
                  })
                }
              >
                {t('hotline.inbox.open', { ref: i.ref })}
              </Button>
            )}
          </li>
        ))}
      </ul>
      {open ? (
        <InboxDetail
          open={open}
          title={title(open)}
          busy={busy}
          opensCase={opensCase}
          reason={reason}
          setReason={setReason}
          path={path(open)}
          act={act}
          onChanged={setOpen}
          detailRef={detailRef}
        />
      ) : null}
    </>
  );
}

/** A referral opened from the inbox: what the hotline recorded, then accept (a case or a service) or decline. */
function InboxDetail({
  open,
  title,
  busy,
  opensCase,
  reason,
  setReason,
  path,
  act,
  onChanged,
  detailRef,
}: {
  open: InboxItemRead;
  title: string;
  busy: boolean;
  opensCase: boolean;
  reason: string;
  setReason: (v: string) => void;
  /** The item's API path (`/hotline/inbox/contacts/ID` or `/tips/ID`). */
  path: string;
  act: (fn: () => Promise<void>) => Promise<void>;
  onChanged: (item: InboxItemRead) => void;
  detailRef: RefObject<HTMLElement | null>;
}) {
  const { t } = useTranslation();
  const municipios = useMunicipios();
  return (
    <section className="card hl-section-card" aria-labelledby="hl-inbox-detail" ref={detailRef} tabIndex={-1}>
      <h2 id="hl-inbox-detail">{title}</h2>
      <dl className="facts">
        <dt>{t('hotline.form.urgency')}</dt>
        <dd>
          <UrgencyBadge urgency={open.urgency} t={t} />
        </dd>
        <dt>{t('hotline.form.where')}</dt>
        <dd>{placeOf(open, t, municipios)}</dd>
        <dt>{t('hotline.form.language')}</dt>
        <dd>{open.language ? languageName(open.language, t) : t('hotline.unknown')}</dd>
        {open.kind === 'contact' ? (
          <>
            <dt>{t('hotline.form.callerType')}</dt>
            <dd>{label(t, 'callerType', open.callerType)}</dd>
            <dt>{t('hotline.form.risks')}</dt>
            <dd>
              {open.riskIndicators.length
                ? open.riskIndicators.map((r) => label(t, 'risk', r)).join(', ')
                : t('hotline.none')}
            </dd>
            <dt>{t('hotline.form.primaryForm')}</dt>
            <dd>{formLabel(t, open.primaryForm)}</dd>
          </>
        ) : null}
        <dt>{t('hotline.inbox.caller')}</dt>
        <dd className="wrap-anywhere">
          {open.consentShare
            ? [open.callerName, open.callerContact].filter(Boolean).join(' · ') || t('hotline.notGiven')
            : t('hotline.inbox.noConsent')}
        </dd>
      </dl>
      <h3>{t('hotline.form.narrative')}</h3>
      <p className="hl-narrative">{open.narrative}</p>
      {open.note ? (
        <>
          <h3>{t('hotline.refer.note')}</h3>
          <p className="hl-narrative">{open.note}</p>
        </>
      ) : null}
      {open.screen ? (
        <>
          <h3>{t('hotline.screen.title')}</h3>
          <p>{t(`casework.recommendation.${open.screen.recommendation}`)}</p>
          {open.screen.indicators.length ? (
            <ul>
              {open.screen.indicators.map((x) => (
                <li key={x.indicator}>
                  {t(`casework.indicators.${x.indicator}`)} ({t(`casework.strength.${x.strength}`)})
                </li>
              ))}
            </ul>
          ) : null}
        </>
      ) : null}
      {open.status === 'pending' ? (
        <>
          <div className="form-actions">
            <Button
              busy={busy}
              onClick={() =>
                void act(async () => {
                  const r = await api.post<ApiResponse<'/api/hotline/inbox/contacts/{id}/accept', 'post'>>(
                    `${path}/accept`,
                  );
                  onChanged({ ...open, status: 'accepted', caseId: r.caseId });
                })
              }
            >
              {opensCase ? t('hotline.inbox.accept') : t('hotline.inbox.acceptService')}
            </Button>
          </div>
          <form
            className="form"
            onSubmit={(e) => {
              e.preventDefault();
              if (!reason.trim()) return;
              void act(async () => {
                await api.post(`${path}/decline`, { reason });
                onChanged({ ...open, status: 'declined' });
              });
            }}
          >
            <TextArea
              label={t('hotline.inbox.reason')}
              value={reason}
              maxLength={500}
              rows={2}
              onChange={setReason}
            />
            <Button type="submit" variant="danger" busy={busy} disabled={!reason.trim()}>
              {t('hotline.inbox.decline')}
            </Button>
          </form>
        </>
      ) : (
        <p>
          {label(t, 'referralStatus', open.status)}
          {open.caseId ? (
            <>
              {' · '}
              <Link to={`/cases/${open.caseId}`}>{t('hotline.inbox.goToCase')}</Link>
            </>
          ) : null}
        </p>
      )}
    </section>
  );
}
