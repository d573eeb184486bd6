/**
 * The hotline journey end to end, in es-MX on a small phone (390 px) and at desktop width: an operator of the
 * national hotline takes a call from the console (caller, language and municipality chosen by name, narrative,
 * risks, consent), runs the short screen, refers the contact to the CDMX prosecutor's office chosen from the
 * directory; the CDMX caseworker finds it in "Canalizaciones de la Línea" (the console is not in their
 * navigation), reads it (with the caller's name: consent to share was given), accepts it and lands on the new
 * case. Axe and CSP on every screen; screenshots go to ENLACE_SCREENSHOTS (default: a temporary folder).
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertAgency } from '../../server/src/api/agencies/repository.ts';
import { twilioSignature } from '../../server/src/api/hotline/channel.ts';
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
const SHOTS = process.env.ENLACE_SCREENSHOTS ?? join(tmpdir(), 'enlace-e2e-screenshots', 'hotline');
const H = es.hotline;
const HOTLINE = 'linea-nacional-trata';
const CMX = 'fge-cdmx';
const CMX_NAME = 'Fiscalía General de Justicia de la Ciudad de México';
const TOKEN = 'e2e-auth-token';
const HOOK_URL = 'https://linea.example.mx/api/hotline/webhooks/twilio';

async function agencies() {
  await upsertAgency(server.db, {
    id: HOTLINE,
    name: 'Línea Nacional contra la Trata de Personas',
    level: 'federal',
    kind: 'hotline',
    stateCode: null,
    country: 'MEX',
  });
  await upsertAgency(server.db, {
    id: CMX,
    name: CMX_NAME,
    level: 'state',
    kind: 'prosecutor',
    stateCode: '09',
    country: 'MEX',
  });
  await upsertAgency(server.db, {
    id: 'fge-jal',
    name: 'Fiscalía del Estado de Jalisco',
    level: 'state',
    kind: 'prosecutor',
    stateCode: '14',
    country: 'MEX',
  });
}

beforeAll(async () => {
  const webDist = buildWebForTests();
  server = await startTestServer({
    config: { webDist, twilioAuthToken: TOKEN, twilioWebhookUrl: HOOK_URL, twilioAccountSid: undefined },
  });
  browser = await launchBrowser();
  mkdirSync(SHOTS, { recursive: true });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const signIn = (page: Page, user: TestUser, path: string) =>
  firstSignIn(page, es, `${server.url}${path}`, user);
/** Nothing wider than the screen (no sideways scrolling at 390 px). */
async function fitsWidth(page: Page, width: number) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
}
const fill = (s: string, vars: Record<string, string | number>) =>
  Object.entries(vars).reduce((acc, [k, v]) => acc.replace(`{{${k}}}`, String(v)), s);

