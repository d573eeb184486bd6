/**
 * Provider self-service end to end, in es-MX on a small phone (390 px) and at desktop width: shelter
 * staff open "Mi directorio" from the navigation, see the API's errors at their fields, create the
 * listing (services, languages by name, eligibility, states, municipality by name, places, confidential
 * address), change free places with + and −, reload and see the values; then a caseworker's matching
 * finds the shelter. Axe and CSP on every screen; screenshots go to ENLACE_SCREENSHOTS (default: a
 * temporary folder) for a look.
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../../server/test/server.ts';
import es from '../src/i18n/es-MX.json';
import {
  buildWebForTests,
  buttonNamed,
  expectNoSeriousA11yViolations,
  firstSignIn,
  launchBrowser,
  openMainNav,
  openPage,
  pageHeading,
  saveScreenshot,
} from './harness.ts';

let server: TestServer;
let browser: Browser;
const SHOTS = process.env.ENLACE_SCREENSHOTS ?? join(tmpdir(), 'enlace-e2e-screenshots', 'provider-listing');
const L = es.providerListing;

beforeAll(async () => {
  const webDist = buildWebForTests();
  server = await startTestServer({ config: { webDist } });
  browser = await launchBrowser();
  await server.ensureAgency('fgj-chis', 'state', '07', 'prosecutor');
  mkdirSync(SHOTS, { recursive: true });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** First sign-in through the UI, enrolling MFA. */
const signIn = (page: Page, user: TestUser, path: string) =>
  firstSignIn(page, es, `${server.url}${path}`, user);

const fill = (s: string, vars: Record<string, string | number>) =>
  Object.entries(vars).reduce((acc, [k, v]) => acc.replace(`{{${k}}}`, String(v)), s);

/** A checkbox inside the group (fieldset) with this legend. */
const box = (page: Page, legend: string, label: string) =>
  page.getByRole('group', { name: legend, exact: true }).getByLabel(label, { exact: true });

