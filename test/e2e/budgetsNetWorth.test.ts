import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { startPlaidBank, type PlaidBank } from '../../electron/demo-banks/plaid/plaidBank';
import { startSnaptradeBank, type SnaptradeBank } from '../../electron/demo-banks/snaptrade/snaptradeBank';
import { openApp, stopAll } from './support/app';
import { hasChromium, screenshotPath, screenshotsBothSchemes } from './support/browser';
import { startHost, type HostProcess } from './support/host';
import { readStore } from './support/idb';
import type { AccountRow, BudgetRow, TransactionRow } from '../../renderer/src/db/schema';
import { categoryInfo } from '../../shared/categories/categories';
import { effectiveCategory, rulesByKey, type CategoryRule } from '../../shared/categories/rules';

// Budgets, net worth and holdings for real: the Plaid and SnapTrade demo banks over HTTP → the
// browser host → the built renderer in Chromium. Every figure the screens show is checked against
// IndexedDB, summed here, not against the app's own answer.
const clientId = 'ledgerline-budgets';
const secret = 'budgets-secret-1919';
let plaid: PlaidBank;
let snaptrade: SnaptradeBank;
let host: HostProcess;
let context: BrowserContext;
let page: Page;
const problems: string[] = [];

/** The page's local month (its clock is the test's pinned one). */
const pageMonth = () => page.evaluate(() => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
});

/** Net spending per category in a month and currency, from the stored rows (live rows only). */
async function spentFromDb(month: string, currency: string): Promise<Map<string, number>> {
  const rules = rulesByKey(await readStore<CategoryRule>(page, 'rules'));
  const out = new Map<string, number>();
  for (const t of await readStore<TransactionRow>(page, 'transactions')) {
    if (t.removedAt !== null || !t.listKey || t.currency !== currency || !t.date.startsWith(`${month}-`)) continue;
    const category = effectiveCategory(t, rules);
    const kind = categoryInfo(category)?.kind;
    if (kind === 'income' || kind === 'transfer' || kind === 'investment') continue;
    out.set(category, (out.get(category) ?? 0) - t.amountMinor);
  }
  return out;
}

async function shownSpent(): Promise<Map<string, number>> {
  const rows = await page.getByTestId('budget-line').evaluateAll((els) => els.map((e) => [e.getAttribute('data-category') ?? '', Number(e.getAttribute('data-spent-minor'))] as const));
  return new Map(rows.filter(([, v]) => v !== 0));
}

