import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { foldDrain, pendingDecision, pendingReplaceScope, type DrainContext } from '../../../../../electron/providers/moneykit/foldDrain';
import { TransactionSyncSchema, type MoneykitSyncPage } from '../../../../../electron/providers/moneykit/moneykitSchemas';
import { applyUpdate } from '../../../../../renderer/src/db/applyUpdate';
import { openDb, type LedgerlineDb } from '../../../../../renderer/src/db/schema';
import type { SyncUpdate } from '../../../../../shared/types';

// One complete drain → one change set, and the pending rule: the pendings a drain carries replace
// the link's stored pendings wholesale (applied here with the real applyUpdate on fake-indexeddb).
const wireTx = (id: string, extra: Record<string, unknown> = {}) => ({
  transaction_id: id, account_id: 'chk', amount: '10.00', type: 'debit', currency: 'USD', date: '2026-03-01',
  description: `Row ${id}`, pending: false, ...extra,
});
const wireAccount = (id: string, current: number) => ({
  account_id: id, account_type: id === 'card' ? 'credit_card' : 'depository.checking', name: id,
  balances: { currency: 'USD', current, available: current, limit: null },
});
const page = (p: { created?: object[]; updated?: object[]; removed?: string[]; accounts?: object[]; next?: string; more?: boolean; refreshed?: string }): MoneykitSyncPage =>
  TransactionSyncSchema.parse({
    transactions: { created: p.created ?? [], updated: p.updated ?? [], removed: p.removed ?? [] },
    accounts: p.accounts ?? [wireAccount('chk', 100), wireAccount('card', 50)],
    cursor: { next: p.next ?? 'C1' }, has_more: p.more ?? false,
    link: {
      link_id: 'mk_1', institution_id: 'acorn', institution_name: 'Acorn', state: 'connected',
      ...(p.refreshed === undefined ? {} : { products: { transactions: { refreshed_at: p.refreshed } } }),
    },
  });

describe('foldDrain', () => {
  it('folds posted changes across pages in order: the last word on an id wins', () => {
    const folded = foldDrain([
      page({ created: [wireTx('a'), wireTx('b')], removed: ['old'], more: true }),
      page({ updated: [wireTx('a', { amount: '11.00' })], removed: ['b'], created: [wireTx('old')] }),
    ], 'c1');
    expect(folded.upserts.map((t) => [t.id, t.amountMinor])).toEqual([['moneykit:a', -1100], ['moneykit:old', -1000]]);
    expect(folded.removals).toEqual(['moneykit:b']);
  });

  it('restates the pending set over every account of the link, with unbounded dates', () => {
    const folded = foldDrain([page({ created: [wireTx('p1', { pending: true })] })], 'c1');
    expect(folded.replace).toEqual([{ accountIds: ['moneykit:card', 'moneykit:chk'], from: null, to: null, pendingOnly: true }]);
    // Even a drain with no pendings at all restates the (now empty) set.
    expect(foldDrain([page({})], 'c1').replace).toEqual([{ accountIds: ['moneykit:card', 'moneykit:chk'], from: null, to: null, pendingOnly: true }]);
    // Without an account list, the accounts the transactions name still get their pendings replaced.
    expect(foldDrain([page({ accounts: [], created: [wireTx('p', { account_id: 'sav', pending: true })] })], 'c1').replace[0]?.accountIds).toEqual(['moneykit:sav']);
    expect(pendingReplaceScope([])).toEqual([]);
  });

  it('takes each account\'s balances from the latest page that lists it', () => {
    const folded = foldDrain([
      page({ accounts: [wireAccount('chk', 100), wireAccount('card', 50)], more: true }),
      page({ accounts: [wireAccount('chk', 90)] }),
    ], 'c1');
    expect(folded.accounts.map((a) => [a.id, a.currentMinor])).toEqual([['moneykit:chk', 9000], ['moneykit:card', -5000]]);
  });
});

