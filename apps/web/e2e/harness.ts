/**
 * Browser-test harness: real Debian Chromium through playwright-core, axe-core checks,
 * a production build of the web app for the test server, and TOTP helpers. No mocks.
 *
 *   const browser = await launchBrowser();
 *   const webDist = buildWebForTests();            // pass as config.webDist to startTestServer
 *   const page = await browser.newPage();
 *   const csp = watchCsp(page);                     // expect(csp.violations).toEqual([]) at the end
 *   await expectNoSeriousA11yViolations(page);
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AxeBuilder } from '@axe-core/playwright';
import { Secret, TOTP } from 'otpauth';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { chromiumLaunchOptions, playwrightOffFeatures } from '../../server/src/report/chromium.ts';

/**
 * Debian's Chromium headless shell (package chromium-headless-shell: the same Blink and V8 as /usr/bin/chromium, built
 * without the desktop browser's user interface; what Playwright itself runs for headless tests): case-page + hotline
 * took 154 s of the machine's CPU with it, 172 s with /usr/bin/chromium; the whole suite passes in both.
 * CHROMIUM_PATH=/usr/bin/chromium runs the tests in the full browser instead.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium-headless-shell';
const WEB_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The launch options of the project's Chromium (apps/server/src/report/chromium.ts, shared with the report's PDF):
 * no sandbox, no GPU, no connections of Chromium's own, and without the address bar's hidden popup renderer. The
 * tests insist that Playwright's own list of features turned off was read (Chromium reads only the last
 * `--disable-features`, so ours repeats it).
 */
async function launchOptions() {
  if ((await playwrightOffFeatures()).length === 0)
    throw new Error('could not read the features Playwright passes to Chromium');
  if (!existsSync(ES_LOCALE_PAK))
    throw new Error(
      `Chromium's Spanish (${ES_LOCALE_PAK}) is missing: run apt-get update && apt-get install -y chromium-l10n`,
    );
  // Chromium on Linux takes its interface language from LANGUAGE (`--lang` is read on Windows only)
  const o = await chromiumLaunchOptions(CHROMIUM_PATH);
  return { ...o, args: [...(o.args ?? []), ...TEST_ONLY_ARGS], env: { ...process.env, LANGUAGE: 'es_MX' } };
}

/**
 * Switches of the test Chromium only (not the report's PDF renderer): V8 runs the pages' JavaScript with its
 * interpreter and baseline compiler (Ignition, Sparkplug) and never starts its optimizing compilers (Maglev,
 * TurboFan: `--max-opt=1`). A test page lives seconds, too short for optimized code to repay compiling it on the
 * same two cores; the JavaScript means the same. Six of the largest browser files (nav, case-page, hotline,
 * casework, report, transfer), alternated: 286 / 290 s of the machine's CPU without it, 258 / 270 s with it.
 */
const TEST_ONLY_ARGS = ['--js-flags=--max-opt=1'];

/**
 * The Latin American Spanish of Debian's package chromium-l10n. With it, and Chromium's interface in es_MX, a date
 * field reads day/month/year (dd/mm/aaaa) as it does for a Mexican user; without it Chromium falls back to en-US
 * (mm/dd/yyyy) whatever a context's `locale` says (harness.e2e.test.ts checks the order).
 */
const ES_LOCALE_PAK = '/usr/lib/chromium/locales/es-419.pak';

/** The Chromium of this test process, shared by the test files it runs (vitest.config.ts: `isolate: false`). */
let shared: Promise<Browser> | undefined;

