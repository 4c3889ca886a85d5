import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AxeResults } from 'axe-core';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startPlaidBank, type PlaidBank } from '../../electron/demo-banks/plaid/plaidBank';
import { buildCatalog, type CustomCategory } from '../../shared/categories/customCategories';
import { effectiveCategory, rulesByKey, type CategoryRule } from '../../shared/categories/rules';
import type { BudgetRow, CategoryMergeRow, TransactionRow } from '../../renderer/src/db/schema';
import { stopAll } from './support/app';
import { ARGS, CHROMIUM, hasChromium, pinPageClock, screenshotPath, screenshotsBothSchemes, TEST_ZONE } from './support/browser';
import { startHost, type HostProcess } from './support/host';
import { readStore } from './support/idb';

// The user's own categories, for real: demo bank (HTTP) → browser host → the built renderer in
// Chromium → IndexedDB. One category is made under a built-in one in Settings, a row is put in it
// from the detail panel, Budgets and Insights show it (nested, in its colour, and rolled up into
// its parent), a rename changes nothing stored but the category, a merge moves the row, a rule
// and the budget (summed exactly) and its Undo brings every store back. axe audits the new screen in light
// and dark. Screenshots: test-results/e2e-custom-categories-*.png.
const clientId = 'ledgerline-custom-categories';
const secret = 'custom-categories-secret-2020';
let bank: PlaidBank;
let host: HostProcess;
let context: BrowserContext;
let page: Page;
const problems: string[] = [];

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
interface AxeWindow {
  axe?: { run(context: Document, options: { resultTypes: string[] }): Promise<AxeResults> };
}

/** Serious and critical axe violations on the page as it is now (contrast included), one line each. */
async function audit(where: string): Promise<string[]> {
  if (!(await page.evaluate(() => Boolean((window as unknown as AxeWindow).axe)))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as AxeWindow).axe;
    if (!axe) throw new Error('axe-core did not load');
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact ?? null, nodes: v.nodes.map((n) => `${n.target.join(' ')} ${n.failureSummary ?? ''}`.slice(0, 240)) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').flatMap((v) => v.nodes.slice(0, 5).map((n) => `${where}: ${v.id} (${v.impact}) ${n}`));
}

/** After a scheme switch: every colour transition has finished (a loaded machine runs them late). */
async function settle(): Promise<void> {
  await page.waitForTimeout(150);
  await page.waitForFunction(() => document.getAnimations().filter((a) => a instanceof CSSTransition && a.playState === 'running').length === 0, null, { timeout: 5_000 });
}

const customs = () => readStore<CustomCategory>(page, 'customCategories');
const rowOf = (id: string) => readStore<TransactionRow>(page, 'transactions').then((rows) => rows.find((t) => t.id === id));
const budgetsOf = async (category: string) => (await readStore<BudgetRow>(page, 'budgets')).filter((b) => b.category === category);
const section = () => page.getByTestId('categories-section');
const itemOf = (id: string) => page.locator(`[data-testid="custom-category"][data-category-id="${id}"]`);
const budgetLine = (category: string) => page.locator(`[data-testid="budget-line"][data-category="${category}"]`);
const seriesBar = (series: string) => page.getByTestId('chart-categories').locator(`[data-testid="chart-bar"][data-series="${series}"]:has(path)`);

/** The page's local month (its clock is the test's pinned one). */
const pageMonth = () => page.evaluate(() => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
});

async function openSettings(): Promise<void> {
  await page.getByTestId('tab-settings').click();
  await section().waitFor();
}

/** Adds a category in Settings and returns it as stored. */
async function addCategory(name: string, parentId: string, color?: string): Promise<CustomCategory> {
  const before = new Set((await customs()).map((c) => c.id));
  await section().getByTestId('category-name').fill(name);
  await section().getByTestId('category-parent').selectOption(parentId);
  if (color) await section().getByTestId('category-add').getByRole('radio', { name: new RegExp(`^${color}$`, 'i') }).check();
  await section().getByTestId('category-create').click();
  await expect.poll(async () => (await customs()).filter((c) => !before.has(c.id)).length).toBe(1);
  return (await customs()).find((c) => !before.has(c.id)) as CustomCategory;
}

