/**
 * The bench's small measuring tools, shared by `run.mjs` and `floor.mjs`: a figure taken several
 * times (median with its spread), and what Chromium's processes cost, read from /proc (resident
 * memory of a page's processes or of a profile's renderers, CPU seconds of all its processes).
 */
import fs from 'node:fs';

export const round = (x, d = 1) => (x === null || !Number.isFinite(x) ? x : Math.round(x * 10 ** d) / 10 ** d);

/**
 * A figure taken `runs.length` times: its median (the middle run; the mean of the two middle ones
 * for an even count), its spread, and every run, in the order they were taken.
 */
export function stat(runs, digits = 1) {
  const xs = runs.filter((x) => x !== null && x !== undefined);
  if (xs.length === 0) return { median: null, min: null, max: null, runs };
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { median: round(median, digits), min: round(s[0], digits), max: round(s.at(-1), digits), runs: runs.map((x) => round(x, digits)) };
}

/** `1,234 (1,100–1,400)` — a figure's median and spread, as the table prints it. */
export function showStat(st, unit = '') {
  if (!st || st.median === null) return '—';
  const n = (x) => (Math.abs(x) >= 1000 ? Math.round(x).toLocaleString('en-US') : String(x));
  return `${n(st.median)}${unit} (${n(st.min)}–${n(st.max)})`;
}

const pids = () => fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
const cmdline = (pid) => ` ${fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ')} `;
const parentOf = (pid) => Number(/PPid:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);

/**
 * Every process of the Chromium started on `profileDir`: the browser (its command line names the
 * profile) and all its descendants (zygotes, renderers, the storage and network services).
 */
export function chromiumPids(profileDir) {
  const parent = new Map();
  const roots = new Set();
  for (const pid of pids()) {
    try {
      parent.set(pid, parentOf(pid));
      if (cmdline(pid).includes(` --user-data-dir=${profileDir} `)) roots.add(pid);
    } catch {
      // gone meanwhile
    }
  }
  const inTree = (pid) => {
    for (let p = pid, hops = 0; p > 1 && hops < 32; p = parent.get(p) ?? 0, hops++) if (roots.has(p)) return true;
    return false;
  };
  return [...parent.keys()].filter(inTree);
}

export function rssMB(pid) {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
  return kb / 1024;
}

/**
 * Resident memory of every renderer process of the Chromium on `profileDir` but its UI ones —
 * the page's (main thread, workers, Blink) and the spare renderer Chromium keeps for the next
 * navigation. Null if none was found (then the figure is missing, not zero).
 */
export function rendererRssMB(profileDir) {
  let total = 0;
  let found = 0;
  for (const pid of chromiumPids(profileDir)) {
    try {
      const args = cmdline(pid);
      if (args.includes(' --type=renderer ') && !args.includes(' --top-chrome-webui ') && !args.includes(' --extension-process ')) {
        total += rssMB(pid);
        found++;
      }
    } catch {
      // gone meanwhile
    }
  }
  return found ? total : null;
}

/**
 * The processes that run `page`: the renderers of its frames (from a moment of Chromium tracing:
 * `TracingStartedInBrowser` lists every frame with its process id) and any process with a worker
 * thread (a dedicated worker runs in its page's process; a shared or service worker may not).
 * Chromium's other renderers — its UI, and the spare one it keeps ready for the next navigation —
 * are not the app's and are left out.
 */
export async function pageProcessPids(context, page) {
  const browser = context.browser();
  if (!browser) return [];
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  await new Promise((r) => setTimeout(r, 200));
  const events = JSON.parse((await browser.stopTracing()).toString()).traceEvents ?? [];
  const found = new Set();
  for (const e of events) {
    if (e.name === 'TracingStartedInBrowser') for (const f of e.args?.data?.frames ?? []) if (f.processId) found.add(f.processId);
    if (e.name === 'thread_name' && /Worker thread/.test(e.args?.name ?? '')) found.add(e.pid);
  }
  return [...found];
}

