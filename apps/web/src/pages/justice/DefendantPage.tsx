import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client.ts';
import type { ApiResponse } from '../../api/types.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { Alert } from '../../ui/Alert.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { IdentifiersSection } from '../network/IdentifiersSection.tsx';
import { articleLabel, formatDate } from './common.tsx';
import './justice.css';

type Defendant = ApiResponse<'/api/defendants/{id}'>;

/** One defendant: identity, role in the network, the stages naming them, possible same persons. */
export default function DefendantPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const [d, setD] = useState<Defendant | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(async () => {
    try {
      setD(await api.get<Defendant>(`/defendants/${encodeURIComponent(id)}`));
    } catch (e) {
      setError(e);
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);
  if (error)
    return (
      <>
        <PageHeader title={t('justice.defendant.title')} />
        <Alert kind="error">{errorMessage(i18n, error)}</Alert>
      </>
    );
  if (!d) return <p className="page-loading">{t('table.loading')}</p>;
  const i = d.identity;
  return (
    <>
      <PageHeader
        title={d.displayName}
        description={<Link to="/defendants">{t('justice.defendant.back')}</Link>}
      />
      <div className="jd-grid">
        <section className="card" aria-labelledby="jd-id">
          <h2 id="jd-id">{t('justice.defendant.identity')}</h2>
          <dl className="facts facts-stack-narrow">
            <dt>{t('justice.defendants.givenNames')}</dt>
            <dd>{i.givenNames || '—'}</dd>
            <dt>{t('justice.defendants.surnames')}</dt>
            <dd>{[i.surname1, i.surname2].filter(Boolean).join(' ') || '—'}</dd>
            <dt>{t('justice.defendants.aliases')}</dt>
            <dd>{i.aliases.join(', ') || '—'}</dd>
            <dt>{t('justice.defendants.birthDate')}</dt>
            <dd>
              {i.birthDate
                ? formatDate(i.birthDate)
                : i.approximateAge !== null
                  ? t('justice.defendants.ageOn', {
                      age: i.approximateAge,
                      date: formatDate(i.approximateAgeOn),
                    })
                  : '—'}
            </dd>
            <dt>{t('justice.defendants.sex')}</dt>
            <dd>{d.sex ? t(`justice.sex.${d.sex}`) : '—'}</dd>
            <dt>{t('justice.defendants.nationality')}</dt>
            <dd>{d.nationality ?? '—'}</dd>
            <dt>{t('justice.defendants.roles')}</dt>
            <dd>{d.networkRoles.map((r) => t(`justice.roles.${r}`)).join(', ') || '—'}</dd>
            {d.notes ? (
              <>
                <dt>{t('justice.form.notes')}</dt>
                <dd>{d.notes}</dd>
              </>
            ) : null}
          </dl>
        </section>
        <section className="card" aria-labelledby="jd-def-stages">
          <h2 id="jd-def-stages">{t('justice.defendant.stages')}</h2>
          {d.stages.length === 0 ? <p>{t('justice.defendant.noStages')}</p> : null}
          <ul>
            {d.stages.map((s) => (
              <li key={s.id}>
                <Link to={`/justice/stages/${s.id}`}>
                  {t(`justice.stages.${s.stage}`)}
                  {s.reference ? ` · ${s.reference}` : ''}
                </Link>{' '}
                · {formatDate(s.startedOn)}
                {s.outcome ? ` · ${t(`justice.outcomes.${s.outcome}`)}` : ''}
                {s.charges.length ? (
                  <div>
                    <small>{s.charges.map((c) => articleLabel(c, true)).join('; ')}</small>
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
          {d.financialReportIds.length ? (
            <p>
              <Link to="/financial-intelligence">
                {t('justice.stage.financialReports', { count: d.financialReportIds.length })}
              </Link>
            </p>
          ) : null}
          <h2>{t('justice.defendant.matches')}</h2>
          {d.possibleMatches.length === 0 ? <p>{t('justice.defendant.noMatches')}</p> : null}
          <ul>
            {d.possibleMatches.map((m, k) => (
              <li key={m.defendantId ?? `x${k}`}>
                {m.sameAgency && m.defendantId ? (
                  <Link to={`/defendants/${m.defendantId}`}>{t('justice.defendant.matchOwn')}</Link>
                ) : (
                  t('justice.review.otherAgency')
                )}{' '}
                · {t('justice.review.probability', { p: Math.round(m.probability * 100) })} ·{' '}
                {t(`justice.review.status.${m.status}`)}
              </li>
            ))}
          </ul>
          <p>
            <Link to="/defendants#jd-review">{t('justice.defendant.toQueue')}</Link>
          </p>
        </section>
      </div>
      <IdentifiersSection subject={{ defendantId: d.id }} networkNode={`person:defendant-${d.id}`} />
    </>
  );
}
