/**
 * Counting down a demo bank's fault plan: each bank's plan names its own faults (see its
 * faults.ts); counted faults fire for the next N calls, a slow-response fault delays the next N.
 */

/** Consumes one use of a counted fault; true if it fires for this call. */
export function takeFault<K extends string>(plan: { [P in K]?: number }, fault: K): boolean {
  const left = plan[fault] ?? 0;
  if (left <= 0) return false;
  plan[fault] = left - 1;
  return true;
}

/** Consumes one slow response; the delay in ms (0 when none is planned). */
export function takeDelay(plan: { slowMs?: { ms: number; count: number } }): number {
  const slow = plan.slowMs;
  if (slow === undefined || slow.count <= 0) return 0;
  plan.slowMs = { ms: slow.ms, count: slow.count - 1 };
  return slow.ms;
}
