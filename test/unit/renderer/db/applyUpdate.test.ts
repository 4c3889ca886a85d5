import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { applyUpdate } from '../../../../renderer/src/db/applyUpdate';
import { openDb, type LedgerlineDb } from '../../../../renderer/src/db/schema';
import type { SyncUpdate, Transaction } from '../../../../shared/types';
import { allChanges, changesOfRows, runChanges } from '../../../../renderer/src/db/changeLog';

// Fast checks of the Dexie layer on fake-indexeddb; the same code runs on Chromium's real
// IndexedDB in test/e2e.
const tx = (id: string, extra: Partial<Transaction> = {}): Transaction => ({
  id, connectionId: 'c1', accountId: 'plaid:a1', amountMinor: -1000, currency: 'USD', date: '2026-11-01',
  authorizedDate: null, description: `T ${id}`, merchant: null, category: null, pending: false, pendingId: null, ...extra,
});
const update = (fromCursor: string | null, nextCursor: string, upserts: Transaction[], removals: string[] = []): SyncUpdate => ({
  pullId: crypto.randomUUID(), connectionId: 'c1', fromCursor, nextCursor, upserts, removals, replace: [], pulledAt: '2026-11-21T10:00:00.000Z', pages: 1, restarts: 0,
  accounts: [{ id: 'plaid:a1', connectionId: 'c1', name: 'Checking', officialName: null, mask: '0000', kind: 'depository', subtype: 'checking', currency: 'USD', currentMinor: 5000, availableMinor: 5000, limitMinor: null }],
});
const meta = { trigger: 'manual' as const, startedAt: '2026-11-21T10:00:00.000Z' };

let db: LedgerlineDb;
let n = 0;
beforeEach(async () => {
  db = openDb(`test-${++n}`);
  await db.open();
});

const live = async () => (await db.transactions.orderBy('listKey').reverse().toArray()).map((t) => t.id);

describe('applyUpdate', () => {
  it('writes rows, accounts, the run, its changes and the cursor together', async () => {
    const r = await applyUpdate(db, update(null, 'K1', [tx('plaid:1'), tx('plaid:2', { date: '2026-11-03' })]), meta);
    expect(r).toMatchObject({ outcome: 'applied', added: 2, modified: 0, removed: 0 });
    expect(await live()).toEqual(['plaid:2', 'plaid:1']);
    expect((await db.cursors.get('c1'))?.cursor).toBe('K1');
    expect(await db.accounts.count()).toBe(1);
    expect(await db.syncRuns.count()).toBe(1);
    expect((await allChanges(db)).map((c) => c.kind)).toEqual(['added', 'added']);
  });

  it('drops an update that does not start at the stored cursor, and applying twice changes nothing', async () => {
    const u = update(null, 'K1', [tx('plaid:1')]);
    await applyUpdate(db, u, meta);
    const snapshot = await db.transactions.toArray();
    expect(await applyUpdate(db, u, meta)).toEqual({ outcome: 'stale', storedCursor: 'K1' });
    expect(await db.transactions.toArray()).toEqual(snapshot);
    expect(await db.syncRuns.count()).toBe(1);
    expect(await applyUpdate(db, update('K0-other', 'K9', [tx('plaid:9')]), meta)).toMatchObject({ outcome: 'stale' });
    expect(await live()).toEqual(['plaid:1']);
  });

  it('commits nothing — not even the cursor — when a write fails midway', async () => {
    await applyUpdate(db, update(null, 'K1', [tx('plaid:1')]), meta);
    const bad = update('K1', 'K2', [tx('plaid:2'), { ...tx('plaid:3'), date: undefined as unknown as string, id: undefined as unknown as string }]);
    await expect(applyUpdate(db, bad, meta)).rejects.toThrow();
    expect((await db.cursors.get('c1'))?.cursor).toBe('K1');
    expect(await live()).toEqual(['plaid:1']);
    expect(await db.syncRuns.count()).toBe(1);
  });

  it('records field-by-field modifications and skips unchanged rows', async () => {
    await applyUpdate(db, update(null, 'K1', [tx('plaid:1'), tx('plaid:2')]), meta);
    const r = await applyUpdate(db, update('K1', 'K2', [tx('plaid:1', { amountMinor: -1100, merchant: 'Cafe' }), tx('plaid:2')]), meta);
    expect(r).toMatchObject({ added: 0, modified: 1 });
    const mod = (await changesOfRows(db, ['plaid:1'])).find((c) => c.kind === 'modified');
    expect(mod?.fields).toEqual([
      { field: 'amountMinor', before: -1000, after: -1100 },
      { field: 'merchant', before: null, after: 'Cafe' },
    ]);
  });

  it('turns removals into tombstones that are hidden and never resurrected', async () => {
    await applyUpdate(db, update(null, 'K1', [tx('plaid:1'), tx('plaid:2')]), meta);
    await applyUpdate(db, update('K1', 'K2', [], ['plaid:1']), meta);
    expect(await live()).toEqual(['plaid:2']);
    expect((await db.transactions.get('plaid:1'))?.removedAt).not.toBeNull();
    await applyUpdate(db, update('K2', 'K3', [tx('plaid:1', { amountMinor: -5 })]), meta);
    expect(await live()).toEqual(['plaid:2']);
    expect((await db.transactions.get('plaid:1'))?.amountMinor).toBe(-1000);
  });

  it('records a pending that posted in the same update as one "posted" change', async () => {
    await applyUpdate(db, update(null, 'K1', [tx('plaid:p', { pending: true, amountMinor: -2000 })]), meta);
    const r = await applyUpdate(db, update('K1', 'K2', [tx('plaid:t', { pendingId: 'plaid:p', amountMinor: -2400 })], ['plaid:p']), meta);
    expect(r).toMatchObject({ added: 0, removed: 0, posted: 1 });
    expect(await live()).toEqual(['plaid:t']);
    const changes = await runChanges(db, r.outcome === 'applied' ? r.runId : '');
    expect(changes).toMatchObject([{ kind: 'posted', txId: 'plaid:t', relatedId: 'plaid:p' }]);
  });
});

