/**
 * The linkage review queue end to end in Chromium: two persons of one agency with an uncertain link
 * (p = 0.8) and one pair touching another agency's person. A supervisor opens the queue, sees both
 * records side by side (differences marked in text), confirms, undoes, rejects; the database row
 * `person_links.decision` follows each step. The other agency's record stays hidden. Axe and CSP.
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertAgency } from '../../server/src/api/agencies/repository.ts';
import { upsertLink } from '../../server/src/api/linkage/repository.ts';
import { startTestServer, type TestServer, type TestUser } from '../../server/test/server.ts';
import en from '../src/i18n/en-US.json';
import es from '../src/i18n/es-MX.json';
import {
  buildWebForTests,
  expectNoSeriousA11yViolations,
  firstSignIn,
  launchBrowser,
  saveScreenshot,
  watchCsp,
} from './harness.ts';

const A1 = 'fge-lk/0001';
const A2 = 'fge-lk/0002';
const B1 = 'fge-ot/0001';
// the institutions as the agencies table names them: the card shows these, never the ids `fge-lk` / `fge-ot`
const NAME_LK = 'Fiscalía del Estado de Jalisco';
const NAME_OT = 'Fiscalía General de Justicia de la Ciudad de México';
const SHOTS = process.env.ENLACE_SCREENSHOTS ?? join(tmpdir(), 'enlace-e2e-screenshots', 'linkage');
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const webDist = buildWebForTests();
  server = await startTestServer({ config: { webDist } });
  browser = await launchBrowser();
  await server.ensureAgency('fge-lk', 'state', '14', 'prosecutor');
  await server.ensureAgency('fge-ot', 'state', '09', 'prosecutor');
  const cwA = await server.login(await server.createUser({ role: 'caseworker', agencyId: 'fge-lk' }));
  const cwB = await server.login(await server.createUser({ role: 'caseworker', agencyId: 'fge-ot' }));
  const put = async (client: typeof cwA, id: string, values: Record<string, string>) => {
    const r = await client.request('PUT', `/api/persons/${encodeURIComponent(id)}`, values);
    expect(r.status, JSON.stringify(r.json)).toBe(200);
  };
  await put(cwA, A1, {
    given_names: 'María Guadalupe',
    surname_1: 'Hernández',
    surname_2: 'Ruiz',
    birth_date: '2007-03-14',
    sex: 'female',
    nationality: 'MEX',
  });
  await put(cwA, A2, {
    given_names: 'Ma. Guadalupe',
    surname_1: 'Hernández',
    surname_2: 'Ruíz',
    birth_date: '2007-04-13',
    sex: 'female',
    nationality: 'MEX',
  });
  await put(cwB, B1, {
    given_names: 'Guadalupe',
    surname_1: 'Hernández',
    surname_2: 'Ruiz',
    birth_date: '2007-03-14',
    sex: 'female',
    nationality: 'MEX',
  });
  await upsertLink(server.db, A1, A2, 0.8);
  await upsertLink(server.db, A1, B1, 0.7);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name, exact: true });
const button = (scope: Page | ReturnType<Page['locator']>, name: string) =>
  scope.getByRole('button', { name, exact: true });
const fill = (s: string, v: Record<string, string | number>) =>
  s.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(v[k]));

const signIn = (page: Page, user: TestUser, path: string) =>
  firstSignIn(page, es, `${server.url}${path}`, user);

/** The agency row's cells of a card (A, B, comparison): which of A/B is the foreign one depends on the ids. */
async function row2Agency(card: ReturnType<Page['locator']>): Promise<string[]> {
  const cells = await card
    .getByRole('row')
    .filter({ has: card.page().getByRole('rowheader', { name: es.linkage.fields.agency_id, exact: true }) })
    .getByRole('cell')
    .allTextContents();
  // the own record first, whatever its column
  return cells[0] === es.linkage.notVisible ? [cells[1]!, cells[0]!, cells[2]!] : cells;
}

