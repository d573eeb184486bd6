/** The harness itself must be able to fail: axe and the CSP watch catch real problems in real Chromium. */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectNoSeriousA11yViolations,
  launchBrowser,
  NEVER_SERIOUS,
  openPage,
  watchCsp,
} from './harness.ts';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

const CSP = `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'`;

describe('browser-test harness', () => {
  it("shows a date field as a Mexican user's browser does: day, month, year (dd/mm/aaaa)", async () => {
    const { page } = await openPage(browser);
    await page.setContent('<label>Fecha <input type="date" value="2009-03-02"></label>');
    expect(await page.evaluate(() => navigator.language)).toBe('es-MX');
    // the field's parts, in the order Chromium lays them out (its own shadow tree, read from the accessibility tree)
    const cdp = await page.context().newCDPSession(page);
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    const parts = nodes
      .filter((n) => n.role?.value === 'spinbutton')
      .map((n) => String(n.value?.value ?? ''));
    expect(parts).toEqual(['2', '3', '2009']);
    await page.context().close();
  });

  it('passes an accessible page and fails one with serious violations', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.setContent(
      '<!doctype html><html lang="es-MX"><head><title>Prueba</title></head><body><main><h1>Prueba</h1>' +
        '<label for="n">Nombre</label><input id="n"></main></body></html>',
    );
    await expectNoSeriousA11yViolations(page);
    await page.setContent(
      '<!doctype html><html><head><title>x</title></head><body><main><input id="n">' +
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></body></html>',
    );
    await expect(expectNoSeriousA11yViolations(page)).rejects.toThrow(/image-alt|label|html-has-lang/);
    await page.context().close();
  });

  it('still runs every rule that can report a serious violation (only never-serious rules are left out)', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.setContent(
      '<!doctype html><html lang="es-MX"><head><title>Prueba</title></head><body><main><h1>Prueba</h1>' +
        '<p style="color:#bbb;background:#fff">Texto sin contraste</p></main></body></html>',
    );
    await expect(expectNoSeriousA11yViolations(page)).rejects.toThrow(/color-contrast/);
    expect(NEVER_SERIOUS).toContain('region');
    for (const id of ['color-contrast', 'target-size', 'label', 'image-alt', 'link-name', 'button-name'])
      expect(NEVER_SERIOUS).not.toContain(id);
    await page.context().close();
  });

  it('checks contrast on every page that shows a contrast case not yet seen pass, whatever the scans before', async () => {
    const page = await (await browser.newContext()).newPage();
    const doc = (body: string) =>
      '<!doctype html><html lang="es-MX"><head><title>Prueba</title></head><body><main><h1>Prueba</h1>' +
      `${body}</main></body></html>`;
    // the same cases many times (scans that may leave color-contrast out), then one new one in each way a case
    // differs: the text's colour, the background behind it (own, inherited, semi-transparent), size and opacity
    // #949494 on white is 3.03:1: enough for large text, not for the rest
    const ok =
      '<p style="color:#333;background:#fff">Texto con contraste</p>' +
      '<p style="color:#949494;background:#fff;font-size:32px">Texto grande</p>';
    for (let i = 0; i < 3; i++) {
      await page.setContent(doc(ok + ok));
      await expectNoSeriousA11yViolations(page);
    }
    const failing = [
      '<p style="color:#999;background:#fff">color</p>',
      '<div style="background:#444"><p style="color:#333">fondo heredado</p></div>',
      '<div style="background:#fff"><p style="color:#333;background:rgba(0,0,0,0.7)">fondo semitransparente</p></div>',
      '<p style="color:#333;background:#fff;opacity:0.3">opacidad</p>',
      '<p style="color:#949494;background:#fff;font-size:16px">el mismo color, pequeño</p>',
      '<label>Campo <input value="valor" style="color:#aaa;background:#fff"></label>',
    ];
    for (const body of failing) {
      await page.setContent(doc(ok + body));
      await expect(expectNoSeriousA11yViolations(page), body).rejects.toThrow(/color-contrast/);
      // still new after failing: a failed case is never counted as checked
      await expect(expectNoSeriousA11yViolations(page), body).rejects.toThrow(/color-contrast/);
    }
    await page.context().close();
  });

  it('scans the page as it is now when axe is already in it, and leaves out only what is excluded', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.setContent(
      '<!doctype html><html lang="es-MX"><head><title>Prueba</title></head><body><main><h1>Prueba</h1>' +
        '<div id="later"></div></main></body></html>',
    );
    await expectNoSeriousA11yViolations(page);
    // the same document, changed after a scan: the injected axe sees the change
    await page.evaluate(() => {
      document.getElementById('later')!.innerHTML = '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">';
    });
    await expect(expectNoSeriousA11yViolations(page)).rejects.toThrow(/image-alt/);
    await expectNoSeriousA11yViolations(page, { exclude: ['#later'] });
    // a new document (a full page load) gets axe again
    await page.setContent(
      '<!doctype html><html lang="es-MX"><head><title>Prueba</title></head><body><main><h1>Prueba</h1>' +
        '<button></button></main></body></html>',
    );
    await expect(expectNoSeriousA11yViolations(page)).rejects.toThrow(/button-name/);
    await page.context().close();
  });

  it('reports inline styles and scripts that the CSP blocks', async () => {
    const page = await (await browser.newContext()).newPage();
    const csp = watchCsp(page);
    await page.setContent(
      `<!doctype html><html lang="en"><head><meta http-equiv="Content-Security-Policy" content="${CSP}">` +
        '<title>x</title></head><body><p style="color:red">x</p><script>document.title = "ran"</script></body></html>',
    );
    // the reports arrive as console messages: wait for them (no fixed sleep, a busy machine is slower)
    await expect.poll(() => csp.violations.length).toBeGreaterThanOrEqual(2);
    expect(await page.title()).toBe('x');
    await page.context().close();
  });
});

describe('one Chromium per test process', () => {
  it("a file's close() closes the contexts it opened, not the Chromium the next file gets", async () => {
    const mine = await launchBrowser();
    const other = await launchBrowser();
    const a = await mine.newContext();
    const b = await mine.newPage();
    const kept = await other.newContext();
    expect(mine.contexts()).toEqual(expect.arrayContaining([a, b.context(), kept]));
    await mine.close();
    expect(mine.isConnected()).toBe(true);
    expect(mine.contexts()).not.toContain(a);
    expect(mine.contexts()).not.toContain(b.context());
    expect(other.contexts()).toContain(kept);
    const page = await kept.newPage();
    await page.setContent('<p>still here</p>');
    expect(await page.textContent('p')).toBe('still here');
    await other.close();
    expect(other.contexts()).not.toContain(kept);
  });

  it("runs without the address bar's popup (a hidden page of Chromium's own that keeps a renderer busy)", async () => {
    const handle = await launchBrowser();
    const page = await handle.newPage();
    await page.setContent('<p>x</p>');
    const cdp = await handle.newBrowserCDPSession();
    await cdp.send('Target.setDiscoverTargets', { discover: true });
    // every kind of target: the default leaves out Chromium's own pages ("browser_ui")
    const { targetInfos } = await cdp.send('Target.getTargets', { filter: [{}] });
    await cdp.detach();
    expect(targetInfos.some((t) => t.type === 'page')).toBe(true);
    expect(targetInfos.filter((t) => t.url.startsWith('chrome://omnibox-popup')).map((t) => t.url)).toEqual(
      [],
    );
    await handle.close();
  });
});
