/**
 * The justice chain end to end in Chromium (issue 14): a caseworker of a prosecutor's office records two defendants
 * (the second is the same man written without accents), confirms the pair in the review queue, opens an
 * investigation with charges of the 2012 General Law, a defendant and a victim picked from lists, records the
 * prosecution (with official complicity) and the sentence, orders restitution on the conviction record and records a
 * payment by the sentenced man; the timeline shows the chain with its durations. A second caseworker follows the
 * chain at 390 px. Financial intelligence linked to the chain and the defendant. Axe on every screen; screenshots in
 * ENLACE_SCREENSHOTS (default: a temp folder).
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { linkDedup } from '@enlace/linkage';
import { syntheticMexican } from '@enlace/linkage/synthetic';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertModel } from '../../server/src/api/linkage/repository.ts';
import { startTestServer, type TestServer } from '../../server/test/server.ts';
import es from '../src/i18n/es-MX.json';
import {
  buildWebForTests,
  buttonNamed,
  expectNoSeriousA11yViolations,
  firstSignIn,
  launchBrowser,
  openPage,
  pageHeading,
  saveScreenshot,
  totpFor,
} from './harness.ts';

const SHOTS = process.env.ENLACE_SCREENSHOTS ?? join(tmpdir(), 'enlace-e2e-screenshots', 'justice');
const AGENCY = 'fge-jus';
const J = es.justice;
let server: TestServer;
let browser: Browser;

const fill = (s: string, vars: Record<string, string | number>) =>
  s.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(vars[k] ?? ''));

beforeAll(async () => {
  const webDist = buildWebForTests();
  server = await startTestServer({ config: { webDist } });
  await server.ensureAgency(AGENCY, 'state', '09', 'prosecutor');
  // the persons' linkage model (estimated on synthetic Mexican records), which defendants are compared under
  const gen = syntheticMexican({ entities: 300, seed: 14, duplicateRate: 0.3 });
  await insertModel(server.db, linkDedup(gen.records).model, gen.records.length);
  // the agency's own data: a victim with a case, and the exchange records of the investigation, charge, conviction
  const setup = await server.login(await server.createUser({ role: 'caseworker', agencyId: AGENCY }));
  const put = async (path: string, body: Record<string, string>) => {
    const r = await setup.request('PUT', path, body);
    expect(r.status, JSON.stringify(r.json)).toBe(200);
  };
  const id = (x: string) => encodeURIComponent(`${AGENCY}/${x}`);
  await put(`/api/persons/${id('p-0001')}`, {
    given_names: 'María Fernanda',
    surname_1: 'Ruiz',
    surname_2: 'Ortega',
    sex: 'female',
  });
  // a second victim the agency recorded without a case (found by name in the forms)
  await put(`/api/persons/${id('p-0002')}`, {
    given_names: 'Guadalupe',
    surname_1: 'Sánchez',
    surname_2: 'Flores',
    sex: 'female',
  });
  const c = await setup.request('POST', '/api/cases', {
    person: { givenNames: 'María Fernanda', surname1: 'Ruiz', surname2: 'Ortega' },
    personRef: `${AGENCY}/p-0001`,
  });
  expect(c.status).toBe(201);
  const common = { primary_form: 'sexual', state_code: '09' };
  await put(`/api/investigations/${id('inv-0012')}`, { opened_date: '2024-01-10', ...common });
  await put(`/api/prosecutions/${id('pro-0012')}`, {
    initiated_date: '2024-05-20',
    investigation_id: `${AGENCY}/inv-0012`,
    ...common,
  });
  await put(`/api/convictions/${id('con-0012')}`, {
    date: '2025-02-03',
    prosecution_id: `${AGENCY}/pro-0012`,
    sentence_months: '240',
    ...common,
  });
  browser = await launchBrowser();
  mkdirSync(SHOTS, { recursive: true });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function shot(page: Page, name: string) {
  await saveScreenshot(page, join(SHOTS, `${name}.png`), { fullPage: true });
}

const section = (page: Page, name: string) => page.getByRole('region', { name, exact: true });
/** Picks the agency's only record of a kind in a searchable record picker (the list opens with the newest). */
async function pickRecord(scope: ReturnType<Page['locator']>, label: string) {
  const box = scope.getByRole('combobox', { name: label, exact: true });
  await box.click();
  await scope.getByRole('listbox', { name: label, exact: true }).getByRole('option').first().click();
  await expect.poll(() => box.getAttribute('aria-expanded')).toBe('false');
  await expect.poll(() => box.inputValue()).not.toBe('');
}
const check = (scope: Page | ReturnType<Page['locator']>, group: string, label: string) =>
  scope.getByRole('group', { name: group }).getByLabel(label, { exact: true }).check();

