import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saveRule } from '../../../../renderer/src/db/rules';
import { applyUpdate } from '../../../../renderer/src/db/applyUpdate';
import { setAssigned, setRollover } from '../../../../renderer/src/db/budgets';
import { editUserFields } from '../../../../renderer/src/db/editUserFields';
import {
  CategoryError, categoryUsage, createCustomCategory, deleteCustomCategory, lastMerge, mergeCategory, mergedBudgets, undoMerge, updateCustomCategory,
} from '../../../../renderer/src/db/customCategories';
import { openDb, SCHEMA_V11, type BudgetRow, type LedgerlineDb } from '../../../../renderer/src/db/schema';
import { indexChannelName } from '../../../../renderer/src/index/protocol';
import { meta, tx, update } from '../../../support/db/fixtures';

// Custom categories in IndexedDB (fake-indexeddb): names checked, a rename rewrites nothing but
// the category's own record, a merge moves rows, rules, budgets and rollovers in one transaction
// and its undo puts every table back exactly; each write tells the ledger index.

let db: LedgerlineDb;
let n = 0;
let heard: unknown[] = [];
let listener: BroadcastChannel;
const NOW = new Date('2026-11-21T10:00:00.000Z');

beforeEach(async () => {
  db = openDb(`custom-categories-${++n}`);
  await db.open();
  heard = [];
  listener = new BroadcastChannel(indexChannelName(db.name));
  listener.onmessage = (e: MessageEvent) => heard.push(e.data);
});
afterEach(() => {
  listener.close();
  db.close();
});

async function messages(count: number): Promise<unknown[]> {
  for (let i = 0; i < 100 && heard.length < count; i++) await new Promise((r) => setTimeout(r, 5));
  return heard;
}

/** Every table a merge may touch, as stored (sorted by key). */
async function snapshot() {
  return {
    transactions: await db.transactions.orderBy('id').toArray(),
    rules: await db.rules.orderBy('id').toArray(),
    budgets: await db.budgets.orderBy('id').toArray(),
    budgetRollovers: await db.budgetRollovers.orderBy('id').toArray(),
    customCategories: await db.customCategories.orderBy('id').toArray(),
  };
}

const dinner = (id: string, extra = {}) => tx(id, { description: 'Zuni Cafe', merchant: 'Zuni Cafe', category: 'FOOD_AND_DRINK_RESTAURANT', amountMinor: -6_150, ...extra });

/** A ledger with two custom categories in use by rows, a rule and budgets in two currencies. */
async function seeded() {
  await applyUpdate(db, update(null, 'K1', [
    dinner('plaid:1'), dinner('plaid:2', { date: '2026-10-03' }), dinner('plaid:3'), tx('plaid:4', { description: 'Bakery', merchant: 'Tartine' }),
  ]), meta);
  const dateNight = await createCustomCategory(db, { name: 'Date night', parentId: 'dining', color: 'pink' }, NOW);
  const treats = await createCustomCategory(db, { name: 'Treats', parentId: 'dining' }, NOW);
  await editUserFields(db, 'plaid:1', { userCategory: dateNight.id }, NOW);
  await editUserFields(db, 'plaid:2', { userCategory: dateNight.id }, NOW);
  await editUserFields(db, 'plaid:4', { userCategory: treats.id }, NOW);
  await saveRule(db, { merchantKey: 'tartine', merchantLabel: 'Tartine', category: dateNight.id }, { now: NOW });
  // USD: Date night 100.00 from September, 120.50 from November; Treats 40.25 from October and 10.01 in November.
  await setAssigned(db, { currency: 'USD', category: dateNight.id, month: '2026-09', assignedMinor: 10_000 }, NOW);
  await setAssigned(db, { currency: 'USD', category: dateNight.id, month: '2026-11', assignedMinor: 12_050 }, NOW);
  await setAssigned(db, { currency: 'USD', category: treats.id, month: '2026-10', assignedMinor: 4_025 }, NOW);
  await setAssigned(db, { currency: 'USD', category: treats.id, month: '2026-11', assignedMinor: 1_001 }, NOW);
  // EUR: only Date night.
  await setAssigned(db, { currency: 'EUR', category: dateNight.id, month: '2026-11', assignedMinor: 5_000 }, NOW);
  await setRollover(db, { currency: 'USD', category: dateNight.id, rollover: 'carry' }, NOW);
  await setRollover(db, { currency: 'EUR', category: dateNight.id, rollover: 'carry' }, NOW);
  await setRollover(db, { currency: 'USD', category: treats.id, rollover: 'none' }, NOW);
  return { dateNight, treats };
}

