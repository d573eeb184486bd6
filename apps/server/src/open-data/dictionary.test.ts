import { describe, expect, it } from 'vitest';
import { allFigureKeys, figureDescription, figureLabel } from './dictionary.ts';

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
    expect(figureLabel('by_state.09.convictions', 'es-MX')).toBe('Ciudad de México · condenas');
    expect(figureLabel('convictions.federal.sex', 'es-MX')).toBe(
      'Condenas · ámbito federal · explotación sexual',
    );
    // the forms as the printed report and the dashboard name them (not "trabajo forzoso", a narrower term)
    expect(figureLabel('victims.state.labor', 'es-MX')).toBe(
      'Víctimas identificadas · ámbito estatal · explotación laboral',
    );
    expect(figureLabel('investigations.federal.unspecified', 'es-MX')).toBe(
      'Investigaciones iniciadas · ámbito federal · forma sin especificar',
    );
    expect(figureLabel('victims.state.labor', 'en-US')).toBe(
      'Victims identified · state · labor trafficking',
    );
  });
});
