/**
 * CPU time this process spends on `work` (user + system, best of `tries`), for complexity guards
 * in unit tests: unlike the wall clock it does not grow while the process waits for a core (npm
 * test runs the unit half at the lowest priority beside the browser suites, where wall times grew
 * 13 ×). Vitest runs each unit file in a worker process of its own, one test at a time, so the
 * figure is this work's (and the garbage collector's) alone. Speed targets live in `npm run bench`.
 */
export function cpuMs(work: () => unknown, tries = 3): number {
  let best = Infinity;
  for (let i = 0; i < tries; i++) {
    const before = process.cpuUsage();
    work();
    const used = process.cpuUsage(before);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}
