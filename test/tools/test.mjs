// `npm test`: builds the app (the end-to-end tests drive the built renderer and browser host),
// runs every vitest project, and ends with one line: `N passed, N failed[, N skipped]`.
//
// On Linux without a session bus it re-runs itself inside `dbus-run-session` with an unlocked
// gnome-keyring, so the keychain tests talk to a real Secret Service (as CI does).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

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
const report = 'test-results/vitest.json';
fs.rmSync(report, { force: true });
const status = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)]);

let line = `0 passed, 1 failed`;
if (fs.existsSync(report)) {
  const r = JSON.parse(fs.readFileSync(report, 'utf8'));
  const failed = r.numFailedTests + (status !== 0 && r.numFailedTests === 0 ? 1 : 0);
  const skipped = r.numPendingTests + r.numTodoTests;
  line = `${r.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
}
fs.writeFileSync('test-results/summary.txt', `${line}\n`);
console.log(line);
process.exit(status);
