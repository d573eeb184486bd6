/**
 * Restitution on the case page with the demo's data (issue 14), in Chromium, es-MX, at 1280 px and at 390 px: a
 * caseworker of FEVIMTRA opens the case of Brenda Ruiz Salgado, a victim of the demo ring's justice chain
 * (apps/server/src/demo/network.ts, the case from apps/server/src/demo/cases.ts `loadDemoJusticeCase`). Among the
 * agency's ~100 convictions, the ring's sentence comes first under "De esta víctima", already chosen and named by
 * its date, court, defendant, articles and file number; she records the order and a payment without typing a code
 * or an id. Axe on every screen; no page wider than the screen; screenshots in ENLACE_SCREENSHOTS.
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoFolder, memorySource } from '@enlace/core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../server/src/api/users/service.ts';
import { loadDemoJusticeCase } from '../../server/src/demo/cases.ts';
import { loadDemoNetwork } from '../../server/src/demo/network.ts';
import { importFolder } from '../../server/src/import/engine.ts';
import { startTestServer, type TestServer } from '../../server/test/server.ts';
import es from '../src/i18n/es-MX.json';
import { FGR, fill } from './demo-network.ts';
import {
  buildWebForTests,
  expectNoSeriousA11yViolations,
  firstSignIn,
  launchBrowser,
  openPage,
  pageHeading,
  saveScreenshot,
} from './harness.ts';

const SHOTS = process.env.ENLACE_SCREENSHOTS ?? join(tmpdir(), 'enlace-e2e-screenshots', 'case-restitution');
const P = es.casework.page;
let server: TestServer;
let browser: Browser;
const users: { email: string; password: string }[] = [];

beforeAll(async () => {
  // the demo at the scale `npm start` loads (FEVIMTRA has a few dozen convictions), then its networks
  server = await startTestServer({ config: { webDist: buildWebForTests() } });
  const res = await importFolder(
    { db: server.db, actor: { userId: null, agencyId: null } },
    memorySource(demoFolder({ scale: 1 })),
  );
  expect(res.errors).toEqual([]);
  // a FEVIMTRA caseworker (before the networks, as in the demo: the ring's sentence records its restitution for
  // Ana Karen as FEVIMTRA's first user); the demo's cases of the ring's victims are opened as her
  const made = new Map<string, Awaited<ReturnType<typeof createUser>>>();
  const password = `pw-restitution-${Date.now()}`;
  const email = 'fiscal.restitucion@fgr.example';
  const u = await createUser(
    { db: server.db, actor: { userId: null, agencyId: null } },
    { email, displayName: 'Fiscal federal', role: 'caseworker', agencyId: FGR, password },
  );
  made.set('fiscal@fgr.demo', u);
  users.push({ email, password });
  await loadDemoNetwork(server.db);
  expect(await loadDemoJusticeCase(server.db, made)).toBe(2);
  const n = await server.db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM convictions WHERE agency_id = $1',
    [FGR],
  );
  expect(n.rows[0]!.n).toBeGreaterThan(20); // the agency has many convictions: the right one must not be hunted for
  browser = await launchBrowser();
  mkdirSync(SHOTS, { recursive: true });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const section = (page: Page, name: string) => page.getByRole('region', { name, exact: true });
const saved = (page: Page, text: string) => page.getByRole('status').filter({ hasText: text }).waitFor();

async function noWiderThanScreen(page: Page) {
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth))
    .toBeLessThanOrEqual(1);
}

const RING_SENTENCE =
  'Sentencia del 28 de septiembre de 2024 · Tribunal de Enjuiciamiento del Sistema Penal Acusatorio, Puebla · ' +
  'Efrén Castillo Ruiz («El Chaparro») · arts. 10, 13 · CP 112/2024 · 300 meses de prisión';

describe('restitution on the case page, demo data', () => {
  it("the victim's sentence first, labelled, chosen; order and payments recorded without a code (1280 px, then 390 px)", async () => {
    const { page } = await openPage(browser, { width: 1280, height: 900 });
    await firstSignIn(page, es, `${server.url}/cases`, users[0]!);
    await page.getByRole('link', { name: 'Brenda Ruiz', exact: true }).click();
    await pageHeading(page, fill(es.casework.case.titleFor, { name: 'Brenda Ruiz Salgado' })).waitFor();

    const rest = section(page, P.restitution);
    const select = rest.getByLabel(P.conviction, { exact: true });
    // the ring's sentence is the only one under "De esta víctima", and it is chosen already
    const group = select.locator(`optgroup[label="${P.convictionsOfVictim}"]`);
    await expect.poll(() => group.locator('option').allInnerTexts()).toEqual([RING_SENTENCE]);
    await expect.poll(() => select.locator('option:checked').innerText()).toBe(RING_SENTENCE);
    await rest.getByText(P.convictionHintLinked, { exact: true }).waitFor();
    // the agency's others follow in their own group, each named by what a person knows, never by an id
    const others = await select.locator(`optgroup[label="${P.convictionsOther}"] option`).allInnerTexts();
    expect(others.length).toBeGreaterThan(20);
    for (const o of others) {
      expect(o).toMatch(/^Sentencia del \d{1,2} de \w+ de \d{4} · /);
      expect(o).not.toContain(FGR);
    }
    await expectNoSeriousA11yViolations(page);
    await rest.scrollIntoViewIfNeeded();
    await saveScreenshot(page, join(SHOTS, 'desktop-1-choose.png'));
    await rest.getByLabel(P.amountOrdered, { exact: true }).fill('180000');
    await rest.getByLabel(P.orderedOn, { exact: true }).fill('2024-09-28');
    await rest.getByRole('button', { name: P.addOrder, exact: true }).click();
    await saved(page, fill(P.orderRecorded, { amount: '$180,000.00 MXN' }));

    // the order is shown under the sentence's name; a payment by the sentenced man
    const order = rest.getByRole('article', { name: RING_SENTENCE });
    await order.waitFor();
    await order.getByLabel(P.amountPaid, { exact: true }).fill('45,000');
    await order.getByLabel(P.paidBy, { exact: true }).selectOption({ label: es.records.values.perpetrator });
    await order.getByRole('button', { name: P.addPayment, exact: true }).click();
    await saved(page, fill(P.paymentRecorded, { amount: '$45,000.00 MXN' }));
    await expect.poll(() => order.innerText()).toContain('$135,000.00 MXN');
    expect(await order.innerText()).not.toContain(FGR);
    // the ordered sentence is no longer offered: nothing else of this victim is left to choose
    await expect
      .poll(() => select.locator(`optgroup[label="${P.convictionsOfVictim}"] option`).count())
      .toBe(0);
    await rest.getByText(P.convictionHintDone, { exact: true }).waitFor();
    await expectNoSeriousA11yViolations(page);
    await order.scrollIntoViewIfNeeded();
    await saveScreenshot(page, join(SHOTS, 'desktop-2-paid.png'));

    // the same caseworker on her phone: a payment from the victims' fund, nothing wider than the screen
    await page.setViewportSize({ width: 390, height: 900 });
    await page.reload();
    await pageHeading(page, fill(es.casework.case.titleFor, { name: 'Brenda Ruiz Salgado' })).waitFor();
    await order.waitFor();
    await noWiderThanScreen(page);
    await order.getByLabel(P.amountPaid, { exact: true }).fill('15000');
    await order
      .getByLabel(P.paidBy, { exact: true })
      .selectOption({ label: es.records.values.assistance_fund });
    await order.getByRole('button', { name: P.addPayment, exact: true }).click();
    await saved(page, fill(P.paymentRecorded, { amount: '$15,000.00 MXN' }));
    await expect.poll(() => order.innerText()).toContain('$120,000.00 MXN');
    await expectNoSeriousA11yViolations(page);
    await noWiderThanScreen(page);
    await order.scrollIntoViewIfNeeded();
    await saveScreenshot(page, join(SHOTS, 'phone-1-paid.png'));
    await rest.getByRole('form', { name: P.addOrder }).scrollIntoViewIfNeeded();
    await saveScreenshot(page, join(SHOTS, 'phone-2-new-order.png'));

    // Ana Karen's case shows what the prosecutor recorded on the sentence: not to be recorded twice
    await page.goto(`${server.url}/cases`);
    await page.getByRole('link', { name: 'Ana Karen López', exact: true }).click();
    await pageHeading(page, fill(es.casework.case.titleFor, { name: 'Ana Karen López Díaz' })).waitFor();
    const ana = section(page, P.restitution);
    const jorder = ana.getByRole('article', { name: RING_SENTENCE });
    await jorder.waitFor();
    await ana.getByText(P.justiceOrdersHint, { exact: true }).waitFor();
    await expect.poll(() => jorder.innerText()).toContain('$120,000.00 MXN');
    const jt = await jorder.innerText();
    expect(jt).toContain('$180,000.00 MXN');
    expect(jt).toContain('$60,000.00 MXN');
    expect(jt).toContain(es.justice.payers.seized_assets);
    // and the ring's sentence is offered but not chosen for her: it already has its order
    await expect.poll(() => ana.getByLabel(P.conviction, { exact: true }).inputValue()).toBe('');
    await ana.getByText(P.convictionHintLinked, { exact: true }).waitFor();
    await expectNoSeriousA11yViolations(page);
    await noWiderThanScreen(page);
    await jorder.scrollIntoViewIfNeeded();
    await saveScreenshot(page, join(SHOTS, 'phone-3-ordered-in-justice.png'));
    await jorder.getByRole('link', { name: P.openSentence, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: /^Sentencia · CP 112\/2024$/ }).waitFor();
    // the sentence's page shows the order Brenda's caseworker recorded on her case, with a way to it
    const J = es.justice.restitution;
    await page.getByRole('heading', { level: 3, name: J.onCases, exact: true }).waitFor();
    const onCase = page.getByRole('listitem').filter({
      has: page.getByRole('link', { name: fill(J.orderFor, { name: 'Brenda Ruiz Salgado' }), exact: true }),
    });
    await expect.poll(() => onCase.innerText()).toContain('pendiente $120,000.00');
    expect(await onCase.innerText()).toContain('ordenada $180,000.00');
    expect(await onCase.innerText()).not.toContain(FGR);
    await expectNoSeriousA11yViolations(page);
    await noWiderThanScreen(page);
    await onCase.scrollIntoViewIfNeeded();
    await saveScreenshot(page, join(SHOTS, 'phone-4-sentence-shows-case-order.png'));
    await onCase.getByRole('link').click();
    await pageHeading(page, fill(es.casework.case.titleFor, { name: 'Brenda Ruiz Salgado' })).waitFor();
  }, 300_000);
});
