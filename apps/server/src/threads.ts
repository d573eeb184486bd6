/**
 * Starting a worker thread on a module of this app, from the sources (under tsx, in development and tests) or from
 * the built files: the boot script registers tsx's loader when the caller runs from TypeScript, then imports the
 * entry; a failure to load is posted back on the given port (the caller then works on its own thread).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The worker's code (`new Worker(WORKER_BOOT, { eval: true, workerData: { tsx, entry, port } })`). */
export const WORKER_BOOT = `
const { workerData } = require('node:worker_threads');
(async () => {
  try {
    if (workerData.tsx) (await import(workerData.tsx)).register();
    await import(workerData.entry);
  } catch (e) {
    workerData.port.postMessage({ failed: String((e && e.stack) || e) });
  }
})();
`;

/** tsx's loader when this app runs from its TypeScript sources; undefined from the built files. */
export function tsxLoader(): string | undefined {
  if (!import.meta.url.endsWith('.ts')) return undefined;
  try {
    const req = createRequire(import.meta.url);
    return pathToFileURL(join(dirname(req.resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
  } catch {
    return undefined;
  }
}

/** The URL of module `name` beside the caller's (`import.meta.url`), .ts from the sources, .js when built. */
export const siblingModule = (callerUrl: string, name: string): string =>
  pathToFileURL(
    join(dirname(fileURLToPath(callerUrl)), `${name}${callerUrl.endsWith('.ts') ? '.ts' : '.js'}`),
  ).href;
