#!/usr/bin/env node
// Entry point of the `enlace` command. Three ways to run the same code (docs/ARCHITECTURE.md "Build"):
// - ENLACE_CLI_BUNDLE names a build of the command (the test run builds it once: apps/server/test/cli-bundle.ts);
// - else the build `npm run build` made (node_modules/.cache/enlace-cli/build/enlace.mjs), while no source file of
//   the server or of a workspace package is newer than it (an edit or a `git pull` after the build: the sources);
// - else the TypeScript sources through tsx (no build needed: `npx enlace` works on a fresh checkout).
// ENLACE_CLI_FROM_SOURCES=1 forces the sources. A build skips tsx's loading of every module (~0.6 s of CPU a command).
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const SERVER = join(dirname(fileURLToPath(import.meta.url)), '..');
const INSTALLED = join(SERVER, 'node_modules', '.cache', 'enlace-cli', 'build', 'enlace.mjs');

/** The installed build when it exists and no source file (or folder: a file removed) was changed after it. */
function freshBuild() {
  if (process.env.ENLACE_CLI_FROM_SOURCES === '1') return undefined;
  let built;
  try {
    built = statSync(INSTALLED).mtimeMs;
  } catch {
    return undefined;
  }
  const roots = [join(SERVER, 'src'), join(SERVER, 'package.json')];
  const packages = join(SERVER, '..', '..', 'packages');
  try {
    for (const p of readdirSync(packages))
      roots.push(join(packages, p, 'src'), join(packages, p, 'package.json'));
  } catch {
    // no workspace packages beside the server
  }
  for (const root of roots) {
    try {
      if (statSync(root).mtimeMs > built) return undefined;
      if (!root.endsWith('package.json'))
        for (const f of readdirSync(root, { recursive: true }))
          if (statSync(join(root, f)).mtimeMs > built) return undefined;
    } catch {
      // a folder that is not there has nothing newer
    }
  }
  return INSTALLED;
}

const bundle = process.env.ENLACE_CLI_BUNDLE || freshBuild();
if (bundle) {
  await import(pathToFileURL(bundle).href);
} else {
  (await import('tsx/esm/api')).register();
  await import('../src/cli/main.ts');
}
