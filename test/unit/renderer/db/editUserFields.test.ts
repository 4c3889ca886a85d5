import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { applyUpdate, type ApplyResult } from '../../../../renderer/src/db/applyUpdate';
import { editUserFields, excludedCount, SplitRefused } from '../../../../renderer/src/db/editUserFields';
import { revertRun } from '../../../../renderer/src/db/revertRun';
import { sameUserValue } from '../../../../renderer/src/db/rowFields';
import { openDb, type LedgerlineDb } from '../../../../renderer/src/db/schema';
import { splitState } from '../../../../shared/userFields/splits';
import { meta, tx, update } from '../../../support/db/fixtures';

// The user's fields of issue 20 — excluded, tags, splits — as written, and across syncs and undo.

let db: LedgerlineDb;
let n = 0;
beforeEach(async () => {
  db = openDb(`user-fields-${++n}`);
  await db.open();
});

const AT = new Date('2026-11-21T11:00:00.000Z');
const runId = (r: ApplyResult) => (r.outcome === 'applied' ? r.runId : '');
const parts = (...spec: [number, string][]) => spec.map(([amountMinor, category]) => ({ amountMinor, category, note: null }));

describe('excluded', () => {
  it('sets and clears the flag, keeps the first time, and is counted through the sparse index (live rows only)', async () => {
    await applyUpdate(db, update(null, 'K1', [tx('plaid:1'), tx('plaid:2'), tx('plaid:3')]), meta);
    expect(await excludedCount(db)).toBe(0);
    expect(await editUserFields(db, 'plaid:1', { excluded: true }, AT)).toBe(true);
    await editUserFields(db, 'plaid:2', { excluded: true }, AT);
    await editUserFields(db, 'plaid:1', { excluded: true }, new Date('2026-11-22T00:00:00.000Z'));
    expect((await db.transactions.get('plaid:1'))?.excludedAt).toBe(AT.toISOString());
    expect(await excludedCount(db)).toBe(2);
    await editUserFields(db, 'plaid:2', { excluded: false }, AT);
    expect((await db.transactions.get('plaid:2'))?.excludedAt).toBeNull();
    expect(await excludedCount(db)).toBe(1);
    // A removal by the provider keeps the flag on the tombstone, which is no longer listed or counted.
    await applyUpdate(db, update('K1', 'K2', [], ['plaid:1']), meta);
    expect((await db.transactions.get('plaid:1'))?.excludedAt).toBe(AT.toISOString());
    expect(await excludedCount(db)).toBe(0);
  });

  it('survives a provider modification of the row (a sync brings it back changed, still excluded)', async () => {
    await applyUpdate(db, update(null, 'K1', [tx('plaid:1')]), meta);
    await editUserFields(db, 'plaid:1', { excluded: true, tags: ['#Junk'] }, AT);
    const r = await applyUpdate(db, update('K1', 'K2', [tx('plaid:1', { amountMinor: -1500, description: 'Corrected' })]), meta);
    expect(r).toMatchObject({ modified: 1 });
    expect(await db.transactions.get('plaid:1')).toMatchObject({ amountMinor: -1500, excludedAt: AT.toISOString(), tags: ['junk'] });
  });

  it('is inherited by the posted row when its pending predecessor was excluded', async () => {
    await applyUpdate(db, update(null, 'K1', [tx('plaid:p', { pending: true, amountMinor: -2000 })]), meta);
    await editUserFields(db, 'plaid:p', { excluded: true, tags: ['trip'] }, AT);
    await applyUpdate(db, update('K1', 'K2', [tx('plaid:t', { pendingId: 'plaid:p', amountMinor: -2000 })], ['plaid:p']), meta);
    expect(await db.transactions.get('plaid:t')).toMatchObject({ excludedAt: AT.toISOString(), tags: ['trip'], postedFromId: 'plaid:p' });
  });
});

describe('tags', () => {
  it('are stored normalized and once; an empty list is no tags', async () => {
    await applyUpdate(db, update(null, 'K1', [tx('plaid:1')]), meta);
    await editUserFields(db, 'plaid:1', { tags: ['#Trip', 'trip', ' Summer 2026 ', '#'] }, AT);
    expect((await db.transactions.get('plaid:1'))?.tags).toEqual(['trip', 'summer-2026']);
    await editUserFields(db, 'plaid:1', { tags: [] }, AT);
    expect((await db.transactions.get('plaid:1'))?.tags).toBeNull();
  });
});

