import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { startPlaidBank, type PlaidBank } from '../../electron/demo-banks/plaid/plaidBank';
import { stopAll } from './support/app';
import { hasChromium, launchBrowser, screenshotsBothSchemes } from './support/browser';
import { startHost, type HostProcess } from './support/host';
import { readStore, readChanges } from './support/idb';
import type { AccountRow, ChangeRow, SuggestionRow, SyncRunRow, TransactionRow } from '../../renderer/src/db/schema';

// A sync that matters: one Refresh now brings 5 pending → posted, 25 new rows, a backfill of 498
// older rows, 3 corrected rows and 2 removals (demo bank over HTTP → browser host → the built
// renderer in Chromium). Every correction's field diff, every posting and every removal must be
// on the run's card without "Show all"; the backfill is one line; each count scrolls to its
// section; a row opens its detail; "Show in Transactions" filters the list to exactly that run,
// also when it is not the last one. The bank's clock and the page's are pinned to the same day.
const clientId = 'ledgerline-changes-large';
const secret = 'changes-large-secret-7070';
const NOW = new Date('2026-03-10T15:00:00Z');

let bank: PlaidBank;
let host: HostProcess;
let context: BrowserContext;
let page: Page;

async function refresh(): Promise<void> {
  const before = (await readStore(page, 'syncRuns')).length;
  await page.getByTestId('refresh-now').click();
  await expect.poll(async () => (await readStore(page, 'syncRuns')).length, { timeout: 60_000 }).toBeGreaterThan(before);
  await expect.poll(() => page.getByTestId('refresh-now').isDisabled(), { timeout: 60_000 }).toBe(false);
}

async function burst(spec: Record<string, number>): Promise<void> {
  const res = await fetch(`${bank.plaidUrl}/__admin/burst`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ item_id: bank.items()[0]?.item_id ?? '', authorize: 0, post: 0, add: 0, modify: 0, remove: 0, ...spec, on_refresh: true }),
  });
  expect(res.status).toBe(200);
}

const lastRun = async (): Promise<SyncRunRow> => {
  const all = await readStore<SyncRunRow>(page, 'syncRuns');
  return all.sort((a, b) => a.finishedAt.localeCompare(b.finishedAt)).at(-1) as SyncRunRow;
};

