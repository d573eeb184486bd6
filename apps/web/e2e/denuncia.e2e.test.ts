/**
 * The public tip page /denuncia in real Chromium with JavaScript DISABLED, in es-MX at 390 px and at desktop width:
 * a person reads the warning signs, sends a tip with the plain HTML form, gets the folio and the follow-up key,
 * later opens the follow-up page, sees the status and adds information. Also: a refused form names its fields;
 * the language switcher works by links (English; Nahuatl falls back to Spanish with a note); axe and CSP on every
 * page (axe in a JavaScript-enabled context, as it runs in the page); the bytes Chromium really transfers on the
 * first load (≤ 30 KB); and the load on an emulated slow 3G phone (≤ 2 s to interactive). Screenshots go to
 * ENLACE_SCREENSHOTS (default: a temporary folder).
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '../../server/src/public/catalogs/en-US.json';
import es from '../../server/src/public/catalogs/es-MX.json';
import { startTestServer, type TestServer } from '../../server/test/server.ts';
import { expectNoSeriousA11yViolations, launchBrowser, saveScreenshot, watchCsp } from './harness.ts';

let server: TestServer;
let browser: Browser;
const SHOTS = process.env.ENLACE_SCREENSHOTS ?? join(tmpdir(), 'enlace-e2e-screenshots', 'denuncia');

beforeAll(async () => {
  server = await startTestServer({
    database: 'postgres',
    config: {
      publicFormRateLimitPerMinute: 100,
      hotlines: [
        { id: 'emergency', number: '911', tel: '911' },
        { id: 'national', number: '800 5533 000', tel: '8005533000' },
        { id: 'anonymous', number: '089', tel: '089' },
        { id: 'us', number: '1-888-373-7888', tel: '+18883737888', sms: '233733' },
      ],
    },
  });
  await server.ensureAgency('linea-nacional', 'federal', null, 'hotline');
  browser = await launchBrowser();
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const VIEWPORTS = [
  { label: 'phone', viewport: { width: 390, height: 844 } },
  { label: 'desktop', viewport: { width: 1280, height: 900 } },
] as const;

async function noJsPage(viewport: { width: number; height: number }) {
  const context = await browser.newContext({ viewport, javaScriptEnabled: false, locale: 'es-MX' });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  return { page, context };
}

/** axe and CSP on the same URL in a JavaScript-enabled context (axe runs as a script in the page). */
async function checkA11y(path: string) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'es-MX' });
  const page = await context.newPage();
  const csp = watchCsp(page);
  await page.goto(server.url + path);
  await expectNoSeriousA11yViolations(page);
  expect(csp.violations).toEqual([]);
  expect(csp.pageErrors).toEqual([]);
  await context.close();
}

/** The whole page, and what the first screen shows. */
async function shot(page: Page, label: string, name: string) {
  await saveScreenshot(page, join(SHOTS, `${label}-${name}.png`), { fullPage: true });
  await saveScreenshot(page, join(SHOTS, `${label}-${name}-screen.png`));
}

