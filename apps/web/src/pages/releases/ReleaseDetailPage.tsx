import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client.ts';
import { useUser } from '../../auth/AuthContext.tsx';
import { errorMessage } from '../../i18n/errors.ts';
import { currentLocale } from '../../i18n/index.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Button } from '../../ui/Button.tsx';
import { type Column, DataTable } from '../../ui/DataTable.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { publicPageUrl, type ReleaseCell, type ReleaseDetail } from './types.ts';
import './releases.css';

/**
 * One release: what is suppressed and why (below k, or complementary to protect which figure through which
 * relation), what will be published; a second analyst approves (publishes) it, or it is discarded.
 */
export default function ReleaseDetailPage() {
  const { t, i18n } = useTranslation();
  const me = useUser();
  const id = useParams().id ?? '';
  const locale = currentLocale();
  const [rel, setRel] = useState<ReleaseDetail | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [busy, setBusy] = useState<'approve' | 'discard' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setRel(await api.get<ReleaseDetail>(`/releases/${encodeURIComponent(id)}`));
    } catch (e) {
      setLoadError(e);
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);

  async function act(what: 'approve' | 'discard') {
    setBusy(what);
    setError(null);
    setNotice(null);
    try {
      const r = await api.post<ReleaseDetail>(`/releases/${encodeURIComponent(id)}/${what}`, {});
      setRel(r);
      setNotice(what === 'approve' ? t('releases.detail.published') : t('releases.detail.discarded'));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  }

  const nf = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const dateFmt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const label = (l: ReleaseCell['label'] | undefined) =>
    l ? (locale === 'en-US' ? l['en-US'] : l['es-MX']) : '';

  if (loadError)
    return (
      <>
        <PageHeader title={t('releases.detail.title')} />
        <Alert kind="error">{errorMessage(i18n, loadError)}</Alert>
        <p>
          <Link to="/releases">{t('releases.back')}</Link>
        </p>
      </>
    );
  if (!rel)
    return (
      <>
        <PageHeader title={t('releases.detail.title')} />
        <p aria-busy="true">{t('table.loading')}</p>
      </>
    );

  const byLabel = (a: ReleaseCell, b: ReleaseCell) => label(a.label).localeCompare(label(b.label), locale);
  // the complementary suppressions first: they are the reviewer's judgement call (which published figure
  // is given up to protect which); the 100-odd figures below k follow, each for the same reason
  const complementaryFirst = (a: ReleaseCell, b: ReleaseCell) =>
    Number(b.reason?.kind === 'complementary') - Number(a.reason?.kind === 'complementary') || byLabel(a, b);
  const suppressed = rel.cells.filter((c) => c.value === null).sort(complementaryFirst);
  const published = rel.cells.filter((c) => c.value !== null).sort(byLabel);
  const reasonText = (c: ReleaseCell) => {
    if (c.reason?.kind === 'primary') return t('releases.reason.primary', { k: rel.k, k1: rel.k - 1 });
    if (c.reason?.kind === 'complementary')
      return t('releases.reason.complementary', {
        figure: label(c.reason.protectsLabel),
        relation: t(`releases.relation.${c.reason.relation ?? 'other'}`),
      });
    return '';
  };
  const suppressedColumns: Column<ReleaseCell>[] = [
    { key: 'figure', header: t('releases.detail.figure'), render: (c) => label(c.label) },
    {
      key: 'why',
      header: t('releases.detail.why'),
      render: (c) => (
        <>
          <strong>{t(`releases.reasonKind.${c.reason?.kind ?? 'primary'}`)}</strong>
          <br />
          {reasonText(c)}
        </>
      ),
    },
  ];
  const publishedColumns: Column<ReleaseCell>[] = [
    { key: 'figure', header: t('releases.detail.figure'), render: (c) => label(c.label) },
    {
      key: 'value',
      header: t('releases.detail.value'),
      className: 'num',
      render: (c) => nf.format(c.value ?? 0),
    },
  ];
  const mine = rel.preparedBy.id === me.id;

  return (
    <>
      <PageHeader
        title={t('releases.detail.heading', { year: rel.year })}
        description={<Link to="/releases">{t('releases.back')}</Link>}
      />
      <dl className="release-facts">
        <dt>{t('releases.columns.status')}</dt>
        <dd>{t(`releases.status.${rel.status}`)}</dd>
        <dt>{t('releases.detail.k')}</dt>
        <dd>{t('releases.detail.kValue', { k: rel.k, k1: rel.k - 1 })}</dd>
        <dt>{t('releases.detail.dp')}</dt>
        <dd>
          {rel.epsilon === null
            ? t('releases.detail.noDp')
            : t('releases.detail.dpValue', { epsilon: nf.format(rel.epsilon) })}
        </dd>
        <dt>{t('releases.detail.prepared')}</dt>
        <dd>
          {t('releases.preparedBy', {
            name: rel.preparedBy.name,
            at: dateFmt.format(new Date(rel.preparedAt)),
          })}
        </dd>
        {rel.approvedBy && rel.publishedAt ? (
          <>
            <dt>{t('releases.detail.approved')}</dt>
            <dd>
              {t('releases.approvedBy', {
                name: rel.approvedBy.name,
                at: dateFmt.format(new Date(rel.publishedAt)),
              })}
            </dd>
          </>
        ) : null}
        <dt>{t('releases.columns.suppressed')}</dt>
        <dd>
          {t('releases.detail.counts', {
            primary: nf.format(rel.primarySuppressed),
            complementary: nf.format(rel.complementarySuppressed),
            total: nf.format(rel.cells.length),
            relations: nf.format(rel.relations),
          })}
        </dd>
      </dl>
      {notice ? <Alert kind="success">{notice}</Alert> : null}
      {error ? <Alert kind="error">{errorMessage(i18n, error)}</Alert> : null}
      {rel.status === 'prepared' ? (
        <section aria-labelledby="approval-title">
          <h2 id="approval-title">{t('releases.detail.approvalTitle')}</h2>
          <p>{mine ? t('releases.detail.ownRelease') : t('releases.detail.approveHint')}</p>
          {me.role === 'analyst' ? (
            <div className="release-actions">
              {rel.mayApprove ? (
                <Button busy={busy === 'approve'} disabled={busy !== null} onClick={() => act('approve')}>
                  {busy === 'approve' ? t('releases.detail.approving') : t('releases.detail.approve')}
                </Button>
              ) : null}
              <Button
                variant="secondary"
                busy={busy === 'discard'}
                disabled={busy !== null}
                onClick={() => act('discard')}
              >
                {t('releases.detail.discard')}
              </Button>
            </div>
          ) : null}
        </section>
      ) : null}
      {rel.status === 'published' ? (
        <p>
          <a className="release-public-link" href={publicPageUrl(rel.year, locale)}>
            {t('releases.openPublic')}
          </a>
        </p>
      ) : null}
      <h2>{t('releases.detail.suppressedTitle')}</h2>
      <p>{t('releases.detail.suppressedHint')}</p>
      <DataTable
        caption={t('releases.detail.suppressedTitle')}
        captionHidden
        columns={suppressedColumns}
        rows={suppressed}
        rowKey={(c) => c.key}
        empty={t('releases.detail.noneSuppressed')}
      />
      <details>
        <summary>{t('releases.detail.publishedTitle', { count: published.length })}</summary>
        <DataTable
          caption={t('releases.detail.publishedTitle', { count: published.length })}
          captionHidden
          columns={publishedColumns}
          rows={published}
          rowKey={(c) => c.key}
        />
      </details>
    </>
  );
}
