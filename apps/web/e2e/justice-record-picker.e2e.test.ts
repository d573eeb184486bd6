/**
 * The justice record picker on the demo data, in Chromium, es-MX (issue 14): FEVIMTRA's caseworker records the next
 * stage of the ring's investigation and picks the prosecution record by typing part of its defendant's name in the
 * searchable picker (role=combobox with a listbox) — with the keyboard at 1280 px, by touch at 390 px — then sees
 * the new stage name the record with the defendant. No page wider than the screen, axe-clean with the list open.
 * Screenshots in ENLACE_SCREENSHOTS.
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../server/test/server.ts';
import es from '../src/i18n/es-MX.json';
import { FGR, newStaff, startDemoNetworkServer } from './demo-network.ts';
import {
  expectNoSeriousA11yViolations,
  firstSignIn,
  launchBrowser,
  pageHeading,
  saveScreenshot,
} from './harness.ts';

const SHOTS = process.env.ENLACE_SCREENSHOTS ?? join(tmpdir(), 'enlace-e2e-screenshots', 'justice-picker');
const J = es.justice;
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startDemoNetworkServer(async (s) => {
    await newStaff(s, 'caseworker', FGR);
  });
  // 25 older prosecutions without a name: more than the 20 a picker lists at once
  await server.db.query(
    `INSERT INTO prosecutions (prosecution_id, agency_id, initiated_date, primary_form, state_code, row_hash)
     SELECT $1 || '/old-pro-' || g, $1, DATE '2019-01-01' + g, 'forced_labor', '21', 'h' || g
       FROM generate_series(1, 25) g`,
    [FGR],
  );
  browser = await launchBrowser();
  mkdirSync(SHOTS, { recursive: true });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function fits(page: Page, name: string, region?: Locator) {
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), {
      message: `${name}: wider than the screen`,
    })
    .toBeLessThanOrEqual(1);
  await expectNoSeriousA11yViolations(page);
  await saveScreenshot(page, join(SHOTS, `${name}.png`), { fullPage: true });
  // the picker itself, readable (the full page of a stage is long)
  if (region) await saveScreenshot(region, join(SHOTS, `${name}-picker.png`));
}

describe('picking an exchange record by its defendant’s name', () => {
  for (const width of [1280, 390]) {
    it(`types part of the name and picks the prosecution, at ${width} px`, async () => {
      const touch = width < 600;
      const ctx = await browser.newContext({
        viewport: { width, height: 900 },
        locale: 'es-MX',
        hasTouch: touch,
        isMobile: touch,
      });
      const page = await ctx.newPage();
      page.setDefaultTimeout(30_000);
      await firstSignIn(page, es, `${server.url}/justice`, await newStaff(server, 'caseworker', FGR));
      await pageHeading(page, J.nav.chains).waitFor();
      await page
        .getByRole('link', { name: /FED\/FEVIMTRA\/PUE\/0044\/2024/ })
        .first()
        .click();
      await pageHeading(page, `${J.stages.investigation} · FED/FEVIMTRA/PUE/0044/2024`).waitFor();

      const next = page.getByRole('region', { name: J.next.title, exact: true });
      await next.getByLabel(J.next.stage, { exact: true }).selectOption({ label: J.stages.prosecution });
      await next.getByLabel(J.dateOf.prosecution, { exact: true }).fill('2024-08-01');
      const box = next.getByRole('combobox', { name: J.form.recordOf.prosecutions });
      const picker = box.locator(`xpath=ancestor::div[contains(concat(' ', @class, ' '), ' jd-combo ')][1]`);
      const option = next.getByRole('option', { name: /Julio César Hernández Mora/ });
      if (touch) {
        await box.tap();
        // the newest 20 and how many more
        await picker.getByText(/^\d+ más — afine la búsqueda$/).waitFor();
        await box.fill('hernandez mora');
        await option.waitFor();
        await fits(page, `${width}-1-list-open`, picker);
        await option.tap();
      } else {
        // dates narrow the search: nothing was charged in 2025 or later (the ring's charge is of July 2024); the state keeps Puebla's
        await picker.getByText(J.picker.filters, { exact: true }).click();
        await picker.getByLabel(J.picker.from, { exact: true }).fill('2025-01-01');
        await box.focus();
        await picker.getByText(J.picker.none, { exact: true }).waitFor();
        await picker.getByLabel(J.picker.from, { exact: true }).fill('');
        await picker.getByLabel(J.picker.state, { exact: true }).selectOption({ label: 'Puebla' });
        await box.focus();
        await box.pressSequentially('julio hern', { delay: 30 });
        await option.waitFor();
        await expect.poll(() => box.getAttribute('aria-expanded')).toBe('true');
        await expect.poll(() => box.getAttribute('aria-activedescendant')).toBeTruthy();
        await fits(page, `${width}-1-list-open`, picker);
        await box.press('Enter');
      }
      await expect.poll(() => box.inputValue()).toMatch(/^Imputación del .+Julio César Hernández Mora/);
      await expect.poll(() => box.getAttribute('aria-expanded')).toBe('false');
      await fits(page, `${width}-2-picked`, picker);

      await next.getByRole('button', { name: J.next.submit, exact: true }).click();
      await next.getByRole('link', { name: J.next.open }).click();
      await page
        .getByRole('heading', {
          level: 1,
          name: new RegExp(`^${J.stages.prosecution.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
        })
        .waitFor();
      await page
        .getByText(/Imputación del .+ · CP 112\/2024 · Julio César Hernández Mora/)
        .first()
        .waitFor();
      await fits(page, `${width}-3-new-stage`);
      await ctx.close();
    }, 300_000);
  }
});
