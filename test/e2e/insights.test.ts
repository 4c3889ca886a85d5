import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { startPlaidBank, type PlaidBank } from '../../electron/demo-banks/plaid/plaidBank';
import { startSnaptradeBank, type SnaptradeBank } from '../../electron/demo-banks/snaptrade/snaptradeBank';
import { openApp, stopAll } from './support/app';
import { hasChromium, screenshotPath } from './support/browser';
import { startHost, type HostProcess } from './support/host';
import { readStore } from './support/idb';
import type { TransactionRow } from '../../renderer/src/db/schema';
import { categoryInfo } from '../../shared/categories/categories';
import { effectiveCategory, rulesByKey, type CategoryRule } from '../../shared/categories/rules';

// Insights for real: demo bank (a year of history, HTTP) → browser host → the built renderer in
// Chromium, its ledger index worker and IndexedDB. The truth for "the list shows exactly this
// category-month" is read from IndexedDB, not from the app's own answer.
const clientId = 'ledgerline-insights';
const secret = 'insights-secret-6061';
let bank: PlaidBank;
let host: HostProcess;
let context: BrowserContext;
let page: Page;
const problems: string[] = [];

const MONEY = /[-−]?\$[\d,]+\.\d{2}/;

/** The live rows of one category and month that are money out, in USD: what the clicked segment adds up. */
/** The rows a category-month segment stands for, from the stored rows and rules. */
function expectedRows(category: string, month: string, store: { rows: TransactionRow[]; rules: CategoryRule[] }): TransactionRow[] {
  const rules = rulesByKey(store.rules);
  return store.rows.filter((t) =>
    t.removedAt === null && t.currency === 'USD' && t.amountMinor < 0 && t.date.startsWith(`${month}-`)
    && effectiveCategory(t, rules) === category);
}

/** The bars of a chart that are drawn (a zero segment is an empty group). */
const barsOf = (chart: string) => page.getByTestId(chart).locator('[data-testid="chart-bar"]:has(path)');
const categoryBars = () => barsOf('chart-categories');

/** Waits for layout and the buttons' colour transitions after a colour-scheme switch. */
async function settle(): Promise<void> {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await page.waitForTimeout(300);
}

