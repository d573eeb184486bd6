/**
 * Issue 13 in Chromium: after a data change the analyst's dashboard opens at once on the figures stored before
 * it, with the notice "Actualizando cifras con los datos más recientes…" and the time of the figures shown,
 * table and chart downloads waiting; when the new figures are ready the page refreshes by itself to them
 * ("Cifras actualizadas…"). At 390 px and desktop width, axe-checked, screenshots in ENLACE_SCREENSHOTS.
 *
 * No wall-clock wait: the write is held uncommitted on its own connection while the stale page is checked (the
 * server computes nothing it could not store, so the page stays stale for as long as the test needs), and the
 * page's re-check timer is driven by Playwright's clock (`page.clock.fastForward`) after the commit.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoFolder, memorySource } from '@enlace/core';
import { figureFullLabel } from '@enlace/core/report/labels';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardFigures, yearsWithData } from '../../server/src/api/report/service.ts';
import { createUser } from '../../server/src/api/users/service.ts';
import { importFolder } from '../../server/src/import/engine.ts';
import { dashboardRefreshSettled } from '../../server/src/report/figures-store.ts';
import { startTestServer, type TestServer } from '../../server/test/server.ts';
import en from '../src/i18n/en-US.json';
import es from '../src/i18n/es-MX.json';
import {
  buildWebForTests,
  buttonNamed,
  expectNoSeriousA11yViolations,
  launchBrowser,
  openPage,
} from './harness.ts';

const SHOTS = process.env.ENLACE_SCREENSHOTS ?? join(tmpdir(), 'enlace-e2e-screenshots', 'report-stale');
mkdirSync(SHOTS, { recursive: true });
let server: TestServer;
let browser: Browser;
let latest: number;

beforeAll(async () => {
  const webDist = buildWebForTests();
  // PostgreSQL: a write can be held open on one connection while the dashboard is read on others
  server = await startTestServer({ database: 'postgres', config: { webDist } });
  const res = await importFolder(
    { db: server.db, actor: { userId: null, agencyId: null } },
    memorySource(demoFolder({ scale: 0.05 })),
  );
  expect(res.errors).toEqual([]);
  latest = (await yearsWithData(server.db)).latest!;
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  if (server) await dashboardRefreshSettled(server.db);
  await server?.close();
});

const num = (n: number) => new Intl.NumberFormat('es-MX').format(n);
const before = (s: string) => s.slice(0, s.indexOf('{{')).trim();

async function analyst() {
  await server.ensureAgency('analisis-nacional', 'federal', null, 'other');
  const password = `pw-${randomBytes(12).toString('hex')}`;
  const email = `analyst.${randomBytes(4).toString('hex')}@example.test`;
  await createUser(
    { db: server.db, actor: { userId: null, agencyId: null } },
    { email, displayName: 'Analista', role: 'analyst', agencyId: 'analisis-nacional', password },
  );
  return { email, password };
}

async function login(page: Page, u: { email: string; password: string }) {
  await page.goto(`${server.url}/`);
  await page.getByLabel(es.auth.login.email, { exact: true }).fill(u.email);
  await page.getByLabel(es.auth.login.password, { exact: true }).fill(u.password);
  await buttonNamed(page, es.auth.login.submit).click();
  await page.getByRole('heading', { level: 1, name: es.nav.dashboard, exact: true }).waitFor();
}

/** The value on the "victims" card of the dashboard. */
const victimsCard = (page: Page) =>
  page
    .getByRole('list', { name: es.report.cards })
    .getByRole('listitem')
    .filter({ hasText: figureFullLabel('victims.total', 'es-MX') })
    .locator('.report-card-value');

/**
 * Holds a write that removes one victim of the year (every identification of the year of one person moved to
 * 2001) uncommitted until `commit()` is called.
 */
async function heldWrite() {
  const { rows } = await server.db.query<{ person_id: string }>(
    `SELECT i.person_id FROM identifications i JOIN persons p USING (person_id)
      WHERE i.date BETWEEN $1::date AND $2::date AND p.curp_bidx IS NULL
        AND NOT EXISTS (SELECT 1 FROM person_links l WHERE l.person_a = i.person_id OR l.person_b = i.person_id)
      GROUP BY i.person_id ORDER BY count(*), i.person_id LIMIT 1`,
    [`${latest}-01-01`, `${latest}-12-31`],
  );
  let release!: () => void;
  const gate = new Promise<void>((r) => {
    release = r;
  });
  let started!: () => void;
  const begun = new Promise<void>((r) => {
    started = r;
  });
  const done = server.db.transaction(async (tx) => {
    await tx.query(
      `UPDATE identifications SET date = '2001-06-01' WHERE person_id = $1 AND date BETWEEN $2::date AND $3::date`,
      [rows[0]!.person_id, `${latest}-01-01`, `${latest}-12-31`],
    );
    started();
    await gate;
  });
  await begun;
  return {
    async commit() {
      release();
      await done;
    },
  };
}

