/**
 * The setup the network analysis' Chromium tests share (network.e2e, network-identifiers.e2e,
 * investigation-identifiers.e2e): a test server serving the built web app with the demo's national records and
 * its networks (apps/server/src/demo/network.ts), staff created on the spot, and an es-MX page at a width.
 */
import { randomBytes } from 'node:crypto';
import { demoFolder, memorySource } from '@enlace/core';
import type { Role } from '@enlace/core/roles';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { createUser } from '../../server/src/api/users/service.ts';
import { loadDemoNetwork } from '../../server/src/demo/network.ts';
import { importFolder } from '../../server/src/import/engine.ts';
import { startTestServer, type TestServer } from '../../server/test/server.ts';
import { buildWebForTests } from './harness.ts';

/** FEVIMTRA, the demo's federal prosecutor whose records hold the rings. */
export const FGR = 'fgr-fevimtra';

/**
 * A server with the demo (scale 0.05) and its networks. `beforeNetworks` runs after the national records and
 * before the networks (staff the networks' loader looks for, such as the prosecutor who records restitution).
 */
export async function startDemoNetworkServer(
  beforeNetworks?: (server: TestServer) => Promise<void>,
): Promise<TestServer> {
  const webDist = buildWebForTests();
  const server = await startTestServer({ config: { webDist } });
  const res = await importFolder(
    { db: server.db, actor: { userId: null, agencyId: null } },
    memorySource(demoFolder({ scale: 0.05 })),
  );
  expect(res.errors).toEqual([]);
  await beforeNetworks?.(server);
  await loadDemoNetwork(server.db);
  return server;
}

/** A new member of staff of `agencyId` with a random password; their first sign-in is the test's. */
export async function newStaff(server: TestServer, role: Role, agencyId: string) {
  const password = `pw-${randomBytes(12).toString('hex')}`;
  const email = `${role}.${randomBytes(4).toString('hex')}@example.test`;
  await createUser(
    { db: server.db, actor: { userId: null, agencyId: null } },
    { email, displayName: `Demo ${role}`, role, agencyId, password },
  );
  return { email, password };
}

/** A fresh es-MX page `width` pixels wide (downloads accepted). */
export async function esPage(browser: Browser, width: number): Promise<Page> {
  const ctx = await browser.newContext({
    viewport: { width, height: 900 },
    locale: 'es-MX',
    acceptDownloads: true,
  });
  return ctx.newPage();
}

/** An i18next message with its {{variables}} filled in, as the page shows it. */
export const fill = (s: string, vars: Record<string, string | number>) =>
  s.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(vars[k] ?? ''));
