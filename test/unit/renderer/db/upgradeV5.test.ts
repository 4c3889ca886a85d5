import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { SCHEMA_V3, listKeyOf, openDb } from '../../../../renderer/src/db/schema';
import { formatMoney } from '../../../../shared/money';
import { tx } from '../../../support/db/fixtures';
import { allChanges } from '../../../../renderer/src/db/changeLog';

// Issue 14: before it, BTC and every code outside ISO's short table were stored at 2 decimals.
// Version 5 rescales them, so a stored 0.50 BTC (50) does not read as 0.0000005 BTC.
async function createV4(name: string): Promise<void> {
  const v4 = new Dexie(name);
  v4.version(4).stores(SCHEMA_V3);
  const live = (t: ReturnType<typeof tx>) => ({ ...t, listKey: listKeyOf(t), removedAt: null, firstSeenAt: 'f', updatedAt: 'u' });
  await v4.table('transactions').bulkAdd([
    live(tx('plaid:usd', { amountMinor: -1234 })),
    live(tx('plaid:jpy', { amountMinor: 1500, currency: 'JPY' })),
    live(tx('plaid:btc', { amountMinor: 50, currency: 'BTC' })),
    live(tx('snaptrade:eth', { amountMinor: -1, currency: 'ETH', feeMinor: 1 })),
  ]);
  await v4.table('changes').bulkAdd([
    { runId: 'r1', connectionId: 'c1', txId: 'plaid:btc', kind: 'modified', fields: [{ field: 'amountMinor', before: 40, after: 50 }, { field: 'description', before: 'a', after: 'b' }], relatedId: null, at: 'x' },
    { runId: 'r1', connectionId: 'c1', txId: 'plaid:usd', kind: 'modified', fields: [{ field: 'amountMinor', before: -1000, after: -1234 }], relatedId: null, at: 'x' },
  ]);
  await v4.table('accounts').bulkAdd([
    { id: 'plaid:w1', connectionId: 'c1', name: 'BTC Wallet', officialName: null, mask: null, kind: 'other', subtype: null, currency: 'BTC', currentMinor: 70, availableMinor: null, limitMinor: null, updatedAt: 'u' },
    { id: 'snaptrade:b', connectionId: 'c1', name: 'Brokerage', officialName: null, mask: null, kind: 'investment', subtype: null, currency: 'USD', currentMinor: 100, availableMinor: 100, limitMinor: null, cashBalances: [{ currency: 'BTC', amountMinor: 1 }, { currency: 'USD', amountMinor: 100 }], updatedAt: 'u' },
  ]);
  v4.close();
}

describe('schema v4 → v5', () => {
  it('rescales money stored under codes whose precision changed, and nothing else', async () => {
    await createV4('upgrade-v5');
    const db = openDb('upgrade-v5');
    await db.open();
    try {
      expect(db.verno).toBe(14);
      const rows = new Map((await db.transactions.toArray()).map((t) => [t.id, t]));
      expect(rows.get('plaid:usd')?.amountMinor).toBe(-1234);
      expect(rows.get('plaid:jpy')?.amountMinor).toBe(1500);
      expect(rows.get('plaid:btc')?.amountMinor).toBe(50_000_000);
      expect([rows.get('snaptrade:eth')?.amountMinor, rows.get('snaptrade:eth')?.feeMinor]).toEqual([-10_000_000, 10_000_000]);
      expect(formatMoney(rows.get('plaid:btc')?.amountMinor ?? 0, 'BTC', { locale: 'en-US' })).toBe('0.50 BTC');
      const changes = await allChanges(db);
      expect(changes.find((c) => c.txId === 'plaid:btc')?.fields).toEqual([{ field: 'amountMinor', before: 40_000_000, after: 50_000_000 }, { field: 'description', before: 'a', after: 'b' }]);
      expect(changes.find((c) => c.txId === 'plaid:usd')?.fields).toEqual([{ field: 'amountMinor', before: -1000, after: -1234 }]);
      const accounts = new Map((await db.accounts.toArray()).map((a) => [a.id, a]));
      expect(accounts.get('plaid:w1')?.currentMinor).toBe(70_000_000);
      expect(accounts.get('snaptrade:b')).toMatchObject({ currentMinor: 100, cashBalances: [{ currency: 'BTC', amountMinor: 1_000_000 }, { currency: 'USD', amountMinor: 100 }] });
    } finally {
      db.close();
      await db.delete();
    }
  });
});
