import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { ApiResponse } from '../../api/types.ts';
import { useUser } from '../../auth/AuthContext.tsx';
import { errorMessage } from '../../i18n/errors.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Button } from '../../ui/Button.tsx';

/** Generated from apps/server/src/api/cases/schema.ts. */
type Received = ApiResponse<'/api/access-requests'>['items'][number];

/**
 * For supervisors and agency admins: other agencies asking about a person this agency knows. Accepting shares the
 * answering supervisor's name and e-mail with the requester (they coordinate outside the record); declining shares
 * nothing.
 */
export function AccessRequestsInbox() {
  const { t, i18n } = useTranslation();
  const me = useUser();
  const allowed = me.role === 'supervisor' || me.role === 'agency_admin';
  const [items, setItems] = useState<Received[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(
    () =>
      api
        .get<{ items: Received[] }>('/access-requests')
        .then((r) => setItems(r.items))
        .catch(setError),
    [],
  );
  useEffect(() => {
    if (allowed) void load();
  }, [allowed, load]);
  if (!allowed || items.length === 0) return null;
  async function answer(id: string, decision: 'accepted' | 'declined') {
    setBusy(true);
    setError(null);
    try {
      await api.post(`/access-requests/${id}/answer`, { decision });
      await load();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <section className="card" aria-labelledby="cw-access-inbox">
      <h2 id="cw-access-inbox">{t('casework.page.inboxTitle')}</h2>
      <p>{t('casework.page.inboxIntro')}</p>
      {error ? <Alert kind="error">{errorMessage(i18n, error)}</Alert> : null}
      <ul>
        {items.map((r) => (
          <li key={r.id}>
            <p>
              <strong>{r.personName ?? t('casework.cases.unnamed')}</strong> ·{' '}
              {t('casework.page.inboxFrom', {
                agency: r.fromAgencyName,
                name: r.requesterName,
                date: new Date(r.createdAt).toLocaleDateString(i18n.language),
              })}{' '}
              · {t(`casework.page.knownStatus.${r.status}`)}
            </p>
            <p>
              {t('casework.page.knownReason')}: {r.reason}
            </p>
            {r.status === 'pending' ? (
              <div className="form-actions">
                <Button busy={busy} onClick={() => answer(r.id, 'accepted')}>
                  {t('casework.page.inboxAccept', { name: r.requesterName })}
                </Button>
                <Button variant="secondary" busy={busy} onClick={() => answer(r.id, 'declined')}>
                  {t('casework.page.inboxDecline', { name: r.requesterName })}
                </Button>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
