import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { startPlaidBank, type PlaidBank } from '../../electron/demo-banks/plaid/plaidBank';
import { openApp, stopAll } from './support/app';
import { hasChromium, screenshotsBothSchemes } from './support/browser';
import { startHost, type HostProcess } from './support/host';
import { readStore } from './support/idb';
import type { BalanceCheckRow, SuggestionRow, TransactionRow } from '../../renderer/src/db/schema';

// The balance check and the review inbox, for real: demo bank (HTTP) → browser host → the built
// renderer in Chromium → IndexedDB. The bank runs demo mode's balance-check scenario
// (`unreportedSettle`): a $263.42 pending 12 days old that the bank settles into its balance at its
// second step while its feed keeps it pending. The launch sync takes the starting point, Refresh 1
// confirms it, Refresh 2 sees the gap once, Refresh 3 sees it again and shows it. Then a scripted
// pair of refreshes leaves a pending → posted suggestion, confirmed (and undone) from the keyboard.
const clientId = 'ledgerline-review';
const secret = 'review-inbox-secret-8932';
let bank: PlaidBank;
let host: HostProcess;
let context: BrowserContext;
let page: Page;
let itemId = '';

async function refresh(): Promise<void> {
  const before = (await readStore(page, 'syncRuns')).length;
  await page.getByTestId('refresh-now').click();
  await expect.poll(async () => (await readStore(page, 'syncRuns')).length, { timeout: 30_000 }).toBeGreaterThan(before);
  await expect.poll(() => page.getByTestId('refresh-now').isDisabled(), { timeout: 30_000 }).toBe(false);
}

const checks = () => readStore<BalanceCheckRow>(page, 'balanceChecks');
/** The scenario's pending, by what only it has: its amount (other Amazon rows share its descriptor). */
let staleId = '';
const stale = async () => (await readStore<TransactionRow>(page, 'transactions')).find((t) => (staleId ? t.id === staleId : t.pending && t.amountMinor === -26_342 && t.description === 'AMAZON MKTPL*2K4LT83B2'));
const focusedSource = () => page.evaluate(() => document.activeElement?.closest('[data-review-item]')?.getAttribute('data-source') ?? null);

