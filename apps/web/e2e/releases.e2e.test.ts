/**
 * The public release end to end in Chromium, on the demo data loaded by the import engine: an analyst prepares
 * the 2023 release (k = 11) from the "Datos abiertos" page, sees which figures are suppressed and why, cannot
 * approve it herself; a second analyst (phone width) approves it; the open-data page then shows the figures
 * without JavaScript (phone and desktop), with CSV and JSON downloads and the data dictionary, and no value
 * between 1 and 10 anywhere. Axe on every screen; screenshots in ENLACE_SCREENSHOTS (default: a temp folder).
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../server/src/api/users/service.ts';
import type { TestServer } from '../../server/test/server.ts';
import en from '../src/i18n/en-US.json';
import es from '../src/i18n/es-MX.json';
import { screenshotDir, startImportedDemoSuite } from './demo-suite.ts';
import {
  buttonNamed,
  expectNoSeriousA11yViolations,
  openMainNav,
  openPage,
  pageHeading,
  saveScreenshot,
} from './harness.ts';

const YEAR = 2023;
const K = 11;
const SHOTS = screenshotDir('releases');
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

const fill = (s: string, vars: Record<string, string | number>) =>
  s.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(vars[k] ?? ''));

async function analyst(name: string) {
  const password = `pw-${randomBytes(12).toString('hex')}`;
  const email = `${name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, '.')}.${randomBytes(3).toString('hex')}@example.test`;
  await createUser(
    { db: server.db, actor: { userId: null, agencyId: null } },
    { email, displayName: name, role: 'analyst', agencyId: 'analisis-nacional', password },
  );
  return { email, password };
}

async function login(page: Page, u: { email: string; password: string }) {
  await page.goto(`${server.url}/`);
  await page.getByLabel(es.auth.login.email, { exact: true }).fill(u.email);
  await page.getByLabel(es.auth.login.password, { exact: true }).fill(u.password);
  await buttonNamed(page, es.auth.login.submit).click();
  try {
    await page.waitForURL((u) => u.pathname === '/dashboard');
  } catch (e) {
    await saveScreenshot(page, join(SHOTS, 'login-failure.png'));
    throw e;
  }
}

async function shot(page: Page, name: string) {
  await saveScreenshot(page, join(SHOTS, `${name}.png`), { fullPage: true });
  await saveScreenshot(page, join(SHOTS, `${name}-screen.png`));
}

/** Every number shown in a table cell of the public page (es-MX formatting). */
async function publicNumbers(page: Page): Promise<number[]> {
  const texts = await page.locator('td.n').allTextContents();
  return texts
    .map((s) => s.replace(/[,\s]/g, ''))
    .filter((s) => s !== '—')
    .map(Number);
}

