/**
 * The CTDC / HTCDS download in Chromium: an analyst of a national agency finds "Registros por víctima
 * anonimizados (CTDC / HTCDS)" among the dashboard's downloads at desktop width and at 390 px, downloads the
 * CSV (the same rows `enlace ctdc` writes; audited), checks it and imports it back (HTCDS import); an analyst
 * of a state agency does not see either. Axe and CSP; screenshots in ENLACE_SCREENSHOTS (default: a temporary folder).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ctdcCsv, ctdcExport } from '@enlace/core/report/ctdc';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../server/src/api/users/service.ts';
import { loadData } from '../../server/src/report/service.ts';
import type { TestServer } from '../../server/test/server.ts';
import en from '../src/i18n/en-US.json';
import es from '../src/i18n/es-MX.json';
import { screenshotDir, startImportedDemoSuite } from './demo-suite.ts';
import { buttonNamed, expectNoSeriousA11yViolations, openPage, saveScreenshot } from './harness.ts';

const SHOTS = screenshotDir('ctdc');
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  ({ server, browser } = await startImportedDemoSuite());
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function userOf(role: 'analyst', agencyId: string) {
  const password = `pw-${randomBytes(12).toString('hex')}`;
  const email = `${role}.${randomBytes(4).toString('hex')}@example.test`;
  await createUser(
    { db: server.db, actor: { userId: null, agencyId: null } },
    { email, displayName: role, role, agencyId, password },
  );
  return { email, password };
}

async function login(page: Page, u: { email: string; password: string }) {
  await page.goto(`${server.url}/dashboard`);
  await page.getByLabel(es.auth.login.email, { exact: true }).fill(u.email);
  await page.getByLabel(es.auth.login.password, { exact: true }).fill(u.password);
  await buttonNamed(page, es.auth.login.submit).click();
  await page.getByRole('heading', { level: 1, name: es.nav.dashboard, exact: true }).waitFor();
  // the downloads are on screen once the figures are
  await page.getByRole('heading', { name: es.report.export.heading, exact: true }).waitFor();
}

describe('CTDC / HTCDS download', () => {
  it('an analyst of a national agency downloads the anonymised victim records; audited', async () => {
    await server.ensureAgency('estadistica-nacional', 'federal', null, 'other');
    const analyst = await userOf('analyst', 'estadistica-nacional');
    for (const [label, viewport] of [
      ['desktop', { width: 1280, height: 900 }],
      ['390', { width: 390, height: 844 }],
    ] as const) {
      const { page, csp } = await openPage(browser, viewport);
      await login(page, analyst);
      await page.getByRole('heading', { name: es.report.export.ctdcHeading, exact: true }).waitFor();
      const link = page.getByRole('link', { name: es.report.export.ctdc, exact: true });
      await link.scrollIntoViewIfNeeded();
      await saveScreenshot(page, join(SHOTS, `${label}-ctdc-download.png`));
      await expectNoSeriousA11yViolations(page);
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      expect(download.suggestedFilename()).toMatch(/^victimas-ctdc-htcds-\d{4}-\d{2}-\d{2}\.csv$/);
      const text = readFileSync((await download.path())!, 'utf8');
      const loaded = await loadData({ kind: 'db', db: server.db }, 1900, new Date().getUTCFullYear() + 1);
      expect(text).toBe(ctdcCsv(ctdcExport(loaded.data, loaded.personKey, 11)));
      expect(text.split('\r\n').length).toBeGreaterThan(2);
      // the same file back in: checked first, then imported as the analyst's agency's records
      const rows = text.trim().split('\r\n').length - 1;
      const fileName = 'victimas.csv';
      await page
        .getByLabel(es.report.htcds.file, { exact: true })
        .setInputFiles({ name: fileName, mimeType: 'text/csv', buffer: Buffer.from(text) });
      await buttonNamed(page, es.report.htcds.check).click();
      if (label === 'desktop') {
        await page
          .getByRole('status')
          .getByText(es.report.htcds.checked.replace('{{rows}}', String(rows)).replace('{{file}}', fileName))
          .waitFor();
        await buttonNamed(page, es.report.htcds.import).click();
        await page
          .getByRole('status')
          .getByText(
            es.report.htcds.imported
              .replace('{{file}}', fileName)
              .replace('{{rows}}', String(rows))
              .replace('{{inserted}}', String(rows))
              .replace('{{unchanged}}', '0'),
          )
          .waitFor();
      } else {
        await page.getByRole('status').getByText(`${fileName}: ${rows}`, { exact: false }).waitFor();
      }
      // the import's result (the dashboard may also show its figures being updated after the import)
      await page.getByRole('status').filter({ hasText: fileName }).scrollIntoViewIfNeeded();
      await saveScreenshot(page, join(SHOTS, `${label}-htcds-import.png`));
      await expectNoSeriousA11yViolations(page);
      expect(csp.violations).toEqual([]);
      expect(csp.pageErrors).toEqual([]);
      await page.context().close();
    }
    const audited = await server.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE resource = 'ctdc' AND action = 'export'",
    );
    expect(audited.rows[0]!.n).toBe(2);
    const imported = await server.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM persons WHERE person_id LIKE 'estadistica-nacional/htcds-%'",
    );
    expect(imported.rows[0]!.n).toBeGreaterThan(0);
    // in English the file is named in English (the same rows)
    const { page } = await openPage(browser, { width: 1280, height: 900 });
    await login(page, analyst);
    await page.getByLabel(es.language.label, { exact: true }).selectOption('en-US');
    const enLink = page.getByRole('link', { name: en.report.export.ctdc, exact: true });
    const [enDownload] = await Promise.all([page.waitForEvent('download'), enLink.click()]);
    expect(enDownload.suggestedFilename()).toMatch(/^victim-records-ctdc-htcds-\d{4}-\d{2}-\d{2}\.csv$/);
    await page.context().close();
  }, 240_000);

  it('an analyst of a state agency does not see it (other roles: the API test)', async () => {
    await server.ensureAgency('analisis-estatal-e2e', 'state', '14', 'other');
    const stateAnalyst = await userOf('analyst', 'analisis-estatal-e2e');
    for (const u of [stateAnalyst]) {
      const { page } = await openPage(browser, { width: 1280, height: 900 });
      await login(page, u);
      await page.getByRole('heading', { name: es.report.export.heading, exact: true }).waitFor();
      expect(await page.getByRole('heading', { name: es.report.export.ctdcHeading }).count()).toBe(0);
      expect(await page.getByRole('link', { name: es.report.export.ctdc }).count()).toBe(0);
      await page.context().close();
    }
  }, 240_000);
});
