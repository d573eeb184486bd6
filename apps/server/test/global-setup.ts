import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildCliBundle } from './cli-bundle.ts';
import { type PgServer, startPostgresServer } from './pg-server.ts';
import { createPostgresTemplate, pgliteTemplateFile } from './templates.ts';

let server: PgServer | undefined;
let cliBundle: string | undefined;

/**
 * One PostgreSQL server for the whole test run; each test gets its own database on it, copied from one migrated
 * template database. PGlite test databases start from one migrated data folder (apps/server/test/templates.ts).
 * The `enlace` command is built once into one file for the processes the tests start (cli-bundle.ts).
 */
export async function setup(project: TestProject) {
  const [pg, pgliteTemplate, bundle] = await Promise.all([
    startPostgresServer(),
    pgliteTemplateFile(),
    buildCliBundle(),
  ]);
  server = pg;
  // the `enlace` processes the tests start run this build of the command (bin/enlace.mjs, cli-bundle.ts); the
  // test workers, started after this set-up, inherit the variable and pass it on with their environment
  cliBundle = bundle;
  process.env.ENLACE_CLI_BUNDLE = bundle;
  // and compile PGlite's WebAssembly with V8's baseline compiler only (bin/enlace.mjs): they are short-lived.
  // ENLACE_WASM_BASELINE=0 in the environment keeps V8's default (to compare).
  process.env.ENLACE_WASM_BASELINE ??= '1';
  await createPostgresTemplate(server.adminUrl);
  project.provide('pgAdminUrl', server.adminUrl);
  project.provide('pgliteTemplate', pgliteTemplate);
}

export async function teardown() {
  await server?.stop();
  if (cliBundle) rmSync(dirname(cliBundle), { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    /** A migrated PGlite data folder (tar) to start test databases from. */
    pgliteTemplate: string;
  }
}