/**
 * Chromium for one test file. A test process starts Chromium once and every browser-test file it runs gets a
 * handle of its own on it (starting and closing Chromium cost ~1.5 s of CPU a file): the handle's `close()`
 * closes every context the file opened through it (`newContext`, `newPage`, `openPage`) and leaves Chromium
 * running, so a file still leaves the process as it found it; Playwright ends Chromium when the process exits.
 * Each test still gets a fresh context (cookies, storage and cache of its own). A Chromium that went away is
 * started again.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: run apt-get update && apt-get install -y chromium chromium-headless-shell`,
    );
  }
  const launch = () => {
    const started = launchOptions().then((options) => chromium.launch(options));
    shared = started;
    started.catch(() => {
      if (shared === started) shared = undefined;
    });
    return started;
  };
  let browser = await (shared ?? launch());
  if (!browser.isConnected()) browser = await launch();
  return fileHandle(browser);
}

/** The shared Chromium as one file sees it: `close()` closes the contexts this handle opened, not Chromium. */
function fileHandle(browser: Browser): Browser {
  const opened = new Set<BrowserContext>();
  const track = (context: BrowserContext) => {
    opened.add(context);
    context.once('close', () => opened.delete(context));
    return context;
  };
  const handle: Pick<Browser, 'newContext' | 'newPage' | 'close'> = {
    newContext: async (...args) => track(await browser.newContext(...args)),
    newPage: async (...args) => {
      const page = await browser.newPage(...args);
      track(page.context());
      return page;
    },
    close: async () => {
      await Promise.all([...opened].map((c) => c.close().catch(() => undefined)));
    },
  };
  return new Proxy(browser, {
    get(target, prop) {
      if (prop in handle) return handle[prop as keyof typeof handle];
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

export interface A11yOptions {
  /** CSS selectors to leave out of the scan (use sparingly and say why). */
  exclude?: string[];
}

const IMPACTS = ['minor', 'moderate', 'serious', 'critical'];

/** The axe-core that @axe-core/playwright would inject (the project's pinned version). */
const axeRequire = createRequire(createRequire(import.meta.url).resolve('@axe-core/playwright'));
const axeCore = axeRequire('axe-core') as {
  _audit: {
    rules: { id: string; any: unknown[]; all: unknown[]; none: unknown[] }[];
    data: { checks: Record<string, { impact?: string }> };
  };
};

/**
 * The script put into a page: the same axe-core's minified build (axe.min.js, 0.58 MB, where `axe.source` is the
 * 1.3 MB readable one), ending in `void 0` so that the evaluation returns nothing rather than the axe object for
 * Playwright to copy back. Measured on a page: ~140 ms to inject instead of ~220 (~520 ms the first time).
 */
const AXE_SCRIPT = `${readFileSync(join(dirname(axeRequire.resolve('axe-core')), 'axe.min.js'), 'utf8')}\n;void 0;`;

/**
 * The axe rules that cannot report a serious or critical violation: every check they make is minor or moderate
 * (a violation's impact is the highest of its failed checks'). Their answers would be dropped below, so they are
 * not run (about an eighth of axe's time). Read from the axe-core that @axe-core/playwright injects; a check
 * without a known impact keeps its rule on.
 */
export const NEVER_SERIOUS: string[] = (() => {
  const audit = axeCore._audit;
  const checkId = (c: unknown) => (typeof c === 'string' ? c : (c as { id: string }).id);
  return audit.rules
    .filter((r) =>
      [...r.any, ...r.all, ...r.none].every(
        (c) => IMPACTS.indexOf(audit.data.checks[checkId(c)]?.impact ?? 'critical') < 2,
      ),
    )
    .map((r) => r.id);
})();

/**
 * WCAG 2.x A/AA + best practices, without the never-serious rules; only violations are detailed. The options
 * `AxeBuilder.withTags(…).disableRules(…)` would pass to axe.run, plus resultTypes.
 */
const AXE_OPTIONS: Parameters<AxeBuilder['options']>[0] = {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
  rules: Object.fromEntries(NEVER_SERIOUS.map((id) => [id, { enabled: false }])),
  // passes, incomplete and inapplicable results are not read here: axe then describes one node of each instead
  // of every node (selectors, HTML snippets); violations are reported in full as before
  resultTypes: ['violations'],
};

interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/**
 * What decides a text's contrast on the page, one string per distinct case: the text's colour (`color`, or `fill`
 * in SVG), the background behind it (the first ancestor-or-self with an opaque background colour, semi-transparent
 * ones blended in order; a background image or gradient makes the case unique), its font size and weight (which
 * set the ratio needed: 4.5:1 or 3:1 for large text), the opacity it inherits, and its text shadow. Form fields
 * count with their own colours. Read in the page from computed styles (a few ms; axe's own contrast check, which
 * finds the background by hit-testing every text's box, is ~70 % of a scan).
 */
function contrastCases(): string[] {
  const bgOf = new Map<Element, string>();
  const opOf = new Map<Element, number>();
  const bg = (el: Element | null): string => {
    if (!el) return 'canvas';
    const known = bgOf.get(el);
    if (known !== undefined) return known;
    const cs = getComputedStyle(el);
    const colour = cs.backgroundColor;
    let v: string;
    if (cs.backgroundImage && cs.backgroundImage !== 'none')
      v = `image(${cs.backgroundImage}) over ${colour}`;
    else if (colour === 'transparent' || /^rgba\(.*,\s*0\)$/.test(colour)) v = bg(el.parentElement);
    else if (colour.startsWith('rgba(')) v = `${colour} over ${bg(el.parentElement)}`;
    else v = colour;
    bgOf.set(el, v);
    return v;
  };
  const opacity = (el: Element | null): number => {
    if (!el) return 1;
    const known = opOf.get(el);
    if (known !== undefined) return known;
    const v = Number(getComputedStyle(el).opacity || '1') * opacity(el.parentElement);
    opOf.set(el, v);
    return v;
  };
  const cases = new Set<string>();
  const add = (el: Element) => {
    const cs = getComputedStyle(el);
    if (cs.display === 'none' || cs.visibility === 'hidden') return;
    const fg = el instanceof SVGElement ? `fill ${cs.fill}` : cs.color;
    cases.add(
      [
        el instanceof SVGElement ? 'svg' : 'html',
        fg,
        bg(el),
        cs.fontSize,
        cs.fontWeight,
        opacity(el).toFixed(2),
        cs.textShadow,
      ].join(' | '),
    );
  };
  const seen = new Set<Element>();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || seen.has(el) || !(n.textContent ?? '').trim()) continue;
    seen.add(el);
    add(el);
  }
  for (const el of document.querySelectorAll('input, select, textarea, button')) if (!seen.has(el)) add(el);
  return [...cases];
}

/**
 * The contrast cases this test process has seen axe check and pass (`contrastCases`), for the web build it serves.
 * A scan whose page holds only cases already checked runs every rule but `color-contrast`; a page with any new
 * case runs it too. `ENLACE_AXE_FULL_CONTRAST=1` runs it on every scan.
 */
const contrastChecked = new Set<string>();
const ALWAYS_CONTRAST = (process.env.ENLACE_AXE_FULL_CONTRAST ?? '') !== '';

/**
 * Runs axe (WCAG 2.x A/AA + best practices) on the page; fails on any serious or critical violation.
 *
 * The same engine, rules and options as `new AxeBuilder({ page }).withTags(…).disableRules(NEVER_SERIOUS)
 * .analyze()`, run more cheaply (measured on the nav journey: 1.8 s of CPU a scan before, ~0.25 s after):
 * axe-core is injected once per document rather than twice per scan, and `axe.run` runs in the page itself
 * (AxeBuilder's legacy mode) instead of `runPartial` + `finishRun` in a blank page opened for every scan. The app
 * has no frames; a frame would still be scanned by axe.run when it is same-origin.
 *
 * `color-contrast` runs when the page shows a text whose contrast case (colour, background, size, weight,
 * opacity, shadow: `contrastCases`) this process has not yet seen pass, so every case the tests reach is checked
 * by axe at least once, in the first page that shows it (a run's 309 scans come from 86 screens at two widths,
 * most of them showing the same few colour pairs again).
 */
export async function expectNoSeriousA11yViolations(page: Page, opts: A11yOptions = {}): Promise<void> {
  const injected = await page.evaluate(() => {
    const w = window as unknown as { axe?: { run?: unknown }; __enlaceAxeDoc?: Document };
    return typeof w.axe?.run === 'function' && w.__enlaceAxeDoc === document;
  });
  if (!injected) {
    await page.evaluate(AXE_SCRIPT);
    await page.evaluate(() => {
      (window as unknown as { __enlaceAxeDoc?: Document }).__enlaceAxeDoc = document;
    });
  }
  const exclude = opts.exclude ?? [];
  const cases = await page.evaluate(contrastCases);
  const contrast = ALWAYS_CONTRAST || cases.some((c) => !contrastChecked.has(c));
  const options = contrast
    ? AXE_OPTIONS
    : { ...AXE_OPTIONS, rules: { ...AXE_OPTIONS.rules, 'color-contrast': { enabled: false } } };
  const result = await page.evaluate(
    ({ exclude, options }) => {
      const axe = (window as unknown as { axe: { run(c: unknown, o: unknown): Promise<unknown> } }).axe;
      return axe.run(exclude.length ? { exclude } : document, options) as Promise<{
        violations: AxeViolation[];
      }>;
    },
    { exclude, options },
  );
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (serious.length > 0) {
    const report = serious
      .map(
        (v) =>
          `- [${v.impact}] ${v.id}: ${v.help}\n` +
          v.nodes
            .slice(0, 5)
            .map((n) => `    ${n.target.join(' ')}: ${n.failureSummary?.split('\n').join(' ') ?? ''}`)
            .join('\n'),
      )
      .join('\n');
    throw new Error(
      `axe found ${serious.length} serious accessibility violation(s) on ${page.url()}:\n${report}`,
    );
  }
  // an excluded part's cases were not checked
  if (contrast && exclude.length === 0) for (const c of cases) contrastChecked.add(c);
}

/** Collects Content-Security-Policy violations and uncaught page errors reported by the browser. */
export function watchCsp(page: Page): { violations: string[]; pageErrors: string[] } {
  const out = { violations: [] as string[], pageErrors: [] as string[] };
  page.on('console', (msg) => {
    const text = msg.text();
    if (/Content Security Policy/i.test(text)) out.violations.push(text);
  });
  page.on('pageerror', (err) => out.pageErrors.push(String(err)));
  return out;
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name === 'e2e') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listFiles(p));
    else if (!/\.test\.tsx?$/.test(name)) out.push(p);
  }
  return out.sort();
}

