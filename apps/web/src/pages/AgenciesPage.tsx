import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Agency } from '../api/types.ts';
import { errorMessage } from '../i18n/errors.ts';
import { Alert } from '../ui/Alert.tsx';
import { Button } from '../ui/Button.tsx';
import { type Column, DataTable } from '../ui/DataTable.tsx';
import { TextField } from '../ui/Field.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { Pagination } from '../ui/Pagination.tsx';
import { usePagedQuery } from '../ui/usePagedQuery.ts';

export default function AgenciesPage() {
  const { t, i18n } = useTranslation();
  const [draft, setDraft] = useState('');
  const [q, setQ] = useState('');
  const query = useMemo(() => ({ q }), [q]);
  const page = usePagedQuery<Agency>('/agencies', query, 50);

  const columns: Column<Agency>[] = [
    { key: 'name', header: t('agencies.columns.name') },
    {
      key: 'level',
      header: t('agencies.columns.level'),
      render: (a) => t(`agencies.level.${a.level}`, { defaultValue: a.level }),
    },
    {
      key: 'kind',
      header: t('agencies.columns.kind'),
      render: (a) => t(`agencies.kind.${a.kind}`, { defaultValue: a.kind }),
    },
    { key: 'stateCode', header: t('agencies.columns.state'), render: (a) => a.stateCode ?? '—' },
    { key: 'country', header: t('agencies.columns.country') },
  ];

  function search(e: FormEvent) {
    e.preventDefault();
    setQ(draft.trim());
  }

  return (
    <>
      <PageHeader title={t('nav.agencies')} description={t('agencies.intro')} />
      <search>
        <form className="toolbar" onSubmit={search}>
          <TextField
            label={t('agencies.search')}
            type="search"
            name="q"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
          />
          <Button type="submit" variant="secondary">
            {t('agencies.searchSubmit')}
          </Button>
        </form>
      </search>
      {page.error ? <Alert kind="error">{errorMessage(i18n, page.error)}</Alert> : null}
      <DataTable
        caption={t('agencies.caption')}
        columns={columns}
        rows={page.items}
        rowKey={(a) => a.id}
        loading={page.loading}
        empty={q ? t('agencies.noMatch', { q }) : t('table.empty')}
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
