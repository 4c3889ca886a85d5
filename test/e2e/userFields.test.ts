import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { startPlaidBank, type PlaidBank } from '../../electron/demo-banks/plaid/plaidBank';
import { openApp, stopAll } from './support/app';
import { hasChromium, screenshotPath, screenshotsBothSchemes } from './support/browser';
import { startHost, type HostProcess } from './support/host';
import { readStore } from './support/idb';
import type { TransactionRow } from '../../renderer/src/db/schema';
import { effectiveCategory, rulesByKey, type CategoryRule } from '../../shared/categories/rules';

// Issue 20, the user's own fields, end to end on the Plaid demo bank → browser host → built
// renderer: exclude a row (it leaves Budgets' spent and Insights' spending, and the list, until
// `is:excluded`), split a row into 3 parts (each part lands in its own budget line), tag two rows
// `#trip` (the search finds exactly them). Every expectation is checked against IndexedDB or
// against the screen's own figures before the change, never against a constant.
const clientId = 'ledgerline-userfields';
const secret = 'userfields-secret-2020';
let bank: PlaidBank;
let host: HostProcess;
let context: BrowserContext;
let page: Page;
const problems: string[] = [];

/** Categories whose rows are plain purchases (never a transfer or loan pair): safe to move between lines. */
const PLAIN = new Set(['groceries', 'dining', 'coffee', 'shopping', 'entertainment', 'transport', 'home', 'health', 'personal_care', 'services']);

const detail = () => page.getByTestId('tx-detail');
const rowById = (id: string) => page.locator(`[data-testid="tx-row"][data-tx-id="${id}"]`);
const stored = async (id: string) => (await readStore<TransactionRow>(page, 'transactions')).find((t) => t.id === id);
const usdCents = (text: string) => Math.round(Number(text.replace(/[^0-9.-]/g, '')) * 100);
const pageMonth = () => page.evaluate(() => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
});

async function search(text: string): Promise<void> {
  await page.getByTestId('tab-transactions').click();
  await page.getByTestId('search-input').fill(text);
}

/** Finds the row by its description (quoted), then opens it by id. */
async function openRow(t: TransactionRow): Promise<void> {
  await search(`"${t.description}"`);
  await rowById(t.id).waitFor();
  await rowById(t.id).click();
  await detail().locator(`[data-testid="user-fields"][data-tx-id="${t.id}"]`).waitFor();
}

async function budgetSpent(): Promise<{ lines: Map<string, number>; total: number }> {
  await page.getByTestId('tab-budgets').click();
  await page.getByTestId('budget-table').waitFor({ timeout: 30_000 });
  const rows = await page.getByTestId('budget-line').evaluateAll((els) => els.map((e) => [e.getAttribute('data-category') ?? '', Number(e.getAttribute('data-spent-minor'))] as const));
  return { lines: new Map(rows.filter(([, v]) => v !== 0)), total: usdCents(await page.getByTestId('budget-total-spent').innerText()) };
}

/** Insights' spending figure for the newest month (the cashflow table's last row). */
async function insightsSpending(): Promise<number> {
  await page.getByTestId('tab-insights').click();
  const cashflow = page.getByTestId('chart-cashflow');
  await cashflow.waitFor({ timeout: 30_000 });
  const table = cashflow.getByTestId('cashflow-table');
  if (!(await table.isVisible())) await cashflow.getByTestId('chart-table-toggle').click();
  return usdCents(await table.locator('tbody tr').last().locator('td').nth(1).innerText());
}

