/**
 * One Ledgerline per user: a second launch hands over to the first (which comes to the front) and
 * quits before anything of its own starts — no services, no second demo bank, no second writer of
 * the data folder. Electron's `app` and windows are injected, so this is tested without Electron.
 */

/** The part of Electron's `app` this needs. */
export interface LockingApp {
  requestSingleInstanceLock(): boolean;
  quit(): void;
  on(event: 'second-instance', listener: () => void): unknown;
}

/** The part of a BrowserWindow that bringing it to the front needs. */
export interface FrontableWindow {
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
}

/**
 * Runs `start` only in the instance that holds the lock; in any other it quits and returns false
 * without calling `start`. The first instance calls `onSecondInstance` each time another is launched.
 */
export function runAsSingleInstance(app: LockingApp, start: () => void, onSecondInstance: () => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', onSecondInstance);
  start();
  return true;
}

/**
 * The first instance's answer to a second launch: its window restored (if minimized), shown (if
 * hidden) and focused; or, once the app is ready and no window is left (macOS keeps running with
 * none), a new window. `createWindow` is null until the app can make one.
 */
export function bringToFront(window: FrontableWindow | null, createWindow: (() => void) | null): void {
  if (window && !window.isDestroyed()) {
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
    return;
  }
  createWindow?.();
}