async function decision(a: string, b: string): Promise<string | null> {
  const r = await server.db.query<{ decision: string | null }>(
    'SELECT decision FROM person_links WHERE person_a = $1 AND person_b = $2',
    [a, b],
  );
  expect(r.rows).toHaveLength(1);
  return r.rows[0]!.decision;
}

describe('linkage review in Chromium', () => {
  it('supervisor: sees the pair side by side, confirms, undoes, rejects; the other agency stays hidden', async () => {
    const supervisor = await server.createUser({ role: 'supervisor', agencyId: 'fge-lk' });
    // named after the users are created (the test server's createUser writes a placeholder name)
    const agency = { level: 'state', kind: 'prosecutor', country: 'MEX' } as const;
    await upsertAgency(server.db, { ...agency, id: 'fge-lk', name: NAME_LK, stateCode: '14' });
    await upsertAgency(server.db, { ...agency, id: 'fge-ot', name: NAME_OT, stateCode: '09' });
    const context = await browser.newContext({ viewport: { width: 1024, height: 900 }, locale: 'es-MX' });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    const csp = watchCsp(page);

    await signIn(page, supervisor, '/linkage');
    await heading(page, es.nav.linkage).waitFor();
    const nav = page.getByRole('navigation', { name: es.app.mainNav });
    expect(await nav.getByRole('link').allTextContents()).toContain(es.nav.linkage);

    // Pair 1 (p = 0.8, best first): both records, aligned by field, differences marked in text.
    const card1 = page.getByRole('region', { name: fill(es.linkage.pairTitle, { n: 1, probability: '' }) });
    const table1 = card1.getByRole('table', { name: fill(es.linkage.compareCaption, { n: 1 }) });
    const row = (name: string) =>
      table1.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
    await row(es.linkage.fields.given_names).getByRole('cell', { name: 'María Guadalupe' }).waitFor();
    await row(es.linkage.fields.given_names).getByRole('cell', { name: 'Ma. Guadalupe' }).waitFor();
    expect(await card1.getByRole('heading', { level: 2 }).textContent()).toMatch(/80\s?%/);
    expect(await row(es.linkage.fields.birth_date).getByRole('cell').allTextContents()).toEqual([
      '2007-03-14',
      '2007-04-13',
      es.linkage.different,
    ]);
    // Accents and case do not count as a difference.
    expect(await row(es.linkage.fields.surname_2).getByRole('cell').last().textContent()).toBe(
      es.linkage.same,
    );
    expect(await row(es.linkage.fields.sex).getByRole('cell').first().textContent()).toBe(
      es.linkage.sex.female,
    );
    // the nationality by the country's name, not its ISO code
    expect(await row(es.linkage.fields.nationality).getByRole('cell').first().textContent()).toBe('México');
    // the institution by its name, not its id (the id is only part of the person's own reference)
    const agencyCells = () => row(es.linkage.fields.agency_id).getByRole('cell').allTextContents();
    expect(await agencyCells()).toEqual([NAME_LK, NAME_LK, es.linkage.same]);
    const bareAgencyIds = () =>
      page
        .getByRole('cell')
        .evaluateAll(
          (cells) => cells.filter((c) => /(^|[^/\w-])fge-(lk|ot)(?![/\w-])/.test(c.textContent ?? '')).length,
        );
    expect(await bareAgencyIds()).toBe(0);
    // on a desktop the table fits: no hint that it scrolls
    const hint = card1.getByText(es.linkage.scrollHint, { exact: true });
    expect(await hint.count()).toBe(0);
    await expectNoSeriousA11yViolations(page);

    // At 390 px the comparison scrolls inside its card, says so above it, and the page itself never gets wider
    // than the phone; the institution is still named.
    await page.setViewportSize({ width: 390, height: 844 });
    await table1.waitFor();
    await hint.waitFor();
    const scroller = card1.getByRole('region', { name: fill(es.linkage.compareCaption, { n: 1 }) });
    expect(await scroller.getAttribute('aria-describedby')).toBe(await hint.getAttribute('id'));
    expect(await scroller.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    // the hint itself is on screen, above the table
    const hintBox = await hint.boundingBox();
    expect(hintBox && hintBox.x >= 0 && hintBox.x + hintBox.width <= 390).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await agencyCells()).toEqual([NAME_LK, NAME_LK, es.linkage.same]);
    expect(await bareAgencyIds()).toBe(0);
    await saveScreenshot(page, join(SHOTS, 'linkage-390.png'));
    await expectNoSeriousA11yViolations(page);
    await page.setViewportSize({ width: 1024, height: 900 });
    await expect.poll(() => hint.count()).toBe(0);

    // Pair 2 touches another agency's person: not visible, never worked around.
    const card2 = page.getByRole('region', { name: fill(es.linkage.pairTitle, { n: 2, probability: '' }) });
    await card2.getByRole('columnheader').filter({ hasText: es.linkage.hidden }).waitFor();
    expect(await card2.getByRole('cell', { name: es.linkage.notVisible, exact: true }).count()).toBe(8);
    expect(await card2.getByText('Guadalupe', { exact: true }).count()).toBe(0);
    // … and not even its id: the queue names it by an opaque handle, with the server's field-by-field comparison
    expect(await page.content()).not.toContain(B1);
    // nor its institution: the queue names only the reviewer's own agency
    expect(await row2Agency(card2)).toEqual([NAME_LK, es.linkage.notVisible, es.linkage.notCompared]);
    expect(await page.content()).not.toContain(NAME_OT);
    await saveScreenshot(page, join(SHOTS, 'linkage-1024.png'), { fullPage: true });
    const table2 = card2.getByRole('table');
    const row2 = (name: string) =>
      table2.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
    expect(await row2(es.linkage.fields.given_names).getByRole('cell').last().textContent()).toMatch(
      new RegExp(`^(${es.linkage.same}|${es.linkage.different})$`),
    );

    // Confirm with a justification: the decision overrides the model.
    expect(await decision(A1, A2)).toBeNull();
    await card1.getByLabel(es.linkage.justification).fill('Misma CURP en expediente físico');
    await button(card1, es.linkage.confirm).click();
    await card1.getByText(es.linkage.decidedConfirmed).waitFor();
    expect(await decision(A1, A2)).toBe('confirmed');
    await expectNoSeriousA11yViolations(page);

    // Undo: the pair is undecided again and the buttons return.
    await button(card1, es.linkage.undo).click();
    await card1.getByText(es.linkage.undone).waitFor();
    expect(await decision(A1, A2)).toBeNull();

    // Reject.
    await button(card1, es.linkage.reject).click();
    await card1.getByText(es.linkage.decidedRejected).waitFor();
    expect(await decision(A1, A2)).toBe('rejected');
    expect(await decision(A1, B1)).toBeNull();

    // Audited: confirm, undo, reject.
    const audit = await server.db.query<{ action: string; justification: string | null }>(
      "SELECT action, justification FROM audit_log WHERE action LIKE 'link_%' ORDER BY id",
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['link_confirmed', 'link_undo', 'link_rejected']);
    expect(audit.rows[0]!.justification).toBe('Misma CURP en expediente físico');

    await expectNoSeriousA11yViolations(page);

    // In English after an immediate reload (the choice is stored before its catalog loads): decided pairs
    // leave the queue, so only the other agency's pair remains.
    await page.getByLabel(es.language.label, { exact: true }).selectOption('en-US');
    await page.reload();
    await heading(page, en.nav.linkage).waitFor();
    await page.getByText(fill(en.linkage.count, { n: 1 })).waitFor();
    await page.getByRole('columnheader').filter({ hasText: en.linkage.hidden }).waitFor();
    await button(page, en.linkage.confirm).waitFor();
    await expectNoSeriousA11yViolations(page);
    expect(csp.violations).toEqual([]);
    await context.close();
  }, 240_000);
});
