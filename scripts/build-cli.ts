/**
 * `npm run build:cli` (part of `npm run build` and `npm start`): the `enlace` command built into JavaScript files (an
 * entry and a chunk per command: apps/server/test/cli-bundle.ts, the same build every test run makes for the
 * processes it starts), which `apps/server/bin/enlace.mjs` then runs instead of loading every TypeScript module through tsx (~0.6 s of CPU less
 * per command: `enlace report`, `enlace import`, `enlace serve`). A source file changed after the build (an edit, a
 * `git pull`) makes `enlace` run from the sources again until the next build, so the build is never stale.
 */
import { buildCliBundle, INSTALLED_CLI_BUNDLE } from '../apps/server/test/cli-bundle.ts';

const started = performance.now();
const file = await buildCliBundle(INSTALLED_CLI_BUNDLE);
console.log(`enlace command built: ${file} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
