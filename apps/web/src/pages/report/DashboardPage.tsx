/**
 * The analysts' dashboard of the national figures (issue 5): the same computation as `enlace report`
 * (`GET /api/report`), filterable by year, state, level and form group (kept in the URL query), the two
 * previous years beside every figure, year-on-year charts, a choropleth by state (lazy), completeness,
 * and a drill-down to the caller's agency's records for roles that may read them. See docs/report.md.
 */
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client.ts';
import { useUser } from '../../auth/AuthContext.tsx';
import { errorMessage } from '../../i18n/errors.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Button } from '../../ui/Button.tsx';
import { type Column, DataTable } from '../../ui/DataTable.tsx';
import { SelectField } from '../../ui/Field.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { ProgressBar } from '../../ui/ProgressBar.tsx';
import { MX_STATES, stateName } from '../tips/states.ts';
import { BarChart } from './BarChart.tsx';
import { Drilldown, type DrillTarget } from './Drilldown.tsx';
import {
  DRILLDOWN_ROLES,
  defaultYear,
  FORM_GROUPS,
  hasDrilldown,
  LEVELS,
  SECTIONS,
  SEX_AGE,
  type Section,
  sectionFigures,
  valueAt,
  yearOptions,
} from './figures.ts';
import { type Formatters, formatters } from './format.ts';
import type { CompletenessRow, Json, ReportResponse, StateFigures } from './types.ts';
import './report.css';

const StateMap = lazy(() => import('./StateMap.tsx'));

/** Key figures shown as cards at the top. */
const CARDS = [
  'victims.total',
  'investigations.federal.total',
  'investigations.state.total',
  'prosecutions.state.total',
  'convictions.total',
  'hotline.trafficking_related_contacts',
] as const;

interface Filters {
  year: number;
  state: string;
  level: string;
  form: string;
}

function readFilters(q: URLSearchParams): Filters {
  const years = yearOptions();
  const y = Number(q.get('year'));
  const state = q.get('state') ?? '';
  const level = q.get('level') ?? '';
  const form = q.get('form') ?? '';
  return {
    year: years.includes(y) ? y : defaultYear(),
    state: MX_STATES.some((s) => s.code === state) ? state : '',
    level: (LEVELS as readonly string[]).includes(level) ? level : '',
    form: (FORM_GROUPS as readonly string[]).includes(form) ? form : '',
  };
}

