/**
 * Records, .zip upload and tips end to end in Chromium, against a real server with a fresh database:
 * a caseworker creates a person through the generic records form (a bad CURP is refused next to its
 * field, then fixed), finds it in the list and opens it; a supervisor validates a .zip with errors
 * (every error listed) and imports a good one (counts per file); the public sends an anonymous tip
 * from the login screen and gets a folio (and a clear message when rate-limited); a hotline operator
 * finds the tip in the queue and triages it. Axe and CSP on every screen.
 */
import { demoFolder, makeCurp } from '@enlace/core';
import { strToU8, zipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pubEn from '../../server/src/public/catalogs/en-US.json';
import pub from '../../server/src/public/catalogs/es-MX.json';
import { startTestServer, type TestServer, type TestUser } from '../../server/test/server.ts';
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
} from './harness.ts';

const AGENCY = 'fge-cmx';
const HOTLINE = 'linea-nacional';
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  const webDist = buildWebForTests();
  // Two tips a minute from one address: the third is refused (429) and the form says so.
  server = await startTestServer({ config: { webDist, publicFormRateLimitPerMinute: 2 } });
  browser = await launchBrowser();
  await server.ensureAgency(AGENCY, 'state', '09', 'prosecutor');
  await server.ensureAgency(HOTLINE, 'federal', null, 'hotline');
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const newPage = () => openPage(browser);

const heading = pageHeading;
const button = buttonNamed;
const required = (label: string) => es.records.form.requiredLabel.replace('{{label}}', label);
const fill = (s: string, vars: Record<string, string>) =>
  s.replace(/\{\{(\w+)\}\}/g, (_, k: string) => vars[k] ?? '');

/** First sign-in through the UI, enrolling MFA. */
const signIn = (page: Page, user: TestUser, path: string) =>
  firstSignIn(page, es, `${server.url}${path}`, user);

/** The part of the demo folder that belongs to one agency, as a .zip. */
function agencyZip(edit?: (files: Record<string, string>) => void): Buffer {
  const demo = demoFolder({ scale: 0.03, hotlineScale: 0.02 });
  const files: Record<string, string> = { 'agencies.csv': demo['agencies.csv']! };
  const persons = demo['persons.csv']!.split('\r\n');
  files['persons.csv'] =
    `${[persons[0], ...persons.slice(1).filter((l) => l.split(',')[1] === AGENCY)].join('\r\n')}\r\n`;
  edit?.(files);
  return Buffer.from(
    zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [`envio/${k}`, strToU8(v)]))),
  );
}

async function countPersons(): Promise<number> {
  const { rows } = await server.db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM persons WHERE agency_id = $1',
    [AGENCY],
  );
  return rows[0]?.n ?? -1;
}

