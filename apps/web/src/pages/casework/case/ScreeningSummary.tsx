import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { languageList } from '../labels.ts';
import { useCase } from './useCase.tsx';

/** What the screening learned, carried into the case: the age and languages given, needs, indicators, flags. */
export function ScreeningSummary() {
  const { t, i18n } = useTranslation();
  const { c } = useCase();
  const s = c.screenings?.[0];
  if (!s) return null;
  const instrument =
    s.instrument.id === 'short-screen' ? t('casework.cases.shortScreen') : t('casework.cases.fullInterview');
  return (
    <section className="card" aria-labelledby="cw-screening">
      <h2 id="cw-screening">{t('casework.page.fromScreening')}</h2>
      <p>
        {t('casework.page.screeningOn', {
          instrument,
          date: new Date(s.updatedAt).toLocaleDateString(i18n.language),
        })}{' '}
        <Link to={`/screenings/${s.id}`}>{t('casework.page.openScreening')}</Link>
      </p>
      {s.recommendation ? <p>{t(`casework.recommendation.${s.recommendation}`)}</p> : null}
      <dl className="cw-facts">
        <dt>{t('casework.person.age')}</dt>
        <dd>
          {c.person.approximateAge !== undefined
            ? t('casework.page.years', { count: c.person.approximateAge })
            : t('casework.unknown')}
        </dd>
        <dt>{t('casework.person.languages')}</dt>
        <dd>{c.person.languages?.length ? languageList(c.person.languages, t) : t('casework.unknown')}</dd>
        <dt>{t('casework.cases.needs')}</dt>
        <dd>{c.needs.length ? c.needs.map((n) => t(`casework.services.${n}`)).join(', ') : '—'}</dd>
        {s.flags.length ? (
          <>
            <dt>{t('casework.page.flags')}</dt>
            <dd>{s.flags.map((f) => t(`casework.flags.${f}`)).join(', ')}</dd>
          </>
        ) : null}
      </dl>
      {s.indicators.length ? (
        <>
          <h3>{t('casework.screening.indicatorsFound')}</h3>
          <ul>
            {s.indicators.map((i) => (
              <li key={i.indicator}>
                {t(`casework.indicators.${i.indicator}`)} ({t(`casework.strength.${i.strength}`)})
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
