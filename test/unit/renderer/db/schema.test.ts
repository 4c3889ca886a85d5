import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { applyUpdate } from '../../../../renderer/src/db/applyUpdate';
import { liveRowCount } from '../../../../renderer/src/db/liveCount';
import { SCHEMA_V1, SCHEMA_V11, SCHEMA_V2, SCHEMA_V3, listKeyOf, openDb } from '../../../../renderer/src/db/schema';
import { editUserFields, excludedCount } from '../../../../renderer/src/db/editUserFields';
import { meta, tx, update } from '../../../support/db/fixtures';

/** A database exactly as version 1 of the app wrote it. */
async function createV1(name: string): Promise<void> {
  const v1 = new Dexie(name);
  v1.version(1).stores(SCHEMA_V1);
  const live = (t: ReturnType<typeof tx>) => ({ ...t, listKey: listKeyOf(t), removedAt: null, firstSeenAt: 'f', updatedAt: 'u' });
  await v1.table('transactions').bulkAdd([
    live(tx('plaid:pending', { pending: true, date: '2026-11-09' })),
    live(tx('plaid:posted', { date: '2026-11-08' })),
    { ...tx('plaid:gone', { pending: true }), removedAt: '2026-11-10T00:00:00.000Z', firstSeenAt: 'f', updatedAt: 'u' },
  ]);
  await v1.table('cursors').add({ connectionId: 'c1', cursor: 'K1', updatedAt: 'u' });
  await v1.table('syncRuns').bulkAdd([
    { id: 'r1', connectionId: 'c1', trigger: 'launch', startedAt: 's', finishedAt: 'f', fromCursor: null, nextCursor: 'K1', added: 3, modified: 0, removed: 0, posted: 0, pages: 1, restarts: 0 },
    { id: 'r2', connectionId: 'c1', trigger: 'timer', startedAt: 's2', finishedAt: 'f2', fromCursor: 'K1', nextCursor: 'K1', added: 0, modified: 0, removed: 0, posted: 0, pages: 1, restarts: 0 },
    { id: 'r3', connectionId: 'c1', trigger: 'timer', startedAt: 's3', finishedAt: 'f3', fromCursor: 'K1', nextCursor: 'K1', added: 0, modified: 0, removed: 0, posted: 0, pages: 1, restarts: 0 },
  ]);
  await v1.table('changes').add({ runId: 'r3', connectionId: 'c1', txId: 'plaid:posted', kind: 'reidentified', fields: [], relatedId: 'plaid:old', at: 'f3' });
  v1.close();
}

describe('schema v1 → v2', () => {
  it('opens a version 1 database with the data intact, indexed for v2, and keeps syncing it', async () => {
    await createV1('upgrade-1');
    const db = openDb('upgrade-1');
    await db.open();
    expect(db.verno).toBe(14);
    expect((await db.transactions.toArray()).map((t) => t.id).sort()).toEqual(['plaid:gone', 'plaid:pending', 'plaid:posted']);
    expect((await db.cursors.get('c1'))?.cursor).toBe('K1');
    // only the live pending joined the pending index; the compound index answers by account
    expect(await db.transactions.where('pendingKey').above('').primaryKeys()).toEqual(['plaid:pending']);
    expect(await db.transactions.where('accountId').equals('plaid:a1').count()).toBe(3);
    expect(await db.transactions.where('[accountId+date]').between(['plaid:a1', '2026-11-09'], ['plaid:a1', '2026-11-30'], true, true).primaryKeys()).toEqual(['plaid:pending']);
    // runs gained their outcome and counts, recounted from their changes
    expect(await db.syncRuns.get('r1')).toMatchObject({ outcome: 'changes', reidentified: 0, suggested: 0 });
    expect(await db.syncRuns.get('r2')).toMatchObject({ outcome: 'up_to_date', reidentified: 0 });
    expect(await db.syncRuns.get('r3')).toMatchObject({ outcome: 'changes', reidentified: 1 });
    expect(await db.suggestions.count()).toBe(0);

    // a pending-only scope now finds the upgraded pending through the new index
    const scope = { accountIds: ['plaid:a1'], from: null, to: null, pendingOnly: true };
    expect(await applyUpdate(db, update('K1', 'K2', [], [], [scope]), meta)).toMatchObject({ removed: 1 });
    // version 8: the balance check starts at the first sync after the upgrade, from the bank's balance
    expect(await db.balances.where('accountId').equals('plaid:a1').toArray()).toMatchObject([{ differenceMinor: 0 }]);
    // version 9: no answers on transfers or recurring series yet; detections are computed, not stored
    expect(await db.transferDecisions.count()).toBe(0);
    expect(await db.recurringDecisions.count()).toBe(0);
    db.close();
  });
});

