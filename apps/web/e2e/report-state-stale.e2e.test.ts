/**
 * Issue 13 in Chromium: a state's page (/dashboard/states/:code) opens at once on its figures stored per data
 * version (filtered-store.ts); after a data change it shows the figures stored before it with the notice
 * "Actualizando cifras con los datos más recientes…", downloads waiting, and refreshes by itself to the new
 * figures once computed in the background. At 390 px and desktop width, axe-checked, screenshots in
 * ENLACE_SCREENSHOTS. No wall-clock wait: the write is held uncommitted on its own connection while the stale page
 * is checked, and the page's re-check timer is driven by Playwright's clock after the commit.
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
import { filteredRefreshSettled } from '../../server/src/report/filtered-store.ts';
import { startTestServer, type TestServer } from '../../server/test/server.ts';
import es from '../src/i18n/es-MX.json';
import { MX_STATES } from '../src/pages/tips/states.ts';
import {
  buildWebForTests,
  buttonNamed,
  expectNoSeriousA11yViolations,
  launchBrowser,
  openPage,
} from './harness.ts';

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

async function heldWrite(person_id: string) {
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
      [person_id, `${latest}-01-01`, `${latest}-12-31`],
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

describe("a state's page after a data change", () => {
  for (const [label, viewport] of [
    ['390', { width: 390, height: 844 }],
    ['desktop', { width: 1280, height: 900 }],
  ] as const) {
    it(`shows the state's previous figures with a notice, then refreshes to the new ones (${label})`, async () => {
      const { page, csp } = await openPage(browser, viewport);
      await login(page, await analyst());
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
      await page.screenshot({ path: join(SHOTS, `${label}-0-current.png`) });

      // a write removes one victim of that state: the page opens at once on the figures of before, with the notice
      const write = await heldWrite(person_id);
      await page.clock.install();
      await page.goto(`${server.url}/dashboard/states/${state}?year=${latest}`);
      const notice = page.getByRole('status').filter({ hasText: es.report.updating });
      await notice.waitFor();
      await notice.getByText(before(es.report.updatingShown)).waitFor();
      await expect.poll(() => victimsCard(page).textContent()).toBe(num(old.total));
      const csv = page.getByRole('button', { name: before(es.report.export.csvFor) });
      await expect.poll(async () => csv.first().isDisabled()).toBe(true);
      await page.screenshot({ path: join(SHOTS, `${label}-1-updating.png`) });
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
      await page.screenshot({ path: join(SHOTS, `${label}-2-updated.png`) });
      await expectNoSeriousA11yViolations(page);
      if (label === '390')
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(csp.violations).toEqual([]);
      expect(csp.pageErrors).toEqual([]);
      await page.context().close();
    }, 240_000);
  }
});
