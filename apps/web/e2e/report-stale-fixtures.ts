/**
 * What the two Chromium tests of the dashboard after a data change share (report-stale, report-state-stale): an
 * analyst of a national agency, signing in, the victims card, and a write held uncommitted on its own connection
 * (the dashboard reads on others meanwhile, so the page stays stale for as long as the test needs).
 */
import { randomBytes } from 'node:crypto';
import { figureFullLabel } from '@enlace/core/report/labels';
import type { Page } from 'playwright-core';
import { createUser } from '../../server/src/api/users/service.ts';
import type { TestServer } from '../../server/test/server.ts';
import es from '../src/i18n/es-MX.json';
import { buttonNamed } from './harness.ts';

export const num = (n: number) => new Intl.NumberFormat('es-MX').format(n);
/** The fixed start of a translated text, before its first placeholder. */
export const before = (s: string) => s.slice(0, s.indexOf('{{')).trim();

export async function analyst(server: TestServer) {
  await server.ensureAgency('analisis-nacional', 'federal', null, 'other');
  const password = `pw-${randomBytes(12).toString('hex')}`;
  const email = `analyst.${randomBytes(4).toString('hex')}@example.test`;
  await createUser(
    { db: server.db, actor: { userId: null, agencyId: null } },
    { email, displayName: 'Analista', role: 'analyst', agencyId: 'analisis-nacional', password },
  );
  return { email, password };
}

export async function login(server: TestServer, page: Page, u: { email: string; password: string }) {
  await page.goto(`${server.url}/`);
  await page.getByLabel(es.auth.login.email, { exact: true }).fill(u.email);
  await page.getByLabel(es.auth.login.password, { exact: true }).fill(u.password);
  await buttonNamed(page, es.auth.login.submit).click();
  await page.getByRole('heading', { level: 1, name: es.nav.dashboard, exact: true }).waitFor();
}

/** The value on the "victims" card of the dashboard. */
export const victimsCard = (page: Page) =>
  page
    .getByRole('list', { name: es.report.cards })
    .getByRole('listitem')
    .filter({ hasText: figureFullLabel('victims.total', 'es-MX') })
    .locator('.report-card-value');

/**
 * Moves every identification of `year` of one person to 2001 in a transaction held open until `commit()` is
 * called: one victim fewer in that year once committed.
 */
export async function heldWrite(server: TestServer, personId: string, year: number) {
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
      [personId, `${year}-01-01`, `${year}-12-31`],
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
