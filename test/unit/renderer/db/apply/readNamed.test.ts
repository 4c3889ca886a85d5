import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { KEYS_FIRST_FROM, KEYS_PER_NAMED_ID, readNamed, storedAmong } from '../../../../../renderer/src/db/apply/readNamed';
import { openDb, type LedgerlineDb, type TransactionRow } from '../../../../../renderer/src/db/schema';
import { storedRow } from '../../../../../renderer/src/db/apply/writeRows';
import { tx, update } from '../../../../support/db/fixtures';

let db: LedgerlineDb | null = null;
afterEach(() => {
  db?.close();
  db = null;
});

const NOW = '2026-11-21T10:00:00.000Z';

/** In one transaction, as the apply runs it (a first request keeps an IndexedDB transaction open). */
const inTx = <T>(d: LedgerlineDb, fn: () => Promise<T>): Promise<T> =>
  d.transaction('r', [d.transactions, d.cursors], async () => {
    await d.cursors.get('c1');
    return fn();
  });

async function storeWith(rows: TransactionRow[]): Promise<LedgerlineDb> {
  const d = openDb(`read-named-${crypto.randomUUID()}`);
  await d.open();
  await d.transactions.bulkPut(rows);
  await d.cursors.put({ connectionId: 'c1', cursor: 'K1', updatedAt: NOW, liveRows: rows.filter((r) => r.removedAt === null).length });
  return d;
}

const row = (id: string, removed = false): TransactionRow => {
  const r = storedRow(tx(id), {}, NOW, NOW);
  if (!removed) return r;
  const { listKey: _l, ...rest } = r;
  return { ...rest, removedAt: NOW };
};

describe('readNamed: a large update lists its provider’s stored keys first', () => {
  it('reads only the stored ids of a large update, and drops none of them (tombstones, other providers, unscoped ids)', async () => {
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: KEYS_FIRST_FROM, max: 600 }), fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 10_000 }),
      async (named, stored, seed) => {
        let s = seed;
        const rand = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
        // Stored: plaid rows (some tombstones), a few of another provider and unscoped ones.
        const rows = Array.from({ length: stored }, (_, i) => row(i % 7 === 0 ? `moneykit:m${i}` : i % 11 === 0 ? `legacy${i}` : `plaid:p${i}`, rand() < 0.2));
        d = await storeWith(rows);
        const storedIds = new Set(rows.map((r) => r.id));
        // Named: a mix of stored ids and new ones, in a random order.
        const ids = Array.from({ length: named }, (_, i) => (rand() < 0.4 && rows.length > 0 ? rows[Math.floor(rand() * rows.length)]?.id ?? `plaid:new${i}` : `plaid:new${i}`));
        const kept = await inTx(d, () => storedAmong(d as LedgerlineDb, ids));
        for (const id of ids) if (storedIds.has(id)) expect(kept).toContain(id);
        // New plaid ids are not read one by one.
        expect(kept.filter((id) => id.startsWith('plaid:new'))).toEqual([]);
        d.close();
      },
    ), { numRuns: 25 });
  });

  it('the rows it finds are exactly those a read of every named id finds', async () => {
    const rows = Array.from({ length: 400 }, (_, i) => row(`plaid:p${i}`, i % 5 === 0));
    db = await storeWith(rows);
    const upserts = Array.from({ length: 300 }, (_, i) => tx(i < 150 ? `plaid:p${i * 2}` : `plaid:n${i}`, { description: 'changed' }));
    const u = update('K1', 'K2', upserts, ['plaid:p399', 'plaid:gone']);
    const d = db;
    const named = await inTx(d, () => readNamed(d, u));
    const everyOne = new Map((await d.transactions.bulkGet([...upserts.map((t) => t.id), 'plaid:p399', 'plaid:gone'])).flatMap((r) => (r ? [[r.id, r] as const] : [])));
    expect(new Map(named.existing)).toEqual(everyOne);
    expect([...named.leaving.keys()]).toEqual(['plaid:p399']);
  });

  it('a large update into a much larger store reads its ids as they are: listing every stored key would cost more', async () => {
    db = await storeWith(Array.from({ length: 50 }, (_, i) => row(`plaid:p${i}`)));
    const d = db;
    // The store's size is taken from the cursors' live-row counts (a count would walk the keys):
    // the bench's case, 1,200 changes into 100k rows, reads its 1,200 ids (listing 100k keys took 5–10 × longer).
    const ids = Array.from({ length: 1_200 }, (_, i) => (i % 3 === 0 ? `plaid:p${i % 50}` : `plaid:new${i}`));
    await d.cursors.update('c1', { liveRows: 100_000 });
    expect(await inTx(d, () => storedAmong(d, ids))).toEqual(ids);
    await d.cursors.update('c1', { liveRows: 1_200 * KEYS_PER_NAMED_ID });
    expect(await inTx(d, () => storedAmong(d, ids))).toEqual(ids.filter((id) => !id.startsWith('plaid:new')));
  });

  it('a small update reads its ids as they are (no listing)', async () => {
    db = await storeWith([row('plaid:p1')]);
    const ids = ['plaid:p1', 'plaid:new'];
    const d = db;
    expect(await inTx(d, () => storedAmong(d, ids))).toEqual(ids);
  });
});

let d: LedgerlineDb | null = null;