describe.skipIf(!hasChromium)('Insights in Chromium', () => {
  beforeAll(async () => {
    bank = await startPlaidBank({ seed: 31, clientId, secret, tickIntervalMs: null, profile: { historyDays: 150 } });
    host = await startHost({ plaidUrl: bank.plaidUrl, clientId, secret });
    ({ context, page } = await openApp(host.url));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    await page.evaluate(() => {
      document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
    });
  });
  afterAll(() => stopAll(context, host, bank));

  it('charts the demo data: four charts, bars, and a tooltip with a money value on hover', async () => {
    await expect.poll(() => page.getByTestId('connection-status').first().getAttribute('data-state'), { timeout: 60_000 }).toBe('ok');
    await page.getByTestId('tab-insights').click();
    await page.getByTestId('insights-view').waitFor();
    await categoryBars().first().waitFor({ timeout: 30_000 });
    for (const chart of ['chart-categories', 'chart-cashflow', 'chart-merchants', 'chart-balances']) {
      await expect.poll(() => page.getByTestId(chart).locator('svg.recharts-surface').count()).toBeGreaterThan(0);
    }
    expect(await categoryBars().count()).toBeGreaterThan(5);
    expect(await barsOf('chart-cashflow').count()).toBeGreaterThan(1);
    expect(await barsOf('chart-merchants').count()).toBeGreaterThan(1);
    expect(await page.getByTestId('chart-balances').locator('.recharts-line-curve').count()).toBeGreaterThan(0);
    // One currency (the demo bank is all USD): no switch offered.
    expect(await page.getByTestId('currency-switch').count()).toBe(0);
    await expect.poll(() => page.getByTestId('insights-period').innerText()).toContain('USD');

    // Hover the tallest bar of the merchants chart: its tooltip names the merchant and the amount.
    const merchantBar = barsOf('chart-merchants').first();
    const merchant = (await merchantBar.getAttribute('data-point')) ?? '';
    await merchantBar.hover();
    const tip = page.getByTestId('chart-merchants').getByTestId('chart-tooltip');
    await tip.waitFor();
    expect(await tip.innerText()).toContain(merchant);
    expect(await tip.innerText()).toMatch(MONEY);

    // Hover a stacked segment: the month's breakdown with a total.
    const heights = await categoryBars().evaluateAll((bars) => bars.map((b) => b.getBoundingClientRect().height));
    await categoryBars().nth(heights.indexOf(Math.max(...heights))).hover();
    const catTip = page.getByTestId('chart-categories').getByTestId('chart-tooltip');
    await catTip.waitFor();
    expect(await catTip.innerText()).toMatch(MONEY);
    expect(await catTip.innerText()).toContain('Total');
    await page.getByTestId('chart-categories').screenshot({ path: screenshotPath('insights-tooltip-light') });

    // The axis ticks are compact money ("$1.2K"), not raw minor units.
    const ticks = await page.getByTestId('chart-categories').locator('.recharts-yAxis-tick-labels text').allTextContents();
    expect(ticks.length).toBeGreaterThan(2);
    for (const t of ticks) expect(t).toMatch(/^\$\d+(\.\d)?[KM]?$/);
  });

  it('saves light and dark screenshots that a person has looked at', async () => {
    // Tall enough for every chart at once (the view scrolls inside the window otherwise).
    await page.setViewportSize({ width: 1280, height: 1480 });
    await page.getByTestId('insights-view').evaluate((el) => el.scrollTo(0, 0));
    await page.mouse.move(0, 0);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await settle();
      await page.screenshot({ path: screenshotPath(`insights-${scheme}`) });
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1280, height: 800 });
    await settle();
  });

  it('clicking a category-month segment shows exactly its transactions in the list, with a filter chip', async () => {
    // Pick the tallest segment that stands for a handful of rows (so the whole list is on screen).
    const bars = await categoryBars().all();
    // The store is read once for every bar (a read per bar took most of a minute).
    const store = { rows: await readStore<TransactionRow>(page, 'transactions'), rules: await readStore<CategoryRule>(page, 'rules') };
    let chosen: { bar: Locator; category: string; month: string; rows: TransactionRow[]; height: number } | null = null;
    for (const bar of bars) {
      const category = (await bar.getAttribute('data-series')) ?? '';
      const month = (await bar.getAttribute('data-point')) ?? '';
      const box = await bar.boundingBox();
      if (!box || box.height < 6 || category.includes(',')) continue;
      const rows = expectedRows(category, month, store);
      if (rows.length >= 2 && rows.length <= 10 && (!chosen || box.height > chosen.height)) chosen = { bar, category, month, rows, height: box.height };
    }
    expect(chosen, 'a segment of 2–10 transactions').not.toBeNull();
    if (!chosen) return;

    await chosen.bar.click();
    await expect.poll(() => page.getByTestId('tab-transactions').getAttribute('aria-selected')).toBe('true');
    await page.getByTestId('filter-chips').waitFor();
    expect(await page.getByTestId('filter-chip').count()).toBeGreaterThan(0);
    const expected = chosen.rows.map((r) => r.id).sort();
    await expect.poll(async () => (await page.getByTestId('match-count').getAttribute('data-count')) ?? '', { timeout: 15_000 }).toBe(String(expected.length));
    await expect.poll(async () => {
      const ids = await page.getByTestId('tx-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-tx-id') ?? ''));
      return ids.sort();
    }, { timeout: 15_000 }).toEqual(expected);
    const total = chosen.rows.reduce((s, r) => s + r.amountMinor, 0);
    expect(await page.getByTestId('match-total').first().getAttribute('data-minor')).toBe(String(total));
  });

  it("the keyboard path: a chart's table, then Enter on an amount, filters the list to that merchant", async () => {
    await page.getByTestId('tab-insights').click();
    const card = page.getByTestId('chart-merchants');
    await card.getByTestId('chart-table-toggle').waitFor();
    const toggle = card.getByTestId('chart-table-toggle');
    await toggle.focus();
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    const table = card.getByTestId('merchants-table');
    await table.waitFor();
    await page.setViewportSize({ width: 1280, height: 1480 });
    await page.getByTestId('chart-categories').getByTestId('chart-table-toggle').click();
    await settle();
    await page.screenshot({ path: screenshotPath('insights-tables-light') });
    await page.setViewportSize({ width: 1280, height: 800 });

    // The second-largest merchant (the largest is the rent: one row a month).
    const row = table.locator('tbody tr').nth(1);
    const merchant = await row.locator('th').innerText();
    const button = row.getByRole('button');
    const period = await page.getByTestId('insights-period').innerText();
    expect(period).toContain('USD');
    await button.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('tab-transactions').getAttribute('aria-selected')).toBe('true');

    // Truth: that merchant's live USD outflows in the charted window (first of its first month … newest day).
    const rows = (await readStore<TransactionRow>(page, 'transactions')).filter((t) => t.removedAt === null && t.currency === 'USD');
    const newest = rows.reduce((max, t) => (t.date > max ? t.date : max), '');
    const from = `${rows.reduce((min, t) => (t.date < min ? t.date : min), newest).slice(0, 7)}-01`;
    const expected = rows.filter((t) => t.amountMinor < 0 && (t.merchant ?? t.description) === merchant && t.date >= from && t.date <= newest);
    expect(expected.length).toBeGreaterThan(1);
    await expect.poll(async () => (await page.getByTestId('match-count').getAttribute('data-count')) ?? '', { timeout: 15_000 }).toBe(String(expected.length));
    expect(await page.getByTestId('match-total').first().getAttribute('data-minor')).toBe(String(expected.reduce((s, t) => s + t.amountMinor, 0)));
  });

  it('logged no CSP violation, React warning or error', () => {
    expect(problems).toEqual([]);
  });
});

