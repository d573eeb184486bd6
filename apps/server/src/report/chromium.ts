/**
 * How the project starts Chromium (Debian's /usr/bin/chromium driven by playwright-core): the PDF of the report
 * (render-pdf.ts) and the browser tests (apps/web/e2e/harness.ts) use the same switches.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LaunchOptions } from 'playwright-core';

/**
 * No sandbox (root in a container), no GPU, and none of Chromium's own connections: this machine's network is closed
 * and a report or a test never needs them (the probe of the machine: without the background-networking switches
 * Chromium's connections are refused many at a time).
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Chromium's own user interface is made of web pages too ("top-chrome WebUI"), and Chromium 156 loads its address
 * bar's popup (chrome://omnibox-popup.top-chrome/) at start, in a renderer of its own that keeps working while
 * hidden: Chromium with one idle page used 1.6 s of CPU per 20 s (that renderer 1.3 s, the browser process 0.3 s),
 * and 0.12 s with these features off. A print and a test never show the address bar.
 */
export const OFF_FEATURES = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup', 'WebUIOmniboxFullPopup'];

let playwrightOff: Promise<string[]> | undefined;

/**
 * The features Playwright turns off (`--disable-features=…`, which it passes before ours). Chromium reads only the
 * last such switch, so ours must repeat Playwright's list: it is read from Playwright itself, once per process, by
 * launching a stand-in executable that writes down the arguments it was given, so it follows Playwright's updates.
 * An empty list if that fails.
 */
export function playwrightOffFeatures(): Promise<string[]> {
  playwrightOff ??= (async () => {
    const { chromium } = await import('playwright-core');
    const dir = mkdtempSync(join(tmpdir(), 'enlace-chromium-args-'));
    try {
      const script = join(dir, 'chromium');
      const out = join(dir, 'args');
      writeFileSync(script, `#!/bin/sh\nprintf '%s\\n' "$@" > '${out}'\nexit 1\n`, { mode: 0o755 });
      await chromium.launch({ executablePath: script, timeout: 30_000 }).then(
        (b) => b.close(),
        () => undefined,
      );
      const arg = existsSync(out)
        ? readFileSync(out, 'utf8')
            .split('\n')
            .find((a) => a.startsWith('--disable-features='))
        : undefined;
      return arg ? arg.slice('--disable-features='.length).split(',').filter(Boolean) : [];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  })();
  return playwrightOff;
}

/**
 * The launch options of the project's Chromium at `executablePath`. When Playwright's list could not be read (a
 * temporary folder where nothing may run), Playwright's own switch is left as it is and the popup stays on.
 */
export async function chromiumLaunchOptions(executablePath: string): Promise<LaunchOptions> {
  const off = await playwrightOffFeatures();
  return {
    executablePath,
    args:
      off.length === 0
        ? [...CHROMIUM_ARGS]
        : [...CHROMIUM_ARGS, `--disable-features=${[...new Set([...off, ...OFF_FEATURES])].join(',')}`],
  };
}
