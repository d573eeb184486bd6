import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoFolder, memorySource } from '@enlace/core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardFigures, yearsWithData } from '../../server/src/api/report/service.ts';
import { importFolder } from '../../server/src/import/engine.ts';
import { dashboardRefreshSettled } from '../../server/src/report/figures-store.ts';
import { startTestServer, type TestServer } from '../../server/test/server.ts';
import en from '../src/i18n/en-US.json';
import es from '../src/i18n/es-MX.json';
import {
  buildWebForTests,
  expectNoSeriousA11yViolations,
  launchBrowser,
  openPage,
  saveScreenshot,
} from './harness.ts';
import { analyst, before, heldWrite, login, num, victimsCard } from './report-stale-fixtures.ts';

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

/** One person of the latest year, identified nowhere else and linked to no one: moving them out removes one victim. */
async function pickPerson() {
  const { rows } = await server.db.query<{ person_id: string }>(
    `SELECT i.person_id FROM identifications i JOIN persons p USING (person_id)
      WHERE i.date BETWEEN $1::date AND $2::date AND p.curp_bidx IS NULL
        AND NOT EXISTS (SELECT 1 FROM person_links l WHERE l.person_a = i.person_id OR l.person_b = i.person_id)
      GROUP BY i.person_id ORDER BY count(*), i.person_id LIMIT 1`,
    [`${latest}-01-01`, `${latest}-12-31`],
  );
  return rows[0]!.person_id;
}

describe('dashboard after a data change', () => {
  for (const [label, viewport] of [
    ['390', { width: 390, height: 844 }],
    ['desktop', { width: 1280, height: 900 }],
  ] as const) {
    it(`shows the previous figures with a notice, then refreshes to the new ones (${label})`, async () => {
      const { page, csp } = await openPage(browser, viewport);
      await login(server, page, await analyst(server));
      // figures stored for the current data (what a first visit waits for): the page shows them, no notice
      const current = await dashboardFigures(server.db, { year: latest }, { allowStale: false });
      expect(current.freshness.stale).toBe(false);
      const old = current.report.victims as { total: number };
      await page.goto(`${server.url}/dashboard?year=${latest}`);
      await expect.poll(() => victimsCard(page).textContent()).toBe(num(old.total));
      expect(await page.getByText(es.report.updating).count()).toBe(0);

      // an import or a case write changes the data: the page opens at once on the figures of before
      const write = await heldWrite(server, await pickPerson(), latest);
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
      await saveScreenshot(page, join(SHOTS, `${label}-1-updating.png`));
      await expectNoSeriousA11yViolations(page);
      if (label === 'desktop') {
        // the same notice in English, then back to Spanish (the page keeps re-checking meanwhile)
        await page.getByLabel(es.language.label, { exact: true }).selectOption('en-US');
        const enNotice = page.getByRole('status').filter({ hasText: en.report.updating });
        await enNotice.getByText(before(en.report.updatingShown)).waitFor();
        await saveScreenshot(page, join(SHOTS, `${label}-1-updating-en.png`));
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
      await saveScreenshot(page, join(SHOTS, `${label}-2-updated.png`));
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
