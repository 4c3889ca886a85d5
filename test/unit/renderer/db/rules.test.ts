import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { effectiveCategory, rulesByKey } from '../../../../shared/categories/rules';
import type { Transaction } from '../../../../shared/types';
import { applyUpdate } from '../../../../renderer/src/db/applyUpdate';
import { editUserFields } from '../../../../renderer/src/db/editUserFields';
import { countRuleMatches, deleteRule, saveRule } from '../../../../renderer/src/db/rules';
import { openDb, type LedgerlineDb } from '../../../../renderer/src/db/schema';
import { indexChannelName } from '../../../../renderer/src/index/protocol';
import { meta, tx, update } from '../../../support/db/fixtures';

// Rules in IndexedDB (fake-indexeddb): one per merchant, what saving one re-categorizes, that a
// later sync's rows follow it, and that every write tells the ledger index.

let db: LedgerlineDb;
let n = 0;
let heard: unknown[] = [];
let listener: BroadcastChannel;

beforeEach(async () => {
  db = openDb(`rules-${++n}`);
  await db.open();
  heard = [];
  listener = new BroadcastChannel(indexChannelName(db.name));
  listener.onmessage = (e: MessageEvent) => heard.push(e.data);
});
afterEach(() => {
  listener.close();
  db.close();
});

/** BroadcastChannel delivers asynchronously: wait until the expected messages arrived. */
async function messages(count: number): Promise<unknown[]> {
  for (let i = 0; i < 100 && heard.length < count; i++) await new Promise((r) => setTimeout(r, 5));
  return heard;
}

const coffee = (id: string, extra: Partial<Transaction> = {}) =>
  tx(id, { description: 'Starbucks', merchant: 'Starbucks', category: 'FOOD_AND_DRINK_COFFEE', amountMinor: -475, ...extra });

async function shown(): Promise<Map<string, string>> {
  const rules = rulesByKey(await db.rules.toArray());
  return new Map((await db.transactions.toArray()).filter((t) => t.removedAt === null).map((t) => [t.id, effectiveCategory(t, rules)]));
}

describe('category rules in the database', () => {
  it('"all like this" re-categorizes every live row of the merchant, except one the user set by hand, and counts them', async () => {
    await applyUpdate(db, update(null, 'K1', [
      coffee('plaid:1'), coffee('plaid:2', { description: 'STARBUCKS STORE 05412', merchant: null, pending: true }),
      coffee('plaid:3'), coffee('plaid:mine'), tx('plaid:other', { description: "Peet's Coffee", merchant: "Peet's Coffee", category: 'FOOD_AND_DRINK_COFFEE' }),
    ]), meta);
    await editUserFields(db, 'plaid:mine', { userCategory: 'groceries' });
    await editUserFields(db, 'plaid:1', { userCategory: 'entertainment' });

    const saved = await saveRule(db, { merchantKey: 'starbucks', merchantLabel: 'Starbucks', category: 'dining' }, { clearUserCategoryOf: 'plaid:1' });
    expect(saved.rule).toMatchObject({ merchantKey: 'starbucks', merchantLabel: 'Starbucks', category: 'dining' });
    expect(saved.matched).toBe(4);
    expect(saved.recategorized).toBe(2); // plaid:2 (the raw descriptor) and plaid:3; not the origin, not the hand-set one
    expect(await shown()).toEqual(new Map([
      ['plaid:1', 'dining'], ['plaid:2', 'dining'], ['plaid:3', 'dining'], ['plaid:mine', 'groceries'], ['plaid:other', 'coffee'],
    ]));
    expect((await db.transactions.get('plaid:1'))?.userCategory).toBeNull();
    // the provider's category is never touched
    expect((await db.transactions.get('plaid:3'))?.category).toBe('FOOD_AND_DRINK_COFFEE');
  });

  it('one rule per merchant: saving again replaces it (same id), and the unique index refuses a second', async () => {
    const first = await saveRule(db, { merchantKey: 'starbucks', merchantLabel: 'Starbucks', category: 'dining' });
    const second = await saveRule(db, { merchantKey: 'starbucks', merchantLabel: 'Starbucks', category: 'groceries' });
    expect(second.rule.id).toBe(first.rule.id);
    expect(await db.rules.toArray()).toEqual([expect.objectContaining({ merchantKey: 'starbucks', category: 'groceries' })]);
    await expect(db.rules.add({ ...second.rule, id: 'another' })).rejects.toThrow();
    await expect(saveRule(db, { merchantKey: '  ', merchantLabel: 'x', category: 'dining' })).rejects.toThrow(/no merchant/);
  });

  it('rows a later sync brings follow the rule; deleting it brings back the bank’s category', async () => {
    await applyUpdate(db, update(null, 'K1', [coffee('plaid:1')]), meta);
    const { rule } = await saveRule(db, { merchantKey: 'starbucks', merchantLabel: 'Starbucks', category: 'dining' });
    await applyUpdate(db, update('K1', 'K2', [coffee('plaid:new', { description: 'STARBUCKS #1234', merchant: null })]), meta);
    expect((await shown()).get('plaid:new')).toBe('dining');
    expect(await countRuleMatches(db, [rule])).toEqual(new Map([[rule.id, 2]]));

    expect(await deleteRule(db, rule.id)).toBe(true);
    expect(await deleteRule(db, rule.id)).toBe(false);
    expect(await shown()).toEqual(new Map([['plaid:1', 'coffee'], ['plaid:new', 'coffee']]));
  });

  it('removed rows are neither counted nor re-categorized', async () => {
    await applyUpdate(db, update(null, 'K1', [coffee('plaid:1'), coffee('plaid:gone')]), meta);
    await applyUpdate(db, update('K1', 'K2', [], ['plaid:gone']), meta);
    const saved = await saveRule(db, { merchantKey: 'starbucks', merchantLabel: 'Starbucks', category: 'dining' });
    expect(saved).toMatchObject({ matched: 1, recategorized: 1 });
  });

  it('tells the ledger index after each commit: the row for an edit, everything for a rule', async () => {
    await applyUpdate(db, update(null, 'K1', [coffee('plaid:1')]), meta);
    await editUserFields(db, 'plaid:1', { userCategory: 'groceries' });
    await editUserFields(db, 'plaid:missing', { userCategory: 'groceries' }); // no such row: nothing to say
    const { rule } = await saveRule(db, { merchantKey: 'starbucks', merchantLabel: 'Starbucks', category: 'dining' });
    await deleteRule(db, rule.id);
    expect(await messages(3)).toEqual([{ ids: ['plaid:1'] }, { all: true }, { all: true }]);
  });
});
