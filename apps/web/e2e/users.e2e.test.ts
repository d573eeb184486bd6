/**
 * Users and accounts end to end, in es-MX on a small phone (390 px) and at desktop width: an agency admin
 * resets a caseworker's password (the one-time password is shown once, the caseworker's sessions end), the
 * caseworker signs in with it, must choose a new password (the policy's errors in Spanish) and enrol MFA
 * again, then changes the password once more at /account (wrong current password refused; other sessions
 * end). The admin also creates a user. Navigation by role, axe and CSP on every screen; screenshots of each
 * page are written to ENLACE_SCREENSHOTS (default: a temporary folder) for a look.
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotp } from '../../server/src/security/totp.ts';
import { startTestServer, type TestServer, type TestUser } from '../../server/test/server.ts';
import es from '../src/i18n/es-MX.json';
import {
  buildWebForTests,
  buttonNamed,
  expectNoSeriousA11yViolations,
  launchBrowser,
  openMainNav,
  openPage,
  pageHeading,
  saveScreenshot,
} from './harness.ts';

let server: TestServer;
let browser: Browser;
const SHOTS = process.env.ENLACE_SCREENSHOTS ?? join(tmpdir(), 'enlace-e2e-screenshots', 'users');

beforeAll(async () => {
  const webDist = buildWebForTests();
  server = await startTestServer({ config: { webDist } });
  browser = await launchBrowser();
  await server.ensureAgency('fge-jal', 'state', '14', 'prosecutor');
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function named(role: 'agency_admin' | 'caseworker', name: string, tag: string): Promise<TestUser> {
  const u = await server.createUser({ role, agencyId: 'fge-jal', email: `${tag}.${role}@fiscalia.example` });
  await server.db.query('UPDATE users SET display_name = $2 WHERE id = $1', [u.id, name]);
  // createUser upserts the agency with a test name: give it a real one.
  await server.db.query("UPDATE agencies SET name = 'Fiscalía del Estado de Jalisco' WHERE id = 'fge-jal'");
  return u;
}

async function submitLogin(page: Page, email: string, password: string) {
  await page.getByLabel(es.auth.login.email, { exact: true }).fill(email);
  await page.getByLabel(es.auth.login.password, { exact: true }).fill(password);
  await buttonNamed(page, es.auth.login.submit).click();
}

/** MFA enrolment screen → code → recovery codes acknowledged → the app. */
async function enrolMfa(page: Page) {
  await pageHeading(page, es.auth.mfaEnrol.title).waitFor();
  const secret = (await page.getByTestId('mfa-secret').textContent())?.trim() ?? '';
  await page.getByLabel(es.auth.mfaEnrol.code, { exact: true }).fill(currentTotp(secret));
  await buttonNamed(page, es.auth.mfaEnrol.submit).click();
  await pageHeading(page, es.auth.mfaEnrol.recoveryTitle).waitFor();
  await page.getByLabel(es.auth.mfaEnrol.recoveryStored).check();
  await buttonNamed(page, es.auth.mfaEnrol.continue).click();
}

/** A field's error text, found through the input's aria-describedby. */
async function fieldError(page: Page, label: string): Promise<string> {
  const input = page.getByLabel(label, { exact: true });
  await page.waitForFunction(
    (el) => el?.getAttribute('aria-invalid') === 'true',
    await input.elementHandle(),
  );
  const ids = ((await input.getAttribute('aria-describedby')) ?? '').split(' ');
  const errId = ids.find((i) => i.endsWith('-error'))!;
  return (await page.locator(`[id="${errId}"]`).textContent()) ?? '';
}

const t = (s: string, vars: Record<string, string | number>) =>
  Object.entries(vars).reduce((acc, [k, v]) => acc.replace(`{{${k}}}`, String(v)), s);

async function apiLogin(email: string, password: string) {
  const res = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const json = (await res.json()) as { status: string };
  return {
    status: res.status,
    loginStatus: json.status,
    cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]!,
  };
}
const sessionStatus = async (cookie: string) =>
  (await fetch(`${server.url}/api/auth/session`, { headers: { cookie } })).status;

