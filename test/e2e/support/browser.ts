/** Debian's Chromium, driven by playwright-core. Never downloads a browser. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { installShiftedDate, joinedShift, machineNow, shiftOf } from '../../support/clock/calendar.mjs';
import { tempDir } from './host';

export const CHROMIUM = process.env.LEDGERLINE_CHROMIUM ?? '/usr/bin/chromium';
export const hasChromium = fs.existsSync(CHROMIUM);

/** Chromium's flags for every e2e browser, the Electron double's included. */
export const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic',
];

/** The zone this test runs in (TZ), for the browser: the renderer shows dates in the user's zone. */
export const TEST_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * Pages (and their reloads) of this context run on the test's timeline: the same shifted clock as
 * the test process and the host (test/support/clock/calendar.mjs). Web Workers keep the machine's
 * clock; none of ours reads the time. The browser's own clock is read once first: under a clock
 * faker it is not this process's (calendar.mjs, joinedShift).
 */
export async function pinPageClock(context: BrowserContext): Promise<void> {
  const offset = shiftOf();
  if (offset === 0) return;
  const probe = await context.newPage();
  try {
    const before = machineNow();
    const browserNow = await probe.evaluate(() => Date.now());
    const spawnerNow = (before + machineNow()) / 2;
    await context.addInitScript(installShiftedDate, joinedShift(offset, spawnerNow, browserNow));
  } finally {
    await probe.close();
  }
}

/** A persistent profile, so IndexedDB survives a browser restart like it does for a user. */
export async function launchBrowser(profileDir = tempDir('profile')): Promise<{ context: BrowserContext; profileDir: string }> {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM, args: ARGS, headless: true, viewport: { width: 1280, height: 800 }, timezoneId: TEST_ZONE,
  });
  await pinPageClock(context);
  return { context, profileDir };
}

export function screenshotPath(name: string): string {
  fs.mkdirSync('test-results', { recursive: true });
  return `test-results/${name}.png`;
}

/**
 * A screenshot in both color schemes (`<name>-light.png`, `<name>-dark.png`); after each switch,
 * the buttons' 120 ms color transition settles first. Leaves the page in the light scheme.
 */
export async function screenshotsBothSchemes(page: Page, name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForTimeout(300);
    await page.screenshot({ path: screenshotPath(`${name}-${scheme}`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.waitForTimeout(300);
}

/**
 * Chromium as a plain child process, reached over CDP, so a test can SIGKILL the real browser at
 * any moment (as a crash or power loss would) and start it again on the same profile.
 */
export async function spawnChromium(profileDir: string): Promise<{ browser: Browser; kill(): Promise<void> }> {
  const child = spawn(CHROMIUM, [...ARGS, '--remote-debugging-port=0', `--user-data-dir=${profileDir}`, 'about:blank'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true, // its own process group: the kill takes every Chromium process with it
  });
  const endpoint = await new Promise<string>((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`Chromium did not start:\n${err}`)), 20_000);
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
  const browser = await chromium.connectOverCDP(endpoint);
  // Its zone comes from TZ in the environment it inherited; its pages join the test's timeline.
  for (const context of browser.contexts()) await pinPageClock(context);
  return {
    browser,
    kill: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      try {
        process.kill(-(child.pid ?? 0), 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }),
  };
}
