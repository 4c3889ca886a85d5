/**
 * The background schedule's clock, apart from React so it is tested with fake timers: a check
 * every minute, classified as `timer`, or `resume` when the tick came much later than it should
 * have by the wall clock (the machine slept, or the clock jumped forward), plus main's
 * `power:resume` and the network coming back. A clock that moved back is just a timer tick:
 * `decideAutoSync` ignores stamps from the future, so nothing is skipped for the length of the jump.
 */
import { sleptBetween, type AutoSyncReason } from '../../../shared/schedule/autoSync';

export const TICK_MS = 60_000;

export interface AutoSyncClockDeps {
  check(reason: AutoSyncReason): void;
  /** Subscribe to main's wake event (Electron powerMonitor); returns the unsubscribe. */
  onPowerResume(listener: () => void): () => void;
  /** Subscribe to the network coming back; returns the unsubscribe. */
  onOnline(listener: () => void): () => void;
}

/** Starts the checks; returns the stop. */
export function startAutoSyncClock(deps: AutoSyncClockDeps): () => void {
  let lastTick = Date.now();
  const tick = setInterval(() => {
    const now = Date.now();
    const slept = sleptBetween(lastTick, now);
    lastTick = now;
    deps.check(slept ? 'resume' : 'timer');
  }, TICK_MS);
  const offOnline = deps.onOnline(() => deps.check('online'));
  const offPower = deps.onPowerResume(() => {
    lastTick = Date.now(); // the next tick is not a second wake
    deps.check('resume');
  });
  return () => {
    clearInterval(tick);
    offOnline();
    offPower();
  };
}