let built: string | null = null;

/** What the web build reads besides apps/web: @enlace/core (its code and the data files the web app imports). */
const CORE_ROOT = join(WEB_ROOT, '../../packages/core');

/**
 * A production build of apps/web in a temporary folder keyed by a hash of the sources (the web app's and
 * @enlace/core's, which it bundles), reused while they do not change (other test files and runs share it). Pass it
 * as `config.webDist`.
 */
export function buildWebForTests(): string {
  if (built) return built;
  const hash = createHash('sha256');
  for (const root of [WEB_ROOT, CORE_ROOT]) {
    for (const f of listFiles(root)) {
      hash.update(relative(WEB_ROOT, f));
      hash.update(readFileSync(f));
    }
  }
  const key = hash.digest('hex').slice(0, 16);
  const base = join(tmpdir(), 'enlace-web-e2e');
  const outDir = join(base, key);
  if (!existsSync(join(outDir, 'index.html'))) {
    mkdirSync(base, { recursive: true });
    const tmp = `${outDir}.${process.pid}.${Date.now()}`;
    const vite = join(WEB_ROOT, '../../node_modules/vite/bin/vite.js');
    execFileSync(process.execPath, [vite, 'build', '--outDir', tmp, '--emptyOutDir', '--logLevel', 'warn'], {
      cwd: WEB_ROOT,
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    try {
      renameSync(tmp, outDir);
    } catch {
      // Another process finished the same build first; theirs is identical.
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  built = outDir;
  return outDir;
}

const PERIOD = 30;

function totp(secret: string): TOTP {
  return new TOTP({ algorithm: 'SHA1', digits: 6, period: PERIOD, secret: Secret.fromBase32(secret) });
}

/**
 * TOTP codes for tests. The server never accepts a time step twice but accepts the step before and after the
 * current one (±1 step, apps/server/src/security/totp.ts), so `next()` gives the code of the first step not
 * used before by this helper, the next step included: no test waits for a fresh step. Only a third code within
 * one 30-second step would lie outside the window; that is refused here (a test never needs it) rather than
 * waited for.
 */
export function totpFor(secret: string, now: () => number = Date.now) {
  let lastStep = -1;
  const currentStep = () => Math.floor(now() / 1000 / PERIOD);
  return {
    async next(): Promise<string> {
      const step = Math.max(currentStep(), lastStep + 1);
      if (step > currentStep() + 1)
        throw new Error('totpFor: the current and the next step are used; a third code would be refused');
      lastStep = step;
      return totp(secret).generate({ timestamp: step * PERIOD * 1000 + 1 });
    },
    /** Marks the current step as used (e.g. after a code was sent by other means). */
    markUsed(): void {
      lastStep = Math.max(lastStep, currentStep());
    },
  };
}

/**
 * Screenshots are for people to look at: they are taken only when `ENLACE_SCREENSHOTS` names a folder to put them
 * in (every test file's shots then go there; a step's shot is then of the whole page where the test asks for it).
 * In a plain `npm test` nobody opens them: the suite's 353 viewport shots took ~50 s of Chromium's time (~140 ms
 * each) and the whole-page ones 0.5–2.5 s each.
 */
export const SCREENSHOTS = (process.env.ENLACE_SCREENSHOTS ?? '') !== '';

/** Saves a screenshot of the page (the visible part, or all of it with `fullPage`) or of one element, when asked. */
export async function saveScreenshot(
  target: Page | Locator,
  path: string,
  opts: { fullPage?: boolean } = {},
): Promise<void> {
  if (!SCREENSHOTS) return;
  if ('goto' in target) await target.screenshot({ path, fullPage: opts.fullPage ?? false });
  else await target.screenshot({ path });
}

/**
 * A fresh browser context and page with generous timeouts, and a CSP/page-error watch on it. The page's locale is
 * Mexican Spanish, as a Mexican user's browser's is (navigator.language, Intl's default, Accept-Language es-MX); the
 * app's language is the account's, chosen in the app. A date field's day/month order follows Chromium's own interface
 * language, set by `launchBrowser` (es_MX, with chromium-l10n's Spanish).
 */
export async function openPage(
  browser: Browser,
  viewport: { width: number; height: number } = { width: 1024, height: 900 },
): Promise<{ page: Page; csp: ReturnType<typeof watchCsp> }> {
  const context = await browser.newContext({ viewport, locale: 'es-MX' });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000); // generous: CI machines and a shared box can be slow
  return { page, csp: watchCsp(page) };
}

/** The page's level-1 heading with exactly this name. */
export const pageHeading = (page: Page, name: string) =>
  page.getByRole('heading', { level: 1, name, exact: true });

/** The button with exactly this name. */
export const buttonNamed = (page: Page, name: string) => page.getByRole('button', { name, exact: true });

/** Sign-in labels of the es-MX catalog (the first sign-in is tested in Spanish). */
interface SignInLabels {
  auth: {
    login: { email: string; password: string; submit: string };
    mfaEnrol: {
      title: string;
      code: string;
      submit: string;
      recoveryTitle: string;
      recoveryStored: string;
      continue: string;
    };
  };
}

/**
 * A user's first sign-in through the UI: password, MFA enrolment with the shown secret, recovery codes kept; ends
 * on `path`.
 */
export async function firstSignIn(
  page: Page,
  es: SignInLabels,
  url: string,
  user: { email: string; password: string },
): Promise<void> {
  await page.goto(url);
  await page.getByLabel(es.auth.login.email, { exact: true }).fill(user.email);
  await page.getByLabel(es.auth.login.password, { exact: true }).fill(user.password);
  await buttonNamed(page, es.auth.login.submit).click();
  await pageHeading(page, es.auth.mfaEnrol.title).waitFor();
  const secret = (await page.getByTestId('mfa-secret').textContent())?.trim() ?? '';
  await page.getByLabel(es.auth.mfaEnrol.code, { exact: true }).fill(await totpFor(secret).next());
  await buttonNamed(page, es.auth.mfaEnrol.submit).click();
  await pageHeading(page, es.auth.mfaEnrol.recoveryTitle).waitFor();
  await page.getByLabel(es.auth.mfaEnrol.recoveryStored).check();
  await buttonNamed(page, es.auth.mfaEnrol.continue).click();
}

/**
 * The main navigation, ready to click: on phones (< 48rem) its "Menú" button is pressed first so the whole list
 * shows. `labels` is the catalog of the page's language (`app.mainNav`, `app.menu`).
 */
export async function openMainNav(page: Page, labels: { app: { mainNav: string; menu: string } }) {
  const nav = page.getByRole('navigation', { name: labels.app.mainNav });
  await nav.waitFor();
  const toggle = nav.getByRole('button', { name: labels.app.menu, exact: true });
  // opened once the button says so (a busy machine renders it later): not read at once by the caller; a click
  // that landed before the page was ready to answer it is given again
  for (let attempt = 0; attempt < 4; attempt++) {
    if (!(await toggle.isVisible()) || (await toggle.getAttribute('aria-expanded')) === 'true') break;
    await toggle.click();
    const opened = await nav
      .locator('button[aria-expanded="true"]')
      .waitFor({ timeout: 7_500 })
      .then(
        () => true,
        () => false,
      );
    if (opened) break;
  }
  return nav;
}