async function noHorizontalScroll(page: Page) {
  const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(over).toBeLessThanOrEqual(1);
}

async function recordDefendant(
  page: Page,
  d: { given: string; s1: string; s2: string; aliases?: string; birth: string; roles: string[] },
) {
  const form = section(page, J.defendants.newTitle);
  await form.getByLabel(J.defendants.givenNames, { exact: true }).fill(d.given);
  await form.getByLabel(J.defendants.surname1, { exact: true }).fill(d.s1);
  await form.getByLabel(J.defendants.surname2, { exact: true }).fill(d.s2);
  if (d.aliases) await form.getByLabel(J.defendants.aliases, { exact: true }).fill(d.aliases);
  await form.getByLabel(J.defendants.birthDate, { exact: true }).fill(d.birth);
  await form.getByLabel(J.defendants.sex, { exact: true }).selectOption('male');
  for (const r of d.roles) await check(form, J.defendants.roles, r);
  await buttonNamed(page, J.defendants.submit).click();
}

describe('justice chain', () => {
  it('defendants → review → investigation → prosecution → sentence with restitution, timeline; phone width', async () => {
    const user = await server.createUser({ role: 'caseworker', agencyId: AGENCY });
    const { page, csp } = await openPage(browser, { width: 1280, height: 900 });
    await firstSignIn(page, es, `${server.url}/defendants`, user);
    await pageHeading(page, J.nav.defendants).waitFor();
    await expectNoSeriousA11yViolations(page);

    // 1. Two defendants: the second is the same man written without accents.
    await recordDefendant(page, {
      given: 'José Luis',
      s1: 'Martínez',
      s2: 'Pérez',
      aliases: 'El Güero',
      birth: '1985-03-14',
      roles: [J.roles.recruiter, J.roles.exploiter],
    });
    await pageHeading(page, 'José Luis Martínez Pérez («El Güero»)').waitFor();
    await expectNoSeriousA11yViolations(page);
    await shot(page, 'desktop-1-defendant');
    await page.getByRole('link', { name: J.defendant.back }).click();
    await pageHeading(page, J.nav.defendants).waitFor();
    await recordDefendant(page, {
      given: 'Jose Luis',
      s1: 'Martinez',
      s2: 'Perez',
      birth: '1985-03-14',
      roles: [J.roles.transporter],
    });
    await pageHeading(page, 'Jose Luis Martinez Perez').waitFor();
    await page.getByRole('link', { name: J.defendant.back }).click();
    const review = section(page, J.review.title);
    await review.getByText(J.review.status.pending, { exact: true }).first().waitFor();
    await expectNoSeriousA11yViolations(page);
    await shot(page, 'desktop-2-review');
    await review.getByRole('button', { name: J.review.same, exact: true }).first().click();
    await review.getByText(J.review.status.same, { exact: true }).first().waitFor();

    // 2. Open the investigation from the chains page, picking everything from lists.
    await page
      .getByRole('navigation', { name: es.app.mainNav })
      .getByRole('link', { name: J.nav.chains })
      .click();
    await pageHeading(page, J.nav.chains).waitFor();
    const open = section(page, J.chains.openTitle);
    await open.getByLabel(J.form.reference, { exact: true }).fill('FEVIMTRA/CDMX/0012/2024');
    await open.getByLabel(J.form.openedOn, { exact: true }).fill('2024-01-10');
    await pickRecord(open, J.form.record);
    await check(
      open,
      J.form.charges,
      'Art. 10 — Trata de personas: captar, enganchar, transportar, transferir, retener, entregar, recibir o alojar a una persona con fines de explotación',
    );
    await check(
      open,
      J.form.charges,
      'Art. 13 — Explotación de la prostitución ajena u otras formas de explotación sexual',
    );
    await check(open, J.form.defendants, 'José Luis Martínez Pérez («El Güero»)');
    await check(open, J.form.victims, 'María Fernanda Ruiz Ortega');
    await expectNoSeriousA11yViolations(page);
    await shot(page, 'desktop-3-open-investigation');
    await buttonNamed(page, J.chains.open).click();
    await pageHeading(page, `${J.stages.investigation} · FEVIMTRA/CDMX/0012/2024`).waitFor();

    // 3. The prosecution, with official complicity.
    const next = section(page, J.next.title);
    await next.getByLabel(J.next.stage, { exact: true }).selectOption('prosecution');
    await next.getByLabel(J.dateOf.prosecution, { exact: true }).fill('2024-05-20');
    await next
      .getByLabel(J.form.court, { exact: true })
      .fill('Juzgado de Control del Sistema Penal Acusatorio, CDMX');
    await pickRecord(next, J.form.recordOf.prosecutions);
    await next.getByLabel(J.form.outcome, { exact: true }).selectOption('sent_to_trial');
    await check(next, J.form.defendants, 'Jose Luis Martinez Perez');
    await next.getByLabel(J.form.complicity, { exact: true }).check();
    await next
      .getByLabel(J.form.complicityNote, { exact: true })
      .fill('Un policía municipal avisaba de los operativos');
    await buttonNamed(page, J.next.submit).click();
    await next.getByRole('link', { name: J.next.open }).click();
    await pageHeading(page, J.stages.prosecution).waitFor();
    await page.getByText('Un policía municipal avisaba de los operativos').waitFor();

    // 4. The sentence.
    const next2 = section(page, J.next.title);
    await next2.getByLabel(J.next.stage, { exact: true }).selectOption('sentence');
    await next2.getByLabel(J.dateOf.sentence, { exact: true }).fill('2025-02-03');
    await next2.getByLabel(J.form.court, { exact: true }).fill('Tribunal de Enjuiciamiento, CDMX');
    await pickRecord(next2, J.form.recordOf.convictions);
    await next2.getByLabel(J.form.outcome, { exact: true }).selectOption('convicted');
    await next2.getByLabel(J.form.sentenceMonths, { exact: true }).fill('240');
    await next2.getByLabel(J.form.fine, { exact: true }).fill('50000.00');
    await next2.getByLabel(J.form.victimSearch, { exact: true }).fill('guadalupe sanchez');
    await next2.getByRole('button', { name: J.form.victimSearchButton, exact: true }).click();
    await check(next2, J.form.victims, 'Guadalupe Sánchez Flores');
    await buttonNamed(page, J.next.submit).click();
    await next2.getByRole('link', { name: J.next.open }).click();
    await pageHeading(page, J.stages.sentence).waitFor();

    // 5. Restitution on the conviction record (preselected from the sentence), and a payment by the sentenced man.
    const rest = section(page, J.restitution.title);
    await page.getByRole('listitem').filter({ hasText: 'Guadalupe Sánchez Flores' }).first().waitFor();
    await pickRecord(rest, J.restitution.conviction);
    await rest
      .getByLabel(J.restitution.victim, { exact: true })
      .selectOption({ label: 'María Fernanda Ruiz Ortega' });
    await rest.getByLabel(J.restitution.orderedMxn, { exact: true }).fill('120000.00');
    await buttonNamed(page, J.restitution.submit).click();
    const order = page.getByRole('article', {
      name: fill(J.restitution.orderFor, { name: 'María Fernanda Ruiz Ortega' }),
    });
    await order.waitFor();
    await order.getByLabel(J.restitution.paidOn, { exact: true }).fill('2025-06-01');
    await order.getByLabel(J.restitution.amount, { exact: true }).fill('20000.00');
    await order.getByLabel(J.restitution.payer, { exact: true }).selectOption('defendant');
    await buttonNamed(page, J.restitution.paySubmit).click();
    await order.getByText(/pagó José Luis Martínez Pérez/).waitFor();
    await order.getByText('$100,000.00', { exact: true }).waitFor();

    // 6. The timeline: three stages, their gaps and the durations.
    const timeline = section(page, J.stage.timeline);
    const items = timeline.getByRole('listitem');
    await expect.poll(() => items.count()).toBe(3);
    await timeline.getByText(fill(J.stage.after, { days: '131 días' })).waitFor();
    await timeline.getByText(fill(J.stage.after, { days: '259 días' })).waitFor();
    await timeline.getByText('390 días', { exact: true }).waitFor();
    // the complicity was recorded on the prosecution only (the form starts afresh on every stage)
    expect(await timeline.getByText(J.complicity.flag, { exact: true }).count()).toBe(1);
    await expectNoSeriousA11yViolations(page);
    await shot(page, 'desktop-4-sentence-restitution-timeline');
    const sentenceUrl = page.url();

    // 7. Financial intelligence linked to the chain and the defendant.
    await page
      .getByRole('navigation', { name: es.app.mainNav })
      .getByRole('link', { name: J.nav.financial })
      .click();
    await pageHeading(page, J.nav.financial).waitFor();
    const fin = section(page, J.financial.newTitle);
    await fin.getByLabel(J.financial.reference, { exact: true }).fill('UIF-2024-0388');
    await fin.getByLabel(J.financial.reportedOn, { exact: true }).fill('2024-03-15');
    await fin.getByLabel(J.financial.institution, { exact: true }).fill('Banco del Bajío');
    await fin.getByLabel(J.financial.amount, { exact: true }).fill('845000.00');
    await fin
      .getByLabel(fill(J.financial.subjectName, { n: 1 }), { exact: true })
      .fill('José Luis Martínez Pérez');
    await fin
      .getByLabel(fill(J.financial.accountNumber, { n: 1 }), { exact: true })
      .fill('012180001234567891');
    await check(fin, J.financial.chains, 'FEVIMTRA/CDMX/0012/2024 · 10 ene 2024');
    await check(fin, J.form.defendants, 'José Luis Martínez Pérez («El Güero»)');
    await buttonNamed(page, J.financial.submit).click();
    await fin.getByText(J.financial.saved).waitFor();
    await page.getByRole('table').getByText('Reporte de operación inusual').waitFor();
    await expectNoSeriousA11yViolations(page);
    await shot(page, 'desktop-5-financial');
    expect(csp.violations).toEqual([]);
    expect(csp.pageErrors).toEqual([]);

    // 8. A second caseworker follows the chain on a phone; she has a case whose victim named her exploiter.
    const colleague = await server.createUser({ role: 'caseworker', agencyId: AGENCY });
    const api = await server.login(colleague); // enrols MFA through the API
    const codes = totpFor(api.totpSecret!);
    codes.markUsed();
    const kase = await api.request('POST', '/api/cases', {
      person: { givenNames: 'Lucía', surname1: 'Hernández', surname2: 'Gómez' },
      perpetrators: [{ name: 'Ramiro Castillo Vega', alias: 'El Flaco', role: 'controller' }],
    });
    expect(kase.status).toBe(201);
    const phone = await openPage(browser, { width: 390, height: 844 });
    await phone.page.goto(`${server.url}/justice`);
    await phone.page.getByLabel(es.auth.login.email, { exact: true }).fill(colleague.email);
    await phone.page.getByLabel(es.auth.login.password, { exact: true }).fill(colleague.password);
    await buttonNamed(phone.page, es.auth.login.submit).click();
    await pageHeading(phone.page, es.auth.mfaVerify.title).waitFor();
    await phone.page.getByLabel(es.auth.mfaVerify.code, { exact: true }).fill(await codes.next());
    await buttonNamed(phone.page, es.auth.mfaVerify.submit).click();
    await pageHeading(phone.page, J.nav.chains).waitFor();
    await phone.page.getByRole('link', { name: 'FEVIMTRA/CDMX/0012/2024' }).waitFor();
    await expectNoSeriousA11yViolations(phone.page);
    await shot(phone.page, 'phone-1-chains');
    await phone.page.goto(sentenceUrl);
    await pageHeading(phone.page, J.stages.sentence).waitFor();
    await section(phone.page, J.stage.timeline).getByText('390 días', { exact: true }).waitFor();
    await phone.page.getByText('$100,000.00', { exact: true }).waitFor();
    await noHorizontalScroll(phone.page);
    await expectNoSeriousA11yViolations(phone.page);
    await shot(phone.page, 'phone-2-sentence');
    await phone.page.goto(`${server.url}/defendants`);
    await pageHeading(phone.page, J.nav.defendants).waitFor();
    await noHorizontalScroll(phone.page);
    await expectNoSeriousA11yViolations(phone.page);
    await shot(phone.page, 'phone-3-defendants');
    // the exploiter she named is recorded as a defendant from her case page
    await phone.page.goto(`${server.url}/cases/${kase.json.id}`);
    await buttonNamed(phone.page, fill(J.caseDefendants.record, { name: 'Ramiro Castillo Vega' })).click();
    await phone.page.getByRole('link', { name: 'Ramiro Castillo Vega («El Flaco»)' }).click();
    await pageHeading(phone.page, 'Ramiro Castillo Vega («El Flaco»)').waitFor();
    await phone.page.getByText(J.roles.exploiter, { exact: true }).waitFor();
    await noHorizontalScroll(phone.page);
    await expectNoSeriousA11yViolations(phone.page);
    await shot(phone.page, 'phone-4-defendant-from-case');
    expect(phone.csp.violations).toEqual([]);
    expect(phone.csp.pageErrors).toEqual([]);
  }, 300_000);
});
