import fs from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { AxeResults } from 'axe-core';
import { startPlaidBank, type PlaidBank } from '../../electron/demo-banks/plaid/plaidBank';
import { categoryLabel } from '../../shared/categories/categories';
import { effectiveCategory, rulesByKey, type CategoryRule } from '../../shared/categories/rules';
import { toDecimalString } from '../../shared/money';
import { openApp, stopAll } from './support/app';
import { CHROMIUM, hasChromium, pinPageClock, screenshotPath, TEST_ZONE } from './support/browser';
import { startHost, type HostProcess } from './support/host';
import { readStore, readChanges } from './support/idb';
import type { AccountRow, SyncRunRow, TransactionRow } from '../../renderer/src/db/schema';

// Search and filters, for real: demo bank (HTTP) → browser host → the built renderer in Chromium,
// its index worker reading IndexedDB. Every expectation is computed from what IndexedDB holds
// (read without Dexie), never from the index itself.
const clientId = 'ledgerline-search';
const secret = 'search-secret-3141';
let bank: PlaidBank;
let host: HostProcess;
let context: BrowserContext;
let page: Page;
const consoleProblems: string[] = [];

interface Truth {
  rows: TransactionRow[];
  /** What the index searches, per row id: description, merchant, category label, note — lower-cased. */
  text: Map<string, string>;
  category: Map<string, string>;
}

async function truth(): Promise<Truth> {
  const rules = rulesByKey(await readStore<CategoryRule>(page, 'rules'));
  const rows = (await readStore<TransactionRow>(page, 'transactions'))
    .filter((t) => t.removedAt === null && t.listKey)
    .sort((a, b) => ((a.listKey ?? '') < (b.listKey ?? '') ? 1 : -1));
  const category = new Map(rows.map((t) => [t.id, effectiveCategory(t, rules)]));
  const text = new Map(rows.map((t) => [t.id, [t.description, t.merchant ?? '', categoryLabel(category.get(t.id) ?? ''), t.note ?? ''].join('\u0001').toLowerCase()]));
  return { rows, text, category };
}

const totalsOf = (rows: readonly TransactionRow[]) => {
  const m = new Map<string, number>();
  for (const r of rows) m.set(r.currency, (m.get(r.currency) ?? 0) + r.amountMinor);
  return [...m].sort(([a], [b]) => (a < b ? -1 : 1)).map(([currency, minor]) => ({ currency, minor }));
};

/** The rows the list shows (it is virtualized: those rendered), in order. */
const shownIds = () => page.locator('[data-testid="tx-row"]').evaluateAll((rows) =>
  rows.map((r) => ({ id: r.getAttribute('data-tx-id') ?? '', index: Number(r.getAttribute('aria-rowindex')) }))
    .sort((a, b) => a.index - b.index).map((r) => r.id));

const matchCount = async () => Number(await page.getByTestId('match-count').getAttribute('data-count'));
const shownTotals = () => page.getByTestId('match-total').evaluateAll((els) =>
  els.map((e) => ({ currency: e.getAttribute('data-currency') ?? '', minor: Number(e.getAttribute('data-minor')) })));

/** Waits until the summary and the list agree with `expected` (the rows in list order). */
async function expectList(expected: readonly TransactionRow[]): Promise<void> {
  await expect.poll(matchCount, { timeout: 15_000 }).toBe(expected.length);
  expect(await shownTotals()).toEqual(totalsOf(expected));
  if (expected.length === 0) {
    await page.getByTestId('search-empty').waitFor();
    return;
  }
  const n = Math.min(expected.length, 10);
  await expect.poll(async () => (await shownIds()).slice(0, n), { timeout: 15_000 }).toEqual(expected.slice(0, n).map((t) => t.id));
  if (expected.length <= 20) expect(await shownIds()).toEqual(expected.map((t) => t.id));
}

const search = (text: string) => page.getByTestId('search-input').fill(text);