describe('creating and naming custom categories', () => {
  it('stores a category under a built-in one with a stable custom id, a trimmed name and a palette colour', async () => {
    const c = await createCustomCategory(db, { name: '  Date   night ', parentId: 'dining' }, NOW);
    expect(c).toEqual({ id: expect.stringMatching(/^custom:[0-9a-f-]{36}$/), name: 'Date night', parentId: 'dining', color: 'blue', createdAt: NOW.toISOString(), updatedAt: NOW.toISOString() });
    // The next sibling gets the next free colour.
    expect((await createCustomCategory(db, { name: 'Brunch', parentId: 'dining' }, NOW)).color).toBe('teal');
    expect(await db.customCategories.count()).toBe(2);
  });

  it('refuses a taken name among siblings (any case), an empty or long one, a nested parent and a free colour — with clear errors', async () => {
    const c = await createCustomCategory(db, { name: 'Date night', parentId: 'dining' }, NOW);
    await expect(createCustomCategory(db, { name: 'DATE NIGHT', parentId: 'dining' })).rejects.toThrow(new CategoryError('Dining out already has a category named “Date night”.'));
    await expect(createCustomCategory(db, { name: ' ', parentId: 'dining' })).rejects.toThrow('Give the category a name.');
    await expect(createCustomCategory(db, { name: 'x'.repeat(41), parentId: 'dining' })).rejects.toThrow(/at most 40/);
    await expect(createCustomCategory(db, { name: 'Sub', parentId: c.id })).rejects.toThrow(/Choose one of Ledgerline’s categories/);
    await expect(createCustomCategory(db, { name: 'Red', parentId: 'dining', color: '#f00' as never })).rejects.toThrow(/palette/);
    // The same name under another parent is fine.
    await createCustomCategory(db, { name: 'Date night', parentId: 'travel' }, NOW);
    expect(await db.customCategories.count()).toBe(2);
  });

  it('a rename or recolour rewrites nothing but the category’s own record, and tells the index to re-read names', async () => {
    const { dateNight } = await seeded();
    const before = await snapshot();
    const later = new Date('2026-11-22T08:00:00.000Z');
    const renamed = await updateCustomCategory(db, dateNight.id, { name: 'Evenings out', color: 'purple' }, later);
    expect(renamed).toEqual({ ...dateNight, name: 'Evenings out', color: 'purple', updatedAt: later.toISOString() });
    const after = await snapshot();
    expect(after.transactions).toEqual(before.transactions);
    expect(after.rules).toEqual(before.rules);
    expect(after.budgets).toEqual(before.budgets);
    expect(after.budgetRollovers).toEqual(before.budgetRollovers);
    expect(after.customCategories.find((c) => c.id === dateNight.id)).toEqual(renamed);
    expect(await messages(1)).toContainEqual({ all: true });
    // A rename to a sibling's name is refused, and changes nothing.
    await expect(updateCustomCategory(db, dateNight.id, { name: 'treats' })).rejects.toThrow('Dining out already has a category named “Treats”.');
    expect(await db.customCategories.get(dateNight.id)).toEqual(renamed);
    await expect(updateCustomCategory(db, 'custom:gone', { name: 'X' })).rejects.toThrow('That category no longer exists.');
  });

  it('moves a category under another built-in one (the name checked among its new siblings), rewriting nothing else', async () => {
    const { dateNight } = await seeded();
    await createCustomCategory(db, { name: 'Date night', parentId: 'entertainment' }, NOW);
    const before = await snapshot();
    await expect(updateCustomCategory(db, dateNight.id, { parentId: 'entertainment' })).rejects.toThrow('Entertainment already has a category named “Date night”.');
    await expect(updateCustomCategory(db, dateNight.id, { parentId: 'custom:x' })).rejects.toThrow(/Choose one of Ledgerline’s categories/);
    const moved = await updateCustomCategory(db, dateNight.id, { parentId: 'travel' }, NOW);
    expect(moved.parentId).toBe('travel');
    const after = await snapshot();
    expect({ ...after, customCategories: [] }).toEqual({ ...before, customCategories: [] });
  });

  it('counts what refers to a category', async () => {
    const { dateNight, treats } = await seeded();
    expect(await categoryUsage(db, dateNight.id)).toEqual({ rows: 2, rules: 1, budgets: 5 });
    expect(await categoryUsage(db, treats.id)).toEqual({ rows: 1, rules: 0, budgets: 3 });
  });
});