export default function DashboardPage() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const { year, state, level, form } = filters;
  const [data, setData] = useState<ReportResponse | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [drill, setDrill] = useState<DrillTarget | null>(null);

  useEffect(() => {
    const ctrl = new AbortController();
    setLoading(true);
    setError(null);
    api
      .get<ReportResponse>('/report', { query: { year, state, level, form }, signal: ctrl.signal })
      .then((r) => {
        setData(r);
        setLoading(false);
      })
      .catch((err: unknown) => {
        if (ctrl.signal.aborted) return;
        setError(errorMessage(i18n, err));
        setLoading(false);
      });
    return () => ctrl.abort();
  }, [year, state, level, form, i18n]);

  const setFilter = useCallback(
    (key: keyof Filters, value: string) => {
      // From the address bar, not the render's `params`: two filters changed before React renders again
      // (a quick user, a test) must both be kept, and the second must not undo the first.
      const next = new URLSearchParams(window.location.search);
      const shown = readFilters(next).year;
      if (value) next.set(key, value);
      else next.delete(key);
      if (key === 'year' || !next.has('year')) next.set('year', key === 'year' ? value : String(shown));
      setParams(next, { replace: true });
      setDrill(null);
    },
    [setParams],
  );

  const f = formatters();
  const seg = (path: string) =>
    path
      .split('.')
      .slice(1)
      .map((s) => t(`report.seg.${s}`))
      .join(' · ');
  const canDrill = DRILLDOWN_ROLES.includes(user.role);
  // The years of the data on screen (the URL may already name the next year while it loads).
  const shownYear = data ? Number(data.report.year) : year;
  const years = data ? [...data.previous.map((p) => Number(p.year)).reverse(), shownYear] : [];
  const series: Json[] = data ? [...[...data.previous].reverse(), data.report] : [];
  const filtered = Boolean(state || level || form);

  const drillButton = (path: string, label: string) =>
    canDrill && hasDrilldown(path) ? (
      <Button
        variant="link"
        onClick={() => setDrill({ path, label, year: shownYear })}
        aria-label={t('report.drill.openFor', { figure: label, year: String(shownYear) })}
      >
        {t('report.drill.open')}
      </Button>
    ) : null;

  return (
    <>
      <PageHeader title={t('nav.dashboard')} description={t('report.intro')} />
      <form
        className="toolbar report-filters"
        aria-label={t('report.filters.label')}
        onSubmit={(e) => e.preventDefault()}
      >
        <SelectField
          label={t('report.filters.year')}
          value={String(year)}
          onChange={(e) => setFilter('year', e.target.value)}
          options={yearOptions().map((y) => ({ value: String(y), label: String(y) }))}
        />
        <SelectField
          label={t('report.filters.state')}
          value={state}
          onChange={(e) => setFilter('state', e.target.value)}
          options={[
            { value: '', label: t('report.filters.allStates') },
            ...MX_STATES.map((s) => ({ value: s.code, label: s.name })),
          ]}
        />
        <SelectField
          label={t('report.filters.level')}
          value={level}
          onChange={(e) => setFilter('level', e.target.value)}
          options={[
            { value: '', label: t('report.filters.allLevels') },
            ...LEVELS.map((l) => ({ value: l, label: t(`report.seg.${l}`) })),
          ]}
        />
        <SelectField
          label={t('report.filters.form')}
          value={form}
          onChange={(e) => setFilter('form', e.target.value)}
          options={[
            { value: '', label: t('report.filters.allForms') },
            ...FORM_GROUPS.map((g) => ({ value: g, label: t(`report.seg.${g}`) })),
          ]}
        />
      </form>
      {error ? <Alert kind="error">{error}</Alert> : null}
      {loading ? <ProgressBar label={t('report.loading')} /> : null}
      {drill ? (
        <Drilldown target={drill} role={user.role} filtered={filtered} onClose={() => setDrill(null)} />
      ) : null}
      {data ? (
        <div className="report" aria-busy={loading || undefined}>
          <p className="report-note">
            {data.filter.state || data.filter.level || data.filter.form
              ? t('report.filteredBy', {
                  filter: [
                    data.filter.state ? stateName(data.filter.state) : '',
                    data.filter.level ? t(`report.seg.${data.filter.level}`) : '',
                    data.filter.form ? t(`report.seg.${data.filter.form}`) : '',
                  ]
                    .filter(Boolean)
                    .join(' · '),
                })
              : t('report.national')}
          </p>
          <ul className="report-cards" aria-label={t('report.cards')}>
            {CARDS.map((path) => {
              const label = `${t(`report.sections.${path.split('.')[0]}`)} · ${seg(path)}`;
              return (
                <li key={path} className="card report-card">
                  <p className="report-card-label">{label}</p>
                  <p className="report-card-value">{f.num(valueAt(data.report, path))}</p>
                  <p className="report-card-prev">
                    {data.previous
                      .map((p) =>
                        t('report.yearValue', { year: String(p.year), value: f.num(valueAt(p, path)) }),
                      )
                      .join(' · ')}
                  </p>
                  {drillButton(path, label)}
                </li>
              );
            })}
          </ul>
          {SECTIONS.map((section) => (
            <SectionBlock
              key={section}
              section={section}
              years={years}
              series={series}
              seg={seg}
              f={f}
              drillButton={drillButton}
            />
          ))}
          <VictimsMatrix data={data} f={f} drillButton={drillButton} />
          <section className="report-section" aria-labelledby="report-map-h">
            <h2 id="report-map-h">{t('report.map.heading', { year: String(shownYear) })}</h2>
            <Suspense fallback={<ProgressBar label={t('report.map.loading')} />}>
              <StateMap
                values={new Map(data.states.map((s) => [s.state_code, s.victims]))}
                selected={state || undefined}
                onSelect={(code) => setFilter('state', code === state ? '' : code)}
              />
            </Suspense>
            <StatesTable states={data.states} f={f} />
          </section>
          <Completeness rows={data.completeness} f={f} year={shownYear} />
        </div>
      ) : null}
    </>
  );
}

