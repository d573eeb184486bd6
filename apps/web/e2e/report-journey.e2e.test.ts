/**
 * The analyst's take-away journey on a phone (390 px, es-MX) and in English, on the demo data: the dashboard
 * opens on the latest year with records (after the "Actualizando cifras…" notice, if shown, turns into the
 * "updated" one), nothing is wider than the phone, the trend chart's labels are readable, a table downloads as
 * CSV and XLSX (figures as the API's, no cell that a spreadsheet would run as a formula), the trend chart as
 * SVG and PNG, the report as PDF (text extracted: Spanish, no raw keys, the map legend the dashboard shows) and
 * HTML, then in English; a state's page opens from the table of states. Axe and CSP on every screen;
 * screenshots in ENLACE_SCREENSHOTS (default: a temporary folder).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { figureLabel, sectionLabel } from '@enlace/core/report/labels';
import ExcelJS from 'exceljs';
import type { Browser, Download, Page } from 'playwright-core';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../server/src/api/users/service.ts';
import type { TestServer } from '../../server/test/server.ts';
import en from '../src/i18n/en-US.json';
import es from '../src/i18n/es-MX.json';
import { fileName } from '../src/pages/report/exports.ts';
import { SECTIONS } from '../src/pages/report/figures.ts';
import { screenshotDir, startImportedDemoSuite } from './demo-suite.ts';
import { buttonNamed, expectNoSeriousA11yViolations, openPage, saveScreenshot } from './harness.ts';

const SHOTS = screenshotDir('report-journey');
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  ({ server, browser } = await startImportedDemoSuite());
  await server.ensureAgency('analisis-nacional', 'federal', null, 'other');
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const fill = (s: string, vars: Record<string, string>) =>
  s.replace(/\{\{(\w+)\}\}/g, (_, k: string) => vars[k] ?? '');
const num = (n: number) => new Intl.NumberFormat('es-MX').format(n);

async function analyst() {
  const password = `pw-${randomBytes(12).toString('hex')}`;
  const email = `ana.lucia.herrera.${randomBytes(3).toString('hex')}@example.test`;
  await createUser(
    { db: server.db, actor: { userId: null, agencyId: null } },
    { email, displayName: 'Ana Lucía Herrera', role: 'analyst', agencyId: 'analisis-nacional', password },
  );
  return { email, password };
}

async function download(page: Page, click: () => Promise<void>): Promise<{ d: Download; bytes: Buffer }> {
  const [d] = await Promise.all([page.waitForEvent('download'), click()]);
  return { d, bytes: readFileSync((await d.path())!) };
}

const noOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

/** Raw figure keys ("victims.total", "federal › sex") never reach a reader. */
const RAW_KEY = /\b(?:victims|investigations|prosecutions|convictions|services|by_form_sex_age)\.[a-z_]+|›/;

