import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { startPlaidBank, type PlaidBank } from '../../electron/demo-banks/plaid/plaidBank';
import { startMoneykitBank, type MoneykitBank } from '../../electron/demo-banks/moneykit/moneykitBank';
import { startSnaptradeBank, type SnaptradeBank } from '../../electron/demo-banks/snaptrade/snaptradeBank';
import { openApp, stopAll } from './support/app';
import { hasChromium, screenshotPath } from './support/browser';
import { startHost, type HostProcess } from './support/host';
import { readStore } from './support/idb';
import type { SyncRunRow, TransactionRow } from '../../renderer/src/db/schema';

// Plaid, MoneyKit and SnapTrade side by side, each through its own demo bank over real HTTP.
const clientId = 'ledgerline-three';
const secret = 'three-providers-secret-1618';
let plaid: PlaidBank;
let moneykit: MoneykitBank;
let snaptrade: SnaptradeBank;
let host: HostProcess;
let context: BrowserContext;
let page: Page;

const ids = () => ({
  item: plaid.items()[0]?.item_id ?? '',
  link: moneykit.links()[0]?.link_id ?? '',
  auth: snaptrade.authorizations()[0]?.id ?? '',
});
/** The bank's live transaction ids, scoped as Ledgerline stores them. */
function truthIds(): Set<string> {
  const { item, link, auth } = ids();
  return new Set([
    ...plaid.truth(item).transactions.map((t) => `plaid:${t.transaction_id}`),
    ...moneykit.truth(link).transactions.map((t) => `moneykit:${t.transaction_id}`),
    ...Object.values(snaptrade.truth(auth).activities).flat().map((a) => `snaptrade:${a.id}`),
  ]);
}
async function liveIds(): Promise<Set<string>> {
  return new Set((await readStore<TransactionRow>(page, 'transactions')).filter((t) => t.removedAt === null).map((t) => t.id));
}
const states = () => page.getByTestId('connection-status').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')));
async function refresh() {
  await page.getByTestId('refresh-now').click();
  await expect.poll(() => page.getByTestId('refresh-now').isDisabled(), { timeout: 60_000 }).toBe(false);
}
const sorted = (s: Set<string>) => [...s].sort();

describe.skipIf(!hasChromium)('three providers in one app', () => {
  beforeAll(async () => {
    plaid = await startPlaidBank({ seed: 1618, clientId, secret, tickIntervalMs: null, profile: { historyDays: 90 } });
    moneykit = await startMoneykitBank({ seed: 1618, clientId, clientSecret: secret, profile: { historyDays: 90 }, refreshWindowMs: 10 * 60_000 });
    snaptrade = await startSnaptradeBank({ seed: 1618, clientId, consumerKey: secret, dailySync: false, profile: { historyDays: 120 } });
    host = await startHost({
      plaidUrl: plaid.plaidUrl, moneykitUrl: moneykit.url, snaptradeUrl: snaptrade.url, clientId, secret,
      providers: ['plaid', 'moneykit', 'snaptrade'],
    });
    ({ context, page } = await openApp(host.url));
  });
  afterAll(() => stopAll(context, host, plaid, moneykit, snaptrade));

  it('shows every provider\'s accounts and stores exactly each bank\'s transactions', async () => {
    await expect.poll(states, { timeout: 60_000 }).toEqual(['ok', 'ok', 'ok']);
    const names = await page.locator('.connection__name').allInnerTexts();
    expect(names).toEqual(expect.arrayContaining(['First Platypus Bank', 'Acorn Credit Union', 'Demo Brokerage']));
    const { auth } = ids();
    expect(await page.getByTestId('account-row').count()).toBe(3 + 3 + snaptrade.truth(auth).accounts.length);
    expect(sorted(await liveIds())).toEqual(sorted(truthIds()));
    await page.screenshot({ path: screenshotPath('e2e-three-providers') });
  });

  it('Refresh now updates each provider\'s data and records a Changes entry for each', async () => {
    const { item, link, auth } = ids();
    plaid.advance(item, 1);
    moneykit.advance(link, 1);
    snaptrade.advance(auth, 1);
    const runsBefore = new Set((await readStore<SyncRunRow>(page, 'syncRuns')).map((r) => r.id));
    await refresh();
    await expect.poll(states, { timeout: 60_000 }).toEqual(['ok', 'ok', 'ok']);
    expect(sorted(await liveIds())).toEqual(sorted(truthIds()));
    // Runs are keyed by their pull's UUID, so "new" means "not there before", not "later in the store".
    const runs = (await readStore<SyncRunRow>(page, 'syncRuns')).filter((r) => !runsBefore.has(r.id));
    const changed = new Set(runs.filter((r) => r.added + r.modified + r.removed + r.posted > 0).map((r) => r.connectionId));
    expect(runs.every((r) => r.trigger === 'manual'), JSON.stringify(runs)).toBe(true);
    expect(changed.size, JSON.stringify(runs)).toBe(3);
    await page.getByRole('tab', { name: /Changes/ }).click();
    for (const name of ['First Platypus Bank', 'Acorn Credit Union', 'Demo Brokerage']) {
      await expect.poll(() => page.getByText(name).count()).toBeGreaterThan(0);
    }
    await page.screenshot({ path: screenshotPath('e2e-three-providers-changes') });
    await page.getByRole('tab', { name: /Transactions/ }).click();
  });

  it('an expired MoneyKit link and a disabled SnapTrade connection each show their state, and recover', async () => {
    const { link, auth } = ids();
    moneykit.setFaults(link, { authExpired: true });
    snaptrade.setFaults(auth, { disabled: true });
    const before = sorted(await liveIds());
    await refresh();
    await expect.poll(states, { timeout: 60_000 }).toEqual(['ok', 'needs_reauth', 'needs_reauth']);
    const texts = await page.getByTestId('connection-status').allInnerTexts();
    expect(texts[1]).toMatch(/Needs re-authentication/);
    expect(texts[2]).toMatch(/Needs re-authentication/);
    await page.screenshot({ path: screenshotPath('e2e-three-providers-reauth') });
    expect(sorted(await liveIds()).filter((id) => !id.startsWith('plaid:'))).toEqual(before.filter((id) => !id.startsWith('plaid:')));
    moneykit.setFaults(link, {});
    snaptrade.setFaults(auth, { disabled: false });
    await refresh();
    await expect.poll(states, { timeout: 60_000 }).toEqual(['ok', 'ok', 'ok']);
    expect(sorted(await liveIds())).toEqual(sorted(truthIds()));
    // MoneyKit allows one refresh per window: a second Refresh now inside it says when the next is possible, without failing.
    await expect.poll(() => page.getByTestId('refresh-limit').count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByTestId('refresh-limit').innerText()).toMatch(/refresh available at \d{1,2}:\d{2}/);
    await page.screenshot({ path: screenshotPath('e2e-three-providers-refresh-limit') });
  });
});
