/**
 * PDF of the report page through Chromium printing (Debian's Chromium headless shell, else its full browser,
 * driven by playwright-core).
 * Starting Chromium is most of the time of a small report (~1 s of ~1.3 s on the demo data), so the server
 * keeps one browser warm between downloads (`keepWarmMs`) and closes it when idle; the CLI closes it at once.
 */
import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AppError } from '../errors.ts';
import { chromiumLaunchOptions } from './chromium.ts';

/**
 * The Chromium that prints: `ENLACE_CHROMIUM`, else Debian's headless shell (package chromium-headless-shell: the
 * same Blink and printing without the desktop browser's interface, lighter to start and run on a server), else
 * Debian's full browser (package chromium).
 */
export const CHROMIUM_PATH =
  process.env.ENLACE_CHROMIUM ??
  ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium'].find((p) => existsSync(p)) ??
  '/usr/bin/chromium';

export interface PdfOptions {
  lang?: 'es-MX' | 'en-US';
  /** the report's year, for the running footer */
  year?: number;
  /** keep the browser open this long after the print for the next one (server); 0 closes it (CLI) */
  keepWarmMs?: number;
}

interface Blank {
  context: BrowserContext;
  page: Page;
}

let warm:
  | {
      browser: Promise<Browser>;
      timer?: NodeJS.Timeout;
      users: number;
      /** a blank page made ahead by startChromium, for the next print (opening one takes ~0.5 s) */
      blank?: Promise<Blank>;
    }
  | undefined;

/** A fresh context and page that refuse every network request (the report's page is self-contained). */
async function blankPage(browser: Browser): Promise<Blank> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.route('**/*', (route) => route.abort());
    return { context, page };
  } catch (e) {
    await context.close().catch(() => {});
    throw e;
  }
}

async function launch(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch(await chromiumLaunchOptions(CHROMIUM_PATH));
}

function release(keepWarmMs: number) {
  const w = warm;
  if (!w) return;
  w.users -= 1;
  if (w.users > 0) return;
  const close = () => {
    if (warm === w && w.users === 0) {
      warm = undefined;
      void w.browser.then((b) => b.close()).catch(() => {});
    }
  };
  if (keepWarmMs <= 0) close();
  else {
    w.timer = setTimeout(close, keepWarmMs);
    w.timer.unref();
  }
}

const FOOTER = {
  'es-MX': (year?: number) => `Trata de personas en México${year ? ` · cifras ${year}` : ''} · página`,
  'en-US': (year?: number) => `Trafficking in persons in Mexico${year ? ` · figures ${year}` : ''} · page`,
};

/** The warm browser, started now if there is none, held for one more user (released by `release`). */
function hold() {
  if (!warm) warm = { browser: launch(), users: 0 };
  if (warm.timer) clearTimeout(warm.timer);
  warm.users += 1;
  return warm;
}

/**
 * Starts Chromium now, for a print that follows once its page is ready (the figures being computed meanwhile: a cold
 * report at 1,000,000 persons computes ~2 s, and Chromium's start overlaps it); the returned function lets it go
 * (closed at once, or kept `keepWarmMs`, when no print uses it). Nothing when Chromium is not installed (the print
 * says so).
 */
export function startChromium(): (keepWarmMs?: number) => void {
  if (!existsSync(CHROMIUM_PATH)) return () => {};
  const w = hold();
  // a failed start is the print's to report
  w.browser.catch(() => {
    if (warm === w) warm = undefined;
  });
  if (!w.blank) {
    const blank = w.browser.then(blankPage);
    blank.catch(() => {
      if (w.blank === blank) w.blank = undefined;
    });
    w.blank = blank;
  }
  let done = false;
  return (keepWarmMs = 0) => {
    if (done) return;
    done = true;
    if (warm === w) release(keepWarmMs);
  };
}

export async function htmlToPdf(html: string, opts: PdfOptions = {}): Promise<Buffer> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new AppError(
      'chromium_missing',
      `Chromium not found at ${CHROMIUM_PATH}. Install it: apt-get install -y chromium-headless-shell (or chromium, or set ENLACE_CHROMIUM)`,
      { status: 500 },
    );
  }
  const w = hold();
  try {
    const browser = await w.browser.catch((e: unknown) => {
      if (warm === w) warm = undefined;
      throw e;
    });
    // the page made ahead (startChromium), else a new one
    const ahead = w.blank;
    w.blank = undefined;
    const { context, page } =
      (ahead ? await ahead.catch(() => undefined) : undefined) ?? (await blankPage(browser));
    try {
      await page.setContent(html, { waitUntil: 'load' });
      const of = (opts.lang ?? 'es-MX') === 'es-MX' ? 'de' : 'of';
      const pdf = await page.pdf({
        format: 'A4',
        printBackground: true,
        preferCSSPageSize: true,
        displayHeaderFooter: true,
        headerTemplate: '<span></span>',
        footerTemplate: `<div style="font-size:8px;width:100%;text-align:center;color:#555;font-family:sans-serif">${FOOTER[opts.lang ?? 'es-MX'](opts.year)} <span class="pageNumber"></span> ${of} <span class="totalPages"></span></div>`,
      });
      return Buffer.from(pdf);
    } finally {
      await context.close();
    }
  } finally {
    release(opts.keepWarmMs ?? 0);
  }
}

/** Whether a browser is warm, how many hold it, and whether a page waits made ahead (tests). */
export function warmChromium(): { users: number; blank: boolean } | undefined {
  return warm ? { users: warm.users, blank: !!warm.blank } : undefined;
}

/** Closes the warm browser now (server shutdown, tests). */
export async function closeWarmBrowser(): Promise<void> {
  const w = warm;
  warm = undefined;
  if (w?.timer) clearTimeout(w.timer);
  if (w) await (await w.browser.catch(() => undefined))?.close();
}
