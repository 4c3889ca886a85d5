// `npm start`: builds Ledgerline and launches it in Electron. Where Electron cannot start — its
// binary is missing and cannot be downloaded, Linux has no display, or it dies at once — it says
// why and runs the same app as the browser host instead, which prints `LEDGERLINE_URL=<url>` to
// open. So the README's first command always shows the app.
//
// Environment: ELECTRON_OVERRIDE_DIST_PATH (the folder holding the binary, read exactly as
// electron's own package reads it), ELECTRON_SKIP_BINARY_DOWNLOAD (no download attempt),
// LEDGERLINE_LAUNCH_NO_BUILD=1 (skip `npm run build`: CI and tests that built already),
// LEDGERLINE_OUT (the build folder, as the tests use it).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Electron exiting with an error this soon after launch means it could not start, not that the user quit. */
const EARLY_EXIT_MS = 15_000;

if (process.env.LEDGERLINE_LAUNCH_NO_BUILD !== '1') {
  const built = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', cwd: root, shell: process.platform === 'win32' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

const electronDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
function binary() {
  const pathFile = path.join(electronDir, 'path.txt');
  const name = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const bin = override ? path.join(override, name || 'electron') : name && path.join(electronDir, 'dist', name);
  return bin && fs.existsSync(bin) ? bin : null;
}

/** Why Electron cannot be launched here, or null when it can be tried. */
function cannotLaunch() {
  if (!binary()) {
    if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return `no Electron binary in ELECTRON_OVERRIDE_DIST_PATH (${process.env.ELECTRON_OVERRIDE_DIST_PATH})`;
    if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return 'the Electron binary is not installed and ELECTRON_SKIP_BINARY_DOWNLOAD is set';
    console.error('Fetching the Electron binary (first launch)…');
    spawnSync(process.execPath, [path.join(electronDir, 'install.js')], { stdio: 'ignore', timeout: 300_000 });
    if (!binary()) return 'the Electron binary is not installed and could not be downloaded on this machine';
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return 'there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)';
  }
  return null;
}

function fallBackToBrowser(reason) {
  console.error(
    `\nLedgerline could not start Electron: ${reason}.\n` +
      'Starting the same app in your browser instead (the browser host, as `npm run web`): open the LEDGERLINE_URL below.\n',
  );
  const entry = path.resolve(root, process.env.LEDGERLINE_OUT ?? 'dist', 'host/browserHost.js');
  const host = spawn(process.execPath, [entry], { stdio: 'inherit', cwd: root });
  const stop = (signal) => host.kill(signal);
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  host.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const reason = cannotLaunch();
if (reason) {
  fallBackToBrowser(reason);
} else {
  const started = Date.now();
  let stderrTail = '';
  let settled = false;
  const child = spawn(binary(), ['.'], { stdio: ['inherit', 'inherit', 'pipe'], cwd: root });
  child.stderr.on('data', (chunk) => {
    process.stderr.write(chunk);
    stderrTail = (stderrTail + chunk.toString()).slice(-2000);
  });
  child.on('error', (err) => {
    if (settled) return;
    settled = true;
    fallBackToBrowser(`Electron failed to run (${err.message})`);
  });
  child.on('exit', (code, signal) => {
    if (settled) return;
    settled = true;
    if ((code !== 0 || signal) && Date.now() - started < EARLY_EXIT_MS) {
      const last = stderrTail.trim().split('\n').pop() ?? '';
      fallBackToBrowser(`Electron exited as it started (${signal ?? `code ${code}`}${last ? `: ${last.trim()}` : ''})`);
      return;
    }
    process.exit(code ?? 0);
  });
}
