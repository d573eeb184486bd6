/**
 * The set-up of browser tests that walk the demo data: the web app built once, a test server holding the demo at a
 * small scale, one Chromium, and a folder for the screenshots.
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoFolder, memorySource } from '@enlace/core';
import type { Browser } from 'playwright-core';
import { type DemoLoadResult, loadDemo } from '../../server/src/demo/load.ts';
import { importFolder } from '../../server/src/import/engine.ts';
import type { Runtime } from '../../server/src/runtime.ts';
import { startTestServer, type TestServer } from '../../server/test/server.ts';
import { buildWebForTests, launchBrowser } from './harness.ts';

export interface DemoSuite {
  readonly server: TestServer;
  readonly demo: DemoLoadResult;
  readonly browser: Browser;
}

/** The screenshots' folder of one test file (ENLACE_SCREENSHOTS or a folder under the system's temporary one). */
export function screenshotDir(name: string): string {
  const dir = process.env.ENLACE_SCREENSHOTS ?? join(tmpdir(), 'enlace-e2e-screenshots', name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

export async function startDemoSuite(scale = 0.05): Promise<DemoSuite> {
  const webDist = buildWebForTests();
  const server = await startTestServer({ config: { webDist } });
  await server.ensureAgency('enlace');
  const demo = await loadDemo({ db: server.db } as Runtime, { scale });
  const browser = await launchBrowser();
  return { server, demo, browser };
}

/**
 * The demo's exchange folder imported (not the whole demo: no users, cases or justice records), a server and Chromium;
 * throws when the import reports an error.
 */
export async function startImportedDemoSuite(scale = 0.05): Promise<Omit<DemoSuite, 'demo'>> {
  const webDist = buildWebForTests();
  const server = await startTestServer({ config: { webDist } });
  const res = await importFolder(
    { db: server.db, actor: { userId: null, agencyId: null } },
    memorySource(demoFolder({ scale })),
  );
  if (res.errors.length) throw new Error(`demo import: ${JSON.stringify(res.errors.slice(0, 3))}`);
  const browser = await launchBrowser();
  return { server, browser };
}
