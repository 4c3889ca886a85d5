import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { startPlaidBank, type PlaidBank } from '../../electron/demo-banks/plaid/plaidBank';
import { effectiveCategory, ruleFor, rulesByKey, type CategoryRule } from '../../shared/categories/rules';
import { openApp, stopAll } from './support/app';
import { hasChromium, screenshotsBothSchemes } from './support/browser';
import { startHost, type HostProcess } from './support/host';
import { readStore } from './support/idb';
import type { TransactionRow } from '../../renderer/src/db/schema';

// Categories and rules, for real: demo bank (HTTP) → browser host → the built renderer in
// Chromium → IndexedDB. One Starbucks row gets its own category; then "all like this" makes a rule
// for Starbucks, which the rows a later sync brings follow too; deleting it in Settings undoes it.
const clientId = 'ledgerline-categories';
const secret = 'categories-secret-2718';
let bank: PlaidBank;
let host: HostProcess;
let context: BrowserContext;
let page: Page;
const consoleErrors: string[] = [];

/** The row the user categorized by hand, and the one the rule was made from. */
let handSet = '';
let origin = '';

const liveRows = async () => (await readStore<TransactionRow>(page, 'transactions')).filter((t) => t.removedAt === null);
const storedRules = () => readStore<CategoryRule>(page, 'rules');
const detail = () => page.getByTestId('tx-detail');
const rowById = (id: string) => page.locator(`[data-testid="tx-row"][data-tx-id="${id}"]`);
const cellOf = (id: string) => rowById(id).locator('.tx-cell--category');
const fieldsOf = (id: string) => detail().locator(`[data-testid="user-fields"][data-tx-id="${id}"]`);
const isStarbucks = (t: TransactionRow) => ruleFor(t, rulesByKey([{ id: 'x', merchantKey: 'starbucks', merchantLabel: '', category: '', createdAt: '' }])) !== undefined;

/** What each live row shows, computed from what IndexedDB really holds. */
async function effective(): Promise<Map<string, string>> {
  const rules = rulesByKey(await storedRules());
  return new Map((await liveRows()).map((t) => [t.id, effectiveCategory(t, rules)]));
}

/** The list rows on screen (it is virtualized) with the category each shows. */
async function visibleCategories(): Promise<Map<string, { id: string; source: string; text: string }>> {
  const cells = await page.locator('[data-testid="tx-row"]').evaluateAll((rows) => rows.map((r) => {
    const cell = r.querySelector('.tx-cell--category');
    return [r.getAttribute('data-tx-id') ?? '', {
      id: cell?.getAttribute('data-category') ?? '', source: cell?.getAttribute('data-category-source') ?? '', text: (cell?.textContent ?? '').trim(),
    }] as const;
  }));
  return new Map(cells);
}

async function refresh(): Promise<void> {
  const before = (await readStore(page, 'syncRuns')).length;
  await page.getByTestId('refresh-now').click();
  await expect.poll(async () => (await readStore(page, 'syncRuns')).length, { timeout: 30_000 }).toBeGreaterThan(before);
  await expect.poll(() => page.getByTestId('refresh-now').isDisabled(), { timeout: 30_000 }).toBe(false);
}

async function openRow(id: string): Promise<void> {
  await rowById(id).scrollIntoViewIfNeeded();
  await rowById(id).click();
  await fieldsOf(id).waitFor();
}

const screenshots = (name: string): Promise<void> => screenshotsBothSchemes(page, name);

