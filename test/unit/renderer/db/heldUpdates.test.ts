import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { applyUpdate } from '../../../../renderer/src/db/applyUpdate';
import { applyHeld, discardHeld } from '../../../../renderer/src/db/heldUpdates';
import { openDb, type LedgerlineDb } from '../../../../renderer/src/db/schema';
import type { Provider, SyncUpdate } from '../../../../shared/types';
import { meta, tx, update } from '../../../support/db/fixtures';

// Held updates on fake-indexeddb: a suspicious update changes nothing but the held table; Apply
// applies it (stale-checked); Discard leaves everything, the cursor included, where it was.

let db: LedgerlineDb;
let n = 0;
beforeEach(async () => {
  db = openDb(`held-${++n}`);
  await db.open();
});

const ids = (count: number, prefix = 'plaid:r') => Array.from({ length: count }, (_, i) => `${prefix}${i}`);
const at = () => new Date('2026-11-22T09:00:00.000Z');

/** A connection of `provider` with `count` rows stored under cursor K1. */
async function seed(count: number, provider: Provider = 'plaid'): Promise<void> {
  await db.connections.put({ id: 'c1', provider, institutionName: 'First Platypus Bank', demo: true, createdAt: '2026-11-01T00:00:00.000Z' });
  const r = await applyUpdate(db, update(null, 'K1', ids(count).map((id, i) => tx(id, { date: `2026-10-${String(1 + (i % 28)).padStart(2, '0')}` }))), meta);
  expect(r.outcome).toBe('applied');
}

/** Every table but the held updates, as stored. */
async function everything(): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of db.tables) if (table.name !== 'heldUpdates') out[table.name] = await table.toArray();
  return out;
}

describe('a suspicious update is held', () => {
  it('holds a mass removal: only the held row is written, the cursor stays, no run is recorded', async () => {
    await seed(40);
    const before = await everything();
    const u = update('K1', 'K2', [], ids(25));
    const r = await applyUpdate(db, u, meta);
    expect(r).toEqual({
      outcome: 'held', heldId: u.pullId,
      reasons: [{ kind: 'massRemoval', accountId: 'plaid:a1', removed: 25, liveBefore: 40 }],
      counts: { added: 0, modified: 0, removed: 25, posted: 0, reidentified: 0, suggested: 0 },
    });
    expect(await everything()).toEqual(before);
    const held = await db.heldUpdates.toArray();
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({ id: u.pullId, connectionId: 'c1', fromCursor: 'K1', trigger: 'manual', update: u });
  });

  it('applies a removal from a large account as usual (its rows are counted only as far as a rule could fire)', async () => {
    await seed(400);
    expect(await applyUpdate(db, update('K1', 'K2', [], ids(150)), meta)).toMatchObject({ outcome: 'applied', removed: 150 });
    expect(await applyUpdate(db, update('K2', 'K3', [], ids(250).slice(150)), meta)).toMatchObject({ outcome: 'applied', removed: 100 });
    // 150 live left: removing 76 of them is more than half.
    expect(await applyUpdate(db, update('K3', 'K4', [], ids(326).slice(250)), meta)).toMatchObject({
      outcome: 'held', reasons: [{ kind: 'massRemoval', removed: 76, liveBefore: 150 }],
    });
  });

  it('applies a removal just under the threshold as usual', async () => {
    await seed(40);
    expect(await applyUpdate(db, update('K1', 'K2', [], ids(20)), meta)).toMatchObject({ outcome: 'applied', removed: 20 });
    expect(await db.heldUpdates.count()).toBe(0);
  });

  it('holds a full-window replace scope that comes back empty (an empty broker answer)', async () => {
    await seed(4, 'snaptrade');
    const before = await everything();
    const empty = update('K1', 'K2', [], [], [{ accountIds: ['plaid:a1'], from: null, to: null, pendingOnly: false }]);
    expect(await applyUpdate(db, empty, meta)).toMatchObject({ outcome: 'held', reasons: [{ kind: 'emptiedHistory', accountId: 'plaid:a1', liveBefore: 4 }] });
    expect(await everything()).toEqual(before);
  });

  it('holds most of an account re-issued under new ids', async () => {
    await seed(30);
    const reissued = ids(30).map((id, i) => tx(`plaid:new${i}`, { description: `T ${id}`, date: `2026-10-${String(1 + (i % 28)).padStart(2, '0')}` }));
    expect(await applyUpdate(db, update('K1', 'K2', reissued, ids(30)), meta)).toMatchObject({
      outcome: 'held', reasons: [{ kind: 'massReidentify', accountId: 'plaid:a1', reidentified: 30, liveBefore: 30 }], counts: { reidentified: 30, removed: 0 },
    });
  });

  it('holds an implausible balance move', async () => {
    await seed(3);
    const u = update('K1', 'K2', []);
    u.accounts = u.accounts.map((a) => ({ ...a, currentMinor: 500_000_000 }));
    expect(await applyUpdate(db, u, meta)).toMatchObject({
      outcome: 'held', reasons: [{ kind: 'balanceJump', accountId: 'plaid:a1', currency: 'USD', beforeMinor: 5000, afterMinor: 500_000_000 }],
    });
    expect((await db.accounts.get('plaid:a1'))?.currentMinor).toBe(5000);
  });

  it('keeps one held update per connection: a newer pull from the cursor replaces it, an applied one clears it', async () => {
    await seed(40);
    const first = update('K1', 'K2', [], ids(25));
    const second = update('K1', 'K2b', [], ids(30));
    await applyUpdate(db, first, meta);
    await applyUpdate(db, second, meta);
    expect((await db.heldUpdates.toArray()).map((h) => h.id)).toEqual([second.pullId]);
    // The provider's newer word from the same cursor is ordinary: it applies, and the held one goes.
    expect(await applyUpdate(db, update('K1', 'K3', [tx('plaid:x')]), meta)).toMatchObject({ outcome: 'applied', added: 1 });
    expect(await db.heldUpdates.count()).toBe(0);
    expect(await applyHeld(db, second.pullId)).toEqual({ outcome: 'gone' });
  });
});