describe.each([
  { label: 'phone', width: 390, height: 844 },
  { label: 'desktop', width: 1280, height: 900 },
])('provider listing in Chromium ($label, $width px)', ({ label, width, height }) => {
  it('shelter staff create the listing, change free places, reload; a caseworker’s matching finds it', async () => {
    const shot = (page: Page, name: string) =>
      saveScreenshot(page, join(SHOTS, `${label}-${name}.png`), { fullPage: true });
    const agency = `albergue-${label}`;
    const staff = await server.createUser({ role: 'service_provider', agencyId: agency });
    // createUser makes its agency a federal prosecutor: a shelter's kind set afterwards ("Mi directorio" is for
    // agencies that serve victims)
    await server.ensureAgency(agency, 'ngo', null, 'service_provider');
    const name = `Casa Refugio Xochiquetzal (${label})`;
    const address = `Callejón del Silencio ${width}, Barrio Reservado`;

    // --- Staff open "Mi directorio" from the navigation: no listing yet.
    const { page, csp } = await openPage(browser, { width, height });
    await signIn(page, staff, '/');
    const nav = await openMainNav(page, es);
    await nav.getByRole('link', { name: es.nav.providerListing, exact: true }).click();
    await pageHeading(page, es.nav.providerListing).waitFor();
    await page.getByText(L.introNew).waitFor();
    await page.getByText(L.confidential).first().waitFor();
    await expectNoSeriousA11yViolations(page);
    await shot(page, '1-new');

    // --- Sent empty: the API's errors at their fields.
    const nameField = page.getByLabel(L.name, { exact: true });
    await buttonNamed(page, L.create).click();
    await page.getByText(L.errors.summary).waitFor();
    await page.getByText(L.errors.name).waitFor();
    await page.getByText(L.errors.services).waitFor();
    await page.getByText(L.errors.referralContact).waitFor();
    await expect.poll(() => nameField.getAttribute('aria-invalid')).toBe('true');
    await expect
      .poll(() => page.getByRole('group', { name: L.services }).getAttribute('aria-invalid'))
      .toBe('true');
    await expectNoSeriousA11yViolations(page);
    await shot(page, '2-errors');

    // --- Everything but the places: a shelter must state them (error at "Lugares en total").
    await nameField.fill(name);
    await box(page, L.services, es.casework.services.shelter).check();
    await box(page, L.services, es.casework.services.psychological).check();
    await box(page, L.languagesLabel, L.languages.tzo).check();
    await box(page, L.languagesLabel, L.languages.nah).check();
    await box(page, L.sexes, es.casework.sex.female).check();
    await page.getByLabel(L.minAge, { exact: true }).fill('18');
    await box(page, L.states, 'Chiapas').check();
    const muni = page.getByLabel(L.municipality, { exact: true });
    await muni.fill('San Cristóbal de las Casas, Chiapas');
    await page.getByLabel(L.referralContact, { exact: true }).fill('ingreso@xochiquetzal.example');
    await page.getByLabel(L.address, { exact: true }).fill(address);
    await buttonNamed(page, L.create).click();
    await page.getByText(L.errors.total).waitFor();
    await expect
      .poll(() => page.getByLabel(L.total, { exact: true }).getAttribute('aria-invalid'))
      .toBe('true');
    await shot(page, '3-places-required');

    await page.getByLabel(L.total, { exact: true }).fill('10');
    await page.getByLabel(L.free, { exact: true }).fill('4');
    await buttonNamed(page, L.create).click();
    await page.getByText(L.saved, { exact: true }).waitFor();
    const count = page.getByTestId('free-places');
    await expect.poll(() => count.textContent()).toBe(fill(L.places.count, { free: 4, total: 10 }));
    expect(await page.getByText(L.errors.summary).count()).toBe(0);
    await expectNoSeriousA11yViolations(page);
    await shot(page, '4-saved');

    // --- Free places in one click: + then − twice.
    await page.getByRole('button', { name: L.places.more, exact: true }).click();
    await page.getByText(fill(L.places.now, { free: 5, total: 10 })).waitFor();
    await page.getByRole('button', { name: L.places.less, exact: true }).click();
    await page.getByText(fill(L.places.now, { free: 4, total: 10 })).waitFor();
    await page.getByRole('button', { name: L.places.less, exact: true }).click();
    await page.getByText(fill(L.places.now, { free: 3, total: 10 })).waitFor();
    await shot(page, '5-places');

    // --- Reload: the values are the server's.
    await page.reload();
    await pageHeading(page, es.nav.providerListing).waitFor();
    await page.getByText(L.introEdit).waitFor();
    await expect.poll(() => count.textContent()).toBe(fill(L.places.count, { free: 3, total: 10 }));
    await expect.poll(() => page.getByLabel(L.name, { exact: true }).inputValue()).toBe(name);
    await expect.poll(() => page.getByLabel(L.free, { exact: true }).inputValue()).toBe('3');
    await expect.poll(() => page.getByLabel(L.total, { exact: true }).inputValue()).toBe('10');
    await expect.poll(() => page.getByLabel(L.address, { exact: true }).inputValue()).toBe(address);
    await expect.poll(() => box(page, L.languagesLabel, L.languages.tzo).isChecked()).toBe(true);
    await expect.poll(() => box(page, L.languagesLabel, L.languages.spa).isChecked()).toBe(true);
    await expect.poll(() => box(page, L.states, 'Chiapas').isChecked()).toBe(true);
    await expect.poll(() => box(page, L.sexes, es.casework.sex.male).isChecked()).toBe(false);
    await expect.poll(() => muni.inputValue()).toBe('San Cristóbal de las Casas, Chiapas');
    // Usable at this width: nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await expectNoSeriousA11yViolations(page);
    await shot(page, '6-reloaded');
    expect(csp.violations).toEqual([]);
    expect(csp.pageErrors).toEqual([]);

    // --- A caseworker's matching finds the shelter, with its free places, and never its address.
    const cw = await server.login(await server.createUser({ role: 'caseworker', agencyId: 'fgj-chis' }));
    const c = await cw.request('POST', '/api/cases', {
      person: { givenNames: 'Xunka', sex: 'female', birthDate: '1998-05-10', languages: ['tzo'] },
      needs: ['shelter'],
      municipality: '07078',
    });
    expect(c.status).toBe(201);
    const m = await cw.request('POST', '/api/providers/match', { caseId: c.json.id });
    expect(m.status).toBe(200);
    const hit = m.json.ranked.find((x: { provider: { name: string } }) => x.provider.name === name);
    expect(hit, JSON.stringify(m.json)).toBeDefined();
    expect(hit.provider.capacity).toEqual({ total: 10, free: 3 });
    expect(hit.reasons.map((r: { code: string }) => r.code)).toContain('speaks_first_language');
    expect(JSON.stringify(m.json)).not.toContain(address);
  });
});