describe('/denuncia without JavaScript', () => {
  for (const { label, viewport } of VIEWPORTS) {
    it(`${label}: reads the signs, sends a tip, keeps folio and key, follows it up and adds information`, async () => {
      const { page, context } = await noJsPage(viewport);
      const csp = watchCsp(page);
      await page.goto(`${server.url}/denuncia`);
      await page.getByRole('heading', { level: 1, name: es['page.title'] }).waitFor();
      expect(await page.getByText('Enlace necesita JavaScript').count()).toBe(0);
      expect(await page.getByRole('link', { name: '800 5533 000' }).getAttribute('href')).toBe(
        'tel:8005533000',
      );
      expect(await page.getByRole('link', { name: '911' }).first().getAttribute('href')).toBe('tel:911');
      await page.getByText(es['signs.novio']).waitFor();
      await shot(page, label, '1-denuncia');

      // a refused form: the fields are named, what was written stays
      await page.getByLabel(`${es['form.description']} *`).fill('Muy corto');
      await page.getByRole('button', { name: es['form.submit'] }).click();
      await page.getByRole('heading', { name: es['errors.title'] }).waitFor();
      await page.getByRole('link', { name: es['errors.category'] }).waitFor();
      await page
        .getByRole('link', {
          name: es['errors.description'].replace('{min}', '10').replace('{max}', '5,000'),
        })
        .waitFor();
      expect(await page.getByLabel(`${es['form.description']} *`).inputValue()).toBe('Muy corto');
      await shot(page, label, '2-errores');

      await page.getByLabel(es['form.category.labor']).check();
      await page
        .getByLabel(`${es['form.description']} *`)
        .fill(
          `En una bodega de Tlaquepaque encierran a jóvenes de Chiapas; trabajan de noche y les quitaron sus credenciales (${label}).`,
        );
      await page.getByLabel(es['form.state']).selectOption({ label: 'Jalisco' });
      await page.getByLabel(es['form.language']).selectOption({ label: 'Tsotsil' });
      await page.getByLabel(es['form.urgent']).check();
      await page.getByRole('button', { name: es['form.submit'] }).click();
      await page.getByRole('heading', { level: 1, name: es['sent.title'] }).waitFor();
      const folio = (await page.getByTestId('folio').textContent())?.trim() ?? '';
      const key = (await page.getByTestId('followup-key').textContent())?.trim() ?? '';
      expect(folio).toMatch(/^D-[A-Z2-9]{8}$/);
      expect(key).toMatch(/^[A-Z2-9]{5}(-[A-Z2-9]{5}){4}$/);
      await shot(page, label, '3-folio-y-clave');
      const { rows } = await server.db.query<{ state_code: string; language: string; urgent: boolean }>(
        'SELECT state_code, language, urgent FROM tips WHERE folio = $1',
        [folio],
      );
      expect(rows[0]).toEqual({ state_code: '14', language: 'tzo', urgent: true });

      // later: follow-up with folio and key
      await page.getByRole('link', { name: es['sent.followup'] }).click();
      await page.getByRole('heading', { level: 1, name: es['followup.title'] }).waitFor();
      await page.getByLabel(es['followup.folio']).fill(folio);
      await page.getByLabel(es['followup.secret']).fill(key);
      await shot(page, label, '4-seguimiento');
      await page.getByRole('button', { name: es['followup.submit'] }).click();
      await page
        .getByRole('heading', { level: 1, name: es['followup.statusTitle'].replace('{folio}', folio) })
        .waitFor();
      expect(await page.getByTestId('tip-status').textContent()).toBe(es['followup.status.new']);
      await page
        .getByLabel(es['followup.addText'])
        .fill('Cada viernes llega una camioneta gris sin placas por la noche.');
      await page.getByRole('button', { name: es['followup.addSubmit'] }).click();
      await page.getByText(es['followup.added']).waitFor();
      await shot(page, label, '5-informacion-agregada');
      const adds = await server.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM tip_additions a JOIN tips t ON t.id = a.tip_id WHERE t.folio = $1',
        [folio],
      );
      expect(adds.rows[0]!.n).toBe(1);
      expect(csp.violations).toEqual([]);
      await context.close();
    }, 120_000);
  }

  it('switches language by plain links: English, and Nahuatl shown in Spanish with a note that review is pending', async () => {
    const { page, context } = await noJsPage({ width: 1280, height: 900 });
    await page.goto(`${server.url}/denuncia`);
    await page
      .getByRole('navigation', { name: es['page.languages'] })
      .getByRole('link', { name: 'English' })
      .click();
    await page.getByRole('heading', { level: 1, name: en['page.title'] }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en-US');
    await shot(page, 'desktop', '6-english');
    await page.getByRole('link', { name: 'Náhuatl' }).click();
    await expect.poll(() => page.getByRole('note').textContent()).toContain('Náhuatl');
    await page.getByRole('heading', { level: 1, name: es['page.title'] }).waitFor();
    await shot(page, 'desktop', '7-nahuatl-pendiente');
    await context.close();
  }, 60_000);

  it('every page is axe-clean and within the CSP (es-MX, en-US, Tseltal, follow-up)', async () => {
    for (const path of ['/denuncia', '/denuncia?lang=en-US', '/denuncia?lang=tzh', '/denuncia/seguimiento'])
      await checkA11y(path);
    // the pages that answer a POST: error page, receipt, status
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'es-MX' });
    const page = await context.newPage();
    const csp = watchCsp(page);
    await page.goto(`${server.url}/denuncia`);
    await shot(page, 'phone', '0-js-enabled');
    await page.getByRole('button', { name: es['form.submit'] }).click();
    await page.getByRole('heading', { name: es['errors.title'] }).waitFor();
    await expectNoSeriousA11yViolations(page);
    await page.getByLabel(es['form.category.sexual']).check();
    await page
      .getByLabel(`${es['form.description']} *`)
      .fill('Anuncian trabajo de edecán en redes y piden fotos a menores.');
    await page.getByRole('button', { name: es['form.submit'] }).click();
    await page.getByTestId('folio').waitFor();
    await expectNoSeriousA11yViolations(page);
    const folio = (await page.getByTestId('folio').textContent()) ?? '';
    const key = (await page.getByTestId('followup-key').textContent()) ?? '';
    await page.goto(`${server.url}/denuncia/seguimiento`);
    await page.getByLabel(es['followup.folio']).fill(folio);
    await page.getByLabel(es['followup.secret']).fill(key);
    await page.getByRole('button', { name: es['followup.submit'] }).click();
    await page.getByTestId('tip-status').waitFor();
    await expectNoSeriousA11yViolations(page);
    expect(csp.violations).toEqual([]);
    await context.close();
  }, 120_000);
});

