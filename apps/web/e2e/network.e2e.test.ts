/**
 * Network analysis and the National Action Plan in Chromium, on the demo's networks (apps/server/src/demo/
 * network.ts) and a small national demo dataset: a FEVIMTRA caseworker searches a person, sees their
 * community, expands by one hop, finds the shortest path to another person and exports the sub-network; an
 * analyst opens the plan's indicators nationally and for one state and downloads them. Desktop and 390 px,
 * axe on every screen; screenshots in ENLACE_SCREENSHOTS (default: a temp folder).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../server/test/server.ts';
import es from '../src/i18n/es-MX.json';
import { esPage, FGR, fill, newStaff, startDemoNetworkServer } from './demo-network.ts';
import {
  buttonNamed,
  expectNoSeriousA11yViolations,
  firstSignIn,
  launchBrowser,
  pageHeading,
  saveScreenshot,
} from './harness.ts';

const SHOTS = process.env.ENLACE_SCREENSHOTS ?? join(tmpdir(), 'enlace-e2e-screenshots', 'network');
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startDemoNetworkServer();
  await server.ensureAgency('analisis-nacional', 'federal', null, 'other');
  browser = await launchBrowser();
  mkdirSync(SHOTS, { recursive: true });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('network analysis (FEVIMTRA caseworker)', () => {
  for (const width of [1280, 390]) {
    it(`search → community → one more hop → shortest path → export, at ${width} px`, async () => {
      const page = await esPage(browser, width);
      await firstSignIn(page, es, `${server.url}/`, await newStaff(server, 'caseworker', FGR));
      await page.goto(`${server.url}/network`);
      await pageHeading(page, es.network.title).waitFor();
      await page.getByRole('heading', { name: es.network.overview.central }).waitFor();

      await page.getByLabel(es.network.search.label, { exact: true }).fill('Julio César');
      await buttonNamed(page, es.network.search.button).first().click();
      await page.getByRole('list', { name: es.network.search.results }).getByRole('button').first().click();
      await page
        .getByRole('heading', { name: fill(es.network.hood.title, { name: 'Julio César Hernández Mora' }) })
        .waitFor();
      // one hop: the recruiter's phone (written four ways in the records: one node), e-mail, account, handle
      await expect.poll(() => page.getByText(/\+52 55 4821 3390/).count()).toBeGreaterThan(0);
      await page.getByText(es.network.hood.community, { exact: true }).waitFor();
      await saveScreenshot(page, join(SHOTS, `network-${width}.png`), { fullPage: true });
      await expectNoSeriousA11yViolations(page);

      await buttonNamed(page, es.network.hood.expand).click();
      await page
        .getByText(fill(es.network.hood.showing, { hops: 2, nodes: '', edges: '' }).split(':')[0]!)
        .waitFor();
      await page
        .getByText(/Leticia Moreno Ibarra/)
        .first()
        .waitFor(); // through the shared CLABE account

      await page.getByLabel(es.network.path.label, { exact: true }).fill('Guadalupe Santos');
      await page
        .locator('form', { has: page.getByLabel(es.network.path.label) })
        .getByRole('button')
        .click();
      // the path search's own results (not the first search's list, which is still on the page until they come)
      await page
        .getByRole('list', { name: es.network.search.results })
        .last()
        .getByRole('button', { name: /Guadalupe Santos/ })
        .first()
        .click();
      const path = page.getByRole('list', { name: es.network.path.result });
      await path.waitFor();
      await expect.poll(() => path.getByRole('listitem').count()).toBeGreaterThanOrEqual(3);
      await saveScreenshot(page, join(SHOTS, `network-path-${width}.png`), { fullPage: true });
      await expectNoSeriousA11yViolations(page);

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: es.network.export.csv }).click(),
      ]);
      const csv = readFileSync((await download.path())!, 'utf8');
      expect(csv).toContain('Julio César Hernández Mora');
      expect(csv).toContain("'+52 55 4821 3390"); // formula-guarded
      expect(csv).not.toContain('Karla Mendoza'); // the CDMX prosecutor's ring is not FEVIMTRA's
      await page.context().close();
    }, 180_000);
  }
});

describe('National Action Plan (analyst)', () => {
  for (const width of [1280, 390]) {
    it(`indicators nationally and for one state, trend and export, at ${width} px`, async () => {
      const page = await esPage(browser, width);
      const u = await newStaff(server, 'analyst', 'analisis-nacional');
      await page.goto(`${server.url}/`);
      await page.getByLabel(es.auth.login.email, { exact: true }).fill(u.email);
      await page.getByLabel(es.auth.login.password, { exact: true }).fill(u.password);
      await buttonNamed(page, es.auth.login.submit).click();
      await page.waitForURL((x) => x.pathname === '/dashboard');
      await page.goto(`${server.url}/action-plan`);
      await pageHeading(page, es.actionPlan.title).waitFor();
      await page.getByRole('heading', { name: 'Víctimas identificadas', exact: true }).waitFor();
      await page.getByRole('img', { name: /Tendencia de Víctimas identificadas \(Nacional\)/ }).waitFor();
      await saveScreenshot(page, join(SHOTS, `action-plan-${width}.png`), { fullPage: true });
      await expectNoSeriousA11yViolations(page);
      await page.getByLabel(es.actionPlan.state, { exact: true }).selectOption({ label: 'Chiapas' });
      await page.getByRole('img', { name: /Tendencia de Víctimas identificadas \(Chiapas\)/ }).waitFor();
      await expect.poll(() => page.getByText(es.actionPlan.suppressed).count()).toBeGreaterThan(0);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        buttonNamed(page, es.actionPlan.exportCsv).click(),
      ]);
      const csv = readFileSync((await download.path())!, 'utf8');
      expect(csv).toContain('Víctimas identificadas');
      expect(csv).not.toMatch(/,([1-9]|10),/); // nothing below the threshold of 11
      await saveScreenshot(page, join(SHOTS, `action-plan-state-${width}.png`), { fullPage: true });
      await page.context().close();
    }, 180_000);
  }
});
