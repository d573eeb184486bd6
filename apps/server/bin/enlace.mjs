#!/usr/bin/env node
// Entry point of the `enlace` command. Three ways to run the same code (docs/ARCHITECTURE.md "Packages"):
// - ENLACE_CLI_BUNDLE names a build of the command (the test run builds it once: apps/server/test/cli-bundle.ts);
// - else the build `npm run build` made (node_modules/.cache/enlace-cli/build/enlace.mjs), while no source file of
//   the server or of a workspace package is newer than it (an edit or a `git pull` after the build: the sources);
// - else the TypeScript sources through tsx (no build needed: `npx enlace` works on a fresh checkout).
// ENLACE_CLI_FROM_SOURCES=1 forces the sources. A build skips tsx's loading of every module (~0.6 s of CPU a command).
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freshBuild, serverSourceRoots } from './fresh-build.mjs';

const SERVER = join(dirname(fileURLToPath(import.meta.url)), '..');
const INSTALLED = join(SERVER, 'node_modules', '.cache', 'enlace-cli', 'build', 'enlace.mjs');

const bundle =
  process.env.ENLACE_CLI_BUNDLE ||
  (process.env.ENLACE_CLI_FROM_SOURCES === '1'
    ? undefined
    : freshBuild(INSTALLED, serverSourceRoots(SERVER)));
if (bundle) {
  await import(pathToFileURL(bundle).href);
} else {
  (await import('tsx/esm/api')).register();
  await import('../src/cli/main.ts');
}
