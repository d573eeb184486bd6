#!/usr/bin/env node
// Entry point of the `enlace` command. Three ways to run the same code (docs/ARCHITECTURE.md "Packages"):
// - ENLACE_CLI_BUNDLE names a build of the command (the test run builds it once: apps/server/test/cli-bundle.ts);
// - else the build `npm run build` made (node_modules/.cache/enlace-cli/build/enlace.mjs), while no source file of
//   the server or of a workspace package is newer than it (an edit or a `git pull` after the build: the sources);
// - else the TypeScript sources through tsx (no build needed: `npx enlace` works on a fresh checkout).
// ENLACE_CLI_FROM_SOURCES=1 forces the sources. A build skips tsx's loading of every module (~0.6 s of CPU a command).
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { freshBuild, serverSourceRoots } from './fresh-build.mjs';

// ENLACE_WASM_BASELINE=1 (the test run sets it for the processes it starts: apps/server/test/global-setup.ts):
// WebAssembly is compiled by V8's baseline compiler only. Every process compiles PGlite's 9 MB of WebAssembly
// again; V8 then recompiles its hot functions with its optimizing compiler in the background, which pays off in a
// long-running server but not in a command that ends seconds later (~1.4 s of CPU less per process that opens an
// embedded database). Same code, same results; unset, nothing changes.
if (process.env.ENLACE_WASM_BASELINE === '1') setFlagsFromString('--liftoff-only');

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