describe.skipIf(!hasChromium)('Budgets and Net worth in Chromium', () => {
  beforeAll(async () => {
    plaid = await startPlaidBank({ seed: 1919, clientId, secret, tickIntervalMs: null, profile: { historyDays: 100 } });
    snaptrade = await startSnaptradeBank({ seed: 1919, clientId, consumerKey: secret, dailySync: false, profile: { historyDays: 60 } });
    host = await startHost({ plaidUrl: plaid.plaidUrl, snaptradeUrl: snaptrade.url, clientId, secret, providers: ['plaid', 'snaptrade'] });
    ({ context, page } = await openApp(host.url));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  });
  afterAll(() => stopAll(context, host, plaid, snaptrade));

  it('Budgets: this month per category, spent equal to the ledger\'s; assigned edited in place; months move', async () => {
    await expect.poll(() => page.getByTestId('connection-status').evaluateAll((els) => els.map((e) => e.getAttribute('data-state'))), { timeout: 60_000 }).toEqual(['ok', 'ok']);
    await page.getByTestId('tab-budgets').click();
    await page.getByTestId('budget-table').waitFor({ timeout: 30_000 });
    const month = await pageMonth();
    expect(await page.getByTestId('budget-month').getAttribute('data-month')).toBe(month);

    const expected = await spentFromDb(month, 'USD');
    expect([...expected.values()].some((v) => v > 0)).toBe(true);
    await expect.poll(shownSpent).toEqual(new Map([...expected].filter(([, v]) => v !== 0)));
    // The total shown is the sum of the same rows.
    const total = [...expected.values()].reduce((s, v) => s + v, 0);
    const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
    expect(await page.getByTestId('budget-total-spent').innerText()).toBe(usd.format(total / 100));

    // Assign $450.29 to the category with the most spending: stored exactly, left = assigned − spent, bar red when over.
    const [top, topSpent] = [...expected].sort((a, b) => b[1] - a[1])[0] as [string, number];
    const row = page.locator(`[data-testid="budget-line"][data-category="${top}"]`);
    await row.getByTestId('budget-assigned').fill('450.29');
    await row.getByTestId('budget-assigned').press('Enter');
    await expect.poll(() => row.getAttribute('data-left-minor')).toBe(String(45_029 - topSpent));
    const stored = await readStore<BudgetRow>(page, 'budgets');
    expect(stored.map((b) => [b.currency, b.category, b.month, b.assignedMinor])).toEqual([['USD', top, month, 45_029]]);
    expect(await page.getByTestId('budget-total-assigned').innerText()).toBe('$450.29');
    if (45_029 < topSpent) expect(await row.getAttribute('class')).toContain('budget-row--over');
    // Rollover on: the row says so and keeps its figures (no earlier month carries anything here yet).
    await row.getByTestId('budget-rollover').click(); // controlled: checked once the worker answers again
    await expect.poll(() => row.getByTestId('budget-rollover').isChecked()).toBe(true);
    await expect.poll(() => readStore<{ rollover: string }>(page, 'budgetRollovers').then((r) => r.map((x) => x.rollover))).toEqual(['carry']);
    // Budgeting for it began this month: the earlier (unbudgeted) months carry nothing in.
    expect(await row.getAttribute('data-left-minor')).toBe(String(45_029 - topSpent));
    await screenshotsBothSchemes(page, 'e2e-budgets');

    // The previous month: its own spent figures, and the assignment holds there only from this month on.
    await page.getByTestId('budget-prev').click();
    const previous = await page.getByTestId('budget-month').getAttribute('data-month');
    expect(previous).not.toBe(month);
    const before = await spentFromDb(previous ?? '', 'USD');
    await expect.poll(shownSpent).toEqual(new Map([...before].filter(([, v]) => v !== 0)));
    expect(await page.locator(`[data-testid="budget-line"][data-category="${top}"]`).getByTestId('budget-assigned').inputValue()).toBe('');
  });

  it('Net worth equals the sum of account balances by currency, with the chart and the holdings of the SnapTrade demo', async () => {
    await page.getByTestId('tab-networth').click();
    await page.getByTestId('networth-currency').first().waitFor({ timeout: 30_000 });
    const accounts = await readStore<AccountRow>(page, 'accounts');
    const sums = new Map<string, number>();
    for (const a of accounts) if (a.currentMinor !== null) sums.set(a.currency, (sums.get(a.currency) ?? 0) + a.currentMinor);
    const shown = await page.getByTestId('networth-currency').evaluateAll((els) => els.map((e) => [e.getAttribute('data-currency') ?? '', Number(e.getAttribute('data-total-minor'))] as const));
    expect(new Map(shown)).toEqual(sums);
    // A credit card counts as owed: the USD total is below the sum of the positive balances.
    expect(accounts.some((a) => a.kind === 'credit' && (a.currentMinor ?? 0) < 0)).toBe(true);
    await expect.poll(() => page.getByTestId('networth-chart').locator('.recharts-area-curve').count()).toBeGreaterThan(0);

    // Holdings: every position of each SnapTrade account; for the USD-only Roth IRA, positions + cash = its balance, to the cent.
    await page.getByTestId('holding').first().waitFor({ timeout: 30_000 });
    const ira = accounts.find((a) => a.name === 'Roth IRA');
    expect(ira).toBeDefined();
    const iraBlock = page.locator(`[data-testid="holdings-account"][data-account-id="${ira?.id ?? ''}"]`);
    const symbols = await iraBlock.getByTestId('holding').evaluateAll((els) => els.map((e) => e.getAttribute('data-symbol')));
    expect(symbols.sort()).toEqual(['BND', 'VTI']);
    const values = await iraBlock.getByTestId('holding').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-value-minor'))));
    const cash = ira?.cashBalances?.find((c) => c.currency === 'USD')?.amountMinor ?? 0;
    expect(values.reduce((s, v) => s + v, 0) + cash).toBe(ira?.currentMinor);
    await page.getByTestId('holdings-view').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('e2e-networth-holdings') });
    await page.getByTestId('networth-view').evaluate((el) => el.scrollTo(0, 0));
    await page.screenshot({ path: screenshotPath('e2e-networth') });
    expect(problems).toEqual([]);
  });
});
