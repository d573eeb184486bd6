/**
 * The complete case page (issue 11) in Chromium, es-MX, at desktop width and on a 390 px phone: a caseworker
 * runs the full interview (age 17, Tsotsil and Spanish, asks for shelter and legal advice), opens the case with
 * the person's name (the title shows it; the screening's answers are in the case), fills the person's details
 * from lists (nationality, municipality by name), records consent given by the person's mother, adds a
 * trafficker, a timeline event and a support-plan goal with a task and a follow-up, records a service and the
 * restitution ordered and paid (shown as $1,153,265.22 MXN), and refers to a shelter; the shelter sees the age
 * and the languages by name. Axe on every screen; screenshots in ENLACE_SCREENSHOTS (default: a temporary folder).
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syntheticMexican } from '@enlace/linkage/synthetic';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fullInterview from '../../../packages/core/instruments/full-interview.v1.json';
import { linkNewPersons } from '../../server/src/api/linkage/service.ts';
import { blindIndex, encryptField } from '../../server/src/security/crypto.ts';
import { type Client, startTestServer, type TestServer } from '../../server/test/server.ts';
import es from '../src/i18n/es-MX.json';
import {
  buildWebForTests,
  buttonNamed as button,
  expectNoSeriousA11yViolations,
  firstSignIn,
  pageHeading as heading,
  launchBrowser,
  openPage,
  saveScreenshot,
} from './harness.ts';

const SHOTS = process.env.ENLACE_SCREENSHOTS ?? join(tmpdir(), 'enlace-e2e-screenshots', 'case-page');
const AGENCY = 'fge-chiapas';
const SHELTER_AGENCY = 'casa-jobel';
const SHELTER = 'Casa Jobel';
const DIF = 'dif-chiapas';
let server: TestServer;
let browser: Browser;
let caseworkerApi: Client;

beforeAll(async () => {
  const webDist = buildWebForTests();
  server = await startTestServer({ config: { webDist } });
  browser = await launchBrowser();
  await server.ensureAgency(AGENCY, 'state', '07', 'prosecutor');
  await server.ensureAgency(SHELTER_AGENCY, 'ngo', null, 'service_provider');
  mkdirSync(SHOTS, { recursive: true });
  const admin = await server.login(
    await server.createUser({ role: 'agency_admin', agencyId: SHELTER_AGENCY }),
  );
  const listing = await admin.request('PUT', '/api/providers/mine', {
    name: SHELTER,
    services: ['shelter', 'legal', 'psychological'],
    languages: ['tzo', 'tzh', 'spa'],
    eligibility: { sexes: ['female'] },
    coverage: { states: ['07'] },
    municipality: '07078',
    capacity: { total: 20, free: 6 },
    referralContact: 'canalizacion@jobel.example',
    address: 'Calle Reservada 3, Barrio de Guadalupe',
  });
  expect(listing.status).toBe(200);
  // The sentence the restitution is ordered in, recorded by the prosecutor's office (Registros › Sentencias).
  caseworkerApi = await server.login(await server.createUser({ role: 'caseworker', agencyId: AGENCY }));
  const conviction = await caseworkerApi.request(
    'PUT',
    `/api/convictions/${encodeURIComponent(`${AGENCY}/2026-0117`)}`,
    {
      primary_form: 'forced_labor',
      date: '2026-09-14',
      state_code: '07',
      sentence_months: '180',
      restitution_ordered_mxn: '1153265.22',
    },
  );
  expect(conviction.status).toBe(200);
  // Another agency (the state DIF) already knows persons, Xunka López Gómez among them; the linkage model is
  // estimated on them, so a caseworker who records her sees "may be known to another agency".
  await server.ensureAgency(DIF, 'state', '07', 'child_protection');
  await server.db.query('UPDATE agencies SET name = $2 WHERE id = $1', [DIF, 'DIF Chiapas']);
  const gen = syntheticMexican({ entities: 70, seed: 9, duplicateRate: 0.3 });
  const rows = [
    ...gen.records.map((r) => ({ id: `${DIF}/${r.id}`, f: r.fields })),
    {
      id: `${DIF}/xunka`,
      f: {
        given_names: 'Xunka',
        surname_1: 'López',
        surname_2: 'Gómez',
        birth_date: '2009-03-02',
        sex: 'Mujer',
      },
    },
  ];
  for (const { id, f } of rows) {
    const enc = (col: string, v: string | undefined) => encryptField(v ?? null, `persons.${col}`);
    await server.db.query(
      `INSERT INTO persons (person_id, agency_id, given_names_enc, surname_1_enc, surname_2_enc, birth_date_enc, sex,
         curp_enc, curp_bidx, phone_enc, email_enc, row_hash) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,'h')`,
      [
        id,
        DIF,
        enc('given_names', f.given_names),
        enc('surname_1', f.surname_1),
        enc('surname_2', f.surname_2),
        enc('birth_date', f.birth_date),
        f.sex === 'Hombre' ? 'male' : 'female',
        enc('curp', f.curp),
        blindIndex('curp', f.curp ?? null),
        enc('phone', f.phone),
        enc('email', f.email),
      ],
    );
  }
  await linkNewPersons(
    { db: server.db, actor: { userId: null, agencyId: DIF } } as never,
    rows.map((r) => r.id),
  );
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const itemText = (id: string) => fullInterview.items.find((i) => i.id === id)!.text.es;
const section = (page: Page, name: string) =>
  page.locator('section', { has: page.getByRole('heading', { level: 2, name, exact: true }) });
const saved = (page: Page, text: string) => page.getByRole('status').filter({ hasText: text }).waitFor();

describe.each([
  { label: 'desktop', width: 1280, height: 900 },
  { label: 'phone', width: 390, height: 844 },
])('the case page in Chromium ($label, $width px)', ({ label, width, height }) => {
  it('screening → named case with its answers → person from lists → consent → trafficker, timeline, plan → service, restitution → shelter', async () => {
    const shot = (page: Page, name: string) =>
      saveScreenshot(page, join(SHOTS, `${label}-${name}.png`), { fullPage: true });
    const caseworker = await server.createUser({ role: 'caseworker', agencyId: AGENCY });
    const staff = await server.createUser({ role: 'service_provider', agencyId: SHELTER_AGENCY });
    // The agencies' real names (the test server's createUser names them "Agency <id>").
    await server.db.query('UPDATE agencies SET name = $2 WHERE id = $1', [AGENCY, 'Fiscalía de Chiapas']);
    await server.db.query('UPDATE agencies SET name = $2 WHERE id = $1', [SHELTER_AGENCY, SHELTER]);
    const a = await openPage(browser, { width, height });
    const page = a.page;
    await firstSignIn(page, es, `${server.url}/cases`, caseworker);
    await heading(page, es.nav.cases).waitFor();

    // The full interview: answers that matter; every other item "prefers not to answer".
    await button(page, es.casework.cases.fullInterview).click();
    await heading(page, fullInterview.title.es).waitFor();
    const answers: Record<string, (p: Page) => Promise<void>> = {
      [itemText('ok_to_continue')]: (p) =>
        p.getByRole('radio', { name: es.casework.screening.yes, exact: true }).check(),
      [itemText('age')]: (p) => p.getByLabel(itemText('age'), { exact: true }).fill('17'),
      [itemText('languages')]: async (p) => {
        await p.getByRole('checkbox', { name: 'Tsotsil', exact: false }).check();
        await p.getByRole('checkbox', { name: 'Español', exact: false }).check();
      },
      [itemText('documents_kept')]: (p) =>
        p.getByRole('radio', { name: es.casework.screening.yes, exact: true }).check(),
      [itemText('can_leave')]: (p) =>
        p.getByRole('radio', { name: es.casework.screening.no, exact: true }).check(),
      [itemText('needs')]: async (p) => {
        await p.getByRole('checkbox', { name: 'Un lugar seguro para quedarme', exact: true }).check();
        await p.getByRole('checkbox', { name: 'Asesoría legal', exact: true }).check();
      },
    };
    const currentItem = () =>
      page.evaluate(() => {
        const form = document.querySelector('main form.card');
        const l = form?.querySelector('legend') ?? form?.querySelector('label');
        return l?.textContent ?? '';
      });
    await page.locator('main form.card').waitFor();
    for (let step = 0; step < 45; step++) {
      const text = await currentItem();
      if (text === '') break;
      const answer = answers[text];
      if (answer) {
        await answer(page);
        if (step === 5) await shot(page, '1-screening-languages');
        await button(page, es.casework.screening.next).click();
      } else {
        await button(page, es.casework.screening.decline).click();
      }
      await page.waitForFunction((prev) => {
        const form = document.querySelector('main form.card');
        const l = form?.querySelector('legend') ?? form?.querySelector('label');
        return (l?.textContent ?? '') !== prev;
      }, text);
    }
    await button(page, es.casework.screening.complete).click();
    await page.getByText(es.casework.recommendation.refer_for_assessment).waitFor();

    // Open the case with the person's name: the title shows it.
    await page.getByLabel(es.casework.person.givenNames, { exact: true }).fill('Xunka');
    await page.getByLabel(es.casework.page.surname1, { exact: true }).fill('López');
    await expectNoSeriousA11yViolations(page);
    await shot(page, '2-open-case');
    await button(page, es.casework.screening.openCase).click();
    await heading(page, es.casework.case.titleFor.replace('{{name}}', 'Xunka López')).waitFor();
    // What the screening learned is in the case: age, languages by name, needs, indicators.
    const learned = section(page, es.casework.page.fromScreening);
    await learned.getByText('17 años', { exact: true }).waitFor();
    await learned.getByText('Tsotsil, Español', { exact: true }).waitFor();
    await expect
      .poll(() => learned.innerText())
      .toContain(`${es.casework.services.shelter}, ${es.casework.services.legal}`);
    await expect.poll(() => learned.innerText()).toContain(es.casework.indicators.retention_of_documents);
    await expect.poll(() => learned.innerText()).toContain(es.casework.flags.minor);
    await expectNoSeriousA11yViolations(page);
    await shot(page, '3-case-from-screening');

    // The person's details, chosen from lists; checkboxes on the line of their labels.
    const person = section(page, es.casework.page.person);
    await expect
      .poll(() => person.getByLabel(es.casework.person.age, { exact: true }).inputValue())
      .toBe('17');
    await person.getByRole('listitem').filter({ hasText: 'Tsotsil' }).waitFor();
    await person.getByLabel(es.casework.page.surname2, { exact: true }).fill('Gómez');
    await person.getByLabel(es.casework.page.birthDate, { exact: true }).fill('2009-03-02');
    await person
      .getByLabel(es.casework.person.sex, { exact: true })
      .selectOption({ label: es.casework.sex.female });
    await person.getByLabel(es.casework.page.nationality, { exact: true }).selectOption({ label: 'México' });
    await person
      .getByLabel(es.casework.page.migrationStatus, { exact: true })
      .selectOption({ label: es.casework.page.migration.mexican_national });
    await person
      .getByLabel(es.casework.page.municipality, { exact: true })
      .fill('San Cristóbal de las Casas, Chiapas');
    await person.getByLabel(es.casework.person.languages, { exact: true }).fill('Tseltal');
    await person.getByRole('listitem').filter({ hasText: 'Tseltal' }).waitFor();
    await person.getByRole('checkbox', { name: es.casework.page.indigenous }).check();
    const box = await person
      .getByRole('checkbox', { name: es.casework.services.medical, exact: true })
      .boundingBox();
    const text = await person.getByText(es.casework.services.medical, { exact: true }).boundingBox();
    expect(Math.abs(box!.y + box!.height / 2 - (text!.y + text!.height / 2))).toBeLessThan(8); // same line
    expect(box!.width).toBeLessThan(30);
    await button(page, es.casework.page.savePerson).click();
    await saved(page, es.casework.case.saved);
    await heading(page, es.casework.case.titleFor.replace('{{name}}', 'Xunka López Gómez')).waitFor();
    await expectNoSeriousA11yViolations(page);
    await shot(page, '4-person');

    // She may be known to another agency: the page says so, shows nothing of it, and asks for access.
    const known = section(page, es.casework.page.knownTitle);
    await known.getByText(es.casework.page.knownElsewhere, { exact: true }).waitFor();
    expect(await known.innerText()).not.toContain('DIF');
    await known
      .getByLabel(es.casework.page.knownReason, { exact: true })
      .fill('Coordinar albergue y asesoría legal para ella.');
    await known.getByRole('button', { name: es.casework.page.knownAsk, exact: true }).click();
    await known.getByText(es.casework.page.knownStatus.pending, { exact: false }).waitFor();
    await expectNoSeriousA11yViolations(page);
    await shot(page, '4b-known-elsewhere');
    if (label === 'desktop') {
      // The DIF's supervisor sees the request next to their own person and accepts; the caseworker sees whom to call.
      const dif = await openPage(browser, { width, height });
      const difSup = await server.createUser({ role: 'supervisor', agencyId: DIF });
      await server.db.query('UPDATE agencies SET name = $2 WHERE id = $1', [DIF, 'DIF Chiapas']);
      await firstSignIn(dif.page, es, `${server.url}/cases`, difSup);
      const inbox = section(dif.page, es.casework.page.inboxTitle);
      await inbox.getByText('Xunka López', { exact: true }).first().waitFor();
      await expectNoSeriousA11yViolations(dif.page);
      await shot(dif.page, '4c-dif-inbox');
      await inbox
        .getByRole('button', { name: /^Aceptar y compartir/ })
        .first()
        .click();
      await inbox.getByText(es.casework.page.knownStatus.accepted, { exact: false }).first().waitFor();
      await page.reload();
      await section(page, es.casework.page.knownTitle).getByText('DIF Chiapas', { exact: false }).waitFor();
      expect(dif.csp.pageErrors).toEqual([]);
      await dif.page.context().close();
    }

    // Consent given by the person's mother, for referral and statistics.
    const consent = section(page, es.casework.consent.title);
    const consentForm = consent.locator('form', {
      has: page.getByRole('heading', { name: es.casework.page.recordConsent }),
    });
    await consentForm
      .getByRole('checkbox', { name: es.casework.consent.purpose.referral, exact: true })
      .check();
    await consentForm
      .getByRole('checkbox', { name: es.casework.consent.purpose.statistics, exact: true })
      .check();
    await consentForm
      .getByRole('radio', { name: es.casework.page.consentMethod.guardian, exact: true })
      .check();
    await consentForm
      .getByLabel(es.casework.page.guardianName, { exact: true })
      .fill('María López Gómez (madre)');
    await button(page, es.casework.page.saveConsent).click();
    await consent
      .getByText(`${es.casework.page.consentMethod.guardian}: María López Gómez (madre)`, { exact: false })
      .first()
      .waitFor();
    // A caseworker is not offered the emergency override (supervisors are).
    expect(await page.getByText(es.casework.page.override).count()).toBe(0);
    await expectNoSeriousA11yViolations(page);
    await shot(page, '5-consent');

    // A trafficker, a timeline event, a support-plan goal with a task and a follow-up.
    const perps = section(page, es.casework.page.perpetrators);
    await perps.getByLabel(es.casework.page.perpName, { exact: true }).fill('Rogelio Treviño Salas');
    await perps.getByLabel(es.casework.page.perpAlias, { exact: true }).fill('El Güero');
    await perps
      .getByLabel(es.casework.page.perpRoleLabel, { exact: true })
      .selectOption({ label: es.casework.page.perpRole.recruiter });
    await perps
      .getByLabel(es.casework.page.perpRelation, { exact: true })
      .selectOption({ label: es.records.values.acquaintance });
    await perps.getByRole('button', { name: es.casework.page.addPerp, exact: true }).click();
    await saved(page, es.casework.page.perpAdded);
    await perps.getByText('Rogelio Treviño Salas', { exact: true }).waitFor();

    const timeline = section(page, es.casework.page.timeline);
    await timeline.getByLabel(es.casework.page.from, { exact: true }).fill('2025-06-01');
    await timeline.getByLabel(es.casework.page.place, { exact: true }).fill('Tuxtla Gutiérrez');
    await timeline
      .getByLabel(es.casework.page.whatHappened, { exact: true })
      .fill('Le ofrecieron trabajo en una tienda por Facebook.');
    await timeline.getByRole('button', { name: es.casework.page.addEvent, exact: true }).click();
    await saved(page, es.casework.page.eventAdded);
    await timeline.getByText('1 de junio de 2025', { exact: false }).waitFor();

    const plan = section(page, es.casework.page.plan);
    await plan.getByLabel(es.casework.page.newGoal, { exact: true }).fill('Vivienda segura');
    await plan.getByRole('button', { name: es.casework.page.addGoal, exact: true }).click();
    await saved(page, es.casework.page.goalAdded);
    await plan
      .getByLabel(es.casework.page.newTask.replace('{{goal}}', 'Vivienda segura'), { exact: true })
      .fill('Solicitar lugar en albergue');
    await plan.getByLabel(es.casework.page.dueDate, { exact: true }).fill('2026-12-20');
    await plan.getByRole('button', { name: es.casework.page.addTask, exact: true }).click();
    await saved(page, es.casework.page.taskAdded);
    await plan.getByText('Solicitar lugar en albergue', { exact: false }).waitFor();
    await plan.getByLabel(es.casework.page.followUpDate, { exact: true }).fill('2026-12-15');
    await plan.getByLabel(es.casework.page.followUpNote, { exact: true }).fill('Llamar a la madre');
    await plan.getByRole('button', { name: es.casework.page.addFollowUp, exact: true }).click();
    await saved(page, es.casework.page.followUpAdded);
    await plan.getByText('Llamar a la madre', { exact: false }).waitFor();
    await expectNoSeriousA11yViolations(page);
    await shot(page, '6-perpetrator-timeline-plan');

    // A service the caseworker's own agency gave, and the restitution ordered and paid, as money.
    const services = section(page, es.casework.services.title);
    await services
      .getByLabel(es.casework.services.service, { exact: true })
      .selectOption({ label: es.casework.services.psychological });
    await services
      .getByLabel(es.casework.referrals.funding, { exact: true })
      .selectOption({ label: es.casework.funding.state });
    await services.getByRole('button', { name: es.casework.page.recordService, exact: true }).click();
    await services.getByText(es.casework.page.ourAgency, { exact: false }).waitFor();

    const rest = section(page, es.casework.page.restitution);
    const convictionSelect = rest.getByLabel(es.casework.page.conviction, { exact: true });
    const convictionOption = (await convictionSelect.locator('option').allInnerTexts()).find((o) =>
      o.startsWith('Sentencia del 14 de septiembre de 2026'),
    );
    expect(convictionOption).toBe(
      'Sentencia del 14 de septiembre de 2026 · Chiapas · Trabajo forzado · 180 meses de prisión',
    );
    await convictionSelect.selectOption({ label: convictionOption! });
    await rest.getByLabel(es.casework.page.amountOrdered, { exact: true }).fill('1153265.22');
    await rest.getByRole('button', { name: es.casework.page.addOrder, exact: true }).click();
    await saved(page, es.casework.page.orderRecorded.replace('{{amount}}', '$1,153,265.22 MXN'));
    await rest.getByLabel(es.casework.page.amountPaid, { exact: true }).fill('50,000');
    await rest.getByRole('button', { name: es.casework.page.addPayment, exact: true }).click();
    await saved(page, es.casework.page.paymentRecorded.replace('{{amount}}', '$50,000.00 MXN'));
    // the balances are read again after the payment: wait for them rather than read at once
    await expect.poll(() => rest.innerText()).toContain('$1,103,265.22 MXN');
    const restText = await rest.innerText();
    expect(restText).toContain('$1,153,265.22 MXN');
    expect(restText).toContain('$1,103,265.22 MXN'); // outstanding
    expect(restText).not.toMatch(/1153265\.22/);
    await expectNoSeriousA11yViolations(page);
    await shot(page, '7-services-restitution');

    if (label === 'desktop') {
      // Her supervisor approves the support plan and, because she cannot wait, overrides consent for the
      // cross-border exchange with a justification (a caseworker is offered neither).
      expect(await button(page, es.casework.page.approvePlan).count()).toBe(0);
      const supUser = await server.createUser({ role: 'supervisor', agencyId: AGENCY });
      await server.db.query('UPDATE agencies SET name = $2 WHERE id = $1', [AGENCY, 'Fiscalía de Chiapas']);
      const sv = await openPage(browser, { width, height });
      await firstSignIn(sv.page, es, `${server.url}${new URL(page.url()).pathname}`, supUser);
      await heading(sv.page, es.casework.case.titleFor.replace('{{name}}', 'Xunka López Gómez')).waitFor();
      const svPlan = section(sv.page, es.casework.page.plan);
      await svPlan.getByText(es.casework.page.planNotApproved, { exact: true }).waitFor();
      await svPlan.getByRole('button', { name: es.casework.page.approvePlan, exact: true }).click();
      await saved(sv.page, es.casework.page.planApproved);
      await svPlan.getByText(/^Plan aprobado por /).waitFor();
      const svConsent = section(sv.page, es.casework.consent.title);
      await svConsent.getByText(es.casework.page.override, { exact: true }).click();
      const overrideForm = svConsent.locator('details form');
      await overrideForm
        .getByRole('checkbox', { name: es.casework.consent.purpose.cross_border, exact: true })
        .check();
      await overrideForm
        .getByLabel(es.casework.page.overrideWhy, { exact: true })
        .fill('Requiere atención médica urgente en El Paso y no puede firmar; su madre no está localizable.');
      await expectNoSeriousA11yViolations(sv.page);
      await overrideForm.getByRole('button', { name: es.casework.page.overrideSave, exact: true }).click();
      await saved(sv.page, es.casework.page.overrideRecorded);
      await svConsent
        .getByText(es.casework.page.consentMethod.emergency_override, { exact: false })
        .first()
        .waitFor();
      await shot(sv.page, '7b-supervisor-plan-override');
      expect(sv.csp.pageErrors).toEqual([]);
      await sv.page.context().close();
      const alerts = await server.db.query<{ justification: string }>(
        "SELECT justification FROM alerts WHERE resource = 'cases' AND justification LIKE 'Emergency consent override%'",
      );
      expect(alerts.rows.length).toBeGreaterThan(0);
    }

    // Refer to the shelter.
    await button(page, es.casework.match.find).click();
    await button(page, es.casework.match.refer.replace('{{name}}', SHELTER)).click();
    await saved(page, es.casework.match.referred.replace('{{name}}', SHELTER));
    await section(page, es.casework.referrals.sent).getByText(SHELTER, { exact: false }).waitFor();
    const history = section(page, es.casework.history.title);
    await history.getByText(es.casework.page.field.perpetrators, { exact: false }).first().waitFor();
    await expectNoSeriousA11yViolations(page);
    await shot(page, '8-referred');
    await page.evaluate(() => window.scrollTo(0, 0));
    await saveScreenshot(page, join(SHOTS, `${label}-9-case-top.png`));

    // The shelter sees the age and the languages by name (never "Edad aproximada —").
    const s = await openPage(browser, { width, height });
    await firstSignIn(s.page, es, `${server.url}/referrals`, staff);
    await heading(s.page, es.nav.referrals).waitFor();
    await s.page.getByRole('button', { name: es.casework.referrals.open, exact: true }).first().click();
    const detail = section(s.page, es.casework.referrals.detail);
    await detail.waitFor();
    await detail.getByText('Tsotsil, Español, Tseltal', { exact: true }).waitFor();
    const detailText = await detail.innerText();
    expect(detailText).toMatch(/\b1[78] años\b/);
    expect(detailText).toContain('Xunka');
    expect(detailText).toContain('Fiscalía de Chiapas');
    expect(detailText).not.toContain('López'); // no surnames for the provider
    await expectNoSeriousA11yViolations(s.page);
    await shot(s.page, '10-shelter-sees');

    // The caseworker asks to close the case; her supervisor approves after confirming; the closed case is read-only.
    const closure = section(page, es.casework.closure.title);
    await closure.getByRole('button', { name: es.casework.closure.request, exact: true }).click();
    await closure
      .getByRole('button', { name: es.casework.closure.request, exact: true })
      .waitFor({ state: 'detached' });
    const closer = await server.createUser({ role: 'supervisor', agencyId: AGENCY });
    const cl = await openPage(browser, { width, height });
    await firstSignIn(cl.page, es, `${server.url}${new URL(page.url()).pathname}`, closer);
    const clClosure = section(cl.page, es.casework.closure.title);
    await clClosure.getByRole('button', { name: es.casework.closure.approve, exact: true }).click();
    // nothing closes before the second click; "Cancelar" leaves it waiting
    await clClosure.getByText(es.casework.closure.confirm, { exact: true }).waitFor();
    await clClosure.getByRole('button', { name: es.casework.closure.cancel, exact: true }).click();
    await clClosure.getByRole('button', { name: es.casework.closure.approve, exact: true }).click();
    await expectNoSeriousA11yViolations(cl.page);
    await shot(cl.page, '11-closure-confirm');
    await clClosure.getByRole('button', { name: es.casework.closure.confirmYes, exact: true }).click();
    await cl.page.getByText(es.casework.closure.closedNotice, { exact: true }).waitFor();
    await expect.poll(() => button(cl.page, es.casework.page.savePerson).first().isDisabled()).toBe(true);
    await expectNoSeriousA11yViolations(cl.page);
    await shot(cl.page, '12-closed-read-only');
    expect(cl.csp.pageErrors).toEqual([]);
    await cl.page.context().close();

    for (const x of [a, s]) {
      expect(x.csp.violations).toEqual([]);
      expect(x.csp.pageErrors).toEqual([]);
      await x.page.context().close();
    }
  }, 420_000);
});
