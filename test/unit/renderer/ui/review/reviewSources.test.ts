import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { applyUpdate } from '../../../../../renderer/src/db/applyUpdate';
import { openDb, type LedgerlineDb } from '../../../../../renderer/src/db/schema';
import { loadReviewItems, REVIEW_SOURCES, type ReviewSource } from '../../../../../renderer/src/ui/review/reviewSources';
import { toIndexed } from '../../../../../renderer/src/index/ledgerIndex';
import { categoryOf } from '../../../../../renderer/src/index/categoryOf';
import { resolveTransfers, type ResolvedTransfer } from '../../../../../renderer/src/ledger/transfers';
import { rulesByKey } from '../../../../../shared/categories/rules';
import type { Account, SyncUpdate, Transaction } from '../../../../../shared/types';

const NOW = new Date('2026-11-21T10:00:00.000Z');
const meta = { trigger: 'manual' as const, startedAt: NOW.toISOString(), now: () => NOW };
const tx = (id: string, extra: Partial<Transaction> = {}): Transaction => ({
  id, connectionId: 'c1', accountId: 'plaid:a1', amountMinor: -1000, currency: 'USD', date: '2026-11-18',
  authorizedDate: null, description: `T ${id}`, merchant: null, category: null, pending: false, pendingId: null, ...extra,
});
const account = (currentMinor: number): Account => ({
  id: 'plaid:a1', connectionId: 'c1', name: 'Everyday Checking', officialName: null, mask: '0000', kind: 'depository', subtype: 'checking',
  currency: 'USD', currentMinor, availableMinor: currentMinor, limitMinor: null,
});
let cursor = 0;
const sync = (balance: number, upserts: Transaction[], removals: string[] = []) => {
  const u: SyncUpdate = {
    pullId: crypto.randomUUID(), connectionId: 'c1', fromCursor: cursor === 0 ? null : `K${cursor}`, nextCursor: `K${++cursor}`,
    upserts, removals, replace: [], pulledAt: NOW.toISOString(), pages: 1, restarts: 0, accounts: [account(balance)],
  };
  return applyUpdate(db, u, meta);
};

let db: LedgerlineDb;
let n = 0;
beforeEach(async () => {
  cursor = 0;
  db = openDb(`review-${++n}`);
  await db.open();
  // A $40 pending at Zuni Cafe posts at $48 without a link (a suggestion); a stale $263.42 pending
  // the bank settles unreported (a balance disagreement, once seen twice).
  await sync(100_000, [tx('plaid:p', { pending: true, amountMinor: -4000, description: 'TST* ZUNI CAFE', date: '2026-11-17' }),
    tx('plaid:stale', { pending: true, amountMinor: -26_342, description: 'AMAZON MKTPL*2K4LT83B2', date: '2026-11-05' })]);
  await sync(100_000 - 4800, [tx('plaid:t', { amountMinor: -4800, description: 'Zuni Cafe', merchant: 'Zuni Cafe', date: '2026-11-19' })], ['plaid:p']);
  await sync(100_000 - 4800 - 26_342, []);
  await sync(100_000 - 4800 - 26_342, []);
});

