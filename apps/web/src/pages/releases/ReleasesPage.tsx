import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api } from '../../api/client.ts';
import type { ApiResponse } from '../../api/types.ts';
import { useUser } from '../../auth/AuthContext.tsx';
import { errorMessage } from '../../i18n/errors.ts';
import { currentLocale } from '../../i18n/index.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Button } from '../../ui/Button.tsx';
import { type Column, DataTable } from '../../ui/DataTable.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { publicPageUrl, type ReleaseDetail, type ReleaseSummary } from './types.ts';
import './releases.css';

/** The years offered until the server says which have records: this year and the ten before it. */
function yearOptions(now = new Date()) {
  const y = now.getFullYear();
  return Array.from({ length: 11 }, (_, i) => String(y - i));
}

/**
 * Public releases of the national figures: an analyst prepares one (year, k, optional differential privacy),
 * then sees what was suppressed and why on its page, where a second analyst approves and publishes it.
 */
export default function ReleasesPage() {
  const { t, i18n } = useTranslation();
  const me = useUser();
  const navigate = useNavigate();
  const locale = currentLocale();
  const [items, setItems] = useState<ReleaseSummary[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [years, setYears] = useState<string[]>(() => yearOptions());
  const [year, setYear] = useState(years[1]!);
  /** the year the analyst picked: the years arriving from the server never replace it */
  const picked = useRef<string | null>(null);
  const [k, setK] = useState('11');
  const [withDp, setWithDp] = useState(false);
  const [epsilon, setEpsilon] = useState('1');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const canPrepare = me.role === 'analyst';

  const load = useCallback(async () => {
    try {
      const r = await api.get<ApiResponse<'/api/releases'>>('/releases');
      setItems(r.items);
      // the years that have records, the newest first; preselected: the year the dashboard opens on (the
      // latest with victims identified, not a new year holding only its first records), else the newest
      // (an analyst who picked a year before these answers arrived keeps it, if it has records: a late
      // answer used to put the select back on the default, and the release was prepared for that year)
      if (r.years.length) {
        const offered = r.years.map(String);
        setYears(offered);
        const keep = () => picked.current !== null && offered.includes(picked.current);
        if (!keep()) setYear(offered[0]!);
        const opens = await api
          .get<ApiResponse<'/api/report/years'>>('/report/years')
          .then((y) => y.latest)
          .catch(() => null);
        if (opens !== null && r.years.includes(opens) && !keep()) setYear(String(opens));
      }
    } catch (e) {
      setLoadError(e);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const kNum = Number(k);
  const kError = !Number.isInteger(kNum) || kNum < 2 || kNum > 1000 ? t('releases.prepare.kInvalid') : null;
  const epsNum = Number(epsilon);
  const epsError = withDp && !(epsNum > 0 && epsNum <= 100) ? t('releases.prepare.epsilonInvalid') : null;

  async function prepare(e: FormEvent) {
    e.preventDefault();
    if (kError || epsError) return;
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<ReleaseDetail>('/releases', {
        year: Number(year),
        k: kNum,
        ...(withDp ? { epsilon: epsNum } : {}),
      });
      navigate(`/releases/${r.id}`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  const dateFmt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const nf = new Intl.NumberFormat(locale);
  const columns: Column<ReleaseSummary>[] = [
    {
      key: 'year',
      header: t('releases.columns.release'),
      render: (r) => (
        <>
          <Link to={`/releases/${r.id}`}>{t('releases.yearK', { year: r.year, k: r.k })}</Link>
          {r.epsilon !== null ? (
            <>
              <br />
              <small>{t('releases.epsilonShort', { epsilon: nf.format(r.epsilon) })}</small>
            </>
          ) : null}
        </>
      ),
    },
    {
      key: 'status',
      header: t('releases.columns.status'),
      render: (r) => (
        <>
          <strong>{t(`releases.status.${r.status}`)}</strong>
          {r.status === 'published' ? (
            <>
              <br />
              <a href={publicPageUrl(r.year, locale)}>{t('releases.openPublic')}</a>
            </>
          ) : null}
        </>
      ),
    },
    {
      key: 'who',
      header: t('releases.columns.who'),
      render: (r) => (
        <>
          {t('releases.preparedBy', { name: r.preparedBy.name, at: dateFmt.format(new Date(r.preparedAt)) })}
          {r.approvedBy && r.publishedAt ? (
            <>
              <br />
              {t('releases.approvedBy', {
                name: r.approvedBy.name,
                at: dateFmt.format(new Date(r.publishedAt)),
              })}
            </>
          ) : null}
        </>
      ),
    },
    {
      key: 'suppressed',
      header: t('releases.columns.suppressed'),
      className: 'num',
      render: (r) =>
        t('releases.suppressedCounts', {
          primary: nf.format(r.primarySuppressed),
          complementary: nf.format(r.complementarySuppressed),
        }),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('nav.releases')}
        description={
          <>
            {t('releases.description')}{' '}
            <a className="release-public-link" href={`/datos-abiertos?lang=${locale}`}>
              {t('releases.publicIndex')}
            </a>
          </>
        }
      />
      {canPrepare ? (
        <section aria-labelledby="prepare-title">
          <h2 id="prepare-title">{t('releases.prepare.title')}</h2>
          <form className="release-form" onSubmit={prepare} noValidate>
            <SelectField
              label={t('releases.prepare.year')}
              value={year}
              onChange={(e) => {
                picked.current = e.target.value;
                setYear(e.target.value);
              }}
              options={years.map((y) => ({ value: y, label: y }))}
            />
            <TextField
              label={t('releases.prepare.k')}
              hint={t('releases.prepare.kHint')}
              inputMode="numeric"
              value={k}
              onChange={(e) => setK(e.target.value)}
              error={kError}
            />
            <fieldset>
              <legend>{t('releases.prepare.dpLegend')}</legend>
              <div className="check">
                <input
                  id="release-dp"
                  type="checkbox"
                  checked={withDp}
                  onChange={(e) => setWithDp(e.target.checked)}
                />
                <label htmlFor="release-dp">{t('releases.prepare.dp')}</label>
              </div>
              {withDp ? (
                <TextField
                  label={t('releases.prepare.epsilon')}
                  hint={t('releases.prepare.epsilonHint')}
                  inputMode="decimal"
                  value={epsilon}
                  onChange={(e) => setEpsilon(e.target.value)}
                  error={epsError}
                />
              ) : null}
            </fieldset>
            <div className="release-form-actions">
              <Button type="submit" busy={busy}>
                {busy ? t('releases.prepare.busy') : t('releases.prepare.submit')}
              </Button>
            </div>
          </form>
          {error ? <Alert kind="error">{errorMessage(i18n, error)}</Alert> : null}
        </section>
      ) : (
        <Alert kind="info">{t('releases.analystsOnly')}</Alert>
      )}
      <h2>{t('releases.listTitle')}</h2>
      {loadError ? <Alert kind="error">{errorMessage(i18n, loadError)}</Alert> : null}
      <DataTable
        caption={t('releases.listTitle')}
        captionHidden
        columns={columns}
        rows={items ?? []}
        rowKey={(r) => r.id}
        loading={items === null}
        empty={t('releases.none')}
        stacked
      />
    </>
  );
}