async function openFilters(): Promise<void> {
  if ((await page.getByTestId('filters-button').getAttribute('aria-expanded')) !== 'true') await page.getByTestId('filters-button').click();
  await page.getByTestId('filter-panel').waitFor();
}

async function closeFilters(): Promise<void> {
  await page.getByTestId('filter-panel').getByRole('button', { name: 'Done' }).click();
  await page.getByTestId('filter-panel').waitFor({ state: 'detached' });
}

describe.skipIf(!hasChromium)('search and filters on the demo data', () => {
  beforeAll(async () => {
    bank = await startPlaidBank({ seed: 31, clientId, secret, tickIntervalMs: null, profile: { historyDays: 90 } });
    host = await startHost({ plaidUrl: bank.plaidUrl, clientId, secret });
    ({ context, page } = await openApp(host.url));
    page.on('console', (m) => {
      if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) consoleProblems.push(m.text());
    });
    page.on('pageerror', (e) => consoleProblems.push(e.message));
    await page.locator('[data-testid="connection-status"][data-state="ok"]').first().waitFor({ timeout: 30_000 });
    await page.getByTestId('tx-row').first().waitFor();
  });
  afterAll(() => stopAll(context, host, bank));

  it('Ctrl+F focuses the search box; typing a word narrows the list to exactly the rows that contain it', async () => {
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+f');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('tx-search');

    const t = await truth();
    // A word from a real description that a handful of rows share.
    const counts = new Map<string, number>();
    for (const r of t.rows) for (const w of new Set(r.description.toLowerCase().split(/[^a-z]+/u))) if (w.length >= 4) counts.set(w, (counts.get(w) ?? 0) + 1);
    const word = [...counts].filter(([, n]) => n >= 2 && n <= 15).sort((a, b) => b[1] - a[1])[0]?.[0];
    expect(word).toBeTruthy();
    const typed = (word ?? '').toUpperCase().slice(0, -1); // case-insensitive, and a prefix still matches
    await page.keyboard.type(typed);
    const expected = t.rows.filter((r) => (t.text.get(r.id) ?? '').includes(typed.toLowerCase()));
    expect(expected.length).toBeGreaterThan(0);
    await expectList(expected);

    // Two words: both must match.
    await search(`${typed} zzzz-not-there`);
    await expectList([]);
    await page.getByTestId('search-empty').getByRole('button', { name: 'Clear search and filters' }).click();
    await expect.poll(() => page.getByTestId('search-input').inputValue()).toBe('');
    await page.getByTestId('match-summary').waitFor({ state: 'detached' });
  });

  it('an amount like 12.50 taken from a real row lists that row (and only rows of that amount or text)', async () => {
    const t = await truth();
    const target = t.rows.find((r) => r.currency === 'USD' && Math.abs(r.amountMinor) % 100 !== 0) ?? t.rows[0];
    if (!target) throw new Error('no rows');
    const typed = toDecimalString(Math.abs(target.amountMinor), target.currency);
    await search(typed);
    const expected = t.rows.filter((r) => Math.abs(r.amountMinor) === Math.abs(target.amountMinor) || (t.text.get(r.id) ?? '').includes(typed));
    await expectList(expected);
    expect(await shownIds()).toContain(target.id);

    // With a minus: money out of that amount only.
    await search(`-${typed}`);
    await expectList(t.rows.filter((r) => r.amountMinor === -Math.abs(target.amountMinor)));
    // Escape clears the box and widens the list again.
    await page.getByTestId('search-input').press('Escape');
    await expect.poll(() => page.getByTestId('search-input').inputValue()).toBe('');
  });

  it('filters (account, pending, dates, category) show as chips with the right count and total; removing a chip widens the list', async () => {
    const t = await truth();
    const accounts = await readStore<AccountRow>(page, 'accounts');
    // The account with the most pending rows.
    const pendingBy = new Map<string, number>();
    for (const r of t.rows) if (r.pending) pendingBy.set(r.accountId, (pendingBy.get(r.accountId) ?? 0) + 1);
    const accountId = [...pendingBy].sort((a, b) => b[1] - a[1])[0]?.[0] ?? t.rows[0]?.accountId ?? '';
    const account = accounts.find((a) => a.id === accountId);
    if (!account) throw new Error('no account');

    await openFilters();
    const panel = page.getByTestId('filter-panel');
    await panel.getByRole('checkbox', { name: account.mask ? `${account.name} ••${account.mask}` : account.name }).check();
    const inAccount = t.rows.filter((r) => r.accountId === accountId);
    await expectList(inAccount);

    await panel.getByRole('radio', { name: 'Pending' }).check();
    const pending = inAccount.filter((r) => r.pending);
    await expectList(pending);

    // Back to posted rows, within a date range that holds some of them.
    await panel.getByRole('radio', { name: 'Posted' }).check();
    const posted = inAccount.filter((r) => !r.pending);
    const dates = [...new Set(posted.map((r) => r.date))].sort();
    const from = dates[Math.floor(dates.length / 4)] ?? '';
    const to = dates[Math.floor((dates.length * 3) / 4)] ?? '';
    await panel.getByLabel('From').fill(from);
    await panel.getByLabel('To').fill(to);
    const dated = posted.filter((r) => r.date >= from && r.date <= to);
    await expectList(dated);

    // The most common category among them.
    const byCategory = new Map<string, number>();
    for (const r of dated) byCategory.set(t.category.get(r.id) ?? '', (byCategory.get(t.category.get(r.id) ?? '') ?? 0) + 1);
    const category = [...byCategory].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
    await panel.getByRole('checkbox', { name: categoryLabel(category), exact: true }).check();
    const categorized = dated.filter((r) => t.category.get(r.id) === category);
    await expectList(categorized);
    await page.screenshot({ path: screenshotPath('search-panel-light') });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: screenshotPath('search-panel-dark') });
    await page.emulateMedia({ colorScheme: 'light' });
    await closeFilters();

    const chips = page.getByTestId('filter-chip');
    expect(await chips.allTextContents()).toEqual([
      `Account: ${account.mask ? `${account.name} ••${account.mask}` : account.name}`,
      expect.stringMatching(/^Date: .+ – .+$/u),
      'Posted only',
      `Category: ${categoryLabel(category)}`,
    ]);
    await page.locator('.transactions').screenshot({ path: screenshotPath('search-chips-light') });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.locator('.transactions').screenshot({ path: screenshotPath('search-chips-dark') });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 960, height: 800 });
    await page.screenshot({ path: screenshotPath('search-chips-960') });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    await page.setViewportSize({ width: 1280, height: 800 });

    // Removing the category chip widens the list back to the dated rows.
    await page.getByRole('button', { name: `Remove filter: Category: ${categoryLabel(category)}` }).click();
    await expectList(dated);
    await page.getByRole('button', { name: 'Remove filter: Posted only' }).click();
    await expectList(inAccount.filter((r) => r.date >= from && r.date <= to));
    await page.getByRole('button', { name: 'Clear all' }).click();
    await page.getByTestId('filter-chips').waitFor({ state: 'detached' });

    // Amount range (either sign) and direction.
    await openFilters();
    await panel.getByLabel('At least').fill('10');
    await panel.getByLabel('At most').fill('20.5');
    await expectList(t.rows.filter((r) => Math.abs(r.amountMinor) >= 1000 && Math.abs(r.amountMinor) <= 2050));
    await panel.getByRole('radio', { name: 'Money in' }).check();
    await expectList(t.rows.filter((r) => r.amountMinor >= 1000 && r.amountMinor <= 2050));
    await panel.getByRole('radio', { name: 'Money out' }).check();
    await expectList(t.rows.filter((r) => -r.amountMinor >= 1000 && -r.amountMinor <= 2050));
    await closeFilters();
    expect(await page.getByTestId('filter-chip').allTextContents()).toEqual(['Amount: 10.00 – 20.50', 'Money out']);
    await page.getByRole('button', { name: 'Clear all' }).click();
    await page.getByTestId('filter-chips').waitFor({ state: 'detached' });
  });

  it('"changed in last sync" lists what the latest run with changes brought', async () => {
    const t = await truth();
    const runs = (await readStore<SyncRunRow>(page, 'syncRuns')).filter((r) => r.outcome === 'changes').sort((a, b) => (a.finishedAt < b.finishedAt ? 1 : -1));
    const latest = runs[0];
    if (!latest) throw new Error('no run');
    const changed = new Set((await readChanges(page)).filter((c) => c.runId === latest.id && c.kind !== 'removed').map((c) => c.txId));
    await openFilters();
    await page.getByTestId('filter-panel').getByRole('checkbox', { name: 'Only changed in the last sync' }).check();
    await closeFilters();
    await expectList(t.rows.filter((r) => changed.has(r.id)));
    await page.getByRole('button', { name: 'Remove filter: Changed in last sync' }).click();
    await page.getByTestId('filter-chips').waitFor({ state: 'detached' });
  });

  it('arrow keys move between rows, Home/End jump, Enter opens the row', async () => {
    const t = await truth();
    // Down from the search box lands on the first row.
    await page.getByTestId('search-input').focus();
    await page.keyboard.press('ArrowDown');
    const focused = () => page.evaluate(() => ({
      id: document.activeElement?.getAttribute('data-tx-id') ?? null,
      index: Number(document.activeElement?.getAttribute('aria-rowindex')),
    }));
    expect(await focused()).toEqual({ id: t.rows[0]?.id, index: 2 });
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toEqual({ id: t.rows[2]?.id, index: 4 });
    await page.keyboard.press('ArrowUp');
    expect(await focused()).toEqual({ id: t.rows[1]?.id, index: 3 });
    // The focused row is wholly in view: below the sticky header, above the table's bottom edge.
    const inView = () => page.evaluate(() => {
      const row = document.activeElement?.getBoundingClientRect();
      const table = document.querySelector('[data-testid="tx-table"]')?.getBoundingClientRect();
      const header = document.querySelector('.tx-table__head')?.getBoundingClientRect();
      return !!row && !!table && !!header && row.top >= header.bottom - 0.5 && row.bottom <= table.bottom + 0.5;
    });
    await page.keyboard.press('End');
    await expect.poll(focused, { timeout: 10_000 }).toEqual({ id: t.rows.at(-1)?.id, index: t.rows.length + 1 });
    expect(await inView()).toBe(true);
    await page.keyboard.press('PageUp');
    await expect.poll(async () => (await focused()).index, { timeout: 10_000 }).toBeLessThan(t.rows.length + 1);
    expect(await inView()).toBe(true);
    await page.keyboard.press('Home');
    await expect.poll(focused, { timeout: 10_000 }).toEqual({ id: t.rows[0]?.id, index: 2 });
    expect(await inView()).toBe(true);
    await page.keyboard.press('PageDown');
    await expect.poll(async () => (await focused()).index, { timeout: 10_000 }).toBeGreaterThan(2);
    expect(await inView()).toBe(true);
    await page.keyboard.press('Home');
    await expect.poll(focused, { timeout: 10_000 }).toEqual({ id: t.rows[0]?.id, index: 2 });
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.locator(`[data-testid="user-fields"][data-tx-id="${t.rows[1]?.id ?? ''}"]`).waitFor();
    await page.getByTestId('tx-detail-close').click();
  });

  it('stays fresh: a note saved in the detail panel is found by the search at once (notifyIndex → the worker)', async () => {
    const t = await truth();
    const row = t.rows[3];
    if (!row) throw new Error('no rows');
    await search('flamingo');
    await expectList([]);
    await page.getByTestId('search-empty').getByRole('button', { name: 'Clear search and filters' }).click();
    await page.locator(`[data-testid="tx-row"][data-tx-id="${row.id}"]`).click();
    const form = page.locator(`[data-testid="user-fields"][data-tx-id="${row.id}"]`);
    await form.getByTestId('user-note').fill('Pink Flamingo party');
    await form.getByTestId('user-fields-save').click();
    await expect.poll(async () => (await readStore<TransactionRow>(page, 'transactions')).find((r) => r.id === row.id)?.note).toBe('Pink Flamingo party');
    await page.getByTestId('tx-detail-close').click();
    await search('flamingo');
    await expectList((await truth()).rows.filter((r) => r.id === row.id));
    await search('');
  });

  it('stays fresh across a sync: "changed in last sync" follows Refresh now', async () => {
    const changedIn = async () => {
      const runs = (await readStore<SyncRunRow>(page, 'syncRuns')).filter((r) => r.outcome === 'changes').sort((a, b) => (a.finishedAt < b.finishedAt ? 1 : -1));
      const ids = new Set((await readChanges(page)).filter((c) => c.runId === runs[0]?.id && c.kind !== 'removed').map((c) => c.txId));
      return { runId: runs[0]?.id, rows: (await truth()).rows.filter((r) => ids.has(r.id)) };
    };
    const before = await changedIn();
    await openFilters();
    await page.getByTestId('filter-panel').getByRole('checkbox', { name: 'Only changed in the last sync' }).check();
    await closeFilters();
    await expectList(before.rows);
    const runs = (await readStore(page, 'syncRuns')).length;
    await page.getByTestId('refresh-now').click();
    await expect.poll(async () => (await readStore(page, 'syncRuns')).length, { timeout: 30_000 }).toBeGreaterThan(runs);
    const after = await changedIn();
    expect(after.runId).not.toBe(before.runId); // the demo bank's refresh always brings something
    await expectList(after.rows);
    await page.getByRole('button', { name: 'Remove filter: Changed in last sync' }).click();
  });

  it('Ctrl+F from another view switches to Transactions and focuses the search box', async () => {
    await page.getByTestId('tab-changes').click();
    await page.getByTestId('search-input').waitFor({ state: 'detached' });
    await page.keyboard.press('Control+f');
    await page.getByTestId('search-input').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('tx-search');
  });

  it('axe finds nothing serious in the search box, the open filter panel, the chips and the empty result (light and dark)', async () => {
    const require = createRequire(import.meta.url);
    const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'], headless: true });
    try {
      const found: string[] = [];
      for (const colorScheme of ['light', 'dark'] as const) {
        // bypassCSP only here: axe-core cannot be injected under the app's CSP (every other test runs under it).
        const ctx = await browser.newContext({ bypassCSP: true, colorScheme, viewport: { width: 1280, height: 800 }, timezoneId: TEST_ZONE });
        await pinPageClock(ctx);
        const p = await ctx.newPage();
        await p.goto(host.url);
        await p.getByTestId('tx-row').first().waitFor({ timeout: 30_000 });
        await p.evaluate(axeSource);
        const audit = async (where: string) => {
          const violations = await p.evaluate(async () => {
            const axe = (window as unknown as { axe: { run(d: Document, o: { resultTypes: string[] }): Promise<AxeResults> } }).axe;
            const result = await axe.run(document, { resultTypes: ['violations'] });
            return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
              .flatMap((v) => v.nodes.slice(0, 3).map((n) => `${v.id}: ${n.target.join(' ')}`));
          });
          found.push(...violations.map((v) => `${where}-${colorScheme}: ${v}`));
        };
        await p.getByTestId('search-input').fill('coffee');
        await p.getByTestId('filters-button').click();
        await p.getByTestId('filter-panel').getByRole('radio', { name: 'Posted' }).check();
        await p.getByTestId('filter-chip').first().waitFor();
        await audit('panel');
        await p.keyboard.press('Escape');
        await p.getByTestId('filter-panel').waitFor({ state: 'detached' });
        expect(await p.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('filters-button'); // focus returns
        await audit('chips');
        await p.getByTestId('search-input').fill('zzzz-nothing');
        await p.getByTestId('search-empty').waitFor();
        await audit('empty');
        await ctx.close();
      }
      expect(found).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('no console errors or CSP violations (the index runs in a worker under the strict CSP)', () => {
    expect(consoleProblems).toEqual([]);
  });
});