// A bank in USD and a brokerage with CAD dividends: the charts show one currency at a time, with a
// visible switch, and never add CAD to USD.
describe.skipIf(!hasChromium)('Insights with two currencies', () => {
  let plaid: PlaidBank;
  let snaptrade: SnaptradeBank;
  let host2: HostProcess;
  let context2: BrowserContext;
  let page2: Page;
  const cid = 'ledgerline-insights-fx';
  const sec = 'insights-fx-secret-2718';

  beforeAll(async () => {
    plaid = await startPlaidBank({ seed: 7, clientId: cid, secret: sec, tickIntervalMs: null, profile: { historyDays: 60 } });
    snaptrade = await startSnaptradeBank({ seed: 7, clientId: cid, consumerKey: sec, dailySync: false, profile: { historyDays: 365 } });
    host2 = await startHost({ plaidUrl: plaid.plaidUrl, snaptradeUrl: snaptrade.url, clientId: cid, secret: sec, providers: ['plaid', 'snaptrade'] });
    ({ context: context2, page: page2 } = await openApp(host2.url));
    page2.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page2.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  });
  afterAll(() => stopAll(context2, host2, plaid, snaptrade));

  it("offers a currency switch; each currency's figures are in that currency only", async () => {
    const states = () => page2.getByTestId('connection-status').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')));
    await expect.poll(states, { timeout: 90_000 }).toEqual(['ok', 'ok']);
    const live = (await readStore<TransactionRow>(page2, 'transactions')).filter((t) => t.removedAt === null);
    const currencies = [...new Set(live.map((t) => t.currency))].sort();
    expect(currencies).toEqual(['CAD', 'USD']);

    await page2.getByTestId('tab-insights').click();
    const sw = page2.getByTestId('currency-switch');
    await sw.waitFor({ timeout: 30_000 });
    expect((await sw.getByRole('radio').allInnerTexts()).sort()).toEqual(['CAD', 'USD']);
    await page2.getByTestId('currency-note').waitFor();
    // USD by default (most rows), and the USD income in the table is exactly the USD inflows counted.
    expect(await sw.getByRole('radio', { name: 'USD' }).getAttribute('aria-checked')).toBe('true');
    await expect.poll(() => page2.getByTestId('insights-period').innerText()).toContain('USD');

    await sw.getByRole('radio', { name: 'CAD' }).click();
    await expect.poll(() => page2.getByTestId('insights-period').innerText()).toContain('CAD');
    expect(await sw.getByRole('radio', { name: 'CAD' }).getAttribute('aria-checked')).toBe('true');
    // In CAD: no figure is in dollars of another kind; the cash-flow table shows CA$ amounts only.
    const cashflow = page2.getByTestId('chart-cashflow');
    await cashflow.getByTestId('chart-table-toggle').click();
    const cells = await cashflow.getByTestId('cashflow-table').locator('tbody td').allInnerTexts();
    expect(cells.length).toBeGreaterThan(0);
    for (const c of cells) expect(c).toMatch(/CA\$/);
    // The CAD income column adds up exactly the CAD inflows in income categories of the charted
    // months (the last 12 back from the newest CAD row) — never a USD row.
    const cad = live.filter((t) => t.currency === 'CAD');
    const newest = cad.reduce((max, t) => (t.date > max ? t.date : max), '');
    const [y = 0, m = 1] = newest.split('-').map(Number);
    const first = y * 12 + (m - 1) - 11;
    const from = `${Math.floor(first / 12)}-${String((first % 12) + 1).padStart(2, '0')}-01`;
    const rules = rulesByKey(await readStore<CategoryRule>(page2, 'rules'));
    const income = cad.filter((t) => t.amountMinor > 0 && t.date >= from && categoryInfo(effectiveCategory(t, rules))?.kind === 'income');
    expect(income.length).toBeGreaterThan(0);
    const column = await cashflow.getByTestId('cashflow-table').locator('tbody tr td:nth-of-type(1)').allInnerTexts();
    const shown = column.reduce((sum, text) => sum + Number(text.replace(/[^\d]/g, '')), 0);
    expect(shown).toBe(income.reduce((sum, t) => sum + t.amountMinor, 0));
    await page2.setViewportSize({ width: 1280, height: 1100 });
    await page2.screenshot({ path: screenshotPath('insights-cad-light') });
    expect(problems).toEqual([]);
  });
});
