// The calendar every test run is pinned to, in one place (plain JS: test.mjs, vitest.config.ts,
// the host's clock shim and the TypeScript tests all read it).
//
// A run is a zone (TZ) and a "now". `LEDGERLINE_TEST_NOW` is either an instant (`…Z` or with an
// offset) or a local wall time (`2028-02-29T09:00`), read in the run's zone: "9 am on Feb 29 in
// Auckland" is a different instant from the same words in Los Angeles, and that is the point.

/** `npm test`'s main run: every suite, in a zone far from UTC, on the day its DST ends. */
export const DEFAULT_TEST_TZ = 'Pacific/Auckland';
export const DEFAULT_TEST_NOW = '2026-04-05T09:00';

export const ZONES = ['Pacific/Auckland', 'America/Los_Angeles', 'UTC'];

/** The pinned "now" values of the calendar matrix, as local wall times in each zone. */
export function matrixNows(zone) {
  // DST in 2026: Los Angeles starts Mar 8 and ends Nov 1; Auckland ends Apr 5 and starts Sep 27.
  // UTC has none; it takes Los Angeles' days.
  const dst = zone === 'Pacific/Auckland' ? { start: '2026-09-27', end: '2026-04-05' } : { start: '2026-03-08', end: '2026-11-01' };
  // The cells that can find a bug the others cannot (each costs ~17 s of CPU in `npm test`):
  // - the year boundary on the side where the local year and UTC's differ: New Year's Eve
  //   23:40 in Los Angeles (already Jan 1 in UTC), New Year's Day 00:20 in Auckland (still
  //   Dec 31 in UTC); in UTC the two years never differ;
  // - a leap day, in UTC and in Auckland (where Feb 29 09:00 is still Feb 28 in UTC);
  // - the DST changes, not in UTC (none) and not Auckland's end, the main run's own calendar.
  const nows = [];
  if (zone !== 'America/Los_Angeles') nows.push({ label: 'leap-day', now: '2028-02-29T09:00' });
  if (zone === 'America/Los_Angeles') nows.push({ label: 'new-years-eve', now: '2026-12-31T23:40' });
  if (zone === 'Pacific/Auckland') nows.push({ label: 'new-years-day', now: '2027-01-01T00:20' });
  if (zone !== 'UTC') nows.push({ label: 'dst-starts', now: `${dst.start}T09:00` });
  if (zone !== 'UTC' && !(zone === DEFAULT_TEST_TZ && `${dst.end}T09:00` === DEFAULT_TEST_NOW)) nows.push({ label: 'dst-ends', now: `${dst.end}T09:00` });
  return nows;
}

/**
 * End-to-end suites that drive the page's clock themselves (Playwright's page.clock, which reads
 * the present from its own process's Date and so cannot be combined with the shift): they run
 * unshifted, each on a calendar of its own — a fixed instant for the bank and the page — or, for
 * the background schedule, only on time that passes from wherever the clock starts.
 */
export const PAGE_CLOCK_E2E_FILES = ['test/e2e/autoSync.test.ts', 'test/e2e/changesLarge.test.ts', 'test/e2e/changesLayout.test.ts', 'test/e2e/heldSync.test.ts'];

/**
 * The end-to-end suites that depend on the calendar, and the runs they get besides the main one
 * (Auckland on the day its DST ends). A DST start is left to the unit matrix (every zone, above),
 * which holds the date logic these views call: each e2e run costs about 35 s of `npm test`.
 */
export const CALENDAR_E2E_FILES = ['test/e2e/changesView.test.ts', 'test/e2e/insights.test.ts'];
export const CALENDAR_E2E_RUNS = [
  // A year boundary in a zone behind UTC (it is already next year in UTC): the case the views get
  // wrong when a date is read in the wrong zone. A leap day is left to the unit matrix.
  { zone: 'America/Los_Angeles', label: 'new-years-eve', now: '2026-12-31T23:40' },
];

