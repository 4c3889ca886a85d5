/**
 * Vitest setup file: this test file runs on the pinned calendar (`LEDGERLINE_TEST_NOW` in the
 * zone `TZ`; see calendar.mjs). Time runs on from the pinned instant at real speed; the host and
 * the browser pages a test starts join the same timeline (test/e2e/support/host.ts, browser.ts).
 */
import { installShiftedDate, pinnedInstant } from './calendar.mjs';

installShiftedDate(pinnedInstant() - Date.now());