describe('Apply and Discard', () => {
  async function holdOne(): Promise<SyncUpdate> {
    await seed(40);
    const u = update('K1', 'K2', [], ids(25));
    expect((await applyUpdate(db, u, meta)).outcome).toBe('held');
    return u;
  }

  it('Apply runs the normal apply on the stored update and deletes the held row, in one go', async () => {
    const u = await holdOne();
    const r = await applyHeld(db, u.pullId, { now: at });
    expect(r).toMatchObject({ outcome: 'applied', runId: u.pullId, removed: 25 });
    expect((await db.cursors.get('c1'))?.cursor).toBe('K2');
    expect((await db.cursors.get('c1'))?.liveRows).toBe(15);
    expect(await db.transactions.where('listKey').above('').count()).toBe(15);
    expect(await db.syncRuns.get(u.pullId)).toMatchObject({ removed: 25, trigger: 'manual', finishedAt: '2026-11-22T09:00:00.000Z' });
    expect(await db.heldUpdates.count()).toBe(0);
  });

  it('Apply is stale-checked: if the cursor moved, nothing applies and the held row goes', async () => {
    const u = await holdOne();
    await db.cursors.update('c1', { cursor: 'K1-elsewhere' });
    const before = await everything();
    expect(await applyHeld(db, u.pullId)).toEqual({ outcome: 'stale', storedCursor: 'K1-elsewhere' });
    expect(await everything()).toEqual(before);
    expect(await db.heldUpdates.count()).toBe(0);
  });

  it('a failed Apply keeps the held row and changes nothing', async () => {
    const u = await holdOne();
    const before = await everything();
    // A row the database cannot store: the transaction aborts, the held row's delete with it.
    await db.heldUpdates.update(u.pullId, { update: { ...u, upserts: [{ ...tx('plaid:bad'), id: undefined as unknown as string }] } });
    await expect(applyHeld(db, u.pullId)).rejects.toThrow();
    expect(await everything()).toEqual(before);
    expect(await db.heldUpdates.count()).toBe(1);
  });

  it('Discard deletes only the held row: the cursor stays, and the same answer is held again', async () => {
    const u = await holdOne();
    const before = await everything();
    await discardHeld(db, u.pullId);
    expect(await everything()).toEqual(before);
    expect((await db.cursors.get('c1'))?.cursor).toBe('K1');
    expect(await db.heldUpdates.count()).toBe(0);
    const again = { ...u, pullId: crypto.randomUUID() };
    expect(await applyUpdate(db, again, meta)).toMatchObject({ outcome: 'held', heldId: again.pullId });
  });
});
