/** Elapsed time in a demo bank: the simulation steps a record owes since it was last looked at. */

/** After a long absence only the last this many intervals are simulated. */
export const MAX_CATCH_UP_STEPS = 30;

/**
 * The step times owed for the whole intervals of `tickMs` elapsed since `lastTickAt` (dated when
 * each interval ended; at most MAX_CATCH_UP_STEPS of them), and the new `lastTickAt`; null when
 * none is owed or elapsed time does not step the simulation (`tickMs` null or not positive).
 */
export function stepsOwed(lastTickAt: number, nowMs: number, tickMs: number | null): { times: Date[]; lastTickAt: number } | null {
  if (tickMs === null || tickMs <= 0) return null;
  const due = Math.floor((nowMs - lastTickAt) / tickMs);
  if (due <= 0) return null;
  const times: Date[] = [];
  for (let k = due - Math.min(due, MAX_CATCH_UP_STEPS) + 1; k <= due; k++) times.push(new Date(lastTickAt + k * tickMs));
  return { times, lastTickAt: lastTickAt + due * tickMs };
}
