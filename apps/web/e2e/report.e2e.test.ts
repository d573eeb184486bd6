/**
 * The analysts' dashboard end to end in Chromium, against a real server whose database holds a small
 * demo dataset loaded by the import engine: an analyst opens the dashboard on the latest year with records,
 * changes the year and state filters (kept in the URL), sees the figures `GET /api/report` returns, the map
 * of 32 states (its own lazily loaded chunk and geometry) with the state's figure in its accessible name;
 * downloads the report (PDF, HTML), tables (CSV, XLSX, all tables in one workbook) and the map (SVG, PNG) and
 * the files hold the figures; opens a state's page; then a supervisor drills down from a figure to their
 * agency's records (counted independently with SQL) and opens one. Axe and CSP on every screen;
 * screenshots at 390 px and desktop width in ENLACE_SCREENSHOTS (default: a temporary folder).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { figureFullLabel, figureLabel, sectionLabel, segmentLabel } from '@enlace/core/report/labels';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../server/src/api/users/service.ts';
import type { TestServer } from '../../server/test/server.ts';
import en from '../src/i18n/en-US.json';
import es from '../src/i18n/es-MX.json';
import { screenshotDir, startImportedDemoSuite } from './demo-suite.ts';
import { buttonNamed, expectNoSeriousA11yViolations, openPage, saveScreenshot, totpFor } from './harness.ts';

const YEAR = 2023;
const SHOTS = screenshotDir('report');
const STATE = '09';
const STATE_NAME = 'Ciudad de México';
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  ({ server, browser } = await startImportedDemoSuite());
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const fill = (s: string, vars: Record<string, string>) =>
  s.replace(/\{\{(\w+)\}\}/g, (_, k: string) => vars[k] ?? '');
const num = (n: number) => new Intl.NumberFormat('es-MX').format(n);
const heading = (page: Page, name: string, level = 1) =>
  page.getByRole('heading', { level, name, exact: true });
const button = buttonNamed;

const newPage = () => openPage(browser);

/** A user of an existing agency (the test server's helper would overwrite the demo agency's level). */
async function userOf(role: 'analyst' | 'supervisor', agencyId: string) {
  const password = `pw-${randomBytes(12).toString('hex')}`;
  const email = `${role}.${randomBytes(4).toString('hex')}@example.test`;
  await createUser(
    { db: server.db, actor: { userId: null, agencyId: null } },
    { email, displayName: role, role, agencyId, password },
  );
  return { email, password };
}

async function login(page: Page, u: { email: string; password: string }, path: string) {
  await page.goto(`${server.url}${path}`);
  await page.getByLabel(es.auth.login.email, { exact: true }).fill(u.email);
  await page.getByLabel(es.auth.login.password, { exact: true }).fill(u.password);
  await button(page, es.auth.login.submit).click();
}