describe.each([
  { label: 'phone', width: 390, height: 844 },
  { label: 'desktop', width: 1280, height: 900 },
])('hotline in Chromium ($label, $width px)', ({ label, width, height }) => {
  it('operator takes a contact → screens → refers to CDMX → the CDMX caseworker sees it and opens a case', async () => {
    const shot = (page: Page, name: string) =>
      saveScreenshot(page, join(SHOTS, `${label}-${name}.png`), { fullPage: true });
    const operator = await server.createUser({ role: 'hotline_operator', agencyId: HOTLINE });
    const caseworker = await server.createUser({ role: 'caseworker', agencyId: CMX });
    await agencies(); // createUser makes its agency a prosecutor: set the real kinds afterwards

    // --- The operator opens the console from the navigation and takes a call.
    const { page, csp } = await openPage(browser, { width, height });
    await signIn(page, operator, '/');
    const nav = await openMainNav(page, es);
    await nav.getByRole('link', { name: es.nav.hotline, exact: true }).click();
    await pageHeading(page, es.nav.hotline).waitFor();
    await expectNoSeriousA11yViolations(page);
    await page.getByRole('link', { name: H.queue.new, exact: true }).click();
    await pageHeading(page, H.form.title).waitFor();

    await page.getByLabel(H.form.channel, { exact: true }).selectOption({ label: H.channel.phone });
    await page.getByLabel(H.form.callerType, { exact: true }).selectOption({ label: H.callerType.family });
    await page.getByLabel(H.form.callerName, { exact: true }).fill(`Rosa Hernández Cruz (${label})`);
    await page.getByLabel(H.form.callerContact, { exact: true }).fill('+52 55 1234 5678');
    await page.getByLabel(H.form.language, { exact: true }).selectOption({ label: 'Náhuatl' });
    await page.getByLabel(H.form.state, { exact: true }).selectOption({ label: 'Ciudad de México' });
    const muni = page.getByLabel(H.form.municipality, { exact: true });
    await muni.fill('Iztapa');
    await page
      .locator('datalist option[value="Iztapalapa, Ciudad de México"]')
      .waitFor({ state: 'attached' });
    await muni.fill('Iztapalapa, Ciudad de México');
    await page
      .getByLabel(H.form.narrative, { exact: true })
      .fill('Mi sobrina trabaja en un bar de Iztapalapa, le quitaron su credencial y no la dejan salir.');
    const risks = page.getByRole('group', { name: H.form.risks, exact: true });
    await risks.getByLabel(H.risk.documents_taken, { exact: true }).check();
    await risks.getByLabel(H.risk.locked_in, { exact: true }).check();
    await page.getByLabel(H.form.urgency, { exact: true }).selectOption({ label: H.urgency.high });
    await page.getByLabel(H.form.consentShare, { exact: true }).check();
    await expectNoSeriousA11yViolations(page);
    await shot(page, '1-take-contact');
    await fitsWidth(page, width);
    await buttonNamed(page, H.form.save).click();

    await page.getByRole('heading', { level: 1, name: /^Contacto L-/ }).waitFor();
    await page.getByText(H.contact.created).waitFor();
    const ref = ((await page.getByRole('heading', { level: 1 }).textContent()) ?? '')
      .replace('Contacto ', '')
      .trim();
    expect(ref).toMatch(/^L-[A-Z0-9]{8}$/);
    await page.getByText('Iztapalapa', { exact: false }).first().waitFor();

    // --- The short screen.
    await buttonNamed(page, H.screen.start).click();
    await page
      .getByLabel('¿Se siente segura o seguro en este momento?', { exact: true })
      .selectOption({ label: H.screen.no });
    await page
      .getByLabel('Si usted quisiera dejar ese trabajo o el lugar donde vive, ¿podría irse?', { exact: true })
      .selectOption({ label: H.screen.no });
    await page
      .getByLabel('¿Alguien más tiene su identificación o pasaporte y no se lo devuelve cuando lo pide?', {
        exact: true,
      })
      .selectOption({ label: H.screen.yes });
    await expectNoSeriousA11yViolations(page);
    await buttonNamed(page, H.screen.save).click();
    await page.getByText(H.screen.saved).waitFor();
    await page.getByText(es.casework.recommendation.refer_for_assessment).first().waitFor();
    await shot(page, '2-screened');
    await fitsWidth(page, width);

    // --- Refer to the CDMX prosecutor chosen from the directory (state preset from the contact).
    await buttonNamed(page, fill(H.directory.choose, { name: CMX_NAME })).click();
    await page.getByLabel(H.refer.note, { exact: true }).fill('La familia puede acompañar la denuncia.');
    await expectNoSeriousA11yViolations(page);
    await buttonNamed(page, fill(H.refer.submitTo, { name: CMX_NAME })).click();
    await page.getByText(fill(H.refer.done, { name: CMX_NAME })).waitFor();
    await shot(page, '3-referred');
    await fitsWidth(page, width);
    expect(csp.violations).toEqual([]);
    expect(csp.pageErrors).toEqual([]);

    // --- The CDMX caseworker finds it in "Canalizaciones de la Línea" (no 403) and opens a case.
    const cw = await openPage(browser, { width, height });
    await signIn(cw.page, caseworker, '/');
    const cwNav = await openMainNav(cw.page, es);
    await expect(cwNav.getByRole('link', { name: es.nav.hotline, exact: true }).count()).resolves.toBe(0);
    await cwNav.getByRole('link', { name: es.nav.hotlineInbox, exact: true }).click();
    await pageHeading(cw.page, es.nav.hotlineInbox).waitFor();
    await expectNoSeriousA11yViolations(cw.page);
    await shot(cw.page, '4-inbox');
    await fitsWidth(cw.page, width);
    await buttonNamed(cw.page, fill(H.inbox.open, { ref })).click();
    await cw.page.getByText(`Rosa Hernández Cruz (${label})`, { exact: false }).waitFor();
    await cw.page.getByText('le quitaron su credencial', { exact: false }).first().waitFor();
    await expectNoSeriousA11yViolations(cw.page);
    await shot(cw.page, '5-referral');
    await fitsWidth(cw.page, width);
    await buttonNamed(cw.page, H.inbox.accept).click();
    const detail = cw.page.getByRole('region', {
      name: fill(H.inbox.contactTitle, { ref, from: 'Línea Nacional contra la Trata de Personas' }),
    });
    await detail.getByRole('link', { name: H.inbox.goToCase, exact: true }).click();
    await cw.page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    await cw.page.getByRole('heading', { level: 1 }).waitFor();
    await shot(cw.page, '6-case');
    // the case of the CDMX prosecutor carries the place of the contact (a field of the case page)
    await cw.page.waitForFunction(() =>
      [...document.querySelectorAll('input')].some((e) => e.value.startsWith('Iztapalapa')),
    );
    const caseId = cw.page.url().split('/').at(-1);
    const row = await server.db.query<{ agency_id: string }>('SELECT agency_id FROM cw_cases WHERE id = $1', [
      caseId,
    ]);
    expect(row.rows[0]?.agency_id).toBe(CMX);
    await expectNoSeriousA11yViolations(cw.page);
    await shot(cw.page, '6-case');
    expect(cw.csp.violations).toEqual([]);
    expect(cw.csp.pageErrors).toEqual([]);

    // --- Back at the hotline, the contact shows the referral accepted.
    await page.reload();
    await page.getByText(es.hotline.refer.caseOpened, { exact: false }).waitFor();
    await page.context().close();
    await cw.page.context().close();
  }, 240_000);

  it('a WhatsApp message opens a contact; the operator takes it and replies (kept as not sent: no account)', async () => {
    const shot = (page: Page, name: string) =>
      saveScreenshot(page, join(SHOTS, `${label}-${name}.png`), { fullPage: true });
    const operator = await server.createUser({ role: 'hotline_operator', agencyId: HOTLINE });
    await agencies();
    const from = `whatsapp:+52196212345${width % 100}`;
    const params = {
      MessageSid: `SM${String(width).padStart(32, '0')}`,
      From: from,
      To: 'whatsapp:+525500000000',
      Body: `Me ofrecieron trabajo y ahora no me dejan salir (${label})`,
    };
    const r = await fetch(`${server.url}/api/hotline/webhooks/twilio`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilioSignature(TOKEN, HOOK_URL, params),
      },
      body: new URLSearchParams(params).toString(),
    });
    expect(r.status).toBe(200);

    const { page, csp } = await openPage(browser, { width, height });
    await signIn(page, operator, '/hotline');
    await pageHeading(page, es.nav.hotline).waitFor();
    const item = page
      .getByRole('listitem')
      .filter({ hasText: H.queue.unassigned })
      .filter({ hasText: 'WhatsApp' });
    await item.first().getByRole('link').click();
    await page.getByText(params.Body).waitFor();
    await buttonNamed(page, H.contact.take).click();
    await page
      .getByText(fill(H.queue.operator, { name: 'hotline_operator' }))
      .first()
      .waitFor();
    await page.getByLabel(H.thread.reply, { exact: true }).fill('Estamos contigo. ¿En qué colonia estás?');
    await buttonNamed(page, H.thread.send).click();
    await page.getByText('Estamos contigo. ¿En qué colonia estás?').waitFor();
    await page.getByText(H.thread.status.not_sent, { exact: false }).waitFor();
    await page.getByText(H.thread.detail.channel_not_configured, { exact: false }).waitFor();
    await expectNoSeriousA11yViolations(page);
    await shot(page, '11-thread');
    await fitsWidth(page, width);
    expect(csp.violations).toEqual([]);
    expect(csp.pageErrors).toEqual([]);
    await page.context().close();
  }, 240_000);

  it('on a contact page the operator edits the summary, adds a follow-up task, marks it done and closes the contact', async () => {
    const shot = (page: Page, name: string) =>
      saveScreenshot(page, join(SHOTS, `${label}-${name}.png`), { fullPage: true });
    const operator = await server.createUser({ role: 'hotline_operator', agencyId: HOTLINE });
    // a colleague took the call (through the API); this operator, signing in for the first time, follows it up
    const colleague = await server.createUser({ role: 'hotline_operator', agencyId: HOTLINE });
    await agencies();
    const api = await server.login(colleague);
    const created = await api.request('POST', '/api/hotline/contacts', {
      channel: 'phone',
      callerType: 'victim',
      narrative: `Trabajo en una empacadora de Celaya y no me pagan desde hace tres meses (${label})`,
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const ref = (created.json as { ref: string }).ref;

    const { page, csp } = await openPage(browser, { width, height });
    await signIn(page, operator, `/hotline/contacts/${(created.json as { id: string }).id}`);
    await pageHeading(page, fill(H.contact.heading, { ref })).waitFor();

    // the summary, edited in place
    const summary = page.getByRole('region', { name: H.contact.summary });
    await buttonNamed(page, H.contact.edit).click();
    await summary.getByLabel(H.form.callerName, { exact: true }).fill(`Joaquín Ramírez Soto (${label})`);
    await buttonNamed(page, H.contact.saveChanges).click();
    await page.getByText(H.contact.saved).waitFor();
    await page.getByText(`Joaquín Ramírez Soto (${label})`).waitFor();

    // a follow-up task, then marked done
    const tasks = page.getByRole('region', { name: H.tasks.title });
    await tasks.getByText(H.tasks.none).waitFor();
    await tasks.getByLabel(H.tasks.what, { exact: true }).fill('Llamar de nuevo para confirmar la dirección');
    await tasks.getByRole('button', { name: H.tasks.add, exact: true }).click();
    await page.getByText(H.tasks.added).waitFor();
    const done = tasks.getByRole('button', {
      name: fill(H.tasks.markDone, { title: 'Llamar de nuevo para confirmar la dirección' }),
      exact: true,
    });
    await done.click();
    await done.waitFor({ state: 'detached' });
    await tasks.getByText(fill(H.tasks.doneAt, { at: '' }).trim(), { exact: false }).waitFor();
    await expectNoSeriousA11yViolations(page);
    await shot(page, '12-contact-tasks');

    // closed with its outcome: the forms of an open contact are gone, the outcome is in the summary
    const close = page.getByRole('region', { name: H.close.title });
    await close.getByLabel(H.close.outcome, { exact: true }).selectOption({ label: H.outcome.no_action });
    await close.getByRole('button', { name: H.close.submit, exact: true }).click();
    await page.getByText(H.close.done).waitFor();
    await close.waitFor({ state: 'detached' });
    await page.getByText(H.outcome.no_action, { exact: true }).waitFor();
    await expect.poll(() => buttonNamed(page, H.contact.edit).count()).toBe(0);
    await expectNoSeriousA11yViolations(page);
    await shot(page, '13-contact-closed');
    await fitsWidth(page, width);
    expect(csp.violations).toEqual([]);
    expect(csp.pageErrors).toEqual([]);
    await page.context().close();
  }, 240_000);

  it('a hotline supervisor sees the queue, operators’ load, trends (shareable view suppressed) and the directory', async () => {
    const shot = (page: Page, name: string) =>
      saveScreenshot(page, join(SHOTS, `${label}-${name}.png`), { fullPage: true });
    const supervisor = await server.createUser({ role: 'supervisor', agencyId: HOTLINE });
    await agencies();
    const { page, csp } = await openPage(browser, { width, height });
    await signIn(page, supervisor, '/');
    const nav = await openMainNav(page, es);

    await nav.getByRole('link', { name: es.nav.hotline, exact: true }).click();
    await pageHeading(page, es.nav.hotline).waitFor();
    await page.getByLabel(H.queue.show, { exact: true }).selectOption({ label: H.queue.all });
    await page.getByRole('list', { name: H.queue.listLabel }).getByRole('listitem').first().waitFor();
    await expectNoSeriousA11yViolations(page);
    await shot(page, '7-queue');
    await fitsWidth(page, width);

    await (await openMainNav(page, es))
      .getByRole('link', { name: es.nav.hotlineSupervision, exact: true })
      .click();
    await pageHeading(page, es.nav.hotlineSupervision).waitFor();
    await page.getByRole('heading', { name: H.supervision.load, exact: true }).waitFor();
    await page.getByRole('rowheader', { name: 'hotline_operator' }).first().waitFor();
    await expectNoSeriousA11yViolations(page);
    await shot(page, '8-supervision');
    await fitsWidth(page, width);

    await (await openMainNav(page, es))
      .getByRole('link', { name: es.nav.hotlineTrends, exact: true })
      .click();
    await pageHeading(page, es.nav.hotlineTrends).waitFor();
    await page.getByRole('heading', { name: H.trends.byChannel, exact: true }).waitFor();
    await page.getByRole('rowheader', { name: H.channel.phone, exact: true }).waitFor();
    await expectNoSeriousA11yViolations(page);
    await shot(page, '9-trends');
    await fitsWidth(page, width);
    await page.getByLabel(H.trends.shareable, { exact: true }).check();
    await page.getByText(fill(H.trends.shareableHint, { k: 11 })).waitFor();
    await page.getByText('< 11', { exact: true }).first().waitFor();
    await expectNoSeriousA11yViolations(page);

    await (await openMainNav(page, es))
      .getByRole('link', { name: es.nav.hotlineDirectory, exact: true })
      .click();
    await pageHeading(page, es.nav.hotlineDirectory).waitFor();
    await page
      .getByLabel(H.directory.kind, { exact: true })
      .selectOption({ label: H.directory.kinds.prosecutor });
    await page.getByLabel(H.form.state, { exact: true }).selectOption({ label: 'Jalisco' });
    await page.getByText('Fiscalía del Estado de Jalisco', { exact: true }).waitFor();
    await expect(page.getByText(CMX_NAME, { exact: true }).count()).resolves.toBe(0);
    await expectNoSeriousA11yViolations(page);
    await shot(page, '10-directory');
    await fitsWidth(page, width);
    expect(csp.violations).toEqual([]);
    expect(csp.pageErrors).toEqual([]);
    await page.context().close();
  }, 240_000);
});
