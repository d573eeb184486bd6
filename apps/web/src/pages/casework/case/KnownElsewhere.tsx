import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client.ts';
import type { ApiResponse } from '../../../api/types.ts';
import { errorMessage } from '../../../i18n/errors.ts';
import { Alert } from '../../../ui/Alert.tsx';
import { Button } from '../../../ui/Button.tsx';
import { useCase } from './useCase.tsx';

/** Generated from apps/server/src/api/cases/schema.ts. */
type KnownView = ApiResponse<'/api/cases/{id}/known-elsewhere'>;

/**
 * "This person may be known to another agency: ask for access." Shown only when the linkage model finds a
 * likely match in another agency; nothing of that agency's record is shown. Re-checked after each save of the case.
 */
export function KnownElsewhere() {
  const { t, i18n } = useTranslation();
  const { id, c, headers } = useCase();
  const [view, setView] = useState<KnownView | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const load = useCallback(
    () =>
      api
        .get<KnownView>(`/cases/${id}/known-elsewhere`, { headers })
        .then(setView)
        .catch(() => setView(null)),
    [id, headers],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-check whenever the case changes (c)
  useEffect(() => {
    void load();
  }, [load, c]);
  if (!view || (view.status !== 'possible' && view.requests.length === 0)) return null;

  async function ask(e: FormEvent) {
    e.preventDefault();
    if (reason.trim().length < 10) return setProblem(t('casework.page.knownReasonShort'));
    setProblem(null);
    setBusy(true);
    setError(null);
    try {
      await api.post(`/cases/${id}/access-requests`, { reason: reason.trim() }, { headers });
      setReason('');
      await load();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  const day = (iso: string) => new Date(iso).toLocaleDateString(i18n.language);
  const pending = view.requests.some((r) => r.status === 'pending');
  return (
    <section className="card" aria-labelledby="cw-known">
      <h2 id="cw-known">{t('casework.page.knownTitle')}</h2>
      {view.status === 'possible' ? <Alert kind="warning">{t('casework.page.knownElsewhere')}</Alert> : null}
      <p>{t('casework.page.knownPrivacy')}</p>
      {error ? <Alert kind="error">{errorMessage(i18n, error)}</Alert> : null}
      {view.requests.length ? (
        <ul className="cw-list">
          {view.requests.map((r) => (
            <li key={r.id}>
              {t('casework.page.knownRequestedOn', { date: day(r.createdAt) })} ·{' '}
              {t(`casework.page.knownStatus.${r.status}`)}
              {r.contact
                ? ` · ${t('casework.page.knownContact', {
                    agency: r.contact.agencyName,
                    name: r.contact.name ?? '—',
                    email: r.contact.email ?? '—',
                  })}`
                : ''}
            </li>
          ))}
        </ul>
      ) : null}
      {view.status === 'possible' && !pending ? (
        <form className="form" onSubmit={ask}>
          <div className="field">
            <label htmlFor="cw-known-reason">{t('casework.page.knownReason')}</label>
            <p id="cw-known-reason-hint" className="field-hint">
              {t('casework.page.knownReasonHint')}
            </p>
            <textarea
              id="cw-known-reason"
              aria-describedby="cw-known-reason-hint"
              rows={2}
              maxLength={1000}
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
            <Button type="submit" busy={busy}>
              {t('casework.page.knownAsk')}
            </Button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
