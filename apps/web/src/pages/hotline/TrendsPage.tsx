import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { Alert } from '../../ui/Alert.tsx';
import { TextField } from '../../ui/Field.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { stateName } from '../tips/states.ts';
import { formLabel, label } from './shared.tsx';
import type { Trends } from './types.ts';
import './hotline.css';

type Point = Trends['byWeek'][number];

/** One breakdown as a table with bars (the numbers are the text; bars are decoration). */
function Breakdown({
  title,
  points,
  name,
  suppressed,
}: {
  title: string;
  points: Point[];
  name: (key: string) => string;
  suppressed: string;
}) {
  const { t, i18n } = useTranslation();
  const max = Math.max(1, ...points.map((p) => p.count ?? 0));
  const id = `hl-tr-${title.replace(/\W+/g, '-')}`;
  return (
    <section className="card hl-section-card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {points.length === 0 ? <p>{t('hotline.trends.nothing')}</p> : null}
      <table className="table hl-trend-table">
        <thead>
          <tr>
            <th scope="col">{t('hotline.trends.category')}</th>
            <th scope="col">{t('hotline.trends.contacts')}</th>
          </tr>
        </thead>
        <tbody>
          {points.map((p) => (
            <tr key={p.key}>
              <th scope="row">{name(p.key)}</th>
              <td className="hl-count">
                <span>{p.count === null ? suppressed : p.count.toLocaleString(i18n.language)}</span>
                <svg
                  className="hl-bar"
                  viewBox="0 0 100 10"
                  preserveAspectRatio="none"
                  aria-hidden="true"
                  focusable="false"
                >
                  <rect width={((p.count ?? 0) / max) * 100} height="10" />
                </svg>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export default function TrendsPage() {
  const { t, i18n } = useTranslation();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [shareable, setShareable] = useState(false);
  const [data, setData] = useState<Trends | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api
      .get<Trends>('/hotline/trends', {
        query: { from: from || undefined, to: to || undefined, shareable: shareable ? 'true' : 'false' },
      })
      .then((d) => {
        setData(d);
        setError(null);
        if (!from) setFrom(d.from);
        if (!to) setTo(d.to);
      }, setError);
  }, [from, to, shareable]);
  const suppressed = t('hotline.trends.suppressed', { k: data?.threshold ?? 11 });
  const num = (n: number | null) => (n === null ? suppressed : n.toLocaleString(i18n.language));
  const week = (k: string) =>
    t('hotline.trends.weekOf', {
      date: new Date(`${k}T12:00:00`).toLocaleDateString(i18n.language, { day: 'numeric', month: 'short' }),
    });
  return (
    <>
      <PageHeader title={t('nav.hotlineTrends')} description={t('hotline.trends.intro')} />
      {error ? <Alert kind="error">{errorMessage(i18n, error)}</Alert> : null}
      <div className="hl-filters">
        <TextField
          label={t('hotline.trends.from')}
          type="date"
          value={from}
          onChange={(e) => setFrom(e.target.value)}
        />
        <TextField
          label={t('hotline.trends.to')}
          type="date"
          value={to}
          onChange={(e) => setTo(e.target.value)}
        />
        <div className="check">
          <input
            id="hl-shareable"
            type="checkbox"
            checked={shareable}
            onChange={(e) => setShareable(e.target.checked)}
          />
          <label htmlFor="hl-shareable">{t('hotline.trends.shareable')}</label>
        </div>
      </div>
      <p className="field-hint">
        {shareable
          ? t('hotline.trends.shareableHint', { k: data?.threshold ?? 11 })
          : t('hotline.trends.internal')}
      </p>
      {data ? (
        <>
          <dl className="facts hl-totals">
            <dt>{t('hotline.trends.total')}</dt>
            <dd>{num(data.total)}</dd>
            <dt>{t('hotline.trends.trafficking')}</dt>
            <dd>{num(data.traffickingRelated)}</dd>
            <dt>{t('hotline.trends.crossBorder')}</dt>
            <dd>
              {num(data.crossBorder)}
              {data.crossBorderShare !== null
                ? ` (${data.crossBorderShare.toLocaleString(i18n.language, { style: 'percent', maximumFractionDigits: 1 })})`
                : ''}
            </dd>
          </dl>
          <Breakdown
            title={t('hotline.trends.byWeek')}
            points={data.byWeek}
            name={week}
            suppressed={suppressed}
          />
          <Breakdown
            title={t('hotline.trends.byChannel')}
            points={data.byChannel}
            name={(k) => label(t, 'channel', k)}
            suppressed={suppressed}
          />
          <Breakdown
            title={t('hotline.trends.byState')}
            points={data.byState}
            name={(k) => (k === 'unknown' ? t('hotline.unknownPlace') : stateName(k))}
            suppressed={suppressed}
          />
          <Breakdown
            title={t('hotline.trends.byForm')}
            points={data.byForm}
            name={(k) => (k === 'unknown' ? t('hotline.notKnownForm') : formLabel(t, k))}
            suppressed={suppressed}
          />
          <Breakdown
            title={t('hotline.trends.byOutcome')}
            points={data.byOutcome}
            name={(k) => (k === 'open' ? t('hotline.trends.stillOpen') : label(t, 'outcome', k))}
            suppressed={suppressed}
          />
        </>
      ) : null}
    </>
  );
}