describe('the review inbox’s sources', () => {
  it('lists every open guess of every source, each with what Confirm and Reject do', async () => {
    const items = await loadReviewItems(db, NOW);
    expect(items.map((i) => [i.source, i.kindLabel])).toEqual([['balance', 'Balance check'], ['suggestion', 'Same purchase?']]);
    const [balance, suggestion] = items;
    expect(balance?.title).toMatch(/^Everyday Checking ••0000: Bank balance \$688\.58, Ledgerline's rows imply \$952\.00 — \$263\.42 apart since the sync on /);
    expect(balance?.lines[0]).toMatchObject({ text: expect.stringMatching(/^AMAZON MKTPL\*2K4LT83B2 — Still pending since Nov 5/), amount: { minor: -26_342, currency: 'USD' }, strong: true });
    expect(balance?.reject).toBeUndefined();
    expect(suggestion?.title).toBe('Zuni Cafe may be the pending charge from Nov 17');
    expect(suggestion?.reject?.label).toBe('Reject');
  });

  it('confirm and undo go through the sources’ own writes, and the item leaves and comes back', async () => {
    const suggestion = (await loadReviewItems(db, NOW)).find((i) => i.source === 'suggestion');
    const undo = await suggestion!.confirm.run(db);
    expect(await db.transactions.get('plaid:t')).toMatchObject({ postedFromId: 'plaid:p' });
    expect((await loadReviewItems(db, NOW)).map((i) => i.source)).toEqual(['balance']);
    expect(await undo!.run(db)).toBe(true);
    expect((await loadReviewItems(db, NOW)).map((i) => i.source)).toEqual(['balance', 'suggestion']);

    const balance = (await loadReviewItems(db, NOW)).find((i) => i.source === 'balance');
    const accepted = await balance!.confirm.run(db);
    expect((await loadReviewItems(db, NOW)).map((i) => i.source)).toEqual(['suggestion']);
    // The stale row is still there, unchanged: accepting the bank's balance is about the check only.
    expect(await db.transactions.get('plaid:stale')).toMatchObject({ pending: true, removedAt: null });
    expect(await accepted!.run(db)).toBe(true);
    expect((await loadReviewItems(db, NOW)).map((i) => i.source)).toEqual(['balance', 'suggestion']);
  });

  it('a held sync is in the inbox: Discard keeps everything (and is undone by holding it again), Apply applies it', async () => {
    // 30 more rows, then an update that removes all of them but one: held.
    await sync(100_000 - 4800 - 26_342, Array.from({ length: 30 }, (_, i) => tx(`plaid:r${i}`, { date: '2026-11-10' })));
    const stored = await db.transactions.count();
    const held = await sync(100_000 - 4800 - 26_342, [], Array.from({ length: 29 }, (_, i) => `plaid:r${i}`));
    expect(held.outcome).toBe('held');
    const heldCursor = (await db.cursors.get('c1'))?.cursor;
    const item = (await loadReviewItems(db, NOW)).find((i) => i.source === 'held');
    expect(item?.kindLabel).toBe('Sync held');
    expect(item?.lines[0]?.text).toMatch(/^It would remove 29 of the \d+ transactions in Everyday Checking ••0000/);
    expect(item?.lines.some((l) => l.text === 'If applied: 29 removed')).toBe(true);
    expect([item?.confirm.label, item?.reject?.label]).toEqual(['Apply', 'Discard']);

    const undoDiscard = await item!.reject!.run(db);
    expect(await db.heldUpdates.count()).toBe(0);
    expect((await loadReviewItems(db, NOW)).some((i) => i.source === 'held')).toBe(false);
    expect(await undoDiscard!.run(db)).toBe(true);
    const again = (await loadReviewItems(db, NOW)).find((i) => i.source === 'held');
    expect(again?.key).toBe(item?.key);

    const undoApply = await again!.confirm.run(db);
    expect(await db.heldUpdates.count()).toBe(0);
    expect((await db.cursors.get('c1'))?.cursor).not.toBe(heldCursor);
    expect(await db.transactions.where('listKey').above('').count()).toBe(stored - 29 - 1 /* the Zuni pending left earlier */);
    // Undoing the apply is undoing that sync: the 29 rows are back (the cursor stays where it is).
    expect(await undoApply!.run(db)).toBe(true);
    expect(await db.transactions.where('listKey').above('').count()).toBe(stored - 1);
  });

  it('a new kind of guess is one more source', async () => {
    const held: ReviewSource = {
      id: 'suggestion',
      load: async () => [{ key: 'held:1', source: 'suggestion', kindLabel: 'Held sync', title: 'A sync would remove 80% of rows', lines: [], at: '2030-01-01T00:00:00.000Z',
        confirm: { label: 'Apply', done: 'Applied', run: async () => null } }],
    };
    expect((await loadReviewItems(db, NOW, [...REVIEW_SOURCES, held]))[0]?.kindLabel).toBe('Held sync');
  });
});

/**
 * The pairs as the ledger index worker resolves them (ledgerIndex.worker.ts `transfers`): every
 * live row as its index record, the accounts and the user's answers.
 */
async function workerPairs(): Promise<ResolvedTransfer[]> {
  const byKey = rulesByKey(await db.rules.toArray());
  const rows = (await db.transactions.toArray()).flatMap((r) => toIndexed(r, categoryOf(r, byKey), '') ?? []);
  return resolveTransfers(rows, await db.accounts.toArray(), await db.transferDecisions.toArray());
}
/** The inbox's transfer items, from pairs resolved now (or the ones given: resolved before a change). */
const transferItems = async (pairs?: ResolvedTransfer[]) =>
  (await loadReviewItems(db, NOW, REVIEW_SOURCES, pairs ?? await workerPairs())).filter((i) => i.source === 'transfer');

describe('the transfers source', () => {
  const card: Account = {
    id: 'moneykit:card', connectionId: 'c2', name: 'Acorn Credit Card', officialName: null, mask: '3333', kind: 'credit', subtype: 'credit card',
    currency: 'USD', currentMinor: -10_000, availableMinor: null, limitMinor: 500_000,
  };
  const pay = async () => {
    await sync(100_000 - 4800 - 26_342 - 40_000, [tx('plaid:pay', { amountMinor: -40_000, description: 'ACORN CU CARD PMT ONLINE', date: '2026-11-05' })]);
    await applyUpdate(db, {
      pullId: crypto.randomUUID(), connectionId: 'c2', fromCursor: null, nextCursor: 'M1', accounts: [card], replace: [], removals: [],
      upserts: [tx('moneykit:recv', { connectionId: 'c2', accountId: 'moneykit:card', amountMinor: 40_000, description: 'ONLINE PAYMENT RECEIVED - THANK YOU', date: '2026-11-06' }),
        tx('moneykit:old', { connectionId: 'c2', accountId: 'moneykit:card', amountMinor: 12_300, description: 'PAYMENT', date: '2026-08-06' })],
      pulledAt: NOW.toISOString(), pages: 1, restarts: 0,
    }, meta);
  };

  it('asks about a card payment from checking across two connections, with its confidence; Confirm, Reject and Undo', async () => {
    await pay();
    const items = await transferItems();
    expect(items).toHaveLength(1);
    const [item] = items;
    expect(item?.key).toBe('transfer:plaid:pay|moneykit:recv');
    expect(item?.title).toBe('$400.00 from Everyday Checking ••0000 to Acorn Credit Card ••3333 may be a transfer between your accounts');
    expect(item?.lines.map((l) => l.amount?.minor)).toEqual([-40_000, 40_000, undefined]);
    expect(item?.lines[2]?.text).toMatch(/^\d\d% sure · a few days apart · a credit-card payment · described as a transfer or payment · .*across two banks · counted as a transfer until you say otherwise$/);

    const before = await workerPairs();
    const undo = await item!.confirm.run(db);
    expect(await db.transferDecisions.get('plaid:pay|moneykit:recv')).toMatchObject({ status: 'confirmed', manual: false });
    expect(await transferItems()).toEqual([]);
    // The worker's pairs from before the answer (it has not recomputed yet): answered, not asked again.
    expect(await transferItems(before)).toEqual([]);
    expect(await undo!.run(db)).toBe(true);
    expect(await db.transferDecisions.count()).toBe(0);
    const [again] = await transferItems();
    await again!.reject!.run(db);
    expect(await db.transferDecisions.get('plaid:pay|moneykit:recv')).toMatchObject({ status: 'rejected' });
    expect(await transferItems()).toEqual([]);
  });

  it('follows the ledger: once a sync removes one side, the question is gone, even before the worker recomputes', async () => {
    await pay();
    const before = await workerPairs();
    expect(await transferItems(before)).toHaveLength(1);
    await sync(100_000, [], ['plaid:pay']);
    expect(await transferItems()).toEqual([]);
    expect(await transferItems(before)).toEqual([]);
  });
});

describe('which transfers the inbox asks about', () => {
  it('not a confident transfer within one bank (counted without asking), but one it is unsure of', async () => {
    const saving: Account = { ...account(0), id: 'plaid:sav', name: 'Saving', mask: '1111', subtype: 'savings' };
    await applyUpdate(db, {
      pullId: crypto.randomUUID(), connectionId: 'c1', fromCursor: `K${cursor}`, nextCursor: `K${++cursor}`, accounts: [account(50_000), saving], replace: [], removals: [],
      upserts: [
        tx('plaid:to-sav', { amountMinor: -30_000, description: 'ONLINE TRANSFER TO SAV XXXXXX1111', category: 'TRANSFER_OUT', date: '2026-11-16' }),
        tx('plaid:from-chk', { accountId: 'plaid:sav', amountMinor: 30_000, description: 'ONLINE TRANSFER FROM CHK XXXXXX0000', category: 'TRANSFER_IN', date: '2026-11-16' }),
        tx('plaid:venmo', { amountMinor: -2_500, description: 'Venmo', date: '2026-11-10' }),
        tx('plaid:gift', { accountId: 'plaid:sav', amountMinor: 2_500, description: 'Gift', date: '2026-11-14' }),
      ],
      pulledAt: NOW.toISOString(), pages: 1, restarts: 0,
    }, meta);
    const keys = (await transferItems()).map((i) => i.key);
    expect(keys).toEqual(['transfer:plaid:venmo|plaid:gift']);
  });
});
