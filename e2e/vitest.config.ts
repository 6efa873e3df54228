import { defineConfig } from 'vitest/config';

/** Browser journeys: one server (fresh embedded database with demo data) for the whole run. */
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Journeys run on a shared 2-core machine beside other work: an `expect.poll` without its own
    // timeout waits up to 30 s (Vitest's default is 1 s), so a slow re-render is not a failure.
    expect: { poll: { timeout: 30_000 } },
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
  },
});
