import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { startPlaidBank, type PlaidBank } from '../../electron/demo-banks/plaid/plaidBank';
import { startSnaptradeBank, type SnaptradeBank } from '../../electron/demo-banks/snaptrade/snaptradeBank';
import type { TransactionRow } from '../../renderer/src/db/schema';
import { openApp, stopAll } from './support/app';
import { hasChromium, screenshotPath } from './support/browser';
import { startHost, type HostProcess } from './support/host';
import { readStore } from './support/idb';

// Issue 14 items 1 and 3 in the real renderer (Chromium's IndexedDB and Intl): a SnapTrade crypto
// activity (`currency` null, counted in BTC) is stored in satoshis and listed as "-0.0123 BTC".
const clientId = 'ledgerline-crypto';
const secret = 'crypto-money-secret-0123';
let plaid: PlaidBank;
let snaptrade: SnaptradeBank;
let host: HostProcess;
let context: BrowserContext;
let page: Page;

describe.skipIf(!hasChromium)('crypto money in the app', () => {
  beforeAll(async () => {
    plaid = await startPlaidBank({ seed: 14, clientId, secret, tickIntervalMs: null, profile: { historyDays: 30 } });
    snaptrade = await startSnaptradeBank({ seed: 14, clientId, consumerKey: secret, dailySync: false, profile: { historyDays: 30 } });
    host = await startHost({ plaidUrl: plaid.plaidUrl, snaptradeUrl: snaptrade.url, clientId, secret, providers: ['snaptrade'] });
    ({ context, page } = await openApp(host.url));
  });
  afterAll(() => stopAll(context, host, plaid, snaptrade));

  it('stores a BTC activity exactly and lists it in BTC, findable by its amount', async () => {
    const states = () => page.getByTestId('connection-status').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')));
    await expect.poll(states, { timeout: 60_000 }).toEqual(['ok']);
    const auth = snaptrade.authorizations()[0]?.id ?? '';
    const id = `snaptrade:${snaptrade.cryptoWithdrawal(auth, 1_230_000) ?? ''}`;
    await page.getByTestId('refresh-now').click();
    await expect.poll(async () => (await readStore<TransactionRow>(page, 'transactions')).find((t) => t.id === id), { timeout: 60_000 })
      .toMatchObject({ currency: 'BTC', amountMinor: -1_230_000 });

    await page.getByTestId('search-input').fill('0.0123');
    const row = page.locator(`[data-testid="tx-row"][data-tx-id="${id}"]`);
    await row.waitFor({ timeout: 30_000 });
    expect(await row.innerText()).toMatch(/-0\.0123\sBTC/);
    await page.screenshot({ path: screenshotPath('e2e-crypto-money') });
  });
});
