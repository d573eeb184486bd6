import { Fragment, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { api } from '../../api/client.ts';
import { useAuth } from '../../auth/AuthContext.tsx';
import { errorMessage } from '../../i18n/errors.ts';
import { Alert } from '../../ui/Alert.tsx';
import { PageLoading } from '../../ui/AppLayout.tsx';
import { useBreakGlass } from '../../ui/JustificationDialog.tsx';
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
  // A person outside the user's own cases asks for a reason first (break-glass).
  const bg = useBreakGlass(`${info.path}/${id}`);
  const { headers: bgHeaders, needs: needsReason } = bg;

  useEffect(() => {
    const ctrl = new AbortController();
    setError(null);
    api
      .get<RecordOut>(`/${info.path}/${encodeURIComponent(id)}`, { signal: ctrl.signal, headers: bgHeaders })
      .then(setRecord)
      .catch((err: unknown) => {
        if (!ctrl.signal.aborted && !needsReason(err)) setError(err);
      });
    return () => ctrl.abort();
  }, [info.path, id, bgHeaders, needsReason]);

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
      {bg.reason && record ? (
        <Alert kind="warning">{t('breakGlass.notice', { reason: bg.reason })}</Alert>
      ) : null}
      {error ? <Alert kind="error">{errorMessage(i18n, error)}</Alert> : null}
      {bg.declined ? <Alert kind="info">{t('breakGlass.cancelled')}</Alert> : null}
      {!record && !error && !bg.declined ? <PageLoading /> : null}
      {bg.dialog}
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
