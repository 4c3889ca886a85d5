import { defineConfig } from 'vitest/config';

// Three projects, one run: fast unit tests, integration tests over real HTTP / a real keychain,
// and end-to-end tests driving the real renderer in Debian's Chromium.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' } },
      { test: { name: 'integration', include: ['test/integration/**/*.test.ts'], environment: 'node', testTimeout: 60_000, hookTimeout: 60_000 } },
      {
        test: {
          name: 'e2e', include: ['test/e2e/**/*.test.ts'], environment: 'node',
          testTimeout: 180_000, hookTimeout: 120_000, fileParallelism: false,
        },
      },
    ],
  },
});
