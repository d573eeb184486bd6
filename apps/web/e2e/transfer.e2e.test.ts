/**
 * Transfer of a case between agencies (issue 11) in Chromium, es-MX, at desktop width and on a 390 px phone, three
 * people of two agencies:
 * - a caseworker of the Mexico City prosecutor's office opens the case of Rosa Itzel Hernández Cruz, fixes her
 *   CURP (a typing error in the check digit is explained on the field), adds her e-mail and address, records her
 *   written consent to a transfer and asks to transfer the case to the DIF of Chiapas, with a reason;
 * - her supervisor sees the request at /transfers (with the count) and approves it;
 * - the DIF's agency administrator first manages her team (creates the new caseworker's account at /users/new,
 *   disables the account of one who left, sets her agency's contact at "Mi institución"), then sees "1 transfer awaits your answer" on /cases, opens the inbox,
 *   reads whom it is about (age, languages and needs by name, never codes), accepts it, opens the case and assigns
 *   it to the new caseworker (the disabled one is not offered). The prosecutor's office can no longer open the case.
 * Axe on every screen; screenshots in ENLACE_SCREENSHOTS (default: a temporary folder).
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestServer, type TestServer, type TestUser } from '../../server/test/server.ts';
import es from '../src/i18n/es-MX.json';
import {
  buildWebForTests,
  buttonNamed as button,
  expectNoSeriousA11yViolations,
  firstSignIn,
  pageHeading as heading,
  launchBrowser,
  openMainNav,
  openPage,
  saveScreenshot,
} from './harness.ts';

const SHOTS = process.env.ENLACE_SCREENSHOTS ?? join(tmpdir(), 'enlace-e2e-screenshots', 'transfer');
const FGE = 'fge-cdmx-tr';
const DIF = 'dif-chiapas-tr';
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  const webDist = buildWebForTests();
  server = await startTestServer({ config: { webDist } });
  browser = await launchBrowser();
  await server.ensureAgency(FGE, 'state', '09', 'prosecutor');
  await server.ensureAgency(DIF, 'state', '07', 'child_protection');
  mkdirSync(SHOTS, { recursive: true });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const section = (page: Page, name: string) =>
  page.locator('section', { has: page.getByRole('heading', { level: 2, name, exact: true }) });
const notice = (page: Page, text: string) => page.getByRole('status').filter({ hasText: text }).waitFor();
const tr = (s: string, vars: Record<string, string | number>) =>
  Object.entries(vars).reduce((acc, [k, v]) => acc.replaceAll(`{{${k}}}`, String(v)), s);

async function person(role: TestUser['role'], agencyId: string, name: string): Promise<TestUser> {
  const u = await server.createUser({ role, agencyId });
  await server.db.query('UPDATE users SET display_name = $2 WHERE id = $1', [u.id, name]);
  return u;
}

describe.each([
  {
    label: 'desktop',
    width: 1280,
    height: 900,
    who: { givenNames: 'Rosa Itzel', surname1: 'Hernández', surname2: 'Cruz', curp: 'HECR090712MCSRRSA' },
    assignee: 'Lucía Gómez Pérez',
    leaver: 'Tomás Aguilar Rivas',
  },
  {
    label: 'phone',
    width: 390,
    height: 844,
    who: { givenNames: 'Guadalupe', surname1: 'Sántiz', surname2: 'Gómez', curp: 'SAGG090712MCSNMDA' },
    assignee: 'Sofía Ramírez Torres',
    leaver: 'Ernesto Cruz Villanueva',
  },
])(
  'a case moves from the prosecutor’s office to the DIF ($label, $width px)',
  ({ label, width, height, who, assignee, leaver }) => {
    it('caseworker asks (consent, CURP fixed) → her supervisor approves → the DIF admin accepts and assigns', async () => {
      const shot = (page: Page, name: string) =>
        saveScreenshot(page, join(SHOTS, `${label}-${name}.png`), { fullPage: true });
      const caseworker = await person('caseworker', FGE, 'Mariana Robles Ortiz');
      const supervisor = await person('supervisor', FGE, 'Jorge Salinas Vega');
      const difAdmin = await person('agency_admin', DIF, 'Adriana Méndez Ruiz');
      // A DIF caseworker who has left (the admin disables the account); the new one is created in the browser.
      await person('caseworker', DIF, leaver);
      const colleague = await person('caseworker', FGE, 'Colega de la Fiscalía');
      // createUser resets an agency to a federal prosecutor's office: the agencies as they are, with their names.
      await server.ensureAgency(FGE, 'state', '09', 'prosecutor');
      await server.ensureAgency(DIF, 'state', '07', 'child_protection');
      await server.db.query('UPDATE agencies SET name = $2 WHERE id = $1', [
        FGE,
        'Fiscalía General de Justicia de la Ciudad de México',
      ]);
      await server.db.query('UPDATE agencies SET name = $2 WHERE id = $1', [DIF, 'DIF Chiapas']);
      await server.db.query(
        `INSERT INTO agency_settings (agency_id, contact_name, contact_email, contact_phone) VALUES ($1, $2, $3, $4)
         ON CONFLICT (agency_id) DO NOTHING`,
        [FGE, 'Coordinación de Atención a Víctimas', 'atencion.victimas@fgjcdmx.example', '55 5345 5000'],
      );
      // The case as she opened it (through the API: this test is about what comes after).
      const cwApi: Client = await server.login(colleague);
      const opened = await cwApi.request('POST', '/api/cases', {
        person: {
          givenNames: who.givenNames,
          surname1: who.surname1,
          surname2: who.surname2,
          birthDate: '2009-07-12',
          sex: 'female',
          nationality: 'MEX',
          languages: ['tzo', 'spa'],
        },
        needs: ['shelter', 'psychological'],
      });
      expect(opened.status).toBe(201);
      const caseId = opened.json.id as string;
      await server.db.query('UPDATE cw_cases SET created_by = $2 WHERE id = $1', [caseId, caseworker.id]);
      const name = `${who.givenNames} ${who.surname1} ${who.surname2}`;

      // 1. The caseworker: the person's CURP, e-mail and address; consent to the transfer; the request.
      const a = await openPage(browser, { width, height });
      await firstSignIn(a.page, es, `${server.url}/cases`, caseworker);
      const page = a.page;
      await heading(page, es.nav.cases).waitFor();
      await page.getByRole('link', { name: `${who.givenNames} ${who.surname1}`, exact: true }).click();
      await heading(page, tr(es.casework.case.titleFor, { name })).waitFor();
      const personCard = section(page, es.casework.page.person);
      const curp = personCard.getByLabel(es.casework.page.curp, { exact: true });
      const { curpCheckDigit } = await import('@enlace/core/curp');
      const right = curpCheckDigit(who.curp);
      const wrong = right === '1' ? '2' : '1';
      await curp.fill(`${who.curp}${wrong}`); // the last character mistyped
      await button(page, es.casework.page.savePerson).click();
      await personCard.getByText(es.casework.page.curpProblem.check_digit, { exact: true }).waitFor();
      await expect.poll(() => curp.getAttribute('aria-invalid')).toBe('true');
      await shot(page, '1-curp-error');
      await saveScreenshot(personCard, join(SHOTS, `${label}-1b-curp-error-card.png`));
      await curp.fill(`${who.curp}${right}`);
      await personCard
        .getByLabel(es.casework.page.email, { exact: true })
        .fill(`${label}.persona@correo.example`);
      await personCard
        .getByLabel(es.casework.page.address, { exact: true })
        .fill('Calle Insurgentes 45, Col. Centro, San Cristóbal de las Casas');
      await button(page, es.casework.page.savePerson).click();
      await notice(page, es.casework.case.saved);
      expect(await personCard.getByText(es.casework.page.curpProblem.check_digit).count()).toBe(0);

      const transfer = section(page, es.casework.transfer.title);
      await transfer.getByText(es.casework.transfer.needsConsent).waitFor();
      const consentForm = section(page, es.casework.consent.title).locator('form', {
        has: page.getByRole('heading', { name: es.casework.page.recordConsent }),
      });
      await consentForm
        .getByRole('checkbox', { name: es.casework.consent.purpose.transfer, exact: true })
        .check();
      await consentForm
        .getByRole('radio', { name: es.casework.page.consentMethod.written, exact: true })
        .check();
      await button(page, es.casework.page.saveConsent).click();
      await notice(
        page,
        tr(es.casework.page.consentRecorded, { purposes: es.casework.consent.purpose.transfer }),
      );
      await transfer
        .getByLabel(es.casework.transfer.to, { exact: true })
        .selectOption({ label: `DIF Chiapas · ${es.agencies.kind.child_protection} · Chiapas` });
      await button(page, es.casework.transfer.ask).click();
      await transfer.getByText(es.casework.transfer.reasonShort).waitFor(); // no reason yet
      await transfer
        .getByLabel(es.casework.transfer.why, { exact: true })
        .fill(
          'Regresó con su familia a San Cristóbal de las Casas; el DIF Chiapas puede darle albergue y terapia.',
        );
      await button(page, es.casework.transfer.ask).click();
      await notice(page, es.casework.transfer.requested);
      await transfer.getByText(es.casework.transfer.status.requested).waitFor();
      await transfer.scrollIntoViewIfNeeded();
      await expectNoSeriousA11yViolations(page);
      await shot(page, '2-transfer-requested');
      await saveScreenshot(transfer, join(SHOTS, `${label}-2b-transfer-card.png`));

      // 2. Her supervisor approves at /transfers (not something she could do herself).
      const b = await openPage(browser, { width, height });
      await firstSignIn(b.page, es, `${server.url}/transfers`, supervisor);
      const sup = b.page;
      await heading(sup, es.nav.transfers).waitFor();
      const toApprove = section(sup, tr(es.casework.transfer.toApprove_one, { count: 1 }));
      await toApprove.getByText(es.casework.transfer.status.requested).waitFor();
      expect(await toApprove.innerText()).toContain(name);
      expect(await toApprove.innerText()).toContain('Mariana Robles Ortiz');
      await expectNoSeriousA11yViolations(sup);
      await shot(sup, '3-supervisor-inbox');
      await button(sup, es.casework.transfer.act.approve).click();
      await notice(sup, es.casework.transfer.done.approve);
      await section(sup, es.casework.transfer.toApprove_other.replace('{{count}}', '0')).waitFor();
      await shot(sup, '4-supervisor-approved');

      // 3. The DIF's agency admin: the count on /cases, the inbox, accept, open, assign.
      const c = await openPage(browser, { width, height });
      await firstSignIn(c.page, es, `${server.url}/cases`, difAdmin);
      const dif = c.page;
      await heading(dif, es.nav.cases).waitFor();
      // Her team first: the new caseworker's account, the departed one's disabled.
      await (await openMainNav(dif, es)).getByRole('link', { name: es.nav.users, exact: true }).click();
      await heading(dif, es.nav.users).waitFor();
      await dif.getByRole('link', { name: es.users.create, exact: true }).click();
      await heading(dif, es.users.new.title).waitFor();
      const newEmail = `${label}.gestion@dif-chiapas.example`;
      await dif.getByLabel(es.users.new.email, { exact: true }).fill(newEmail);
      await dif.getByLabel(es.users.new.name, { exact: true }).fill(assignee);
      await dif.getByLabel(es.users.new.role, { exact: true }).selectOption('caseworker');
      await button(dif, es.users.new.submit).click();
      await notice(dif, tr(es.users.new.created, { email: newEmail }));
      expect(((await dif.getByTestId('temporary-password').textContent()) ?? '').trim()).not.toBe('');
      await expectNoSeriousA11yViolations(dif);
      await shot(dif, '5a-dif-user-created');
      await (await openMainNav(dif, es)).getByRole('link', { name: es.nav.users, exact: true }).click();
      await dif
        .getByRole('table', { name: es.users.caption })
        .getByRole('link', { name: leaver, exact: true })
        .click();
      await heading(dif, leaver).waitFor();
      await button(dif, es.users.access.disable).click();
      await notice(dif, es.users.access.disabled);
      await shot(dif, '5b-dif-user-disabled');
      // Her agency's contact, which the prosecutor's office will see on the transfer.
      await (await openMainNav(dif, es))
        .getByRole('link', { name: es.nav.agencySettings, exact: true })
        .click();
      await heading(dif, es.nav.agencySettings).waitFor();
      await dif
        .getByLabel(es.agencySettings.contactName, { exact: true })
        .fill('Procuraduría de Protección de Niñas, Niños y Adolescentes');
      await dif.getByLabel(es.agencySettings.contactEmail, { exact: true }).fill('procuraduria@dif-chiapas');
      await button(dif, es.agencySettings.save).click();
      await dif.getByText(es.agencySettings.emailProblem).waitFor();
      await dif
        .getByLabel(es.agencySettings.contactEmail, { exact: true })
        .fill('procuraduria@dif-chiapas.example');
      await dif.getByLabel(es.agencySettings.contactPhone, { exact: true }).fill('961 617 0020');
      await button(dif, es.agencySettings.save).click();
      await notice(dif, es.agencySettings.saved);
      await expectNoSeriousA11yViolations(dif);
      await shot(dif, '5c-dif-agency-settings');
      await (await openMainNav(dif, es)).getByRole('link', { name: es.nav.cases, exact: true }).click();
      await heading(dif, es.nav.cases).waitFor();
      await dif.getByText(tr(es.casework.transfer.waiting_one, { count: 1 })).waitFor();
      await dif.getByRole('link', { name: es.casework.transfer.openInbox, exact: true }).click();
      await heading(dif, es.nav.transfers).waitFor();
      const incoming = section(dif, tr(es.casework.transfer.incoming_one, { count: 1 }));
      await expect.poll(() => incoming.innerText()).toContain(name);
      const card = await incoming.innerText();
      expect(card).toContain(name);
      expect(card).toContain('Fiscalía General de Justicia de la Ciudad de México');
      expect(card).toContain('Tsotsil, Español');
      expect(card).toContain(`${es.casework.services.shelter}, ${es.casework.services.psychological}`);
      expect(card).toContain('Jorge Salinas Vega');
      expect(card).not.toMatch(/\b(tzo|spa|shelter|child_protection)\b/);
      await expectNoSeriousA11yViolations(dif);
      expect(card).toContain(
        tr(es.casework.transfer.contactOf, {
          agency: 'Fiscalía General de Justicia de la Ciudad de México',
          contact: 'Coordinación de Atención a Víctimas · atencion.victimas@fgjcdmx.example · 55 5345 5000',
        }),
      );
      await shot(dif, '5d-dif-inbox');
      await button(dif, es.casework.transfer.act.accept).click();
      await notice(dif, es.casework.transfer.done.accept);
      await dif.getByRole('link', { name: tr(es.casework.transfer.openCase, { name }), exact: true }).click();
      await heading(dif, tr(es.casework.case.titleFor, { name })).waitFor();
      const assignment = section(dif, es.casework.assignment.title);
      await assignment.getByText(es.casework.assignment.none).waitFor();
      // Only active case staff can be assigned: the departed caseworker is not offered.
      const options = await assignment
        .getByLabel(es.casework.assignment.to, { exact: true })
        .locator('option')
        .allTextContents();
      expect(options.join('|')).not.toContain(leaver);
      await assignment
        .getByLabel(es.casework.assignment.to, { exact: true })
        .selectOption({ label: `${assignee} (${es.roles.caseworker})` });
      await button(dif, es.casework.assignment.save).click();
      await notice(dif, es.casework.assignment.saved);
      // (the history and the transfer's state are read again after the save: wait for them, not read at once)
      await expect
        .poll(() => section(dif, es.casework.history.title).innerText())
        .toContain(es.casework.history.transfer_accepted);
      const history = await section(dif, es.casework.history.title).innerText();
      for (const step of ['transfer_requested', 'transfer_approved', 'transfer_accepted'] as const)
        expect(history).toContain(es.casework.history[step]);
      await expect
        .poll(() => section(dif, es.casework.transfer.title).innerText())
        .toContain(es.casework.transfer.status.accepted);
      await expectNoSeriousA11yViolations(dif);
      await shot(dif, '6-dif-case-assigned');
      await saveScreenshot(assignment, join(SHOTS, `${label}-6b-assignment-card.png`));

      // 4. The prosecutor's office no longer opens the case; its record of the transfer stays.
      expect((await cwApi.request('GET', `/api/cases/${caseId}`)).status).toBe(404);
      await sup.goto(`${server.url}/transfers`);
      await section(sup, es.casework.transfer.past)
        .getByRole('article')
        .filter({ hasText: name })
        .getByText(es.casework.transfer.status.accepted)
        .waitFor();
      expect(
        await section(sup, es.casework.transfer.past)
          .getByRole('article')
          .filter({ hasText: name })
          .innerText(),
      ).toContain(
        tr(es.casework.transfer.contactOf, {
          agency: 'DIF Chiapas',
          contact:
            'Procuraduría de Protección de Niñas, Niños y Adolescentes · procuraduria@dif-chiapas.example · 961 617 0020',
        }),
      );
      await shot(sup, '7-supervisor-history');

      for (const x of [a, b, c]) {
        expect(x.csp.violations).toEqual([]);
        expect(x.csp.pageErrors).toEqual([]);
        await x.page.context().close();
      }
    }, 300_000);
  },
);
