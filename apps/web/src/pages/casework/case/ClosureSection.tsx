import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client.ts';
import { useUser } from '../../../auth/AuthContext.tsx';
import { Button } from '../../../ui/Button.tsx';
import { SelectField } from '../../../ui/Field.tsx';
import { useCase } from './useCase.tsx';

const CLOSURE_REASONS = [
  'goals_met',
  'person_declined_services',
  'transferred',
  'lost_contact',
  'repatriated',
  'deceased',
  'other',
] as const;

/** Closing the case: a caseworker asks with a reason, another supervisor approves or sends it back. */
export function ClosureSection() {
  const { t } = useTranslation();
  const user = useUser();
  const { id, c, busy, act, headers } = useCase();
  const [reason, setReason] = useState('goals_met');
  // approving closes the case for good (nothing on it can change afterwards): asked twice
  const [confirming, setConfirming] = useState(false);
  return (
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
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            options={CLOSURE_REASONS.map((r) => ({ value: r, label: t(`casework.closure.reasons.${r}`) }))}
          />
          <Button
            variant="secondary"
            busy={busy}
            onClick={() => act(() => api.post(`/cases/${id}/closure`, { reason }, { headers }))}
          >
            {t('casework.closure.request')}
          </Button>
        </div>
      ) : null}
      {c.status === 'closure_requested' && (user.role === 'supervisor' || user.role === 'agency_admin') ? (
        confirming ? (
          <div className="form-actions">
            <p>{t('casework.closure.confirm')}</p>
            <Button
              busy={busy}
              onClick={() => {
                setConfirming(false);
                act(() => api.post(`/cases/${id}/closure/approve`));
              }}
            >
              {t('casework.closure.confirmYes')}
            </Button>
            <Button variant="secondary" busy={busy} onClick={() => setConfirming(false)}>
              {t('casework.closure.cancel')}
            </Button>
          </div>
        ) : (
          <div className="form-actions">
            <Button busy={busy} onClick={() => setConfirming(true)}>
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
        )
      ) : null}
    </section>
  );
}