describe('schema v2 → v3', () => {
  it('adds the category rules table (unique by merchant key) and keeps every row and user field', async () => {
    const v2 = new Dexie('upgrade-2');
    v2.version(2).stores(SCHEMA_V2);
    const live = (t: ReturnType<typeof tx>) => ({ ...t, listKey: listKeyOf(t), removedAt: null, firstSeenAt: 'f', updatedAt: 'u' });
    await v2.table('transactions').bulkAdd([
      { ...live(tx('plaid:1', { merchant: 'Starbucks', category: 'FOOD_AND_DRINK_COFFEE' })), userCategory: 'Household', note: 'n' },
      live(tx('plaid:2', { merchant: 'Starbucks', category: 'FOOD_AND_DRINK_COFFEE' })),
    ]);
    await v2.table('meta').add({ key: 'changesSeenUpTo', value: 'f' });
    v2.close();

    const db = openDb('upgrade-2');
    await db.open();
    expect(db.verno).toBe(14);
    expect(await db.transactions.get('plaid:1')).toMatchObject({ userCategory: 'Household', note: 'n', category: 'FOOD_AND_DRINK_COFFEE' });
    expect(await db.transactions.count()).toBe(2);
    expect(await db.meta.get('changesSeenUpTo')).toEqual({ key: 'changesSeenUpTo', value: 'f' });
    expect(await db.rules.count()).toBe(0);
    const rule = { id: 'r1', merchantKey: 'starbucks', merchantLabel: 'Starbucks', category: 'dining', createdAt: 'c' };
    await db.rules.add(rule);
    expect(await db.rules.where('merchantKey').equals('starbucks').first()).toEqual(rule);
    await expect(db.rules.add({ ...rule, id: 'r2' })).rejects.toThrow();
    db.close();
  });
});

describe('schema v3 → v4', () => {
  it('counts each connection\'s live rows into its cursor (tombstones and other connections apart)', async () => {
    const v3 = new Dexie('upgrade-3');
    v3.version(3).stores(SCHEMA_V3);
    const live = (t: ReturnType<typeof tx>) => ({ ...t, listKey: listKeyOf(t), removedAt: null, firstSeenAt: 'f', updatedAt: 'u' });
    await v3.table('transactions').bulkAdd([
      live(tx('plaid:1')), live(tx('plaid:2')),
      { ...tx('plaid:3'), removedAt: 'r', firstSeenAt: 'f', updatedAt: 'u' }, // a tombstone: no listKey
      live({ ...tx('plaid:4'), connectionId: 'c2' }),
    ]);
    await v3.table('cursors').bulkAdd([
      { connectionId: 'c1', cursor: 'K1', updatedAt: 'u' },
      { connectionId: 'c2', cursor: 'K2', updatedAt: 'u' },
      { connectionId: 'c3', cursor: 'K3', updatedAt: 'u' },
    ]);
    v3.close();

    const db = openDb('upgrade-3');
    await db.open();
    expect(db.verno).toBe(14);
    expect((await db.cursors.toArray()).map((c) => [c.connectionId, c.cursor, c.liveRows])).toEqual([['c1', 'K1', 2], ['c2', 'K2', 1], ['c3', 'K3', 0]]);
    expect(await liveRowCount(db)).toBe(await db.transactions.where('listKey').above('').count());
    db.close();
  });
});

describe('schema v11 → v13', () => {
  it('opens a version 11 database unchanged, and the sparse excludedAt index holds only the rows excluded since', async () => {
    const v11 = new Dexie('upgrade-11');
    v11.version(11).stores(SCHEMA_V11);
    const live = (t: ReturnType<typeof tx>) => ({ ...t, listKey: listKeyOf(t), removedAt: null, firstSeenAt: 'f', updatedAt: 'u', note: 'kept' });
    await v11.table('transactions').bulkAdd([live(tx('plaid:1')), live(tx('plaid:2')), live(tx('plaid:3'))]);
    v11.close();

    const db = openDb('upgrade-11');
    await db.open();
    expect(db.verno).toBe(14);
    expect((await db.transactions.toArray()).map((t) => [t.id, t.note])).toEqual([['plaid:1', 'kept'], ['plaid:2', 'kept'], ['plaid:3', 'kept']]);
    expect(await excludedCount(db)).toBe(0);
    await editUserFields(db, 'plaid:2', { excluded: true }, new Date('2026-11-21T10:00:00.000Z'));
    expect(await db.transactions.where('excludedAt').above('').primaryKeys()).toEqual(['plaid:2']);
    await editUserFields(db, 'plaid:2', { excluded: false });
    expect(await db.transactions.where('excludedAt').above('').primaryKeys()).toEqual([]);
    db.close();
  });
});
