import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mainWindowWebPreferences } from '../../../electron/webPreferences';

describe('main window webPreferences', () => {
  it('has no DevTools in the installed app, and keeps them in development', () => {
    expect(mainWindowWebPreferences('dist/electron/preload.cjs', true).devTools).toBe(false);
    expect(mainWindowWebPreferences('dist/electron/preload.cjs', false).devTools).toBe(true);
  });

  it('is isolated and sandboxed either way, with an absolute preload path', () => {
    for (const packaged of [true, false]) {
      expect(mainWindowWebPreferences('dist/electron/preload.cjs', packaged)).toMatchObject({
        preload: path.resolve('dist/electron/preload.cjs'),
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
      });
    }
  });
});
