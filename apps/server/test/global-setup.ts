import type { TestProject } from 'vitest/node';
import { type PgServer, startPostgresServer } from './pg-server.ts';
import { createPostgresTemplate, pgliteTemplateFile } from './templates.ts';

let server: PgServer | undefined;

/**
 * One PostgreSQL server for the whole test run; each test gets its own database on it, copied from one migrated
 * template database. PGlite test databases start from one migrated data folder (apps/server/test/templates.ts).
 */
export async function setup(project: TestProject) {
  const [pg, pgliteTemplate] = await Promise.all([startPostgresServer(), pgliteTemplateFile()]);
  server = pg;
  await createPostgresTemplate(server.adminUrl);
  project.provide('pgAdminUrl', server.adminUrl);
  project.provide('pgliteTemplate', pgliteTemplate);
}

export async function teardown() {
  await server?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    /** A migrated PGlite data folder (tar) to start test databases from. */
    pgliteTemplate: string;
  }
}
