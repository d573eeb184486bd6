/**
 * The analysts' dashboard of the national figures (issues 5 and 13): the same computation as `enlace report`
 * (`GET /api/report`), opening on the latest year with records (`GET /api/report/years`), filterable by
 * year, state, level and form group (kept in the URL query), the two previous years beside every figure,
 * the year's figures as written sentences, year-on-year charts, a choropleth by state (lazy) with the
 * report's quantile classes, a page per state (/dashboard/states/:code), completeness, exports (every table
 * as CSV/XLSX, the charts and map as SVG/PNG, the report as PDF/HTML) and a drill-down to the caller's
 * agency's records for roles that may read them. Labels of figures come from @enlace/core/report/labels,
 * shared with the printed report. See docs/report.md.
 */
import type { AnnualReport } from '@enlace/core/report/compute';
import {
  columnLabel,
  datasetLabel,
  figureFullLabel,
  figureLabel,
  type ReportLang,
  reportLang,
  sectionLabel,
  segmentLabel,
} from '@enlace/core/report/labels';
import { countryName, reportSentences } from '@enlace/core/report/narrative';
import { lazy, Suspense, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { api } from '../../api/client.ts';
import { useUser } from '../../auth/AuthContext.tsx';
import { errorMessage } from '../../i18n/errors.ts';
import { currentLocale } from '../../i18n/index.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Button } from '../../ui/Button.tsx';
import { type Column, DataTable } from '../../ui/DataTable.tsx';
import { SelectField } from '../../ui/Field.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { ProgressBar } from '../../ui/ProgressBar.tsx';
import { MX_STATES, stateName } from '../tips/states.ts';
import { BarChart } from './BarChart.tsx';
import { CtdcDownload } from './CtdcDownload.tsx';
import { Drilldown, type DrillTarget } from './Drilldown.tsx';
import {
  ExportScope,
  type ExportScopeValue,
  FigureExports,
  scopedTable,
  TableExports,
} from './ExportButtons.tsx';
import { type Cell, type ExportTable, saveXlsx, XLSX_FORMAT } from './exports.ts';
import {
  appliesToLevel,
  DRILLDOWN_ROLES,
  defaultYear,
  FORM_GROUPS,
  hasDrilldown,
  LEVELS,
  MONEY,
  SECTIONS,
  SEX_AGE,
  type Section,
  sectionFigures,
  valueAt,
  yearOptions,
} from './figures.ts';
import { type Formatters, formatters } from './format.ts';
import { computedAtText, ExportsLocked, pollDelay } from './freshness.ts';
import type { CompletenessRow, Json, ReportResponse, StateFigures, YearsResponse } from './types.ts';
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

/** Sections whose records carry no state (hotline contacts, financial reports): national figures only. */
const NOT_BY_STATE: ReadonlySet<Section> = new Set<Section>(['hotline', 'financial_intelligence']);
/**
 * The cards of the figures on screen: with a state filter, none of a section that has no state; with a level filter,
 * none of the other level (appliesToLevel).
 */
const cardsFor = (filter: { state?: string | null; level?: string | null }) =>
  CARDS.filter(
    (p) =>
      (!filter.state || !NOT_BY_STATE.has(p.split('.')[0] as Section)) && appliesToLevel(p, filter.level),
  );

interface Filters {
  year: number;
  state: string;
  level: string;
  form: string;
}

function readFilters(
  q: URLSearchParams,
  years: readonly number[],
  latest: number,
  fixedState?: string,
): Filters {
  const y = Number(q.get('year'));
  const state = fixedState ?? q.get('state') ?? '';
  const level = q.get('level') ?? '';
  const form = q.get('form') ?? '';
  return {
    year: years.includes(y) ? y : latest,
    state: MX_STATES.some((s) => s.code === state) ? state : '',
    level: (LEVELS as readonly string[]).includes(level) ? level : '',
    form: (FORM_GROUPS as readonly string[]).includes(form) ? form : '',
  };
}

/** Years with records, asked once per page load (the dashboard opens on the latest). */
let yearsCache: YearsResponse | undefined;

export default function DashboardPage() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const lang: ReportLang = reportLang(currentLocale());
  const stateParam = useParams().code;
  const statePage = MX_STATES.some((s) => s.code === stateParam) ? stateParam : undefined;
  const [params, setParams] = useSearchParams();
  const [yearsInfo, setYearsInfo] = useState<YearsResponse | undefined>(yearsCache);
  const yearList = yearsInfo?.years.length ? yearsInfo.years : yearOptions();
  const latest = yearsInfo?.latest ?? defaultYear();
  const filters = readFilters(params, yearList, latest, statePage);
  const { year, state, level, form } = filters;
  const [data, setData] = useState<ReportResponse | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [drill, setDrill] = useState<DrillTarget | null>(null);
  /** set when stale figures on screen were replaced by current ones (their computation time) */
  const [updatedAt, setUpdatedAt] = useState<string | null>(null);

  useEffect(() => {
    if (yearsCache) return;
    const ctrl = new AbortController();
    api
      .get<YearsResponse>('/report/years', { signal: ctrl.signal })
      .then((y) => {
        yearsCache = y;
        setYearsInfo(y);
      })
      .catch((err: unknown) => {
        if (ctrl.signal.aborted) return;
        // without the list the filter offers every year since 2019 and opens on the last complete one
        yearsCache = { years: [], latest: null };
        setYearsInfo(yearsCache);
        setError(errorMessage(i18n, err));
      });
    return () => ctrl.abort();
  }, [i18n]);

  useEffect(() => {
    if (!yearsInfo) return;
    const ctrl = new AbortController();
    setLoading(true);
    setError(null);
    setUpdatedAt(null);
    // After a write the server answers at once with the previous figures, marked stale, and computes the
    // current ones: ask again with backoff until they are current, keeping the figures on screen meanwhile.
    let timer: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    let wasStale = false;
    const again = () => {
      timer = setTimeout(() => load(false), pollDelay(attempt++));
    };
    const load = (first: boolean) =>
      api
        .get<ReportResponse>('/report', { query: { year, state, level, form }, signal: ctrl.signal })
        .then((r) => {
          if (ctrl.signal.aborted) return;
          setData(r);
          setLoading(false);
          if (r.freshness?.stale) {
            wasStale = true;
            again();
          } else if (wasStale) setUpdatedAt(r.freshness.computedAt);
        })
        .catch((err: unknown) => {
          if (ctrl.signal.aborted) return;
          // a failed re-check keeps the figures shown and tries again later
          if (!first) return again();
          setError(errorMessage(i18n, err));
          setLoading(false);
        });
    void load(true);
    return () => {
      ctrl.abort();
      clearTimeout(timer);
    };
  }, [yearsInfo, year, state, level, form, i18n]);

  const setFilter = useCallback(
    (key: keyof Filters, value: string) => {
      // From the address bar, not the render's `params`: two filters changed before React renders again
      // (a quick user, a test) must both be kept, and the second must not undo the first.
      const next = new URLSearchParams(window.location.search);
      const shown = readFilters(next, yearList, latest).year;
      if (value) next.set(key, value);
      else next.delete(key);
      if (key === 'year' || !next.has('year')) next.set('year', key === 'year' ? value : String(shown));
      setParams(next, { replace: true });
      setDrill(null);
    },
    [setParams, yearList, latest],
  );

  const f = formatters();
  const seg = (path: string) => figureLabel(path, lang);
  const canDrill = DRILLDOWN_ROLES.includes(user.role);
  // The years of the data on screen (the URL may already name the next year while it loads).
  const shownYear = data ? Number(data.report.year) : year;
  const years = data ? [...data.previous.map((p) => Number(p.year)).reverse(), shownYear] : [];
  const series: Json[] = data ? [...[...data.previous].reverse(), data.report] : [];
  const filtered = Boolean(state || level || form);
  const stale = Boolean(data?.freshness?.stale);
  // the filter of the figures on screen, said on the page and carried by every file made of them
  const scopeText = data
    ? [
        data.filter.state ? stateName(data.filter.state) : '',
        data.filter.level ? segmentLabel(data.filter.level, lang) : '',
        data.filter.form ? segmentLabel(data.filter.form, lang) : '',
      ]
        .filter(Boolean)
        .join(' · ')
    : '';
  const exportScope: ExportScopeValue | null = scopeText
    ? { scope: scopeText, note: t('report.filteredBy', { filter: scopeText }) }
    : null;

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
      {statePage ? (
        <>
          <p className="report-back">
            <Link to={`/dashboard?year=${year}`}>{t('report.statePage.back')}</Link>
          </p>
          <PageHeader
            title={t('report.statePage.title', { state: stateName(statePage) })}
            description={t('report.statePage.intro', { state: stateName(statePage) })}
          />
        </>
      ) : (
        <PageHeader title={t('nav.dashboard')} description={t('report.intro')} />
      )}
      <form
        className="toolbar report-filters"
        aria-label={t('report.filters.label')}
        onSubmit={(e) => e.preventDefault()}
      >
        <SelectField
          label={t('report.filters.year')}
          value={String(year)}
          onChange={(e) => setFilter('year', e.target.value)}
          options={yearList.map((y) => ({ value: String(y), label: String(y) }))}
        />
        {statePage ? null : (
          <SelectField
            label={t('report.filters.state')}
            value={state}
            onChange={(e) => setFilter('state', e.target.value)}
            options={[
              { value: '', label: t('report.filters.allStates') },
              ...MX_STATES.map((s) => ({ value: s.code, label: s.name })),
            ]}
          />
        )}
        <SelectField
          label={t('report.filters.level')}
          value={level}
          onChange={(e) => setFilter('level', e.target.value)}
          options={[
            { value: '', label: t('report.filters.allLevels') },
            ...LEVELS.map((l) => ({ value: l, label: segmentLabel(l, lang) })),
          ]}
        />
        <SelectField
          label={t('report.filters.form')}
          value={form}
          onChange={(e) => setFilter('form', e.target.value)}
          options={[
            { value: '', label: t('report.filters.allForms') },
            ...FORM_GROUPS.map((g) => ({ value: g, label: segmentLabel(g, lang) })),
          ]}
        />
      </form>
      {error ? <Alert kind="error">{error}</Alert> : null}
      {loading ? <ProgressBar label={t('report.loading')} /> : null}
      {data && stale ? (
        <Alert kind="info" title={t('report.updating')} className="report-updating">
          <p>{t('report.updatingShown', { time: computedAtText(data.freshness.computedAt) })}</p>
          <p>{t('report.updatingExports')}</p>
        </Alert>
      ) : updatedAt ? (
        <Alert kind="success" className="report-updating">
          {t('report.updated', { time: computedAtText(updatedAt) })}
        </Alert>
      ) : null}
      {drill ? (
        <Drilldown target={drill} role={user.role} filtered={filtered} onClose={() => setDrill(null)} />
      ) : null}
      {data ? (
        <ExportsLocked.Provider value={stale}>
          <ExportScope.Provider value={exportScope}>
            <div className="report" aria-busy={loading || undefined}>
              <p className="report-note">{exportScope ? exportScope.note : t('report.national')}</p>
              <Downloads data={data} lang={lang} year={shownYear} filtered={filtered} />
              <Summary data={data} lang={lang} />
              <ul className="report-cards" aria-label={t('report.cards')}>
                {cardsFor(data.filter).map((path) => {
                  const label = figureFullLabel(path, lang);
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
              <Trends data={data} lang={lang} years={years} />
              {SECTIONS.map((section) => (
                <SectionBlock
                  key={section}
                  section={section}
                  years={years}
                  series={series}
                  seg={seg}
                  f={f}
                  lang={lang}
                  drillButton={drillButton}
                  byState={Boolean(data.filter.state)}
                  level={data.filter.level}
                />
              ))}
              <VictimsMatrix data={data} f={f} lang={lang} drillButton={drillButton} />
              <section className="report-section" aria-labelledby="report-map-h">
                <h2 id="report-map-h">{t('report.map.heading', { year: String(shownYear) })}</h2>
                <div id="report-map-figure">
                  <Suspense fallback={<ProgressBar label={t('report.map.loading')} />}>
                    <StateMap
                      values={new Map(data.states.map((s) => [s.state_code, s.victims]))}
                      selected={state || undefined}
                      onSelect={(code) => setFilter('state', code === state ? '' : code)}
                    />
                  </Suspense>
                </div>
                <FigureExports
                  targetId="report-map-figure"
                  name={`${t('report.map.title')} ${shownYear}`}
                  title={t('report.map.heading', { year: String(shownYear) })}
                />
                <StatesTable states={data.states} f={f} lang={lang} year={shownYear} />
              </section>
              <Completeness rows={data.completeness} f={f} lang={lang} year={shownYear} />
            </div>
          </ExportScope.Provider>
        </ExportsLocked.Provider>
      ) : null}
    </>
  );
}

type DrillButton = (path: string, label: string) => React.ReactNode;

/** The years of a response, oldest first. */
const yearsOf = (data: ReportResponse) => [
  ...data.previous.map((p) => Number(p.year)).reverse(),
  Number(data.report.year),
];
const num = (v: Json | undefined): Cell => (typeof v === 'number' ? v : null);

/** Every table of the dashboard as export tables (the "all tables" workbook; each table's own buttons). */
function sectionTable(data: ReportResponse, section: Section, lang: ReportLang): ExportTable {
  const series = [...[...data.previous].reverse(), data.report];
  const title = sectionLabel(section, lang);
  // the figures the page shows under its filter (a level filter leaves out the other level's)
  const paths = sectionFigures(data.report, section).filter((p) => appliesToLevel(p, data.filter.level));
  return {
    name: title,
    title: `${title}, ${yearsOf(data)[0]}–${data.report.year}`,
    header: [columnLabel('figure', lang), ...yearsOf(data).map(String)],
    rows: paths.map((path) => [figureLabel(path, lang), ...series.map((r) => num(valueAt(r, path)))]),
    // amounts with their cents in a spreadsheet, as on screen
    rowFormats: paths.map((path) => (MONEY[path] ? XLSX_FORMAT.money : undefined)),
  };
}

function matrixTable(data: ReportResponse, lang: ReportLang, title: string, formHeader: string): ExportTable {
  return {
    name: title,
    title: `${title}, ${data.report.year}`,
    // the first column's heading as on screen ("Forma de explotación")
    header: [formHeader, ...SEX_AGE.map((s) => segmentLabel(s, lang))],
    rows: FORM_GROUPS.map((g) => [
      segmentLabel(g, lang),
      ...SEX_AGE.map((s) => num(valueAt(data.report, `victims.by_form_sex_age.${g}.${s}`))),
    ]),
  };
}

const STATE_KEYS = [
  'victims',
  'identification_records',
  'investigations',
  'prosecutions',
  'convictions',
] as const;

function statesTable(states: StateFigures[], lang: ReportLang, title: string, year: number): ExportTable {
  const byCode = new Map(states.map((s) => [s.state_code, s]));
  return {
    name: title,
    title: `${title}, ${year}`,
    header: [columnLabel('state', lang), ...STATE_KEYS.map((k) => columnLabel(k, lang))],
    rows: MX_STATES.map((s) => [s.name, ...STATE_KEYS.map((k) => byCode.get(s.code)?.[k] ?? 0)]),
  };
}

const SHARES = ['sex', 'age', 'form', 'nationality'] as const;

function completenessTable(
  rows: CompletenessRow[],
  lang: ReportLang,
  title: string,
  year: number,
): ExportTable {
  const datasets = [...new Set(rows.map((r) => r.dataset))];
  return {
    name: title,
    title: `${title}, ${year}`,
    header: [
      columnLabel('dataset', lang),
      columnLabel('records', lang),
      columnLabel('reporting', lang),
      ...SHARES.map((k) => columnLabel(k, lang)),
    ],
    rows: datasets.map((d) => {
      const all = rows.find((r) => r.dataset === d && r.state === 'all');
      const reporting = rows.filter((r) => r.dataset === d && r.state !== 'all' && r.records > 0).length;
      return [datasetLabel(d, lang), all?.records ?? 0, reporting, ...SHARES.map((k) => all?.[k] ?? null)];
    }),
    // the shares read as percentages, as on screen
    columnFormats: [undefined, undefined, undefined, ...SHARES.map(() => XLSX_FORMAT.share)],
  };
}

function completenessByStateTable(
  rows: CompletenessRow[],
  lang: ReportLang,
  title: string,
  year: number,
): ExportTable {
  const datasets = [...new Set(rows.map((r) => r.dataset))];
  const cellOf = new Map(rows.map((r) => [`${r.dataset}:${r.state}`, r.records]));
  return {
    name: title,
    title: `${title}, ${year}`,
    header: [columnLabel('state', lang), ...datasets.map((d) => datasetLabel(d, lang))],
    rows: MX_STATES.map((s) => [s.name, ...datasets.map((d) => cellOf.get(`${d}:${s.code}`) ?? 0)]),
  };
}

/** The report as PDF and HTML (national figures of the year) and every table in one workbook. */
function Downloads({
  data,
  lang,
  year,
  filtered,
}: {
  data: ReportResponse;
  lang: ReportLang;
  year: number;
  filtered: boolean;
}) {
  const { t } = useTranslation();
  const locked = useContext(ExportsLocked);
  const scope = useContext(ExportScope);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const doc = (format: 'pdf' | 'html') =>
    `/api/report/document?${new URLSearchParams({ year: String(year), format, lang }).toString()}`;
  const all = (): ExportTable[] =>
    [
      ...SECTIONS.filter((s) => !(data.filter.state && NOT_BY_STATE.has(s))).map((s) =>
        sectionTable(data, s, lang),
      ),
      matrixTable(data, lang, t('report.matrix.heading'), t('report.matrix.form')),
      statesTable(data.states, lang, t('report.states.caption'), year),
      completenessTable(data.completeness, lang, t('report.completeness.caption'), year),
      completenessByStateTable(data.completeness, lang, t('report.completeness.byStateCaption'), year),
    ].map((tb) => scopedTable(tb, scope));
  return (
    <section className="report-downloads card" aria-labelledby="report-downloads-h">
      <h2 id="report-downloads-h">{t('report.export.heading')}</h2>
      <p className="report-note">
        {filtered ? t('report.export.reportNational') : t('report.export.reportIntro')}
      </p>
      <div className="report-exports">
        <a className="btn btn-primary" href={doc('pdf')} download>
          {t('report.export.pdf', { year: String(year) })}
        </a>
        <a className="btn btn-secondary" href={doc('html')} download>
          {t('report.export.html', { year: String(year) })}
        </a>
        <Button
          variant="secondary"
          busy={busy}
          disabled={locked}
          title={locked ? t('report.exportsWaiting') : undefined}
          onClick={() => {
            setBusy(true);
            setFailed(false);
            saveXlsx(`${t('report.export.allName')} ${year}${scope ? ` ${scope.scope}` : ''}`, all())
              .catch(() => setFailed(true))
              .finally(() => setBusy(false));
          }}
        >
          {t('report.export.allXlsx')}
        </Button>
      </div>
      {failed ? (
        <p role="alert" className="report-export-error">
          {t('report.export.failed')}
        </p>
      ) : null}
      <CtdcDownload />
    </section>
  );
}

/** The year's figures as written sentences (the report's summary). */
/** A state's page, a level or a form group: figures of part of the country. */
const filteredView = (data: ReportResponse) =>
  Boolean(data.filter.state || data.filter.level || data.filter.form);

function Summary({ data, lang }: { data: ReportResponse; lang: ReportLang }) {
  const { t } = useTranslation();
  const cur = data.report as unknown as AnnualReport;
  const prev = data.previous[0] as unknown as AnnualReport | undefined;
  const sentences = reportSentences(cur, prev, lang, {
    state: data.filter.state ? stateName(data.filter.state) : undefined,
  });
  const lines = (['victims', 'investigations', 'prosecutions', 'convictions'] as const)
    .map((s) => sentences[s]?.[0])
    .filter((x): x is string => Boolean(x));
  return (
    <section className="report-summary" aria-labelledby="report-summary-h">
      <h2 id="report-summary-h">{t('report.summary')}</h2>
      {lines.map((l) => (
        <p key={l}>{l}</p>
      ))}
      {data.linkageReview?.identifications_awaiting_review > 0 && (
        <p className="report-review-note">
          {/* the review counts are the whole country's (the national figures' review), said so on a filtered view */}
          {t(filteredView(data) ? 'report.linkageReviewNational' : 'report.linkageReview', {
            count: data.linkageReview.identifications_awaiting_review,
            n: formatters().num(data.linkageReview.identifications_awaiting_review),
            links: formatters().num(data.linkageReview.links_awaiting_review),
          })}
        </p>
      )}
    </section>
  );
}

/** Key figures year on year, as a chart (visible; the cards above hold the numbers). */
function Trends({ data, lang, years }: { data: ReportResponse; lang: ReportLang; years: number[] }) {
  const { t } = useTranslation();
  const f = formatters();
  const series = [...[...data.previous].reverse(), data.report];
  const rows = cardsFor(data.filter).map((path) => {
    const values = series.map((r) => valueAt(r, path));
    return {
      label: figureFullLabel(path, lang),
      values: values.map((v) => (typeof v === 'number' ? v : null)),
      texts: values.map((v) => f.num(v)),
    };
  });
  const title = t('report.trends.heading', { from: String(years[0]), to: String(years.at(-1)) });
  return (
    <section className="report-section" aria-labelledby="report-trends-h">
      <h2 id="report-trends-h">{title}</h2>
      <div id="report-trends-figure">
        <BarChart
          label={t('report.trends.label', { from: String(years[0]), to: String(years.at(-1)) })}
          years={years}
          rows={rows}
        />
      </div>
      <FigureExports targetId="report-trends-figure" name={title} title={title} />
    </section>
  );
}

function SectionBlock({
  section,
  years,
  series,
  seg,
  f,
  lang,
  drillButton,
  byState,
  level,
}: {
  section: Section;
  years: number[];
  series: Json[];
  seg: (p: string) => string;
  f: Formatters;
  lang: ReportLang;
  drillButton: DrillButton;
  /** figures of one state: a section whose records carry no state says so instead of showing zeros */
  byState: boolean;
  /** the level filter: the other level's figures are left out (appliesToLevel) */
  level?: string | null | undefined;
}) {
  const { t } = useTranslation();
  if (byState && NOT_BY_STATE.has(section)) {
    return (
      <section className="report-section" aria-labelledby={`report-${section}`}>
        <h2 id={`report-${section}`}>{sectionLabel(section, lang)}</h2>
        <p className="report-note">{t('report.notByState')}</p>
      </section>
    );
  }
  const current = series[series.length - 1];
  const paths = sectionFigures(current, section).filter((p) => appliesToLevel(p, level));
  const title = sectionLabel(section, lang);
  type Row = { path: string; label: string; values: (Json | undefined)[] };
  const rows: Row[] = paths.map((path) => ({
    path,
    label: seg(path),
    values: series.map((r) => valueAt(r, path)),
  }));
  const columns: Column<Row>[] = [
    { key: 'label', header: t('report.figure'), label: '' },
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
  const exportTable = (): ExportTable => ({
    name: title,
    title: `${title}, ${years[0]}–${years.at(-1)}`,
    header: [t('report.figure'), ...years.map(String)],
    rows: rows.map((r) => [r.label, ...r.values.map(num)]),
  });
  return (
    <section className="report-section" aria-labelledby={`report-${section}`}>
      <h2 id={`report-${section}`}>{title}</h2>
      <DataTable
        caption={t('report.tableCaption', { section: title })}
        captionHidden
        columns={columns}
        rows={rows}
        rowKey={(r) => r.path}
        // amounts are too wide for three years side by side on a phone: each figure's years one under the other
        stacked={paths.some((p) => MONEY[p])}
      />
      <TableExports table={exportTable} />
      {section === 'victims' ? <p className="report-note">{t('report.victimsLevels')}</p> : null}
      {Array.isArray(countries) ? (
        <p>
          {t('report.countries', {
            list: countries.length ? countries.map((c) => countryName(String(c), lang)).join(', ') : '—',
          })}
        </p>
      ) : null}
      {chartRows.length ? (
        <details className="report-chart-wrap">
          <summary>{t('report.chart.show')}</summary>
          <div id={`report-chart-${section}`}>
            <BarChart
              label={t('report.chart.label', {
                section: title,
                from: String(years[0]),
                to: String(years.at(-1)),
              })}
              years={years}
              rows={chartRows}
            />
          </div>
          <FigureExports
            targetId={`report-chart-${section}`}
            name={`${title} ${years.at(-1)}`}
            title={title}
          />
        </details>
      ) : null}
    </section>
  );
}

function VictimsMatrix({
  data,
  f,
  lang,
  drillButton,
}: {
  data: ReportResponse;
  f: Formatters;
  lang: ReportLang;
  drillButton: DrillButton;
}) {
  const { t } = useTranslation();
  type Row = { group: string };
  const cell = (r: Row, s: string) => {
    const path = `victims.by_form_sex_age.${r.group}.${s}`;
    const label = figureFullLabel(path, lang);
    return (
      <>
        {f.num(valueAt(data.report, path))}
        <span className="report-prev">{data.previous.map((p) => f.num(valueAt(p, path))).join(' · ')}</span>
        {drillButton(path, label)}
      </>
    );
  };
  const columns: Column<Row>[] = [
    { key: 'group', header: t('report.matrix.form'), render: (r) => segmentLabel(r.group, lang) },
    ...SEX_AGE.map((s) => ({
      key: s,
      header: segmentLabel(s, lang),
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
      <TableExports
        table={() => matrixTable(data, lang, t('report.matrix.heading'), t('report.matrix.form'))}
      />
    </section>
  );
}

function StatesTable({
  states,
  f,
  lang,
  year,
}: {
  states: StateFigures[];
  f: Formatters;
  lang: ReportLang;
  year: number;
}) {
  const { t } = useTranslation();
  const byCode = new Map(states.map((s) => [s.state_code, s]));
  const rows = MX_STATES.map((s) => ({ ...s, fig: byCode.get(s.code) }));
  type Row = (typeof rows)[number];
  const columns: Column<Row>[] = [
    {
      key: 'name',
      header: columnLabel('state', lang),
      render: (r) => <Link to={`/dashboard/states/${r.code}?year=${year}`}>{r.name}</Link>,
    },
    ...STATE_KEYS.map((k) => ({
      key: k,
      header: columnLabel(k, lang),
      className: 'num',
      render: (r: Row) => f.num(r.fig?.[k] ?? 0),
    })),
  ];
  return (
    <details className="report-chart-wrap">
      <summary>{t('report.states.show')}</summary>
      <DataTable caption={t('report.states.caption')} columns={columns} rows={rows} rowKey={(r) => r.code} />
      <TableExports table={() => statesTable(states, lang, t('report.states.caption'), year)} />
    </details>
  );
}

function Completeness({
  rows,
  f,
  lang,
  year,
}: {
  rows: CompletenessRow[];
  f: Formatters;
  lang: ReportLang;
  year: number;
}) {
  const { t } = useTranslation();
  const datasets = useMemo(() => [...new Set(rows.map((r) => r.dataset))], [rows]);
  const national = datasets.map((d) => {
    const all = rows.find((r) => r.dataset === d && r.state === 'all');
    const reporting = rows.filter((r) => r.dataset === d && r.state !== 'all' && r.records > 0).length;
    return { dataset: d, all, reporting };
  });
  // datasets whose records carry no state at all (the national hotline): "no state", not "no records"
  const stateless = new Set(
    national.filter((r) => r.reporting === 0 && (r.all?.records ?? 0) > 0).map((r) => r.dataset),
  );
  type Row = (typeof national)[number];
  const share = (k: 'sex' | 'age' | 'form' | 'nationality') => ({
    key: k,
    header: columnLabel(k, lang),
    className: 'num',
    render: (r: Row) => f.share(r.all?.[k] ?? null),
  });
  const columns: Column<Row>[] = [
    {
      key: 'dataset',
      header: columnLabel('dataset', lang),
      render: (r) => datasetLabel(r.dataset, lang),
    },
    {
      key: 'records',
      header: columnLabel('records', lang),
      className: 'num',
      render: (r) => f.num(r.all?.records ?? 0),
    },
    {
      key: 'reporting',
      header: columnLabel('reporting', lang),
      className: 'num',
      render: (r) =>
        stateless.has(r.dataset)
          ? t('report.completeness.noState')
          : t('report.completeness.of32', { n: f.num(r.reporting) }),
    },
    share('sex'),
    share('age'),
    share('form'),
    share('nationality'),
  ];
  const cellOf = new Map(rows.map((r) => [`${r.dataset}:${r.state}`, r.records]));
  type SRow = { code: string; name: string };
  const stateColumns: Column<SRow>[] = [
    { key: 'name', header: columnLabel('state', lang) },
    ...datasets.map((d) => ({
      key: d,
      header: datasetLabel(d, lang),
      className: 'num',
      render: (r: SRow) => {
        const n = cellOf.get(`${d}:${r.code}`) ?? 0;
        if (stateless.has(d)) return '—';
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
      {stateless.size ? (
        <p className="report-note">
          {t('report.completeness.noStateNote', {
            datasets: [...stateless].map((d) => datasetLabel(d, lang)).join(', '),
          })}
        </p>
      ) : null}
      <TableExports table={() => completenessTable(rows, lang, t('report.completeness.caption'), year)} />
      <details className="report-chart-wrap">
        <summary>{t('report.completeness.byState')}</summary>
        <DataTable
          caption={t('report.completeness.byStateCaption')}
          columns={stateColumns}
          rows={MX_STATES}
          rowKey={(r) => r.code}
        />
        <TableExports
          table={() => completenessByStateTable(rows, lang, t('report.completeness.byStateCaption'), year)}
        />
      </details>
    </section>
  );
}
