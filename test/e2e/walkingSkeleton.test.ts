import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { startPlaidBank, type PlaidBank } from '../../electron/demo-banks/plaid/plaidBank';
import { mapPlaidTransaction } from '../../electron/providers/plaid/mapPlaid';
import { PlaidTransactionSchema } from '../../electron/providers/plaid/plaidSchemas';
import { hasChromium, launchBrowser, screenshotPath } from './support/browser';
import { startHost, type HostProcess } from './support/host';
import { dumpDatabase, readStore } from './support/idb';
import type { TransactionRow } from '../../renderer/src/db/schema';
import fs from 'node:fs';
import path from 'node:path';

// The whole chain, for real: demo bank (HTTP) → main services in the browser host (official SDK,
// keychain) → WebSocket IPC → the built renderer in Debian's Chromium → IndexedDB.
const clientId = 'ledgerline-e2e';
const secret = 'e2e-client-secret-7f3a9c';
let bank: PlaidBank;
let host: HostProcess;
let context: BrowserContext;
let page: Page;
const frames: string[] = [];

async function liveRows(): Promise<TransactionRow[]> {
  return (await readStore<TransactionRow>(page, 'transactions')).filter((t) => t.removedAt === null);
}
function truth() {
  const [item] = bank.items();
  if (!item) throw new Error('the host created no demo item');
  return bank.truth(item.item_id).transactions.map((w) => PlaidTransactionSchema.parse(w));
}
/** Same ids, amounts, dates and pending flags as the bank's ledger at this moment. */
async function expectDbEqualsBank() {
  const stored = (await liveRows()).map((t) => ({ id: t.id, amountMinor: t.amountMinor, date: t.date, pending: t.pending }));
  const expected = truth().map((w) => mapPlaidTransaction(w, 'x')).map((t) => ({ id: t.id, amountMinor: t.amountMinor, date: t.date, pending: t.pending }));
  const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
  expect(stored.sort(byId)).toEqual(expected.sort(byId));
}

describe.skipIf(!hasChromium)('walking skeleton in Chromium (browser host, demo bank)', () => {
  beforeAll(async () => {
    bank = await startPlaidBank({ seed: 777, clientId, secret, tickIntervalMs: null });
    host = await startHost({ plaidUrl: bank.plaidUrl, clientId, secret });
    ({ context } = await launchBrowser());
    page = await context.newPage();
    page.on('websocket', (ws) => {
      ws.on('framereceived', (f) => frames.push(String(f.payload)));
      ws.on('framesent', (f) => frames.push(String(f.payload)));
    });
    await page.goto(host.url);
  });
  afterAll(async () => {
    await context?.close();
    await host?.stop();
    await bank?.close();
  });

  it('prints its URL as the first line on stdout', () => {
    expect(host.stdout().split('\n')[0]).toMatch(/^LEDGERLINE_URL=http:\/\/127\.0\.0\.1:\d+\/#key=/);
  });

  it('shows the demo accounts with balances and the transactions after the launch sync', async () => {
    await page.getByTestId('account-row').first().waitFor();
    expect(await page.getByTestId('account-row').count()).toBe(3);
    await expect.poll(() => page.getByTestId('connection-status').first().getAttribute('data-state'), { timeout: 30_000 }).toBe('ok');
    await page.getByTestId('tx-row').first().waitFor();
    expect(await page.getByTestId('demo-badge').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('pending-badge').count()).toBeGreaterThan(0);
    const sidebar = await page.getByTestId('account-row').allInnerTexts();
    expect(sidebar.join(' ')).toMatch(/Checking[\s\S]*\$[\d,]+\.\d{2}/);
    await page.screenshot({ path: screenshotPath('e2e-initial'), fullPage: true });
  });

  it('stores exactly the bank\'s ledger in IndexedDB, with the cursor', async () => {
    await expectDbEqualsBank();
    const cursors = await readStore<{ cursor: string }>(page, 'cursors');
    expect(cursors).toHaveLength(1);
  });

  it('Refresh now brings new transactions and turns a pending one into a posted one', async () => {
    const before = new Map((await liveRows()).map((t) => [t.id, t]));
    const pendingBefore = [...before.values()].filter((t) => t.pending).map((t) => t.id);
    const runsBefore = (await readStore(page, 'syncRuns')).length;
    await page.getByTestId('refresh-now').click();
    await expect.poll(async () => (await readStore(page, 'syncRuns')).length, { timeout: 30_000 }).toBeGreaterThan(runsBefore);
    await expect.poll(() => page.getByTestId('refresh-now').isDisabled()).toBe(false);

    const after = await liveRows();
    const added = after.filter((t) => !before.has(t.id));
    expect(added.length).toBeGreaterThan(0);
    const postedFromPending = after.filter((t) => t.pendingId && pendingBefore.includes(t.pendingId));
    expect(postedFromPending.length).toBeGreaterThan(0);
    for (const p of postedFromPending) expect(after.some((t) => t.id === p.pendingId)).toBe(false);
    await expectDbEqualsBank();

    // and the screen shows it: the newest row is on screen, with its amount
    const first = postedFromPending[0];
    await expect.poll(async () => (await page.getByTestId('sync-summary').innerText().catch(() => ''))).toMatch(/\d/);
    await page.screenshot({ path: screenshotPath('e2e-after-refresh'), fullPage: true });
    expect(first).toBeDefined();
  });

  it('leaks no token or secret into IndexedDB, localStorage, IPC, logs or host output', async () => {
    const secrets = bank.issuedSecrets();
    expect(secrets.length).toBeGreaterThanOrEqual(3); // client secret, public token, access token
    const local = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    const logFile = fs.readFileSync(path.join(host.dataDir, 'ledgerline.log'), 'utf8');
    const registry = fs.readFileSync(path.join(host.dataDir, 'connections.json'), 'utf8');
    const haystacks = { indexedDb: await dumpDatabase(page), storage: local, ipc: frames.join('\n'), log: logFile, registry, hostOutput: host.output(), page: await page.content() };
    expect(frames.length).toBeGreaterThan(0);
    expect(logFile.length).toBeGreaterThan(0);
    for (const [where, text] of Object.entries(haystacks)) {
      for (const s of secrets) expect(text.includes(s), `${where} contains a secret`).toBe(false);
    }
  });
});
