import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { ApiResponse } from '../../api/types.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Button } from '../../ui/Button.tsx';
import { SelectField } from '../../ui/Field.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { type ExportTable, saveCsv, saveXlsx } from '../report/exports.ts';
import './action-plan.css';

/** `GET /api/action-plan` (apps/server/src/api/action-plan/schema.ts), generated from the server's schema. */
type Plan = ApiResponse<'/api/action-plan'>;
type IndicatorView = Plan['indicators'][number];
type Text = Plan['title'];
type Lang = keyof Text;

/** The trend as a line (values), with the baseline and the target as marked points; suppressed years are gaps. */
function Trend({ ind, lang, title }: { ind: IndicatorView; lang: Lang; title: string }) {
  const pts = ind.series;
  const years = [...new Set([...pts.map((p) => p.year), ind.baseline.year, ind.target.year])].sort();
  const values = [...pts.map((p) => p.value ?? 0), ind.baseline.value, ind.target.value];
  const max = Math.max(1, ...values) * 1.1;
  const W = 320;
  const H = 140;
  const pad = 28;
  const x = (y: number) =>
    years.length === 1
      ? W / 2
      : pad + ((W - 2 * pad) * (y - years[0]!)) / (years[years.length - 1]! - years[0]!);
  const yv = (v: number) => H - pad - ((H - 2 * pad) * v) / max;
  const segs: string[] = [];
  let cur = '';
  for (const p of pts) {
    if (p.value === null) {
      if (cur) segs.push(cur);
      cur = '';
      continue;
    }
    cur += `${cur ? 'L' : 'M'}${x(p.year).toFixed(1)},${yv(p.value).toFixed(1)}`;
  }
  if (cur) segs.push(cur);
  return (
    <svg className="ap-chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title}>
      <line x1={pad} y1={H - pad} x2={W - pad} y2={H - pad} stroke="#767676" />
      {years.map((y) => (
        <text key={y} x={x(y)} y={H - 8} textAnchor="middle" fontSize="10" fill="#333">
          {y}
        </text>
      ))}
      {segs.map((d) => (
        <path key={d} d={d} fill="none" stroke="#7a1f5c" strokeWidth="2.5" />
      ))}
      {pts.map((p) =>
        p.value === null ? null : (
          <circle key={p.year} cx={x(p.year)} cy={yv(p.value)} r="3.5" fill="#7a1f5c" />
        ),
      )}
      <rect x={x(ind.baseline.year) - 4} y={yv(ind.baseline.value) - 4} width="8" height="8" fill="#555" />
      <polygon
        points={`${x(ind.target.year)},${yv(ind.target.value) - 6} ${x(ind.target.year) - 6},${yv(ind.target.value) + 4} ${x(ind.target.year) + 6},${yv(ind.target.value) + 4}`}
        fill="#1f5f8b"
      />
      <title>{`${ind.name[lang]}`}</title>
    </svg>
  );
}

