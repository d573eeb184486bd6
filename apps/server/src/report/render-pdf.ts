/**
 * PDF of the report page through Chromium printing (Debian's /usr/bin/chromium, driven by playwright-core).
 * Starting Chromium is most of the time of a small report (~1 s of ~1.3 s on the demo data), so the server
 * keeps one browser warm between downloads (`keepWarmMs`) and closes it when idle; the CLI closes it at once.
 */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { AppError } from '../errors.ts';

export const CHROMIUM_PATH = process.env.ENLACE_CHROMIUM ?? '/usr/bin/chromium';

export interface PdfOptions {
  lang?: 'es-MX' | 'en-US';
  /** the report's year, for the running footer */
  year?: number;
  /** keep the browser open this long after the print for the next one (server); 0 closes it (CLI) */
  keepWarmMs?: number;
}

let warm: { browser: Promise<Browser>; timer?: NodeJS.Timeout; users: number } | undefined;

async function launch(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
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

export async function htmlToPdf(html: string, opts: PdfOptions = {}): Promise<Buffer> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new AppError(
      'chromium_missing',
      `Chromium not found at ${CHROMIUM_PATH}. Install it: apt-get install -y chromium (or set ENLACE_CHROMIUM)`,
      { status: 500 },
    );
  }
  if (!warm) warm = { browser: launch(), users: 0 };
  if (warm.timer) clearTimeout(warm.timer);
  warm.users += 1;
  const w = warm;
  try {
    const browser = await w.browser.catch((e: unknown) => {
      if (warm === w) warm = undefined;
      throw e;
    });
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      // the page is self-contained: refuse any network request
      await page.route('**/*', (route) => route.abort());
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

/** Closes the warm browser now (server shutdown, tests). */
export async function closeWarmBrowser(): Promise<void> {
  const w = warm;
  warm = undefined;
  if (w?.timer) clearTimeout(w.timer);
  if (w) await (await w.browser.catch(() => undefined))?.close();
}
