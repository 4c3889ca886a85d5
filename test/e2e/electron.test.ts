import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { _electron as electron, type Page } from 'playwright-core';
import { API_METHOD_NAMES } from '../../shared/ipc/channels';
import type { BridgeApi } from '../../shared/ipc/contract';
import { startPlaidBank, type PlaidBank } from '../../electron/demo-banks/plaid/plaidBank';
import { mapPlaidTransaction } from '../../electron/providers/plaid/mapPlaid';
import { PlaidTransactionSchema } from '../../electron/providers/plaid/plaidSchemas';
import type { TransactionRow } from '../../renderer/src/db/schema';
import { ARGS, CHROMIUM, hasChromium } from './support/browser';
import { tempDir } from './support/host';
import { readStore } from './support/idb';
import { ElectronDoubleApp, type ElectronAppLike } from '../support/electronDouble/launch';

// The desktop app's walking skeleton — launch → sync on launch against the demo bank → rows →
// Refresh now → Changes — with the BUILT main process and preload. Where Electron's binary exists
// it runs in real Electron (Playwright's `_electron`); elsewhere on the Electron double
// (test/support/electronDouble: main unchanged in Node, each window a real Chromium page, app://
// served by main's own protocol handler, IPC through main's own ipcMain handlers and sender check).
// LEDGERLINE_E2E_ELECTRON=real|double picks one explicitly.
function electronBinary(): string | null {
  const dir = path.resolve('node_modules/electron');
  const pathFile = path.join(dir, 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const bin = path.join(dir, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(bin) ? bin : null;
}
const binary = electronBinary();
const mode = process.env.LEDGERLINE_E2E_ELECTRON === 'double' || process.env.LEDGERLINE_E2E_ELECTRON === 'real'
  ? process.env.LEDGERLINE_E2E_ELECTRON
  : binary ? 'real' : 'double';
const runnable = mode === 'real' ? binary !== null : hasChromium;
const title = mode === 'real'
  ? `Electron app in real Electron${binary ? '' : ' (needs the Electron binary, which cannot be downloaded on this machine)'}`
  : `Electron app on the Electron double${hasChromium ? '' : ' (needs Chromium)'}`;

const clientId = 'ledgerline-electron-e2e';
const secret = 'electron-e2e-client-secret-41d2';
// The bank's clock: a fixed instant that then moves with elapsed time, never today's date.
const BANK_EPOCH = Date.parse('2026-03-02T15:00:00Z');

let bank: PlaidBank;
let app: ElectronAppLike;
let double: ElectronDoubleApp | null = null;
let page: Page;

async function launch(env: Record<string, string>): Promise<ElectronAppLike> {
  if (mode === 'real') {
    const real = await electron.launch({ executablePath: binary ?? '', args: ['.'], env: { ...process.env, ...env } as Record<string, string> });
    return { firstWindow: () => real.firstWindow(), evaluate: (fn) => real.evaluate(fn), close: () => real.close() };
  }
  double = await ElectronDoubleApp.launch({ env, userData: tempDir('electron-user-data'), chromium: CHROMIUM, chromiumArgs: ARGS });
  return double;
}

async function liveRows(): Promise<TransactionRow[]> {
  return (await readStore<TransactionRow>(page, 'transactions')).filter((t) => t.removedAt === null);
}
/** Same ids, amounts, dates and pending flags as the bank's ledger at this moment. */
async function expectDbEqualsBank(): Promise<void> {
  const [item] = bank.items();
  if (!item) throw new Error('main created no demo item');
  const expected = bank.truth(item.item_id).transactions.map((w) => mapPlaidTransaction(PlaidTransactionSchema.parse(w), 'x'));
  const pick = (t: { id: string; amountMinor: number; date: string; pending: boolean }) => ({ id: t.id, amountMinor: t.amountMinor, date: t.date, pending: t.pending });
  const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
  expect((await liveRows()).map(pick).sort(byId)).toEqual(expected.map(pick).sort(byId));
}
/** The URL main sees for the window's top frame (what the IPC sender check reads). */
function mainFrameUrl(): Promise<string | undefined> {
  return app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.webContents.mainFrame.url);
}

describe.skipIf(!runnable)(title, () => {
  beforeAll(async () => {
    const started = Date.now();
    bank = await startPlaidBank({ seed: 4242, clientId, secret, tickIntervalMs: null, now: () => new Date(BANK_EPOCH + (Date.now() - started)) });
    app = await launch({
      LEDGERLINE_DATA_DIR: tempDir('electron-data'),
      LEDGERLINE_KEYCHAIN_SERVICE: `ledgerline-electron-e2e-${crypto.randomUUID()}`,
      LEDGERLINE_PLAID_URL: bank.plaidUrl,
      LEDGERLINE_DEMO_PROVIDERS: 'plaid',
      LEDGERLINE_DEMO_CLIENT_ID: clientId,
      LEDGERLINE_DEMO_SECRET: secret,
      LEDGERLINE_RETRY_BASE_MS: '20',
    });
    page = await app.firstWindow();
  });
  afterAll(async () => {
    await app?.close();
    await bank?.close();
  });

  it('opens a locked-down window on app://ledgerline with the preload API and nothing else', async () => {
    await expect.poll(mainFrameUrl, { timeout: 30_000 }).toBe('app://ledgerline/index.html');
    await page.waitForFunction(() => 'ledgerline' in window);
    const exposed = await page.evaluate(() => ({
      api: Object.keys((window as unknown as { ledgerline: object }).ledgerline).sort(),
      node: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
    }));
    expect(exposed).toEqual({
      // Every method of the contract and nothing else (no ipcRenderer, no generic invoke).
      api: [...API_METHOD_NAMES].sort(),
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
  });

  it('answers the window\'s own IPC: main trusts its app:// top frame', async () => {
    // A refused sender answers { ok: false, error: { code: 'forbidden', message: 'IPC from an
    // untrusted sender.' } } (the origin bug of issue 13).
    const info = await page.evaluate(() => (window as unknown as { ledgerline: BridgeApi }).ledgerline.appInfo());
    expect(info).toMatchObject({ ok: true, value: { host: 'electron', version: JSON.parse(fs.readFileSync('package.json', 'utf8')).version } });
    if (double) {
      // main's protocol handler got the very URLs Electron would hand it
      const served = double.records.filter((r) => r.what === 'protocol.request').map((r) => (r.detail as { url: string }).url);
      expect(served[0]).toBe('app://ledgerline/index.html');
      expect(served.some((u) => /^app:\/\/ledgerline\/assets\/[\w.-]+\.js$/.test(u))).toBe(true);
      // The boot read's own chunk is the page's first script there too (vite.config.ts bootFirst).
      expect(served.find((u) => u.endsWith('.js'))).toMatch(/^app:\/\/ledgerline\/assets\/boot-[\w-]+\.js$/);
    }
  });

  it('a refused call reaches the page with its code (contextBridge copies only an Error\'s message, so the preload never throws)', async () => {
    const reply = await page.evaluate(() => (window as unknown as { ledgerline: BridgeApi }).ledgerline
      .pull({ connectionId: 'x'.repeat(5000), cursor: null, trigger: 'manual' } as never)
      .catch((e: unknown) => ({ thrown: e instanceof Error ? { message: e.message, code: (e as { code?: unknown }).code ?? null } : String(e) })));
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('syncs on launch: the demo accounts, then exactly the bank\'s transactions', async () => {
    // Every step below crosses main's IPC sender check: a refused sender leaves the window empty.
    await page.getByTestId('account-row').first().waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('account-row').count()).toBe(3);
    await expect.poll(() => page.getByTestId('connection-status').first().getAttribute('data-state'), { timeout: 30_000 }).toBe('ok');
    await page.getByTestId('tx-row').first().waitFor();
    expect(await page.getByTestId('pending-badge').count()).toBeGreaterThan(0);
    await expectDbEqualsBank();
    expect(await readStore(page, 'cursors')).toHaveLength(1);
  });

  it('Refresh now brings new transactions and a posting, and the Changes view shows the run', async () => {
    const before = new Map((await liveRows()).map((t) => [t.id, t]));
    const pendingBefore = [...before.values()].filter((t) => t.pending).map((t) => t.id);
    const runsBefore = (await readStore(page, 'syncRuns')).length;
    await page.getByTestId('refresh-now').click();
    await expect.poll(async () => (await readStore(page, 'syncRuns')).length, { timeout: 30_000 }).toBeGreaterThan(runsBefore);
    await expect.poll(() => page.getByTestId('refresh-now').isDisabled()).toBe(false);
    const after = await liveRows();
    expect(after.filter((t) => !before.has(t.id)).length).toBeGreaterThan(0);
    expect(after.some((t) => t.pendingId !== null && pendingBefore.includes(t.pendingId))).toBe(true);
    await expectDbEqualsBank();

    await page.getByTestId('tab-changes').click();
    const run = page.getByTestId('sync-run').first();
    await run.waitFor();
    await expect.poll(() => run.locator('.run__trigger').innerText()).toBe('Refresh now');
    // The card fills in as the run's changes are read: wait for the posting, do not sample once.
    await expect.poll(() => run.getByTestId('change-posted').count()).toBeGreaterThan(0);
  });

  it('the menu\'s Refresh now reaches the window (main → renderer event) and syncs', async () => {
    const runsBefore = (await readStore(page, 'syncRuns')).length;
    const clicked = await app.evaluate(({ Menu }) => {
      const view = Menu.getApplicationMenu()?.items.find((i) => i.label === 'View');
      const item = view?.submenu?.items.find((i) => i.label === 'Refresh now');
      item?.click();
      return item?.accelerator;
    });
    expect(clicked).toBe('CmdOrCtrl+R');
    await expect.poll(async () => (await readStore(page, 'syncRuns')).length, { timeout: 30_000 }).toBeGreaterThan(runsBefore);
    const runs = await readStore<{ trigger: string; finishedAt: string }>(page, 'syncRuns');
    expect(runs.sort((a, b) => b.finishedAt.localeCompare(a.finishedAt))[0]?.trigger).toBe('manual');
  });

  it('keeps the window on the app: a navigation elsewhere is stopped in will-navigate', async () => {
    await page.evaluate(() => {
      location.href = 'https://evil.example/phish';
    });
    await page.waitForTimeout(1_000);
    expect(await mainFrameUrl()).toBe('app://ledgerline/index.html');
    expect(await page.getByTestId('changes-view').isVisible()).toBe(true); // the app's document, not another page
    if (double) {
      expect(double.records.filter((r) => r.what === 'will-navigate').map((r) => r.detail)).toContainEqual({ url: 'https://evil.example/phish', prevented: true });
    }
  });

  it.skipIf(mode !== 'double')('opens no popup: an allowed https link goes to the system browser, others nowhere', async () => {
    // One popup per user gesture (Chromium's popup blocker), as a user's two clicks would be.
    await page.evaluate(() => void window.open('https://plaid.com/docs/'));
    await page.evaluate(() => void window.open('https://evil.example/'));
    await expect.poll(() => double?.records.filter((r) => r.what === 'window-open').length, { timeout: 10_000 }).toBe(2);
    expect(double?.records.filter((r) => r.what === 'window-open').map((r) => r.detail)).toEqual([
      { url: 'https://plaid.com/docs/', decision: 'deny' },
      { url: 'https://evil.example/', decision: 'deny' },
    ]);
    const opened = double?.records.filter((r) => r.what === 'shell.openExternal').map((r) => r.detail);
    expect(opened).toContainEqual({ url: 'https://plaid.com/docs/' });
    expect(opened).not.toContainEqual({ url: 'https://evil.example/' });
  });
});
