import { quantileClasses } from '@enlace/core/report/classes';
import { computeAnnualReport } from '@enlace/core/report/compute';
import { FIXTURE, fixtureKey } from '@enlace/core/report/fixture.test-data';
import { buildRelease } from '@enlace/core/report/release';
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { renderReleaseHtml } from './render-html.ts';
import { htmlToPdf, startChromium, warmChromium } from './render-pdf.ts';
import { renderReportHtml } from './render-report.ts';
import { breakdownFixture } from './test-support.ts';

/** Raw JSON keys or paths that must never reach a reader ("federal › sex", "by_form_sex_age", "states_reporting"). */
const RAW_KEY =
  /›|\b(by_form_sex_age|states_reporting|by_form|victims_served|victims_referred|identification_records|linked_duplicates|trafficking_related|referred_to_prosecutors|suspicious_transactions|amount_usd|ordered_mxn|paid_mxn|paid_by_fund|victims_paid|sentence_months|hotline_contacts|financial_intelligence)\b|\b(federal|state) (sex|labor|other|unspecified)\b/;

async function pdfText(pdf: Buffer): Promise<{ pages: number; text: string }> {
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  const { totalPages, text } = await extractText(doc, { mergePages: true });
  return { pages: totalPages, text: text.replace(/\s+/g, ' ') };
}

