/**
 * Case work end to end in Chromium, two users in two agencies: a prosecutor's caseworker screens,
 * opens a case, matches and refers; the shelter accepts and records a service; the person withdraws
 * consent and the next share is refused. A provider that was not referred cannot open the person,
 * and the shelter's address never appears in a list. Axe and CSP on every screen. Run at desktop width
 * and on a 390 px phone; the screens are written to ENLACE_SCREENSHOTS (default: a temporary folder).
 *
 * Issue 11 (a referral both sides understand): matching shows service and language names, never codes;
 * "Canalizar" clicked twice makes one referral; a provider name ending in "A.C." gives no "A.C.."; the
 * shelter's inbox names the sending agency and the caseworker sees the shelter's name; the service form
 * has dates and funding and confirms.
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import shortScreen from '../../../packages/core/instruments/short-screen.v1.json';
import { type Client, startTestServer, type TestServer, type TestUser } from '../../server/test/server.ts';
import en from '../src/i18n/en-US.json';
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
} from './harness.ts';

const ADDRESS = 'Privada de los Fresnos 17, Barrio Oculto';
const SHELTER = 'Refugio P A.C.'; // a name ending with a full stop
const PROSECUTOR = 'Fiscalía General del Estado de Chiapas';
const SHOTS = process.env.ENLACE_SCREENSHOTS ?? join(tmpdir(), 'enlace-e2e-screenshots', 'casework');
let server: TestServer;
let browser: Browser;
let provQ: Client;

beforeAll(async () => {
  const webDist = buildWebForTests();
  server = await startTestServer({ config: { webDist } });
  browser = await launchBrowser();
  await server.ensureAgency('fgj-chis', 'state', '07', 'prosecutor');
  await server.ensureAgency('refugio-p', 'ngo', null, 'service_provider');
  await server.ensureAgency('casa-q', 'ngo', null, 'service_provider');
  mkdirSync(SHOTS, { recursive: true });
  // The two shelters' directory entries, written by their own admins through the API.
  const base = {
    services: ['shelter', 'psychological'],
    coverage: { states: ['07'] },
    municipality: '07101',
    capacity: { total: 12, free: 3 },
    referralContact: 'canalizacion@refugio.example',
  };
  const adminP = await server.login(await server.createUser({ role: 'agency_admin', agencyId: 'refugio-p' }));
  expect(
    (
      await adminP.request('PUT', '/api/providers/mine', {
        ...base,
        name: SHELTER,
        languages: ['nah', 'spa'],
        address: ADDRESS,
      })
    ).status,
  ).toBe(200);
  const adminQ = await server.login(await server.createUser({ role: 'agency_admin', agencyId: 'casa-q' }));
  expect(
    (
      await adminQ.request('PUT', '/api/providers/mine', {
        ...base,
        name: 'Casa Q',
        languages: ['spa'],
        eligibility: { sexes: ['female'] },
        address: 'Calle Q 1',
      })
    ).status,
  ).toBe(200);
  provQ = await server.login(await server.createUser({ role: 'service_provider', agencyId: 'casa-q' }));
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const newPage = (viewport: { width: number; height: number }) => openPage(browser, viewport);

const heading = pageHeading;
const button = buttonNamed;

/** First sign-in through the UI, enrolling MFA. */
const signIn = (page: Page, user: TestUser, path: string) =>
  firstSignIn(page, es, `${server.url}${path}`, user);

const item = (id: string) => shortScreen.items.find((i) => i.id === id)!;

/** No raw codes of services or languages in this text. */
const RAW_CODES = /\b(shelter|psychological|medical|nah|spa|ngo)\b/;

