/** The main window, locked down: isolated, sandboxed, no navigation, no popups, no permissions. */
import { BrowserWindow, session, shell } from 'electron';
import { allowNavigation, APP_ENTRY_URL } from './ipc/appUrl';
import { mainWindowWebPreferences } from './webPreferences';
import type { Placement, Size } from './windowState';

export const DEFAULT_WINDOW_SIZE: Size = { width: 1280, height: 820 };
export const MIN_WINDOW_SIZE: Size = { width: 880, height: 560 };

/** https links the app may open in the system browser; everything else is dropped. */
const EXTERNAL_ALLOW = [/^https:\/\/(www\.)?plaid\.com\//, /^https:\/\/(docs\.)?moneykit\.com\//, /^https:\/\/(www\.|docs\.)?snaptrade\.com\//];

export function openExternalIfAllowed(url: string): void {
  if (EXTERNAL_ALLOW.some((re) => re.test(url))) void shell.openExternal(url);
}

/**
 * A provider's sign-in page (linking an account) in the system browser: https anywhere, or the
 * local demo bank on loopback. Anything else is refused.
 */
export async function openSignInPage(url: string): Promise<boolean> {
  const u = new URL(url);
  const loopback = u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === 'localhost');
  if (u.protocol !== 'https:' && !loopback) return false;
  await shell.openExternal(u.toString());
  return true;
}

export function lockDownSession(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  // Exports are saved through main's save dialog (export:save); a page-initiated download never runs.
  session.defaultSession.on('will-download', (event) => event.preventDefault());
}

/**
 * `packaged`: main's `app.isPackaged` (an installed app gets no DevTools). `placement`: where the
 * window was last (electron/windowState.ts); the default size, centred, without one.
 */
export function createMainWindow(preloadPath: string, packaged: boolean, placement: Placement = { bounds: DEFAULT_WINDOW_SIZE, maximized: false }): BrowserWindow {
  const win = new BrowserWindow({
    ...placement.bounds,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    title: 'Ledgerline',
    backgroundColor: '#0f1115',
    show: false,
    webPreferences: mainWindowWebPreferences(preloadPath, packaged),
  });
  win.once('ready-to-show', () => {
    if (placement.maximized) win.maximize();
    win.show();
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    openExternalIfAllowed(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event, url) => {
    if (!allowNavigation(url)) event.preventDefault();
    openExternalIfAllowed(url);
  });
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  void win.loadURL(APP_ENTRY_URL);
  return win;
}
