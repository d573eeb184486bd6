import { join } from 'node:path';
import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS, type DemoLoadResult, FEATURED_PROVIDERS } from '../../server/src/demo/load.ts';
import { mfaRequired } from '../../server/src/security/permissions.ts';
import type { TestServer } from '../../server/test/server.ts';
import type { Role } from '../src/api/types.ts';
import en from '../src/i18n/en-US.json';
import es from '../src/i18n/es-MX.json';
import { appRoutes } from '../src/routes.registry.ts';
import { navFor } from '../src/routes.ts';
import { screenshotDir, startDemoSuite } from './demo-suite.ts';
import {
  expectNoSeriousA11yViolations,
  firstSignIn,
  openMainNav,
  openPage,
  saveScreenshot,
} from './harness.ts';

const SHOTS = screenshotDir('nav');

let server: TestServer;
let browser: Browser;
let demo: DemoLoadResult;
const badges: string[] = [];

beforeAll(async () => {
  ({ server, demo, browser } = await startDemoSuite());
}, 300_000);

afterAll(async () => {
  if (badges.length) console.info(`transfers badge: ${badges.join('; ')}`);
  await browser?.close();
  await server?.close();
});

type Catalog = typeof es;
const lookup = (cat: Catalog, key: string): string =>
  key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], cat) as string;

/** The entries the role should see: labels in the catalog's language and paths. */
async function expectedNav(email: string, role: Role, cat: Catalog) {
  const { rows } = await server.db.query<{ kind: string | null }>(
    'SELECT a.kind FROM users u JOIN agencies a ON a.id = u.agency_id WHERE u.email = $1',
    [email],
  );
  const routes = navFor(appRoutes, role, rows[0]?.kind ?? undefined);
  return { labels: routes.map((r) => lookup(cat, r.titleKey)), paths: routes.map((r) => r.path) };
}

/** Nothing of the nav is cut off: no sideways scrolling of the list, the links or the page. */
async function expectNoOverflow(nav: Locator, width: number) {
  const m = await nav.evaluate((el) => {
    const ul = el.querySelector('ul')!;
    const cut = [...el.querySelectorAll('a')]
      .filter((a) => a.offsetParent !== null && a.scrollWidth > a.clientWidth + 1)
      .map((a) => a.textContent);
    const outside = [...el.querySelectorAll('a')]
      .filter((a) => a.offsetParent !== null)
      .filter((a) => {
        const r = a.getBoundingClientRect();
        return r.left < 0 || r.right > window.innerWidth + 0.5;
      })
      .map((a) => a.textContent);
    return {
      nav: [el.scrollWidth, el.clientWidth],
      ul: [ul.scrollWidth, ul.clientWidth],
      page: document.documentElement.scrollWidth,
      cut,
      outside,
    };
  });
  expect(m.nav[0]).toBeLessThanOrEqual(m.nav[1]!);
  expect(m.ul[0]).toBeLessThanOrEqual(m.ul[1]!);
  expect(m.page).toBeLessThanOrEqual(width);
  expect(m.cut).toEqual([]);
  expect(m.outside).toEqual([]);
}

/** The links' visible labels without their count badges (hidden from assistive technology, like the names). */
const linkTexts = (nav: Locator) =>
  nav.getByRole('link').evaluateAll((links) =>
    links.map((a) => {
      const c = a.cloneNode(true) as HTMLElement;
      for (const b of c.querySelectorAll('[aria-hidden="true"]')) b.remove();
      return c.textContent ?? '';
    }),
  );

const shelter = FEATURED_PROVIDERS[0]!;
const accounts = () => [
  ...DEMO_USERS,
  ...demo.users.filter((u) => u.role === 'service_provider' && u.agencyId === shelter),
];

