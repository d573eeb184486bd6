import {
  columnLabel,
  REPORT_LANGS,
  REPORT_SECTIONS,
  sectionLabel,
  segmentLabel,
} from '@enlace/core/report/labels';
import { describe, expect, it } from 'vitest';
import { allFigureKeys, figureDescription, figureLabel } from './dictionary.ts';
import { texts } from './pages.ts';

describe('data dictionary of the public release', () => {
  it('every figure has a human name and a description in es-MX and en-US, never its key', () => {
    const keys = allFigureKeys();
    expect(keys.length).toBeGreaterThan(200);
    for (const k of keys) {
      for (const lang of ['es-MX', 'en-US'] as const) {
        const label = figureLabel(k, lang);
        expect(label, `${k} ${lang}`).not.toBe(k);
        expect(label).not.toMatch(/[a-z]_[a-z]|\.\w/); // no snake_case or dotted key in a name
        expect(figureDescription(k, lang).length, `${k} ${lang}`).toBeGreaterThan(10);
      }
    }
    // names are distinct: a reader can tell every figure apart
    expect(new Set(keys.map((k) => figureLabel(k, 'es-MX'))).size).toBe(keys.length);
    expect(new Set(keys.map((k) => figureLabel(k, 'en-US'))).size).toBe(keys.length);
    expect(figureLabel('by_state.09.convictions', 'es-MX')).toBe('Ciudad de México · sentencias');
    expect(figureLabel('convictions.federal.sex', 'es-MX')).toBe(
      'Sentencias condenatorias · ámbito federal · explotación sexual',
    );
    // the forms as the printed report and the dashboard name them (not "trabajo forzoso", a narrower term)
    expect(figureLabel('victims.state.labor', 'es-MX')).toBe(
      'Víctimas identificadas · ámbito estatal · explotación laboral',
    );
    expect(figureLabel('investigations.federal.unspecified', 'es-MX')).toBe(
      'Investigaciones · ámbito federal · forma sin especificar',
    );
    expect(figureLabel('victims.state.labor', 'en-US')).toBe(
      'Victims identified · state · labor trafficking',
    );
  });

  it('a figure has the same name in the release, the open-data pages, the dashboard and the printed report', () => {
    for (const lang of REPORT_LANGS) {
      for (const s of REPORT_SECTIONS) {
        const name = sectionLabel(s, lang);
        // every figure of the family is named after the report's section
        const keys = allFigureKeys().filter((k) => k.startsWith(`${s}.`));
        expect(keys.length, s).toBeGreaterThan(0);
        // ... or after the row's own name in the dashboard and the report (Víctimas atendidas · total)
        const names = (k: string) => [name, ...k.split('.').map((g) => segmentLabel(g, lang))];
        for (const k of keys) {
          const label = figureLabel(k, lang);
          expect(
            names(k).some((n) => label.startsWith(n)) || /^V[íi]ctim\w* (por forma|by form)/.test(label),
            `${k}: ${label}`,
          ).toBe(true);
        }
      }
      const sections = texts(lang).sections;
      for (const s of ['victims', 'investigations', 'prosecutions', 'convictions', 'services'] as const)
        expect(sections[s], s).toBe(sectionLabel(s, lang));
      // the states' columns as the report's state table names them
      for (const c of ['victims', 'investigations', 'prosecutions', 'convictions'])
        expect(figureLabel(`by_state.09.${c}`, lang).toLowerCase()).toBe(
          `Ciudad de México · ${columnLabel(c, lang)}`.toLowerCase(),
        );
    }
    // the two names the issue found apart
    expect(figureLabel('convictions.total', 'es-MX')).toBe('Sentencias condenatorias · total');
    expect(figureLabel('officials.convictions', 'es-MX')).toMatch(/^Complicidad de servidores públicos · /);
    expect(figureLabel('officials.convictions', 'en-US')).toMatch(/^Official complicity · /);
    expect(figureLabel('restitution.paid_mxn', 'es-MX')).toBe(
      'Reparación del daño · pagado a la fecha (MXN)',
    );
    for (const lang of REPORT_LANGS)
      for (const k of allFigureKeys())
        expect(figureLabel(k, lang)).not.toMatch(/Condenas|Casos con participación|Cases involving/);
  });
});
