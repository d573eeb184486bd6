/**
 * Wide tables on a phone (390 px), es-MX and en-US, on the demo data: the dashboard's money tables
 * ("Inteligencia financiera", "Reparación del daño") show every year of every figure, the latest included,
 * without scrolling sideways (each figure's years one under the other), and the releases list is read at
 * 390 px without being cut off; a state's summary names the state (never "1 estado") and says the review counts are the whole country's. Axe and CSP; screenshots in ENLACE_SCREENSHOTS (default: a temporary folder).
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { sectionLabel } from '@enlace/core/report/labels';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../server/src/api/users/service.ts';
import type { TestServer } from '../../server/test/server.ts';
import en from '../src/i18n/en-US.json';
import es from '../src/i18n/es-MX.json';
import { screenshotDir, startImportedDemoSuite } from './demo-suite.ts';
import {
  buttonNamed,
  expectNoSeriousA11yViolations,
  openPage,
  pageHeading,
  saveScreenshot,
} from './harness.ts';

const SHOTS = screenshotDir('phone-tables');
const PHONE = { width: 390, height: 844 };
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  ({ server, browser } = await startImportedDemoSuite());
  await server.ensureAgency('analisis-nacional', 'federal', null, 'other');
  // a possible link waiting for a reviewer between two persons identified in the latest year (the linkage
  // engine's review band): the summary then says how many of the year's records wait on it
  await server.db.query(
    `INSERT INTO person_links (person_a, person_b, probability, decision)
     SELECT min(person_id), max(person_id), 0.8, NULL FROM (
       SELECT DISTINCT person_id FROM identifications
        WHERE extract(year FROM date) = (SELECT max(extract(year FROM date)) FROM identifications WHERE date <= now())
        ORDER BY person_id LIMIT 2) p`,
  );
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function analyst() {
  const password = `pw-${randomBytes(12).toString('hex')}`;
  const email = `analista.${randomBytes(4).toString('hex')}@example.test`;
  await createUser(
    { db: server.db, actor: { userId: null, agencyId: null } },
    { email, displayName: 'Analista', role: 'analyst', agencyId: 'analisis-nacional', password },
  );
  return { email, password };
}

/** Every cell of the table inside the phone's screen, its frame not scrollable sideways. */
async function fitsThePhone(table: Locator) {
  const frame = await table.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  expect(frame.scroll).toBeLessThanOrEqual(frame.client);
  const boxes = await table.locator('td').evaluateAll((tds) =>
    tds
      .filter((td) => getComputedStyle(td).display !== 'none')
      .map((td) => td.getBoundingClientRect())
      .map((r) => ({ left: r.left, right: r.right })),
  );
  expect(boxes.length).toBeGreaterThan(0);
  for (const b of boxes) {
    expect(b.left).toBeGreaterThanOrEqual(0);
    expect(b.right).toBeLessThanOrEqual(PHONE.width);
  }
}

async function checkMoneyTables(page: Page, lang: 'es-MX' | 'en-US', year: number) {
  const t = lang === 'es-MX' ? es : en;
  for (const section of ['financial_intelligence', 'restitution'] as const) {
    const name = sectionLabel(section, lang);
    const table = page.getByRole('region', { name: t.report.tableCaption.replace('{{section}}', name) });
    await table.scrollIntoViewIfNeeded();
    await fitsThePhone(table);
    // the latest year's value of each figure is on screen, named by its year
    const latest = table.locator(`td[data-label="${year}"]`);
    expect(await latest.count()).toBeGreaterThan(1);
    for (const cell of await latest.all()) {
      expect(await cell.evaluate((el) => getComputedStyle(el, '::before').content)).toBe(`"${year}"`);
      expect((await cell.textContent())?.replace(String(year), '').trim()).toMatch(/\d|—/);
    }
    await saveScreenshot(page, join(SHOTS, `390-${lang}-${section}.png`));
  }
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
}