describe.each([
  { label: 'phone', width: 390, height: 844, worker: 'Mario Quintero', admin: 'Lucía Fernández' },
  { label: 'desktop', width: 1280, height: 900, worker: 'Sofía Ramírez Tapia', admin: 'Jorge Villaseñor' },
])(
  'users and accounts in Chromium ($label, $width px)',
  ({ label, width, height, worker: workerName, admin: adminName }) => {
    it('an agency admin resets a caseworker; the caseworker sets a new password, enrols MFA, changes it at /account', async () => {
      const shot = (page: Page, name: string) =>
        saveScreenshot(page, join(SHOTS, `${label}-${name}.png`), { fullPage: true });
      const admin = await named('agency_admin', adminName, label);
      const worker = await named('caseworker', workerName, label);
      const workerApi = await server.login(worker); // MFA enrolled, signed in elsewhere
      expect((await workerApi.request('GET', '/api/agencies')).status).toBe(200);

      // --- The agency admin signs in and opens Usuarios from the nav.
      const { page, csp } = await openPage(browser, { width, height });
      await page.goto(server.url);
      await pageHeading(page, es.auth.login.title).waitFor();
      await submitLogin(page, admin.email, admin.password);
      await enrolMfa(page);
      const nav = await openMainNav(page, es);
      await nav.getByRole('link', { name: es.nav.users, exact: true }).click();
      await pageHeading(page, es.nav.users).waitFor();
      const table = page.getByRole('table', { name: es.users.caption });
      await table.getByRole('link', { name: workerName, exact: true }).waitFor();
      await table
        .getByRole('row')
        .filter({ hasText: worker.email })
        .getByRole('link', { name: workerName })
        .waitFor();
      await expectNoSeriousA11yViolations(page);
      await shot(page, '1-users');

      // --- Reset: a confirmation, then the one-time password, once.
      await table.getByRole('link', { name: workerName, exact: true }).click();
      await pageHeading(page, workerName).waitFor();
      await buttonNamed(page, es.users.reset.start).click();
      await page
        .getByRole('status')
        .filter({ hasText: t(es.users.reset.confirm, { name: workerName }) })
        .waitFor();
      await expectNoSeriousA11yViolations(page);
      await buttonNamed(page, es.users.reset.yes).click();
      await page.getByRole('status').filter({ hasText: es.users.reset.done }).waitFor();
      const temporary = ((await page.getByTestId('temporary-password').textContent()) ?? '').trim();
      expect(temporary).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
      await expectNoSeriousA11yViolations(page);
      await shot(page, '2-reset');
      // The caseworker's other session ended; the old password is gone.
      expect((await workerApi.request('GET', '/api/agencies')).status).toBe(401);
      expect((await apiLogin(worker.email, worker.password)).status).toBe(401);
      // After a reload the password is not shown again.
      await page.reload();
      await pageHeading(page, workerName).waitFor();
      expect(await page.getByTestId('temporary-password').count()).toBe(0);

      // --- The caseworker signs in with the one-time password: new password first (policy in Spanish).
      const { page: cw, csp: cwCsp } = await openPage(browser, { width, height });
      await cw.goto(`${server.url}/agencies`);
      await pageHeading(cw, es.auth.login.title).waitFor();
      await submitLogin(cw, worker.email, temporary);
      await pageHeading(cw, es.auth.passwordChange.title).waitFor();
      await expectNoSeriousA11yViolations(cw);
      await cw.getByLabel(es.auth.password.new, { exact: true }).fill('corto');
      await cw.getByLabel(es.auth.password.confirm, { exact: true }).fill('corto');
      await buttonNamed(cw, es.auth.passwordChange.submit).click();
      expect(await fieldError(cw, es.auth.password.new)).toBe(es.errors.password_too_short);
      await cw.getByLabel(es.auth.password.new, { exact: true }).fill('password1234');
      await cw.getByLabel(es.auth.password.confirm, { exact: true }).fill('password1234');
      await buttonNamed(cw, es.auth.passwordChange.submit).click();
      await cw.getByText(es.errors.password_common, { exact: true }).waitFor(); // the server's policy
      expect(await fieldError(cw, es.auth.password.new)).toBe(es.errors.password_common);
      await cw.getByLabel(es.auth.password.new, { exact: true }).fill('girasol-de-tlaquepaque-22');
      await cw.getByLabel(es.auth.password.confirm, { exact: true }).fill('girasol-de-tlaquepaque-23');
      await buttonNamed(cw, es.auth.passwordChange.submit).click();
      expect(await fieldError(cw, es.auth.password.confirm)).toBe(es.auth.password.mismatch);
      await expectNoSeriousA11yViolations(cw);
      await shot(cw, '3-choose-password');
      const chosen = `girasol-de-tlaquepaque-${label}`;
      await cw.getByLabel(es.auth.password.new, { exact: true }).fill(chosen);
      await cw.getByLabel(es.auth.password.confirm, { exact: true }).fill(chosen);
      await buttonNamed(cw, es.auth.passwordChange.submit).click();

      // Then MFA again from scratch (the reset cleared it), then the deep link.
      await enrolMfa(cw);
      await pageHeading(cw, es.nav.agencies).waitFor();
      expect(new URL(cw.url()).pathname).toBe('/agencies');
      const cwNav = await openMainNav(cw, es);
      expect(await cwNav.getByRole('link').allTextContents()).not.toContain(es.nav.users);
      await cw.goto(`${server.url}/users`);
      await pageHeading(cw, es.forbidden.title).waitFor();

      // --- /account from the name in the header: details, MFA on, change the password again.
      const elsewhere = await apiLogin(worker.email, chosen); // another device, at the MFA step
      expect(elsewhere.loginStatus).toBe('mfa_required');
      await cw
        .getByRole('link', { name: t(es.account.headerLink, { name: workerName }), exact: true })
        .click();
      await pageHeading(cw, es.nav.account).waitFor();
      const facts = cw.getByRole('region', { name: es.account.details });
      await facts.getByText(es.roles.caseworker, { exact: true }).waitFor();
      await facts.getByText('Fiscalía del Estado de Jalisco', { exact: true }).waitFor();
      await facts.getByText(t(es.account.mfaOn, { n: 10 }), { exact: true }).waitFor();
      await expectNoSeriousA11yViolations(cw);
      await shot(cw, '4-account');

      const form = cw.getByRole('form', { name: es.account.changePassword });
      await form.getByLabel(es.auth.password.current, { exact: true }).fill('no-es-mi-clave');
      await form.getByLabel(es.auth.password.new, { exact: true }).fill('mezcal-y-cafe-de-chiapas-7');
      await form.getByLabel(es.auth.password.confirm, { exact: true }).fill('mezcal-y-cafe-de-chiapas-7');
      await buttonNamed(cw, es.account.changeSubmit).click();
      expect(await fieldError(cw, es.auth.password.current)).toBe(es.errors.wrong_password);
      await form.getByLabel(es.auth.password.current, { exact: true }).fill(chosen);
      await buttonNamed(cw, es.account.changeSubmit).click();
      await cw
        .getByRole('status')
        .filter({ hasText: t(es.account.changed, { n: 1 }) })
        .waitFor();
      await expect
        .poll(() => form.getByLabel(es.auth.password.current, { exact: true }).inputValue())
        .toBe('');
      await expectNoSeriousA11yViolations(cw);
      await shot(cw, '5-account-changed');
      // The other device's session ended; this one goes on; only the newest password signs in.
      expect(await sessionStatus(elsewhere.cookie)).toBe(401);
      await (await openMainNav(cw, es)).getByRole('link', { name: es.nav.home, exact: true }).click();
      await pageHeading(cw, t(es.home.title, { name: workerName })).waitFor();
      expect((await apiLogin(worker.email, chosen)).status).toBe(401);
      expect((await apiLogin(worker.email, 'mezcal-y-cafe-de-chiapas-7')).loginStatus).toBe('mfa_required');

      // --- The admin's list shows the caseworker with MFA on again; the admin creates a user.
      await page.getByRole('link', { name: es.users.back, exact: true }).click();
      await pageHeading(page, es.nav.users).waitFor();
      const row = page.getByRole('row').filter({ hasText: worker.email });
      await row.getByRole('link', { name: workerName, exact: true }).waitFor();
      expect(await row.getByRole('cell').last().textContent()).toBe(es.users.mfa.on);
      await page.getByRole('link', { name: es.users.create, exact: true }).click();
      await pageHeading(page, es.users.new.title).waitFor();
      const newEmail = `${label}.nueva@fiscalia.example`;
      await page.getByLabel(es.users.new.email, { exact: true }).fill(newEmail);
      await page.getByLabel(es.users.new.name, { exact: true }).fill('Rosa Elena Castañeda');
      const roleOptions = await page
        .getByLabel(es.users.new.role, { exact: true })
        .locator('option')
        .allTextContents();
      expect(roleOptions).toContain(es.roles.supervisor);
      expect(roleOptions).not.toContain(es.roles.admin); // only the system administrator grants it
      await page.getByLabel(es.users.new.role, { exact: true }).selectOption('supervisor');
      await expectNoSeriousA11yViolations(page);
      await buttonNamed(page, es.users.new.submit).click();
      await page
        .getByRole('status')
        .filter({ hasText: t(es.users.new.created, { email: newEmail }) })
        .waitFor();
      const oneTime = ((await page.getByTestId('temporary-password').textContent()) ?? '').trim();
      expect((await apiLogin(newEmail, oneTime)).loginStatus).toBe('password_change_required');
      await expectNoSeriousA11yViolations(page);
      await shot(page, '6-created');

      for (const [p, c] of [
        [page, csp],
        [cw, cwCsp],
      ] as const) {
        expect(c.violations).toEqual([]);
        expect(c.pageErrors).toEqual([]);
        await p.context().close();
      }
    }, 240_000);
  },
);
