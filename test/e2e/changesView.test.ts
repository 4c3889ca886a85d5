import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { startPlaidBank, type PlaidBank, type ScriptedEvent } from '../../electron/demo-banks/plaid/plaidBank';
import { openApp, stopAll } from './support/app';
import { hasChromium, screenshotsBothSchemes } from './support/browser';
import { startHost, type HostProcess } from './support/host';
import { readStore } from './support/idb';
import type { SuggestionRow, SyncRunRow, TransactionRow } from '../../renderer/src/db/schema';

// The Changes view and pending → posted, for real: demo bank (HTTP) → browser host → the built
// renderer in Chromium → IndexedDB. The test builds its scenario rather than hoping a seeded step
// produces it: a scripted refresh authorizes three pendings, the next one posts them — one by the
// bank's link with a tip, one without a link at the same amount (matched by amount and date), one
// without a link for more (left as a suggestion) — and revises one posted row and withdraws
// another. The calendar is the run's pinned one (test/support/clock), so any day, any zone.
const clientId = 'ledgerline-changes';
const secret = 'changes-view-secret-5150';
let bank: PlaidBank;
let host: HostProcess;
let context: BrowserContext;
let page: Page;
/** The note typed on each pending row, by id. */
const notes = new Map<string, string>();
/** The first pending row also gets the user's own category. */
let categorized = '';
/** The user's category: an id of the set (shared/categories), shown by its label. */
const CATEGORY = 'home';
const CATEGORY_LABEL = 'Home';

/** The pendings the first scripted refresh authorizes, and what the second one does with them. */
const AUTHORIZE: Extract<ScriptedEvent, { kind: 'authorize' }>[] = [
  { kind: 'authorize', key: 'tip', payee: 'Starbucks', amountCents: 500 },
  { kind: 'authorize', key: 'exact', payee: 'Safeway', amountCents: 4217 },
  { kind: 'authorize', key: 'suggest', payee: 'Olive Garden', amountCents: 3000 },
];
let itemId = '';
/** Ids the scripted refreshes created, by key (`tip` → the pending; `posted:tip` → its posted row). */
let ids = new Map<string, string>();
const plaidId = (key: string) => `plaid:${ids.get(key) ?? key}`;

const liveRows = async () => (await readStore<TransactionRow>(page, 'transactions')).filter((t) => t.removedAt === null);
const detail = () => page.getByTestId('tx-detail');
const runs = () => page.getByTestId('sync-run');

async function refresh(): Promise<void> {
  const before = (await readStore(page, 'syncRuns')).length;
  await page.getByTestId('refresh-now').click();
  await expect.poll(async () => (await readStore(page, 'syncRuns')).length, { timeout: 30_000 }).toBeGreaterThan(before);
  await expect.poll(() => page.getByTestId('refresh-now').isDisabled(), { timeout: 30_000 }).toBe(false);
}

/** The detail panel showing the user fields of this very row (not the one open before). */
const fieldsOf = (id: string) => detail().locator(`[data-testid="user-fields"][data-tx-id="${id}"]`);

async function setNote(row: Locator, note: string): Promise<void> {
  const id = (await row.getAttribute('data-tx-id')) ?? '';
  await row.click();
  await fieldsOf(id).waitFor();
  await fieldsOf(id).getByTestId('user-note').fill(note);
  await detail().getByTestId('user-fields-save').click();
  await expect.poll(() => detail().getByRole('status').innerText()).toBe('Saved');
}

const screenshots = (name: string): Promise<void> => screenshotsBothSchemes(page, name);

