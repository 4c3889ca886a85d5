import os from 'node:os';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { CALENDAR_E2E_FILES, CALENDAR_E2E_RUNS, CALENDAR_UNIT_FILES, matrixNows, PAGE_CLOCK_E2E_FILES, ZONES } from './test/support/clock/calendar.mjs';

// Three projects, one run: fast unit tests, integration tests over real HTTP / a real keychain,
// and end-to-end tests driving the real renderer in Debian's Chromium. Every test file runs on a
// pinned calendar (test/support/clock/pinClock.ts): LEDGERLINE_TEST_NOW in the zone TZ, both set
// by `npm test` (test/tools/test.mjs) and defaulting to calendar.mjs's values.
//
// With LEDGERLINE_CALENDAR=1 (`npm test` sets it), the calendar matrix joins the run: the
// date-sensitive unit suites under every zone × pinned now (beside the main run: they are light),
// then the date-sensitive end-to-end suites under a few more zone/now pairs — each e2e project a
// group of its own, so no two browsers run at once.
const PIN = ['test/support/clock/pinClock.ts'];
// A unit test's timeout guards against a hang, not a speed target (those live in `npm run bench`):
// on two cores shared with a browser and the calendar matrix, a 4k-row fake-IndexedDB test took 5.4 s.
const UNIT = { environment: 'node', testTimeout: 30_000, setupFiles: PIN } as const;
const E2E = { environment: 'node', testTimeout: 180_000, hookTimeout: 120_000, fileParallelism: false, setupFiles: PIN } as const;

const calendar: TestProjectInlineConfiguration[] = process.env.LEDGERLINE_CALENDAR !== '1' ? [] : [
  ...ZONES.flatMap((zone) => matrixNows(zone).map(({ label, now }) => ({
    test: {
      ...UNIT, name: `calendar unit ${zone} ${label}`, include: [...CALENDAR_UNIT_FILES],
      env: { TZ: zone, LEDGERLINE_TEST_NOW: now }, sequence: { groupOrder: 0 },
    },
  }))),
  ...CALENDAR_E2E_RUNS.map(({ zone, label, now }, i) => ({
    test: {
      ...E2E, name: `calendar e2e ${zone} ${label}`, include: [...CALENDAR_E2E_FILES],
      env: { TZ: zone, LEDGERLINE_TEST_NOW: now }, sequence: { groupOrder: 2 + i },
    },
  })),
];

export default defineConfig({
  test: {
    // Vitest's default is one worker fewer than the cores: on a two-core machine one worker, so the
    // unit, integration and calendar files waited behind the browser suites (npm test 16.4 min).
    // Two workers run them beside the e2e files, which stay one at a time (fileParallelism: false).
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    projects: [
      { test: { ...UNIT, name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { test: { name: 'integration', include: ['test/integration/**/*.test.ts'], environment: 'node', testTimeout: 60_000, hookTimeout: 60_000, setupFiles: PIN } },
      { test: { ...E2E, name: 'e2e', include: ['test/e2e/**/*.test.ts'], exclude: [...PAGE_CLOCK_E2E_FILES] } },
      // After the main e2e, one browser at a time; no shift (see PAGE_CLOCK_E2E_FILES).
      { test: { ...E2E, setupFiles: [], name: 'e2e page clock', include: [...PAGE_CLOCK_E2E_FILES], sequence: { groupOrder: 1 } } },
      ...calendar,
    ],
  },
});
