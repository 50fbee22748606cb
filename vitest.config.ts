import { defineConfig } from 'vitest/config';

// Two groups: the unit and integration files first, two at a time (they are independent: each makes
// its own temporary databases); then the browser tests one at a time (each runs a host and Chromium,
// and their waits are tuned for a machine that is not also running other browser tests).
const shared = {
  testTimeout: 60_000,
  hookTimeout: 120_000,
  pool: 'forks' as const,
  setupFiles: ['./test/setup/repo-only.ts'],
};

export default defineConfig({
  test: {
    reporters: ['default', './test/summary-reporter.ts'],
    projects: [
      { test: { ...shared, name: 'core', include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'], maxWorkers: 2, sequence: { groupOrder: 0 } } },
      { test: { ...shared, name: 'browser', include: ['test/e2e/**/*.test.ts'], maxWorkers: 1, sequence: { groupOrder: 1 } } },
    ],
  },
});
