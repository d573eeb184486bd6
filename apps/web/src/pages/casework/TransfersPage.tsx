import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { ApiResponse } from '../../api/types.ts';
import { useUser } from '../../auth/AuthContext.tsx';
import { errorMessage } from '../../i18n/errors.ts';
import { Alert } from '../../ui/Alert.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { type Transfer, TransferCard, type TransferCounts } from './transfers.tsx';
import './case/case.css';

/**
 * Transfers of cases between agencies, for supervisors and agency admins: cases other agencies send us (accept:
 * the case becomes ours; decline with a reason), our caseworkers' requests waiting for a supervisor's approval,
 * and everything answered before.
 */
export default function TransfersPage() {
  const { t, i18n } = useTranslation();
  const me = useUser();
  const [incoming, setIncoming] = useState<Transfer[]>([]);
  const [outgoing, setOutgoing] = useState<Transfer[]>([]);
  const [counts, setCounts] = useState<TransferCounts | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      const [i, o] = await Promise.all([
        api.get<ApiResponse<'/api/case-transfers'>>('/case-transfers', {
          query: { box: 'incoming' },
        }),
        api.get<ApiResponse<'/api/case-transfers'>>('/case-transfers', { query: { box: 'outgoing' } }),
      ]);
      setIncoming(i.items);
      setOutgoing(o.items);
      setCounts(i.counts);
    } catch (e) {
      setError(e);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  async function onAct(id: string, a: string, reason?: string): Promise<boolean> {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await api.post(`/case-transfers/${id}/${a}`, reason ? { reason } : undefined);
      await load();
      setNotice(t(`casework.transfer.done.${a}`));
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  }

  const waiting = incoming.filter((x) => x.status === 'approved');
  const toApprove = outgoing.filter((x) => x.status === 'requested');
  const sentOpen = outgoing.filter((x) => x.status === 'approved');
  const past = [...incoming, ...outgoing]
    .filter((x) => !['requested', 'approved'].includes(x.status))
    .sort((a, b) => (b.answeredAt ?? b.requestedAt).localeCompare(a.answeredAt ?? a.requestedAt));
  const list = (
    items: Transfer[],
    actionsOf: (x: Transfer) => ('approve' | 'reject' | 'cancel' | 'accept' | 'decline')[],
    empty: string,
  ) =>
    items.length ? (
      items.map((x) => <TransferCard key={x.id} tr={x} actions={actionsOf(x)} busy={busy} onAct={onAct} />)
    ) : (
      <p>{empty}</p>
    );

  return (
    <>
      <PageHeader
        title={t('nav.transfers')}
        description={
          counts
            ? t('casework.transfer.summary', { incoming: counts.incoming, toApprove: counts.toApprove })
            : undefined
        }
      />
      <div aria-live="polite">
        {error ? <Alert kind="error">{errorMessage(i18n, error)}</Alert> : null}
        {notice ? <Alert kind="success">{notice}</Alert> : null}
      </div>
      <section className="card" aria-labelledby="tr-incoming">
        <h2 id="tr-incoming">{t('casework.transfer.incoming', { count: waiting.length })}</h2>
        <p>{t('casework.transfer.incomingIntro')}</p>
        {list(waiting, () => ['accept', 'decline'], t('casework.transfer.noneIncoming'))}
      </section>
      <section className="card" aria-labelledby="tr-approve">
        <h2 id="tr-approve">{t('casework.transfer.toApprove', { count: toApprove.length })}</h2>
        <p>{t('casework.transfer.toApproveIntro')}</p>
        {list(
          toApprove,
          (x) => (x.requestedBy === me.id ? ['cancel'] : ['approve', 'reject']),
          t('casework.transfer.noneToApprove'),
        )}
      </section>
      {sentOpen.length ? (
        <section className="card" aria-labelledby="tr-sent">
          <h2 id="tr-sent">{t('casework.transfer.sentOpen', { count: sentOpen.length })}</h2>
          {list(sentOpen, () => ['cancel'], '')}
        </section>
      ) : null}
      <section className="card" aria-labelledby="tr-past">
        <h2 id="tr-past">{t('casework.transfer.past')}</h2>
        {list(past, () => [], t('casework.transfer.nonePast'))}
      </section>
    </>
  );
}
