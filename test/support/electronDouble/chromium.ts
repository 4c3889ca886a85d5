/**
 * The double's Chromium: Debian's Chromium as a child process on the app's userData profile,
 * reached over CDP (as Playwright's `_electron` reaches Electron), so a test can connect to the
 * same browser and drive the windows while main runs in this process.
 */
import { spawn } from 'node:child_process';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

export interface DoubleChromium {
  browser: Browser;
  context: BrowserContext;
  endpoint: string;
  /** Synchronous, so it can run from process 'exit'. */
  kill(): void;
}

export async function launchChromium(executable: string, args: string[], profileDir: string): Promise<DoubleChromium> {
  const child = spawn(executable, [...args, '--remote-debugging-port=0', `--user-data-dir=${profileDir}`, 'about:blank'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true, // its own process group, so quitting the app takes every Chromium process with it
  });
  const kill = () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-(child.pid ?? 0), 'SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
  };
  process.once('exit', kill);
  const endpoint = await new Promise<string>((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`Chromium did not start:\n${err}`)), 30_000);
    child.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(err);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`Chromium exited (${code}):\n${err}`)));
  });
  child.stderr?.resume();
  const browser = await chromium.connectOverCDP(endpoint);
  const context = browser.contexts()[0];
  if (!context) throw new Error('Chromium has no default context');
  // The about:blank tab Chromium starts with stays (closing the last tab may end a headless
  // browser); it belongs to no BrowserWindow, so it gets no preload and no app:// content.
  return { browser, context, endpoint, kill };
}
