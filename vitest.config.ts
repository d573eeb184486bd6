import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'apps/server/src/**/*.test.ts',
      'apps/server/test/**/*.test.ts',
      'apps/web/src/**/*.test.{ts,tsx}',
      'apps/web/e2e/**/*.test.ts',
    ],
    globalSetup: ['apps/server/test/global-setup.ts'],
    env: { ENLACE_MASTER_KEY: 'a'.repeat(64), ENLACE_LOG_LEVEL: 'silent' },
    // a test that takes 20 s on a quiet machine takes two to three times that while another process keeps both
    // cores busy; the long journeys set their own, longer limits
    testTimeout: 120_000,
    // expect.poll waits as long as a browser test's locators do (30 s, apps/web/e2e/harness.ts): a busy 2-core
    // machine may take seconds to show what a quiet one shows at once (vitest's default is 1 s)
    expect: { poll: { timeout: 30_000 } },
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    // a larger young generation for the two long-lived workers (each runs ~95 files, `isolate: false`): fewer
    // scavenges. Six heavy server files (report/repository, release-attack, rotation, linkage parallel, web-contract,
    // authorization-matrix), twice each way: 173 / 165 s of the machine's CPU with V8's default, 169 / 160 s with this.
    execArgv: ['--max-semi-space-size=64'],
    // a worker's test files share its loaded modules and its process (`isolate: false`): the server, the packages and
    // the harness are imported once per worker instead of once per file (the 38 server API files: 390.2 -> 209.7 s
    // of CPU, docs/ARCHITECTURE.md "Tests"). Every kind of file shares: unit, API, CLI and browser tests all pass that
    // way, and the one failure of the first full run with it (releases.e2e: the phone menu lost its "Datos abiertos"
    // link) was a race in the web app, not a leak: the menu closed when a page still loading arrived
    // (apps/web/src/ui/MainNav.tsx; shell.e2e holds a page's chunk to show it). So a test file must leave the process as it found it: restore what it changes
    // in process.env, globals (vi.stubGlobal: vi.unstubAllGlobals), timers (vi.useRealTimers in a finally) and
    // module-level settings (e.g. setWriteRetryDelays), close its servers, databases and browsers, and pass an env to
    // the functions that take one (openRuntime({ env })) rather than assign process.env. docs/ARCHITECTURE.md "Tests".
    isolate: false,
  },
});
