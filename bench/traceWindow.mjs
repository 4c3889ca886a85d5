/**
 * What the app did in a window of a `--trace` profile: `node bench/traceWindow.mjs <name> [mark] [ms]`
 * reads bench/profiles/<name>.trace.json (and <name>.page.cpuprofile if there is one) and prints,
 * for the `ms` (default 500) after the mark-th `console.timeStamp` mark (the bench marks each key
 * it types as "key <k>"), or after the page's first request when the mark is `nav`:
 *   1. the page's main thread, task by task (≥ 5 ms): Blink's own events by self time, and the JS
 *      entry points;
 *   2. the page's JavaScript by call chain (the innermost frames of the app's own code, mapped
 *      through dist/renderer's source maps), from the page's CPU profile;
 *   3. the index worker's JavaScript the same way, from the V8 samples in the trace (the worker
 *      starts after the page, so it has no CPU profile of its own).
 * Without a mark, first a timeline of the main thread's and the worker's tasks ≥ 8 ms and the marks.
 * Hand-written: DevTools opens these files, but one window of one trace at a time, by hand; this
 * compares runs in seconds. It reads only files the bench wrote, with `source-map-js` (Vite's own).
 */
import fs from 'node:fs';
import path from 'node:path';
import { SourceMapConsumer } from 'source-map-js';

const [name, markArg, msArg] = process.argv.slice(2);
if (!name) {
  console.error('usage: node bench/traceWindow.mjs <profile name, e.g. start-1> [mark index] [ms]');
  process.exit(2);
}
const dir = path.resolve('bench/profiles');
const events = JSON.parse(fs.readFileSync(path.join(dir, `${name}.trace.json`), 'utf8')).traceEvents;
const threadName = new Map();
for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') threadName.set(`${e.pid}:${e.tid}`, e.args.name);
const threadOf = (e) => threadName.get(`${e.pid}:${e.tid}`) ?? '';
const MAIN = 'CrRendererMain';
const WORKER = 'DedicatedWorker thread';

const marks = events.filter((e) => e.name === 'TimeStamp').map((e) => ({ ts: e.ts, what: e.args?.data?.message ?? '?' })).sort((a, b) => a.ts - b.ts);
// `nav`: from the page's first request (a start's navigation).
const navigation = events.filter((e) => e.name === 'ResourceSendRequest').sort((a, b) => a.ts - b.ts)[0];
const mark = markArg === undefined ? null : markArg === 'nav' ? (navigation ? { ts: navigation.ts, what: 'navigation' } : null) : marks[Number(markArg)];
if (markArg !== undefined && !mark) throw new Error(`no mark ${markArg}: the trace has ${marks.length}${navigation ? '' : ' and no request'}`);
const from = mark ? mark.ts : events.reduce((min, e) => (e.ts > 0 && e.ts < min ? e.ts : min), Infinity);
const to = from + Number(msArg ?? 500) * 1000;
const ms = (us) => (us / 1000).toFixed(0);

// ─── Source maps: a bundled position → the app's file and line ─────────────────────────────────
const maps = new Map();
function where(frame) {
  const file = (frame.url ?? '').split('/').pop();
  if (file && !maps.has(file)) {
    const p = path.resolve('dist/renderer/assets', `${file}.map`);
    maps.set(file, fs.existsSync(p) ? new SourceMapConsumer(JSON.parse(fs.readFileSync(p, 'utf8'))) : null);
  }
  const o = file ? maps.get(file)?.originalPositionFor({ line: frame.lineNumber + 1, column: frame.columnNumber }) : null;
  if (o?.source) return `${o.name ?? frame.functionName ?? ''} ${o.source.replace(/^.*?\b(renderer|node_modules|shared)\//, '$1/')}:${o.line}`.trim();
  return `${frame.functionName || '(anon)'}${file ? ` ${file}:${frame.lineNumber + 1}` : ''}`;
}
const isApp = (w) => /\s(renderer\/src|shared)\//.test(w);

/** Samples (node, time, weight in ms) → ms per call chain: up to 3 of the app's innermost frames, and the innermost frame. */
function chains(samples) {
  const out = new Map();
  for (const { stack, dt } of samples) {
    const app = stack.filter(isApp).slice(0, 3);
    const key = app.length ? `${app.join(' < ')}   [in ${stack[0]}]` : stack[0];
    out.set(key, (out.get(key) ?? 0) + dt);
  }
  return [...out].sort((a, b) => b[1] - a[1]).slice(0, 20).map(([k, v]) => `${v.toFixed(0).padStart(6)} ms  ${k}`).join('\n');
}