describe.skipIf(!hasChromium)('Changes view and pending → posted in Chromium', () => {
  beforeAll(async () => {
    bank = await startPlaidBank({ seed: 22, clientId, secret, tickIntervalMs: null, profile: { historyDays: 30 } });
    host = await startHost({ plaidUrl: bank.plaidUrl, clientId, secret });
    ({ context, page } = await openApp(host.url));
    itemId = bank.items()[0]?.item_id ?? '';
  });
  afterAll(() => stopAll(context, host, bank));

  it('opens a pending row from the list (click and Enter) and keeps a note typed on it', async () => {
    await expect.poll(() => page.getByTestId('connection-status').first().getAttribute('data-state'), { timeout: 30_000 }).toBe('ok');
    const scripted = bank.scriptNextRefresh(itemId, AUTHORIZE);
    await refresh();
    ids = await scripted;
    for (const { key } of AUTHORIZE) await expect.poll(async () => (await liveRows()).some((t) => t.id === plaidId(key) && t.pending)).toBe(true);
    await page.getByTestId('tab-transactions').click();
    await page.getByTestId('pending-badge').first().waitFor();
    const pendingRows = page.getByTestId('tx-row').filter({ has: page.getByTestId('pending-badge') });
    const count = await pendingRows.count();
    expect(count).toBeGreaterThan(1);
    for (let i = 0; i < count; i++) {
      const row = pendingRows.nth(i);
      const id = (await row.getAttribute('data-tx-id')) ?? '';
      const note = `Split with Sam #${i + 1}`;
      if (i === 0) {
        // The keyboard path: focus the row, Enter opens it.
        await row.focus();
        await page.keyboard.press('Enter');
        await detail().waitFor();
        await expect.poll(() => detail().getAttribute('data-tx-id')).toBe(id);
        await page.keyboard.press('Escape');
        await detail().waitFor({ state: 'detached' });
      }
      if (id === plaidId('tip')) {
        // The user's own category on the pending that will post with a tip.
        await row.click();
        await fieldsOf(id).getByTestId('user-category').selectOption(CATEGORY);
        categorized = id;
      }
      await setNote(row, note);
      notes.set(id, note);
      if (i === 0) await screenshots('e2e-changes-detail-pending');
    }
    await page.getByTestId('tx-detail-close').click();
    const stored = new Map((await liveRows()).map((t) => [t.id, t.note]));
    for (const [id, note] of notes) expect(stored.get(id)).toBe(note);
    expect(await page.getByTestId('note-mark').count()).toBe(notes.size);
  });

  it('after Refresh now, the Changes tab shows an unread badge, then the run with a field diff and a posting', async () => {
    // Two posted rows the bank will revise and withdraw: card spending, not the scripted ones.
    const posted = bank.truth(itemId).transactions.filter((t) => !t.pending && t.merchant_name !== null);
    const [revised, withdrawn] = posted.slice(-2);
    if (!revised || !withdrawn) throw new Error('the seeded history has no posted merchant rows');
    const scripted = bank.scriptNextRefresh(itemId, [
      { kind: 'post', key: 'posted:tip', pending: 'tip', amountCents: 600, link: true },
      { kind: 'post', key: 'posted:exact', pending: 'exact', link: false },
      { kind: 'post', key: 'posted:suggest', pending: 'suggest', amountCents: 3600, link: false },
      { kind: 'modify', id: revised.transaction_id, amountCents: Math.round(revised.amount * 100) + 123 },
      { kind: 'remove', id: withdrawn.transaction_id },
    ]);
    await page.getByTestId('tab-transactions').click();
    await refresh();
    ids = await scripted;
    await expect.poll(() => page.getByTestId('unread-changes').innerText().catch(() => ''), { timeout: 10_000 }).toMatch(/^\d+/);
    await page.getByTestId('tab-changes').click();
    await runs().first().waitFor();

    const run = runs().first();
    await expect.poll(() => run.locator('.run__trigger').innerText()).toBe('Refresh now');
    // A row the bank revised: its field, before → after, money formatted as money.
    const modified = run.getByTestId('change-modified').first();
    await modified.waitFor();
    const diff = modified.getByTestId('field-diffs');
    expect(await diff.locator('.field-diff').count()).toBeGreaterThan(0);
    expect(await diff.innerText()).toMatch(/(Amount[\s\S]*\$[\d,]+\.\d{2}[\s\S]*→[\s\S]*\$[\d,]+\.\d{2})|(Description|Merchant)/);
    // A pending that posted for a different amount, said in words and money, with how it was matched.
    const changed = run.getByTestId('change-posted').filter({ has: page.getByText(/likely a tip|fuel hold released|more than|less than/) });
    expect(await changed.count()).toBeGreaterThan(0);
    expect(await changed.first().getByTestId('posting-change').innerText()).toMatch(/\$\d+\.\d{2}/);
    expect(await changed.first().innerText()).toMatch(/posted (the same day|after \d+ days?)/);
    const methods = await run.getByTestId('match-method').allInnerTexts();
    expect(methods).toContain('bank link');
    expect(methods).toContain('matched by amount and date'); // a posting the bank sent without its link
    // Each scripted posting, exactly as scripted.
    const postingOf = (key: string) => run.getByTestId('change-posted').filter({ has: page.locator(`button[data-tx-id="${plaidId(key)}"]`) });
    expect(await postingOf('posted:tip').innerText()).toMatch(/\+\$1\.00, likely a tip[\s\S]*bank link/);
    expect(await postingOf('posted:exact').getByTestId('match-method').innerText()).toBe('matched by amount and date');
    expect(await postingOf('posted:suggest').count()).toBe(0);
    // The revised row's amount, before → after, and the withdrawn row.
    const revisedDiff = run.getByTestId('change-modified').filter({ has: page.locator(`button[data-tx-id="plaid:${revised.transaction_id}"]`) });
    expect(await revisedDiff.getByTestId('field-diffs').innerText()).toMatch(/Amount[\s\S]*→/);
    expect(await run.locator(`[data-testid="change-removed"] button[data-tx-id="plaid:${withdrawn.transaction_id}"]`).count()).toBe(1);
    // The badge clears once the view is seen, and the marker is stored.
    await expect.poll(() => page.getByTestId('unread-changes').count()).toBe(0);
    const meta = await readStore<{ key: string; value: string }>(page, 'meta');
    const [latest] = (await readStore<SyncRunRow>(page, 'syncRuns')).sort((a, b) => b.finishedAt.localeCompare(a.finishedAt));
    expect(meta.find((m) => m.key === 'changesSeenUpTo')?.value).toBe(latest?.finishedAt);
    expect(latest).toMatchObject({ trigger: 'manual', outcome: 'changes' });
    await screenshots('e2e-changes-view');
  });

  it('the note typed on a pending row is still there after it posts', async () => {
    const posted = (await liveRows()).filter((t) => t.postedFromId && notes.has(t.postedFromId));
    expect(posted.length).toBeGreaterThan(0);
    for (const t of posted) expect(t.note).toBe(notes.get(t.postedFromId ?? ''));
    for (const id of notes.keys()) if (posted.some((t) => t.postedFromId === id)) expect((await liveRows()).some((t) => t.id === id)).toBe(false);

    // Through the UI: open the posted row from its Changes entry; its note and history are there.
    const [first] = posted;
    await runs().first().locator(`[data-testid="change-posted"] button[data-tx-id="${first?.id}"]`).click();
    await fieldsOf(first?.id ?? '').waitFor();
    expect(await detail().getByTestId('user-note').inputValue()).toBe(notes.get(first?.postedFromId ?? ''));
    const history = await detail().getByTestId('tx-history').innerText();
    expect(history).toMatch(/Posted from pending/);
    expect(history).toMatch(/The pending charge appeared/);
    await screenshots('e2e-changes-detail-posted');
    await page.getByTestId('tx-detail-close').click();
  });

  it('a suggested pair is not merged until the user confirms it; then the note carries over', async () => {
    const open = (await readStore<SuggestionRow>(page, 'suggestions')).filter((s) => s.status === 'open');
    expect(open.map((s) => [s.pendingId, s.postedId])).toEqual([[plaidId('suggest'), plaidId('posted:suggest')]]);
    const [s] = open;
    const before = (await liveRows()).find((t) => t.id === s?.postedId);
    expect(before?.postedFromId ?? null).toBeNull();
    expect(before?.note ?? null).toBeNull();

    const card = page.getByTestId('suggestion').first();
    expect(await card.innerText()).toMatch(/Same purchase\?/);
    await card.getByTestId('suggestion-confirm').click();
    await expect.poll(async () => (await liveRows()).find((t) => t.id === s?.postedId)?.postedFromId).toBe(s?.pendingId);
    expect((await liveRows()).find((t) => t.id === s?.postedId)?.note).toBe(notes.get(s?.pendingId ?? ''));
    // It now reads as a posting, confirmed by the user.
    await expect.poll(() => runs().first().getByTestId('match-method').allInnerTexts()).toContain('confirmed by you');
    await screenshots('e2e-changes-after-confirm');
  });

  it('shows each row on the calendar date the bank gave, in this zone and on this day', async () => {
    await page.getByTestId('tab-transactions').click();
    await page.getByTestId('tx-row').first().waitFor();
    const stored = new Map((await liveRows()).map((t) => [t.id, t.date]));
    const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    const thisYear = new Date().getFullYear(); // the run's pinned calendar, which the page shares
    const shown = await page.getByTestId('tx-row').evaluateAll((rows) => rows.map((r) => ({
      id: r.getAttribute('data-tx-id') ?? '', text: r.querySelector('.tx-cell--date time')?.textContent ?? '',
    })));
    expect(shown.length).toBeGreaterThan(5);
    for (const { id, text } of shown) {
      const [y, m, d] = (stored.get(id) ?? '').split('-').map(Number);
      const expected = y === thisYear ? `${MONTHS[(m ?? 1) - 1]} ${d}` : `${m}/${d}/${String(y).slice(2)}`;
      expect(text, `${id} dated ${stored.get(id)} in ${Intl.DateTimeFormat().resolvedOptions().timeZone}`).toBe(expected);
    }
  });

  it('marks rows that posted from a pending one in the transactions list, with the category the user gave the pending', async () => {
    await page.getByTestId('tab-transactions').click();
    await page.getByTestId('tx-row').first().waitFor();
    expect(await page.getByTestId('posted-badge').count()).toBeGreaterThan(0);
    expect(categorized).toBe(plaidId('tip'));
    const successor = (await liveRows()).find((t) => t.postedFromId === categorized);
    expect(successor?.userCategory).toBe(CATEGORY);
    const cell = page.locator(`[data-testid="tx-row"][data-tx-id="${successor?.id}"] .tx-cell--category`);
    expect(await cell.innerText()).toBe(CATEGORY_LABEL);
    expect(await cell.getAttribute('class')).toContain('is-user');
    await screenshots('e2e-changes-transactions');
  });

  it('flags a pending row that never posted as stale after 10 days, with a tooltip that says why', async () => {
    // A pending authorization the bank forgot to drop, as a sync 14 days ago would have stored it.
    const pendingRow = (await liveRows()).find((t) => t.pending);
    const d = new Date(); // the run's pinned calendar, which the page shares
    d.setDate(d.getDate() - 14);
    const date = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    const stale = { ...pendingRow, id: 'plaid:stale-e2e', date, authorizedDate: date, description: 'HOTEL DEPOSIT HOLD', merchant: null,
      listKey: `${date}|plaid:stale-e2e`, pendingKey: `${pendingRow?.accountId}\u0000${date}\u0000plaid:stale-e2e` };
    await page.evaluate((row) => new Promise<void>((resolve, reject) => {
      const open = indexedDB.open('ledgerline');
      open.onsuccess = () => {
        const tx = open.result.transaction('transactions', 'readwrite');
        tx.objectStore('transactions').put(row);
        tx.oncomplete = () => { open.result.close(); resolve(); };
        tx.onerror = () => reject(tx.error);
      };
      open.onerror = () => reject(open.error);
    }), stale);
    await page.reload();
    const row = page.locator('[data-testid="tx-row"][data-tx-id="plaid:stale-e2e"]');
    const table = page.locator('.tx-table');
    await page.getByTestId('tx-row').first().waitFor();
    for (let i = 0; i < 40 && (await row.count()) === 0; i++) await table.evaluate((el) => el.scrollBy(0, 400));
    await row.scrollIntoViewIfNeeded();
    const badge = row.getByTestId('stale-badge');
    expect(await badge.innerText()).toBe('Stale');
    expect(await badge.getAttribute('title')).toMatch(/^Pending for 14 days and never posted/);
    // Fresh pendings are not stale.
    expect(await page.locator('[data-testid="tx-row"]:not([data-tx-id="plaid:stale-e2e"]) [data-testid="stale-badge"]').count()).toBe(0);
    await badge.hover();
    await screenshots('e2e-changes-stale');
  });
});
