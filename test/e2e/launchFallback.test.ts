/**
 * `npm start` where Electron cannot start: it must say why and serve the app through the browser
 * host, printing the URL to open. Runs `node electron/launch.mjs` for real (the build is skipped:
 * `npm test` built already) with ELECTRON_OVERRIDE_DIST_PATH pointing at a folder, so the result
 * is the same on a machine that has the Electron binary.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './support/host';

interface Launched {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
}

let running: ChildProcess | null = null;

function launch(env: Record<string, string>): Launched {
  const base: Record<string, string | undefined> = { ...process.env };
  for (const k of ['DISPLAY', 'WAYLAND_DISPLAY', 'ELECTRON_OVERRIDE_DIST_PATH', 'ELECTRON_SKIP_BINARY_DOWNLOAD']) delete base[k];
  // Its own process group: the kill below reaches the browser host the launcher started, too.
  const child = spawn(process.execPath, ['electron/launch.mjs'], {
    env: {
      ...base,
      LEDGERLINE_LAUNCH_NO_BUILD: '1',
      LEDGERLINE_DATA_DIR: tempDir('launch'),
      LEDGERLINE_KEYCHAIN_SERVICE: `ledgerline-launch-test-${process.pid}`,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: process.platform !== 'win32',
  });
  running = child;
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  return { child, stdout: () => out, stderr: () => err };
}

async function waitForUrl(l: Launched): Promise<string> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const m = /^LEDGERLINE_URL=(\S+)$/m.exec(l.stdout());
    if (m?.[1]) return m[1];
    if (l.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no LEDGERLINE_URL line (exit ${l.child.exitCode}):\n${l.stdout()}\n${l.stderr()}`);
}

afterEach(async () => {
  const child = running;
  running = null;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  if (process.platform === 'win32') child.kill();
  else process.kill(-(child.pid ?? 0), 'SIGTERM');
  await exited;
});

describe('npm start without a usable Electron', () => {
  beforeAll(() => {
    const entry = path.resolve(process.env.LEDGERLINE_OUT ?? 'dist', 'host/browserHost.js');
    if (!fs.existsSync(entry)) throw new Error('dist/host/browserHost.js is missing: run `npm run build` (npm test does).');
  });

  it('says the binary is missing, starts the browser host and prints its URL', async () => {
    const l = launch({ ELECTRON_OVERRIDE_DIST_PATH: tempDir('no-electron') });
    const url = await waitForUrl(l);
    expect(l.stderr()).toMatch(/could not start Electron: no Electron binary in ELECTRON_OVERRIDE_DIST_PATH/);
    expect(l.stderr()).toMatch(/open the LEDGERLINE_URL below/);
    // The URL really serves the app (the key stays in the fragment, never sent).
    const page = await fetch(url.split('#')[0] ?? url);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<div id="root">|<script/);
  });

  it.skipIf(process.platform === 'win32')(
    'falls back when Electron dies as it starts, and quotes its last error line',
    async () => {
      // A stand-in binary that fails the way Electron does without an X server.
      const dir = tempDir('bad-electron');
      fs.writeFileSync(path.join(dir, 'electron'), '#!/bin/sh\necho "Missing X server or \\$DISPLAY" >&2\nexit 1\n', { mode: 0o755 });
      const l = launch({ ELECTRON_OVERRIDE_DIST_PATH: dir, DISPLAY: ':99' });
      await waitForUrl(l);
      expect(l.stderr()).toMatch(/could not start Electron: Electron exited as it started \(code 1: Missing X server or \$DISPLAY\)/);
    },
  );

  it.skipIf(process.platform !== 'linux')('on Linux without a display, says so instead of launching', async () => {
    const dir = tempDir('never-run');
    // If the launcher ran this, the marker would appear.
    fs.writeFileSync(path.join(dir, 'electron'), `#!/bin/sh\ntouch "${dir}/ran"\nexit 1\n`, { mode: 0o755 });
    const l = launch({ ELECTRON_OVERRIDE_DIST_PATH: dir });
    await waitForUrl(l);
    expect(l.stderr()).toMatch(/could not start Electron: there is no display/);
    expect(fs.existsSync(path.join(dir, 'ran'))).toBe(false);
  });
});