/** The unit suites that depend on the calendar: reconcile, schedule, insights, export, search by date, display, budgets, recurring, net worth. */
export const CALENDAR_UNIT_FILES = [
  'test/unit/shared/reconcile/reconcilePending.test.ts',
  'test/unit/shared/reconcile/describePosting.test.ts',
  'test/unit/shared/schedule/autoSync.test.ts',
  'test/unit/renderer/sync/autoSyncClock.test.ts',
  'test/unit/shared/export/csv.test.ts',
  'test/unit/shared/export/ofx.test.ts',
  'test/unit/shared/search/parseSearch.test.ts',
  'test/unit/renderer/calendarDisplay.test.ts',
  'test/unit/renderer/db/applyUpdate.pendingToPosted.test.ts',
  'test/unit/renderer/insights/computeInsights.test.ts',
  'test/unit/renderer/export/buildExport.test.ts',
  'test/unit/renderer/index/ledgerIndex.test.ts',
  'test/unit/renderer/ui/changes/runView.test.ts',
  'test/unit/renderer/ui/describeError.test.ts',
  'test/unit/renderer/ui/format.test.ts',
  'test/unit/renderer/sync/useAutoSync.test.ts',
  'test/unit/electron/providers/snaptrade/mapSnaptrade.test.ts',
  // Issue 19's detectors and views: months, cadences and daily points are calendar arithmetic.
  'test/unit/shared/ledger/recurring.test.ts',
  'test/unit/shared/ledger/transfers.test.ts',
  'test/unit/renderer/ledger/recurring.test.ts',
  'test/unit/renderer/budgets/computeBudget.test.ts',
  'test/unit/renderer/netWorth/computeNetWorth.test.ts',
];

/**
 * The instant a `LEDGERLINE_TEST_NOW` value names, read in the current process's zone (so the
 * process must already run under the zone in question).
 */
export function pinnedInstant(value = process.env.LEDGERLINE_TEST_NOW ?? DEFAULT_TEST_NOW) {
  const ms = Date.parse(value); // ECMAScript: a date-time without an offset is local time
  if (!Number.isFinite(ms)) throw new Error(`LEDGERLINE_TEST_NOW is not a date-time: ${value}`);
  return ms;
}

/**
 * Replaces `Date` so that "now" is `offsetMs` away from the machine's clock and runs on at real
 * speed (`Date.now()`, `new Date()`, `Date()`); every other use of Date is untouched. An offset,
 * not an instant, so every process of a test (vitest, the host, each page load) shares one
 * timeline. Timers are not faked: tests that move time install fake timers on top
 * (vi.useFakeTimers, Playwright's page.clock), which start from this shifted now. Installing twice
 * keeps the first shift. Self-contained: Playwright serializes it into pages as an init script.
 */
export function installShiftedDate(offsetMs) {
  const Real = globalThis.Date;
  if (Object.prototype.hasOwnProperty.call(Real, 'ledgerlineShiftMs')) return;
  function ShiftedDate(...args) {
    if (!new.target) return new Real(Real.now() + offsetMs).toString();
    return Reflect.construct(Real, args.length === 0 ? [Real.now() + offsetMs] : args, new.target);
  }
  Object.setPrototypeOf(ShiftedDate, Real);
  ShiftedDate.prototype = Real.prototype;
  ShiftedDate.now = () => Real.now() + offsetMs;
  Object.defineProperty(ShiftedDate, 'ledgerlineShiftMs', { value: offsetMs });
  globalThis.Date = ShiftedDate;
}

/** How far this process's clock is shifted (0 when it is not). */
export function shiftOf(DateCtor = globalThis.Date) {
  return Object.prototype.hasOwnProperty.call(DateCtor, 'ledgerlineShiftMs') ? DateCtor.ledgerlineShiftMs : 0;
}

/**
 * Processes on one machine read one clock — except under a clock faker: libfaketime
 * (`faketime -f '@2028-02-29 09:00:00' …`, how CI proves a run does not depend on the machine's
 * date) starts each process's clock at that instant when the process starts, and Chromium's at the
 * moment the faker started, so after ten minutes of a run the browser was ten minutes ahead of
 * the host it talks to and a "refresh available at" time had already passed on the page. A
 * process that joins the test's timeline therefore corrects by how far its machine clock is from
 * its spawner's, when that is more than start-up can explain.
 */
export const CLOCK_SKEW_LIMIT_MS = 2_000;

/** The shift for a process whose machine clock reads `ownMachineNow` while its spawner's reads `spawnerMachineNow`. */
export function joinedShift(shiftMs, spawnerMachineNow, ownMachineNow) {
  const skew = spawnerMachineNow - ownMachineNow;
  return Math.abs(skew) > CLOCK_SKEW_LIMIT_MS ? shiftMs + skew : shiftMs;
}

/** This process's machine clock (its Date without the test's shift). */
export function machineNow() {
  return Date.now() - shiftOf();
}
