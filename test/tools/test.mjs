// `npm test`: builds the app (the end-to-end tests drive the built renderer and browser host),
// runs every vitest project, and ends with one line: `N passed, N failed[, N skipped]`.
//
// On Linux without a session bus it re-runs itself inside `dbus-run-session` with an unlocked
// gnome-keyring, so the keychain tests talk to a real Secret Service (as CI does).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

// npm and npx are .cmd scripts on Windows, which Node starts only through a shell.
const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32', ...opts }).status ?? 1;
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

if (process.platform === 'linux' && !process.env.DBUS_SESSION_BUS_ADDRESS && !process.env.LEDGERLINE_TEST_NO_DBUS
  && has('dbus-run-session') && has('gnome-keyring-daemon')) {
  process.exit(run('dbus-run-session', ['--', 'sh', 'test/tools/with-keyring.sh', 'node', 'test/tools/test.mjs', ...process.argv.slice(2)], {
    env: { ...process.env, LEDGERLINE_TEST_NO_DBUS: '1' },
  }));
}

// The run owns its calendar: a zone far from UTC and a pinned "now" unless the caller chose them,
// and the calendar matrix (date-sensitive suites under other zones and dates; vitest.config.ts).
const { DEFAULT_TEST_NOW, DEFAULT_TEST_TZ } = await import('../support/clock/calendar.mjs');
process.env.TZ ||= DEFAULT_TEST_TZ;
process.env.LEDGERLINE_TEST_NOW ||= DEFAULT_TEST_NOW;
process.env.LEDGERLINE_CALENDAR ||= '1';
console.log(`Test calendar: TZ=${process.env.TZ} LEDGERLINE_TEST_NOW=${process.env.LEDGERLINE_TEST_NOW}${process.env.LEDGERLINE_CALENDAR === '1' ? ' (+ calendar matrix)' : ''}`);

fs.mkdirSync('test-results', { recursive: true });
const built = run('npm', ['run', 'build']);
if (built !== 0) {
  console.log('0 passed, 1 failed');
  process.exit(built);
}
const userArgs = process.argv.slice(2);

/** Counts from one vitest JSON report (`null` when the run wrote none: it crashed or never started). */
function counts(report, status) {
  if (!fs.existsSync(report)) return null;
  const r = JSON.parse(fs.readFileSync(report, 'utf8'));
  return {
    passed: r.numPassedTests,
    failed: r.numFailedTests + (status !== 0 && r.numFailedTests === 0 ? 1 : 0),
    skipped: r.numPendingTests + r.numTodoTests,
  };
}

/** Starts `npx vitest run …` writing a JSON report; resolves to its exit status. Output goes to `log` or to ours. */
function vitest(args, report, { log, lowPriority = false } = {}) {
  fs.rmSync(report, { force: true });
  return new Promise((resolve) => {
    const child = spawn('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args], {
      stdio: log ? ['ignore', fs.openSync(log, 'w'), fs.openSync(log, 'a')] : 'inherit',
      shell: process.platform === 'win32',
    });
    // The lowest priority (nice 19, inherited by vitest's workers): it runs on what the browser
    // suites leave idle. At nice 10 it still took a third of the CPU from them (both halves ~18 min).
    if (lowPriority && child.pid) {
      try {
        os.setPriority(child.pid, 19);
      } catch {
        // Not permitted here: it then shares the cores as equals (slower, still correct).
      }
    }
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

let results;
if (userArgs.length > 0) {
  // A chosen file or project: one vitest run, as asked.
  const report = 'test-results/vitest.json';
  const status = await vitest(userArgs, report);
  results = [{ status, counts: counts(report, status) }];
} else {
  // The whole suite as two runs side by side. In one run vitest puts the browser suites (one file
  // at a time: fileParallelism: false) in a group after every other group, so the unit,
  // integration and calendar-unit files took 4.5 minutes first and then the browser files ran
  // alone for 12, using about one core (npm test 16 min). Here the browser half runs at normal
  // priority and the other half beside it at the lowest, on the CPU the browser half leaves idle
  // (its waits on the app, the bank and the network): at equal priority both slowed (18 min).
  // The other half's output is printed when it ends.
  const fastLog = 'test-results/unit-integration.log';
  // Its timeouts guard against hangs; at the lowest priority a test may wait minutes for the CPU
  // while a browser suite is busy, so they are longer here than in a run of its own.
  const fast = vitest(['--project', 'unit', '--project', 'integration', '--project', 'calendar unit *', '--testTimeout=180000', '--hookTimeout=180000'],
    'test-results/vitest-unit.json', { log: fastLog, lowPriority: true })
    .then((status) => {
      process.stdout.write(`\n--- unit, integration and calendar-unit suites (${fastLog}) ---\n${fs.readFileSync(fastLog, 'utf8')}\n--- end of unit, integration and calendar-unit suites ---\n\n`);
      return status;
    });
  const browser = vitest(['--project', 'e2e', '--project', 'e2e page clock', '--project', 'calendar e2e *'], 'test-results/vitest-e2e.json');
  const [fastStatus, browserStatus] = await Promise.all([fast, browser]);
  results = [
    { status: fastStatus, counts: counts('test-results/vitest-unit.json', fastStatus) },
    { status: browserStatus, counts: counts('test-results/vitest-e2e.json', browserStatus) },
  ];
}

const total = { passed: 0, failed: 0, skipped: 0 };
for (const { counts: c } of results) {
  if (!c) { total.failed += 1; continue; }
  total.passed += c.passed; total.failed += c.failed; total.skipped += c.skipped;
}
const line = `${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`;
fs.writeFileSync('test-results/summary.txt', `${line}\n`);
console.log(line);
process.exit(results.every((r) => r.status === 0) && total.failed === 0 ? 0 : 1);