describe('analysts dashboard', () => {
  it('an analyst filters by year and state and sees the API figures and the map', async () => {
    await server.ensureAgency('analisis-nacional', 'federal', null, 'other');
    const analyst = await userOf('analyst', 'analisis-nacional');
    const { page, csp } = await newPage();
    await login(page, analyst, '/');
    await heading(page, es.nav.dashboard).waitFor();
    expect(new URL(page.url()).pathname).toBe('/dashboard');

    await page.getByLabel(es.report.filters.year, { exact: true }).selectOption(String(YEAR));
    await page.getByLabel(es.report.filters.state, { exact: true }).selectOption(STATE);
    await page.waitForURL(
      (u) => u.searchParams.get('year') === String(YEAR) && u.searchParams.get('state') === STATE,
    );
    await page.getByText(fill(es.report.filteredBy, { filter: STATE_NAME })).waitFor();

    // The same figures as the API (read through the analyst's own session cookie).
    const api = await page.evaluate(
      async ([y, s]) => (await fetch(`/api/report?year=${y}&state=${s}`)).json(),
      [String(YEAR), STATE] as const,
    );
    const victims = api.report.victims.total as number;
    expect(victims).toBeGreaterThan(0);
    const cards = page.getByRole('list', { name: es.report.cards });
    const victimsCard = cards
      .getByRole('listitem')
      .filter({ hasText: figureFullLabel('victims.total', 'es-MX') });
    await victimsCard.getByText(num(victims), { exact: true }).waitFor();
    const prev = api.previous[0];
    await victimsCard
      .getByText(fill(es.report.yearValue, { year: String(prev.year), value: num(prev.victims.total) }), {
        exact: false,
      })
      .waitFor();
    // A figure of a section table, row by row: the state-level investigations of the year.
    const inv = page.getByRole('table', {
      name: fill(es.report.tableCaption, { section: sectionLabel('investigations', 'es-MX') }),
    });
    await expect
      .poll(() => inv.getByRole('columnheader').allTextContents())
      .toEqual([es.report.figure, String(YEAR - 2), String(YEAR - 1), String(YEAR), es.report.drill.column]);
    const row = inv
      .getByRole('row', { name: figureLabel('investigations.state.total', 'es-MX'), exact: false })
      .first();
    await row.getByRole('cell', { name: num(api.report.investigations.state.total), exact: true }).waitFor();

    // The map: 32 focusable states, the filtered state's figure in its accessible name, the source credit.
    const map = page.getByRole('group', { name: es.report.map.title });
    await map.waitFor();
    // the states' shapes come with their own request: wait for them rather than count at once
    await expect.poll(() => map.getByRole('button').count()).toBe(32);
    const cdmx = api.states.find((s: { state_code: string }) => s.state_code === STATE)?.victims ?? 0;
    const stateButton = map.getByRole('button', {
      name: fill(es.report.map.stateLabel, { state: STATE_NAME, n: num(cdmx) }),
      exact: true,
    });
    await stateButton.waitFor();
    await expect.poll(() => stateButton.getAttribute('aria-pressed')).toBe('true');
    await page.getByText(/INEGI/).first().waitFor();

    // Keyboard: activating the selected state again goes back to the whole country.
    await stateButton.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => !u.searchParams.has('state'));
    await page.getByText(es.report.national, { exact: true }).waitFor();
    const national = await page.evaluate(
      async (y) => (await fetch(`/api/report?year=${y}`)).json(),
      String(YEAR),
    );
    await victimsCard.getByText(num(national.report.victims.total), { exact: true }).waitFor();

    // Level and form: the same filter on the server, the same figures on the page.
    await page.getByLabel(es.report.filters.level, { exact: true }).selectOption('state');
    await page.getByLabel(es.report.filters.form, { exact: true }).selectOption('sex');
    await page
      .getByText(
        fill(es.report.filteredBy, {
          filter: `${segmentLabel('state', 'es-MX')} · ${segmentLabel('sex', 'es-MX')}`,
        }),
      )
      .waitFor();
    await expect.poll(() => new URL(page.url()).search).toBe(`?year=${YEAR}&level=state&form=sex`);
    const narrowed = await page.evaluate(
      async (y) => (await fetch(`/api/report?year=${y}&level=state&form=sex`)).json(),
      String(YEAR),
    );
    expect(narrowed.report.victims.total).toBeLessThan(national.report.victims.total);
    await victimsCard.getByText(num(narrowed.report.victims.total), { exact: true }).waitFor();
    // the federal level's figures do not apply under level=state: no card, no row (not a column of zeros)
    const cardOf = (path: string) =>
      page
        .getByRole('list', { name: es.report.cards })
        .getByRole('listitem')
        .filter({ hasText: figureFullLabel(path, 'es-MX') });
    await expect.poll(() => cardOf('investigations.federal.total').count()).toBe(0);
    expect(await cardOf('investigations.state.total').count()).toBe(1);
    expect(
      await page
        .getByRole('row', { name: new RegExp(`^${figureLabel('investigations.federal.total', 'es-MX')}`) })
        .count(),
    ).toBe(0);
    expect(
      await page
        .getByRole('row', { name: new RegExp(`^${figureLabel('investigations.state.total', 'es-MX')}`) })
        .count(),
    ).toBeGreaterThan(0);

    // Analysts see no drill-down (no cases:read).
    expect(await page.getByRole('button', { name: es.report.drill.open }).count()).toBe(0);
    await page.getByRole('heading', { level: 2, name: es.report.completeness.heading }).waitFor();
    await expectNoSeriousA11yViolations(page);

    // In English: the same figures, labels from the en-US catalog, the filters kept.
    await page.getByLabel(es.language.label, { exact: true }).selectOption('en-US');
    await heading(page, en.nav.dashboard).waitFor();
    await page
      .getByText(
        fill(en.report.filteredBy, {
          filter: `${segmentLabel('state', 'en-US')} · ${segmentLabel('sex', 'en-US')}`,
        }),
      )
      .waitFor();
    await page
      .getByRole('list', { name: en.report.cards })
      .getByRole('listitem')
      .filter({ hasText: figureFullLabel('victims.total', 'en-US') })
      .getByText(new Intl.NumberFormat('en-US').format(narrowed.report.victims.total), { exact: true })
      .waitFor();
    await page.getByRole('group', { name: en.report.map.title }).waitFor();
    expect(csp.violations).toEqual([]);
    expect(csp.pageErrors).toEqual([]);
  }, 180_000);

  it('opens on the latest year with records; the report, tables, map download; a page per state', async () => {
    await server.ensureAgency('analisis-nacional', 'federal', null, 'other');
    const analyst = await userOf('analyst', 'analisis-nacional');
    const latest = (
      await server.db.query<{ y: number }>(
        'SELECT extract(year FROM max(date))::int AS y FROM identifications WHERE date <= current_date',
      )
    ).rows[0]!.y;
    for (const [label, viewport] of [
      ['desktop', { width: 1280, height: 900 }],
      ['390', { width: 390, height: 844 }],
    ] as const) {
      const { page, csp } = await openPage(browser, viewport);
      await login(page, analyst, '/dashboard');
      await heading(page, es.nav.dashboard).waitFor();
      // the year filter shows the latest year with records, and the figures are that year's
      // (the years come with their own request: wait for the filter rather than read it at once)
      await expect
        .poll(() => page.getByLabel(es.report.filters.year, { exact: true }).inputValue())
        .toBe(String(latest));
      const api = await page.evaluate(
        async (y) => (await fetch(`/api/report?year=${y}`)).json(),
        String(latest),
      );
      expect(api.report.victims.total).toBeGreaterThan(0);
      const cards = page.getByRole('list', { name: es.report.cards });
      await cards
        .getByRole('listitem')
        .filter({ hasText: figureFullLabel('victims.total', 'es-MX') })
        .getByText(num(api.report.victims.total), { exact: true })
        .waitFor();
      // written sentences and the trend chart
      await page
        .getByText(`En ${latest} se identificaron ${num(api.report.victims.total)} víctimas`)
        .waitFor();
      await page
        .getByRole('img', {
          name: fill(es.report.trends.label, { from: String(latest - 2), to: String(latest) }),
        })
        .waitFor();
      await page.getByRole('group', { name: es.report.map.title }).waitFor();
      await saveScreenshot(page, join(SHOTS, `${label}-1-dashboard.png`));
      await saveScreenshot(page, join(SHOTS, `${label}-2-dashboard-full.png`), { fullPage: true });
      await expectNoSeriousA11yViolations(page);
      if (label === '390') {
        // Wide tables scroll inside their frame: the page is never wider than the phone.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
        expect(csp.violations).toEqual([]);
        expect(csp.pageErrors).toEqual([]);
        await page.context().close();
        continue;
      }

      // the report as PDF and HTML
      const pdfLink = page.getByRole('link', { name: fill(es.report.export.pdf, { year: String(latest) }) });
      const [pdf] = await Promise.all([page.waitForEvent('download'), pdfLink.click()]);
      expect(pdf.suggestedFilename()).toBe(`trata-mexico-cifras-${latest}.pdf`);
      expect(
        readFileSync((await pdf.path())!)
          .subarray(0, 5)
          .toString(),
      ).toBe('%PDF-');
      const [html] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: fill(es.report.export.html, { year: String(latest) }) }).click(),
      ]);
      const htmlText = readFileSync((await html.path())!, 'utf8');
      expect(htmlText).toContain(`Trata de personas en México: cifras nacionales ${latest}`);

      // a table as CSV and XLSX: the investigations of the three years
      const invTitle = sectionLabel('investigations', 'es-MX');
      const [csv] = await Promise.all([
        page.waitForEvent('download'),
        page
          .getByRole('button', {
            name: fill(es.report.export.csvFor, { table: `${invTitle}, ${latest - 2}–${latest}` }),
          })
          .click(),
      ]);
      // the file's name holds the years, as its title does (two years' downloads never share a name)
      expect(csv.suggestedFilename()).toBe(`investigaciones-${latest - 2}-${latest}.csv`);
      const csvText = readFileSync((await csv.path())!, 'utf8');
      expect(csvText).toContain(
        `${figureLabel('investigations.state.total', 'es-MX')},${api.previous[1].investigations.state.total},${api.previous[0].investigations.state.total},${api.report.investigations.state.total}\r\n`,
      );
      const [xlsx] = await Promise.all([
        page.waitForEvent('download'),
        page
          .getByRole('button', {
            name: fill(es.report.export.xlsxFor, { table: `${invTitle}, ${latest - 2}–${latest}` }),
          })
          .click(),
      ]);
      expect(xlsx.suggestedFilename()).toBe(`investigaciones-${latest - 2}-${latest}.xlsx`);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile((await xlsx.path())!);
      const ws = wb.worksheets[0]!;
      const rows = ws.getSheetValues() as unknown[][];
      const stateRow = rows.find((r) => r?.[1] === figureLabel('investigations.state.total', 'es-MX'));
      expect(stateRow?.slice(2)).toEqual([
        api.previous[1].investigations.state.total,
        api.previous[0].investigations.state.total,
        api.report.investigations.state.total,
      ]);

      // every table in one workbook
      const [all] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: es.report.export.allXlsx, exact: true }).click(),
      ]);
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile((await all.path())!);
      expect(book.worksheets.length).toBeGreaterThanOrEqual(13);
      const victimsSheet = book.worksheets.find((w) => w.name === sectionLabel('victims', 'es-MX'))!;
      const vRows = victimsSheet.getSheetValues() as unknown[][];
      expect(vRows.find((r) => r?.[1] === figureLabel('victims.total', 'es-MX'))?.[4]).toBe(
        api.report.victims.total,
      );

      // the map as SVG and PNG
      const mapTitle = fill(es.report.map.heading, { year: String(latest) });
      const [svg] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: fill(es.report.export.svgFor, { figure: mapTitle }) }).click(),
      ]);
      const svgText = readFileSync((await svg.path())!, 'utf8');
      expect(svgText).toMatch(/^<\?xml/);
      expect((svgText.match(/<path /g) ?? []).length).toBe(32);
      expect(svgText).not.toContain('class=');
      const [png] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: fill(es.report.export.pngFor, { figure: mapTitle }) }).click(),
      ]);
      expect(
        readFileSync((await png.path())!)
          .subarray(1, 4)
          .toString(),
      ).toBe('PNG');

      // a page per state, from the table of states
      await page.getByText(es.report.states.show).click();
      await page.getByRole('link', { name: STATE_NAME, exact: true }).click();
      await page.waitForURL((u) => u.pathname === `/dashboard/states/${STATE}`);
      await heading(page, fill(es.report.statePage.title, { state: STATE_NAME })).waitFor();
      const st = await page.evaluate(
        async ([y, s]) => (await fetch(`/api/report?year=${y}&state=${s}`)).json(),
        [String(latest), STATE] as const,
      );
      await page
        .getByRole('list', { name: es.report.cards })
        .getByRole('listitem')
        .filter({ hasText: figureFullLabel('victims.total', 'es-MX') })
        .getByText(num(st.report.victims.total), { exact: true })
        .waitFor();
      await saveScreenshot(page, join(SHOTS, `${label}-3-state-page.png`));
      await expectNoSeriousA11yViolations(page);
      expect(csp.violations).toEqual([]);
      expect(csp.pageErrors).toEqual([]);
      await page.context().close();
    }
  }, 300_000);

  it('a supervisor drills down from a figure to their agency records', async () => {
    const top = await server.db.query<{ agency_id: string; n: number }>(
      `SELECT agency_id, count(*)::int AS n FROM identifications
        WHERE date BETWEEN $1 AND $2 GROUP BY agency_id ORDER BY n DESC, agency_id LIMIT 1`,
      [`${YEAR}-01-01`, `${YEAR}-12-31`],
    );
    const agency = top.rows[0]!.agency_id;
    const own = top.rows[0]!.n;
    const all = await server.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM identifications WHERE date BETWEEN $1 AND $2',
      [`${YEAR}-01-01`, `${YEAR}-12-31`],
    );
    const supervisor = await userOf('supervisor', agency);
    const { page, csp } = await newPage();
    await login(page, supervisor, `/dashboard?year=${YEAR}`);
    await heading(page, es.auth.mfaEnrol.title).waitFor();
    const secret = (await page.getByTestId('mfa-secret').textContent())?.trim() ?? '';
    await page.getByLabel(es.auth.mfaEnrol.code, { exact: true }).fill(await totpFor(secret).next());
    await button(page, es.auth.mfaEnrol.submit).click();
    await heading(page, es.auth.mfaEnrol.recoveryTitle).waitFor();
    await page.getByLabel(es.auth.mfaEnrol.recoveryStored).check();
    await button(page, es.auth.mfaEnrol.continue).click();
    await heading(page, es.nav.dashboard).waitFor();

    const label = figureFullLabel('victims.total', 'es-MX');
    await page
      .getByRole('list', { name: es.report.cards })
      .getByRole('button', { name: fill(es.report.drill.openFor, { figure: label, year: String(YEAR) }) })
      .click();
    const title = heading(page, fill(es.report.drill.title, { figure: label, year: String(YEAR) }), 2);
    await title.waitFor();
    await page
      .getByText(fill(es.report.drill.counts, { own: num(own), other: num(all.rows[0]!.n - own) }), {
        exact: true,
      })
      .waitFor();
    const table = page.getByRole('table', { name: es.report.drill.caption });
    await expect.poll(() => table.getByRole('row').count()).toBe(own + 1);
    await expectNoSeriousA11yViolations(page);

    const first = table.getByRole('link').first();
    const id = (await first.textContent()) ?? '';
    await first.click();
    await page.waitForURL((u) => u.pathname === `/records/identifications/${encodeURIComponent(id)}`);
    expect(csp.violations).toEqual([]);
    expect(csp.pageErrors).toEqual([]);
  }, 180_000);
});
