import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useAuth } from '../../auth/AuthContext.tsx';
import { errorMessage } from '../../i18n/errors.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Button } from '../../ui/Button.tsx';
import { type Column, DataTable } from '../../ui/DataTable.tsx';
import { TextField } from '../../ui/Field.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { Pagination } from '../../ui/Pagination.tsx';
import { usePagedQuery } from '../../ui/usePagedQuery.ts';
import NotFoundPage from '../NotFoundPage.tsx';
import { displayValue } from './format.ts';
import { kindByPath, orderedColumns, personColumn, type RecordKindInfo, type RecordOut } from './kinds.ts';
import './records.css';

export default function RecordListPage() {
  const info = kindByPath(useParams().kind);
  if (!info) return <NotFoundPage />;
  return <RecordList key={info.path} info={info} />;
}

function RecordList({ info }: { info: RecordKindInfo }) {
  const { t, i18n } = useTranslation();
  const { state } = useAuth();
  const canWrite = state.kind === 'ready' && info.write.includes(state.user.role);
  const byPerson = personColumn(info.file);
  const [year, setYear] = useState('');
  const [personId, setPersonId] = useState('');
  const [params, setParams] = useState<{ year?: string; personId?: string }>({});
  const q = usePagedQuery<RecordOut>(`/${info.path}`, params, 50);
  const title = t(`records.kinds.${info.kind}.title`);

  const columns = useMemo((): Column<RecordOut>[] => {
    const present = new Set<string>([info.file.idColumn]);
    for (const r of q.items) for (const k of Object.keys(r.values)) present.add(k);
    return orderedColumns(info.file, present).map((c) => ({
      key: c.name,
      header: t(`records.columns.${c.name}`),
      className: c.type === 'id' ? 'mono' : c.type === 'integer' || c.type === 'decimal' ? 'num' : undefined,
      render:
        c.name === info.file.idColumn
          ? (r: RecordOut) => <Link to={`/records/${info.path}/${encodeURIComponent(r.id)}`}>{r.id}</Link>
          : (r: RecordOut) => displayValue(c, r.values[c.name], t),
    }));
  }, [info, q.items, t]);

  function apply(e: FormEvent) {
    e.preventDefault();
    setParams({
      ...(year.trim() ? { year: year.trim() } : {}),
      ...(personId.trim() ? { personId: personId.trim() } : {}),
    });
  }

  return (
    <>
      <PageHeader
        title={title}
        description={t(`records.kinds.${info.kind}.description`)}
        actions={
          <>
            <Link to="/records">{t('records.list.allKinds')}</Link>
            {canWrite ? (
              <Link className="btn btn-primary" to={`/records/${info.path}/new`}>
                {t('records.list.new')}
              </Link>
            ) : null}
          </>
        }
      />
      {info.file.dateColumn || byPerson ? (
        <form className="toolbar" onSubmit={apply} aria-label={t('records.list.filters')}>
          {info.file.dateColumn ? (
            <TextField
              label={t('records.list.year')}
              inputMode="numeric"
              name="year"
              value={year}
              onChange={(e) => setYear(e.target.value)}
            />
          ) : null}
          {byPerson ? (
            <TextField
              label={t('records.list.person')}
              name="personId"
              value={personId}
              onChange={(e) => setPersonId(e.target.value)}
            />
          ) : null}
          <div className="form-actions">
            <Button type="submit" variant="secondary">
              {t('records.list.apply')}
            </Button>
          </div>
        </form>
      ) : null}
      {q.error ? <Alert kind="error">{errorMessage(i18n, q.error)}</Alert> : null}
      <DataTable
        caption={t('records.list.caption', { kind: title })}
        columns={columns}
        rows={q.items}
        rowKey={(r) => r.id}
        loading={q.loading}
        empty={t('records.list.empty')}
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