describe('merging a custom category into another', () => {
  it('sums two categories’ budgets per currency at every month either set one, exactly', () => {
    const b = (category: string, currency: string, month: string, assignedMinor: number): BudgetRow => ({ id: `${currency}|${category}|${month}`, currency, category, month, assignedMinor, updatedAt: '' });
    const merged = mergedBudgets(
      [b('A', 'USD', '2026-09', 10_000), b('A', 'USD', '2026-11', 12_050), b('A', 'EUR', '2026-11', 5_000)],
      [b('B', 'USD', '2026-10', 4_025), b('B', 'USD', '2026-11', 1_001)],
      'B', 'at',
    );
    expect(merged.map((r) => [r.currency, r.month, r.assignedMinor])).toEqual([
      ['EUR', '2026-11', 5_000],
      ['USD', '2026-09', 10_000], ['USD', '2026-10', 14_025], ['USD', '2026-11', 13_051],
    ]);
    expect(merged.every((r) => r.category === 'B' && r.updatedAt === 'at')).toBe(true);
    expect(() => mergedBudgets([b('A', 'USD', '2026-01', 2 ** 52)], [b('B', 'USD', '2026-01', 2 ** 52)], 'B', 'at')).toThrow(RangeError);
  });

  it('moves rows, rules, budgets and rollovers to the other category in one go, and deletes it', async () => {
    const { dateNight, treats } = await seeded();
    const merge = await mergeCategory(db, dateNight.id, treats.id, { now: NOW });
    expect(merge).toMatchObject({ kind: 'merge', from: dateNight, intoId: treats.id, undoneAt: null });
    expect(merge.txIds.sort()).toEqual(['plaid:1', 'plaid:2']);

    expect(await db.customCategories.get(dateNight.id)).toBeUndefined();
    const rows = await db.transactions.orderBy('id').toArray();
    expect(rows.map((t) => [t.id, t.userCategory ?? null])).toEqual([
      ['plaid:1', treats.id], ['plaid:2', treats.id], ['plaid:3', null], ['plaid:4', treats.id],
    ]);
    expect((await db.rules.toArray()).map((r) => [r.merchantKey, r.category])).toEqual([['tartine', treats.id]]);
    const budgets = (await db.budgets.toArray()).map((b) => [b.currency, b.category, b.month, b.assignedMinor]).sort();
    expect(budgets).toEqual([
      ['EUR', treats.id, '2026-11', 5_000],
      ['USD', treats.id, '2026-09', 10_000],
      ['USD', treats.id, '2026-10', 14_025],
      ['USD', treats.id, '2026-11', 13_051],
    ]);
    // Treats kept its own USD rollover; Date night's EUR one moved over.
    expect((await db.budgetRollovers.toArray()).map((r) => [r.currency, r.category, r.rollover]).sort()).toEqual([
      ['EUR', treats.id, 'carry'], ['USD', treats.id, 'none'],
    ]);
    expect(await messages(1)).toContainEqual({ all: true });
    expect((await lastMerge(db))?.id).toBe(merge.id);
  });

  it('finds every row of the category among many (the sparse userCategory index), in key order', async () => {
    const c = await createCustomCategory(db, { name: 'Many', parentId: 'groceries' }, NOW);
    const rows = Array.from({ length: 10_001 }, (_, i) => ({
      ...tx(`plaid:${String(i).padStart(5, '0')}`), userCategory: i % 1_000 === 0 || i === 4_999 || i === 5_000 || i === 10_000 ? c.id : null,
      removedAt: null, firstSeenAt: 'f', updatedAt: 'u',
    }));
    await db.transactions.bulkPut(rows);
    const expected = rows.filter((r) => r.userCategory === c.id).map((r) => r.id);
    expect(expected).toHaveLength(12);
    const merge = await mergeCategory(db, c.id, 'groceries', { now: NOW });
    expect(merge.txIds).toEqual(expected);
    expect((await db.transactions.bulkGet(expected)).every((t) => t?.userCategory === 'groceries')).toBe(true);
  });

  it('into a built-in category too; a tombstoned row follows as well (an undone sync brings it back as it was)', async () => {
    const { dateNight } = await seeded();
    await applyUpdate(db, update('K1', 'K2', [], ['plaid:2']), meta);
    expect((await db.transactions.get('plaid:2'))?.removedAt).not.toBeNull();
    await mergeCategory(db, dateNight.id, 'dining', { now: NOW });
    expect((await db.transactions.get('plaid:2'))?.userCategory).toBe('dining');
    expect((await db.budgets.toArray()).filter((b) => b.category === dateNight.id)).toEqual([]);
    expect((await db.budgets.where('id').startsWith('USD\u0000dining').toArray()).map((b) => [b.month, b.assignedMinor])).toEqual([['2026-09', 10_000], ['2026-11', 12_050]]);
  });

  it('undo puts every table back exactly as it was before the merge', async () => {
    const { dateNight, treats } = await seeded();
    const before = await snapshot();
    const merge = await mergeCategory(db, dateNight.id, treats.id, { now: NOW });
    expect(await snapshot()).not.toEqual(before);
    await undoMerge(db, merge.id, new Date('2026-11-21T11:00:00.000Z'));
    expect(await snapshot()).toEqual(before);
    expect((await db.categoryMerges.get(merge.id))?.undoneAt).toBe('2026-11-21T11:00:00.000Z');
    expect(await lastMerge(db)).toBeUndefined();
    await expect(undoMerge(db, merge.id)).rejects.toThrow('That merge was undone already.');
  });

  it('split parts follow the merge (and its undo); a split edited since keeps the user\'s parts', async () => {
    const { dateNight, treats } = await seeded();
    const parts = (a: string, b: string) => [
      { amountMinor: -4_000, category: a, note: null }, { amountMinor: -2_150, category: b, note: 'tip' },
    ];
    expect(await editUserFields(db, 'plaid:3', { splits: parts(dateNight.id, 'groceries') }, NOW)).toBe(true);
    const before = await snapshot();
    const merge = await mergeCategory(db, dateNight.id, treats.id, { now: NOW });
    expect((await db.transactions.get('plaid:3'))?.splits).toEqual(parts(treats.id, 'groceries'));
    await undoMerge(db, merge.id, NOW);
    expect(await snapshot()).toEqual(before);

    const again = await mergeCategory(db, dateNight.id, treats.id, { now: NOW });
    await editUserFields(db, 'plaid:3', { splits: parts(treats.id, 'coffee') }, NOW);
    await undoMerge(db, again.id, NOW);
    expect((await db.transactions.get('plaid:3'))?.splits).toEqual(parts(treats.id, 'coffee'));
  });

  it('undo leaves a row the user moved elsewhere since, and is refused while a sibling holds the name', async () => {
    const { dateNight, treats } = await seeded();
    const merge = await mergeCategory(db, dateNight.id, treats.id, { now: NOW });
    await editUserFields(db, 'plaid:1', { userCategory: 'groceries' }, NOW);
    const squatter = await createCustomCategory(db, { name: 'date night', parentId: 'dining' }, NOW);
    await expect(undoMerge(db, merge.id)).rejects.toThrow('“Date night” can’t come back: Dining out already has a category named “date night”. Rename that one first.');
    // Refused as a whole: nothing moved back.
    expect((await db.transactions.get('plaid:2'))?.userCategory).toBe(treats.id);
    await db.customCategories.delete(squatter.id);
    await undoMerge(db, merge.id, NOW);
    expect((await db.transactions.get('plaid:1'))?.userCategory).toBe('groceries');
    expect((await db.transactions.get('plaid:2'))?.userCategory).toBe(dateNight.id);
  });

  it('refuses a merge into itself or into a category that does not exist, changing nothing', async () => {
    const { dateNight } = await seeded();
    const before = await snapshot();
    await expect(mergeCategory(db, dateNight.id, dateNight.id)).rejects.toThrow('A category cannot be merged into itself.');
    await expect(mergeCategory(db, dateNight.id, 'custom:gone')).rejects.toThrow('The category to merge into no longer exists.');
    await expect(mergeCategory(db, dateNight.id, 'not-a-category')).rejects.toThrow('The category to merge into no longer exists.');
    await expect(mergeCategory(db, 'custom:gone', 'dining')).rejects.toThrow('That category no longer exists.');
    expect(await snapshot()).toEqual(before);
    expect(await db.categoryMerges.count()).toBe(0);
  });
});

