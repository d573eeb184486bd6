import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import type { ApiResponse } from '../../api/types.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { Alert } from '../../ui/Alert.tsx';
import { SelectField } from '../../ui/Field.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { languageName } from '../casework/labels.ts';
import { label, placeOf, UrgencyBadge, useMunicipios, when } from './shared.tsx';
import type { ContactSummary } from './types.ts';
import './hotline.css';

/** The operator's queue: open contacts, most urgent first; new messages and due follow-ups flagged. */
export default function ConsolePage() {
  const { t, i18n } = useTranslation();
  const municipios = useMunicipios();
  const [items, setItems] = useState<ContactSummary[] | null>(null);
  const [filter, setFilter] = useState<'all' | 'mine' | 'closed'>('all');
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(async () => {
    try {
      const r = await api.get<ApiResponse<'/api/hotline/contacts'>>('/hotline/contacts', {
        query: {
          status: filter === 'closed' ? 'closed' : 'open',
          mine: filter === 'mine' ? 'true' : undefined,
        },
      });
      setItems(r.items);
    } catch (e) {
      setError(e);
    }
  }, [filter]);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <>
      <PageHeader
        title={t('nav.hotline')}
        description={t('hotline.queue.intro')}
        actions={
          <Link className="btn btn-primary" to="/hotline/new">
            {t('hotline.queue.new')}
          </Link>
        }
      />
      {error ? <Alert kind="error">{errorMessage(i18n, error)}</Alert> : null}
      <SelectField
        label={t('hotline.queue.show')}
        value={filter}
        onChange={(e) => setFilter(e.target.value as 'all' | 'mine' | 'closed')}
        options={[
          { value: 'all', label: t('hotline.queue.all') },
          { value: 'mine', label: t('hotline.queue.mine') },
          { value: 'closed', label: t('hotline.queue.closed') },
        ]}
      />
      {items && items.length === 0 ? <p>{t('hotline.queue.empty')}</p> : null}
      <ul className="hl-queue" aria-label={t('hotline.queue.listLabel')}>
        {(items ?? []).map((c) => (
          <li key={c.id} className={`hl-card hl-card-${c.urgency}`}>
            <div className="hl-card-head">
              <UrgencyBadge urgency={c.urgency} t={t} />
              <Link to={`/hotline/contacts/${c.id}`} className="hl-card-title">
                {t('hotline.queue.contactTitle', {
                  channel: label(t, 'channel', c.channel),
                  ref: c.ref,
                })}
              </Link>
            </div>
            <p className="hl-card-meta">
              {when(c.receivedAt, i18n.language)} · {placeOf(c, t, municipios)}
              {c.language ? ` · ${languageName(c.language, t)}` : ''}
              {c.callerType ? ` · ${label(t, 'callerType', c.callerType)}` : ''}
            </p>
            <p className="hl-card-meta">
              {c.operator
                ? t('hotline.queue.operator', { name: c.operator.name })
                : t('hotline.queue.unassigned')}
              {c.referral
                ? ` · ${t('hotline.queue.referredTo', {
                    name: c.referral.toAgencyName,
                    status: label(t, 'referralStatus', c.referral.status),
                  })}`
                : ''}
              {c.outcome && !c.referral ? ` · ${label(t, 'outcome', c.outcome)}` : ''}
            </p>
            {c.riskIndicators.length ? (
              <p className="hl-card-risks">{c.riskIndicators.map((r) => label(t, 'risk', r)).join(' · ')}</p>
            ) : null}
            {c.lastInbound ? (
              <p className="hl-card-meta">
                {t('hotline.queue.lastMessage', { at: when(c.lastInbound, i18n.language) })}
              </p>
            ) : null}
            {c.nextDue ? (
              <p className="hl-card-meta">
                {t('hotline.queue.nextDue', { count: c.openTasks, at: when(c.nextDue, i18n.language) })}
              </p>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}
