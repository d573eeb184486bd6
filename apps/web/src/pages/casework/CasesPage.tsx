import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api } from '../../api/client.ts';
import type { ApiResponse } from '../../api/types.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Button } from '../../ui/Button.tsx';
import { type Column, DataTable } from '../../ui/DataTable.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { Pagination } from '../../ui/Pagination.tsx';
import { usePagedQuery } from '../../ui/usePagedQuery.ts';
import { AccessRequestsInbox } from './AccessRequestsInbox.tsx';
import { TransferNotice } from './TransferNotice.tsx';
import type { CaseListItem, ScreeningView } from './types.ts';

export default function CasesPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const query = useMemo(() => ({}), []);
  const page = usePagedQuery<CaseListItem>('/cases', query, 50);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [givenNames, setGivenNames] = useState('');
  const [sex, setSex] = useState('');
  const [unfinished, setUnfinished] = useState<ApiResponse<'/api/screenings'>['items']>([]);
  useEffect(() => {
    api
      .get<ApiResponse<'/api/screenings'>>('/screenings', { query: { status: 'in_progress' } })
      .then((r) => setUnfinished(r.items))
      .catch(setError);
  }, []);

  async function startScreening(instrumentId: string) {
    setBusy(true);
    setError(null);
    try {
      const s = await api.post<ScreeningView>('/screenings', { instrumentId });
      navigate(`/screenings/${s.id}`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  async function openCase(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const c = await api.post<ApiResponse<'/api/cases', 'post'>>('/cases', {
        person: { ...(givenNames.trim() ? { givenNames: givenNames.trim() } : {}), ...(sex ? { sex } : {}) },
      });
      navigate(`/cases/${c.id}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const columns: Column<CaseListItem>[] = [
    {
      key: 'displayName',
      header: t('casework.cases.person'),
      render: (c) => <Link to={`/cases/${c.id}`}>{c.displayName ?? t('casework.cases.unnamed')}</Link>,
    },
    { key: 'status', header: t('casework.cases.status'), render: (c) => t(`casework.status.${c.status}`) },
    {
      key: 'needs',
      header: t('casework.cases.needs'),
      render: (c) => c.needs.map((s) => t(`casework.services.${s}`)).join(', ') || '—',
    },
    {
      key: 'updatedAt',
      header: t('casework.cases.updated'),
      render: (c) => new Date(c.updatedAt).toLocaleDateString(i18n.language),
    },
  ];

  return (
    <>
      <PageHeader title={t('nav.cases')} description={t('casework.cases.intro')} />
      {error ? <Alert kind="error">{errorMessage(i18n, error)}</Alert> : null}
      <TransferNotice />
      <AccessRequestsInbox />
      <section className="card" aria-labelledby="cw-start">
        <h2 id="cw-start">{t('casework.cases.startScreening')}</h2>
        <p>{t('casework.cases.screeningHint')}</p>
        <div className="form-actions">
          <Button busy={busy} onClick={() => startScreening('short-screen')}>
            {t('casework.cases.shortScreen')}
          </Button>
          <Button busy={busy} variant="secondary" onClick={() => startScreening('full-interview')}>
            {t('casework.cases.fullInterview')}
          </Button>
        </div>
      </section>
      {unfinished.length ? (
        <section className="card" aria-labelledby="cw-unfinished">
          <h2 id="cw-unfinished">{t('casework.cases.unfinished')}</h2>
          <ul>
            {unfinished.map((s) => (
              <li key={s.id}>
                <Link to={`/screenings/${s.id}`}>
                  {t('casework.cases.resume', {
                    instrument: t(
                      s.instrument.id === 'short-screen'
                        ? 'casework.cases.shortScreen'
                        : 'casework.cases.fullInterview',
                    ),
                    date: new Date(s.updatedAt).toLocaleString(i18n.language),
                  })}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="card" aria-labelledby="cw-new">
        <h2 id="cw-new">{t('casework.cases.newCase')}</h2>
        <form className="form" onSubmit={openCase}>
          <TextField
            label={t('casework.person.givenNames')}
            value={givenNames}
            onChange={(e) => setGivenNames(e.target.value)}
          />
          <SelectField
            label={t('casework.person.sex')}
            value={sex}
            onChange={(e) => setSex(e.target.value)}
            options={[
              { value: '', label: t('casework.unknown') },
              ...['female', 'male', 'intersex'].map((v) => ({ value: v, label: t(`casework.sex.${v}`) })),
            ]}
          />
          <div className="form-actions">
            <Button type="submit" busy={busy} variant="secondary">
              {t('casework.cases.openCase')}
            </Button>
          </div>
        </form>
      </section>
      <DataTable
        caption={t('casework.cases.caption')}
        columns={columns}
        rows={page.items}
        rowKey={(c) => c.id}
        loading={page.loading}
        empty={t('table.empty')}
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
