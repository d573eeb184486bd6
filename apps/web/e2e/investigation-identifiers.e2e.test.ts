/**
 * Identifiers on an investigation in Chromium (es-MX): a FEVIMTRA caseworker opens the demo ring's investigation
 * from **Justicia penal**, finds the CLABE an investigator recorded on it (written as the bank's report gave it),
 * records the phone of the ring's "agency" written one way and sees the same number written another way refused,
 * then opens the CLABE in the network (it joins the investigation to the ring's recruiter) and the investigation's
 * own node (the new phone and the bank's financial intelligence report are among its links), then back to the
 * chain and its sentence: restitution ordered on the conviction record, partly paid from seized assets. Desktop and 390 px, axe on every screen; screenshots in
 * ENLACE_SCREENSHOTS (default: a temp folder).
 */
import { mkdirSync } from 'node:fs';
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

const SHOTS =
  process.env.ENLACE_SCREENSHOTS ?? join(tmpdir(), 'enlace-e2e-screenshots', 'investigation-identifiers');
const REFERENCE = 'FED/FEVIMTRA/PUE/0044/2024';
/** One phone per screen width (each is recorded once on the same investigation). */
const PHONES: Record<number, { typed: string; again: string; display: string }> = {
  1280: { typed: '044 222-318-4470', again: '+52 1 222 318 4470', display: '+52 222 318 4470' },
  390: { typed: '(222) 318 4471', again: '0052 222 318 4471', display: '+52 222 318 4471' },
};
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  // the demo's FEVIMTRA prosecutor exists before the networks load (the demo records the restitution as theirs)
  server = await startDemoNetworkServer((s) => newStaff(s, 'supervisor', FGR).then(() => undefined));
  browser = await launchBrowser();
  mkdirSync(SHOTS, { recursive: true });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('identifiers on an investigation (FEVIMTRA caseworker, demo data)', () => {
  for (const width of [1280, 390]) {
    it(`Justicia penal → the investigation → record a phone → the CLABE and the investigation in the network, at ${width} px`, async () => {
      const ids = es.network.identifiers;
      const phone = PHONES[width]!;
      const page = await esPage(browser, width);
      await firstSignIn(page, es, `${server.url}/`, await newStaff(server, 'caseworker', FGR));
      await page.goto(`${server.url}/justice`);
      await pageHeading(page, es.justice.nav.chains).waitFor();
      await page.getByRole('link', { name: REFERENCE }).first().click();
      await pageHeading(page, `${es.justice.stages.investigation} · ${REFERENCE}`).waitFor();

      const section = page.locator('section', { has: page.getByRole('heading', { name: ids.title }) });
      await section.getByText(ids.descriptionInvestigation).waitFor();
      const list = section.getByRole('list', { name: ids.listLabel });
      // the demo's CLABE, shown as the network shows it and as it was typed
      await list.getByText('012218001234567891', { exact: true }).waitFor();
      await list.getByText(fill(ids.typed, { value: '012-218-00123456789-1' })).waitFor();

      // the ring's phone as a victim gave it
      await section.getByLabel(ids.kind, { exact: true }).selectOption({ label: es.network.kind.phone });
      await section.getByLabel(ids.value, { exact: true }).fill(phone.typed);
      await section.getByLabel(ids.note, { exact: true }).fill('Teléfono de la supuesta agencia de empleos');
      await buttonNamed(page, ids.submit).click();
      await section
        .getByText(fill(ids.added, { kind: es.network.kind.phone, value: phone.display }))
        .waitFor();
      await list.getByText(phone.display, { exact: true }).waitFor();
      const recorded = await list.getByRole('listitem').count();
      // the same number written another way is the same identifier
      await section.getByLabel(ids.value, { exact: true }).fill(phone.again);
      await buttonNamed(page, ids.submit).click();
      await section.getByText(es.errors.network_identifier_duplicate).waitFor();
      await expect(list.getByRole('listitem').count()).resolves.toBe(recorded);
      // nothing wider than the screen (a long file number wraps)
      const wide = await page.evaluate(() =>
        [...document.querySelectorAll('main *')]
          .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
          .map((e) => `${e.tagName}.${e.className}`)
          .slice(0, 5),
      );
      expect(wide).toEqual([]);
      await section.scrollIntoViewIfNeeded();
      await saveScreenshot(page, join(SHOTS, `investigation-identifiers-${width}.png`), { fullPage: true });
      await expectNoSeriousA11yViolations(page);

      // the CLABE in the network: the investigation and the ring's recruiter share it
      await list.getByRole('link', { name: new RegExp(`${ids.open}\\s*: 012218001234567891`) }).click();
      await page.waitForURL((u) => u.pathname === '/network');
      await page
        .getByRole('heading', { name: fill(es.network.hood.title, { name: '012218001234567891' }) })
        .waitFor();
      await page
        .getByText(/Julio César Hernández Mora/)
        .first()
        .waitFor();
      await page.getByText(REFERENCE).first().waitFor();
      await saveScreenshot(page, join(SHOTS, `network-clabe-${width}.png`), { fullPage: true });
      await expectNoSeriousA11yViolations(page);

      // back to the investigation, and to its own node: the new phone is one of its links
      await page.goBack();
      await pageHeading(page, `${es.justice.stages.investigation} · ${REFERENCE}`).waitFor();
      await page.getByRole('link', { name: ids.openInvestigation }).click();
      await page.getByRole('heading', { name: fill(es.network.hood.title, { name: REFERENCE }) }).waitFor();
      await page.locator('.net-links').getByText(phone.display).first().waitFor();
      await page.locator('.net-links').getByText(es.network.relation.on_file).first().waitFor();
      // the bank's financial intelligence report on the CLABE is linked to the investigation (many-to-many)
      await page.locator('.net-links').getByText('UIF/ROI/2024/03117').first().waitFor();
      await saveScreenshot(page, join(SHOTS, `network-investigation-${width}.png`), { fullPage: true });
      await expectNoSeriousA11yViolations(page);
      // and from the node back to the investigation's page
      await page.getByRole('link', { name: es.network.hood.investigationPage }).click();
      await pageHeading(page, `${es.justice.stages.investigation} · ${REFERENCE}`).waitFor();

      // the chain's sentence (demo): restitution ordered on the conviction record, what was paid and by whom
      await page.locator('.jd-timeline').getByRole('link', { name: es.justice.stages.sentence }).click();
      await pageHeading(page, `${es.justice.stages.sentence} · CP 112/2024`).waitFor();
      const rest = page.locator('section', {
        has: page.getByRole('heading', { name: es.justice.restitution.title }),
      });
      await rest.getByText(fill(es.justice.restitution.orderFor, { name: 'Ana Karen López Díaz' })).waitFor();
      // the conviction record named by its date and file number, never by its id
      await rest
        .getByText(/Sentencia del 28 sep 2024 · CP 112\/2024/)
        .first()
        .waitFor();
      expect(await rest.innerText()).not.toContain(`${FGR}/red-con-01`);
      await rest.getByText('$180,000.00').first().waitFor();
      await rest.getByText('$120,000.00').first().waitFor();
      await rest.getByText(new RegExp(es.justice.payers.seized_assets)).first().waitFor();
      await saveScreenshot(page, join(SHOTS, `sentence-restitution-${width}.png`), { fullPage: true });
      await expectNoSeriousA11yViolations(page);
      await page.context().close();
    }, 240_000);
  }
});
