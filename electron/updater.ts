/**
 * Updates of the installed app, from the GitHub releases the release workflow publishes
 * (`publish:` in electron-builder.yml; electron-updater reads the feed from the packaged
 * app-update.yml). Rules:
 * - off in development (`!app.isPackaged`: there is no feed, and nothing to replace) and when
 *   `LEDGERLINE_UPDATES=off`;
 * - checked at start and every 4 hours; an available update downloads in the background;
 * - a downloaded update is announced to the window ("Restart to update"); the app restarts into it
 *   only when the user clicks (`install()`, from `app:installUpdate`) — never on its own;
 * - electron-updater's `autoInstallOnAppQuit` stays on: a downloaded update the user did not
 *   restart for is installed when they quit Ledgerline themselves, so the next launch is current.
 *   That install does not start the app again (a silent install on quit never relaunches).
 * Electron-free: `autoUpdater` is injected (a structural fake in the tests).
 */

/** The part of electron-updater's `autoUpdater` this uses. */
export interface UpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  on(event: 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
}

export interface UpdatePolicy {
  enabled: boolean;
  /** Why, in one line, for the log. */
  reason: string;
}

/** Whether this process checks for updates at all. */
export function updatePolicy(opts: { isPackaged: boolean; env: Record<string, string | undefined> }): UpdatePolicy {
  if (!opts.isPackaged) return { enabled: false, reason: 'updates are off in development (not a packaged app)' };
  const setting = opts.env.LEDGERLINE_UPDATES?.trim().toLowerCase();
  if (setting === 'off' || setting === '0' || setting === 'false') return { enabled: false, reason: 'updates are off (LEDGERLINE_UPDATES=off)' };
  return { enabled: true, reason: 'updates on: checked at start and every 4 hours' };
}

export const UPDATE_CHECK_INTERVAL_MS = 4 * 60 * 60 * 1000;

export interface IntervalTimers {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}
const realTimers: IntervalTimers = {
  setInterval: (fn, ms) => {
    const t = setInterval(fn, ms);
    t.unref?.(); // never keeps the process alive on its own
    return t;
  },
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
};

export interface UpdateController {
  start(): void;
  /** The downloaded version waiting for "Restart to update", or null. */
  readyVersion(): string | null;
  /** The user's click: quit, install, start again. Does nothing without a downloaded update. */
  install(): { installing: boolean };
  stop(): void;
}

export function createUpdateController(deps: {
  updater: UpdaterLike;
  policy: UpdatePolicy;
  /** Tell the window (`app:updateReady`). */
  onReady(version: string): void;
  log: { info(message: string): void; warn(message: string): void };
  timers?: IntervalTimers;
  intervalMs?: number;
}): UpdateController {
  const timers = deps.timers ?? realTimers;
  let ready: string | null = null;
  let checking = false;
  let installing = false;
  let interval: unknown = null;

  const check = () => {
    // One check at a time; none once an update waits (it would only download the same one again).
    if (checking || ready !== null) return;
    checking = true;
    // A failed check (offline, GitHub down, rate-limited) is also emitted as 'error', which logs
    // it; the next check tries again and the user is not bothered.
    const done = () => void (checking = false);
    deps.updater.checkForUpdates().then(done, done);
  };

  return {
    start() {
      deps.log.info(deps.policy.reason);
      if (!deps.policy.enabled || interval !== null) return;
      deps.updater.autoDownload = true;
      deps.updater.autoInstallOnAppQuit = true;
      deps.updater.on('update-downloaded', (info) => {
        ready = info.version;
        deps.log.info(`update ${info.version} downloaded; waiting for "Restart to update"`);
        deps.onReady(info.version);
      });
      // Every failure, of a check or of a background download, arrives here; without a listener
      // an 'error' event would throw in main.
      deps.updater.on('error', (err) => deps.log.warn(`update failed: ${err?.message ?? String(err)}`));
      check();
      interval = timers.setInterval(check, deps.intervalMs ?? UPDATE_CHECK_INTERVAL_MS);
    },
    readyVersion: () => ready,
    install() {
      if (ready === null) return { installing: false };
      if (!installing) {
        installing = true;
        deps.log.info(`restarting to install ${ready} (the user asked)`);
        // Silent installer (no wizard: the user already chose), then start the new version.
        deps.updater.quitAndInstall(true, true);
      }
      return { installing: true };
    },
    stop() {
      if (interval !== null) timers.clearInterval(interval);
      interval = null;
    },
  };
}
