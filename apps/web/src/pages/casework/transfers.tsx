import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ApiResponse } from '../../api/types.ts';
import { Button } from '../../ui/Button.tsx';
import { stateName } from '../tips/states.ts';
import { languageList, serviceList } from './labels.ts';

/** Wire types of the transfer API, generated from apps/server/src/api/transfers/schema.ts. */
export type Transfer = ApiResponse<'/api/case-transfers/{id}/approve', 'post'>;
export type TransferStatus = Transfer['status'];
export type AgencyContact = NonNullable<Transfer['fromAgencyContact']>;
export type TransferCounts = ApiResponse<'/api/case-transfers/counts'>;
export type Destination = ApiResponse<'/api/transfer-destinations'>['items'][number];

export const destinationLabel = (d: Destination, t: (k: string) => string) =>
  [d.name, t(`agencies.kind.${d.kind}`), d.stateCode ? stateName(d.stateCode) : null]
    .filter(Boolean)
    .join(' · ');

type Act = 'approve' | 'reject' | 'cancel' | 'accept' | 'decline';

/**
 * One transfer as both sides read it: whom it is about, from and to which agency, why, who asked, approved and
 * answered, and the steps the reader may take (buttons; reject and decline ask for a reason first).
 */
export function TransferCard({
  tr,
  actions,
  busy,
  onAct,
  headingLevel = 3,
  showPerson = true,
}: {
  tr: Transfer;
  actions: readonly Act[];
  busy: boolean;
  onAct: (id: string, act: Act, reason?: string) => Promise<boolean>;
  headingLevel?: 2 | 3;
  showPerson?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const [asking, setAsking] = useState<'reject' | 'decline' | null>(null);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const when = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString(i18n.language) : '');
  const H = headingLevel === 2 ? 'h2' : 'h3';
  const p = tr.person;
  const about = [
    p.sex ? t(`casework.sex.${p.sex}`) : null,
    p.age !== null ? t('casework.page.years', { count: p.age }) : null,
    p.languages.length ? languageList(p.languages, t) : null,
  ]
    .filter(Boolean)
    .join(' · ');
  const reasonId = `tr-reason-${tr.id}`;
  // The other agency's contact (its "Mi institución" settings): whom to call about this transfer.
  const other =
    tr.mySide === 'sending'
      ? { name: tr.toAgencyName, contact: tr.toAgencyContact }
      : { name: tr.fromAgencyName, contact: tr.fromAgencyContact };
  async function send() {
    if (!asking) return;
    if (reason.trim().length < 10) return setProblem(t('casework.transfer.reasonShort'));
    setProblem(null);
    if (await onAct(tr.id, asking, reason.trim())) {
      setAsking(null);
      setReason('');
    }
  }
  return (
    <article className="cw-transfer" aria-labelledby={`tr-${tr.id}`}>
      <H id={`tr-${tr.id}`}>
        {showPerson
          ? `${p.displayName ?? t('casework.cases.unnamed')} · ${t('casework.transfer.fromTo', { from: tr.fromAgencyName, to: tr.toAgencyName })}`
          : t('casework.transfer.fromToTitle', { from: tr.fromAgencyName, to: tr.toAgencyName })}
      </H>
      <p>
        <strong>{t(`casework.transfer.status.${tr.status}`)}</strong>
        {showPerson && about ? ` · ${about}` : ''}
      </p>
      {showPerson && p.needs.length ? (
        <p>
          {t('casework.cases.needs')}: {serviceList(p.needs, t)}
        </p>
      ) : null}
      <p>
        {t('casework.transfer.why')}: {tr.reason}
      </p>
      <ul className="cw-list">
        <li>
          {t('casework.transfer.requestedBy', {
            name: tr.requestedByName ?? '—',
            date: when(tr.requestedAt),
          })}
        </li>
        {tr.approvedByName ? (
          <li>{t('casework.transfer.approvedBy', { name: tr.approvedByName, date: when(tr.approvedAt) })}</li>
        ) : null}
        {tr.answeredByName && tr.status !== 'approved' ? (
          <li>
            {t(`casework.transfer.answeredBy.${tr.status}`, {
              name: tr.answeredByName,
              date: when(tr.answeredAt),
            })}
            {tr.answerReason ? ` — ${tr.answerReason}` : ''}
          </li>
        ) : null}
      </ul>
      {other.contact ? (
        <p>
          {t('casework.transfer.contactOf', {
            agency: other.name,
            contact: [other.contact.name, other.contact.email, other.contact.phone]
              .filter(Boolean)
              .join(' · '),
          })}
        </p>
      ) : null}
      {tr.status === 'accepted' && tr.caseIsOurs && showPerson ? (
        <p>
          <Link to={`/cases/${tr.caseId}`}>
            {t('casework.transfer.openCase', { name: p.displayName ?? t('casework.cases.unnamed') })}
          </Link>
        </p>
      ) : null}
      {asking ? (
        <div className="form">
          <div className="field">
            <label htmlFor={reasonId}>{t(`casework.transfer.${asking}Why`)}</label>
            <textarea
              id={reasonId}
              rows={2}
              maxLength={2000}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          </div>
          {problem ? (
            <p className="field-error" role="alert">
              {problem}
            </p>
          ) : null}
          <div className="form-actions">
            <Button busy={busy} onClick={send}>
              {t(`casework.transfer.act.${asking}`)}
            </Button>
            <Button variant="secondary" disabled={busy} onClick={() => setAsking(null)}>
              {t('casework.transfer.back')}
            </Button>
          </div>
        </div>
      ) : actions.length ? (
        <div className="form-actions">
          {actions.map((a) => (
            <Button
              key={a}
              variant={a === 'approve' || a === 'accept' ? 'primary' : 'secondary'}
              busy={busy}
              onClick={() => (a === 'reject' || a === 'decline' ? setAsking(a) : void onAct(tr.id, a))}
            >
              {t(`casework.transfer.act.${a}`)}
            </Button>
          ))}
        </div>
      ) : null}
    </article>
  );
}