describe('report rendering', () => {
  const bundle = { ...breakdownFixture(), generatedAt: '2024-02-01T10:00:00.000Z' };

  it('html: says how many identifications wait on a linkage review, in the report language, and nothing when none', () => {
    const review = { identifications_awaiting_review: 14, links_awaiting_review: 9 };
    expect(renderReportHtml(bundle, { linkageReview: review })).toContain(
      '14 registros de identificación de este año esperan que una persona revise un posible vínculo',
    );
    expect(renderReportHtml(bundle, { lang: 'en-US', linkageReview: review })).toContain(
      '14 identification records of this year wait for a person to review a possible link',
    );
    expect(
      renderReportHtml(bundle, {
        linkageReview: { identifications_awaiting_review: 0, links_awaiting_review: 0 },
      }),
    ).not.toContain('revise un posible vínculo');
  });

  it('html: a year without records says so, with no percentage change to zero', () => {
    const report = computeAnnualReport(2025, FIXTURE, fixtureKey);
    expect(report.victims.total).toBe(0);
    const previous = [
      computeAnnualReport(2024, FIXTURE, fixtureKey),
      computeAnnualReport(2023, FIXTURE, fixtureKey),
    ];
    expect(previous[0]!.victims.total).toBeGreaterThan(0);
    for (const lang of ['es-MX', 'en-US'] as const) {
      const html = renderReportHtml({ ...bundle, report, previous }, { lang });
      expect(html).not.toMatch(/[−-]100\s?%|100\s?% (menos|fewer)/); // (completeness shares may be 100 %)
      expect(html).toContain(
        lang === 'es-MX' ? 'En 2025 aún no hay registros de víctimas' : 'There are no records yet of',
      );
    }
  });

  it('html: every section with written sentences, human labels, the two previous years, the map and notes', () => {
    const html = renderReportHtml(bundle);
    expect(html).toMatch(/^<!doctype html><html lang="es-MX">/);
    for (const id of [
      'summary',
      'investigations',
      'prosecutions',
      'convictions',
      'officials',
      'victims',
      'services',
      'hotline',
      'financial_intelligence',
      'restitution',
      'map',
      'completeness',
      'annex',
    ]) {
      expect(html).toMatch(new RegExp(`<section id="${id}"`));
    }
    expect(html).toContain('<th scope="col">2021</th><th scope="col">2022</th><th scope="col">2023</th>');
    // 32 state paths
    expect((html.match(/<path d="M/g) ?? []).length).toBe(32);
    // the victims total row: 2021 -> 0, 2022 -> 1, 2023 -> 8 (the fixture's hand-worked figures)
    expect(html).toContain(
      '<tr><th scope="row">Víctimas (personas, sin duplicados)</th><td>0</td><td>1</td><td>8</td><td>+700%</td></tr>',
    );
    // the TIP-style sentence with the change from the year before
    expect(html).toContain(
      'En 2023 se identificaron 8 víctimas de trata de personas, 700% más que en 2022 (1).',
    );
    const text = html.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<[^>]+>/g, ' ');
    expect(text).not.toMatch(RAW_KEY);
    // no external request
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
  });

  it('completeness: a dataset whose records carry no state says "sin estado" in its states cell, as the dashboard does', () => {
    const rows = bundle.completeness.filter((c) => c.dataset === 'hotline_contacts');
    const all = rows.find((c) => c.state === 'all')!;
    // the fixture's hotline contacts: records of the year, none with a state
    expect(all.records).toBeGreaterThan(0);
    expect(rows.filter((c) => c.state !== 'all' && c.records > 0)).toEqual([]);
    for (const [lang, label, cell] of [
      ['es-MX', 'Contactos de la línea de atención', 'sin estado'],
      ['en-US', 'Hotline contacts', 'no state'],
    ] as const) {
      const html = renderReportHtml(bundle, { lang });
      const section = html.slice(html.indexOf('<section id="completeness"'));
      const row = section.match(
        new RegExp(`<tr><th scope="row">${label}</th><td>[^<]*</td><td>([^<]*)</td>`),
      );
      expect(row?.[1], lang).toBe(cell);
      // datasets with records by state still say how many states
      expect(section, lang).toMatch(lang === 'es-MX' ? /<td>\d+ de 32<\/td>/ : /<td>\d+ of 32<\/td>/);
    }
  });

  it('html in en-US', () => {
    const html = renderReportHtml(bundle, { lang: 'en-US' });
    expect(html).toMatch(/<html lang="en-US">/);
    expect(html).toContain(
      'In 2023, authorities identified 8 trafficking victims, 700% more than in 2022 (1).',
    );
    expect(html).toContain('Trafficking in persons in Mexico: national figures 2023');
    expect(html.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<[^>]+>/g, ' ')).not.toMatch(RAW_KEY);
  });

  it('the annex names each kind of source once, singular for one ("1 organismo internacional", not "1 instituciones organismos internacionales")', () => {
    const sources = [
      { level: 'federal', agencies: 8, records: 750 },
      { level: 'ngo', agencies: 11, records: 4328 },
      { level: 'international', agencies: 1, records: 1 },
    ];
    const es = renderReportHtml({ ...bundle, sources });
    expect(es).toContain('<li>8 instituciones federales (750 registros)</li>');
    expect(es).toContain('<li>11 organizaciones de la sociedad civil (4,328 registros)</li>');
    expect(es).toContain('<li>1 organismo internacional (1 registro)</li>');
    const en = renderReportHtml({ ...bundle, sources }, { lang: 'en-US' });
    expect(en).toContain('<li>8 federal agencies (750 records)</li>');
    expect(en).toContain('<li>1 international organization (1 record)</li>');
  });

  it('chart labels wrap onto lines that fit before the bars (none is cut at the left edge)', () => {
    const html = renderReportHtml(bundle);
    const labels = [...html.matchAll(/<text x="262"[^>]*text-anchor="end">(.*?)<\/text>/g)].map((m) => m[1]!);
    expect(labels.length).toBeGreaterThan(5);
    const lines = labels.flatMap((l) => [...l.matchAll(/<tspan[^>]*>(.*?)<\/tspan>/g)].map((m) => m[1]!));
    expect(lines.length).toBeGreaterThanOrEqual(labels.length);
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(32);
    expect(lines).toContain('Investigaciones con servidores');
  });

  it('the map colours each state by the shared quantile classes and prints their legend', () => {
    const html = renderReportHtml(bundle);
    const classes = quantileClasses(bundle.states.map((s) => s.victims));
    for (const c of classes.classes) expect(html).toContain(`<span class="swatch map-c${c.index}">`);
    const classed = html.match(/class="map-c(\d)"/g) ?? [];
    expect(classed).toHaveLength(32);
  });

  it('pdf: Chromium prints it; the extracted text is Spanish, with human labels and no raw key', async () => {
    const pdf = await htmlToPdf(renderReportHtml(bundle), { lang: 'es-MX', year: 2023 });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { pages, text } = await pdfText(pdf);
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(pages).toBeLessThanOrEqual(14);
    expect(text).toContain('Trata de personas en México: cifras nacionales 2023');
    expect(text).toContain('En 2023 se identificaron 8 víctimas de trata de personas');
    for (const label of [
      'Víctimas por forma de explotación, sexo y edad',
      'Explotación sexual',
      'Sentencias condenatorias',
      'Notas sobre la completitud de los datos',
      'Reglas de conteo',
      'Fuentes',
      `página 1 de ${pages}`,
    ])
      expect(text).toContain(label);
    expect(text).not.toMatch(RAW_KEY);
    // no English sentence of the old report
    expect(text).not.toMatch(/\b(Victims identified|Completeness of the data|no records|Generated)\b/);
  });

  it('pdf in en-US', async () => {
    const pdf = await htmlToPdf(renderReportHtml(bundle, { lang: 'en-US' }), { lang: 'en-US', year: 2023 });
    const { text } = await pdfText(pdf);
    expect(text).toContain('In 2023, authorities identified 8 trafficking victims');
    expect(text).toContain('Counting rules');
    expect(text).not.toMatch(RAW_KEY);
  });

  it('pdf: Chromium started ahead (while the figures are computed) prints on the page it made ready, then closes', async () => {
    const letGo = startChromium();
    expect(warmChromium()).toMatchObject({ users: 1, blank: true });
    const pdf = await htmlToPdf(renderReportHtml(bundle), { lang: 'es-MX', year: 2023 });
    // the page made ahead was used by the print, and Chromium is still held by the one who started it
    expect(warmChromium()).toMatchObject({ users: 1, blank: false });
    letGo();
    expect(warmChromium()).toBeUndefined();
    letGo(); // a second let-go changes nothing
    expect((await pdfText(pdf)).text).toContain('Trata de personas en México: cifras nacionales 2023');
    // started and let go without a print: closed, nothing held
    startChromium()();
    expect(warmChromium()).toBeUndefined();
  });

  it('release page shows suppressed cells as s and no small count', () => {
    const rel = buildRelease({ report: bundle.report, states: bundle.states });
    const html = renderReleaseHtml(rel);
    expect(html).toContain('title="suppressed"');
    expect(html).not.toMatch(/<td>([1-9]|10)<\/td>/);
  });
});
