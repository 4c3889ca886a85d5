import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { API_CHANNELS, API_EVENT_METHODS } from '../../shared/ipc/contract';
import { _electron as electron } from 'playwright-core';

// The real Electron app, driven by Playwright. Electron's binary is fetched from outside the npm
// registry at first launch, so on machines without it this suite is skipped — it never pretends.
function electronBinary(): string | null {
  const dir = path.resolve('node_modules/electron');
  const pathFile = path.join(dir, 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const bin = path.join(dir, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(bin) ? bin : null;
}
const binary = electronBinary();
const reason = 'needs the Electron binary, which cannot be downloaded on this machine (the browser-host suites cover the same renderer and services)';

describe.skipIf(!binary)(`Electron app (${binary ? 'binary present' : reason})`, () => {
  it('opens a locked-down window on app://ledgerline with the preload API and nothing else', async () => {
    const app = await electron.launch({
      executablePath: binary ?? '',
      args: ['.'],
      env: { ...process.env, LEDGERLINE_KEYCHAIN_SERVICE: `ledgerline-electron-test-${Date.now()}` },
    });
    try {
      const win = await app.firstWindow();
      expect(win.url()).toMatch(/^app:\/\/ledgerline\//);
      const exposed = await win.evaluate(() => ({
        api: Object.keys((window as unknown as { ledgerline: object }).ledgerline).sort(),
        node: typeof (window as unknown as { require?: unknown }).require,
        process: typeof (window as unknown as { process?: unknown }).process,
      }));
      expect(exposed).toEqual({
        // Every method of the contract and nothing else (no ipcRenderer, no generic invoke).
        api: [...Object.keys(API_CHANNELS), ...API_EVENT_METHODS].sort(),
        node: 'undefined',
        process: 'undefined',
      });
      const prefs = await app.evaluate(({ BrowserWindow }) => {
        const w = BrowserWindow.getAllWindows()[0];
        // Undocumented but long-standing: the preferences the window was really created with.
        type Prefs = { contextIsolation?: boolean; sandbox?: boolean; nodeIntegration?: boolean; webSecurity?: boolean };
        const p = (w?.webContents as unknown as { getLastWebPreferences?: () => Prefs } | undefined)?.getLastWebPreferences?.();
        return { contextIsolation: p?.contextIsolation, sandbox: p?.sandbox, nodeIntegration: p?.nodeIntegration, webSecurity: p?.webSecurity };
      });
      expect(prefs).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
      await win.getByTestId('tx-row').first().waitFor({ timeout: 60_000 });
    } finally {
      await app.close();
    }
  });
});
