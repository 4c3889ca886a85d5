import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { decideAutoSync, type AutoSyncConnection, type AutoSyncReason } from '../../../../shared/schedule/autoSync';
import type { Provider } from '../../../../shared/types';
import { startAutoSyncClock } from '../../../../renderer/src/sync/autoSyncClock';

// The background schedule (the real tick clock + the real decision) under fake timers, while the
// wall clock misbehaves: NTP corrections both ways, a laptop asleep over a DST change. A harness
// plays main and the renderer: a due connection syncs at once and is stamped with the wall clock,
// as main stamps lastSuccessAt and the renderer its run's finishedAt.
const MIN = 60_000;
const HOUR = 60 * MIN;
const INTERVAL = 4 * HOUR;

interface Sim {
  /** Monotonic (real elapsed) time of each sync, per connection. */
  syncs: Map<string, number[]>;
  /** Real elapsed time since the start, whatever the wall clock says. */
  elapsed(): number;
  /** Real time passes (timers fire), the wall clock with it. */
  run(ms: number): void;
  /** The wall clock jumps (NTP, a clock set by hand); no real time passes. */
  jump(ms: number): void;
  /** The machine sleeps: real time passes for the wall clock, but no timer fires until it wakes. */
  sleep(ms: number): void;
  stop(): void;
  reasons: AutoSyncReason[];
}

function simulate(providers: Provider[], opts: { retryAt?: (id: string) => string | null } = {}): Sim {
  let elapsed = 0;
  const syncs = new Map<string, number[]>();
  const reasons: AutoSyncReason[] = [];
  const conns: AutoSyncConnection[] = providers.map((provider, i) => ({
    id: `${provider}-${i}`, provider,
    status: { state: 'ok', lastSuccessAt: new Date().toISOString(), lastAttemptAt: new Date().toISOString(), retryAt: opts.retryAt?.(`${provider}-${i}`) ?? null },
    lastLocalSyncAt: new Date().toISOString(),
  }));
  const stop = startAutoSyncClock({
    check: (reason) => {
      reasons.push(reason);
      const d = decideAutoSync({ connections: conns, intervalMs: INTERVAL, now: Date.now(), reason });
      for (const id of d.due) {
        const c = conns.find((x) => x.id === id);
        if (!c?.status) continue;
        const at = new Date().toISOString();
        c.status = { ...c.status, lastSuccessAt: at, lastAttemptAt: at, retryAt: null };
        c.lastLocalSyncAt = at;
        syncs.set(id, [...(syncs.get(id) ?? []), elapsed]);
      }
    },
    onPowerResume: () => () => undefined,
    onOnline: () => () => undefined,
  });
  return {
    syncs, reasons, stop, elapsed: () => elapsed,
    run(ms) {
      for (let left = ms; left > 0; left -= MIN) {
        const step = Math.min(MIN, left);
        elapsed += step;
        vi.advanceTimersByTime(step);
      }
    },
    jump(ms) {
      vi.setSystemTime(Date.now() + ms);
    },
    sleep(ms) {
      elapsed += ms;
      vi.setSystemTime(Date.now() + ms);
    },
  };
}

/** The longest real time between two syncs of a connection (or since the start / until now). */
const longestGap = (sim: Sim, id: string): number => {
  const times = [0, ...(sim.syncs.get(id) ?? []), sim.elapsed()];
  return Math.max(...times.slice(1).map((t, i) => t - (times[i] as number)));
};

describe('the background schedule keeps time when the clock does not', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('a steady clock: every 4 h per connection, nothing more', () => {
    const sim = simulate(['plaid', 'moneykit']);
    sim.run(24 * HOUR);
    for (const id of ['plaid-0', 'moneykit-1']) {
      expect(sim.syncs.get(id)?.length).toBe(6);
      expect(longestGap(sim, id)).toBeLessThanOrEqual(INTERVAL + MIN);
    }
    sim.stop();
  });

  it('the clock moves back a day (it was a day ahead when the last syncs were stamped): no sync is skipped for a day', () => {
    const sim = simulate(['plaid', 'moneykit', 'snaptrade']);
    sim.run(2 * HOUR);
    sim.jump(-24 * HOUR);
    sim.run(2 * 24 * HOUR);
    // Plaid and MoneyKit keep their 4 h rhythm through the jump (one early sync right after it at most).
    for (const id of ['plaid-0', 'moneykit-1']) {
      expect(longestGap(sim, id)).toBeLessThanOrEqual(INTERVAL + MIN);
      expect(sim.syncs.get(id)?.length ?? 0).toBeLessThanOrEqual(2 * 6 + 2);
    }
    // SnapTrade's 24 h minimum still holds, measured on the corrected clock.
    expect(longestGap(sim, 'snaptrade-2')).toBeLessThanOrEqual(24 * HOUR + MIN);
    sim.stop();
  });

  it('a rate limit set just before the clock moved back does not hold the connection off for the jump', () => {
    const sim = simulate(['moneykit'], { retryAt: () => new Date(Date.now() + HOUR).toISOString() });
    sim.jump(-3 * 24 * HOUR);
    sim.run(12 * HOUR);
    expect(longestGap(sim, 'moneykit-0')).toBeLessThanOrEqual(INTERVAL + MIN);
    sim.stop();
  });

  it('the clock jumps forward 2 h: at most one extra sync per connection, no storm', () => {
    const sim = simulate(['plaid', 'moneykit']);
    sim.run(1 * HOUR);
    sim.jump(2 * HOUR);
    sim.run(1 * HOUR);
    for (const id of ['plaid-0', 'moneykit-1']) expect(sim.syncs.get(id)?.length ?? 0).toBeLessThanOrEqual(1);
    expect(sim.reasons.filter((r) => r === 'resume')).toHaveLength(1);
    sim.stop();
  });

  it('a laptop asleep overnight across the DST change syncs once on waking, then every 4 h', () => {
    // Los Angeles, 2026-11-01: asleep from 00:30 PDT to 08:30 PST is 9 real hours.
    vi.setSystemTime(new Date('2026-11-01T07:30:00Z'));
    const sim = simulate(['plaid', 'moneykit']);
    sim.sleep(9 * HOUR);
    sim.run(2 * MIN);
    for (const id of ['plaid-0', 'moneykit-1']) expect(sim.syncs.get(id)).toEqual([9 * HOUR + MIN]);
    sim.run(8 * HOUR);
    for (const id of ['plaid-0', 'moneykit-1']) expect(sim.syncs.get(id)?.length).toBe(3);
    sim.stop();
  });
});