async function statePageSummary(page: Page, lang: 'es-MX' | 'en-US') {
  const t = lang === 'es-MX' ? es : en;
  await page.goto(`${server.url}/dashboard/states/09`);
  const summary = page.getByRole('region', { name: t.report.summary, exact: true });
  await summary
    .getByText(/Ciudad de México/)
    .first()
    .waitFor();
  const text = (await summary.textContent()) ?? '';
  expect(text).not.toMatch(/\b1 (estado|state)\b|de \d+ estados?\b|of \d+ states?\b/);
  expect(text).not.toMatch(/\b0 (víctimas|victims)\b|100\s?%/);
  // the demo's links awaiting review: a count of the whole country, said so on a state's page
  const review = summary.locator('.report-review-note');
  await review.waitFor();
  expect(await review.textContent()).toMatch(
    lang === 'es-MX' ? /^En todo el país, / : /^Across the whole country, /,
  );
  await summary.scrollIntoViewIfNeeded();
  await saveScreenshot(page, join(SHOTS, `390-${lang}-state-summary.png`));
}

describe('wide tables on a phone', () => {
  it('the money tables show the latest year and the releases list fits, in Spanish and in English', async () => {
    const user = await analyst();
    const { page, csp } = await openPage(browser, PHONE);
    await page.goto(`${server.url}/`);
    await page.getByLabel(es.auth.login.email, { exact: true }).fill(user.email);
    await page.getByLabel(es.auth.login.password, { exact: true }).fill(user.password);
    await buttonNamed(page, es.auth.login.submit).click();
    await page.getByRole('heading', { level: 1, name: es.nav.dashboard, exact: true }).waitFor();
    await page.getByRole('heading', { name: sectionLabel('restitution', 'es-MX'), exact: true }).waitFor();
    const year = Number(await page.getByLabel(es.report.filters.year, { exact: true }).inputValue());
    expect(year).toBeGreaterThan(2000);
    await checkMoneyTables(page, 'es-MX', year);
    await expectNoSeriousA11yViolations(page);

    // a state's page: its summary names the state, never "1 estado"
    await statePageSummary(page, 'es-MX');

    // the releases list, with one release prepared
    await page.goto(`${server.url}/releases`);
    await pageHeading(page, es.nav.releases).waitFor();
    await page.getByLabel(es.releases.prepare.year, { exact: true }).selectOption(String(year - 1));
    await buttonNamed(page, es.releases.prepare.submit).click();
    await pageHeading(page, es.releases.detail.heading.replace('{{year}}', String(year - 1))).waitFor();
    await page.goto(`${server.url}/releases`);
    const list = page.getByRole('region', { name: es.releases.listTitle, exact: true });
    const link = list.getByRole('link', {
      name: es.releases.yearK.replace('{{year}}', String(year - 1)).replace('{{k}}', '11'),
    });
    await link.waitFor();
    await list.scrollIntoViewIfNeeded();
    await fitsThePhone(list);
    // each value named by its column
    await list.locator(`td[data-label="${es.releases.columns.status}"]`).first().waitFor();
    await saveScreenshot(page, join(SHOTS, '390-es-MX-releases.png'));
    await expectNoSeriousA11yViolations(page);

    // in English
    await page.getByLabel(es.language.label, { exact: true }).selectOption('en-US');
    await pageHeading(page, en.nav.releases).waitFor();
    await fitsThePhone(page.getByRole('region', { name: en.releases.listTitle, exact: true }));
    await saveScreenshot(page, join(SHOTS, '390-en-US-releases.png'));
    await page.goto(`${server.url}/dashboard`);
    await page.getByRole('heading', { name: sectionLabel('restitution', 'en-US'), exact: true }).waitFor();
    await checkMoneyTables(page, 'en-US', year);
    await statePageSummary(page, 'en-US');
    await expectNoSeriousA11yViolations(page);
    expect(csp.violations).toEqual([]);
    expect(csp.pageErrors).toEqual([]);
    await page.context().close();
  }, 240_000);
});
