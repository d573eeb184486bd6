import { Fragment, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { Alert } from '../../ui/Alert.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { label, placeOf, UrgencyBadge, useMunicipios, when } from './shared.tsx';
import { type Overview, URGENCIES } from './types.ts';
import './hotline.css';

/** The supervisor's view: what is open, how urgent, who carries what. */
export default function SupervisionPage() {
  const { t, i18n } = useTranslation();
  const municipios = useMunicipios();
  const [o, setO] = useState<Overview | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api.get<Overview>('/hotline/overview').then(setO, setError);
  }, []);
  return (
    <>
      <PageHeader title={t('nav.hotlineSupervision')} description={t('hotline.supervision.intro')} />
      {error ? <Alert kind="error">{errorMessage(i18n, error)}</Alert> : null}
      {o ? (
        <>
          <dl className="facts hl-totals">
            <dt>{t('hotline.supervision.open')}</dt>
            <dd>{o.open}</dd>
            {URGENCIES.map((u) => (
              <Fragment key={u}>
                <dt>{label(t, 'urgency', u)}</dt>
                <dd>{o.byUrgency[u] ?? 0}</dd>
              </Fragment>
            ))}
            <dt>{t('hotline.supervision.unassigned')}</dt>
            <dd>{o.unassigned}</dd>
          </dl>
          <section className="card hl-section-card" aria-labelledby="hl-load">
            <h2 id="hl-load">{t('hotline.supervision.load')}</h2>
            {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be keyboard-reachable (WCAG 2.1.1). */}
            <section className="table-wrap" tabIndex={0} aria-label={t('hotline.supervision.load')}>
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t('hotline.supervision.operator')}</th>
                    <th scope="col">{t('hotline.supervision.openCol')}</th>
                    <th scope="col">{t('hotline.supervision.urgentCol')}</th>
                    <th scope="col">{t('hotline.supervision.tasksCol')}</th>
                    <th scope="col">{t('hotline.supervision.overdueCol')}</th>
                  </tr>
                </thead>
                <tbody>
                  {o.operators.map((op) => (
                    <tr key={op.id}>
                      <th scope="row">{op.name}</th>
                      <td>{op.open}</td>
                      <td>{op.urgent}</td>
                      <td>{op.tasksOpen}</td>
                      <td>{op.tasksOverdue}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          </section>
          <section className="card hl-section-card" aria-labelledby="hl-open">
            <h2 id="hl-open">{t('hotline.supervision.contacts')}</h2>
            {o.contacts.length === 0 ? <p>{t('hotline.queue.empty')}</p> : null}
            <ul className="hl-queue">
              {o.contacts.map((c) => (
                <li key={c.id} className={`hl-card hl-card-${c.urgency}`}>
                  <div className="hl-card-head">
                    <UrgencyBadge urgency={c.urgency} t={t} />
                    <Link to={`/hotline/contacts/${c.id}`} className="hl-card-title">
                      {t('hotline.queue.contactTitle', {
                        channel: label(t, 'channel', c.channel),
                        ref: c.ref,
                      })}
                    </Link>
                  </div>
                  <p className="hl-card-meta">
                    {when(c.receivedAt, i18n.language)} · {placeOf(c, t, municipios)} ·{' '}
                    {c.operator
                      ? t('hotline.queue.operator', { name: c.operator.name })
                      : t('hotline.queue.unassigned')}
                  </p>
                </li>
              ))}
            </ul>
          </section>
        </>
      ) : null}
    </>
  );
}