type DrillButton = (path: string, label: string) => React.ReactNode;

function SectionBlock({
  section,
  years,
  series,
  seg,
  f,
  drillButton,
}: {
  section: Section;
  years: number[];
  series: Json[];
  seg: (p: string) => string;
  f: Formatters;
  drillButton: DrillButton;
}) {
  const { t } = useTranslation();
  const current = series[series.length - 1];
  const paths = sectionFigures(current, section);
  const title = t(`report.sections.${section}`);
  type Row = { path: string; label: string; values: (Json | undefined)[] };
  const rows: Row[] = paths.map((path) => ({
    path,
    label: seg(path),
    values: series.map((r) => valueAt(r, path)),
  }));
  const columns: Column<Row>[] = [
    { key: 'label', header: t('report.figure') },
    ...years.map((y, i) => ({
      key: `y${y}`,
      header: String(y),
      className: 'num',
      render: (r: Row) => f.figure(r.path, r.values[i]),
    })),
    {
      key: 'drill',
      header: <span className="visually-hidden">{t('report.drill.column')}</span>,
      render: (r: Row) => drillButton(r.path, `${title} · ${r.label}`),
    },
  ];
  const chartRows = rows
    .filter((r) => r.values.some((v) => typeof v === 'number'))
    .filter((r) => !r.path.endsWith('.min') && !r.path.endsWith('.max'))
    .map((r) => ({
      label: r.label,
      values: r.values.map((v) => (typeof v === 'number' ? v : null)),
      texts: r.values.map((v) => f.figure(r.path, v)),
    }));
  const countries = section === 'victims' ? valueAt(current, 'victims.foreign.countries') : undefined;
  return (
    <section className="report-section" aria-labelledby={`report-${section}`}>
      <h2 id={`report-${section}`}>{title}</h2>
      <DataTable
        caption={t('report.tableCaption', { section: title })}
        captionHidden
        columns={columns}
        rows={rows}
        rowKey={(r) => r.path}
      />
      {Array.isArray(countries) ? (
        <p>
          {t('report.countries', {
            list: countries.length ? countries.join(', ') : '—',
          })}
        </p>
      ) : null}
      {chartRows.length ? (
        <details className="report-chart-wrap">
          <summary>{t('report.chart.show')}</summary>
          <BarChart
            label={t('report.chart.label', {
              section: title,
              from: String(years[0]),
              to: String(years.at(-1)),
            })}
            years={years}
            rows={chartRows}
          />
        </details>
      ) : null}
    </section>
  );
}

function VictimsMatrix({
  data,
  f,
  drillButton,
}: {
  data: ReportResponse;
  f: Formatters;
  drillButton: DrillButton;
}) {
  const { t } = useTranslation();
  type Row = { group: string };
  const cell = (r: Row, s: string) => {
    const path = `victims.by_form_sex_age.${r.group}.${s}`;
    const label = `${t('report.sections.victims')} · ${t(`report.seg.${r.group}`)} · ${t(`report.seg.${s}`)}`;
    return (
      <>
        {f.num(valueAt(data.report, path))}
        <span className="report-prev">{data.previous.map((p) => f.num(valueAt(p, path))).join(' · ')}</span>
        {drillButton(path, label)}
      </>
    );
  };
  const columns: Column<Row>[] = [
    { key: 'group', header: t('report.matrix.form'), render: (r) => t(`report.seg.${r.group}`) },
    ...SEX_AGE.map((s) => ({
      key: s,
      header: t(`report.seg.${s}`),
      className: 'num',
      render: (r: Row) => cell(r, s),
    })),
  ];
  return (
    <section className="report-section" aria-labelledby="report-matrix">
      <h2 id="report-matrix">{t('report.matrix.heading')}</h2>
      <p className="report-note">
        {t('report.matrix.note', {
          years: data.previous.map((p) => String(p.year)).join(' · '),
        })}
      </p>
      <DataTable
        caption={t('report.matrix.heading')}
        captionHidden
        columns={columns}
        rows={FORM_GROUPS.map((group) => ({ group }))}
        rowKey={(r) => r.group}
      />
    </section>
  );
}

