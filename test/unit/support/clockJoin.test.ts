import { describe, expect, it } from 'vitest';
import { CLOCK_SKEW_LIMIT_MS, joinedShift } from '../../support/clock/calendar.mjs';

// A process that joins the test's timeline (the browser host, each page) must read the same "now"
// as the test process, also when a clock faker gave it a machine clock of its own.
describe('joinedShift', () => {
  const shift = -5_000_000;
  it('keeps the test\'s shift when both machine clocks agree (start-up latency is not skew)', () => {
    expect(joinedShift(shift, 1_000_000, 1_000_250)).toBe(shift);
    expect(joinedShift(shift, 1_000_000, 1_000_000 - CLOCK_SKEW_LIMIT_MS)).toBe(shift);
  });
  it('corrects by the gap when the joiner\'s machine clock is elsewhere, so both read the same now', () => {
    const spawner = 2_000_000;
    for (const own of [spawner + 600_000, spawner - 90_000]) {
      const joined = joinedShift(shift, spawner, own);
      expect(own + joined).toBe(spawner + shift);
    }
  });
});