describe('applyUpdate idempotency for updates that change nothing', () => {
  it('applies an empty update once: a second application is stale', async () => {
    await applyUpdate(db, update(null, 'K1', [tx('plaid:1')]), meta);
    const empty = update('K1', 'K1', []);
    expect(await applyUpdate(db, empty, meta)).toMatchObject({ outcome: 'applied', added: 0 });
    const runs = await db.syncRuns.count();
    expect(await applyUpdate(db, empty, meta)).toEqual({ outcome: 'stale', storedCursor: 'K1' });
    expect(await db.syncRuns.count()).toBe(runs);
    // a new pull that also found nothing is a new check, and is recorded
    expect(await applyUpdate(db, update('K1', 'K1', []), meta)).toMatchObject({ outcome: 'applied' });
  });
});

describe('applyUpdate with replace scopes (providers without removal events)', () => {
  const scope = (over: Partial<SyncUpdate['replace'][number]> = {}) => ({ accountIds: ['plaid:a1'], from: null, to: null, pendingOnly: false, ...over });

  it('a pending-only scope drops stored pendings the update does not restate, and nothing else', async () => {
    await applyUpdate(db, update(null, 'K1', [tx('mk:p1', { pending: true }), tx('mk:p2', { pending: true }), tx('mk:posted')]), meta);
    const u = { ...update('K1', 'K2', [tx('mk:p2', { pending: true }), tx('mk:p3', { pending: true })]), replace: [scope({ pendingOnly: true })] };
    const r = await applyUpdate(db, u, meta);
    expect(r).toMatchObject({ added: 1, removed: 1 });
    expect((await live()).sort()).toEqual(['mk:p2', 'mk:p3', 'mk:posted']);
  });

  it('a date-window scope drops rows gone from the window, keeps rows outside it and other accounts', async () => {
    await applyUpdate(db, update(null, 'K1', [
      tx('st:old', { date: '2026-10-01' }), tx('st:in1', { date: '2026-11-10' }), tx('st:in2', { date: '2026-11-12' }),
      tx('st:other', { date: '2026-11-11', accountId: 'plaid:a2' }),
    ]), meta);
    const u = { ...update('K1', 'K2', [tx('st:in2', { date: '2026-11-12' })]), replace: [scope({ from: '2026-11-05', to: '2026-11-21' })] };
    expect(await applyUpdate(db, u, meta)).toMatchObject({ removed: 1, added: 0 });
    expect((await live()).sort()).toEqual(['st:in2', 'st:old', 'st:other']);
  });

  it('an id re-issued with identical content is one re-identification, not a removal plus an addition', async () => {
    const a = { date: '2026-11-10', description: 'COFFEE' };
    const b = { date: '2026-11-10', description: 'BOOKS', amountMinor: -2500 };
    await applyUpdate(db, update(null, 'K1', [tx('st:a', a), tx('st:b', b)]), meta);
    // both rows come back under new ids; one of them also changed amount (a real change)
    const u = {
      ...update('K1', 'K2', [tx('st:a2', a), tx('st:b2', { ...b, amountMinor: -999 })]),
      replace: [scope({ from: '2026-11-01', to: '2026-11-21' })],
    };
    const r = await applyUpdate(db, u, meta);
    expect(r).toMatchObject({ added: 1, removed: 1 });
    const kinds = (await runChanges(db, r.outcome === 'applied' ? r.runId : '')).map((c) => `${c.kind}:${c.txId}:${c.relatedId}`).sort();
    expect(kinds).toEqual(['added:st:b2:null', 'reidentified:st:a2:st:a', 'removed:st:b:null']);
    expect((await live()).sort()).toEqual(['st:a2', 'st:b2']);
  });

  it('two identical rows re-issued are each matched once', async () => {
    const same = { description: 'COFFEE', amountMinor: -450 };
    await applyUpdate(db, update(null, 'K1', [tx('st:c1', same), tx('st:c2', same)]), meta);
    const u = { ...update('K1', 'K2', [tx('st:c3', same), tx('st:c4', same)]), replace: [scope()] };
    const r = await applyUpdate(db, u, meta);
    expect(r).toMatchObject({ added: 0, removed: 0 });
    const re = (await allChanges(db)).filter((c) => c.kind === 'reidentified');
    expect(re.map((c) => c.relatedId).sort()).toEqual(['st:c1', 'st:c2']);
  });
});
