import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { useUser } from '../../auth/AuthContext.tsx';
import type { TransferCounts } from './transfers.tsx';

/** For supervisors and agency admins on /cases: how many transfers wait for them (counts only), with the way there. */
export function TransferNotice() {
  const { t } = useTranslation();
  const me = useUser();
  const allowed = me.role === 'supervisor' || me.role === 'agency_admin';
  const [n, setN] = useState(0);
  useEffect(() => {
    if (!allowed) return;
    const ctrl = new AbortController();
    api
      .get<TransferCounts>('/case-transfers/counts', { signal: ctrl.signal })
      .then((c) => setN(c.incoming + c.toApprove))
      .catch(() => setN(0));
    return () => ctrl.abort();
  }, [allowed]);
  if (!allowed || n === 0) return null;
  return (
    <div className="alert alert-info" role="status">
      {t('casework.transfer.waiting', { count: n })}{' '}
      <Link to="/transfers">{t('casework.transfer.openInbox')}</Link>
    </div>
  );
}