/** Resident memory of the given processes together (those gone meanwhile count nothing). Null if none. */
export function totalRssMB(processIds) {
  let total = 0;
  let found = 0;
  for (const pid of processIds) {
    try {
      total += rssMB(pid);
      found++;
    } catch {
      // gone meanwhile
    }
  }
  return found ? total : null;
}

/** CPU seconds (user + system) a process has used so far. */
export function cpuSeconds(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return 0;
  }
}

/** CPU seconds of every process of the Chromium on `profileDir` (browser, renderers, storage, GPU). */
export function chromiumCpuSeconds(profileDir) {
  return chromiumPids(profileDir).reduce((sum, pid) => sum + cpuSeconds(pid), 0);
}

/**
 * A Chromium trace's IndexedDB story, as text: for each event whose name speaks of IndexedDB
 * (request setups in the renderer and the worker, operations in the backend) its count, when the
 * first began and the last ended (ms from the trace's first event) and its summed duration; then
 * each thread's busy time (its top-level tasks). Saved beside each trace by `--trace`.
 */
export function summarizeTrace(events) {
  const threads = new Map();
  const processes = new Map();
  for (const e of events) {
    if (e.ph !== 'M') continue;
    if (e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args.name);
    if (e.name === 'process_name') processes.set(e.pid, e.args.name);
  }
  const timed = events.filter((e) => e.ph === 'X' && typeof e.dur === 'number');
  if (timed.length === 0) return 'no timed events\n';
  const t0 = timed.reduce((m, e) => Math.min(m, e.ts), Infinity);
  const where = (e) => `${processes.get(e.pid) ?? e.pid} / ${threads.get(`${e.pid}:${e.tid}`) ?? e.tid}`;
  const rows = new Map();
  const busy = new Map();
  for (const e of timed) {
    if (/^(RunTask|ThreadPool_RunTask)$/.test(e.name)) busy.set(where(e), (busy.get(where(e)) ?? 0) + e.dur / 1000);
    if (!/IDB|Database::|Transaction::|BackingStore|Cursor::|UpdateLifecycle|^Paint$/.test(e.name)) continue;
    const key = `${where(e)} | ${e.name}`;
    const r = rows.get(key) ?? { n: 0, from: Infinity, to: 0, ms: 0 };
    r.n++;
    r.from = Math.min(r.from, (e.ts - t0) / 1000);
    r.to = Math.max(r.to, (e.ts + e.dur - t0) / 1000);
    r.ms += e.dur / 1000;
    rows.set(key, r);
  }
  const lines = ['count  first–last ms        summed ms  where | event'];
  for (const [key, r] of [...rows].sort((a, b) => a[1].from - b[1].from)) {
    lines.push(`${String(r.n).padStart(5)}  ${r.from.toFixed(0).padStart(6)}–${r.to.toFixed(0).padEnd(8)} ${r.ms.toFixed(0).padStart(9)}  ${key}`);
  }
  // What the page's main thread did (nested events are counted within their parents too).
  const main = new Map();
  for (const e of timed) {
    if (threads.get(`${e.pid}:${e.tid}`) !== 'CrRendererMain' || processes.get(e.pid) !== 'Renderer') continue;
    main.set(e.name, (main.get(e.name) ?? 0) + e.dur / 1000);
  }
  lines.push('', "the page's main thread, summed ms per event (nested events also count in their parents):");
  for (const [name, ms] of [...main].sort((a, b) => b[1] - a[1]).slice(0, 30)) lines.push(`${ms.toFixed(0).padStart(8)}  ${name}`);
  lines.push('', 'busy ms (top-level tasks) per thread:');
  for (const [key, ms] of [...busy].sort((a, b) => b[1] - a[1]).slice(0, 12)) lines.push(`${ms.toFixed(0).padStart(8)}  ${key}`);
  return `${lines.join('\n')}\n`;
}
