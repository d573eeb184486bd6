/**
 * The prosecutor's justice journey on the demo's data, in Chromium, es-MX, at 1280 px and at 390 px (issue 14):
 * FEVIMTRA's caseworker opens the ring's chain in Justicia penal (investigation → prosecution → sentence and its
 * restitution), the network graph, and FEVIMTRA's supervisor the National Action Plan's indicators. On every
 * screen: no page wider than the screen, no raw code of the records (ids, outcome or role codes) in the text, axe.
 * Screenshots in ENLACE_SCREENSHOTS.
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../server/test/server.ts';
import es from '../src/i18n/es-MX.json';
import { esPage, FGR, newStaff, startDemoNetworkServer } from './demo-network.ts';
import {
  expectNoSeriousA11yViolations,
  firstSignIn,
  launchBrowser,
  pageHeading,
  saveScreenshot,
} from './harness.ts';

const SHOTS = process.env.ENLACE_SCREENSHOTS ?? join(tmpdir(), 'enlace-e2e-screenshots', 'justice-walk');
const J = es.justice;
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const starts = (s: string) => new RegExp(`^${esc(s)}`);
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  // the prosecutor exists before the networks, so the ring's sentence carries its restitution order and payment
  server = await startDemoNetworkServer(async (s) => {
    await newStaff(s, 'caseworker', FGR);
  });
  browser = await launchBrowser();
  mkdirSync(SHOTS, { recursive: true });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Codes a person should never read: record ids, enum values of outcomes, stages, roles, payers. */
const RAW = [
  /fgr-fevimtra/,
  /\bred-(?:inv|pro|con|v|p)\d/,
  /\b(?:sent_to_trial|not_prosecuted|abbreviated_procedure|seized_assets|assistance_fund|unusual_operation)\b/,
  /\b(?:recruiter|transporter|exploiter|financier|facilitator)\b/,
];

async function check(page: Page, name: string) {
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), {
      message: `${name}: wider than the screen`,
    })
    .toBeLessThanOrEqual(1);
  const text = await page.locator('main').innerText();
  for (const r of RAW) expect(text, `${name}: raw code ${r}`).not.toMatch(r);
  await expectNoSeriousA11yViolations(page);
  await saveScreenshot(page, join(SHOTS, `${name}.png`), { fullPage: true });
}

describe('the justice journey on the demo data', () => {
  for (const width of [1280, 390]) {
    it(`chain → its stages → restitution → network → action plan, at ${width} px`, async () => {
      const page = await esPage(browser, width);
      page.setDefaultTimeout(30_000);
      await firstSignIn(page, es, `${server.url}/justice`, await newStaff(server, 'caseworker', FGR));
      await pageHeading(page, J.nav.chains).waitFor();
      await page.getByText('FED/FEVIMTRA/PUE/0044/2024').first().waitFor();
      await check(page, `${width}-1-chains`);

      await page
        .getByRole('link', { name: /FED\/FEVIMTRA\/PUE\/0044\/2024/ })
        .first()
        .click();
      await pageHeading(page, `${J.stages.investigation} · FED/FEVIMTRA/PUE/0044/2024`).waitFor();
      await page.getByText('Efrén Castillo Ruiz', { exact: false }).first().waitFor();
      await check(page, `${width}-2-investigation`);

      // the timeline leads to the charge and to the sentence
      await page
        .getByRole('link', { name: starts(J.stages.prosecution) })
        .first()
        .click();
      await page.getByRole('heading', { level: 1, name: starts(J.stages.prosecution) }).waitFor();
      await check(page, `${width}-3-prosecution`);
      await page
        .getByRole('link', { name: starts(J.stages.sentence) })
        .first()
        .click();
      await page.getByRole('heading', { level: 1, name: starts(J.stages.sentence) }).waitFor();
      await page.getByRole('region', { name: J.restitution.title, exact: true }).waitFor();
      await page.getByText('Ana Karen López Díaz', { exact: false }).first().waitFor();
      await check(page, `${width}-4-sentence-restitution`);

      await page.goto(`${server.url}/network`);
      await pageHeading(page, es.network.title).waitFor();
      await page.getByRole('heading', { name: es.network.overview.central }).waitFor();
      await check(page, `${width}-5-network`);
      await page.close();

      const sup = await esPage(browser, width);
      sup.setDefaultTimeout(30_000);
      await firstSignIn(sup, es, `${server.url}/action-plan`, await newStaff(server, 'supervisor', FGR));
      await pageHeading(sup, es.actionPlan.title).waitFor();
      await sup.getByRole('table').first().waitFor();
      await check(sup, `${width}-6-action-plan`);
      await sup.close();
    }, 300_000);
  }
});
