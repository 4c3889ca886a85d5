import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { applyUpdate } from '../../../../renderer/src/db/applyUpdate';
import { readAtBoot } from '../../../../renderer/src/db/bootRead';
import { SCHEMA_VERSION } from '../../../../renderer/src/db/identity';
import { liveRowCount } from '../../../../renderer/src/db/liveCount';
import { openDb } from '../../../../renderer/src/db/schema';
import { startWarmStart, warmStartOf, warmStartSettled } from '../../../../renderer/src/db/warmStart';
import { meta, tx, update } from '../../../support/db/fixtures';

async function ledger(n: number) {
  const db = openDb(`boot-${crypto.randomUUID()}`);
  const rows = Array.from({ length: n }, (_, i) => tx(`plaid:t${String(i).padStart(3, '0')}`, { date: `2026-10-${String(1 + (i % 28)).padStart(2, '0')}` }));
  await applyUpdate(db, update(null, 'K1', rows), meta);
  return db;
}

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('readAtBoot (the first screen read before the bundle runs, on plain IndexedDB)', () => {
  it('declares the version openDb declares', () => {
    expect(openDb(`v-${crypto.randomUUID()}`).verno).toBe(SCHEMA_VERSION);
  });

  it('reads what the Dexie read reads: the cursors (the total), the newest page, the accounts', async () => {
    const db = await ledger(30);
    db.close();
    const boot = await readAtBoot(db.name, SCHEMA_VERSION, 10);
    await db.open();
    const newest = await db.transactions.orderBy('listKey').reverse().limit(10).toArray();
    expect(boot?.rows).toEqual(newest);
    expect(boot?.accounts).toEqual(await db.accounts.toArray());
    expect(boot?.cursors).toEqual(await db.cursors.toArray());
    expect(await liveRowCount(db)).toBe(30);
    db.close();
  });

  it('creates nothing where there is no database yet, and the app then creates it as usual', async () => {
    const name = `none-${crypto.randomUUID()}`;
    expect(await readAtBoot(name, SCHEMA_VERSION, 10)).toBeNull();
    expect((await indexedDB.databases()).map((d) => d.name)).not.toContain(name);
    const db = await ledger(0).then(() => openDb(name));
    await db.open();
    expect(db.tables.map((t) => t.name)).toContain('transactions');
    db.close();
  });

  it('reads nothing from a database of another version, and does not hold up its upgrade', async () => {
    const name = `old-${crypto.randomUUID()}`;
    const old = openDb(name, SCHEMA_VERSION - 1);
    await old.open();
    old.close();
    const reading = readAtBoot(name, SCHEMA_VERSION, 10);
    const db = openDb(name); // the app's open, asking for the upgrade while the boot read runs
    await db.open();
    expect(await reading).toBeNull();
    expect(db.verno).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('does not hold up an upgrade asked for while it reads the current version', async () => {
    const db = await ledger(3);
    db.close();
    const reading = readAtBoot(db.name, SCHEMA_VERSION, 10);
    const next = new Dexie(db.name);
    next.version(SCHEMA_VERSION + 1).stores({ extra: 'id' });
    await next.open(); // would wait forever if the boot read's connection stayed open
    // Read before the upgrade, or stepped aside after it: either way it answered.
    expect([3, null]).toContain((await reading)?.rows.length ?? null);
    next.close();
  });
});

describe('startWarmStart with the boot read', () => {
  it('takes the boot read\'s values before the next task (before React\'s first render)', async () => {
    const db = await ledger(4);
    const boot = await readAtBoot(db.name, SCHEMA_VERSION, 10);
    const { rows, accounts } = boot ?? { rows: [], accounts: [] };
    // A boot read that differs from the database: the warm values must be the boot's, unread.
    const cursors = (boot?.cursors ?? []).map((c) => ({ ...c, liveRows: 99 }));
    startWarmStart(db, 2, Promise.resolve({ cursors, rows, accounts }));
    await nextTask();
    expect(warmStartOf(db)?.count).toBe(99 * cursors.length);
    expect(warmStartOf(db)?.rows).toEqual(rows.slice(0, 2));
    db.close();
  });

  it('reads through Dexie when the boot read has nothing (or no total)', async () => {
    const db = await ledger(4);
    startWarmStart(db, 10, Promise.resolve(null));
    await warmStartSettled(db);
    expect(warmStartOf(db)?.count).toBe(4);
    const boot = await readAtBoot(db.name, SCHEMA_VERSION, 10);
    const cursors = (boot?.cursors ?? []).map(({ liveRows: _, ...c }) => c);
    startWarmStart(db, 10, Promise.resolve({ cursors, rows: [], accounts: [] }));
    await warmStartSettled(db);
    expect(warmStartOf(db)?.count).toBe(4);
    expect(warmStartOf(db)?.rows).toHaveLength(4);
    db.close();
  });
});
