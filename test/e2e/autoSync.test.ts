import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { startPlaidBank, type PlaidBank } from '../../electron/demo-banks/plaid/plaidBank';
import { startMoneykitBank, type MoneykitBank } from '../../electron/demo-banks/moneykit/moneykitBank';
import { startSnaptradeBank, type SnaptradeBank } from '../../electron/demo-banks/snaptrade/snaptradeBank';
import type { ConnectionRow, SyncRunRow } from '../../renderer/src/db/schema';
import type { ConnectionInfo, Provider } from '../../shared/types';
import { stopAll } from './support/app';
import { hasChromium, launchBrowser, screenshotPath } from './support/browser';
import { startHost, type HostProcess } from './support/host';
import { readStore } from './support/idb';

// Keeping in sync on its own, for real: three demo banks over HTTP → browser host → the built
// renderer in Chromium, with the page's clock under Playwright's control (installed before the
// app loads) so hours pass in seconds. The page's clock runs ahead of main's real one: the app
// counts a sync this window applied (IndexedDB, page time) as well as main's lastSuccessAt, which
// is what makes "synced a minute ago" observable here.
// Not covered here, because they need Electron itself (its binary cannot be downloaded on this
// machine): the native notification, the dock/tray badge, the menu accelerator and powerMonitor's
// resume event — their logic is unit-tested with the Electron parts injected
// (test/unit/electron/services/desktopNotify.test.ts).
const MIN = 60_000;
const HOUR = 60 * MIN;
const clientId = 'ledgerline-autosync';
const secret = 'auto-sync-secret-2718';
let plaid: PlaidBank;
let moneykit: MoneykitBank;
let snaptrade: SnaptradeBank;
let host: HostProcess;
let context: BrowserContext;
let page: Page;
const cspErrors: string[] = [];

interface Recorded { title: string; body: string }
const notifications = () => page.evaluate(() => (window as unknown as { __notifications: Recorded[] }).__notifications);

const runs = () => readStore<SyncRunRow>(page, 'syncRuns');
async function connectionId(provider: Provider): Promise<string> {
  const rows = await readStore<ConnectionRow>(page, 'connections');
  const row = rows.find((c) => c.provider === provider);
  if (!row) throw new Error(`no ${provider} connection`);
  return row.id;
}
/** Main's registry: the status main keeps (its clock is the real one). */
function mainStatus(id: string): ConnectionInfo['status'] {
  const file = JSON.parse(fs.readFileSync(path.join(host.dataDir, 'connections.json'), 'utf8')) as { connections: ConnectionInfo[] };
  const c = file.connections.find((x) => x.id === id);
  if (!c) throw new Error(`main does not list ${id}`);
  return c.status;
}
/** One connection's runs (of one trigger), oldest first. */
const runsOf = async (id: string, trigger?: string) => (await runs())
  .filter((r) => r.connectionId === id && (!trigger || r.trigger === trigger))
  .sort((a, b) => a.finishedAt.localeCompare(b.finishedAt));
const idle = async () => {
  await expect.poll(() => page.getByTestId('refresh-now').isDisabled(), { timeout: 60_000 }).toBe(false);
};

