/**
 * Insider-threat controls end to end, in es-MX on a small phone (390 px) and at desktop width: a caseworker opens
 * a colleague's case, is asked why (an accessible dialog; a too-short reason is refused), gives a reason and sees
 * the case; the agency admin finds the flagged access at /alerts, with the reason, and marks it as reviewed.
 * Axe and CSP on every screen; screenshots go to ENLACE_SCREENSHOTS (default: a temporary folder) for a look.
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
const SHOTS = process.env.ENLACE_SCREENSHOTS ?? join(tmpdir(), 'enlace-e2e-screenshots', 'insider');
const REASON = 'Guardia nocturna: la persona llamó pidiendo apoyo y su gestora no está';

beforeAll(async () => {
  const webDist = buildWebForTests();
  server = await startTestServer({ config: { webDist } });
  browser = await launchBrowser();
  await server.ensureAgency('fge-ver', 'state', '30', 'prosecutor');
  await server.db.query("UPDATE agencies SET name = 'Fiscalía del Estado de Veracruz' WHERE id = 'fge-ver'");
  mkdirSync(SHOTS, { recursive: true });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function named(
  role: 'agency_admin' | 'caseworker' | 'hotline_operator',
  name: string,
  tag: string,
): Promise<TestUser> {
  const u = await server.createUser({ role, agencyId: 'fge-ver', email: `${tag}.${role}@fiscalia.example` });
  await server.db.query('UPDATE users SET display_name = $2 WHERE id = $1', [u.id, name]);
  return u;
}

/** Sign-in with MFA enrolment through the UI, starting at `path`. */
const signIn = (page: Page, user: TestUser, path: string) =>
  firstSignIn(page, es, `${server.url}${path}`, user);

const fill = (s: string, vars: Record<string, string | number>) =>
  Object.entries(vars).reduce((acc, [k, v]) => acc.replace(`{{${k}}}`, String(v)), s);

