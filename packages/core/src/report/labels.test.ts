import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quantileClasses } from './classes.ts';
import { computeAnnualReport } from './compute.ts';
import { FIXTURE, fixtureKey } from './fixture.test-data.ts';
import { figureLabel, REPORT_LANGS, REPORT_SECTIONS, reportLang, sectionLabel } from './labels.ts';
import { changeText, reportSentences } from './narrative.ts';

function paths(v: unknown, p = ''): string[] {
  if (v && typeof v === 'object' && !Array.isArray(v))
    return Object.entries(v).flatMap(([k, c]) => paths(c, p ? `${p}.${k}` : k));
  return [p];
}

describe('label catalog', () => {
  const report = computeAnnualReport(2023, FIXTURE, fixtureKey);
  it('every figure of the JSON has a human label in es-MX and en-US (no key, no underscore)', () => {
    const all = paths(report).filter((p) => p !== 'year');
    expect(all.length).toBeGreaterThan(80);
    for (const lang of REPORT_LANGS)
      for (const p of all) {
        const l = figureLabel(p, lang);
        expect(l, p).not.toMatch(/_|\.|›/);
        expect(l.length, p).toBeGreaterThan(3);
      }
    for (const lang of REPORT_LANGS)
      for (const s of REPORT_SECTIONS) expect(sectionLabel(s, lang)).not.toContain('_');
    expect(figureLabel('victims.by_form_sex_age.labor.unknown', 'es-MX')).toBe(
      'Explotación laboral · sexo o edad sin dato',
    );
    expect(figureLabel('investigations.federal.sex', 'en-US')).toBe('Federal · sex trafficking');
  });
  it('language tags', () => {
    expect(reportLang('en')).toBe('en-US');
    expect(reportLang('es')).toBe('es-MX');
    expect(reportLang(undefined)).toBe('es-MX');
  });
  it('sentences state the figures and the change from the year before', () => {
    const prev = computeAnnualReport(2022, FIXTURE, fixtureKey);
    const es = reportSentences(report, prev, 'es-MX');
    expect(es.victims?.[0]).toBe(
      'En 2023 se identificaron 8 víctimas de trata de personas, 700% más que en 2022 (1).',
    );
    expect(changeText(440, 500, 2021, 'es-MX')).toBe('12% menos que en 2021 (500)');
    expect(changeText(440, 440, 2021, 'en-US')).toBe('the same as in 2021');
    expect(changeText(5, 0, 2021, 'en-US')).toBe('up from none in 2021');
    const en = reportSentences(report, undefined, 'en-US');
    expect(en.victims?.[0]).toBe('In 2023, authorities identified 8 trafficking victims.');
  });
});

describe('quantile map classes', () => {
  it('zero is class 0; positive values fall in ordered, non-overlapping classes that cover them', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 2000 }), { maxLength: 32 }), (values) => {
        const { classes, classOf } = quantileClasses(values);
        expect(classes.length).toBeLessThanOrEqual(5);
        for (let i = 1; i < classes.length; i++) expect(classes[i]!.lo).toBeGreaterThan(classes[i - 1]!.hi);
        for (const v of values) {
          const c = classOf(v);
          if (v === 0) expect(c).toBe(0);
          else {
            const cl = classes[c - 1]!;
            expect(v).toBeGreaterThanOrEqual(cl.lo);
            expect(v).toBeLessThanOrEqual(cl.hi);
          }
        }
        // monotone
        const sorted = [...values].sort((a, b) => a - b);
        for (let i = 1; i < sorted.length; i++)
          expect(classOf(sorted[i])).toBeGreaterThanOrEqual(classOf(sorted[i - 1]));
      }),
    );
  });
  it('spreads skewed data over the classes (one large state does not grey out the rest)', () => {
    const values = [153, ...Array.from({ length: 31 }, (_, i) => 1 + (i % 20))];
    const { classes, classOf } = quantileClasses(values);
    expect(classes).toHaveLength(5);
    const counts = [1, 2, 3, 4, 5].map((k) => values.filter((v) => classOf(v) === k).length);
    for (const n of counts) expect(n).toBeGreaterThanOrEqual(4);
  });
});
