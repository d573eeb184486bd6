import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { AuditEntry, AuditVerifyResponse } from '../api/types.ts';
import { errorMessage } from '../i18n/errors.ts';
import { currentLocale } from '../i18n/index.ts';
import { Alert } from '../ui/Alert.tsx';
import { Button } from '../ui/Button.tsx';
import { type Column, DataTable } from '../ui/DataTable.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { Pagination } from '../ui/Pagination.tsx';
import { ProgressBar } from '../ui/ProgressBar.tsx';
import { usePagedQuery } from '../ui/usePagedQuery.ts';

const NO_PARAMS = {};

export default function AuditPage() {
  const { t, i18n } = useTranslation();
  const page = usePagedQuery<AuditEntry>('/audit', NO_PARAMS, 50);
  const [verifying, setVerifying] = useState(false);
  const [verdict, setVerdict] = useState<AuditVerifyResponse | null>(null);
  const [verifyError, setVerifyError] = useState<string | null>(null);
  const dateFmt = new Intl.DateTimeFormat(currentLocale(), { dateStyle: 'medium', timeStyle: 'medium' });
  const numFmt = new Intl.NumberFormat(currentLocale());

  async function verify() {
    setVerifying(true);
    setVerdict(null);
    setVerifyError(null);
    try {
      setVerdict(await api.post<AuditVerifyResponse>('/audit/verify', {}));
    } catch (err) {
      setVerifyError(errorMessage(i18n, err));
    } finally {
      setVerifying(false);
    }
  }

  const columns: Column<AuditEntry>[] = [
    { key: 'id', header: t('audit.columns.id'), className: 'num' },
    {
      key: 'at',
      header: t('audit.columns.at'),
      render: (e) => <time dateTime={e.at}>{dateFmt.format(new Date(e.at))}</time>,
    },
    { key: 'userId', header: t('audit.columns.user'), render: (e) => e.userId ?? '—', className: 'mono' },
    { key: 'agencyId', header: t('audit.columns.agency'), render: (e) => e.agencyId ?? '—' },
    { key: 'action', header: t('audit.columns.action') },
    {
      key: 'resource',
      header: t('audit.columns.resource'),
      render: (e) => (e.resourceId ? `${e.resource} ${e.resourceId}` : e.resource),
    },
    { key: 'fields', header: t('audit.columns.fields'), render: (e) => e.fields.join(', ') || '—' },
    { key: 'justification', header: t('audit.columns.justification'), render: (e) => e.justification ?? '—' },
    {
      key: 'hash',
      header: t('audit.columns.hash'),
      className: 'mono',
      render: (e) => <abbr title={e.hash}>{e.hash.slice(0, 12)}…</abbr>,
    },
  ];

  return (
    <>
      <PageHeader
        title={t('nav.audit')}
        description={t('audit.intro')}
        actions={
          <Button variant="secondary" onClick={() => void verify()} busy={verifying}>
            {t('audit.verify')}
          </Button>
        }
      />
      {verifying ? <ProgressBar label={t('audit.verifying')} /> : null}
      {verdict?.ok ? (
        <Alert kind="success" title={t('audit.verifyOk')}>
          {t('audit.verifyChecked', { n: numFmt.format(verdict.checked) })}
        </Alert>
      ) : null}
      {verdict && !verdict.ok ? (
        <Alert kind="error" title={t('audit.verifyBad')}>
          {t('audit.verifyBadDetail', {
            id: verdict.firstBadId ?? '—',
            reason: verdict.reason ?? '—',
            n: numFmt.format(verdict.checked),
          })}
        </Alert>
      ) : null}
      {verifyError ? <Alert kind="error">{verifyError}</Alert> : null}
      {page.error ? <Alert kind="error">{errorMessage(i18n, page.error)}</Alert> : null}
      <DataTable
        caption={t('audit.caption')}
        columns={columns}
        rows={page.items}
        rowKey={(e) => String(e.id)}
        loading={page.loading}
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