describe.skipIf(!hasChromium)('the user\'s own fields in Chromium: exclude, split, tags', () => {
  beforeAll(async () => {
    bank = await startPlaidBank({ seed: 2020, clientId, secret, tickIntervalMs: null, profile: { historyDays: 60 } });
    host = await startHost({ plaidUrl: bank.plaidUrl, clientId, secret });
    ({ context, page } = await openApp(host.url));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  });
  afterAll(() => stopAll(context, host, bank));

  it('excludes a row, splits one into 3 parts and tags two: budgets, Insights and search follow', async () => {
    await expect.poll(() => page.getByTestId('connection-status').first().getAttribute('data-state'), { timeout: 60_000 }).toBe('ok');
    await page.getByTestId('tx-row').first().waitFor();
    const month = await pageMonth();
    const rules = rulesByKey(await readStore<CategoryRule>(page, 'rules'));
    const live = (await readStore<TransactionRow>(page, 'transactions')).filter((t) => t.removedAt === null && !!t.listKey);
    // This month's plain purchases in USD (found by a quoted search on their description, opened by id).
    const searchable = (t: TransactionRow) => !t.description.includes('"');
    const inMonth = live.filter((t) => t.currency === 'USD' && t.date.startsWith(`${month}-`) && searchable(t));
    const plain = inMonth.filter((t) => t.amountMinor <= -300 && !t.pending && PLAIN.has(effectiveCategory(t, rules)))
      .sort((a, b) => a.amountMinor - b.amountMinor);
    expect(plain.length, `plain purchases in ${month}: ${inMonth.map((t) => `${t.description} ${t.amountMinor} ${effectiveCategory(t, rules)}`).join('; ')}`).toBeGreaterThanOrEqual(2);
    const [excluded, split] = plain as [TransactionRow, TransactionRow];
    const tagged = inMonth.filter((t) => t.id !== excluded.id && t.id !== split.id).slice(0, 2);
    expect(tagged).toHaveLength(2);
    const categoryOf = (t: TransactionRow) => effectiveCategory(t, rules);

    const budgetBefore = await budgetSpent();
    const insightsBefore = await insightsSpending();

    // 1. Exclude: the detail panel says so, the row leaves the list (a count says one is hidden).
    await openRow(excluded);
    await detail().getByTestId('exclude-toggle').click();
    await expect.poll(async () => (await stored(excluded.id))?.excludedAt ?? null).not.toBeNull();
    await detail().getByTestId('excluded-badge').waitFor();
    await expect.poll(() => rowById(excluded.id).count()).toBe(0);
    await page.getByTestId('tx-detail-close').click();
    await search('');
    await expect.poll(() => page.getByTestId('hidden-excluded').getAttribute('data-count')).toBe('1');
    await page.getByTestId('show-excluded').click();
    expect(await page.getByTestId('search-input').inputValue()).toBe('is:excluded');
    await expect.poll(() => page.getByTestId('tx-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-tx-id')))).toEqual([excluded.id]);
    await rowById(excluded.id).getByTestId('excluded-badge').waitFor();
    await page.screenshot({ path: screenshotPath('e2e-userfields-excluded') });

    // It leaves Budgets' spent (its line and the total) and Insights' spending, by exactly its amount.
    const cut = -excluded.amountMinor;
    const afterExclude = await budgetSpent();
    const expectedLines = new Map(budgetBefore.lines);
    const dec = (cat: string, minor: number) => expectedLines.set(cat, (expectedLines.get(cat) ?? 0) + minor);
    dec(categoryOf(excluded), -cut);
    const nonZero = (m: Map<string, number>) => new Map([...m].filter(([, v]) => v !== 0));
    expect(afterExclude.lines).toEqual(nonZero(expectedLines));
    expect(afterExclude.total).toBe(budgetBefore.total - cut);
    await expect.poll(insightsSpending).toBe(insightsBefore - cut);

    // 2. Split into 3 parts: the editor refuses a split that does not add up, then saves one that does.
    const total = -split.amountMinor;
    const half = Math.floor(total / 2);
    const third = Math.floor(total / 3);
    const parts = [half, third, total - half - third];
    const partCategories = ['travel', 'entertainment', 'health'];
    const at = <T,>(list: readonly T[], i: number): T => {
      const v = list[i];
      if (v === undefined) throw new Error(`no item ${i}`);
      return v;
    };
    await openRow(split);
    await detail().getByTestId('split-start').click();
    await detail().getByTestId('split-add').click();
    const amounts = detail().getByTestId('split-amount');
    const categories = detail().getByTestId('split-category');
    expect(await amounts.count()).toBe(3);
    const decimal = (minor: number) => (minor / 100).toFixed(2);
    for (let i = 0; i < 3; i++) {
      await amounts.nth(i).fill(decimal(at(parts, i) + (i === 2 ? 1 : 0)));
      await categories.nth(i).selectOption(at(partCategories, i));
    }
    await detail().getByTestId('split-note').nth(0).fill('flights');
    await expect.poll(() => detail().getByTestId('split-remaining').getAttribute('data-minor')).toBe('1');
    expect(await detail().getByTestId('split-save').isDisabled()).toBe(true);
    await amounts.nth(2).fill(decimal(at(parts, 2)));
    await expect.poll(() => detail().getByTestId('split-remaining').getAttribute('data-zero')).toBe('true');
    await page.screenshot({ path: screenshotPath('e2e-userfields-split-editor') });
    await detail().getByTestId('split-save').click();
    await detail().getByTestId('split-summary').waitFor();
    await expect.poll(async () => (await stored(split.id))?.splits ?? null).toEqual([
      { amountMinor: -half, category: 'travel', note: 'flights' },
      { amountMinor: -third, category: 'entertainment', note: null },
      { amountMinor: -(total - half - third), category: 'health', note: null },
    ]);
    // Tags on the split row too, for the panel's picture.
    await detail().getByTestId('tag-input').fill('#household #costco');
    await detail().getByTestId('tag-add').click();
    await expect.poll(async () => (await stored(split.id))?.tags ?? null).toEqual(['household', 'costco']);
    await screenshotsBothSchemes(page, 'e2e-userfields-detail');
    await page.getByTestId('tx-detail-close').click();

    // Each part is in its own budget line; the row's own category gives its whole amount back.
    dec(categoryOf(split), -total);
    parts.forEach((p, i) => dec(at(partCategories, i), p));
    await expect.poll(async () => (await budgetSpent()).lines).toEqual(nonZero(expectedLines));
    expect((await budgetSpent()).total).toBe(budgetBefore.total - cut);
    // The list row names the largest part's category and how many more.
    await search('#household');
    await expect.poll(() => rowById(split.id).locator('.tx-cell--category').innerText()).toBe('Travel + 2 more');
    await page.screenshot({ path: screenshotPath('e2e-userfields-split-row') });

    // 3. Tags: two rows tagged #trip, found exactly by `#trip`, shown as chips on the rows.
    for (const t of tagged) {
      await openRow(t);
      await detail().getByTestId('tag-input').fill(t === tagged[0] ? '#trip' : 'Trip');
      await detail().getByTestId('tag-add').click();
      await expect.poll(async () => (await stored(t.id))?.tags ?? null).toEqual(['trip']);
      await page.getByTestId('tx-detail-close').click();
    }
    await search('#trip');
    await expect.poll(() => page.getByTestId('match-count').getAttribute('data-count')).toBe('2');
    const found = await page.getByTestId('tx-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-tx-id')));
    expect(new Set(found)).toEqual(new Set(tagged.map((t) => t.id)));
    for (const t of tagged) expect(await rowById(t.id).getByTestId('tag-chip').getAttribute('data-tag')).toBe('trip');
    await page.screenshot({ path: screenshotPath('e2e-userfields-tag-search') });

    expect(problems).toEqual([]);
  }, 150_000);
});