describe('deleting a custom category', () => {
  it('moves what refers to it where the user says (default: its parent), as an undoable delete', async () => {
    const { treats } = await seeded();
    const before = await snapshot();
    const deleted = await deleteCustomCategory(db, treats.id, 'groceries', NOW);
    expect(deleted.kind).toBe('delete');
    expect((await db.transactions.get('plaid:4'))?.userCategory).toBe('groceries');
    await undoMerge(db, deleted.id, NOW);
    expect(await snapshot()).toEqual(before);

    const empty = await createCustomCategory(db, { name: 'Unused', parentId: 'travel' }, NOW);
    const gone = await deleteCustomCategory(db, empty.id, undefined, NOW);
    expect(gone.intoId).toBe('travel');
    expect(await db.customCategories.get(empty.id)).toBeUndefined();
  });
});

describe('schema version 14', () => {
  it('opens a version 11 database, keeping its rows, with the two new tables empty', async () => {
    const name = `custom-categories-v11-${++n}`;
    const old = new Dexie(name);
    old.version(11).stores(SCHEMA_V11);
    await old.table('rules').add({ id: 'r1', merchantKey: 'tartine', merchantLabel: 'Tartine', category: 'dining', createdAt: 'x' });
    old.close();
    const v14 = openDb(name);
    await v14.open();
    expect(v14.verno).toBe(14);
    expect(await v14.rules.count()).toBe(1);
    expect(await v14.customCategories.count()).toBe(0);
    expect(await v14.categoryMerges.count()).toBe(0);
    expect(v14.transactions.schema.indexes.map((i) => i.name)).toContain('userCategory');
    v14.close();
  });
});
