import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { startPlaidBank, type PlaidBank } from '../../electron/demo-banks/plaid/plaidBank';
import { hasChromium, launchBrowser } from './support/browser';
import { startHost, type HostProcess } from './support/host';
import { readStore } from './support/idb';
import { compareWithBank } from './support/truth';

// Two windows on one database, syncing at once, and reloads in the middle of syncs: every update
// is applied exactly once and the result equals the bank's ledger.
const clientId = 'ledgerline-windows';
const secret = 'two-windows-secret-2718';
let bank: PlaidBank;
let host: HostProcess;
let context: BrowserContext;
let itemId: string;

interface Run { id: string; fromCursor: string | null; nextCursor: string }
async function runsAreDistinct(page: Page) {
  const runs = await readStore<Run>(page, 'syncRuns');
  // Each cursor step was applied once: no two runs start from the same cursor (except empty re-checks).
  const moving = runs.filter((r) => r.fromCursor !== r.nextCursor);
  expect(new Set(moving.map((r) => r.fromCursor)).size).toBe(moving.length);
  return runs.length;
}
const settled = async (page: Page) => {
  await expect.poll(async () => {
    const c = await compareWithBank(page, bank, itemId);
    return c.lost.length + c.duplicated.length + c.differing.length;
  }, { timeout: 30_000 }).toBe(0);
};

describe.skipIf(!hasChromium)('two windows and reloads', () => {
  beforeAll(async () => {
    bank = await startPlaidBank({ seed: 2718, clientId, secret, tickIntervalMs: null, profile: { historyDays: 200 } });
    host = await startHost({ plaidUrl: bank.plaidUrl, clientId, secret });
    itemId = bank.items()[0]?.item_id ?? '';
    ({ context } = await launchBrowser());
  });
  afterAll(async () => {
    await context?.close();
    await host?.stop();
    await bank?.close();
  });

  it('two windows launching at once store the history once', async () => {
    const [a, b] = [await context.newPage(), await context.newPage()];
    await Promise.all([a.goto(host.url), b.goto(host.url)]);
    await settled(a);
    await runsAreDistinct(a);
    for (let i = 0; i < 3; i++) {
      bank.advance(itemId, 1);
      await Promise.all([a.getByTestId('refresh-now').click(), b.getByTestId('refresh-now').click()]);
      // Both syncs finish (one applies, the other finds itself stale and re-pulls): a hang guard,
      // not a speed target — vitest's 1 s default was tripped on a loaded two-core CI run.
      await expect.poll(() => a.getByTestId('refresh-now').isDisabled(), { timeout: 30_000 }).toBe(false);
      await expect.poll(() => b.getByTestId('refresh-now').isDisabled(), { timeout: 30_000 }).toBe(false);
    }
    await settled(b);
    await runsAreDistinct(b);
    await Promise.all([a.close(), b.close()]);
  });

  it('reloading in the middle of syncs loses and duplicates nothing', async () => {
    const page = await context.newPage();
    await page.goto(host.url);
    for (let i = 0; i < 5; i++) {
      bank.advance(itemId, 2);
      await page.getByTestId('refresh-now').click();
      await page.waitForTimeout(30 + i * 40);
      await page.reload();
    }
    await settled(page);
    await runsAreDistinct(page);
  });
});
