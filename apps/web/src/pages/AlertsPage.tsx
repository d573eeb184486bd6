import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api/client.ts';
import type { InsiderAlert } from '../api/types.ts';
import { useUser } from '../auth/AuthContext.tsx';
import { errorMessage } from '../i18n/errors.ts';
import { currentLocale } from '../i18n/index.ts';
import { Alert } from '../ui/Alert.tsx';
import { Button } from '../ui/Button.tsx';
import { type Column, DataTable } from '../ui/DataTable.tsx';
import { SelectField } from '../ui/Field.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { Pagination } from '../ui/Pagination.tsx';
import { usePagedQuery } from '../ui/usePagedQuery.ts';

type Status = 'open' | 'acknowledged' | 'all';

/**
 * Insider-threat alerts of the agency (every agency for a national auditor): break-glass reads outside one's own
 * cases, with the reason given, and bulk reads. Agency admins and auditors mark them as reviewed.
 */
export default function AlertsPage() {
  const { t, i18n } = useTranslation();
  const me = useUser();
  const [status, setStatus] = useState<Status>('open');
  const params = useMemo(() => ({ status }), [status]);
  const page = usePagedQuery<InsiderAlert>('/alerts', params, 50);
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const dateFmt = new Intl.DateTimeFormat(currentLocale(), { dateStyle: 'medium', timeStyle: 'short' });

  async function acknowledge(a: InsiderAlert) {
    setBusy(a.id);
    setError(null);
    setNotice(null);
    try {
      await api.post(`/alerts/${a.id}/acknowledge`, {});
      setNotice(t('alerts.acknowledged'));
      page.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  }

  const what = (a: InsiderAlert) => {
    if (a.kind === 'bulk_read')
      return t('alerts.what.bulk', { count: a.readCount ?? 0, minutes: a.windowMinutes ?? 0 });
    const label = t(`alerts.what.${a.resource ?? 'cases'}`, { id: a.resourceId ?? '' });
    // Only the agency's own staff may open the record; auditors see ids.
    if (a.resource === 'cases' && me.role === 'agency_admin')
      return <Link to={`/cases/${a.resourceId}`}>{label}</Link>;
    return <span className="mono">{label}</span>;
  };

  // Three columns so that a phone shows the whole row: the alert (type, when, who), what was read and why, and
  // its review state.
  const columns: Column<InsiderAlert>[] = [
    {
      key: 'alert',
      header: t('alerts.columns.alert'),
      render: (a) => (
        <>
          <strong>{t(`alerts.kind.${a.kind}`)}</strong>
          <br />
          <time dateTime={a.createdAt}>{dateFmt.format(new Date(a.createdAt))}</time>
          <br />
          {a.userName ?? a.userId}
          {a.userRole ? (
            <small className="alert-role">
              {' '}
              · {i18n.exists(`roles.${a.userRole}`) ? t(`roles.${a.userRole}`) : a.userRole}
            </small>
          ) : null}
          {me.role === 'national_auditor' ? (
            <>
              <br />
              <small>{a.agencyId}</small>
            </>
          ) : null}
        </>
      ),
    },
    {
      key: 'what',
      header: t('alerts.columns.what'),
      render: (a) => (
        <>
          {what(a)}
          {a.occurrences > 1 ? (
            <>
              <br />
              <small>{t('alerts.occurrences', { count: a.occurrences })}</small>
            </>
          ) : null}
          {a.justification ? (
            <>
              <br />
              <span className="visually-hidden">{t('alerts.columns.justification')}: </span>
              <q>{a.justification}</q>
            </>
          ) : null}
        </>
      ),
    },
    {
      key: 'state',
      header: t('alerts.columns.state'),
      render: (a) =>
        a.acknowledgedAt ? (
          t('alerts.acknowledgedAt', { at: dateFmt.format(new Date(a.acknowledgedAt)) })
        ) : a.userId === me.id ? (
          t('alerts.open')
        ) : (
          <Button
            variant="secondary"
            busy={busy === a.id}
            onClick={() => void acknowledge(a)}
            aria-label={`${t('alerts.acknowledge')}: ${t(`alerts.kind.${a.kind}`)}, ${a.userName ?? a.userId}`}
          >
            {t('alerts.acknowledge')}
          </Button>
        ),
    },
  ];

  return (
    <>
      <PageHeader title={t('nav.alerts')} description={t('alerts.intro')} />
      <form className="form form-inline" onSubmit={(e) => e.preventDefault()}>
        <SelectField
          label={t('alerts.show')}
          value={status}
          onChange={(e) => setStatus(e.target.value as Status)}
          options={(['open', 'acknowledged', 'all'] as const).map((s) => ({
            value: s,
            label: t(`alerts.status.${s}`),
          }))}
        />
      </form>
      {notice ? <Alert kind="success">{notice}</Alert> : null}
      {error ? <Alert kind="error">{errorMessage(i18n, error)}</Alert> : null}
      {page.error ? <Alert kind="error">{errorMessage(i18n, page.error)}</Alert> : null}
      <DataTable
        caption={t('alerts.caption')}
        columns={columns}
        rows={page.items}
        rowKey={(a) => a.id}
        loading={page.loading}
        empty={t('alerts.empty')}
      />
      <Pagination
        offset={page.offset}
        limit={page.limit}
        total={page.total}
        shown={page.items.length}
        onChange={page.setOffset}
        disabled={page.loading}
      />
    </>
  );
}