describe.skipIf(!hasChromium)('categories and rules in Chromium', () => {
  beforeAll(async () => {
    // The bank's calendar is this test's own: seed 7 from a fixed instant, running on at real speed.
    // The rows it asserts on (three Starbucks visits on the first screen) come from that history, so
    // they must not move with the run's zone or pinned day (in Los Angeles they did: one visit).
    const bankEpoch = Date.parse('2026-04-04T21:00:00Z');
    const startedAt = Date.now();
    bank = await startPlaidBank({
      seed: 7, clientId, secret, tickIntervalMs: null, profile: { historyDays: 30 }, now: () => new Date(bankEpoch + Date.now() - startedAt),
    });
    host = await startHost({ plaidUrl: bank.plaidUrl, clientId, secret });
    ({ context, page } = await openApp(host.url));
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  });
  afterAll(() => stopAll(context, host, bank));

  it('shows the normalized category in the list; setting one on a row changes only that row', async () => {
    await expect.poll(() => page.getByTestId('connection-status').first().getAttribute('data-state'), { timeout: 30_000 }).toBe('ok');
    await page.getByTestId('tx-row').first().waitFor();
    // The bank's FOOD_AND_DRINK_COFFEE reads "Coffee"; its GROCERIES "Groceries" — one readable set.
    const shown = await visibleCategories();
    const rows = new Map((await liveRows()).map((t) => [t.id, t]));
    for (const [id, cell] of shown) {
      const t = rows.get(id);
      if (t?.category === 'FOOD_AND_DRINK_COFFEE') expect(cell).toMatchObject({ id: 'coffee', text: 'Coffee', source: 'provider' });
      if (t?.category === 'FOOD_AND_DRINK_GROCERIES') expect(cell).toMatchObject({ id: 'groceries', text: 'Groceries' });
    }

    const starbucks = [...shown.keys()].map((id) => rows.get(id)).filter((t): t is TransactionRow => t !== undefined && isStarbucks(t) && t.merchant === 'Starbucks');
    expect(starbucks.length).toBeGreaterThanOrEqual(3);
    handSet = starbucks[0]?.id ?? '';
    origin = starbucks[1]?.id ?? '';
    const before = await effective();

    await openRow(handSet);
    const select = fieldsOf(handSet).getByTestId('user-category');
    expect(await select.inputValue()).toBe('coffee');
    expect(await fieldsOf(handSet).getByTestId('category-source').innerText()).toMatch(/The bank said “Coffee”/);
    await select.selectOption('entertainment');
    await detail().getByTestId('user-fields-save').click();
    await expect.poll(() => detail().getByTestId('user-fields-status').innerText()).toBe('Saved');

    // IndexedDB: only that row changed, and it holds the category's id.
    await expect.poll(async () => (await liveRows()).find((t) => t.id === handSet)?.userCategory).toBe('entertainment');
    const after = await effective();
    for (const [id, category] of after) expect(category, id).toBe(id === handSet ? 'entertainment' : before.get(id));
    // The list: that row says so, marked as the user's; the other Starbucks rows still say Coffee.
    await expect.poll(() => cellOf(handSet).innerText()).toBe('Entertainment');
    expect(await cellOf(handSet).getAttribute('class')).toContain('is-user');
    expect(await cellOf(origin).innerText()).toBe('Coffee');
    expect(await fieldsOf(handSet).getByTestId('category-source').innerText()).toMatch(/You chose this/);
  });

  it('"all like this" makes a rule for Starbucks: every Starbucks row shows it, except the one set by hand', async () => {
    const starbucksBefore = (await liveRows()).filter(isStarbucks);
    const expected = starbucksBefore.filter((t) => t.id !== handSet && t.id !== origin).length;
    await openRow(origin);
    const fields = fieldsOf(origin);
    await fields.getByTestId('user-category').selectOption('dining');
    await fields.getByTestId('apply-to-merchant').check();
    expect(await fields.locator('.category-apply').innerText()).toMatch(/Apply to all transactions from Starbucks/);
    await detail().getByTestId('user-fields-save').click();
    await expect.poll(() => detail().getByTestId('user-fields-status').innerText()).toMatch(/Rule saved/);
    expect(await detail().getByTestId('user-fields-status').innerText()).toContain(`${expected} other transactions re-categorized as Dining out`);

    // IndexedDB: one rule; every Starbucks row — posted, pending, raw descriptor or clean name — is Dining out.
    const rules = await storedRules();
    expect(rules).toEqual([expect.objectContaining({ merchantKey: 'starbucks', merchantLabel: 'Starbucks', category: 'dining' })]);
    const after = await effective();
    for (const t of starbucksBefore) expect(after.get(t.id), t.id).toBe(t.id === handSet ? 'entertainment' : 'dining');
    expect(starbucksBefore.some((t) => t.merchant === null)).toBe(true); // a raw "STARBUCKS STORE 05412" row is covered too
    // Other merchants kept theirs.
    for (const t of await liveRows()) if (!isStarbucks(t) && t.category === 'FOOD_AND_DRINK_COFFEE') expect(after.get(t.id)).toBe('coffee');

    // The list agrees, row by row, marking rule-set categories.
    await expect.poll(() => cellOf(origin).innerText()).toBe('Dining out');
    const shown = await visibleCategories();
    let checked = 0;
    for (const t of starbucksBefore) {
      const cell = shown.get(t.id);
      if (!cell) continue;
      checked++;
      expect(cell, t.id).toMatchObject(t.id === handSet ? { id: 'entertainment', source: 'user' } : { id: 'dining', source: 'rule', text: 'Dining out' });
    }
    expect(checked).toBeGreaterThanOrEqual(3);
    expect(await cellOf(origin).getAttribute('class')).toContain('is-rule');

    // The detail form says where the category comes from.
    expect(await fields.getByTestId('user-category').inputValue()).toBe('dining');
    expect(await fields.getByTestId('category-source').innerText()).toMatch(/From your rule for Starbucks\. The bank said “Coffee”/);
    await screenshots('e2e-categories-detail-rule');
    await page.getByTestId('tx-detail-close').click();
  });

  it('a Starbucks row that a later sync brings shows the rule’s category', async () => {
    const known = new Set((await liveRows()).map((t) => t.id));
    const [item] = bank.items();
    let arrived: TransactionRow | undefined;
    for (let i = 0; i < 20 && !arrived; i++) {
      bank.advance(item?.item_id ?? '', 1);
      await refresh();
      arrived = (await liveRows()).find((t) => !known.has(t.id) && isStarbucks(t));
    }
    expect(arrived).toBeDefined();
    const id = arrived?.id ?? '';
    expect(arrived?.userCategory ?? null).toBeNull();
    expect((await effective()).get(id)).toBe('dining');
    await rowById(id).scrollIntoViewIfNeeded();
    await expect.poll(() => cellOf(id).innerText()).toBe('Dining out');
    expect(await cellOf(id).getAttribute('data-category-source')).toBe('rule');
    await screenshots('e2e-categories-list');
  });

  it('Settings lists the rule; Delete brings the bank’s category back (the hand-set row keeps its own)', async () => {
    await page.getByTestId('tab-settings').click();
    const section = page.getByTestId('rules-section');
    await section.getByTestId('rule').first().waitFor();
    const rule = section.getByTestId('rule');
    expect(await rule.count()).toBe(1);
    // The count of rows a rule covers arrives after the list of rules (it reads the rows).
    await expect.poll(() => rule.innerText()).toMatch(/Starbucks[\s\S]*Dining out[\s\S]*\d+ transactions/);
    await section.scrollIntoViewIfNeeded();
    await screenshots('e2e-categories-settings');
    await rule.getByRole('button', { name: 'Delete the rule for Starbucks' }).click();
    await section.getByTestId('rules-empty').waitFor();
    expect(await storedRules()).toEqual([]);

    await page.getByRole('tab', { name: 'Transactions' }).click();
    await cellOf(origin).waitFor();
    await expect.poll(() => cellOf(origin).innerText()).toBe('Coffee');
    const after = await effective();
    for (const t of (await liveRows()).filter(isStarbucks)) expect(after.get(t.id), t.id).toBe(t.id === handSet ? 'entertainment' : 'coffee');
    const shown = await visibleCategories();
    for (const [id, cell] of shown) if (id !== handSet) expect(cell.source, id).not.toBe('rule');
  });

  it('"Use the bank’s category" resets a row set by hand', async () => {
    await openRow(handSet);
    await fieldsOf(handSet).getByTestId('category-reset').click();
    await expect.poll(async () => (await liveRows()).find((t) => t.id === handSet)?.userCategory ?? null).toBeNull();
    await expect.poll(() => cellOf(handSet).innerText()).toBe('Coffee');
    // The panel's row comes from its own live query, which may answer a moment after the list's.
    await expect.poll(() => fieldsOf(handSet).getByTestId('user-category').inputValue()).toBe('coffee');
    await page.getByTestId('tx-detail-close').click();
  });

  it('logged no errors (no CSP violations)', () => {
    expect(consoleErrors.filter((e) => !/favicon/.test(e))).toEqual([]);
  });
});