let big: CustomCategory;
let treats: CustomCategory;
let row: TransactionRow;
let parentId = '';
let month = '';

describe.skipIf(!hasChromium)('custom categories in Chromium', () => {
  beforeAll(async () => {
    bank = await startPlaidBank({ seed: 2020, clientId, secret, tickIntervalMs: null, profile: { historyDays: 75 } });
    host = await startHost({ plaidUrl: bank.plaidUrl, clientId, secret });
    // As support/browser.ts launchBrowser, plus bypassCSP: the app's CSP rightly forbids injecting
    // axe-core's source; this audit lifts it (accessibility.test.ts does the same, hostSecurity the rest).
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ledgerline-custom-categories-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM, args: ARGS, headless: true, viewport: { width: 1280, height: 800 }, timezoneId: TEST_ZONE, bypassCSP: true,
    });
    await pinPageClock(context);
    page = await context.newPage();
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    await page.goto(host.url);
  });
  afterAll(() => stopAll(context, host, bank));

  it('creates categories under a built-in one in Settings, with clear errors for a taken or empty name; axe finds nothing', async () => {
    await expect.poll(() => page.getByTestId('connection-status').first().getAttribute('data-state'), { timeout: 60_000 }).toBe('ok');
    await page.getByTestId('tx-row').first().waitFor();
    month = await pageMonth();
    // The row to re-categorize: this month's largest outflow in a spending category (so it shows in
    // Budgets this month and among Insights' largest series).
    const rules = rulesByKey(await readStore<CategoryRule>(page, 'rules'));
    const catalog = buildCatalog([]);
    const candidates = (await readStore<TransactionRow>(page, 'transactions'))
      .filter((t) => t.removedAt === null && t.listKey && t.date.startsWith(`${month}-`) && t.amountMinor < 0 && t.currency === 'USD')
      .filter((t) => { const c = effectiveCategory(t, rules); return catalog.entry(c)?.kind === 'spending' && c !== 'uncategorized'; })
      .sort((a, b) => a.amountMinor - b.amountMinor || a.id.localeCompare(b.id));
    row = candidates[0] as TransactionRow;
    expect(row).toBeDefined();
    parentId = effectiveCategory(row, rules);

    await openSettings();
    expect(await section().getByTestId('categories-empty').innerText()).toMatch(/No categories of your own yet/);
    big = await addCategory('  Big   ticket ', parentId, 'Pink');
    expect(big).toMatchObject({ name: 'Big ticket', parentId, color: 'pink' });
    expect(big.id).toMatch(/^custom:/);
    treats = await addCategory('Treats', parentId);
    expect(treats.color).not.toBe('pink');

    // A sibling's name in another case: refused, nothing stored, the field marked.
    await section().getByTestId('category-name').fill('BIG TICKET');
    await section().getByTestId('category-parent').selectOption(parentId);
    await section().getByTestId('category-create').click();
    const parentLabel = catalog.label(parentId);
    await expect.poll(() => section().getByTestId('category-error').innerText()).toBe(`${parentLabel} already has a category named “Big ticket”.`);
    expect(await section().getByTestId('category-name').getAttribute('aria-invalid')).toBe('true');
    await section().getByTestId('category-name').fill('   ');
    await section().getByTestId('category-create').click();
    await expect.poll(() => section().getByTestId('category-error').innerText()).toBe('Give the category a name.');
    expect(await customs()).toHaveLength(2);
    await section().getByTestId('category-name').fill('');

    // Listed under their parent, in their colours.
    const group = page.locator(`[data-testid="custom-category-group"][data-parent="${parentId}"]`);
    expect(await group.getByTestId('custom-category').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')))).toEqual(['Big ticket', 'Treats']);
    expect(await itemOf(big.id).locator('.category-dot').getAttribute('data-color')).toBe('pink');

    await section().scrollIntoViewIfNeeded();
    const found: string[] = [];
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await settle();
      found.push(...(await audit(`settings-categories-${scheme}`)));
    }
    // The merge form open too (its picker, its buttons).
    await itemOf(big.id).getByTestId('category-merge').click();
    await settle();
    found.push(...(await audit('settings-categories-merge-dark')));
    await page.emulateMedia({ colorScheme: 'light' });
    await settle();
    found.push(...(await audit('settings-categories-merge-light')));
    await itemOf(big.id).getByRole('button', { name: 'Cancel' }).click();
    expect(found).toEqual([]);
    await screenshotsBothSchemes(page, 'e2e-custom-categories-settings');
  });

  it('puts a row in the new category from the detail panel: the list names it, in its colour', async () => {
    await page.getByTestId('tab-transactions').click();
    const listed = page.locator(`[data-testid="tx-row"][data-tx-id="${row.id}"]`);
    await listed.scrollIntoViewIfNeeded();
    await listed.click();
    const fields = page.getByTestId('tx-detail').locator(`[data-testid="user-fields"][data-tx-id="${row.id}"]`);
    await fields.waitFor();
    const picker = fields.getByTestId('user-category');
    expect(await picker.inputValue()).toBe(parentId);
    // Offered right under its parent, indented, named by its path.
    const options = await picker.locator('option').evaluateAll((els) => els.map((e) => [e.getAttribute('value'), e.getAttribute('aria-label')]));
    const at = options.findIndex(([v]) => v === parentId);
    expect(options.slice(at + 1, at + 3).map(([v]) => v)).toEqual([big.id, treats.id]);
    expect(options[at + 1]?.[1]).toMatch(/ › Big ticket$/);
    await picker.selectOption(big.id);
    await page.getByTestId('tx-detail').getByTestId('user-fields-save').click();
    await expect.poll(() => page.getByTestId('tx-detail').getByTestId('user-fields-status').innerText()).toBe('Saved');
    await expect.poll(async () => (await rowOf(row.id))?.userCategory).toBe(big.id);
    const cell = listed.locator('.tx-cell--category');
    await expect.poll(() => cell.innerText()).toBe('Big ticket');
    expect(await cell.getAttribute('data-category')).toBe(big.id);
    expect(await cell.locator('.category-dot').getAttribute('data-color')).toBe('pink');
    await page.getByTestId('tx-detail-close').click();
    await cell.scrollIntoViewIfNeeded();
    await screenshotsBothSchemes(page, 'e2e-custom-categories-list');
  });

  it('Budgets: the category is a line nested under its parent; assigned there; rolled up it adds into the parent exactly', async () => {
    await page.getByTestId('tab-budgets').click();
    await page.getByTestId('budget-table').waitFor({ timeout: 30_000 });
    const line = budgetLine(big.id);
    await expect.poll(() => line.getAttribute('data-spent-minor'), { timeout: 30_000 }).toBe(String(-row.amountMinor));
    expect(await line.getAttribute('class')).toContain('budget-row--nested');
    expect(await line.locator('.budget-row__name').innerText()).toMatch(/^Big ticket/);
    // Right after its parent and its sibling-to-be-merged-into.
    const order = await page.getByTestId('budget-line').evaluateAll((els) => els.map((e) => e.getAttribute('data-category')));
    const at = order.indexOf(parentId);
    expect(order.slice(at, at + 3)).toEqual([parentId, big.id, treats.id]);

    // Assign 25.00 to Big ticket and 10.01 to Treats, this month.
    await line.getByTestId('budget-assigned').fill('25.00');
    await line.getByTestId('budget-assigned').press('Enter');
    await budgetLine(treats.id).getByTestId('budget-assigned').fill('10.01');
    await budgetLine(treats.id).getByTestId('budget-assigned').press('Enter');
    await expect.poll(async () => (await budgetsOf(big.id)).map((b) => [b.currency, b.month, b.assignedMinor])).toEqual([['USD', month, 2_500]]);
    await expect.poll(async () => (await budgetsOf(treats.id)).map((b) => [b.currency, b.month, b.assignedMinor])).toEqual([['USD', month, 1_001]]);
    await expect.poll(() => line.getAttribute('data-left-minor')).toBe(String(2_500 + row.amountMinor));
    await screenshotsBothSchemes(page, 'e2e-custom-categories-budgets');

    const figures = async (category: string) => ({
      spent: Number(await budgetLine(category).getAttribute('data-spent-minor')),
      assigned: Number(await budgetLine(category).getAttribute('data-assigned-minor')),
    });
    const parent = await figures(parentId);
    const child = await figures(big.id);
    const sibling = await figures(treats.id);
    await page.getByTestId('budget-rollup').check();
    await expect.poll(() => budgetLine(big.id).count()).toBe(0);
    const rolled = budgetLine(parentId);
    expect(await rolled.getAttribute('data-rolled-up')).toBe('2');
    expect(Number(await rolled.getAttribute('data-spent-minor'))).toBe(parent.spent + child.spent + sibling.spent);
    expect(Number(await rolled.getAttribute('data-assigned-minor'))).toBe(parent.assigned + 2_500 + 1_001);
    await page.screenshot({ path: screenshotPath('e2e-custom-categories-budgets-rollup') });
    await page.getByTestId('budget-rollup').uncheck();
    await budgetLine(big.id).waitFor();
  });

  it('Insights: the category is its own series in its colour; rolled up, it is part of its parent’s', async () => {
    await page.getByTestId('tab-insights').click();
    await page.getByTestId('insights-view').waitFor();
    await page.getByTestId('insights-period-select').selectOption('3');
    await seriesBar(big.id).first().waitFor({ timeout: 30_000 });
    expect(await seriesBar(big.id).first().locator('path').first().getAttribute('fill')).toBe('var(--cat-pink)');
    await page.getByTestId('chart-categories').scrollIntoViewIfNeeded();
    await screenshotsBothSchemes(page, 'e2e-custom-categories-insights');
    await page.getByTestId('insights-rollup').check();
    await expect.poll(() => seriesBar(big.id).count()).toBe(0);
    // The parent's series now covers it (and the sibling, when that spent anything).
    const series = await page.getByTestId('chart-categories').locator('[data-testid="chart-bar"]').evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('data-series') ?? ''))]);
    expect(series.some((s) => s.split(',')[0] === parentId && s.split(',').includes(big.id))).toBe(true);
    await page.getByTestId('insights-rollup').uncheck();
  });

  it('a rename changes only the category’s record: the row, a rule, the budget and the list follow by id', async () => {
    // A rule for a merchant ("all like this") that sets the category.
    const starbucks = (await readStore<TransactionRow>(page, 'transactions'))
      .filter((t) => t.removedAt === null && t.listKey && t.merchant === 'Starbucks').sort((a, b) => (b.listKey ?? '').localeCompare(a.listKey ?? ''))[0];
    expect(starbucks).toBeDefined();
    await page.getByTestId('tab-transactions').click();
    const listed = page.locator(`[data-testid="tx-row"][data-tx-id="${starbucks?.id ?? ''}"]`);
    await listed.scrollIntoViewIfNeeded();
    await listed.click();
    const fields = page.getByTestId('tx-detail').locator(`[data-testid="user-fields"][data-tx-id="${starbucks?.id ?? ''}"]`);
    await fields.getByTestId('user-category').selectOption(big.id);
    await fields.getByTestId('apply-to-merchant').check();
    await page.getByTestId('tx-detail').getByTestId('user-fields-save').click();
    await expect.poll(() => page.getByTestId('tx-detail').getByTestId('user-fields-status').innerText()).toMatch(/Rule saved for Starbucks.*re-categorized as Big ticket/);
    expect((await readStore<CategoryRule>(page, 'rules')).map((r) => [r.merchantKey, r.category])).toEqual([['starbucks', big.id]]);
    await page.getByTestId('tx-detail-close').click();

    const rowBefore = await rowOf(row.id);
    const budgetsBefore = await readStore<BudgetRow>(page, 'budgets');
    const rulesBefore = await readStore<CategoryRule>(page, 'rules');
    await openSettings();
    await itemOf(big.id).getByTestId('category-edit').click();
    await itemOf(big.id).getByTestId('category-rename-input').fill('Big tickets');
    await itemOf(big.id).getByRole('radio', { name: 'Purple' }).check();
    expect(await itemOf(big.id).getByTestId('category-move').inputValue()).toBe(parentId);
    await page.screenshot({ path: screenshotPath('e2e-custom-categories-edit') });
    await itemOf(big.id).getByTestId('category-save').click();
    await expect.poll(async () => (await customs()).find((c) => c.id === big.id)).toMatchObject({ name: 'Big tickets', color: 'purple', parentId });
    expect(await rowOf(row.id)).toEqual(rowBefore);
    expect(await readStore<BudgetRow>(page, 'budgets')).toEqual(budgetsBefore);
    expect(await readStore<CategoryRule>(page, 'rules')).toEqual(rulesBefore);

    await page.getByTestId('tab-transactions').click();
    const cell = page.locator(`[data-testid="tx-row"][data-tx-id="${row.id}"] .tx-cell--category`);
    await expect.poll(() => cell.innerText()).toBe('Big tickets');
    expect(await cell.locator('.category-dot').getAttribute('data-color')).toBe('purple');
    await page.getByTestId('tab-budgets').click();
    await expect.poll(() => budgetLine(big.id).locator('.budget-row__name').innerText()).toMatch(/^Big tickets/);
    expect(await budgetLine(big.id).getByTestId('budget-assigned').inputValue()).toBe('25.00');
  });

  it('a merge moves the row, the rule and the budget (summed exactly, same month) in one go; Undo puts every store back', async () => {
    const before = {
      transactions: await readStore<TransactionRow>(page, 'transactions'),
      budgets: await readStore<BudgetRow>(page, 'budgets'),
      rules: await readStore<CategoryRule>(page, 'rules'),
      customCategories: await customs(),
    };
    await openSettings();
    await itemOf(big.id).getByTestId('category-merge').click();
    await itemOf(big.id).getByTestId('category-target').selectOption(treats.id);
    await itemOf(big.id).getByTestId('category-confirm').click();
    await expect.poll(async () => (await customs()).map((c) => c.id)).toEqual([treats.id]);

    // IndexedDB: the row is Treats', the budgets are one row of 25.00 + 10.01, the merge recorded.
    expect((await rowOf(row.id))?.userCategory).toBe(treats.id);
    expect(await budgetsOf(big.id)).toEqual([]);
    expect((await readStore<CategoryRule>(page, 'rules')).map((r) => [r.merchantKey, r.category])).toEqual([['starbucks', treats.id]]);
    expect((await budgetsOf(treats.id)).map((b) => [b.currency, b.month, b.assignedMinor])).toEqual([['USD', month, 3_501]]);
    const merges = await readStore<CategoryMergeRow>(page, 'categoryMerges');
    expect(merges).toEqual([expect.objectContaining({ kind: 'merge', intoId: treats.id, txIds: [row.id], undoneAt: null })]);
    expect(merges[0]?.rules.map((r) => r.merchantKey)).toEqual(['starbucks']);
    expect(merges[0]?.from).toMatchObject({ id: big.id, name: 'Big tickets' });
    await expect.poll(() => page.getByTestId('category-undo-line').innerText()).toMatch(/Merged Big tickets into .* › Treats/);
    await screenshotsBothSchemes(page, 'e2e-custom-categories-merged');

    await page.getByTestId('category-undo').click();
    await expect.poll(async () => (await customs()).length).toBe(2);
    const byId = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(await customs())).toEqual(byId(before.customCategories));
    expect(byId(await readStore<TransactionRow>(page, 'transactions'))).toEqual(byId(before.transactions));
    expect(byId(await readStore<BudgetRow>(page, 'budgets'))).toEqual(byId(before.budgets));
    expect(byId(await readStore<CategoryRule>(page, 'rules'))).toEqual(byId(before.rules));
    expect((await readStore<CategoryMergeRow>(page, 'categoryMerges'))[0]?.undoneAt).not.toBeNull();
    await page.getByTestId('category-undo-line').waitFor({ state: 'detached' });
    expect(problems).toEqual([]);
  });
});
