import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoLoadResult } from '../../server/src/demo/load.ts';
import type { TestServer } from '../../server/test/server.ts';
import es from '../src/i18n/es-MX.json';
import { screenshotDir, startDemoSuite } from './demo-suite.ts';
import {
  buttonNamed,
  expectNoSeriousA11yViolations,
  openMainNav,
  openPage,
  pageHeading,
  saveScreenshot,
} from './harness.ts';

const SHOTS = screenshotDir('demo-release');
let server: TestServer;
let browser: Browser;
let demo: DemoLoadResult;

beforeAll(async () => {
  ({ server, demo, browser } = await startDemoSuite());
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const fill = (s: string, vars: Record<string, string | number>) =>
  s.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(vars[k] ?? ''));

async function signIn(page: Page, email: string) {
  await page.goto(`${server.url}/`);
  await page.getByLabel(es.auth.login.email, { exact: true }).fill(email);
  await page.getByLabel(es.auth.login.password, { exact: true }).fill(demo.password);
  await buttonNamed(page, es.auth.login.submit).click();
  await page.waitForURL((u) => u.pathname === '/dashboard');
}

describe('public release with the demo accounts', () => {
  it('the demo analyst prepares, the second demo analyst approves, the public page lists it', async () => {
    const analysts = demo.users.filter((u) => u.role === 'analyst');
    expect(analysts.length).toBeGreaterThanOrEqual(2);
    const [first, second] = analysts as [(typeof analysts)[0], (typeof analysts)[0]];
    const latest = (
      await server.db.query<{ y: number }>(
        'SELECT extract(year FROM max(date))::int AS y FROM identifications WHERE date <= current_date',
      )
    ).rows[0]!.y;

    const { page, csp } = await openPage(browser, { width: 1280, height: 900 });
    await signIn(page, first.email);
    await pageHeading(page, es.nav.dashboard).waitFor();
    await expect
      .poll(() => page.getByLabel(es.report.filters.year, { exact: true }).inputValue())
      .toBe(String(latest));
    await saveScreenshot(page, join(SHOTS, 'desktop-0-dashboard.png'));
    await (await openMainNav(page, es)).getByRole('link', { name: es.nav.releases }).click();
    await pageHeading(page, es.nav.releases).waitFor();
    // the newest year with records and k = 11 are already chosen
    await expect
      .poll(() => page.getByLabel(es.releases.prepare.year, { exact: true }).inputValue())
      .toBe(String(latest));
    await buttonNamed(page, es.releases.prepare.submit).click();
    await pageHeading(page, fill(es.releases.detail.heading, { year: latest })).waitFor();
    await page.getByText(es.releases.detail.ownRelease).waitFor();
    await saveScreenshot(page, join(SHOTS, 'desktop-1-prepared.png'));
    expect(csp.violations).toEqual([]);
    expect(csp.pageErrors).toEqual([]);

    const phone = await openPage(browser, { width: 390, height: 844 });
    await signIn(phone.page, second.email);
    await (await openMainNav(phone.page, es)).getByRole('link', { name: es.nav.releases }).click();
    await pageHeading(phone.page, es.nav.releases).waitFor();
    await phone.page.getByRole('link', { name: fill(es.releases.yearK, { year: latest, k: 11 }) }).click();
    await buttonNamed(phone.page, es.releases.detail.approve).click();
    await phone.page.getByText(es.releases.detail.published).waitFor();
    await saveScreenshot(phone.page, join(SHOTS, '390-2-approved.png'));
    await expectNoSeriousA11yViolations(phone.page);
    expect(phone.csp.violations).toEqual([]);

    const pub = await openPage(browser, { width: 390, height: 844 });
    await pub.page.goto(`${server.url}/datos-abiertos?lang=es-MX`);
    await pub.page.getByRole('link', { name: `Cifras nacionales de trata de personas, ${latest}` }).click();
    await pub.page
      .getByRole('heading', { level: 1, name: `Cifras nacionales de trata de personas, ${latest}` })
      .waitFor();
    const shown = (await pub.page.locator('td.n').allTextContents())
      .map((s) => s.replace(/[,\s]/g, ''))
      .filter((s) => /^\d+$/.test(s))
      .map(Number);
    expect(shown.filter((n) => n > 0 && n < 11)).toEqual([]);
    await saveScreenshot(pub.page, join(SHOTS, '390-3-public.png'));
  }, 300_000);
});
