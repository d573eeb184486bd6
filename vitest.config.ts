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
    // a worker runs its test files one after another with the modules already loaded (server, PGlite, Fastify,
    // playwright) instead of loading them again for every file: 16 server API files 165.8 -> 82.5 s of CPU. Every
    // file still opens its own databases, servers and Chromium, and restores what it changes (env, globals,
    // timers); all 184 files passed this way (`npx vitest run --no-isolate`)
    isolate: false,
  },
});
