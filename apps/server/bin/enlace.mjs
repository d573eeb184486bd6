#!/usr/bin/env node
// Entry point of the `enlace` command. Enlace runs its TypeScript sources directly through tsx
// (no build step for the server; see docs/ARCHITECTURE.md). The test run builds the same code into one
// JavaScript file once (apps/server/test/cli-bundle.ts) and names it in ENLACE_CLI_BUNDLE, so the many
// `enlace` processes the tests start skip tsx's loading of every module (~0.7 s of CPU each).
import { pathToFileURL } from 'node:url';

const bundle = process.env.ENLACE_CLI_BUNDLE;
if (bundle) {
  await import(pathToFileURL(bundle).href);
} else {
  (await import('tsx/esm/api')).register();
  await import('../src/cli/main.ts');
}