describe('the analyst takes the figures away', () => {
  it('on a phone in Spanish, then in English', async () => {
    const user = await analyst();
    const latest = (
      await server.db.query<{ y: number }>(
        'SELECT extract(year FROM max(date))::int AS y FROM identifications WHERE date <= current_date',
      )
    ).rows[0]!.y;
    const { page, csp } = await openPage(browser, { width: 390, height: 844 });
    await page.goto(`${server.url}/`);
    await page.getByLabel(es.auth.login.email, { exact: true }).fill(user.email);
    await page.getByLabel(es.auth.login.password, { exact: true }).fill(user.password);
    await buttonNamed(page, es.auth.login.submit).click();
    await page.getByRole('heading', { level: 1, name: es.nav.dashboard, exact: true }).waitFor();
    await expect
      .poll(() => page.getByLabel(es.report.filters.year, { exact: true }).inputValue())
      .toBe(String(latest));

    // Figures computed before the import may show first, with the notice; they are replaced by themselves.
    const updating = page.getByText(es.report.updating, { exact: true });
    if (await updating.isVisible()) {
      await saveScreenshot(page, join(SHOTS, '390-0-updating.png'));
      await updating.waitFor({ state: 'hidden', timeout: 120_000 });
      await page.getByText(es.report.updated.split('(')[0]!.trim(), { exact: false }).waitFor();
    }
    const api = await page.evaluate(
      async (y) => (await fetch(`/api/report?year=${y}`)).json(),
      String(latest),
    );
    await page.getByText(`En ${latest} se identificaron ${num(api.report.victims.total)} víctimas`).waitFor();
    await saveScreenshot(page, join(SHOTS, '390-1-dashboard.png'));
    expect(await noOverflow(page)).toBeLessThanOrEqual(390);

    // The trend chart's labels are readable on a phone (at least 12 CSS pixels tall on screen).
    const trendsLabel = fill(es.report.trends.label, { from: String(latest - 2), to: String(latest) });
    const chart = page.getByRole('img', { name: trendsLabel });
    await chart.scrollIntoViewIfNeeded();
    const fontPx = await chart.evaluate((svg) => {
      const text = svg.querySelector('text.chart-label') as SVGTextElement;
      const ctm = (svg as SVGSVGElement).getScreenCTM();
      return Number.parseFloat(getComputedStyle(text).fontSize) * (ctm?.a ?? 1);
    });
    expect(fontPx).toBeGreaterThanOrEqual(12);
    await saveScreenshot(page, join(SHOTS, '390-2-trends.png'));
    // a section's own year-on-year chart, opened on the phone: drawn at its width too
    await page.getByText(es.report.chart.show).first().click();
    const sectionChart = page.getByRole('img', {
      name: fill(es.report.chart.label, {
        section: sectionLabel('investigations', 'es-MX'),
        from: String(latest - 2),
        to: String(latest),
      }),
    });
    await sectionChart.scrollIntoViewIfNeeded();
    await expect
      .poll(() =>
        sectionChart.evaluate((svg) => {
          const text = svg.querySelector('text.chart-label') as SVGTextElement;
          const ctm = (svg as SVGSVGElement).getScreenCTM();
          return Number.parseFloat(getComputedStyle(text).fontSize) * (ctm?.a ?? 1);
        }),
      )
      .toBeGreaterThanOrEqual(12);
    await saveScreenshot(page, join(SHOTS, '390-2b-section-chart.png'));
    await expectNoSeriousA11yViolations(page);

    // The victims table as CSV and XLSX, on the phone.
    const victimsTitle = `${sectionLabel('victims', 'es-MX')}, ${latest - 2}–${latest}`;
    const csv = await download(page, () =>
      page.getByRole('button', { name: fill(es.report.export.csvFor, { table: victimsTitle }) }).click(),
    );
    expect(csv.d.suggestedFilename()).toBe(`${fileName(victimsTitle)}.csv`);
    // why federal and state do not add up to the total is said under the victims' table
    await page.getByText(es.report.victimsLevels, { exact: true }).waitFor();
    const csvText = csv.bytes.toString('utf8');
    expect(csvText).toContain(
      `"${figureLabel('victims.total', 'es-MX')}",${api.previous[1].victims.total},${api.previous[0].victims.total},${api.report.victims.total}\r\n`,
    );
    expect(csvText).not.toMatch(RAW_KEY);
    const xlsx = await download(page, () =>
      page.getByRole('button', { name: fill(es.report.export.xlsxFor, { table: victimsTitle }) }).click(),
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const rows = wb.worksheets[0]!.getSheetValues() as unknown[][];
    expect(rows.find((r) => r?.[1] === figureLabel('victims.total', 'es-MX'))?.slice(2)).toEqual([
      api.previous[1].victims.total,
      api.previous[0].victims.total,
      api.report.victims.total,
    ]);
    // no text cell starts a formula, and no cell is a formula
    wb.worksheets[0]!.eachRow((row) =>
      row.eachCell((cell) => {
        expect(cell.formula).toBeUndefined();
        if (typeof cell.value === 'string') expect(cell.value).not.toMatch(/^[=+\-@\t\r]/);
      }),
    );

    // The trend chart as SVG and PNG.
    const trendsTitle = fill(es.report.trends.heading, { from: String(latest - 2), to: String(latest) });
    const svg = await download(page, () =>
      page.getByRole('button', { name: fill(es.report.export.svgFor, { figure: trendsTitle }) }).click(),
    );
    const svgText = svg.bytes.toString('utf8');
    expect(svgText).toMatch(/^<\?xml/);
    expect(svgText).toContain(figureLabel('investigations.state.total', 'es-MX').split(' · ')[0]);
    const png = await download(page, () =>
      page.getByRole('button', { name: fill(es.report.export.pngFor, { figure: trendsTitle }) }).click(),
    );
    expect(png.bytes.subarray(1, 4).toString()).toBe('PNG');

    // The map's legend on the dashboard …
    const legend = page.getByRole('list', { name: es.report.map.legend });
    await legend.scrollIntoViewIfNeeded();
    await expect.poll(() => legend.getByRole('listitem').count()).toBeGreaterThan(1);
    const webLegend = (await legend.getByRole('listitem').allTextContents()).map((s) => s.trim());
    await saveScreenshot(page, join(SHOTS, '390-3-map.png'));
    // … is in the map taken away as SVG and PNG, with the map's title and source: its colours are classes
    // of values, unreadable without it
    const mapTitle = fill(es.report.map.heading, { year: String(latest) });
    const mapSvg = await download(page, () =>
      page.getByRole('button', { name: fill(es.report.export.svgFor, { figure: mapTitle }) }).click(),
    );
    const mapSvgText = mapSvg.bytes.toString('utf8');
    const svgTexts = [...mapSvgText.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
    expect(svgTexts[0]).toBe(mapTitle);
    for (const item of webLegend) expect(svgTexts).toContain(item);
    expect(svgTexts.join(' ')).toContain('INEGI');
    expect((mapSvgText.match(/<path /g) ?? []).length).toBe(32);
    const mapPng = await download(page, () =>
      page.getByRole('button', { name: fill(es.report.export.pngFor, { figure: mapTitle }) }).click(),
    );
    await mapPng.d.saveAs(join(SHOTS, 'mapa.png')); // kept to look at
    // the PNG is drawn at the proportions of the SVG with its legend (width × height of the SVG file)
    const [, svgW, svgH] = /<svg[^>]* width="(\d+)" height="(\d+)"/.exec(mapSvgText) ?? [];
    const pngW = mapPng.bytes.readUInt32BE(16);
    const pngH = mapPng.bytes.readUInt32BE(20);
    expect(Math.abs(pngH / pngW - Number(svgH) / Number(svgW))).toBeLessThan(0.01);

    // Every table in one workbook: shares read as percentages and amounts with cents in a spreadsheet,
    // and a sheet name longer than Excel's 31 characters ends on a whole word with "…"
    const all = await download(page, () =>
      page.getByRole('button', { name: es.report.export.allXlsx, exact: true }).click(),
    );
    const allWb = new ExcelJS.Workbook();
    await allWb.xlsx.load(all.bytes as unknown as ArrayBuffer);
    const tableNames = [
      ...SECTIONS.map((sct) => sectionLabel(sct, 'es-MX')),
      es.report.matrix.heading,
      es.report.states.caption,
      es.report.completeness.caption,
      es.report.completeness.byStateCaption,
    ];
    expect(allWb.worksheets).toHaveLength(tableNames.length);
    allWb.worksheets.forEach((ws, i) => {
      const full = tableNames[i]!;
      if (full.length <= 31) expect(ws.name).toBe(full);
      else {
        expect(ws.name.length).toBeLessThanOrEqual(31);
        expect(ws.name.endsWith('…')).toBe(true);
        expect(`${full} `.startsWith(`${ws.name.slice(0, -1)} `)).toBe(true);
      }
    });
    const completeness = allWb.worksheets.find((ws) =>
      es.report.completeness.caption.startsWith(ws.name.replace(/…$/, '')),
    )!;
    const shareCell = completeness.getRow(3).getCell(4);
    expect(typeof shareCell.value).toBe('number');
    expect(shareCell.numFmt).toBe('0%');
    const restitution = allWb.worksheets.find((ws) => ws.name === sectionLabel('restitution', 'es-MX'))!;
    const ordered = restitution
      .getSheetValues()
      .findIndex(
        (r) => (r as unknown[] | undefined)?.[1] === figureLabel('restitution.ordered_mxn', 'es-MX'),
      );
    expect(restitution.getRow(ordered).getCell(4).numFmt).toBe('#,##0.00');
    // the hotline's contacts carry no state: the completeness table says so (not "0 of 32")
    const noState = page.getByText(
      es.report.completeness.noStateNote.replace('{{datasets}}', 'Contactos de la línea de atención'),
      { exact: true },
    );
    await noState.scrollIntoViewIfNeeded();
    await saveScreenshot(page, join(SHOTS, '390-3b-completeness.png'));

    // … is the printed report's: the PDF in Spanish, no raw keys.
    const pdf = await download(page, () =>
      page.getByRole('link', { name: fill(es.report.export.pdf, { year: String(latest) }) }).click(),
    );
    expect(pdf.d.suggestedFilename()).toBe(`trata-mexico-cifras-${latest}.pdf`);
    await pdf.d.saveAs(join(SHOTS, 'informe-es-MX.pdf')); // kept to look at
    const pdfText = (
      await extractText(await getDocumentProxy(new Uint8Array(pdf.bytes)), { mergePages: true })
    ).text as string;
    expect(pdfText).toContain(`En ${latest} se identificaron ${num(api.report.victims.total)} víctimas`);
    expect(pdfText).not.toMatch(RAW_KEY);
    for (const item of webLegend) expect(pdfText).toContain(item);
    // the annex's sources name each kind once, in the singular for one ("1 organismo internacional")
    expect(pdfText).not.toMatch(/instituciones (organizaciones|organismos)|\b1 instituciones\b/);
    const html = await download(page, () =>
      page.getByRole('link', { name: fill(es.report.export.html, { year: String(latest) }) }).click(),
    );
    const htmlText = html.bytes.toString('utf8');
    expect(htmlText).toContain('<html lang="es-MX"');
    const printedLegend = [
      ...(/<ul class="legend">(.*?)<\/ul>/s.exec(htmlText)?.[1] ?? '').matchAll(/<li>(.*?)<\/li>/gs),
    ].map((m) => m[1]!.replace(/<[^>]+>/g, '').trim());
    expect(printedLegend).toEqual(webLegend);
    // opened on the phone, the HTML report is no wider than the phone: its wide tables (amounts, states,
    // completeness) scroll inside their own frame
    const reader = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'es-MX' });
    await reader.setContent(htmlText);
    expect(await noOverflow(reader)).toBeLessThanOrEqual(390);
    expect(await reader.locator('div.scroll[role="region"] > table').count()).toBeGreaterThan(10);
    await saveScreenshot(reader, join(SHOTS, '390-3c-report-html.png'));
    await reader.close();

    // A state's page from the table of states, on the phone.
    await page.getByText(es.report.states.show).click();
    const first = api.states
      .filter((s: { victims: number }) => s.victims > 0)
      .sort((a: { victims: number }, b: { victims: number }) => b.victims - a.victims)[0] as {
      state_code: string;
      name?: string;
    };
    const stateLink = page.locator(`a[href^="/dashboard/states/${first.state_code}"]`).first();
    const stateName = ((await stateLink.textContent()) ?? '').trim();
    await stateLink.click();
    await page.waitForURL((u) => u.pathname === `/dashboard/states/${first.state_code}`);
    await page
      .getByRole('heading', { level: 1, name: fill(es.report.statePage.title, { state: stateName }) })
      .waitFor();
    await page.getByRole('img', { name: trendsLabel }).waitFor();
    // hotline contacts and financial reports carry no state: said, not shown as zeros
    await expect.poll(() => page.getByText(es.report.notByState, { exact: true }).count()).toBe(2);
    expect(
      await page
        .getByRole('list', { name: es.report.cards })
        .getByRole('listitem')
        .filter({ hasText: sectionLabel('hotline', 'es-MX') })
        .count(),
    ).toBe(0);
    await saveScreenshot(page, join(SHOTS, '390-4-state.png'), { fullPage: true });
    // the state's tables taken away say they are the state's: in the file's name, the title and a note
    // (they read as the national ones: "victimas-identificadas.csv", "Víctimas identificadas, 2022–2024")
    const stateCsv = await download(page, () =>
      page.getByRole('button', { name: fill(es.report.export.csvFor, { table: victimsTitle }) }).click(),
    );
    expect(stateCsv.d.suggestedFilename()).toBe(`${fileName(`${victimsTitle} ${stateName}`)}.csv`);
    const stateXlsx = await download(page, () =>
      page.getByRole('button', { name: fill(es.report.export.xlsxFor, { table: victimsTitle }) }).click(),
    );
    const stateWb = new ExcelJS.Workbook();
    await stateWb.xlsx.load(stateXlsx.bytes as unknown as ArrayBuffer);
    const stateSheet = stateWb.worksheets[0]!;
    expect(stateSheet.getCell('A1').value).toBe(`${victimsTitle} · ${stateName}`);
    expect(stateSheet.getCell(`A${stateSheet.rowCount}`).value).toBe(
      fill(es.report.filteredBy, { filter: stateName }),
    );
    const stateChart = await download(page, () =>
      page.getByRole('button', { name: fill(es.report.export.svgFor, { figure: trendsTitle }) }).click(),
    );
    expect(stateChart.d.suggestedFilename()).toBe(`${fileName(`${trendsTitle} ${stateName}`)}.svg`);
    expect(stateChart.bytes.toString('utf8')).toContain(`${trendsTitle} · ${stateName}`);
    expect(await noOverflow(page)).toBeLessThanOrEqual(390);
    await expectNoSeriousA11yViolations(page);

    // In English: the report in English from the same buttons.
    await page.goto(`${server.url}/dashboard`);
    await page.getByLabel(es.language.label, { exact: true }).selectOption('en-US');
    await page.getByRole('heading', { level: 1, name: en.nav.dashboard, exact: true }).waitFor();
    const enPdf = await download(page, () =>
      page.getByRole('link', { name: fill(en.report.export.pdf, { year: String(latest) }) }).click(),
    );
    await enPdf.d.saveAs(join(SHOTS, 'informe-en-US.pdf'));
    const enText = (
      await extractText(await getDocumentProxy(new Uint8Array(enPdf.bytes)), { mergePages: true })
    ).text as string;
    expect(enText).toMatch(/victims/i);
    expect(enText).not.toContain('se identificaron');
    expect(enText).not.toMatch(RAW_KEY);
    const enHtml = await download(page, () =>
      page.getByRole('link', { name: fill(en.report.export.html, { year: String(latest) }) }).click(),
    );
    expect(enHtml.bytes.toString('utf8')).toContain('<html lang="en-US"');
    await saveScreenshot(page, join(SHOTS, '390-5-english.png'));
    expect(await noOverflow(page)).toBeLessThanOrEqual(390);
    expect(csp.violations).toEqual([]);
    expect(csp.pageErrors).toEqual([]);
  }, 300_000);
});