describe('records, imports and tips in Chromium', () => {
  it('caseworker: a bad CURP is shown next to its field; fixed, the person is in the list and the detail', async () => {
    const user = await server.createUser({ role: 'caseworker', agencyId: AGENCY });
    const { page, csp } = await newPage();
    await signIn(page, user, '/');

    // The nav entry leads to the record kinds; persons leads to the list.
    const nav = page.getByRole('navigation', { name: es.app.mainNav });
    await nav.getByRole('link', { name: es.nav.records, exact: true }).click();
    await heading(page, es.nav.records).waitFor();
    await expect
      .poll(() => page.getByRole('link', { name: es.records.kinds.investigations.title }).count())
      .toBe(1);
    await expectNoSeriousA11yViolations(page);
    await page.getByRole('link', { name: es.records.kinds.persons.title, exact: true }).click();
    await heading(page, es.records.kinds.persons.title).waitFor();
    await expectNoSeriousA11yViolations(page);

    // New person: inputs by type (select for enumerations, checkboxes for booleans, text for codes).
    await page.getByRole('link', { name: es.records.list.new, exact: true }).click();
    await heading(page, fill(es.records.form.newTitle, { kind: es.records.kinds.persons.one })).waitFor();
    // the id starts with the agency's prefix (new records' ids are the agency's): the user types the rest
    const newId = page.getByLabel(required(es.records.columns.person_id), { exact: true });
    await expect.poll(() => newId.inputValue()).toBe(`${AGENCY}/`);
    await newId.press('End');
    await newId.pressSequentially('P-E2E-1');
    await page.getByLabel(es.records.columns.given_names, { exact: true }).fill('Guadalupe');
    await page.getByLabel(es.records.columns.surname_1, { exact: true }).fill('Ramírez');
    await page.getByLabel(es.records.columns.surname_2, { exact: true }).fill('Tzotzil');
    await page.getByLabel(es.records.columns.birth_date, { exact: true }).fill('1998-04-12');
    await page
      .getByLabel(es.records.columns.sex, { exact: true })
      .selectOption({ label: es.records.values.female });
    await page.getByLabel(es.records.columns.nationality, { exact: true }).fill('MEX');
    await page.getByLabel(es.records.columns.indigenous, { exact: true }).check();
    await page.getByLabel(es.records.columns.languages, { exact: true }).fill('spa;tzo');
    const curp = page.getByLabel(es.records.columns.curp, { exact: true });
    await curp.fill('RAXG980412');
    await expectNoSeriousA11yViolations(page);
    await button(page, es.records.form.save).click();

    // Refused: the form says so and the CURP field carries the server's message in Spanish.
    await page.getByRole('alert').filter({ hasText: es.records.form.invalid }).waitFor();
    await expect.poll(() => curp.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await curp.getAttribute('aria-describedby')) ?? '';
    const errorId = describedBy.split(' ').find((id) => id.endsWith('-error'));
    expect(errorId).toBeTruthy();
    expect(await page.locator(`[id="${errorId}"]`).textContent()).toContain('CURP inválida');
    expect(
      await page.getByLabel(es.records.columns.given_names, { exact: true }).getAttribute('aria-invalid'),
    ).toBe(null);
    await expectNoSeriousA11yViolations(page);

    // Fixed: created, shown on the detail page.
    const good = makeCurp({
      givenNames: 'Guadalupe',
      surname1: 'Ramírez',
      surname2: 'Tzotzil',
      birthDate: '1998-04-12',
      sex: 'female',
      birthState: '07',
    });
    await curp.fill(good);
    await button(page, es.records.form.save).click();
    await page.getByRole('status').filter({ hasText: es.records.form.saved.created }).waitFor();
    await heading(
      page,
      fill(es.records.detail.title, { kind: es.records.kinds.persons.one, id: `${AGENCY}/P-E2E-1` }),
    ).waitFor();
    const facts = page.getByRole('region', { name: es.records.detail.fields });
    await facts.getByText(good, { exact: true }).waitFor();
    await facts.getByText(es.records.values.female, { exact: true }).waitFor();
    await facts.getByText('spa, tzo', { exact: true }).waitFor();
    expect(await facts.getByText(es.records.yes, { exact: true }).count()).toBe(1); // indigenous
    await expectNoSeriousA11yViolations(page);

    // In the list, filterable by year only where the kind has a date; the id links to the detail.
    await page.getByRole('link', { name: es.records.detail.back, exact: true }).click();
    const table = page.getByRole('table', {
      name: fill(es.records.list.caption, { kind: es.records.kinds.persons.title }),
    });
    await table.getByRole('link', { name: `${AGENCY}/P-E2E-1`, exact: true }).waitFor();
    await table.getByRole('cell', { name: 'Guadalupe', exact: true }).waitFor();
    expect(await page.getByLabel(es.records.list.year, { exact: true }).count()).toBe(0);
    await expectNoSeriousA11yViolations(page);

    // Editing keeps the id and reports "nothing changed" when nothing did.
    await table.getByRole('link', { name: `${AGENCY}/P-E2E-1`, exact: true }).click();
    await page.getByRole('link', { name: es.records.detail.edit, exact: true }).click();
    const idInput = page.getByLabel(required(es.records.columns.person_id), { exact: true });
    await expect.poll(() => idInput.inputValue()).toBe(`${AGENCY}/P-E2E-1`);
    expect(await idInput.getAttribute('readonly')).not.toBe(null);
    await expect.poll(() => curp.inputValue()).toBe(good);
    await button(page, es.records.form.save).click();
    await page.getByRole('status').filter({ hasText: es.records.form.saved.unchanged }).waitFor();

    // A kind with a date: the list offers the year filter.
    await page.goto(`${server.url}/records/identifications`);
    await heading(page, es.records.kinds.identifications.title).waitFor();
    await page.getByLabel(es.records.list.year, { exact: true }).waitFor();
    await page.getByLabel(es.records.list.person, { exact: true }).waitFor();
    await expectNoSeriousA11yViolations(page);

    expect(csp.violations).toEqual([]);
    expect(csp.pageErrors).toEqual([]);
  }, 240_000); // a loaded machine: sign-in waits for fresh TOTP steps

  it('supervisor: a .zip with errors lists every error; a good one imports with counts per file', async () => {
    const user = await server.createUser({ role: 'supervisor', agencyId: AGENCY });
    const { page, csp } = await newPage();
    await signIn(page, user, '/');
    const nav = page.getByRole('navigation', { name: es.app.mainNav });
    await nav.getByRole('link', { name: es.nav.imports, exact: true }).click();
    await heading(page, es.nav.imports).waitFor();
    await expectNoSeriousA11yViolations(page);

    // Validate only, with two bad cells: both errors, with file, line, column and the Spanish message.
    const bad = agencyZip((f) => {
      f['persons.csv'] = f['persons.csv']!.replace(/,female,/, ',mujer,').replace(/,male,/, ',hombre,');
    });
    await page
      .getByLabel(es.imports.file, { exact: true })
      .setInputFiles({ name: 'envio.zip', mimeType: 'application/zip', buffer: bad });
    await page.getByLabel(es.imports.validateOnly, { exact: true }).check();
    await button(page, es.imports.submitValidate).click();
    await page
      .getByRole('alert')
      .filter({ hasText: fill(es.imports.failed, { n: '2' }) })
      .waitFor();
    const errors = page.getByRole('table', { name: es.imports.errorsCaption });
    await expect.poll(() => errors.getByRole('row').count()).toBe(3); // header + 2
    expect(await errors.getByRole('cell', { name: 'sex', exact: true }).count()).toBe(2);
    expect(await errors.getByRole('cell', { name: 'persons.csv', exact: true }).count()).toBe(2);
    expect(await errors.getByText(/valor no permitido .mujer./).count()).toBe(1);
    await expectNoSeriousA11yViolations(page);

    // The messages follow the language of the page.
    await page.getByLabel(es.language.label, { exact: true }).selectOption('en-US');
    const errorsEn = page.getByRole('table', { name: en.imports.errorsCaption });
    await errorsEn.getByText(/value .mujer. not allowed/).waitFor();
    expect(await errorsEn.getByText(/valor no permitido/).count()).toBe(0);
    await page.getByLabel(en.language.label, { exact: true }).selectOption('es-MX');
    await heading(page, es.nav.imports).waitFor();

    // More errors than the server lists (1 000): the rest are counted.
    const many = agencyZip((f) => {
      const lines = Array.from({ length: 1_050 }, (_, i) => `x-${i},${AGENCY},,,,,otro,,,,,,,,,`);
      f['persons.csv'] = `${f['persons.csv']!.split('\r\n')[0]}\r\n${lines.join('\r\n')}\r\n`;
    });
    await page
      .getByLabel(es.imports.file, { exact: true })
      .setInputFiles({ name: 'envio.zip', mimeType: 'application/zip', buffer: many });
    await button(page, es.imports.submitValidate).click();
    const nf = new Intl.NumberFormat('es-MX');
    await page
      .getByRole('alert')
      .filter({ hasText: fill(es.imports.failed, { n: nf.format(1_050) }) })
      .waitFor();
    await page.getByText(fill(es.imports.more, { n: nf.format(50) }), { exact: true }).waitFor();
    await expect.poll(() => errors.getByRole('row').count()).toBe(1_001);

    // Validate a good one: rows per file, nothing saved.
    const good = agencyZip();
    await page
      .getByLabel(es.imports.file, { exact: true })
      .setInputFiles({ name: 'envio.zip', mimeType: 'application/zip', buffer: good });
    await button(page, es.imports.submitValidate).click();
    await page.getByRole('status').filter({ hasText: es.imports.validOk }).waitFor();
    const dry = page.getByRole('table', { name: es.imports.countsCaptionDry });
    expect(await dry.getByRole('columnheader').allTextContents()).toEqual([
      es.imports.columns.file,
      es.imports.columns.rows,
    ]);
    await expectNoSeriousA11yViolations(page);

    const before = await countPersons();
    // Import it over a slow link: the upload shows its progress, then the server's work (phases streamed as
    // JSON lines; on this small folder they pass in milliseconds, so the page records every bar it shows),
    // then counts per file.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seenBars: string[] }).seenBars = seen;
      new MutationObserver(() => {
        for (const p of document.querySelectorAll('progress')) {
          const label = p.id ? document.querySelector(`label[for="${CSS.escape(p.id)}"]`)?.textContent : null;
          if (label && !seen.includes(label)) seen.push(label);
        }
      }).observe(document.body, { childList: true, subtree: true, characterData: true });
    });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: Math.ceil(good.length / 3), // about three seconds
    });
    await page.getByLabel(es.imports.import, { exact: true }).check();
    await button(page, es.imports.submitImport).click();
    await page.getByRole('progressbar', { name: es.imports.uploading, exact: true }).waitFor();
    await page.getByRole('status').filter({ hasText: es.imports.importedOk }).waitFor();
    const seenBars = await page.evaluate(() => (window as unknown as { seenBars: string[] }).seenBars);
    expect(seenBars[0]).toBe(es.imports.uploading);
    // the server's own progress after the upload's (which phases show depends on how fast the lines come)
    const serverBars = [es.imports.progress.validate, es.imports.progress.load, es.imports.progress.link];
    expect(seenBars.filter((b) => serverBars.includes(b)).length).toBeGreaterThan(0);
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    const counts = page.getByRole('table', { name: es.imports.countsCaption });
    const personsRow = counts.getByRole('row').filter({ hasText: 'persons.csv' });
    await personsRow.waitFor();
    const cells = await personsRow.getByRole('cell').allTextContents();
    const rows = Number(cells[1]?.replace(/\D/g, ''));
    expect(rows).toBeGreaterThan(0);
    expect(Number(cells[2]?.replace(/\D/g, ''))).toBe(rows); // all new
    await expectNoSeriousA11yViolations(page);

    // The imported persons are in the records list.
    expect(await countPersons()).toBe(before + rows);
    expect(csp.violations).toEqual([]);
    expect(csp.pageErrors).toEqual([]);
  }, 240_000); // a loaded machine: sign-in waits for fresh TOTP steps

  it('public: an anonymous tip from the login screen gets a folio; too many are refused clearly', async () => {
    // /denuncia is rendered by the server (apps/server/src/public, its own catalogs; apps/web/e2e/denuncia.e2e.test.ts
    // covers it without JavaScript): here it feeds the hotline's queue.
    const { page, csp } = await newPage();
    await page.goto(server.url);
    await heading(page, es.auth.login.title).waitFor();
    await expectNoSeriousA11yViolations(page);
    await page.getByRole('link', { name: es.tips.public.loginLink, exact: true }).click();
    await heading(page, pub['page.title']).waitFor();
    expect(new URL(page.url()).pathname).toBe('/denuncia');
    await expectNoSeriousA11yViolations(page);

    // Too short: refused with the field named, nothing stored.
    await page.getByLabel(pub['form.category.labor']).check();
    await page.getByLabel(`${pub['form.description']} *`).fill('corto');
    await button(page, pub['form.submit']).click();
    await page.getByRole('heading', { name: pub['errors.title'] }).waitFor();
    await expectNoSeriousA11yViolations(page);

    const send = async (description: string) => {
      await page.goto(`${server.url}/denuncia`);
      await page.getByLabel(pub['form.category.labor']).check();
      await page.getByLabel(`${pub['form.description']} *`).fill(description);
      await page.getByLabel(pub['form.state']).selectOption('07');
      await page.getByLabel(pub['form.urgent']).check();
      await button(page, pub['form.submit']).click();
    };
    await send(
      'En una finca de café cerca de Tapachula retienen los documentos de jornaleros guatemaltecos.',
    );
    const folio = (await page.getByTestId('folio').textContent())?.trim() ?? '';
    expect(folio).toMatch(/^D-[A-Z2-9]{8}$/);
    await expectNoSeriousA11yViolations(page);

    // The limit (2 a minute here) counts every POST, the refused one too: the next is refused, its text kept.
    await send('Segunda denuncia, que ya excede el límite de envíos por minuto.');
    await page.getByText(pub['errors.rateLimited']).first().waitFor();
    expect(await page.getByLabel(`${pub['form.description']} *`).inputValue()).toContain('Segunda denuncia');
    await expectNoSeriousA11yViolations(page);

    // The hotline operator sees it in the queue and opens it (description only in the detail).
    const operator = await server.createUser({ role: 'hotline_operator', agencyId: HOTLINE });
    const staff = await newPage();
    await signIn(staff.page, operator, '/');
    const nav = staff.page.getByRole('navigation', { name: es.app.mainNav });
    await nav.getByRole('link', { name: es.nav.tips, exact: true }).click();
    await heading(staff.page, es.nav.tips).waitFor();
    const queue = staff.page.getByRole('table', { name: es.tips.queue.caption });
    const row = queue.getByRole('row').filter({ hasText: folio });
    await row.waitFor();
    expect(await row.getByText(es.tips.categories.labor, { exact: true }).count()).toBe(1);
    expect(await row.getByText('Chiapas', { exact: true }).count()).toBe(1);
    expect(await row.getByText(es.tips.urgentYes, { exact: true }).count()).toBe(1);
    expect(await queue.getByText(/Tapachula/).count()).toBe(0);
    await expectNoSeriousA11yViolations(staff.page);

    await row.getByRole('link', { name: folio, exact: true }).click();
    await heading(staff.page, fill(es.tips.detail.title, { folio })).waitFor();
    await staff.page.getByText(/retienen los documentos/).waitFor();
    await expectNoSeriousA11yViolations(staff.page);
    await staff.page.getByLabel(es.tips.fields.status, { exact: true }).selectOption('referred');
    await staff.page.getByLabel(es.tips.fields.referredTo, { exact: true }).selectOption(AGENCY);
    await button(staff.page, es.tips.detail.save).click();
    await staff.page.getByRole('status').filter({ hasText: es.tips.detail.saved }).waitFor();
    await staff.page.locator('dd').filter({ hasText: AGENCY }).waitFor();
    await expectNoSeriousA11yViolations(staff.page);

    // Filtered by status, the queue shows it under "referred".
    await staff.page.getByRole('link', { name: es.tips.detail.back, exact: true }).click();
    await staff.page.getByLabel(es.tips.queue.status, { exact: true }).selectOption('referred');
    await expect.poll(() => queue.getByRole('row').count()).toBe(2); // header + this one
    await queue.getByRole('row').filter({ hasText: folio }).waitFor();
    await queue.getByText(es.tips.statuses.referred, { exact: true }).waitFor();

    // A direct link works too, and the page switches language by links.
    const direct = await newPage();
    await direct.page.goto(`${server.url}/denuncia`);
    await heading(direct.page, pub['page.title']).waitFor();
    await direct.page.getByRole('link', { name: 'English', exact: true }).click();
    await heading(direct.page, pubEn['page.title']).waitFor();
    await direct.page.getByRole('button', { name: pubEn['form.submit'], exact: true }).waitFor();
    await expectNoSeriousA11yViolations(direct.page);

    for (const c of [csp, staff.csp, direct.csp]) {
      expect(c.violations).toEqual([]);
      expect(c.pageErrors).toEqual([]);
    }
  }, 240_000); // a loaded machine: sign-in waits for fresh TOTP steps
});
