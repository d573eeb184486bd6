/**
 * Choropleth of victims by state (own chunk, loaded after the figures: the geometry is ~90 KB, ~32 KB gzip).
 * Every state is a keyboard-focusable button whose accessible name carries its figure; activating it
 * filters the dashboard by that state (again: back to the whole country). Colours are CSS classes, by the
 * quantile classes shared with the printed report.
 */

import { quantileClasses } from '@enlace/core/report/classes';
import { type KeyboardEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { Alert } from '../../ui/Alert.tsx';
import { ProgressBar } from '../../ui/ProgressBar.tsx';
import { formatters } from './format.ts';
import type { GeometryResponse } from './types.ts';

let cached: GeometryResponse | undefined;

export interface StateMapProps {
  /** victims by INEGI state code */
  values: Map<string, number>;
  selected?: string;
  onSelect(code: string): void;
}

export default function StateMap({ values, selected, onSelect }: StateMapProps) {
  const { t, i18n } = useTranslation();
  const [geo, setGeo] = useState<GeometryResponse | undefined>(cached);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (cached) return;
    const ctrl = new AbortController();
    api
      .get<GeometryResponse>('/report/geometry', { signal: ctrl.signal })
      .then((g) => {
        cached = g;
        setGeo(g);
      })
      .catch((err: unknown) => {
        if (!ctrl.signal.aborted) setError(errorMessage(i18n, err));
      });
    return () => ctrl.abort();
  }, [i18n]);

  if (error) return <Alert kind="error">{error}</Alert>;
  if (!geo) return <ProgressBar label={t('report.map.loading')} />;

  const f = formatters();
  // the quantile classes of the printed report (@enlace/core/report/classes): same colours, same legend
  const classes = quantileClasses(values.values());
  const legend = classes.classes.map((c) => ({ k: c.index, lo: c.lo, hi: c.hi }));
  const key = (code: string) => (e: KeyboardEvent<SVGPathElement>) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onSelect(code);
    }
  };
  return (
    <figure className="report-map">
      {/* biome-ignore lint/a11y/useSemanticElements: an SVG cannot be a <fieldset>; the group names the states' buttons. */}
      <svg viewBox={geo.viewBox} role="group" aria-label={t('report.map.title')}>
        {geo.states.map((s) => {
          const v = values.get(s.code) ?? 0;
          const name = t('report.map.stateLabel', { state: s.name, n: f.num(v) });
          return (
            // biome-ignore lint/a11y/useSemanticElements: an SVG shape cannot be a <button>; role + keys make it one.
            <path
              key={s.code}
              d={s.path}
              className={`map-state map-c${classes.classOf(v)}${selected === s.code ? ' is-selected' : ''}`}
              role="button"
              tabIndex={0}
              aria-label={name}
              aria-pressed={selected === s.code}
              onClick={() => onSelect(s.code)}
              onKeyDown={key(s.code)}
            >
              <title>{name}</title>
            </path>
          );
        })}
      </svg>
      <figcaption>
        <p className="report-map-hint">{t('report.map.hint')}</p>
        <ul className="report-legend" aria-label={t('report.map.legend')}>
          <li>
            <span className="swatch map-c0" aria-hidden="true" />
            {t('report.map.none')}
          </li>
          {legend.map((b) => (
            <li key={b.k}>
              <span className={`swatch map-c${b.k}`} aria-hidden="true" />
              {b.lo === b.hi ? f.num(b.lo) : t('report.map.range', { lo: f.num(b.lo), hi: f.num(b.hi) })}
            </li>
          ))}
        </ul>
        <p className="report-source">{t('report.map.source', { source: geo.source })}</p>
      </figcaption>
    </figure>
  );
}