export default function ActionPlanPage() {
  const { t, i18n } = useTranslation();
  const lang: Lang = i18n.language === 'en-US' ? 'en-US' : 'es-MX';
  const [state, setState] = useState('');
  const [plan, setPlan] = useState<Plan | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setError(null);
    api
      .get<Plan>('/action-plan', { query: { state } })
      .then(setPlan)
      .catch((err) => setError(errorMessage(i18n, err)));
  }, [state, i18n]);

  const fmt = (ind: IndicatorView, v: number | null) => {
    if (v === null) return t('actionPlan.suppressed');
    const n = v.toLocaleString(lang, { maximumFractionDigits: 1 });
    if (ind.unit === 'percent') return `${n} %`;
    if (ind.unit === 'mxn') return `${n} MXN`;
    if (ind.unit === 'usd') return `${n} USD`;
    return n;
  };
  const place = plan?.state
    ? (plan.states.find((s) => s.code === plan.state)?.name ?? plan.state)
    : t('actionPlan.national');
  const table = (): ExportTable => ({
    name: `programa-nacional-${plan?.state ?? 'nacional'}`,
    title: `${plan?.title[lang] ?? ''} — ${place}`,
    header: [
      t('actionPlan.col.indicator'),
      t('actionPlan.col.responsible'),
      ...(plan?.years.map(String) ?? []),
      t('actionPlan.col.baseline'),
      t('actionPlan.col.target'),
    ],
    rows:
      plan?.indicators.map((ind) => [
        ind.name[lang],
        ind.responsible[lang],
        ...ind.series.map((p) => (p.value === null ? t('actionPlan.suppressed') : p.value)),
        `${ind.baseline.value} (${ind.baseline.year})`,
        `${ind.target.value} (${ind.target.year})`,
      ]) ?? [],
    note: `${t('actionPlan.exampleNote')} ${t('actionPlan.thresholdNote', { k: plan?.threshold ?? 0 })}`,
  });

  return (
    <div className="ap-page">
      <PageHeader title={t('actionPlan.title')} description={plan ? plan.title[lang] : undefined} />
      <Alert kind="info">{t('actionPlan.exampleNote')}</Alert>
      {error ? <Alert kind="error">{error}</Alert> : null}
      <div className="ap-controls">
        <SelectField
          id="ap-state"
          label={t('actionPlan.state')}
          value={state}
          onChange={(e) => setState(e.target.value)}
          options={[
            { value: '', label: t('actionPlan.national') },
            ...(plan?.states.map((s) => ({ value: s.code, label: s.name })) ?? []),
          ]}
        />
        <div className="ap-export">
          <Button variant="secondary" disabled={!plan} onClick={() => saveCsv(table())}>
            {t('actionPlan.exportCsv')}
          </Button>
          <Button variant="secondary" disabled={!plan} onClick={() => saveXlsx(table().name, [table()])}>
            {t('actionPlan.exportXlsx')}
          </Button>
        </div>
      </div>
      {plan ? (
        <p className="hint">
          {t('actionPlan.thresholdNote', { k: plan.threshold })} {plan.source[lang]}
        </p>
      ) : (
        <p>{t('actionPlan.loading')}</p>
      )}
      <div className="ap-grid">
        {plan?.indicators.map((ind) => {
          const last = [...ind.series].reverse().find((p) => p.value !== null);
          return (
            <section key={ind.id} className="card ap-card" aria-labelledby={`ap-${ind.id}`}>
              <h2 id={`ap-${ind.id}`}>{ind.name[lang]}</h2>
              <p className="ap-objective">{ind.objective[lang]}</p>
              <p>{ind.definition[lang]}</p>
              <dl className="ap-facts">
                <div>
                  <dt>{t('actionPlan.col.responsible')}</dt>
                  <dd>{ind.responsible[lang]}</dd>
                </div>
                <div>
                  <dt>{t('actionPlan.latest')}</dt>
                  <dd>{last ? `${fmt(ind, last.value)} (${last.year})` : t('actionPlan.suppressed')}</dd>
                </div>
                <div>
                  <dt>{t('actionPlan.col.baseline')}</dt>
                  <dd>
                    {fmt(ind, ind.baseline.value)} ({ind.baseline.year}){' '}
                    <span className="ap-example">{t('actionPlan.example')}</span>
                  </dd>
                </div>
                <div>
                  <dt>{t('actionPlan.col.target')}</dt>
                  <dd>
                    {fmt(ind, ind.target.value)} ({ind.target.year}){' '}
                    <span className="ap-example">{t('actionPlan.example')}</span>
                  </dd>
                </div>
              </dl>
              <Trend
                ind={ind}
                lang={lang}
                title={t('actionPlan.chartLabel', { name: ind.name[lang], place })}
              />
              <p className="ap-legend">{t('actionPlan.legend')}</p>
              <table className="table ap-table">
                <caption className="visually-hidden">
                  {t('actionPlan.tableCaption', { name: ind.name[lang], place })}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t('actionPlan.col.year')}</th>
                    <th scope="col">{t('actionPlan.col.value')}</th>
                  </tr>
                </thead>
                <tbody>
                  {ind.series.map((p) => (
                    <tr key={p.year}>
                      <th scope="row">{p.year}</th>
                      <td>{fmt(ind, p.value)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          );
        })}
      </div>
    </div>
  );
}