describe('splits', () => {
  it('saves parts that sum to the amount exactly, and refuses (writing nothing) any that do not', async () => {
    await applyUpdate(db, update(null, 'K1', [tx('plaid:1', { amountMinor: -10_000 })]), meta);
    const before = await db.transactions.get('plaid:1');
    const refused = editUserFields(db, 'plaid:1', { splits: parts([-6000, 'groceries'], [-3999, 'household']), note: 'x' }, AT);
    await expect(refused).rejects.toBeInstanceOf(SplitRefused);
    await expect(refused).rejects.toMatchObject({ problems: [{ kind: 'remaining', remainingMinor: -1 }] });
    expect(await db.transactions.get('plaid:1')).toEqual(before);
    await expect(editUserFields(db, 'plaid:1', { splits: parts([-10_500, 'groceries'], [500, 'household']) }, AT)).rejects.toBeInstanceOf(SplitRefused);
    await editUserFields(db, 'plaid:1', { splits: [{ amountMinor: -6000, category: ' groceries ', note: '  food ' }, { amountMinor: -4000, category: 'household', note: ' ' }] }, AT);
    expect((await db.transactions.get('plaid:1'))?.splits).toEqual([
      { amountMinor: -6000, category: 'groceries', note: 'food' }, { amountMinor: -4000, category: 'household', note: null },
    ]);
    await editUserFields(db, 'plaid:1', { splits: null }, AT);
    expect((await db.transactions.get('plaid:1'))?.splits).toBeNull();
  });

  it('needs attention after a provider modification changes the amount; the parts are kept as they were', async () => {
    await applyUpdate(db, update(null, 'K1', [tx('plaid:1', { amountMinor: -10_000 })]), meta);
    await editUserFields(db, 'plaid:1', { splits: parts([-6000, 'groceries'], [-4000, 'household']) }, AT);
    await applyUpdate(db, update('K1', 'K2', [tx('plaid:1', { amountMinor: -10_250 })]), meta);
    const row = await db.transactions.get('plaid:1');
    expect(row?.splits).toEqual(parts([-6000, 'groceries'], [-4000, 'household']));
    expect(row && splitState(row)).toBe('stale');
    // A modification that leaves the amount alone keeps the split whole.
    await applyUpdate(db, update('K2', 'K3', [tx('plaid:1', { amountMinor: -10_250, description: 'Renamed' })]), meta);
    await editUserFields(db, 'plaid:1', { splits: parts([-6250, 'groceries'], [-4000, 'household']) }, AT);
    await applyUpdate(db, update('K3', 'K4', [tx('plaid:1', { amountMinor: -10_250, description: 'Renamed again' })]), meta);
    const again = await db.transactions.get('plaid:1');
    expect(again && splitState(again)).toBe('ok');
  });
});

describe('undo of a sync', () => {
  it('keeps what the user set after it: excluded, tags and a split come back with the restored row', async () => {
    await applyUpdate(db, update(null, 'K1', [tx('plaid:1', { amountMinor: -10_000 })]), meta);
    const second = await applyUpdate(db, update('K1', 'K2', [tx('plaid:1', { amountMinor: -10_000, description: 'Changed' })]), meta);
    await editUserFields(db, 'plaid:1', { excluded: true, tags: ['trip'], splits: parts([-7000, 'travel'], [-3000, 'dining']) }, AT);
    expect((await revertRun(db, runId(second), new Date('2026-11-21T12:00:00.000Z'))).outcome).toBe('reverted');
    const row = await db.transactions.get('plaid:1');
    expect(row).toMatchObject({ description: 'T plaid:1', excludedAt: AT.toISOString(), tags: ['trip'] });
    expect(row?.splits).toEqual(parts([-7000, 'travel'], [-3000, 'dining']));
  });

  it('puts back the fields the row had before the sync when the user changed nothing since', async () => {
    await applyUpdate(db, update(null, 'K1', [tx('plaid:1', { amountMinor: -10_000 })]), meta);
    await editUserFields(db, 'plaid:1', { tags: ['before'] }, AT);
    const second = await applyUpdate(db, update('K1', 'K2', [tx('plaid:1', { amountMinor: -9000 })]), meta);
    await revertRun(db, runId(second), new Date('2026-11-21T12:00:00.000Z'));
    expect(await db.transactions.get('plaid:1')).toMatchObject({ amountMinor: -10_000, tags: ['before'] });
  });
});

describe('sameUserValue', () => {
  it('compares arrays by content and takes absent and null as the same', () => {
    expect(sameUserValue(['a'], ['a'])).toBe(true);
    expect(sameUserValue(['a'], ['b'])).toBe(false);
    expect(sameUserValue(undefined, null)).toBe(true);
    expect(sameUserValue(null, [])).toBe(false);
    expect(sameUserValue('x', 'x')).toBe(true);
    expect(sameUserValue(parts([-1, 'a']), parts([-1, 'a']))).toBe(true);
    expect(sameUserValue(parts([-1, 'a']), parts([-2, 'a']))).toBe(false);
  });
});
