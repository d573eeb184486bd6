import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client.ts';
import { useUser } from '../../../auth/AuthContext.tsx';
import { Alert } from '../../../ui/Alert.tsx';
import { SelectField } from '../../../ui/Field.tsx';
import { type Destination, destinationLabel, type Transfer, TransferCard } from '../transfers.tsx';
import { FormFooter } from './FormFooter.tsx';
import { useCase } from './useCase.tsx';

/**
 * Transfer to another agency: with the person's consent for "transfer", a caseworker asks with a reason; a
 * supervisor of this agency (not the one who asked) approves or rejects; the receiving agency's supervisor accepts
 * or declines (on /transfers). Once accepted the case is theirs and disappears from this agency.
 */
export function TransferSection() {
  const { t } = useTranslation();
  const me = useUser();
  const { id, c, consents, busy, act, headers, history } = useCase();
  const [items, setItems] = useState<Transfer[]>([]);
  const [destinations, setDestinations] = useState<Destination[]>([]);
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const supervisor = me.role === 'supervisor' || me.role === 'agency_admin';
  const load = useCallback(
    () =>
      api
        .get<{ items: Transfer[] }>(`/cases/${id}/transfers`, { headers })
        .then((r) => setItems(r.items))
        .catch(() => setItems([])),
    [id, headers],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload after every change of the case (history)
  useEffect(() => {
    void load();
  }, [load, history]);
  useEffect(() => {
    api
      .get<{ items: Destination[] }>('/transfer-destinations')
      .then((r) => setDestinations(r.items))
      .catch(() => setDestinations([]));
  }, []);

  const consented = consents.status.find((s) => s.purpose === 'transfer')?.state === 'granted';
  const open = items.find((x) => x.status === 'requested' || x.status === 'approved');

  function ask(e: FormEvent) {
    e.preventDefault();
    if (!to) return setProblem(t('casework.transfer.pickAgency'));
    if (reason.trim().length < 10) return setProblem(t('casework.transfer.reasonShort'));
    setProblem(null);
    void act(
      () => api.post(`/cases/${id}/transfers`, { toAgencyId: to, reason: reason.trim() }, { headers }),
      t('casework.transfer.requested'),
    ).then((ok) => {
      if (ok) {
        setReason('');
        setTo('');
      }
    });
  }
  const onAct = (tid: string, a: string, why?: string) =>
    act(
      () => api.post(`/case-transfers/${tid}/${a}`, why ? { reason: why } : undefined),
      t(`casework.transfer.done.${a}`),
    );

  return (
    <section className="card" aria-labelledby="cw-transfer">
      <h2 id="cw-transfer">{t('casework.transfer.title')}</h2>
      <p>{t('casework.transfer.intro')}</p>
      {items.map((tr) => {
        const actions: ('approve' | 'reject' | 'cancel')[] = [];
        if (tr.status === 'requested' && supervisor && tr.requestedBy !== me.id)
          actions.push('approve', 'reject');
        if ((tr.status === 'requested' || tr.status === 'approved') && c.status === 'open')
          actions.push('cancel');
        return (
          <TransferCard key={tr.id} tr={tr} actions={actions} busy={busy} onAct={onAct} showPerson={false} />
        );
      })}
      {c.status === 'open' && !open ? (
        consented ? (
          <form className="form" onSubmit={ask}>
            <SelectField
              label={t('casework.transfer.to')}
              value={to}
              onChange={(e) => setTo(e.target.value)}
              options={[
                { value: '', label: t('casework.transfer.choose') },
                ...destinations.map((d) => ({ value: d.id, label: destinationLabel(d, t) })),
              ]}
            />
            <div className="field">
              <label htmlFor="cw-transfer-reason">{t('casework.transfer.why')}</label>
              <p id="cw-transfer-reason-hint" className="field-hint">
                {t('casework.transfer.whyHint')}
              </p>
              <textarea
                id="cw-transfer-reason"
                aria-describedby="cw-transfer-reason-hint"
                rows={3}
                maxLength={2000}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
              />
            </div>
            <FormFooter problem={problem} busy={busy} label={t('casework.transfer.ask')} />
          </form>
        ) : (
          <Alert kind="info">{t('casework.transfer.needsConsent')}</Alert>
        )
      ) : null}
    </section>
  );
}