describe('/denuncia on a slow connection', () => {
  /** A first load in a fresh context with the given network conditions; the bytes on the wire and the timings. */
  async function firstLoad(
    net: { latency: number; downloadThroughput: number; uploadThroughput: number },
    cpu = 4,
  ) {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, ...net });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpu });
    const sizes = new Map<string, number>();
    const urls = new Map<string, string>();
    cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
    cdp.on('Network.loadingFinished', (e) => sizes.set(e.requestId, e.encodedDataLength));
    await page.goto(`${server.url}/denuncia`, { waitUntil: 'load' });
    await page.waitForTimeout(0);
    const timing = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return { interactive: nav.domInteractive, dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd };
    });
    const bytes = [...sizes.values()].reduce((a, b) => a + b, 0);
    const requests = [...urls.values()];
    await context.close();
    return { ...timing, bytes, requests };
  }

  it('first load: ≤ 30 KB on the wire in every request Chromium makes, interactive ≤ 2 s on slow 3G (400 ms RTT, 400 kbit/s, CPU ÷4)', async () => {
    const slow3g = { latency: 400, downloadThroughput: (400 * 1000) / 8, uploadThroughput: (400 * 1000) / 8 };
    const r = await firstLoad(slow3g);
    console.log(
      `/denuncia slow 3G (400 ms, 400 kbit/s, CPU/4): ${r.requests.length} requests, ${r.bytes} bytes, interactive ${Math.round(r.interactive)} ms, DOMContentLoaded ${Math.round(r.dcl)} ms, load ${Math.round(r.load)} ms`,
    );
    expect(r.bytes).toBeLessThanOrEqual(30 * 1024);
    expect(r.requests.length).toBeLessThanOrEqual(2); // the page and the optional script
    expect(r.dcl).toBeLessThanOrEqual(2000);
    // DevTools' own "Slow 3G" preset adds 2 s to every response: reported, the floor is one round trip.
    const preset = await firstLoad({
      latency: 2000,
      downloadThroughput: (500 * 1000 * 0.8) / 8,
      uploadThroughput: (500 * 1000 * 0.8) / 8,
    });
    console.log(
      `/denuncia DevTools "Slow 3G" preset (2,000 ms per response, 400 kbit/s): interactive ${Math.round(preset.interactive)} ms, DOMContentLoaded ${Math.round(preset.dcl)} ms`,
    );
  }, 120_000);
});