describe('main navigation for every demo role, desktop and phone', () => {
  it('every demo account is covered, the busiest roles included', () => {
    const roles = new Set(accounts().map((u) => u.role));
    for (const r of [
      'caseworker',
      'supervisor',
      'agency_admin',
      'hotline_operator',
      'analyst',
      'auditor',
      'service_provider',
    ]) {
      expect(roles.has(r as Role)).toBe(true);
    }
  });

  it.each(DEMO_USERS.map((u) => u.email).concat(['shelter']))(
    '%s',
    async (which) => {
      const user = which === 'shelter' ? accounts().at(-1)! : DEMO_USERS.find((u) => u.email === which)!;
      const slug = user.email.replace(/[@.]/g, '-');
      const { page, csp } = await openPage(browser, { width: 1280, height: 900 });
      if (mfaRequired(user.role)) {
        await firstSignIn(page, es, `${server.url}/account`, { email: user.email, password: demo.password });
      } else {
        await page.goto(`${server.url}/account`);
        await page.getByLabel(es.auth.login.email, { exact: true }).fill(user.email);
        await page.getByLabel(es.auth.login.password, { exact: true }).fill(demo.password);
        await page.getByRole('button', { name: es.auth.login.submit, exact: true }).click();
      }
      await page.getByRole('navigation', { name: es.app.mainNav }).waitFor();
      const shot = (name: string) => saveScreenshot(page, join(SHOTS, `${slug}-${name}.png`));

      for (const [lang, cat] of [
        ['es-MX', es],
        ['en-US', en as Catalog],
      ] as const) {
        if (lang === 'en-US') {
          await page.getByLabel(es.language.label, { exact: true }).selectOption('en-US');
          await page.getByRole('navigation', { name: en.app.mainNav }).waitFor();
        }
        const { labels: expected, paths } = await expectedNav(user.email, user.role, cat);
        // axe scans each state of the navigation in es-MX: the en-US page is the same markup with the catalog's other
        // words, whose presence, names and fit are checked below in both languages (a scan is ~0.45 s of Chromium's CPU)
        const scan = lang === 'es-MX' ? () => expectNoSeriousA11yViolations(page) : async () => undefined;
        expect(expected.length).toBeGreaterThan(0);

        // Desktop: every entry visible at once, no menu button, nothing cut off.
        await page.setViewportSize({ width: 1280, height: 900 });
        const nav = page.getByRole('navigation', { name: cat.app.mainNav });
        await nav.getByRole('link').first().waitFor();
        await expect.poll(() => nav.getByRole('button', { name: cat.app.menu }).isVisible()).toBe(false);
        expect(await linkTexts(nav)).toEqual(expected);
        for (const label of expected)
          expect(await nav.getByRole('link', { name: label, exact: true }).isVisible()).toBe(true);
        await expectNoOverflow(nav, 1280);
        if (user.role === 'supervisor' || user.role === 'agency_admin') {
          // The transfers badge shows what the counts endpoint says (hidden at 0), described for screen readers.
          const c = await page.evaluate(() =>
            fetch('/api/case-transfers/counts').then((r) => r.json() as Promise<Record<string, number>>),
          );
          const waiting = (c.incoming ?? 0) + (c.toApprove ?? 0);
          const transfers = nav.getByRole('link', { name: cat.nav.transfers, exact: true });
          if (waiting > 0) {
            await transfers
              .locator('.nav-count')
              .filter({ hasText: String(waiting) })
              .waitFor();
            const described = await transfers.evaluate(
              (a) => document.getElementById(a.getAttribute('aria-describedby') ?? '')?.textContent,
            );
            expect(described).toBe(cat.app.navCount.replace('{{count}}', String(waiting)));
          } else {
            expect(await transfers.locator('.nav-count').count()).toBe(0);
          }
          badges.push(`${user.email} ${lang}: ${waiting}`);
        }
        await scan();
        await shot(`${lang}-1280`);

        // Phone: a menu button; the list opens below it, whole.
        await page.setViewportSize({ width: 390, height: 844 });
        const toggle = nav.getByRole('button', { name: cat.app.menu, exact: true });
        await toggle.waitFor();
        await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('false');
        await expect.poll(() => nav.getByRole('link').count()).toBe(0); // collapsed: hidden from everyone
        await scan();
        await shot(`${lang}-390-closed`);
        await toggle.click();
        await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('true');
        expect(await linkTexts(nav)).toEqual(expected);
        for (const label of expected) {
          const link = nav.getByRole('link', { name: label, exact: true });
          expect(await link.isVisible()).toBe(true);
          const box = (await link.boundingBox())!;
          expect(box.height).toBeGreaterThanOrEqual(43); // a comfortable touch target
        }
        await expectNoOverflow(nav, 390);
        await scan();
        await saveScreenshot(page, join(SHOTS, `${slug}-${lang}-390-open.png`), { fullPage: true });

        // Escape closes it and focus goes back to the button; the keyboard opens it and walks every entry.
        await nav.getByRole('link').first().focus();
        await page.keyboard.press('Escape');
        await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('false');
        await expect.poll(() => toggle.evaluate((b) => b === document.activeElement)).toBe(true);
        await page.keyboard.press('Enter');
        await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('true');
        const reached: string[] = [];
        for (let i = 0; i < expected.length; i++) {
          await page.keyboard.press('Tab');
          reached.push(
            await page.evaluate(() => {
              const c = document.activeElement?.cloneNode(true) as HTMLElement | undefined;
              for (const b of c?.querySelectorAll('[aria-hidden="true"]') ?? []) b.remove();
              return c?.textContent ?? '';
            }),
          );
        }
        expect(reached).toEqual(expected);

        // Choosing the last entry opens its page and closes the menu.
        const last = expected.at(-1)!;
        await page.keyboard.press('Enter');
        await page.waitForURL((u) => u.pathname === paths.at(-1));
        // (the router renders the new page in a transition: wait for it rather than read at once)
        await nav.locator('button[aria-expanded="false"]').waitFor();
        await page.getByRole('heading', { level: 1 }).first().waitFor();
        // the new page may still close the menu as it settles (a busy machine renders it late): open it again
        // until the entry shows, rather than read once after opening
        await expect
          .poll(async () => {
            const again = await openMainNav(page, cat);
            return again
              .getByRole('link', { name: last, exact: true })
              .getAttribute('aria-current', { timeout: 2_000 })
              .catch(() => 'not shown');
          })
          .toBe('page');
        // closed again for the next language: a reopening asked by the poll above may render after it returned (a
        // busy machine), so close until it stays closed, checked every 1.5 s rather than at once
        await expect
          .poll(
            async () => {
              if ((await toggle.getAttribute('aria-expanded')) === 'true') await toggle.click();
              return toggle.getAttribute('aria-expanded');
            },
            { interval: 1_500, timeout: 30_000 },
          )
          .toBe('false');
      }
      expect(csp.violations).toEqual([]);
      await page.context().close();
    },
    180_000,
  );
});