describe.each([
  { label: 'desktop', width: 1280, height: 900 },
  { label: 'phone', width: 390, height: 844 },
])('case work in Chromium ($label, $width px)', ({ label, width, height }) => {
  it('screen → case → match → refer → provider accepts → service → consent withdrawn → next share refused', async () => {
    const shot = (page: Page, name: string) =>
      saveScreenshot(page, join(SHOTS, `${label}-${name}.png`), { fullPage: true });
    const caseworker = await server.createUser({ role: 'caseworker', agencyId: 'fgj-chis' });
    const provider = await server.createUser({ role: 'service_provider', agencyId: 'refugio-p' });
    // The agencies' real names (the test server's createUser names them "Agency <id>").
    await server.db.query('UPDATE agencies SET name = $2 WHERE id = $1', ['fgj-chis', PROSECUTOR]);
    await server.db.query('UPDATE agencies SET name = $2 WHERE id = $1', ['refugio-p', SHELTER]);
    const a = await newPage({ width, height });
    await signIn(a.page, caseworker, '/cases');
    await heading(a.page, es.nav.cases).waitFor();
    await expectNoSeriousA11yViolations(a.page);

    // Screening: every item but two is "prefers not to answer"; "can leave?" no, "documents kept?" yes.
    await button(a.page, es.casework.cases.shortScreen).click();
    await heading(a.page, shortScreen.title.es).waitFor();
    await expectNoSeriousA11yViolations(a.page);
    const answers: Record<string, string> = {
      [item('can_leave').text.es]: es.casework.screening.no,
      [item('documents_kept').text.es]: es.casework.screening.yes,
    };
    const currentItem = () =>
      a.page.evaluate(() => {
        const form = document.querySelector('main form.card');
        const label = form?.querySelector('legend') ?? form?.querySelector('label');
        return label?.textContent ?? '';
      });
    await a.page.locator('main form.card').waitFor();
    for (let step = 0; step < 30; step++) {
      if (step === 2) {
        // Interrupted: leave, then resume from the list of unfinished screenings.
        await a.page.goto(`${server.url}/cases`);
        await a.page.getByRole('heading', { name: es.casework.cases.unfinished }).waitFor();
        await a.page
          .getByRole('link', { name: new RegExp(`^${es.casework.cases.resume.split(':')[0]}`) })
          .click();
        await heading(a.page, shortScreen.title.es).waitFor();
        await a.page.locator('main form.card').waitFor();
      }
      const text = await currentItem();
      if (text === '') break; // every shown item answered
      const choice = answers[text];
      if (choice) {
        await a.page.getByRole('radio', { name: choice, exact: true }).check();
        await button(a.page, es.casework.screening.next).click();
      } else {
        await button(a.page, es.casework.screening.decline).click();
      }
      // Wait until the next item (or the end) is on screen before reading it.
      await a.page.waitForFunction((prev) => {
        const form = document.querySelector('main form.card');
        const label = form?.querySelector('legend') ?? form?.querySelector('label');
        return (label?.textContent ?? '') !== prev;
      }, text);
      if (step === 3) await expectNoSeriousA11yViolations(a.page);
    }
    await button(a.page, es.casework.screening.complete).click();
    await a.page.getByText(es.casework.recommendation.refer_for_assessment).waitFor();
    await a.page
      .getByText(es.casework.indicators.restriction_of_movement, { exact: false })
      .first()
      .waitFor();
    await a.page.getByText(es.casework.indicators.retention_of_documents, { exact: false }).first().waitFor();
    await expectNoSeriousA11yViolations(a.page);

    // Open the case, fill in what matching needs.
    // No name given (the person prefers not to): the title is neutral, never "Caso de Sin nombre registrado".
    await button(a.page, es.casework.screening.openCase).click();
    await a.page
      .getByRole('heading', { level: 1, name: es.casework.page.titleUnnamed.split(' · ')[0]! })
      .waitFor();
    await a.page.getByLabel(es.casework.person.sex, { exact: true }).selectOption('male');
    // Languages and municipality chosen by name, never typed as codes.
    const languages = a.page.getByLabel(es.casework.person.languages, { exact: true });
    await languages.fill('Náhuatl');
    await languages.fill('Español');
    await a.page
      .getByLabel(es.casework.page.municipality, { exact: true })
      .fill('San Cristóbal de las Casas, Chiapas');
    await a.page.getByRole('checkbox', { name: es.casework.services.shelter, exact: true }).check();
    await button(a.page, es.casework.page.savePerson).click();
    await a.page.getByRole('status').filter({ hasText: es.casework.case.saved }).waitFor();
    await expectNoSeriousA11yViolations(a.page);

    // Matching before consent shows providers; referring without consent is refused.
    await button(a.page, es.casework.match.find).click();
    await button(a.page, es.casework.match.refer.replace('{{name}}', SHELTER)).waitFor();
    await a.page
      .getByText(es.casework.match.exclusion.sex_not_served.replace('{{sex}}', es.casework.sex.male))
      .waitFor();
    // Labels, never codes: "ofrece: Albergue, Atención psicológica; habla Náhuatl".
    const matchCard = a.page.locator('section', {
      has: a.page.getByRole('heading', { name: es.casework.match.title }),
    });
    await matchCard
      .getByText(
        es.casework.match.reason.offers_services.replace('{{services}}', es.casework.services.shelter),
        { exact: false },
      )
      .waitFor();
    await matchCard
      .getByText(es.casework.match.reason.speaks_first_language.replace('{{language}}', 'Náhuatl'), {
        exact: false,
      })
      .waitFor();
    expect(await matchCard.innerText()).not.toMatch(RAW_CODES);
    await shot(a.page, '1-match');
    await button(a.page, es.casework.match.refer.replace('{{name}}', SHELTER)).click();
    await a.page.getByRole('alert').filter({ hasText: es.errors.consent_required }).waitFor();

    const purpose = es.casework.consent.purpose.referral;
    const consentForm = a.page.locator('form', {
      has: a.page.getByRole('heading', { name: es.casework.page.recordConsent }),
    });
    await consentForm.getByRole('checkbox', { name: purpose, exact: true }).check();
    await consentForm
      .getByRole('radio', { name: es.casework.page.consentMethod.verbal, exact: true })
      .check();
    await button(a.page, es.casework.page.saveConsent).click();
    await button(a.page, es.casework.consent.withdraw.replace('{{purpose}}', purpose)).waitFor();
    await button(a.page, es.casework.match.find).click();
    // A double click sends one referral; the message ends in "A.C.", not "A.C..".
    await button(a.page, es.casework.match.refer.replace('{{name}}', SHELTER)).dblclick();
    const sent = es.casework.match.referred.replace('{{name}}', 'Refugio P A.C');
    expect(sent).toBe('Canalización enviada a Refugio P A.C.');
    await a.page.getByRole('status').filter({ hasText: sent }).waitFor();
    expect(await a.page.getByRole('status').filter({ hasText: sent }).innerText()).not.toContain('A.C..');
    const caseId = a.page.url().split('/cases/')[1]!.split(/[?#]/)[0]!;
    const refs = await server.db.query<{ id: string; case_id: string }>(
      'SELECT id, case_id FROM cw_referrals WHERE case_id = $1',
      [caseId],
    );
    expect(refs.rows.length).toBe(1);
    // The shelter now shows the referral's state instead of a second "Canalizar" button.
    await matchCard.getByText(es.casework.referralStatus.pending, { exact: true }).waitFor();
    expect(await button(a.page, es.casework.match.refer.replace('{{name}}', SHELTER)).count()).toBe(0);
    const sentCard = a.page.locator('section', {
      has: a.page.getByRole('heading', { name: es.casework.referrals.sent, exact: true }),
    });
    await sentCard.getByText(SHELTER, { exact: false }).waitFor();
    await shot(a.page, '2-referred');
    await expectNoSeriousA11yViolations(a.page);
    expect(await a.page.content()).not.toContain(ADDRESS);

    // The shelter: its inbox names the sender (not itself); the referral shows only the needed fields.
    const p = await newPage({ width, height });
    await signIn(p.page, provider, '/referrals');
    await heading(p.page, es.nav.referrals).waitFor();
    const inbox = p.page
      .getByRole('listitem')
      .filter({ hasText: `${es.casework.referrals.from}: ${PROSECUTOR}` });
    // Newest first (the phone run finds the desktop run's referral below its own).
    await inbox.first().waitFor();
    expect(await inbox.count()).toBe(
      await p.page.getByRole('button', { name: es.casework.referrals.open, exact: true }).count(),
    );
    expect(await p.page.locator('main').innerText()).not.toContain(SHELTER);
    // the box says what waits in it: the pending referrals received
    const waiting = await inbox.filter({ hasText: es.casework.referralStatus.pending }).count();
    await p.page
      .getByRole('option', {
        name: (waiting === 1 ? es.casework.referrals.boxWaiting_one : es.casework.referrals.boxWaiting_other)
          .replace('{{box}}', es.casework.referrals.received)
          .replace('{{count}}', String(waiting)),
        exact: true,
      })
      .waitFor({ state: 'attached' });
    await inbox.first().getByRole('button', { name: es.casework.referrals.open }).click();
    await p.page.getByRole('heading', { name: es.casework.referrals.detail }).waitFor();
    const detail = p.page.locator('section', {
      has: p.page.getByRole('heading', { name: es.casework.referrals.detail }),
    });
    await shot(p.page, '3-inbox');
    await detail.getByText('Náhuatl, Español', { exact: true }).waitFor();
    expect(await detail.innerText()).toContain(PROSECUTOR);
    expect(await detail.innerText()).not.toMatch(RAW_CODES);
    await expectNoSeriousA11yViolations(p.page);
    await button(p.page, es.casework.referrals.accept).click();
    // The service form: start date (today), optional end date, funding with labels; a confirmation.
    const start = p.page.getByLabel(es.casework.referrals.startDate, { exact: true });
    await start.waitFor();
    const now = new Date();
    const today = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
    await expect.poll(() => start.inputValue()).toBe(today);
    const funding = p.page.getByLabel(es.casework.referrals.funding, { exact: true });
    expect(await funding.locator('option').allInnerTexts()).toEqual(
      ['federal', 'state', 'municipal', 'ngo', 'international', 'private', 'other'].map(
        (f) => es.casework.funding[f as keyof typeof es.casework.funding],
      ),
    );
    await start.fill('2026-01-05');
    await p.page.getByLabel(es.casework.referrals.endDate, { exact: true }).fill('2026-02-20');
    await funding.selectOption({ label: es.casework.funding.state });
    await expectNoSeriousA11yViolations(p.page);
    await button(p.page, es.casework.referrals.recordService).click();
    await p.page
      .getByRole('status')
      .filter({
        hasText: es.casework.referrals.serviceRecorded
          .replace('{{service}}', es.casework.services.shelter)
          .replace('{{date}}', new Date('2026-01-05T12:00:00').toLocaleDateString('es-MX')),
      })
      .waitFor();
    await shot(p.page, '4-service');
    await expectNoSeriousA11yViolations(p.page);
    const svc = await server.db.query<{ start_date: string; end_date: string; funding: string }>(
      "SELECT to_char(start_date, 'YYYY-MM-DD') AS start_date, to_char(end_date, 'YYYY-MM-DD') AS end_date, funding FROM cw_services WHERE case_id = $1",
      [caseId],
    );
    expect(svc.rows).toEqual([{ start_date: '2026-01-05', end_date: '2026-02-20', funding: 'state' }]);

    // A provider that was not referred cannot open the person.
    expect((await provQ.request('GET', `/api/case-referrals/${refs.rows[0]!.id}`)).status).toBe(404);
    expect((await provQ.request('GET', `/api/cases/${refs.rows[0]!.case_id}`)).status).toBe(404);

    // Back at the case: the service is there, delivered by the shelter (its name, not its id).
    await a.page.reload();
    const services = a.page.locator('section', {
      has: a.page.getByRole('heading', { name: es.casework.services.title, exact: true }),
    });
    await services.getByText(SHELTER, { exact: false }).waitFor();
    const serviceText = await services.innerText();
    expect(serviceText).toContain(es.casework.services.shelter);
    expect(serviceText).toContain(es.casework.funding.state);
    expect(serviceText).not.toContain('refugio-p');
    await a.page.getByText(es.casework.history.service_recorded).waitFor();
    await shot(a.page, '5-case-services');
    // The person withdraws consent.
    await button(a.page, es.casework.consent.withdraw.replace('{{purpose}}', purpose)).click();
    await a.page
      .getByRole('status')
      .filter({ hasText: es.casework.page.consentWithdrawn.replace('{{purpose}}', purpose) })
      .waitFor();

    // The next share is refused: the shelter can no longer open the person.
    await p.page.reload();
    await button(p.page, es.casework.referrals.open).first().click();
    await p.page.getByRole('alert').filter({ hasText: es.errors.consent_withdrawn }).waitFor();
    await expectNoSeriousA11yViolations(p.page);

    // The shelter address appears in no list: directory page, match results, referral lists.
    await a.page.goto(`${server.url}/providers`);
    await heading(a.page, es.nav.providers).waitFor();
    await a.page.getByRole('cell', { name: SHELTER, exact: true }).waitFor();
    expect(await a.page.content()).not.toContain(ADDRESS);
    await expectNoSeriousA11yViolations(a.page);
    await a.page.goto(`${server.url}/referrals`);
    await heading(a.page, es.nav.referrals).waitFor();
    expect(await a.page.content()).not.toContain(ADDRESS);

    // The same pages in English.
    await a.page.getByLabel(es.language.label, { exact: true }).selectOption('en-US');
    await heading(a.page, en.nav.referrals).waitFor();
    await a.page.goto(`${server.url}/cases`);
    await heading(a.page, en.nav.cases).waitFor();
    await button(a.page, en.casework.cases.shortScreen).waitFor();
    await expectNoSeriousA11yViolations(a.page);

    for (const x of [a, p]) {
      expect(x.csp.violations).toEqual([]);
      expect(x.csp.pageErrors).toEqual([]);
      await x.page.context().close();
    }
  }, 240_000);
});