describe('public release', () => {
  it('prepare → a second analyst approves → the open-data page without JavaScript', async () => {
    const rosa = await analyst('Rosa Elena Martínez');
    const jorge = await analyst('Jorge Luis Cervantes');

    // 1. Rosa prepares the release at desktop width, from the navigation.
    const { page, csp } = await openPage(browser, { width: 1280, height: 900 });
    await login(page, rosa);
    // She picks the year before the page's own answer on which year to offer first arrives (held here until
    // she has picked): her pick stays. A late answer used to put the select back on the latest year, and the
    // release was prepared for that year instead.
    let releaseYears!: () => void;
    const yearsHeld = new Promise<void>((resolve) => {
      releaseYears = resolve;
    });
    await page.route('**/api/report/years*', async (route) => {
      await yearsHeld;
      await route.continue();
    });
    await page
      .getByRole('navigation', { name: es.app.mainNav })
      .getByRole('link', { name: es.nav.releases })
      .click();
    await pageHeading(page, es.nav.releases).waitFor();
    const yearSelect = page.getByLabel(es.releases.prepare.year, { exact: true });
    await yearSelect.selectOption(String(YEAR));
    const yearsAnswer = page.waitForResponse((r) => r.url().includes('/api/report/years'));
    releaseYears();
    await (await yearsAnswer).finished();
    // two frames: the answer has been handled and drawn
    await page.evaluate(
      () => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))),
    );
    expect(await yearSelect.inputValue()).toBe(String(YEAR));
    await page.unroute('**/api/report/years*');
    await expectNoSeriousA11yViolations(page);
    await expect
      .poll(() => page.getByLabel(es.releases.prepare.k, { exact: true }).inputValue())
      .toBe(String(K));
    await shot(page, 'desktop-1-prepare');
    await buttonNamed(page, es.releases.prepare.submit).click();
    await pageHeading(page, fill(es.releases.detail.heading, { year: YEAR })).waitFor();
    await page.getByText(es.releases.detail.ownRelease).waitFor();
    expect(await buttonNamed(page, es.releases.detail.approve).count()).toBe(0);
    // why each figure is suppressed: below k, or complementary to protect a named figure
    const why = page.getByRole('region', { name: es.releases.detail.suppressedTitle });
    await why.getByText(es.releases.reasonKind.primary, { exact: true }).first().waitFor();
    await why.getByText(es.releases.reasonKind.complementary, { exact: true }).first().waitFor();
    // the complementary ones first (the reviewer's judgement call), not scattered among the ~80 below k
    const rows = why.getByRole('row');
    const reasons = (await rows.allTextContents()).slice(1);
    const firstPrimary = reasons.findIndex((r) => r.includes(es.releases.reasonKind.primary));
    const lastComplementary = reasons.findLastIndex((r) => r.includes(es.releases.reasonKind.complementary));
    expect(lastComplementary).toBeGreaterThanOrEqual(0);
    expect(lastComplementary).toBeLessThan(firstPrimary);
    const whyText = (await why.textContent()) ?? '';
    expect(whyText).toContain('Protege «');
    expect(whyText).not.toMatch(/victims\.|convictions\.|by_state\./); // labels, never keys
    await expectNoSeriousA11yViolations(page);
    await shot(page, 'desktop-2-prepared');
    expect(csp.violations).toEqual([]);
    expect(csp.pageErrors).toEqual([]);
    // not published yet
    expect((await page.request.get(`${server.url}/datos-abiertos/${YEAR}`)).status()).toBe(404);

    // 2. Jorge approves it on a phone.
    const phone = await openPage(browser, { width: 390, height: 844 });
    const p2 = phone.page;
    await login(p2, jorge);
    await p2.goto(`${server.url}/releases`);
    await pageHeading(p2, es.nav.releases).waitFor();
    await p2.getByRole('link', { name: fill(es.releases.yearK, { year: YEAR, k: K }) }).click();
    await pageHeading(p2, fill(es.releases.detail.heading, { year: YEAR })).waitFor();
    await p2.getByText(es.releases.detail.approveHint).waitFor();
    await expectNoSeriousA11yViolations(p2);
    await shot(p2, 'phone-3-review');
    await buttonNamed(p2, es.releases.detail.approve).click();
    await p2.getByText(es.releases.detail.published).waitFor();
    await p2.getByText(es.releases.status.published, { exact: true }).waitFor();
    await shot(p2, 'phone-4-approved');
    const publicHref = await p2.getByRole('link', { name: es.releases.openPublic }).getAttribute('href');
    expect(publicHref).toBe(`/datos-abiertos/${YEAR}?lang=es-MX`);
    expect(phone.csp.violations).toEqual([]);

    // 3. The open-data page without JavaScript, phone and desktop.
    for (const viewport of [
      { width: 390, height: 844 },
      { width: 1280, height: 900 },
    ]) {
      const ctx = await browser.newContext({ viewport, javaScriptEnabled: false, locale: 'es-MX' });
      const pub = await ctx.newPage();
      pub.setDefaultTimeout(30_000);
      await pub.goto(`${server.url}/datos-abiertos`);
      await pub.getByRole('link', { name: `Cifras nacionales de trata de personas, ${YEAR}` }).click();
      await pub
        .getByRole('heading', { level: 1, name: `Cifras nacionales de trata de personas, ${YEAR}` })
        .waitFor();
      const nums = await publicNumbers(pub);
      expect(nums.length).toBeGreaterThan(20);
      expect(nums.filter((n) => n > 0 && n < K)).toEqual([]);
      expect(nums.some((n) => n >= K)).toBe(true);
      await pub.getByText('reservado', { exact: true }).first().waitFor();
      // the states table's "—" (no victims figure without a state) is explained
      await pub.getByText('«—»: no aplica.', { exact: false }).waitFor();
      // an amount withheld (it rests on fewer than k people) says why
      if (await pub.getByText('retenido', { exact: true }).count())
        await pub.getByText(`descansa en menos de ${K} personas o registros`, { exact: false }).waitFor();
      const csvHref = await pub.getByRole('link', { name: 'Cifras (CSV)' }).getAttribute('href');
      const jsonHref = await pub.getByRole('link', { name: 'Cifras (JSON)' }).getAttribute('href');
      const csv = await (await pub.request.get(server.url + csvHref)).text();
      expect(csv).toContain('figure,label_es,label_en,value,status');
      // the forms named as in the printed report and the dashboard ("explotación laboral", not the narrower
      // "trabajo forzoso"), in the tables and the files
      await pub
        .getByRole('columnheader', { name: /^explotación laboral$/i })
        .first()
        .waitFor();
      expect(csv).toContain('explotación laboral');
      expect(csv).not.toMatch(/trabajo forzoso|forma no especificada/);
      const json = await (await pub.request.get(server.url + jsonHref)).json();
      for (const [k, v] of Object.entries(json.figures as Record<string, number | null>))
        if (v !== null) expect(v === 0 || v >= K, k).toBe(true);
      await shot(pub, `${viewport.width}-5-public`);
      await pub.getByRole('link', { name: 'Diccionario de datos' }).first().click();
      await pub.getByRole('heading', { level: 1, name: 'Diccionario de datos' }).waitFor();
      await shot(pub, `${viewport.width}-6-dictionary`);
      await pub.goto(`${server.url}/datos-abiertos/${YEAR}?lang=en-US`);
      await pub
        .getByRole('heading', { level: 1, name: `National trafficking-in-persons figures, ${YEAR}` })
        .waitFor();
      await ctx.close();
    }
    // axe and CSP on the public pages (axe needs script, so in a JavaScript-enabled context)
    const a11y = await openPage(browser, { width: 390, height: 844 });
    for (const path of [`/datos-abiertos`, `/datos-abiertos/${YEAR}`, '/datos-abiertos/diccionario']) {
      await a11y.page.goto(server.url + path);
      await expectNoSeriousA11yViolations(a11y.page);
      // wide tables scroll inside their frame: the page is never wider than the phone
      expect(await a11y.page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(
        390,
      );
    }
    expect(a11y.csp.violations).toEqual([]);
  }, 300_000);

  it('with differential privacy: prepared on a phone, approved in English, the noisy figures never below k', async () => {
    const year = YEAR + 1;
    const ana = await analyst('Ana Sofía Villarreal');
    const luis = await analyst('Luis Fernando Ocampo');

    // Ana prepares the next year's release on a phone, with noise (ε keeps its suggested 1), from the menu.
    const { page, csp } = await openPage(browser, { width: 390, height: 844 });
    await login(page, ana);
    await (await openMainNav(page, es)).getByRole('link', { name: es.nav.releases }).click();
    await pageHeading(page, es.nav.releases).waitFor();
    await page.getByLabel(es.releases.prepare.year, { exact: true }).selectOption(String(year));
    await page.getByLabel(es.releases.prepare.dp, { exact: true }).check();
    await expect
      .poll(() => page.getByLabel(es.releases.prepare.epsilon, { exact: true }).inputValue())
      .toBe('1');
    await shot(page, 'phone-7-prepare-dp');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await buttonNamed(page, es.releases.prepare.submit).click();
    await pageHeading(page, fill(es.releases.detail.heading, { year })).waitFor();
    await page.getByText(es.releases.detail.ownRelease).waitFor();
    const why = page.getByRole('region', { name: es.releases.detail.suppressedTitle });
    await why.getByText(es.releases.reasonKind.primary, { exact: true }).first().waitFor();
    expect((await why.textContent()) ?? '').not.toMatch(/victims\.|convictions\.|by_state\./);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectNoSeriousA11yViolations(page);
    await shot(page, 'phone-8-prepared-dp');
    expect(csp.violations).toEqual([]);
    expect(csp.pageErrors).toEqual([]);

    // Luis reviews and approves it at desktop width, in English.
    const desk = await openPage(browser, { width: 1280, height: 900 });
    const p2 = desk.page;
    await login(p2, luis);
    await p2.getByLabel(es.language.label, { exact: true }).selectOption('en-US');
    await (await openMainNav(p2, en)).getByRole('link', { name: en.nav.releases }).click();
    await pageHeading(p2, en.nav.releases).waitFor();
    await p2.getByRole('link', { name: fill(en.releases.yearK, { year, k: K }) }).click();
    await pageHeading(p2, fill(en.releases.detail.heading, { year })).waitFor();
    await p2.getByText(en.releases.detail.approveHint).waitFor();
    await shot(p2, 'desktop-9-review-en');
    await expectNoSeriousA11yViolations(p2);
    await buttonNamed(p2, en.releases.detail.approve).click();
    await p2.getByText(en.releases.detail.published).waitFor();
    expect(desk.csp.violations).toEqual([]);
    expect(desk.csp.pageErrors).toEqual([]);

    // The public page says the figures carry noise; no published value lies between 1 and k − 1.
    const ctx = await browser.newContext({
      viewport: { width: 390, height: 844 },
      javaScriptEnabled: false,
      locale: 'es-MX',
    });
    const pub = await ctx.newPage();
    await pub.goto(`${server.url}/datos-abiertos/${year}`);
    await pub
      .getByRole('heading', { level: 1, name: `Cifras nacionales de trata de personas, ${year}` })
      .waitFor();
    await pub.getByText('privacidad diferencial (ε = 1)', { exact: false }).waitFor();
    const nums = await publicNumbers(pub);
    expect(nums.length).toBeGreaterThan(20);
    expect(nums.filter((n) => n > 0 && n < K)).toEqual([]);
    const json = await (await pub.request.get(`${server.url}/datos-abiertos/${year}/cifras.json`)).json();
    for (const [k, v] of Object.entries(json.figures as Record<string, number | null>))
      if (v !== null) expect(v === 0 || v >= K, k).toBe(true);
    await shot(pub, '390-10-public-dp');
    await ctx.close();
  }, 300_000);
});
