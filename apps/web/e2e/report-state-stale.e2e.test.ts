import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoFolder, memorySource } from '@enlace/core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardFigures, yearsWithData } from '../../server/src/api/report/service.ts';
import { importFolder } from '../../server/src/import/engine.ts';
import { dashboardRefreshSettled } from '../../server/src/report/figures-store.ts';
import { filteredRefreshSettled } from '../../server/src/report/filtered-store.ts';
import { startTestServer, type TestServer } from '../../server/test/server.ts';
import es from '../src/i18n/es-MX.json';
import { MX_STATES } from '../src/pages/tips/states.ts';
import {
  buildWebForTests,
  expectNoSeriousA11yViolations,
  launchBrowser,
  openPage,
  saveScreenshot,
} from './harness.ts';
import { analyst, before, heldWrite, login, num, victimsCard } from './report-stale-fixtures.ts';

const SHOTS =
  process.env.ENLACE_SCREENSHOTS ?? join(tmpdir(), 'enlace-e2e-screenshots', 'report-state-stale');
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
  if (server) {
    await filteredRefreshSettled(server.db);
    await dashboardRefreshSettled(server.db);
  }
  await server?.close();
});

/**
 * A person of the latest year identified in one state only, not linked to anyone: moving their identifications of
 * the year out (held uncommitted until `commit()`) removes one victim of that state.
 */
async function pickPerson() {
  const { rows } = await server.db.query<{ person_id: string; state: string }>(
    `SELECT i.person_id, min(coalesce(i.state_code, a.state_code)) AS state
       FROM identifications i JOIN persons p USING (person_id) JOIN agencies a ON a.id = i.agency_id
      WHERE i.date BETWEEN $1::date AND $2::date AND p.curp_bidx IS NULL
        AND NOT EXISTS (SELECT 1 FROM person_links l WHERE l.person_a = i.person_id OR l.person_b = i.person_id)
      GROUP BY i.person_id
     HAVING count(DISTINCT coalesce(i.state_code, a.state_code)) = 1 AND min(coalesce(i.state_code, a.state_code)) IS NOT NULL
      ORDER BY count(*), i.person_id LIMIT 1`,
    [`${latest}-01-01`, `${latest}-12-31`],
  );
  return rows[0]!;
}

describe("a state's page after a data change", () => {
  for (const [label, viewport] of [
    ['390', { width: 390, height: 844 }],
    ['desktop', { width: 1280, height: 900 }],
  ] as const) {
    it(`shows the state's previous figures with a notice, then refreshes to the new ones (${label})`, async () => {
      const { page, csp } = await openPage(browser, viewport);
      await login(server, page, await analyst(server));
      // the state of the person the write will move: its page stored for the current data first
      const { person_id, state } = await pickPerson();
      const current = await dashboardFigures(server.db, { year: latest, state }, { allowStale: false });
      expect(current.freshness.stale).toBe(false);
      const old = current.report.victims as { total: number };
      const stateName = MX_STATES.find((s) => s.code === state)!.name;
      const title = es.report.statePage.title.replace('{{state}}', stateName);
      await page.goto(`${server.url}/dashboard/states/${state}?year=${latest}`);
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      await expect.poll(() => victimsCard(page).textContent()).toBe(num(old.total));
      expect(await page.getByText(es.report.updating).count()).toBe(0);
      await saveScreenshot(page, join(SHOTS, `${label}-0-current.png`));

      // a write removes one victim of that state: the page opens at once on the figures of before, with the notice
      const write = await heldWrite(server, person_id, latest);
      await page.clock.install();
      await page.goto(`${server.url}/dashboard/states/${state}?year=${latest}`);
      const notice = page.getByRole('status').filter({ hasText: es.report.updating });
      await notice.waitFor();
      await notice.getByText(before(es.report.updatingShown)).waitFor();
      await expect.poll(() => victimsCard(page).textContent()).toBe(num(old.total));
      const csv = page.getByRole('button', { name: before(es.report.export.csvFor) });
      await expect.poll(async () => csv.first().isDisabled()).toBe(true);
      await saveScreenshot(page, join(SHOTS, `${label}-1-updating.png`));
      await expectNoSeriousA11yViolations(page);

      // the write commits; the page re-checks on its timer and shows the state's new figures by itself
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
      await filteredRefreshSettled(server.db);
      const now = (await dashboardFigures(server.db, { year: latest, state }, { allowStale: false })).report
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
});
