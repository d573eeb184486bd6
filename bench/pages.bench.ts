/**
 * Page benchmark (issue 11, "every page interactive in ≤ 1 s with the demo data"): the production web build served
 * by the server with the demo as `npm start` loads it (PGlite, scale 1 unless BENCH_SCALE), each main page opened
 * in headless Chromium by the role that uses it, and its time to interactive printed.
 *
 * Time to interactive of one visit = the latest of: DOMContentLoaded, the page's <h1> rendered (a MutationObserver
 * in the page notes the moment), and the end of the last /api/ response the page asked for (Resource Timing);
 * all in the browser's own clock from the navigation's start. The page is "settled" when its <h1> is visible and
 * no /api/ request has been in flight for 300 ms. Each page: one cold visit (new browser context, empty cache)
 * and BENCH_RUNS warm visits (default 5; cached assets, the median is printed).
 *
 *   npm run bench:pages            # prints the machine, the settings and a table; exits 1 if a median > 1000 ms
 */
import { loadavg } from 'node:os';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { loadDemo } from '../apps/server/src/demo/load.ts';
import type { Runtime } from '../apps/server/src/runtime.ts';
import { startTestServer, type TestServer } from '../apps/server/test/server.ts';
import { buildWebForTests, launchBrowser } from '../apps/web/e2e/harness.ts';
import { machineLine } from './machine.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const TARGET_MS = 1000;
const VIEWPORT = { width: 1280, height: 900 };

interface Visit {
  tti: number;
  h1: number;
  api: number;
  dcl: number;
  requests: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]!;
};

/** A browser context signed in as `email` (the session cookie of an API sign-in with MFA). */
async function contextFor(browser: Browser, srv: TestServer, email: string, password: string) {
  const { rows } = await srv.db.query<{ id: string; role: string; agency_id: string }>(
    'SELECT id, role, agency_id FROM users WHERE email = $1',
    [email],
  );
  const u = rows[0]!;
  const client = await srv.login({ id: u.id, email, password, role: u.role as never, agencyId: u.agency_id });
  const [name, value] = client.cookie.split('=') as [string, string];
  const make = async () => {
    const ctx = await browser.newContext({ viewport: VIEWPORT, locale: 'es-MX' });
    await ctx.addCookies([{ name, value, url: srv.url }]);
    return ctx;
  };
  return { make, client };
}

async function visit(page: Page, url: string): Promise<Visit> {
  let inFlight = 0;
  let quietSince = Date.now();
  let requests = 0;
  const isApi = (u: string) => new URL(u).pathname.startsWith('/api/');
  const onReq = (r: { url(): string }) => {
    if (!isApi(r.url())) return;
    inFlight++;
    requests++;
  };
  const onDone = (r: { url(): string }) => {
    if (!isApi(r.url())) return;
    inFlight = Math.max(0, inFlight - 1);
    quietSince = Date.now();
  };
  page.on('request', onReq);
  page.on('requestfinished', onDone);
  page.on('requestfailed', onDone);
  await page.goto(url, { waitUntil: 'commit' });
  await page.locator('main h1').first().waitFor({ state: 'visible', timeout: 30_000 });
  while (inFlight > 0 || Date.now() - quietSince < 300) await page.waitForTimeout(25);
  page.off('request', onReq);
  page.off('requestfinished', onDone);
  page.off('requestfailed', onDone);
  const t = await page.evaluate(() => {
    // The page's own clock (this file is type-checked without the DOM library, hence the loose types).
    type Entry = { name: string; responseEnd: number; domContentLoadedEventEnd?: number };
    const g = globalThis as unknown as {
      performance: { getEntriesByType(type: string): Entry[]; now(): number };
      __enlaceH1At?: number;
    };
    const nav = g.performance.getEntriesByType('navigation')[0];
    const api = g.performance
      .getEntriesByType('resource')
      .filter((e) => new URL(e.name).pathname.startsWith('/api/'))
      .reduce((m, e) => Math.max(m, e.responseEnd), 0);
    return { h1: g.__enlaceH1At ?? g.performance.now(), api, dcl: nav?.domContentLoadedEventEnd ?? 0 };
  });
  return { ...t, tti: Math.max(t.h1, t.api, t.dcl), requests };
}

