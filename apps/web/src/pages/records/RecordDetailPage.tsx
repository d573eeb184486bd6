import { Fragment, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { api } from '../../api/client.ts';
import { useAuth } from '../../auth/AuthContext.tsx';
import { errorMessage } from '../../i18n/errors.ts';
import { Alert } from '../../ui/Alert.tsx';
import { PageLoading } from '../../ui/AppLayout.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import NotFoundPage from '../NotFoundPage.tsx';
import { displayValue } from './format.ts';
import { kindByPath, type RecordKindInfo, type RecordOut } from './kinds.ts';
import './records.css';

export default function RecordDetailPage() {
  const params = useParams();
  const info = kindByPath(params.kind);
  if (!info || !params.id) return <NotFoundPage />;
  return <RecordDetail key={`${info.path}/${params.id}`} info={info} id={params.id} />;
}

function RecordDetail({ info, id }: { info: RecordKindInfo; id: string }) {
  const { t, i18n } = useTranslation();
  const { state } = useAuth();
  const location = useLocation();
  const saved = (location.state as { saved?: string } | null)?.saved;
  const canWrite = state.kind === 'ready' && info.write.includes(state.user.role);
  const [record, setRecord] = useState<RecordOut | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    const ctrl = new AbortController();
    api
      .get<RecordOut>(`/${info.path}/${encodeURIComponent(id)}`, { signal: ctrl.signal })
      .then(setRecord)
      .catch((err: unknown) => {
        if (!ctrl.signal.aborted) setError(err);
      });
    return () => ctrl.abort();
  }, [info.path, id]);

  const title = t('records.detail.title', { kind: t(`records.kinds.${info.kind}.one`), id });
  return (
    <>
      <PageHeader
        title={title}
        actions={
          <>
            <Link to={`/records/${info.path}`}>{t('records.detail.back')}</Link>
            {canWrite && record ? (
              <Link className="btn btn-primary" to={`/records/${info.path}/${encodeURIComponent(id)}/edit`}>
                {t('records.detail.edit')}
              </Link>
            ) : null}
          </>
        }
      />
      {saved ? <Alert kind="success">{t(`records.form.saved.${saved}`)}</Alert> : null}
      {error ? <Alert kind="error">{errorMessage(i18n, error)}</Alert> : null}
      {!record && !error ? <PageLoading /> : null}
      {record ? (
        <section className="card" aria-label={t('records.detail.fields')}>
          <dl className="facts">
            {info.file.columns.map((c) => (
              <Fragment key={c.name}>
                <dt>{t(`records.columns.${c.name}`)}</dt>
                <dd className={c.type === 'id' ? 'mono' : undefined}>
                  {displayValue(c, record.values[c.name], t) || t('records.detail.empty')}
                </dd>
              </Fragment>
            ))}
          </dl>
        </section>
      ) : null}
    </>
  );
}
