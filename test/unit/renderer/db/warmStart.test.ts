import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { applyUpdate } from '../../../../renderer/src/db/applyUpdate';
import { openDb } from '../../../../renderer/src/db/schema';
import { peekWarmRows, startWarmStart, takeWarmRows, warmStartOf, warmStartSettled } from '../../../../renderer/src/db/warmStart';
import { meta, tx, update } from '../../../support/db/fixtures';

async function ledger(n: number) {
  const db = openDb(`warm-${crypto.randomUUID()}`);
  const rows = Array.from({ length: n }, (_, i) => tx(`plaid:t${String(i).padStart(3, '0')}`, { date: `2026-10-${String(1 + (i % 28)).padStart(2, '0')}` }));
  await applyUpdate(db, update(null, 'K1', rows), meta);
  return db;
}

describe('warmStart (what the first screen needs, read once at boot)', () => {
  it('reads the list total, the newest page through listKey and the accounts in one go', async () => {
    const db = await ledger(30);
    startWarmStart(db, 10);
    await warmStartSettled(db);
    const warm = warmStartOf(db);
    const newest = await db.transactions.orderBy('listKey').reverse().limit(10).toArray();
    expect(warm?.count).toBe(30);
    expect(warm?.rows.map((r) => r.id)).toEqual(newest.map((r) => r.id));
    expect(warm?.accounts.map((a) => a.id)).toEqual((await db.accounts.toArray()).map((a) => a.id));
    db.close();
  });

  it('hands the newest page to the list once (peeks do not take it)', async () => {
    const db = await ledger(5);
    startWarmStart(db, 10);
    await warmStartSettled(db);
    expect(peekWarmRows(db)).toHaveLength(5);
    expect(takeWarmRows(db)).toHaveLength(5);
    expect(takeWarmRows(db)).toBeNull();
    expect(peekWarmRows(db)).toBeNull();
    expect(warmStartOf(db)?.count).toBe(5); // the total stays for the list until its live count answers
    db.close();
  });

  it('is retired by a write to the rows, the counts or the accounts, not by other writes', async () => {
    const db = await ledger(5);
    startWarmStart(db, 10);
    await warmStartSettled(db);
    await db.meta.put({ key: 'unrelated', value: 'x' });
    expect(warmStartOf(db)?.count).toBe(5);
    await applyUpdate(db, update('K1', 'K2', [tx('plaid:new', { date: '2026-11-30' })]), meta);
    expect(warmStartOf(db)).toBeNull();
    expect(peekWarmRows(db)).toBeNull();
    db.close();
  });
});