/** Notes, in the page's clock, when a <main> <h1> first exists (set before any script of the page runs). */
const H1_WATCH = `(() => {
  const seen = () => document.querySelector('main h1');
  const mark = () => { if (!window.__enlaceH1At && seen()) { window.__enlaceH1At = performance.now(); obs.disconnect(); } };
  const obs = new MutationObserver(mark);
  obs.observe(document, { childList: true, subtree: true });
})();`;

async function main() {
  console.log(machineLine());
  console.log(
    `settings: headless Chromium ${VIEWPORT.width}x${VIEWPORT.height}, es-MX, no CPU or network throttling, server and browser on this machine; PGlite with the demo at scale ${SCALE}; ${RUNS} warm visits per page (median) after 1 cold visit`,
  );
  const webDist = buildWebForTests();
  const srv = await startTestServer({ config: { webDist } });
  await srv.ensureAgency('enlace'); // the system agency `serve` creates, home of the demo analyst
  const t0 = performance.now();
  const demo = await loadDemo({ db: srv.db } as Runtime, { scale: SCALE });
  console.log(`demo loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const browser = await launchBrowser();
  const staff = demo.providerStaff[0]!;
  // Pages by the role that uses them; a case of the caseworker's own (no reason asked).
  const plan: { email: string; pages: string[] }[] = [
    { email: 'fiscal@cdmx.demo', pages: ['/', '/cases', 'CASE', '/referrals', '/providers', '/account'] },
    { email: 'supervisora@cdmx.demo', pages: ['/transfers', '/cases'] },
    { email: 'admin@fgr.demo', pages: ['/users', '/alerts'] },
    { email: staff.email, pages: ['/referrals', '/my-listing'] },
  ];
  const rows: {
    who: string;
    page: string;
    cold: number;
    warm: number;
    p90: number;
    api: number;
    req: number;
  }[] = [];
  try {
    for (const step of plan) {
      const { make, client } = await contextFor(browser, srv, step.email, demo.password);
      const role = (await client.request('GET', '/api/auth/session')).json?.user?.role ?? '?';
      for (const path of step.pages) {
        let url = path;
        if (path === 'CASE') {
          const list = await client.request('GET', '/api/cases?limit=1');
          url = `/cases/${list.json.items[0].id}`;
        }
        const coldCtx: BrowserContext = await make();
        await coldCtx.addInitScript(H1_WATCH);
        const cold = await visit(await coldCtx.newPage(), srv.url + url);
        await coldCtx.close();
        const ctx = await make();
        await ctx.addInitScript(H1_WATCH);
        const page = await ctx.newPage();
        await visit(page, srv.url + url); // fills the cache
        const warm: Visit[] = [];
        for (let i = 0; i < RUNS; i++) warm.push(await visit(page, srv.url + url));
        await ctx.close();
        const tt = warm.map((v) => v.tti);
        rows.push({
          who: role,
          page: path === 'CASE' ? '/cases/:id' : path,
          cold: cold.tti,
          warm: median(tt),
          p90: [...tt].sort((a, b) => a - b)[Math.ceil(tt.length * 0.9) - 1]!,
          api: median(warm.map((v) => v.api)),
          req: warm[0]!.requests,
        });
      }
    }
  } finally {
    await browser.close();
    await srv.close();
  }
  const f = (n: number) => `${Math.round(n)}`.padStart(6);
  console.log(
    `\n${'role'.padEnd(18)}${'page'.padEnd(14)}  cold ms  warm ms (median)  worst warm  last API ms  API calls`,
  );
  for (const r of rows)
    console.log(
      `${r.who.padEnd(18)}${r.page.padEnd(14)}  ${f(r.cold)}   ${f(r.warm)}            ${f(r.p90)}      ${f(r.api)}       ${String(r.req).padStart(3)}`,
    );
  const over = rows.filter((r) => r.warm > TARGET_MS);
  console.log(
    over.length
      ? `\n${over.length} page(s) above ${TARGET_MS} ms warm: ${over.map((r) => `${r.who} ${r.page}`).join(', ')}`
      : `\nevery page interactive within ${TARGET_MS} ms warm (median of ${RUNS})`,
  );
  console.log(
    `load average during the run (1, 5, 15 min): ${loadavg()
      .map((l) => l.toFixed(1))
      .join(', ')}`,
  );
  process.exitCode = over.length ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
