import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorMessage } from '../../i18n/errors.ts';
import { Alert } from '../../ui/Alert.tsx';
import { DataTable } from '../../ui/DataTable.tsx';
import { SelectField } from '../../ui/Field.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { Pagination } from '../../ui/Pagination.tsx';
import { usePagedQuery } from '../../ui/usePagedQuery.ts';
import '../records/records.css';
import { formatDateTime } from './format.ts';
import { stateName } from './states.ts';
import { TIP_STATUSES, type TipSummary } from './types.ts';

/** The agency's queue of anonymous tips (hotline operators, supervisors, agency admins). */
export default function TipsQueuePage() {
  const { t, i18n } = useTranslation();
  const [status, setStatus] = useState('');
  const q = usePagedQuery<TipSummary>('/tips', { status }, 50);
  return (
    <>
      <PageHeader title={t('nav.tips')} description={t('tips.queue.description')} />
      <div className="toolbar">
        <SelectField
          label={t('tips.queue.status')}
          name="status"
          value={status}
          onChange={(e) => setStatus(e.target.value)}
          options={[
            { value: '', label: t('tips.queue.allStatuses') },
            ...TIP_STATUSES.map((s) => ({ value: s, label: t(`tips.statuses.${s}`) })),
          ]}
        />
      </div>
      {q.error ? <Alert kind="error">{errorMessage(i18n, q.error)}</Alert> : null}
      <DataTable<TipSummary>
        caption={t('tips.queue.caption')}
        rows={q.items}
        rowKey={(r) => r.id}
        loading={q.loading}
        empty={t('tips.queue.empty')}
        columns={[
          {
            key: 'folio',
            header: t('tips.fields.folio'),
            className: 'mono',
            render: (r) => <Link to={`/tips/${r.id}`}>{r.folio}</Link>,
          },
          {
            key: 'receivedAt',
            header: t('tips.fields.receivedAt'),
            render: (r) => formatDateTime(r.receivedAt),
          },
          {
            key: 'category',
            header: t('tips.fields.category'),
            render: (r) => t(`tips.categories.${r.category}`),
          },
          { key: 'stateCode', header: t('tips.fields.state'), render: (r) => stateName(r.stateCode) },
          {
            key: 'urgent',
            header: t('tips.fields.urgent'),
            render: (r) =>
              r.urgent ? <span className="urgent-tag">{t('tips.urgentYes')}</span> : t('tips.urgentNo'),
          },
          { key: 'status', header: t('tips.fields.status'), render: (r) => t(`tips.statuses.${r.status}`) },
        ]}
      />
      <Pagination
        offset={q.offset}
        limit={q.limit}
        total={q.total}
        shown={q.items.length}
        onChange={q.setOffset}
        disabled={q.loading}
      />
    </>
  );
}