describe.skipIf(!hasChromium)('the balance check and the review inbox in Chromium', () => {
  beforeAll(async () => {
    bank = await startPlaidBank({ seed: 8932, clientId, secret, tickIntervalMs: null, profile: { historyDays: 30 }, unreportedSettle: true });
    host = await startHost({ plaidUrl: bank.plaidUrl, clientId, secret });
    ({ context, page } = await openApp(host.url));
    itemId = bank.items()[0]?.item_id ?? '';
  });
  afterAll(() => stopAll(context, host, bank));

  it('is quiet while the bank and the rows agree, then names the stale pending on the account, in Changes and in Review', async () => {
    await expect.poll(() => page.getByTestId('connection-status').first().getAttribute('data-state'), { timeout: 30_000 }).toBe('ok');
    await expect.poll(async () => (await checks()).length, { timeout: 30_000 }).toBeGreaterThan(0);
    const pending = await stale();
    expect(pending).toMatchObject({ pending: true, amountMinor: -26_342, removedAt: null });
    staleId = pending?.id ?? '';

    await refresh(); // the bank's first step: every balance agrees, the starting point is confirmed
    await refresh(); // its second: the pending is settled at the bank, seen once
    const all = await checks();
    expect(all.filter((c) => c.status === 'disagrees')).toEqual([]);
    expect(all.filter((c) => c.status === 'unconfirmed').map((c) => [c.accountId, c.differenceMinor])).toEqual([[pending?.accountId, -26_342]]);
    expect(await page.getByTestId('account-balance-check').count()).toBe(0);

    await refresh(); // seen again: shown
    const shown = (await checks()).filter((c) => c.status === 'disagrees');
    expect(shown.map((c) => [c.accountId, c.currency, c.differenceMinor])).toEqual([[pending?.accountId, 'USD', -26_342]]);
    expect(shown[0]?.explanations[0]).toMatchObject({ kind: 'stalePending', txIds: [pending?.id], exact: true });
    // Every other account (savings, the card) agreed at every sync.
    expect((await checks()).filter((c) => c.accountId !== pending?.accountId && c.differenceMinor !== 0)).toEqual([]);
    // Nothing was changed on the guess.
    expect(await stale()).toMatchObject({ pending: true, amountMinor: -26_342, removedAt: null });

    const note = page.locator(`[data-account-id="${pending?.accountId}"]`).getByTestId('account-balance-check');
    await expect.poll(() => note.innerText()).toMatch(/^Check\s*\$263\.42 apart from the bank since /);
    expect(await note.getAttribute('title')).toMatch(/^Bank balance \$[\d,]+\.\d\d, Ledgerline's rows imply \$[\d,]+\.\d\d — \$263\.42 apart since the sync on \w{3} \d{1,2}\. See Review\.$/);

    await page.getByTestId('tab-changes').click();
    const runNote = page.getByTestId('sync-run').first().getByTestId('run-balance-check');
    await runNote.waitFor();
    expect(await runNote.innerText()).toMatch(/Bank balance \$[\d,]+\.\d\d, Ledgerline's rows imply \$[\d,]+\.\d\d — \$263\.42 apart since the sync on/);
    const explanation = runNote.getByTestId('run-balance-explanation').first();
    expect(await explanation.innerText()).toMatch(/^AMAZON MKTPL\*2K4LT83B2 — Still pending since \w{3} \d{1,2} — the bank may have posted it[^]*accounts for the whole difference\)\s*-\$263\.42$/);
    await screenshotsBothSchemes(page, 'e2e-review-balance-disagreement');

    await expect.poll(() => page.getByTestId('review-count').innerText()).toBe('1');
    await page.getByTestId('tab-review').click();
    const item = page.getByTestId('review-item');
    await expect.poll(() => item.count()).toBe(1);
    expect(await item.first().getAttribute('data-source')).toBe('balance');
    expect(await item.first().getByTestId('review-line').first().innerText()).toMatch(/^AMAZON MKTPL\*2K4LT83B2 — Still pending since/);
  });

  it('confirms a suggestion from the keyboard, announces it, undoes it with U, and confirms again', async () => {
    const authorized = bank.scriptNextRefresh(itemId, [{ kind: 'authorize', key: 'dinner', payee: 'Olive Garden', amountCents: 3000 }]);
    await refresh();
    await authorized;
    // Posted for $36 without the bank's link: a tip, so Ledgerline only suggests the pair.
    const posted = bank.scriptNextRefresh(itemId, [{ kind: 'post', key: 'posted:dinner', pending: 'dinner', amountCents: 3600, link: false }]);
    await refresh();
    const ids = await posted;
    const postedId = `plaid:${ids.get('posted:dinner') ?? ''}`;
    const pendingId = `plaid:${ids.get('dinner') ?? ''}`;
    await expect.poll(async () => (await readStore<SuggestionRow>(page, 'suggestions')).find((s) => s.postedId === postedId)?.status).toBe('open');
    // The bank posted it and the rows did too: the balance gap is the same one, still shown.
    await expect.poll(() => page.getByTestId('review-count').innerText()).toBe('2');

    await page.getByTestId('tab-review').click();
    await expect.poll(() => page.getByTestId('review-item').count()).toBe(2);
    await screenshotsBothSchemes(page, 'e2e-review-inbox');
    await page.getByTestId('review-item').first().focus();
    // j/k move: find the suggestion from the keyboard alone.
    for (let i = 0; i < 2 && (await focusedSource()) !== 'suggestion'; i++) await page.keyboard.press('j');
    expect(await focusedSource()).toBe('suggestion');
    await page.keyboard.press('k');
    await page.keyboard.press('ArrowDown');
    if ((await focusedSource()) !== 'suggestion') await page.keyboard.press('k');
    expect(await focusedSource()).toBe('suggestion');

    await page.keyboard.press('Enter');
    await expect.poll(async () => (await readStore<SuggestionRow>(page, 'suggestions')).find((s) => s.postedId === postedId)?.status).toBe('confirmed');
    expect((await readStore<TransactionRow>(page, 'transactions')).find((t) => t.id === postedId)?.postedFromId).toBe(pendingId);
    await expect.poll(() => page.getByTestId('review-announcement').innerText()).toMatch(/^Merged Olive Garden with its pending charge\. Press U to undo\./);
    await expect.poll(() => page.getByTestId('review-item').count()).toBe(1);
    await expect.poll(() => page.getByTestId('review-count').innerText()).toBe('1');
    // The keyboard stayed in the list.
    expect(await focusedSource()).toBe('balance');

    await page.keyboard.press('u');
    await expect.poll(async () => (await readStore<SuggestionRow>(page, 'suggestions')).find((s) => s.postedId === postedId)?.status).toBe('open');
    expect((await readStore<TransactionRow>(page, 'transactions')).find((t) => t.id === postedId)?.postedFromId ?? null).toBeNull();
    await expect.poll(() => page.getByTestId('review-announcement').innerText()).toMatch(/^Undone: Merged Olive Garden/);
    await expect.poll(() => page.getByTestId('review-item').count()).toBe(2);

    await page.getByTestId('review-item').filter({ has: page.locator('[data-testid="review-reject"]') }).focus();
    await page.keyboard.press('c');
    await expect.poll(async () => (await readStore<SuggestionRow>(page, 'suggestions')).find((s) => s.postedId === postedId)?.status).toBe('confirmed');
    await expect.poll(() => page.getByTestId('review-count').innerText()).toBe('1');
  });
});
