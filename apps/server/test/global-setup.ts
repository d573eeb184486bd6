import type { TestProject } from 'vitest/node';
import { type PgServer, startPostgresServer } from './pg-server.ts';

let server: PgServer | undefined;

/** One PostgreSQL server for the whole test run; each test gets its own database on it. */
export async function setup(project: TestProject) {
  server = await startPostgresServer();
  project.provide('pgAdminUrl', server.adminUrl);
}

export async function teardown() {
  await server?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}