function StatesTable({ states, f }: { states: StateFigures[]; f: Formatters }) {
  const { t } = useTranslation();
  const byCode = new Map(states.map((s) => [s.state_code, s]));
  const rows = MX_STATES.map((s) => ({ ...s, fig: byCode.get(s.code) }));
  type Row = (typeof rows)[number];
  const keys = [
    'victims',
    'identification_records',
    'investigations',
    'prosecutions',
    'convictions',
  ] as const;
  const columns: Column<Row>[] = [
    { key: 'name', header: t('report.states.state') },
    ...keys.map((k) => ({
      key: k,
      header: t(`report.states.${k}`),
      className: 'num',
      render: (r: Row) => f.num(r.fig?.[k] ?? 0),
    })),
  ];
  return (
    <details className="report-chart-wrap">
      <summary>{t('report.states.show')}</summary>
      <DataTable caption={t('report.states.caption')} columns={columns} rows={rows} rowKey={(r) => r.code} />
    </details>
  );
}

function Completeness({ rows, f, year }: { rows: CompletenessRow[]; f: Formatters; year: number }) {
  const { t } = useTranslation();
  const datasets = useMemo(() => [...new Set(rows.map((r) => r.dataset))], [rows]);
  const national = datasets.map((d) => {
    const all = rows.find((r) => r.dataset === d && r.state === 'all');
    const reporting = rows.filter((r) => r.dataset === d && r.state !== 'all' && r.records > 0).length;
    return { dataset: d, all, reporting };
  });
  type Row = (typeof national)[number];
  const share = (k: 'sex' | 'age' | 'form' | 'nationality') => ({
    key: k,
    header: t(`report.completeness.${k}`),
    className: 'num',
    render: (r: Row) => f.share(r.all?.[k] ?? null),
  });
  const columns: Column<Row>[] = [
    {
      key: 'dataset',
      header: t('report.completeness.dataset'),
      render: (r) => t(`report.datasets.${r.dataset}`),
    },
    {
      key: 'records',
      header: t('report.completeness.records'),
      className: 'num',
      render: (r) => f.num(r.all?.records ?? 0),
    },
    {
      key: 'reporting',
      header: t('report.completeness.reporting'),
      className: 'num',
      render: (r) => t('report.completeness.of32', { n: f.num(r.reporting) }),
    },
    share('sex'),
    share('age'),
    share('form'),
    share('nationality'),
  ];
  const cellOf = new Map(rows.map((r) => [`${r.dataset}:${r.state}`, r.records]));
  type SRow = { code: string; name: string };
  const stateColumns: Column<SRow>[] = [
    { key: 'name', header: t('report.states.state') },
    ...datasets.map((d) => ({
      key: d,
      header: t(`report.datasets.${d}`),
      className: 'num',
      render: (r: SRow) => {
        const n = cellOf.get(`${d}:${r.code}`) ?? 0;
        return n > 0 ? f.num(n) : <span className="report-missing">{t('report.completeness.none')}</span>;
      },
    })),
  ];
  return (
    <section className="report-section" aria-labelledby="report-completeness">
      <h2 id="report-completeness">{t('report.completeness.heading')}</h2>
      <p className="report-note">{t('report.completeness.intro', { year: String(year) })}</p>
      <DataTable
        caption={t('report.completeness.caption')}
        captionHidden
        columns={columns}
        rows={national}
        rowKey={(r) => r.dataset}
      />
      <details className="report-chart-wrap">
        <summary>{t('report.completeness.byState')}</summary>
        <DataTable
          caption={t('report.completeness.byStateCaption')}
          columns={stateColumns}
          rows={MX_STATES}
          rowKey={(r) => r.code}
        />
      </details>
    </section>
  );
}
