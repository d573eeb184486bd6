/**
 * Identifiers for the network analysis in Chromium: a FEVIMTRA caseworker opens a defendant from the list of
 * defendants, records the phone the victims gave (written another way than in the records), sees a duplicate
 * written a third way refused and a typo explained, opens the phone in the network (it joins the defendant to
 * the demo ring's recruiter), moves to the defendant's node and records a handle there. Desktop and 390 px,
 * axe on every screen; screenshots in ENLACE_SCREENSHOTS (default: a temp folder).
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
  process.env.ENLACE_SCREENSHOTS ?? join(tmpdir(), 'enlace-e2e-screenshots', 'network-identifiers');
let server: TestServer;
let browser: Browser;
/** One defendant per screen width (each records the same phone once). */
const DEFENDANTS: Record<number, { givenNames: string; surname1: string; surname2: string; handle: string }> =
  {
    1280: { givenNames: 'Ernesto', surname1: 'Vidal', surname2: 'Pineda', handle: '@ernesto.vidal.empleos' },
    390: { givenNames: 'Ramón', surname1: 'Ibarra', surname2: 'Luna', handle: '@ramon_ibarra_mx' },
  };

beforeAll(async () => {
  server = await startDemoNetworkServer();
  // the defendants are recorded by a colleague (the defendants' own form is tested in justice.e2e.test.ts)
  const colleague = await server.login(await server.createUser({ role: 'caseworker', agencyId: FGR }));
  for (const d of Object.values(DEFENDANTS)) {
    const r = await colleague.request('POST', '/api/defendants', {
      identity: { givenNames: d.givenNames, surname1: d.surname1, surname2: d.surname2 },
      networkRoles: ['recruiter'],
    });
    expect(r.status, JSON.stringify(r.json)).toBe(201);
  }
  browser = await launchBrowser();
  mkdirSync(SHOTS, { recursive: true });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('identifiers for the network analysis (FEVIMTRA caseworker)', () => {
  for (const width of [1280, 390]) {
    it(`defendant → record a phone → duplicate and typo refused → the phone in the network → a handle from the network, at ${width} px`, async () => {
      const d = DEFENDANTS[width]!;
      const name = `${d.givenNames} ${d.surname1} ${d.surname2}`;
      const ids = es.network.identifiers;
      const page = await esPage(browser, width);
      await firstSignIn(page, es, `${server.url}/`, await newStaff(server, 'caseworker', FGR));
      await page.goto(`${server.url}/defendants`);
      await page.getByRole('link', { name }).first().click();
      await pageHeading(page, name).waitFor();
      const section = page.locator('section', { has: page.getByRole('heading', { name: ids.title }) });
      await section.getByText(ids.none).waitFor();

      // the phone as the victims gave it: old mobile prefix, dashes
      await section.getByLabel(ids.kind, { exact: true }).selectOption({ label: es.network.kind.phone });
      await section.getByLabel(ids.value, { exact: true }).fill('044 55-4821-3390');
      await section
        .getByLabel(ids.note, { exact: true })
        .fill('Número que dio a las víctimas para la entrevista');
      await buttonNamed(page, ids.submit).click();
      await section
        .getByText(fill(ids.added, { kind: es.network.kind.phone, value: '+52 55 4821 3390' }))
        .waitFor();
      const list = section.getByRole('list', { name: ids.listLabel });
      await list.getByText('+52 55 4821 3390', { exact: true }).waitFor();
      await list.getByText('Número que dio a las víctimas para la entrevista').waitFor();

      // the same number written a third way is the same identifier
      await section.getByLabel(ids.value, { exact: true }).fill('+52 1 55 4821 3390');
      await buttonNamed(page, ids.submit).click();
      await section.getByText(es.errors.network_identifier_duplicate).waitFor();
      // a typo is explained, never saved
      await section.getByLabel(ids.kind, { exact: true }).selectOption({ label: es.network.kind.account });
      await section.getByLabel(ids.value, { exact: true }).fill('0121-80');
      await buttonNamed(page, ids.submit).click();
      await section.getByText(es.errors.network_identifier_invalid).waitFor();
      await expect(list.getByRole('listitem').count()).resolves.toBe(1);
      await saveScreenshot(page, join(SHOTS, `defendant-identifiers-${width}.png`), { fullPage: true });
      await expectNoSeriousA11yViolations(page);

      // the phone in the network: the defendant and the demo ring's recruiter share it
      await list.getByRole('link', { name: new RegExp(ids.open) }).click();
      await page.waitForURL((u) => u.pathname === '/network');
      await page
        .getByRole('heading', { name: fill(es.network.hood.title, { name: '+52 55 4821 3390' }) })
        .waitFor();
      await page
        .getByText(/Julio César Hernández Mora/)
        .first()
        .waitFor();
      await page.getByText(name).first().waitFor();
      await saveScreenshot(page, join(SHOTS, `network-phone-${width}.png`), { fullPage: true });
      await expectNoSeriousA11yViolations(page);

      // to the defendant's node; a handle recorded from the network page joins the graph at once
      await page
        .getByRole('button', { name: new RegExp(name) })
        .first()
        .click();
      await page.getByRole('heading', { name: fill(es.network.hood.title, { name }) }).waitFor();
      await page.getByRole('link', { name: es.network.hood.defendantPage }).waitFor();
      const onNet = page.locator('section', { has: page.getByRole('heading', { name: ids.title }) });
      await onNet.getByLabel(ids.kind, { exact: true }).selectOption({ label: es.network.kind.handle });
      await onNet.getByLabel(ids.value, { exact: true }).fill(d.handle);
      await buttonNamed(page, ids.submit).click();
      const handle = d.handle.slice(1);
      await onNet.getByText(fill(ids.added, { kind: es.network.kind.handle, value: handle })).waitFor();
      await page.locator('.net-links').getByText(handle).first().waitFor();
      await saveScreenshot(page, join(SHOTS, `network-defendant-${width}.png`), { fullPage: true });
      await expectNoSeriousA11yViolations(page);

      // removed from the defendant's page, the handle leaves the network
      await page.getByRole('link', { name: es.network.hood.defendantPage }).click();
      await pageHeading(page, name).waitFor();
      const again = page.locator('section', { has: page.getByRole('heading', { name: ids.title }) });
      await again
        .getByRole('button', { name: new RegExp(`^${ids.remove}\\s*: ${handle.replaceAll('.', '\\.')}$`) })
        .click();
      await again.getByText(fill(ids.removed, { kind: es.network.kind.handle, value: handle })).waitFor();
      await expect.poll(() => again.getByRole('listitem').count()).toBe(1);
      await page.context().close();
    }, 240_000);
  }
});