describe.skipIf(!hasChromium)('the Changes view on a large sync (Chromium)', () => {
  let big: SyncRunRow;
  let changes: ChangeRow[];
  /** Removals the card lists as such (not a suggested pair's pending half). */
  let removals: ChangeRow[];

  beforeAll(async () => {
    bank = await startPlaidBank({ seed: 1515, clientId, secret, tickIntervalMs: null, now: () => NOW, profile: { historyDays: 60 } });
    host = await startHost({ plaidUrl: bank.plaidUrl, clientId, secret });
    ({ context } = await launchBrowser());
    page = await context.newPage();
    await page.clock.install({ time: NOW });
    await page.goto(host.url);
  });
  afterAll(() => stopAll(context, host, bank));

  it('one refresh with hundreds of additions: every correction, posting and removal is on the card, the backfill is one line', async () => {
    await page.locator('[data-testid="connection-status"][data-state="ok"]').first().waitFor({ timeout: 30_000 });
    await burst({ authorize: 5 });
    await refresh();
    await burst({ post: 5, add: 25, backfill: 498, modify: 3, remove: 2 });
    await refresh();
    big = await lastRun();
    expect(big.added).toBeGreaterThanOrEqual(523);
    changes = (await readChanges(page)).filter((c) => c.runId === big.id);
    const suggestions = (await readStore<SuggestionRow>(page, 'suggestions')).filter((s) => s.runId === big.id && s.status === 'open');
    const inSuggestion = new Set(suggestions.flatMap((s) => [s.postedId, s.pendingId]));
    const of = (kind: ChangeRow['kind']) => changes.filter((c) => c.kind === kind && !inSuggestion.has(c.txId));
    removals = of('removed');
    expect(of('modified')).toHaveLength(3);
    expect(of('posted').length + suggestions.length).toBe(5);

    await page.getByTestId('tab-changes').click();
    const card = page.locator(`[data-testid="sync-run"][data-run-id="${big.id}"]`);
    await card.getByTestId('run-section-added').waitFor();
    // The card shows a bounded first read at once, then the whole run (no click needed).
    await expect.poll(() => card.getAttribute('data-read'), { timeout: 30_000 }).toBe('all');
    // The sections in the order a person checks them.
    const order = await card.locator('[data-testid^="run-section-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    const expected = ['review', 'removed', 'modified', 'posted', 'added'].filter((k) => k !== 'review' || suggestions.length > 0).map((k) => `run-section-${k}`);
    expect(order).toEqual(expected);

    const row = (kind: string, id: string) => card.locator(`[data-testid="${kind}"][data-change-tx="${id}"]`);
    for (const m of of('modified')) {
      const item = row('change-modified', m.txId);
      expect(await item.isVisible()).toBe(true);
      for (const f of m.fields) expect(await item.locator(`.field-diff[data-field="${f.field}"]`).count(), `${m.txId} ${f.field}`).toBe(1);
      expect(await item.locator('.field-diff__before').count()).toBe(m.fields.length);
    }
    for (const p of of('posted')) expect(await row('change-posted', p.txId).isVisible(), p.txId).toBe(true);
    for (const s of suggestions) expect(await row('suggestion', s.postedId).isVisible(), s.postedId).toBe(true);
    for (const r of of('removed')) expect(await row('change-removed', r.txId).isVisible(), r.txId).toBe(true);
    expect(await card.getByTestId('section-show-all').count()).toBe(1); // only New has more than it lists

    // True counts: the sections count what they hold; additions, listed and summarized, are all of them.
    const count = (k: string) => card.getByTestId(`run-section-${k}`).getByTestId('section-count').innerText();
    expect(await count('removed')).toBe(String(of('removed').length));
    expect(await count('modified')).toBe('3');
    expect(Number((await count('added')).replace(/\D/g, ''))).toBe(of('added').length);

    // The backfill in words, in one line per account.
    const accounts = await readStore<AccountRow>(page, 'accounts');
    const older = card.getByTestId('older-additions');
    expect(await older.count()).toBe(1);
    const olderAccount = await older.getAttribute('data-account-id');
    const account = accounts.find((a) => a.id === olderAccount);
    expect(await older.getByTestId('older-summary').innerText())
      .toMatch(new RegExp(`^498 older transactions from [A-Z][a-z]{2} \\d{1,2}, 2025 – [A-Z][a-z]{2} \\d{1,2}, 2026 added to ${account?.name ?? '?'} ••${account?.mask ?? '?'}$`));
    // New recent rows are listed (the first of them; the rest behind Show all).
    expect(await card.getByTestId('run-section-added').locator('.run__list > [data-testid="change-added"]').count()).toBe(8);

    await page.setViewportSize({ width: 1280, height: 900 });
    await screenshotsBothSchemes(page, 'changes-large');
  });

  it('each count scrolls to its section; a row opens its detail', async () => {
    const card = page.locator(`[data-testid="sync-run"][data-run-id="${big.id}"]`);
    const scroller = page.locator('.changes__scroll');
    const inView = async (k: string) => {
      const box = await card.getByTestId(`run-section-${k}`).boundingBox();
      const view = await scroller.boundingBox();
      return box !== null && view !== null && box.y >= view.y - 1 && box.y < view.y + view.height - 20;
    };
    await card.getByTestId('count-added').click();
    await expect.poll(() => inView('added')).toBe(true);
    await card.getByTestId('count-removed').click();
    await expect.poll(() => inView('removed')).toBe(true);

    const removed = removals[0] as ChangeRow;
    await card.locator(`[data-change-tx="${removed.txId}"] .change__date`).click();
    await page.locator(`[data-testid="tx-detail"][data-tx-id="${removed.txId}"]`).waitFor();
    await page.getByTestId('tx-detail-close').click();
  });

  it('Show all and the backfill open as virtualized lists: 498 rows, a few dozen in the page', async () => {
    const card = page.locator(`[data-testid="sync-run"][data-run-id="${big.id}"]`);
    await card.getByTestId('older-toggle').click();
    const list = card.getByTestId('older-additions').getByTestId('change-list-virtual');
    await list.waitFor();
    const rendered = await list.locator('[data-testid="change-added"]').count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(60);
    // Scrolled to its end, the oldest row is there.
    await list.evaluate((el) => { el.scrollTop = el.scrollHeight; });
    const older = changes.filter((c) => c.kind === 'added');
    const rows = new Map((await readStore<TransactionRow>(page, 'transactions')).map((t) => [t.id, t]));
    const oldest = older.map((c) => rows.get(c.txId)).filter((t): t is TransactionRow => t !== undefined)
      .sort((a, b) => a.date.localeCompare(b.date) || b.description.localeCompare(a.description))[0];
    await expect.poll(() => list.locator(`time[datetime="${oldest?.date ?? ''}"]`).count()).toBeGreaterThan(0);
    await screenshotsBothSchemes(page, 'changes-large-backfill');
    await card.getByTestId('older-toggle').click();
  });

  it('"Show in Transactions" lists exactly that run\'s rows, for a run that is no longer the last', async () => {
    await burst({ add: 3 });
    await refresh();
    const after = await lastRun();
    expect(after.id).not.toBe(big.id);
    const live = new Set((await readStore<TransactionRow>(page, 'transactions')).filter((t) => t.removedAt === null).map((t) => t.id));
    const expected = new Set(changes.filter((c) => c.kind !== 'removed' && live.has(c.txId)).map((c) => c.txId));

    await page.locator(`[data-testid="sync-run"][data-run-id="${big.id}"]`).getByTestId('run-show-transactions').click();
    await page.locator('[data-testid="filter-chip"][data-chip="run"]').waitFor();
    await expect.poll(() => page.getByTestId('match-count').getAttribute('data-count'), { timeout: 15_000 }).toBe(String(expected.size));
    // The count comes with the ids; the rows themselves are read a page at a time after it.
    await expect.poll(() => page.getByTestId('tx-row').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const shown = await page.getByTestId('tx-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-tx-id')));
    for (const id of shown) expect(expected.has(id ?? ''), id ?? '').toBe(true);
    // The last run's rows are not in it.
    const latest = (await readChanges(page)).filter((c) => c.runId === after.id).map((c) => c.txId);
    for (const id of latest) expect(shown).not.toContain(id);
  });

  it('"Show them in Transactions" on the first sync lists the rows it imported', async () => {
    const all = await readStore<SyncRunRow>(page, 'syncRuns');
    const imported = all.find((r) => r.fromCursor === null) as SyncRunRow;
    const rows = (await readStore<TransactionRow>(page, 'transactions')).filter((t) => t.removedAt === null);
    const expected = rows.filter((t) => t.firstSeenAt <= imported.finishedAt).length;
    expect(expected).toBeGreaterThan(100);
    expect(expected).toBeLessThan(rows.length);
    await page.getByTestId('tab-changes').click();
    await page.locator(`[data-testid="sync-run"][data-run-id="${imported.id}"]`).getByTestId('run-show-transactions').click();
    await page.locator('[data-testid="filter-chip"][data-chip="run"]').waitFor();
    await expect.poll(() => page.getByTestId('match-count').getAttribute('data-count'), { timeout: 15_000 }).toBe(String(expected));
  });
});
