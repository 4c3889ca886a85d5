/**
 * The main window's webPreferences, a pure function of where the app runs, so the settings the
 * security model rests on are unit-tested without Electron.
 */
import path from 'node:path';
import type { WebPreferences } from 'electron';

export function mainWindowWebPreferences(preloadPath: string, packaged: boolean): WebPreferences {
  return {
    preload: path.resolve(preloadPath),
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    // An installed app has no use for DevTools, and open ones let anyone at the keyboard run code
    // with the page's IPC bridge. Development builds keep them.
    devTools: !packaged,
  };
}