describe('the pending set, applied', () => {
  let db: LedgerlineDb;
  let n = 0;
  afterEach(async () => {
    db.close();
    await Dexie.delete(db.name);
  });

  const updateOf = (pages: MoneykitSyncPage[], fromCursor: string | null, nextCursor: string, connectionId = 'c1', context?: DrainContext): SyncUpdate => ({
    pullId: crypto.randomUUID(), connectionId, fromCursor, nextCursor, ...foldDrain(pages, connectionId, context),
    pulledAt: '2026-03-02T12:00:00.000Z', pages: pages.length, restarts: 0,
  });
  const apply = (u: SyncUpdate) => applyUpdate(db, u, { trigger: 'timer', startedAt: '2026-03-02T12:00:00.000Z' });
  const live = async () => (await db.transactions.toArray()).filter((r) => r.removedAt === null).map((r) => r.id).sort();

  it('drops stored pendings a drain no longer carries, keeps the ones it does, and never touches posted rows or other links', async () => {
    db = openDb(`mk-fold-${++n}`);
    await apply(updateOf([page({ created: [wireTx('posted1'), wireTx('p1', { pending: true }), wireTx('p2', { pending: true, account_id: 'card' })], next: 'C1' })], null, 'C1'));
    // Another link's pending on its own account must survive this link's restatement.
    await apply({ ...updateOf([page({ accounts: [wireAccount('other', 1)], created: [wireTx('q1', { pending: true, account_id: 'other' })] })], null, 'X1', 'c2') });
    expect(await live()).toEqual(['moneykit:p1', 'moneykit:p2', 'moneykit:posted1', 'moneykit:q1']);

    // p1 posted (as a new id, as MoneyKit does), p2 is still pending, p3 is new; over two pages.
    const r = await apply(updateOf([
      page({ created: [wireTx('posted2', { amount: '10.50' }), wireTx('p2', { pending: true, account_id: 'card' })], next: 'C2a', more: true }),
      page({ created: [wireTx('p3', { pending: true })], next: 'C2' }),
    ], 'C1', 'C2'));
    expect(r.outcome).toBe('applied');
    expect(await live()).toEqual(['moneykit:p2', 'moneykit:p3', 'moneykit:posted1', 'moneykit:posted2', 'moneykit:q1']);
    expect((await db.transactions.get('moneykit:p1'))?.removedAt).not.toBeNull();

    // Nothing posted changed, and the drain still carries the full pending set: nothing moves.
    const before = await db.transactions.toArray();
    await apply(updateOf([page({ created: [wireTx('p2', { pending: true, account_id: 'card' }), wireTx('p3', { pending: true })], next: 'C2' })], 'C2', 'C2'));
    expect(await db.transactions.toArray()).toEqual(before);

    // Every pending settled: an empty pending set empties the link's pendings.
    await apply(updateOf([page({ next: 'C3' })], 'C2', 'C3'));
    expect(await live()).toEqual(['moneykit:posted1', 'moneykit:posted2', 'moneykit:q1']);
  });

  // Issue 14: MoneyKit's cursor returns "only changes that have occurred since the previous call",
  // so a sync with no institution refresh in between carries no pendings. Before the fix every such
  // sync tombstoned every stored pending — for good, with the user's note on it.
  it('keeps stored pendings (and their notes) through a drain with no refresh, and replaces them once refreshed_at moves', async () => {
    db = openDb(`mk-fold-${++n}`);
    const T1 = '2026-03-02T10:00:00Z';
    const T2 = '2026-03-02T14:00:00Z';
    const since = (ms: string): DrainContext => ({ previousRefreshedAtMs: Date.parse(ms), completeHistory: false });
    await apply(updateOf([page({ created: [wireTx('posted1'), wireTx('p1', { pending: true })], next: 'C1', refreshed: T1 })], null, 'C1'));
    await db.transactions.update('moneykit:p1', { note: 'split with Sam' });

    const quiet = [page({ next: 'C1', refreshed: T1 })];
    expect(pendingDecision(quiet, since(T1))).toBe('kept_no_refresh');
    await apply(updateOf(quiet, 'C1', 'C1b', 'c1', since(T1)));
    expect(await live()).toEqual(['moneykit:p1', 'moneykit:posted1']);
    expect((await db.transactions.get('moneykit:p1'))?.note).toBe('split with Sam');

    // The bank refreshed and p1 posted as a new id with no pending left: the drain carries no
    // pendings, but refreshed_at moved, so the (now empty) set replaces the stored one.
    const refreshed = [page({ created: [wireTx('posted2')], next: 'C2', refreshed: T2 })];
    expect(pendingDecision(refreshed, since(T1))).toBe('refreshed_without_pendings');
    await apply(updateOf(refreshed, 'C1b', 'C2', 'c1', since(T1)));
    expect(await live()).toEqual(['moneykit:posted1', 'moneykit:posted2']);
  });

  it('says which reading of the docs each drain falls under', () => {
    const ctx = (previous: string | null, completeHistory = false): DrainContext => ({ previousRefreshedAtMs: previous === null ? null : Date.parse(previous), completeHistory });
    const withPending = [page({ created: [wireTx('p', { pending: true })], refreshed: '2026-03-02T10:00:00Z' })];
    expect(pendingDecision(withPending, ctx('2026-03-02T10:00:00Z'))).toBe('carried_pendings');
    expect(pendingDecision([page({})], ctx(null, true))).toBe('complete_history');
    // Unknown previous refresh (a checkpoint from before issue 14), or no refreshed_at: keep.
    expect(pendingDecision([page({ refreshed: '2026-03-02T10:00:00Z' })], ctx(null))).toBe('kept_no_refresh');
    expect(pendingDecision([page({})], ctx('2026-03-02T10:00:00Z'))).toBe('kept_no_refresh');
    // Only the first page's refreshed_at counts (the state the drain started from).
    expect(pendingDecision([page({ more: true, refreshed: '2026-03-02T10:00:00Z' }), page({ refreshed: '2026-03-02T11:00:00Z' })], ctx('2026-03-02T10:00:00Z'))).toBe('kept_no_refresh');
    // A zone-less refreshed_at reads as UTC.
    expect(pendingDecision([page({ refreshed: '2026-03-02T11:00:00' })], ctx('2026-03-02T10:00:00Z'))).toBe('refreshed_without_pendings');
  });
});
