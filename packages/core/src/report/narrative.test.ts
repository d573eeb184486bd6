import { describe, expect, it } from 'vitest';
import { type AnnualReport, computeAnnualReport } from './compute.ts';
import { FIXTURE, fixtureKey } from './fixture.test-data.ts';
import { REPORT_LANGS } from './labels.ts';
import { changeText, reportSentences } from './narrative.ts';

const r2023 = computeAnnualReport(2023, FIXTURE, fixtureKey);

/** The report with every number set to `n` (the year kept): each sentence's one/many case. */
function every(r: AnnualReport, n: number): AnnualReport {
  const map = (v: unknown): unknown =>
    typeof v === 'number'
      ? n
      : Array.isArray(v)
        ? v
        : v && typeof v === 'object'
          ? Object.fromEntries(Object.entries(v).map(([k, c]) => [k, map(c)]))
          : v;
  return { ...(map(r) as AnnualReport), year: r.year };
}
const all = (s: ReturnType<typeof reportSentences>) => Object.values(s).flat() as string[];

// a count of 1 followed by a plural noun or verb; a count of 0 followed by a headline's noun
const ONE_PLURAL = {
  'es-MX':
    /(^|\D)1 (víctimas|investigaciones|personas|estados|contactos|reportes|registros|procesos|meses|fueron|eran|terminaron|iniciadas)\b/,
  'en-US':
    /(^|\D)1 (victims|investigations|defendants|people|states|contacts|reports|records|prosecutions|traffickers|months|were)\b/,
} as const;

describe('report sentences: zero, one and a state', () => {
  // a year without any record (2025 in the demo data): every figure zero
  const r2024: AnnualReport = { ...every(r2023, 0), year: 2024 };
  r2024.convictions.sentence_months = { ...r2024.convictions.sentence_months, min: null, max: null };

  it('a year without records says so, with no percentage from or to zero', () => {
    for (const lang of REPORT_LANGS) {
      const s = reportSentences(r2024, r2023, lang);
      for (const line of all(s)) expect(line).not.toMatch(/100\s?%|\d\s?%/);
      if (lang === 'es-MX') {
        expect(s.victims?.[0]).toBe(
          'En 2024 aún no hay registros de víctimas de trata de personas identificadas (en 2023: 8).',
        );
        expect(s.convictions?.[0]).toBe(
          'En 2024 aún no hay registros de sentencias condenatorias por trata (en 2023: 4).',
        );
        expect(s.restitution?.[0]).toBe(
          'En 2024 aún no hay registros de reparación del daño ordenada o pagada.',
        );
      } else {
        expect(s.victims?.[0]).toBe(
          'There are no records yet of trafficking victims identified in 2024 (2023: 8).',
        );
        expect(s.convictions?.[0]).toBe(
          'There are no records yet of trafficking convictions in 2024 (2023: 4).',
        );
      }
      // the headline sentences never state "0 víctimas" / "0 victims"
      for (const k of [
        'victims',
        'investigations',
        'convictions',
        'hotline',
        'financial_intelligence',
      ] as const)
        expect(s[k]?.[0], k).not.toMatch(/(^|\D)0 /);
      // a year of zeros after a year of zeros: no records, no earlier figure
      const z = reportSentences(r2024, every(r2023, 0), lang);
      for (const line of all(z)) expect(line).not.toMatch(/%|\(en 2023: 0\)|\(2023: 0\)/);
    }
    expect(changeText(0, 161, 2024, 'es-MX')).toBe('en 2024: 161');
    expect(changeText(0, 161, 2024, 'en-US')).not.toMatch(/%/);
    expect(changeText(5, 0, 2021, 'es-MX')).toBe('frente a ningún registro en 2021');
  });

  it('a count of one is singular in every sentence', () => {
    const one = every(r2023, 1);
    for (const lang of REPORT_LANGS)
      for (const line of all(reportSentences(one, one, lang))) expect(line).not.toMatch(ONE_PLURAL[lang]);
    const es = reportSentences(one, undefined, 'es-MX');
    expect(es.victims?.[0]).toBe('En 2023 se identificó 1 víctima de trata de personas.');
    expect(es.officials?.[0]).toMatch(/^En 2023 se abrió 1 investigación/);
    const en = reportSentences(one, undefined, 'en-US');
    expect(en.officials?.[0]).toMatch(/1 investigation of officials complicit in trafficking was opened/);
  });

  it("on a state's page the state is named, never '1 estado'", () => {
    const one = every(r2023, 1);
    const es = reportSentences(one, r2023, 'es-MX', { state: 'Ciudad de México' });
    expect(es.victims?.[0]).toMatch(
      /^En 2023 se identificó 1 víctima de trata de personas en Ciudad de México, /,
    );
    expect(es.investigations?.[0]).toMatch(
      /: 1 en el fuero federal y 1 en la fiscalía de Ciudad de México\.$/,
    );
    expect(es.prosecutions?.[0]).toMatch(
      /y 1 en el fuero común de Ciudad de México \(1 iniciada en el año\)\.$/,
    );
    const en = reportSentences(one, r2023, 'en-US', { state: 'Ciudad de México' });
    expect(en.investigations?.[0]).toMatch(/: 1 federal and 1 by the prosecutors of Ciudad de México\.$/);
    expect(en.prosecutions?.[0]).toMatch(
      /and 1 in the courts of Ciudad de México \(1 initiated in the year\)\.$/,
    );
    for (const line of [...all(es), ...all(en)]) expect(line).not.toMatch(/\b1 (estado|state)\b/);
    // nationally, no state's records: said so, not "0 en las fiscalías de 0 estados"
    const fedOnly = structuredClone(r2023);
    fedOnly.investigations.state.total = 0;
    fedOnly.investigations.states_reporting = 0;
    expect(reportSentences(fedOnly, undefined, 'es-MX').investigations?.[0]).toMatch(
      /y ninguna en las fiscalías de los estados\.$/,
    );
    expect(reportSentences(fedOnly, undefined, 'en-US').investigations?.[0]).toMatch(
      /and none by state prosecutors\.$/,
    );
  });
});
