/** PDF of the report page through Chromium printing (Debian's /usr/bin/chromium, driven by playwright-core). */
import { existsSync } from 'node:fs';
import { AppError } from '../errors.ts';

export const CHROMIUM_PATH = process.env.ENLACE_CHROMIUM ?? '/usr/bin/chromium';

export async function htmlToPdf(html: string): Promise<Buffer> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new AppError(
      'chromium_missing',
      `Chromium not found at ${CHROMIUM_PATH}. Install it: apt-get install -y chromium (or set ENLACE_CHROMIUM)`,
      { status: 500 },
    );
  }
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
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
  try {
    const page = await browser.newPage();
    // the page is self-contained: refuse any network request
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      margin: { top: '12mm', bottom: '12mm', left: '10mm', right: '10mm' },
    });
    return Buffer.from(pdf);
  } finally {
    await browser.close();
  }
}
