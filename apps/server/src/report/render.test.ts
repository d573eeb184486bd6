import { buildRelease } from '@enlace/core/report/release';
import { describe, expect, it } from 'vitest';
import { renderReleaseHtml, renderReportHtml } from './render-html.ts';
import { htmlToPdf } from './render-pdf.ts';
import { breakdownFixture } from './test-support.ts';

describe('report rendering', () => {
  const bundle = breakdownFixture();

  it('html: every section as a table with the two previous years, a map of 32 states, completeness', () => {
    const html = renderReportHtml(bundle);
    for (const id of [
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
    ]) {
      expect(html).toContain(`<section id="${id}">`);
    }
    expect(html).toContain('<th>2021</th><th>2022</th><th>2023</th>');
    expect((html.match(/<path d="M/g) ?? []).length).toBe(32);
    expect(html).toContain('Fuente: INEGI');
    // the victims total row: 2021 -> 0, 2022 -> 1 (i05), 2023 -> 8
    const victims = html.slice(
      html.indexOf('<section id="victims">'),
      html.indexOf('<section id="services">'),
    );
    expect(victims).toContain('<tr><td>total</td><td>0</td><td>1</td><td>8</td></tr>');
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
  });

  it('pdf: Chromium prints the page', async () => {
    const pdf = await htmlToPdf(renderReportHtml(bundle));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(20_000);
  });

  it('release page shows suppressed cells as s and no small count', () => {
    const rel = buildRelease({ report: bundle.report, states: bundle.states });
    const html = renderReleaseHtml(rel);
    expect(html).toContain('title="suppressed"');
    expect(html).not.toMatch(/<td>([1-9]|10)<\/td>/);
  });
});
