import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { startPlaidBank, type PlaidBank, type FaultPlan } from '../../electron/demo-banks/plaid/plaidBank';
import { createPlaidApi } from '../../electron/providers/plaid/plaidClient';
import { hasChromium, launchBrowser, screenshotPath } from './support/browser';
import { startHost, type HostProcess } from './support/host';
import { readStore } from './support/idb';
import { compareWithBank } from './support/truth';
import type { TransactionRow } from '../../renderer/src/db/schema';

// One test per error class: what the user sees on the connection, and that nothing stored was
// lost or half-applied; then the repair, after which the app catches up exactly.
const clientId = 'ledgerline-errors';
const secret = 'error-states-secret-31337';
let bank: PlaidBank;
let host: HostProcess;
let context: BrowserContext;
let page: Page;
let itemId: string;

const status = () => page.getByTestId('connection-status').first();
async function refresh() {
  await page.getByTestId('refresh-now').click();
  await expect.poll(() => page.getByTestId('refresh-now').isDisabled(), { timeout: 30_000 }).toBe(false);
}
async function stored() {
  const rows = (await readStore<TransactionRow>(page, 'transactions')).map(({ updatedAt: _u, ...r }) => r);
  rows.sort((a, b) => a.id.localeCompare(b.id));
  const cursors = await readStore<{ cursor: string }>(page, 'cursors');
  return { rows, cursor: cursors[0]?.cursor };
}
async function expectCaughtUp() {
  await expect.poll(() => status().getAttribute('data-state'), { timeout: 30_000 }).toBe('ok');
  expect(await compareWithBank(page, bank, itemId)).toMatchObject({ lost: [], duplicated: [], differing: [] });
}
/** Injects the fault, presses Refresh now, checks the state shown and that the data is untouched, then repairs. */
async function failsVisiblyAndRecovers(name: string, faults: FaultPlan, state: string, text: RegExp) {
  const before = await stored();
  bank.setFaults(itemId, faults);
  await refresh();
  await expect.poll(() => status().getAttribute('data-state'), { timeout: 30_000 }).toBe(state);
  await expect.poll(() => status().innerText()).toMatch(text);
  await expect.poll(() => status().innerText()).toMatch(/Last successful sync .*· last attempt/);
  await page.screenshot({ path: screenshotPath(`e2e-state-${name}`) });
  expect(await stored(), 'a failed sync changes nothing stored').toEqual(before);
  bank.setFaults(itemId, {});
  await refresh();
  await expectCaughtUp();
}

describe.skipIf(!hasChromium)('error states, as the user sees them', () => {
  beforeAll(async () => {
    bank = await startPlaidBank({ seed: 31, clientId, secret, tickIntervalMs: null, profile: { historyDays: 60 } });
    host = await startHost({ plaidUrl: bank.plaidUrl, clientId, secret, env: { LEDGERLINE_REQUEST_TIMEOUT_MS: '1000' } });
    ({ context } = await launchBrowser());
    page = await context.newPage();
    await page.goto(host.url);
    const [item] = bank.items();
    itemId = item?.item_id ?? '';
  });
  afterAll(async () => {
    await context?.close();
    await host?.stop();
    await bank?.close();
  });

  it('starts in sync with the bank', () => expectCaughtUp());

  it('rate limited: "retrying at HH:MM"', () =>
    failsVisiblyAndRecovers('rate-limited', { rateLimit: 100 }, 'rate_limited', /Rate limited — retrying at \d{1,2}:\d{2}/));

  it('server errors: an error with a one-line reason', () =>
    failsVisiblyAndRecovers('server-error', { serverError: 100 }, 'error', /Error: .*server error/i));

  // Issue 14: the bank being down is something to wait for, not an error the user can fix.
  it('institution down: waiting for the bank, which is not responding', () =>
    failsVisiblyAndRecovers('institution-down', { institutionDown: 100 }, 'waiting', /Waiting for the bank/i));

  it('timeouts: an error that says Plaid timed out', () =>
    failsVisiblyAndRecovers('timeout', { slowMs: { ms: 2500, count: 100 } }, 'error', /timed out/i));

  it('a schema-invalid page: an error naming the field, nothing applied', () =>
    failsVisiblyAndRecovers('malformed', { malformed: 100 }, 'error', /(amount|transaction_id)/));

  it('truncated JSON: an error, nothing applied', () =>
    failsVisiblyAndRecovers('truncated', { truncatedJson: 100 }, 'error', /not valid JSON/));

  it('not ready: "waiting for the bank"', () =>
    failsVisiblyAndRecovers('waiting', { notReady: 100 }, 'waiting', /Waiting for the bank/));

  it('mutation during pagination: restarts quietly and stores exactly the bank\'s data', async () => {
    bank.advance(itemId, 900); // each step adds at least one row: several pages of 500
    bank.setFaults(itemId, { mutationDuringPagination: 2 });
    await refresh();
    await expectCaughtUp();
    const runs = await readStore<{ restarts: number; pages: number; startedAt: string }>(page, 'syncRuns');
    const last = runs.sort((a, b) => a.startedAt.localeCompare(b.startedAt)).at(-1);
    expect(last).toMatchObject({ restarts: 2, pages: expect.any(Number) });
    expect(last?.pages).toBeGreaterThan(1);
  });

  it('needs re-authentication, forced from the demo controls, clears after repair and Refresh now', async () => {
    const before = await stored();
    await page.getByTestId('demo-controls').locator('summary').click();
    await page.getByTestId('demo-login_required').click();
    await expect.poll(() => page.getByTestId('demo-controls').getByRole('status').innerText()).toMatch(/sign in again/);
    await refresh();
    await expect.poll(() => status().getAttribute('data-state'), { timeout: 30_000 }).toBe('needs_reauth');
    await expect.poll(() => status().innerText()).toMatch(/Needs re-authentication/);
    await page.screenshot({ path: screenshotPath('e2e-state-needs-reauth') });
    expect(await stored()).toEqual(before);
    await page.getByTestId('demo-repair').click();
    await refresh();
    await expectCaughtUp();
  });

  it('disconnected: the provider forgot the item; the data stays', async () => {
    const before = await stored();
    const accessToken = bank.issuedSecrets().find((s) => s.startsWith('access-'));
    const api = createPlaidApi({ basePath: bank.plaidUrl, clientId, secret, timeoutMs: 5000 });
    await api.itemRemove({ access_token: accessToken ?? '' });
    await refresh();
    await expect.poll(() => status().getAttribute('data-state'), { timeout: 30_000 }).toBe('disconnected');
    await page.screenshot({ path: screenshotPath('e2e-state-disconnected') });
    expect(await stored()).toEqual(before);
    expect((await stored()).rows.length).toBeGreaterThan(0);
  });
});
