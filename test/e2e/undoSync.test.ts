import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { startPlaidBank, type PlaidBank } from '../../electron/demo-banks/plaid/plaidBank';
import { openApp, stopAll } from './support/app';
import { hasChromium, screenshotPath } from './support/browser';
import { startHost, type HostProcess } from './support/host';
import { readStore } from './support/idb';
import type { SyncRunRow, TransactionRow } from '../../renderer/src/db/schema';

// Undo a sync, for real: demo bank (HTTP) → browser host → the built renderer in Chromium →
// IndexedDB. A scripted refresh authorizes a Starbucks pending, the user notes it, the next refresh
// posts it with a tip (a merge that carries the note), revises one row and withdraws another; then
// "Undo this sync" in Changes, its confirm step, and the undo's own entry. IndexedDB must be back,
// field by field, to the table before that refresh: the pending live with its note, the posted row
// gone, the revised and withdrawn rows as they were.
const clientId = 'ledgerline-undo';
const secret = 'undo-sync-secret-6060';
let bank: PlaidBank;
let host: HostProcess;
let context: BrowserContext;
let page: Page;
let itemId = '';

const table = async () => new Map((await readStore<TransactionRow>(page, 'transactions')).map((t) => [t.id, t]));
const detail = () => page.getByTestId('tx-detail');

async function refresh(): Promise<void> {
  const before = (await readStore(page, 'syncRuns')).length;
  await page.getByTestId('refresh-now').click();
  await expect.poll(async () => (await readStore(page, 'syncRuns')).length, { timeout: 30_000 }).toBeGreaterThan(before);
  await expect.poll(() => page.getByTestId('refresh-now').isDisabled(), { timeout: 30_000 }).toBe(false);
}

describe.skipIf(!hasChromium)('Undo a sync in Chromium', () => {
  beforeAll(async () => {
    bank = await startPlaidBank({ seed: 31, clientId, secret, tickIntervalMs: null, profile: { historyDays: 20 } });
    host = await startHost({ plaidUrl: bank.plaidUrl, clientId, secret });
    ({ context, page } = await openApp(host.url));
    itemId = bank.items()[0]?.item_id ?? '';
  });
  afterAll(() => stopAll(context, host, bank));

  it('undoes a refresh with a posting that carried a note: the confirm says what happens, IndexedDB is back field by field', async () => {
    await expect.poll(() => page.getByTestId('connection-status').first().getAttribute('data-state'), { timeout: 30_000 }).toBe('ok');
    const authorized = bank.scriptNextRefresh(itemId, [{ kind: 'authorize', key: 'tip', payee: 'Starbucks', amountCents: 500 }]);
    await refresh();
    const ids = await authorized;
    const pendingId = `plaid:${ids.get('tip') ?? ''}`;
    // The user's note on the pending row, typed in its detail panel.
    await page.getByTestId('tab-transactions').click();
    await page.locator(`[data-testid="tx-row"][data-tx-id="${pendingId}"]`).click();
    const form = detail().locator(`[data-testid="user-fields"][data-tx-id="${pendingId}"]`);
    await form.getByTestId('user-note').fill('Coffee with Sam');
    await detail().getByTestId('user-fields-save').click();
    await expect.poll(() => detail().getByRole('status').innerText()).toBe('Saved');
    await page.getByTestId('tx-detail-close').click();

    const before = await table();
    const posted = bank.truth(itemId).transactions.filter((t) => !t.pending && t.merchant_name !== null);
    const [revised, withdrawn] = posted.slice(-2);
    if (!revised || !withdrawn) throw new Error('the seeded history has no posted merchant rows');
    const scripted = bank.scriptNextRefresh(itemId, [
      { kind: 'post', key: 'posted:tip', pending: 'tip', amountCents: 600, link: true },
      { kind: 'modify', id: revised.transaction_id, amountCents: Math.round(revised.amount * 100) + 123 },
      { kind: 'remove', id: withdrawn.transaction_id },
    ]);
    await refresh();
    const postedId = `plaid:${(await scripted).get('posted:tip') ?? ''}`;
    expect((await table()).get(postedId)).toMatchObject({ note: 'Coffee with Sam', postedFromId: pendingId });
    const runs = await readStore<SyncRunRow>(page, 'syncRuns');
    const big = runs.sort((a, b) => a.finishedAt.localeCompare(b.finishedAt)).at(-1) as SyncRunRow;

    await page.getByTestId('tab-changes').click();
    const card = page.locator(`[data-testid="sync-run"][data-run-id="${big.id}"]`);
    await card.getByTestId('run-section-posted').waitFor();
    await card.getByTestId('run-undo').click();
    const confirm = card.getByTestId('undo-confirm');
    await confirm.waitFor();
    const text = await confirm.innerText();
    expect(text).toContain('Undo this sync?');
    expect(text).toContain('1 row it added will be deleted (1 with a note or category, which go with them).');
    expect(text).toContain('3 rows it changed, posted or removed go back to how they were before it.');
    // The confirm button has the focus (keyboard: Enter undoes, Tab reaches Cancel).
    // (Polled: the focus moves in an effect after the confirm renders; a loaded machine read it in between.)
    await expect.poll(() => confirm.getByTestId('undo-confirm-button').evaluate((el) => el === document.activeElement)).toBe(true);
    await page.setViewportSize({ width: 1280, height: 900 });
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('undo-confirm') });

    await confirm.getByTestId('undo-confirm-button').click();
    await card.getByTestId('run-undone').waitFor();
    // The undo is an entry of its own, first in the list.
    const undo = page.getByTestId('sync-run').first();
    await expect.poll(() => undo.locator('.run__trigger').innerText()).toBe('Undo');
    expect(await undo.getByTestId('run-undo-of').innerText()).toMatch(/^Undid the sync of .+: everything it changed is back as it was\.$/);
    expect((await undo.getByTestId('run-counts').innerText()).replace(/\s+/g, ' ')).toMatch(/^1 removed · 1 put back · 2 back in the ledger/);
    expect(await undo.getByTestId('run-undo').count()).toBe(0);
    await page.locator('.changes__scroll').evaluate((el) => { el.scrollTop = 0; });
    await page.screenshot({ path: screenshotPath('undo-done') });

    // IndexedDB: the table as it was before that refresh, field by field.
    const after = await table();
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [id, row] of before) expect(after.get(id), id).toEqual(row);
    expect(after.get(pendingId)).toMatchObject({ pending: true, removedAt: null, note: 'Coffee with Sam' });
    expect((await readStore<SyncRunRow>(page, 'syncRuns')).find((r) => r.id === big.id)).toMatchObject({ revertedBy: `revert:${big.id}` });

    // The cursor stayed: the next refresh does not bring the undone posting back.
    await refresh();
    const again = await table();
    expect(again.has(postedId)).toBe(false);
    expect(again.get(pendingId)).toMatchObject({ pending: true, removedAt: null, note: 'Coffee with Sam' });
  });
});