describe.each([
  { label: 'phone', width: 390, height: 844 },
  { label: 'desktop', width: 1280, height: 900 },
])('break-glass and alerts in Chromium ($label, $width px)', ({ label, width, height }) => {
  it("a caseworker opens a colleague's case with a reason; the agency admin sees the flagged access", async () => {
    const shot = (page: Page, name: string) =>
      saveScreenshot(page, join(SHOTS, `${label}-${name}.png`), { fullPage: true });
    const owner = await named('caseworker', 'Rosa Méndez', `${label}-owner`);
    const who = label === 'phone' ? 'Tomás Aguilar' : 'Irene Castillo'; // one name per run: the agency is shared
    const colleague = await named('caseworker', who, label);
    const admin = await named('agency_admin', 'Lucía Fernández', label);
    const ownerApi = await server.login(owner);
    const opened = await ownerApi.request('POST', '/api/cases', {
      person: { givenNames: 'Citlali', surname1: 'Ramírez', sex: 'female' },
      notes: 'Entrevista inicial en el albergue',
    });
    expect(opened.status).toBe(201);
    const caseId: string = opened.json.id;

    // --- The colleague opens the case: asked for a reason before anything of the case is shown.
    const { page, csp } = await openPage(browser, { width, height });
    await signIn(page, colleague, `/cases/${caseId}`);
    const dialog = page.getByRole('dialog', { name: es.breakGlass.title });
    await dialog.waitFor();
    expect(await page.getByText('Citlali').count()).toBe(0);
    const reason = dialog.getByLabel(es.breakGlass.reason, { exact: true });
    // the dialog moves focus to the reason once it is shown: wait for it rather than read at once
    await expect.poll(() => reason.evaluate((el) => el === document.activeElement)).toBe(true);
    await expectNoSeriousA11yViolations(page);
    await shot(page, '1-asked');

    // Too short: refused in the dialog, with the error tied to the field.
    await reason.fill('revisión');
    await buttonNamed(page, es.breakGlass.submit).click();
    await dialog.getByText(es.breakGlass.tooShort).waitFor();
    await expect.poll(() => reason.getAttribute('aria-invalid')).toBe('true');
    await shot(page, '2-too-short');

    await reason.fill(REASON);
    await buttonNamed(page, es.breakGlass.submit).click();
    await pageHeading(page, fill(es.casework.case.titleFor, { name: 'Citlali Ramírez' })).waitFor();
    await page.getByText(fill(es.breakGlass.notice, { reason: REASON })).waitFor();
    await dialog.waitFor({ state: 'hidden' });
    await expectNoSeriousA11yViolations(page);
    await shot(page, '3-case-opened');
    expect(csp.violations).toEqual([]);
    expect(csp.pageErrors).toEqual([]);

    // --- The agency admin: Alertas in the navigation, the access with its reason; marks it reviewed.
    const a = await openPage(browser, { width, height });
    await signIn(a.page, admin, '/');
    const nav = await openMainNav(a.page, es);
    await nav.getByRole('link', { name: es.nav.alerts, exact: true }).click();
    await pageHeading(a.page, es.nav.alerts).waitFor();
    const table = a.page.getByRole('table', { name: es.alerts.caption });
    const row = table.getByRole('row').filter({ hasText: who });
    await row.getByText(es.alerts.kind.break_glass).waitFor();
    await row.getByText(REASON).waitFor();
    await row.getByRole('link', { name: fill(es.alerts.what.cases, { id: caseId }) }).waitFor();
    expect(await table.getByText('Citlali').count()).toBe(0);
    await expectNoSeriousA11yViolations(a.page);
    await shot(a.page, '4-alerts');
    await row.getByRole('button', { name: new RegExp(`^${es.alerts.acknowledge}`) }).click();
    await a.page.getByText(es.alerts.acknowledged).waitFor();
    await table.getByRole('row').filter({ hasText: who }).waitFor({ state: 'detached' });
    await a.page.getByLabel(es.alerts.show, { exact: true }).selectOption('all');
    await table
      .getByRole('row')
      .filter({ hasText: who })
      .getByText(new RegExp(`^${es.alerts.acknowledgedAt.split(' {{')[0]}`))
      .waitFor();
    await expectNoSeriousA11yViolations(a.page);
    await shot(a.page, '5-reviewed');

    // --- The admin opens the case from the alert (no prompt for the agency's admin) and assigns it to the
    // colleague, whose next visit asks nothing: the case is now theirs.
    await table.getByRole('link', { name: fill(es.alerts.what.cases, { id: caseId }) }).click();
    await pageHeading(a.page, fill(es.casework.case.titleFor, { name: 'Citlali Ramírez' })).waitFor();
    expect(await a.page.getByRole('dialog').count()).toBe(0);
    await a.page.getByText(es.casework.assignment.none).waitFor();
    await a.page
      .getByLabel(es.casework.assignment.to, { exact: true })
      .selectOption({ label: `${who} (${es.roles.caseworker})` });
    await buttonNamed(a.page, es.casework.assignment.save).click();
    await a.page.getByText(es.casework.assignment.saved).waitFor();
    await a.page.getByText(fill(es.casework.assignment.current, { name: who })).waitFor();
    await expectNoSeriousA11yViolations(a.page);
    await shot(a.page, '6-assigned');
    await page.goto(`${server.url}/cases/${caseId}`);
    await pageHeading(page, fill(es.casework.case.titleFor, { name: 'Citlali Ramírez' })).waitFor();
    await page.getByText(fill(es.casework.assignment.current, { name: who })).waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await page.getByText(es.breakGlass.notice.split(':')[0]!).count()).toBe(0);
    expect(a.csp.violations).toEqual([]);
    expect(a.csp.pageErrors).toEqual([]);
    await page.context().close();
    await a.page.context().close();
  }, 180_000);

  it("a hotline operator opens a person they did not record: asked first, then the person's fields", async () => {
    const hotline = await named('hotline_operator', label === 'phone' ? 'Ana Ruiz' : 'Eva Soto', label);
    const recorder = await server.login(await server.createUser({ role: 'supervisor', agencyId: 'fge-ver' }));
    const personId = `fge-ver/${label}-p1`;
    const put = await recorder.request('PUT', `/api/persons/${encodeURIComponent(personId)}`, {
      given_names: 'Yolotzin',
      surname_1: 'Hernández',
      sex: 'female',
    });
    expect(put.status).toBe(200);
    const { page, csp } = await openPage(browser, { width, height });
    await signIn(page, hotline, `/records/persons/${encodeURIComponent(personId)}`);
    const dialog = page.getByRole('dialog', { name: es.breakGlass.title });
    await dialog.waitFor();
    expect(await page.getByText('Yolotzin').count()).toBe(0);
    await expectNoSeriousA11yViolations(page);
    await dialog
      .getByLabel(es.breakGlass.reason, { exact: true })
      .fill('Seguimiento de una llamada a la línea 800');
    await buttonNamed(page, es.breakGlass.submit).click();
    await page.getByText('Yolotzin', { exact: true }).waitFor();
    await page
      .getByText(fill(es.breakGlass.notice, { reason: 'Seguimiento de una llamada a la línea 800' }))
      .waitFor();
    await expectNoSeriousA11yViolations(page);
    await saveScreenshot(page, join(SHOTS, `${label}-7-person-opened.png`), { fullPage: true });
    // Editing it: the reason given in this tab is sent with the edit page's read and with the save; not asked again.
    await page.getByRole('link', { name: es.records.detail.edit, exact: true }).click();
    const surname2 = page.getByLabel(es.records.columns.surname_2, { exact: true });
    await surname2.waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);
    await surname2.fill('Cruz');
    await buttonNamed(page, es.records.form.save).click();
    await page.getByText(es.records.form.saved.updated).waitFor();
    await page.getByText('Cruz', { exact: true }).waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);
    const entries = await server.db.query<{ action: string; justification: string | null }>(
      "SELECT action, justification FROM audit_log WHERE user_id = $1 AND resource = 'persons' ORDER BY id",
      [hotline.id],
    );
    expect(entries.rows.map((e) => e.action)).toEqual(['read', 'read', 'update', 'read']);
    expect(new Set(entries.rows.map((e) => e.justification))).toEqual(
      new Set(['Seguimiento de una llamada a la línea 800']),
    );
    expect(csp.violations).toEqual([]);
    expect(csp.pageErrors).toEqual([]);
    await page.context().close();
  }, 120_000);
});
