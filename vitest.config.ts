import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Real processes on real ports: generous timeouts, but every test cleans up by PID.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Two cores: more workers than that only makes real-process tests flaky.
    maxWorkers: 2,
    reporters: ['default'],
    // Installs the real dev toolchains of test/toolchains (cached) when a run selects them.
    globalSetup: ['test/toolchains/global-setup.ts'],
  },
});
