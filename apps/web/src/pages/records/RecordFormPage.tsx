import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, api } from '../../api/client.ts';
import { useUser } from '../../auth/AuthContext.tsx';
import { errorMessage } from '../../i18n/errors.ts';
import { currentLocale } from '../../i18n/index.ts';
import { Alert } from '../../ui/Alert.tsx';
import { PageLoading } from '../../ui/AppLayout.tsx';
import { Button } from '../../ui/Button.tsx';
import { useBreakGlass } from '../../ui/JustificationDialog.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import NotFoundPage from '../NotFoundPage.tsx';
import {
  type FieldError,
  isFieldError,
  kindByPath,
  localMessage,
  type RecordKindInfo,
  type RecordOut,
  type WriteResult,
} from './kinds.ts';
import { RecordField } from './RecordField.tsx';
import './records.css';

/** Create (`/records/:kind/new`) or edit (`/records/:kind/:id/edit`) one record of any kind. */
export default function RecordFormPage() {
  const params = useParams();
  const info = kindByPath(params.kind);
  if (!info) return <NotFoundPage />;
  return <RecordForm key={`${info.path}/${params.id ?? ''}`} info={info} id={params.id} />;
}

function RecordForm({ info, id }: { info: RecordKindInfo; id: string | undefined }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const { file } = info;
  const editing = id !== undefined;
  const user = useUser();
  // New records' ids start with the agency's id (the server refuses others): the form starts the id for the user.
  const [values, setValues] = useState<Record<string, string>>(() =>
    editing ? {} : { [file.idColumn]: `${user.agencyId}/` },
  );
  const [loaded, setLoaded] = useState(!editing);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldError[]>([]);
  // Editing someone else's person asks for a reason first (break-glass), sent with the read and the save.
  const bg = useBreakGlass(`${info.path}/${id ?? ''}`);
  const { headers: bgHeaders, needs: needsReason } = bg;

  useEffect(() => {
    if (!editing) return;
    const ctrl = new AbortController();
    setError(null);
    api
      .get<RecordOut>(`/${info.path}/${encodeURIComponent(id)}`, { signal: ctrl.signal, headers: bgHeaders })
      .then((r) => {
        setValues({ ...r.values, [file.idColumn]: r.id });
        setLoaded(true);
      })
      .catch((err: unknown) => {
        if (!ctrl.signal.aborted && !needsReason(err)) setError(errorMessage(i18n, err));
      });
    return () => ctrl.abort();
  }, [editing, id, info.path, file.idColumn, i18n, bgHeaders, needsReason]);

  const locale = currentLocale();
  const byField = useMemo(() => {
    const m = new Map<string, string>();
    for (const e of fieldErrors) {
      if (!e.field || m.has(e.field)) continue;
      m.set(e.field, localMessage(e.message, locale));
    }
    return m;
  }, [fieldErrors, locale]);
  const general = fieldErrors.filter((e) => !e.field || !file.columns.some((c) => c.name === e.field));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const recordId = (values[file.idColumn] ?? '').trim();
    if (!recordId) {
      setFieldErrors([{ field: file.idColumn, code: 'required', message: t('records.form.idRequired') }]);
      setError(t('records.form.invalid'));
      return;
    }
    const body: Record<string, string> = {};
    for (const c of file.columns) {
      if (c.name === file.idColumn) continue;
      body[c.name] = (values[c.name] ?? '').trim();
    }
    setBusy(true);
    setError(null);
    setFieldErrors([]);
    try {
      const res = await api.put<WriteResult>(`/${info.path}/${encodeURIComponent(recordId)}`, body, {
        headers: editing ? bgHeaders : undefined,
      });
      navigate(`/records/${info.path}/${encodeURIComponent(res.id)}`, { state: { saved: res.status } });
    } catch (err) {
      setBusy(false);
      if (err instanceof ApiError && err.code === 'invalid_record') {
        setFieldErrors(err.details.filter(isFieldError));
        setError(t('records.form.invalid'));
      } else {
        setError(errorMessage(i18n, err));
      }
    }
  }

  const kindOne = t(`records.kinds.${info.kind}.one`);
  const title = editing
    ? t('records.form.editTitle', { kind: kindOne, id })
    : t('records.form.newTitle', { kind: kindOne });
  const back = editing ? `/records/${info.path}/${encodeURIComponent(id)}` : `/records/${info.path}`;
  return (
    <>
      <PageHeader title={title} description={t('records.form.description')} />
      {error ? (
        <Alert kind="error" title={error}>
          {general.length > 0 ? (
            <ul>
              {general.map((g, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: errors have no identity of their own.
                <li key={i}>{localMessage(g.message, locale)}</li>
              ))}
            </ul>
          ) : null}
        </Alert>
      ) : null}
      {bg.reason && loaded ? (
        <Alert kind="warning">{t('breakGlass.notice', { reason: bg.reason })}</Alert>
      ) : null}
      {bg.declined ? <Alert kind="info">{t('breakGlass.cancelled')}</Alert> : null}
      {bg.dialog}
      {!loaded ? (
        error || bg.declined ? null : (
          <PageLoading />
        )
      ) : (
        <form className="form card" onSubmit={submit} noValidate>
          <div className="record-form-grid">
            {file.columns.map((c) => (
              <RecordField
                key={c.name}
                column={c}
                value={values[c.name] ?? ''}
                onChange={(v) => setValues((s) => ({ ...s, [c.name]: v }))}
                error={byField.get(c.name)}
                readOnly={editing && c.name === file.idColumn}
                agencyDefault={c.name === file.agencyColumn}
              />
            ))}
          </div>
          <div className="form-actions">
            <Button type="submit" busy={busy}>
              {busy ? t('records.form.saving') : t('records.form.save')}
            </Button>
            <Link to={back}>{t('records.form.cancel')}</Link>
          </div>
        </form>
      )}
    </>
  );
}