/** A V8 profile's samples within [from, to], each with its stack (innermost first). */
function samplesOf({ nodes, samples, timeDeltas, startTime }) {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of nodes) {
    if (n.parent !== undefined) parent.set(n.id, n.parent);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const out = [];
  let t = startTime;
  for (let i = 0; i < samples.length; i++) {
    t += timeDeltas[i] ?? 0;
    if (t < from || t > to) continue;
    const stack = [];
    for (let id = samples[i]; id !== undefined; id = parent.get(id)) stack.push(where(byId.get(id).callFrame));
    out.push({ stack, dt: (timeDeltas[i + 1] ?? 0) / 1000 });
  }
  return out;
}

// ─── 0. Without a mark: the timeline ─────────────────────────────────────────────────────────────
const tasks = (thread) => events.filter((e) => e.ph === 'X' && threadOf(e) === thread && e.name === 'ThreadControllerImpl::RunTask');
if (!mark) {
  const rows = [
    ...marks.map((m) => ({ ts: m.ts, line: `>>> ${m.what}` })),
    ...[MAIN, WORKER].flatMap((t) => tasks(t).filter((e) => e.dur >= 8000).map((e) => ({ ts: e.ts, line: `${t === MAIN ? 'main  ' : 'worker'} ${ms(e.dur)} ms` }))),
  ].sort((a, b) => a.ts - b.ts);
  console.log(`${name}: tasks ≥ 8 ms and marks (ms from the trace's start)\n${rows.map((r) => `${ms(r.ts - from).padStart(7)}  ${r.line}`).join('\n')}`);
  process.exit(0);
}

// ─── 1. The main thread, task by task ────────────────────────────────────────────────────────────
console.log(`${name}: ${msArg ?? 500} ms from "${mark.what}" (mark ${markArg})\n\n1. the page's main thread, tasks ≥ 5 ms (start ms, +length: Blink's events by self ms; JS entry points)`);
const spans = events.filter((e) => e.ph === 'X' && threadOf(e) === MAIN && e.ts < to && e.ts + e.dur > from).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
const stack = [];
const tops = [];
for (const e of spans) {
  while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
  const p = stack.at(-1);
  const root = p ? p.root : e;
  e.root = root;
  if (!p) {
    root.self = new Map();
    root.entries = new Map();
    tops.push(root);
  }
  root.self.set(e.name, (root.self.get(e.name) ?? 0) + e.dur);
  if (p) root.self.set(p.name, (root.self.get(p.name) ?? 0) - e.dur);
  const data = e.args?.data;
  if (e.name === 'EventDispatch' || e.name === 'TimerFire' || e.name === 'FireAnimationFrame' || (e.name === 'FunctionCall' && data?.functionName)) {
    const label = e.name === 'FunctionCall' ? where({ url: data.url, functionName: data.functionName, lineNumber: (data.lineNumber ?? 1) - 1, columnNumber: (data.columnNumber ?? 1) - 1 } /* 1-based in a trace */) : `${e.name}${data?.type ? ` ${data.type}` : ''}`;
    root.entries.set(label, (root.entries.get(label) ?? 0) + e.dur);
  }
  stack.push(e);
}
for (const t of tops.filter((t) => t.dur >= 5000)) {
  const top = (m, n) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).filter(([, v]) => v >= 1000).map(([k, v]) => `${k} ${ms(v)}`).join(', ');
  const js = top(t.entries, 3);
  console.log(`${ms(t.ts - from).padStart(6)} +${ms(t.dur).padStart(4)}  ${top(t.self, 5)}${js ? `\n              js: ${js}` : ''}`);
}

// ─── 2. The page's JavaScript ────────────────────────────────────────────────────────────────────
const pageProfile = path.join(dir, `${name}.page.cpuprofile`);
if (fs.existsSync(pageProfile)) {
  console.log(`\n2. the page's JavaScript by call chain (ms)\n${chains(samplesOf(JSON.parse(fs.readFileSync(pageProfile, 'utf8'))))}`);
}

// ─── 3. The worker's JavaScript, from the trace's own samples ───────────────────────────────────
const profiles = new Map();
for (const e of events) {
  const key = `${e.pid}:${e.id}`;
  if (e.name === 'Profile') profiles.set(key, { thread: threadOf(e), nodes: [], samples: [], timeDeltas: [], startTime: e.args.data.startTime });
  if (e.name === 'ProfileChunk' && profiles.has(key)) {
    const p = profiles.get(key);
    const d = e.args.data;
    p.nodes.push(...(d.cpuProfile?.nodes ?? []));
    p.samples.push(...(d.cpuProfile?.samples ?? []));
    p.timeDeltas.push(...(d.timeDeltas ?? []));
  }
}
for (const p of profiles.values()) {
  if (p.thread === WORKER) console.log(`\n3. the index worker's JavaScript by call chain (ms)\n${chains(samplesOf(p))}`);
}