describe.skipIf(!hasChromium)('keeping in sync on its own (Chromium, page clock)', () => {
  beforeAll(async () => {
    plaid = await startPlaidBank({ seed: 2718, clientId, secret, tickIntervalMs: null, profile: { historyDays: 30 } });
    moneykit = await startMoneykitBank({ seed: 2718, clientId, clientSecret: secret, profile: { historyDays: 30 }, refreshWindowMs: 60 * MIN });
    snaptrade = await startSnaptradeBank({ seed: 2718, clientId, consumerKey: secret, dailySync: false, profile: { historyDays: 60 } });
    host = await startHost({
      plaidUrl: plaid.plaidUrl, moneykitUrl: moneykit.url, snaptradeUrl: snaptrade.url, clientId, secret,
      providers: ['plaid', 'moneykit', 'snaptrade'],
    });
    ({ context } = await launchBrowser());
    const origin = new URL(host.url).origin;
    await context.grantPermissions(['notifications'], { origin });
    page = await context.newPage();
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
    });
    // Record every web notification the page creates (the browser host's client uses the web API).
    await page.addInitScript(() => {
      const w = window as unknown as { __notifications: { title: string; body: string }[] };
      w.__notifications = [];
      const Real = window.Notification;
      class Recording extends Real {
        constructor(title: string, options?: NotificationOptions) {
          w.__notifications.push({ title, body: options?.body ?? '' });
          super(title, options);
        }
      }
      window.Notification = Recording;
    });
    await page.clock.install({ time: Date.now() });
    await page.goto(host.url);
  });
  afterAll(() => stopAll(context, host, plaid, moneykit, snaptrade));

  it('after 4 hours a timer sync runs for Plaid and MoneyKit; SnapTrade keeps to once a day', async () => {
    await expect.poll(
      () => page.getByTestId('connection-status').evaluateAll((els) => els.map((e) => e.getAttribute('data-state'))),
      { timeout: 60_000 },
    ).toEqual(['ok', 'ok', 'ok']);
    await idle();
    const [p, m, s] = [await connectionId('plaid'), await connectionId('moneykit'), await connectionId('snaptrade')];
    const plaidSuccessBefore = mainStatus(p).lastSuccessAt;
    expect(plaidSuccessBefore).not.toBeNull();
    expect(await runsOf(p, 'timer')).toEqual([]);

    // Three hours: nothing is due yet.
    await page.clock.runFor(3 * HOUR);
    await idle();
    expect((await runs()).filter((r) => r.trigger === 'timer')).toEqual([]);

    // Past four hours since the launch sync: the minute tick finds Plaid and MoneyKit due.
    await page.clock.runFor(HOUR + MIN);
    await expect.poll(async () => (await runsOf(p, 'timer')).length, { timeout: 60_000 }).toBe(1);
    await expect.poll(async () => (await runsOf(m, 'timer')).length, { timeout: 60_000 }).toBe(1);
    await idle();
    expect(await runsOf(s, 'timer')).toEqual([]);
    await expect.poll(() => mainStatus(p).lastSuccessAt).not.toBe(plaidSuccessBefore);
    expect(mainStatus(p).state).toBe('ok');
  });

  it('Ctrl+R is Refresh now: a manual sync, and the page is not reloaded', async () => {
    const m = await connectionId('moneykit');
    const p = await connectionId('plaid');
    // Twenty minutes on, so that Plaid's last sync (the timer's) is no longer recent.
    await page.clock.runFor(20 * MIN);
    await idle();
    // Plaid's bank is down for this refresh: only MoneyKit and SnapTrade get a fresh sync now.
    plaid.setFaults(plaid.items()[0]?.item_id ?? '', { serverError: 100 });
    await page.evaluate(() => {
      const w = window as unknown as { __notReloaded: boolean; __prevented: boolean[] };
      w.__notReloaded = true;
      w.__prevented = [];
      // Added after the app's listener, so it sees what the app did with the key.
      window.addEventListener('keydown', (e) => {
        if (e.key.toLowerCase() === 'r') w.__prevented.push(e.defaultPrevented);
      });
    });
    try {
      const manualBefore = (await runsOf(m, 'manual')).length;
      await page.locator('body').click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('Control+r');
      await expect.poll(async () => (await runsOf(m, 'manual')).length, { timeout: 60_000 }).toBe(manualBefore + 1);
      await idle();
      expect(await page.evaluate(() => (window as unknown as { __notReloaded?: boolean }).__notReloaded)).toBe(true);
      expect(await page.evaluate(() => (window as unknown as { __prevented: boolean[] }).__prevented)).toEqual([true]);
      expect(await runsOf(p, 'manual')).toEqual([]);
      expect(mainStatus(p).state).toBe('error');
    } finally {
      plaid.setFaults(plaid.items()[0]?.item_id ?? '', {});
    }
  });

  it('when the network comes back, it syncs what was not synced recently and skips what was', async () => {
    const [p, m, s] = [await connectionId('plaid'), await connectionId('moneykit'), await connectionId('snaptrade')];
    const before = { m: (await runsOf(m)).length, s: (await runsOf(s)).length, p: (await runsOf(p, 'resume')).length };
    await context.setOffline(true);
    await page.clock.runFor(MIN);
    await idle();
    // The minute tick alone syncs nothing (Plaid's 21 minutes are well inside the 4-hour interval).
    expect((await runsOf(p, 'resume')).length).toBe(before.p);
    await context.setOffline(false);
    // Plaid last synced 20 minutes ago (its refresh just failed): synced now. MoneyKit synced a
    // minute ago: skipped. SnapTrade: at most daily.
    await expect.poll(async () => (await runsOf(p, 'resume')).length, { timeout: 60_000 }).toBe(before.p + 1);
    await idle();
    expect((await runsOf(m)).length).toBe(before.m);
    expect((await runsOf(s)).length).toBe(before.s);
    expect(mainStatus(p).state).toBe('ok');
  });

  it('waking from sleep (the minute tick arrives half an hour late) syncs; no notification while the toggle is off', async () => {
    const p = await connectionId('plaid');
    const m = await connectionId('moneykit');
    plaid.advance(plaid.items()[0]?.item_id ?? '', 2);
    const before = { p: (await runsOf(p, 'resume')).length, m: (await runsOf(m)).length };
    await page.clock.fastForward(30 * MIN);
    await expect.poll(async () => (await runsOf(p, 'resume')).length, { timeout: 60_000 }).toBe(before.p + 1);
    await idle();
    // MoneyKit last synced 31 minutes ago: past the recent window, inside its hourly floor.
    expect((await runsOf(m)).length).toBe(before.m);
    const run = (await runsOf(p, 'resume')).at(-1);
    expect((run?.added ?? 0) + (run?.posted ?? 0)).toBeGreaterThan(0);
    expect(await notifications()).toEqual([]);
  });

  it('with the toggle on, a background sync with new activity gives exactly one notification with the right count', async () => {
    await page.getByTestId('tab-settings').click();
    const toggle = page.getByTestId('notify-switch');
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('false');
    await expect.poll(() => page.getByTestId('auto-sync-interval').inputValue()).toBe(String(4 * HOUR));
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('true');
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.getByTestId('background-sync').scrollIntoViewIfNeeded();
      await page.getByTestId('background-sync').screenshot({ path: screenshotPath(`e2e-background-sync-${scheme}`) });
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.getByTestId('tab-transactions').click();

    const p = await connectionId('plaid');
    plaid.advance(plaid.items()[0]?.item_id ?? '', 3);
    const before = (await runsOf(p, 'resume')).length;
    await page.clock.fastForward(30 * MIN);
    await expect.poll(async () => (await runsOf(p, 'resume')).length, { timeout: 60_000 }).toBe(before + 1);
    await idle();
    await expect.poll(async () => (await notifications()).length, { timeout: 30_000 }).toBe(1);
    const run = (await runsOf(p, 'resume')).at(-1);
    const added = run?.added ?? 0;
    const posted = run?.posted ?? 0;
    const [shown] = await notifications();
    expect(shown?.title).toBe(added > 0
      ? `${added} new transaction${added === 1 ? '' : 's'}${posted > 0 ? ` · ${posted} posted` : ''}`
      : `${posted} transaction${posted === 1 ? '' : 's'} posted`);
    expect(shown?.body).toMatch(/^First Platypus Bank: /);
    expect(shown?.body).not.toMatch(/\d{8,}/);
    // A Refresh now with more activity is the user's own action: no second notification.
    plaid.advance(plaid.items()[0]?.item_id ?? '', 1);
    await page.keyboard.press('Control+r');
    await expect.poll(async () => (await runsOf(p, 'manual')).length, { timeout: 60_000 }).toBe(1);
    await idle();
    expect(await notifications()).toHaveLength(1);
  });

  it('the tab title carries the unread-changes count, and clears once Changes is seen', async () => {
    const badge = page.getByTestId('unread-changes');
    await badge.waitFor();
    const unread = Number((await badge.innerText()).replace(/\D/g, ''));
    expect(unread).toBeGreaterThan(0);
    await expect.poll(() => page.title()).toBe(`(${unread}) Ledgerline`);
    await page.getByTestId('tab-changes').click();
    await expect.poll(() => page.title()).toBe('Ledgerline');
    expect(cspErrors).toEqual([]);
  });
});