describe('dashboard after a data change', () => {
  for (const [label, viewport] of [
    ['390', { width: 390, height: 844 }],
    ['desktop', { width: 1280, height: 900 }],
  ] as const) {
    it(`shows the previous figures with a notice, then refreshes to the new ones (${label})`, async () => {
      const { page, csp } = await openPage(browser, viewport);
      await login(page, await analyst());
      // figures stored for the current data (what a first visit waits for): the page shows them, no notice
      const current = await dashboardFigures(server.db, { year: latest }, { allowStale: false });
      expect(current.freshness.stale).toBe(false);
      const old = current.report.victims as { total: number };
      await page.goto(`${server.url}/dashboard?year=${latest}`);
      await expect.poll(() => victimsCard(page).textContent()).toBe(num(old.total));
      expect(await page.getByText(es.report.updating).count()).toBe(0);

      // an import or a case write changes the data: the page opens at once on the figures of before
      const write = await heldWrite();
      await page.clock.install();
      await page.goto(`${server.url}/dashboard?year=${latest}`);
      const notice = page.getByRole('status').filter({ hasText: es.report.updating });
      await notice.waitFor();
      await notice.getByText(before(es.report.updatingShown)).waitFor();
      await expect.poll(() => victimsCard(page).textContent()).toBe(num(old.total));
      // nothing to take away from stale figures: table and chart downloads wait; the report (server) does not
      const csv = page.getByRole('button', {
        name: before(es.report.export.csvFor),
      });
      await expect.poll(async () => csv.first().isDisabled()).toBe(true);
      expect(
        await page.getByRole('button', { name: es.report.export.allXlsx, exact: true }).isDisabled(),
      ).toBe(true);
      await page
        .getByRole('link', { name: es.report.export.pdf.replace('{{year}}', String(latest)) })
        .waitFor();
      await page.screenshot({ path: join(SHOTS, `${label}-1-updating.png`) });
      await expectNoSeriousA11yViolations(page);
      if (label === 'desktop') {
        // the same notice in English, then back to Spanish (the page keeps re-checking meanwhile)
        await page.getByLabel(es.language.label, { exact: true }).selectOption('en-US');
        const enNotice = page.getByRole('status').filter({ hasText: en.report.updating });
        await enNotice.getByText(before(en.report.updatingShown)).waitFor();
        await page.screenshot({ path: join(SHOTS, `${label}-1-updating-en.png`) });
        await page.getByLabel(en.language.label, { exact: true }).selectOption('es-MX');
        await notice.waitFor();
      }

      // the write commits; the page re-checks on its timer (driven here) and shows the new figures by itself
      await write.commit();
      const updated = page.getByRole('status').filter({ hasText: before(es.report.updated) });
      await expect
        .poll(
          async () => {
            await page.clock.fastForward(30_000);
            return updated.count();
          },
          { timeout: 120_000, interval: 500 },
        )
        .toBe(1);
      await dashboardRefreshSettled(server.db);
      const now = (await dashboardFigures(server.db, { year: latest }, { allowStale: false })).report
        .victims as { total: number };
      expect(now.total).toBe(old.total - 1);
      await expect.poll(() => victimsCard(page).textContent()).toBe(num(now.total));
      expect(await page.getByText(es.report.updating).count()).toBe(0);
      await expect.poll(async () => csv.first().isDisabled()).toBe(false);
      await page.screenshot({ path: join(SHOTS, `${label}-2-updated.png`) });
      await expectNoSeriousA11yViolations(page);
      if (label === '390')
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(csp.violations).toEqual([]);
      expect(csp.pageErrors).toEqual([]);
      await page.context().close();
    }, 240_000);
  }

  it('says the same in en-US', () => {
    expect(en.report.updating).toBe('Updating the figures with the latest data…');
    expect(es.report.updating).toBe('Actualizando cifras con los datos más recientes…');
    expect(en.report.updatingShown).toContain('{{time}}');
  });
});
