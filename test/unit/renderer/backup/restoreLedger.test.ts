import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { beforeEach, describe, expect, it } from 'vitest';
import { applyUpdate } from '../../../../renderer/src/db/applyUpdate';
import { allChanges } from '../../../../renderer/src/db/changeLog';
import { editUserFields } from '../../../../renderer/src/db/editUserFields';
import { saveRule } from '../../../../renderer/src/db/rules';
import { openDb, type LedgerlineDb } from '../../../../renderer/src/db/schema';
import { dumpLedger } from '../../../../renderer/src/backup/dumpLedger';
import { openBackup, previewRestore, restoreLedger, undoOffer, undoRestore } from '../../../../renderer/src/backup/restoreLedger';
import { BackupError, encodeBackup } from '../../../../shared/backup/backup';
import type { ConnectionInfo } from '../../../../shared/types';
import { meta, tx, update } from '../../../support/db/fixtures';
import { pinnedInstant } from '../../../support/clock/calendar.mjs';

// Backup → wipe → restore on fake-indexeddb through the app's own writers: every table comes back
// field by field (toStrictEqual: a property present but undefined is not an absent one), a wrong
// passphrase changes nothing, the restore is undone exactly, a restore that races a sync is
// refused whole, and the next sync continues from the restored cursor.
let db: LedgerlineDb;
let n = 0;
const now = () => new Date(pinnedInstant());
const opts = { appVersion: '9.9.9', now };
const PASS = 'correct horse battery staple';

beforeEach(async () => {
  db = openDb(`restore-${++n}`);
  await db.open();
});

async function everything(d: LedgerlineDb = db): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of d.tables) out[table.name] = await table.toArray();
  return out;
}

async function wipe(): Promise<void> {
  await db.transaction('rw', db.tables, async () => {
    for (const t of db.tables) await t.clear();
  });
}

/** A small ledger through the app's writers: two syncs, a note, a rule, a held update, a budget and meta. */
async function seed(): Promise<void> {
  await db.connections.put({ id: 'c1', provider: 'plaid', institutionName: 'First Platypus Bank', demo: false, createdAt: '2026-03-01T00:00:00.000Z' });
  const first = Array.from({ length: 30 }, (_, i) => tx(`plaid:t${i}`, { date: `2026-03-${String(1 + (i % 28)).padStart(2, '0')}`, merchant: i % 3 === 0 ? 'Blue Bottle' : null, pending: i === 29 }));
  expect((await applyUpdate(db, update(null, 'K1', first), meta)).outcome).toBe('applied');
  expect((await applyUpdate(db, update('K1', 'K2', [tx('plaid:t30', { date: '2026-03-30' }), { ...first[1]!, amountMinor: -1234 }], ['plaid:t2']), meta)).outcome).toBe('applied');
  await editUserFields(db, 'plaid:t3', { note: 'split with Sam', userCategory: 'coffee' }, now());
  await saveRule(db, { merchantKey: 'blue bottle', merchantLabel: 'Blue Bottle', category: 'coffee' }, { now: now() });
  // A held update (a suspicious sync waiting for Apply / Discard): its whole SyncUpdate is kept.
  expect((await applyUpdate(db, update('K2', 'K3', [], Array.from({ length: 25 }, (_, i) => `plaid:t${i + 3}`)), meta)).outcome).toBe('held');
  await db.budgets.put({ id: 'USD\u0000coffee\u00002026-03', currency: 'USD', category: 'coffee', month: '2026-03', assignedMinor: 45_029, updatedAt: now().toISOString() });
  // A property present but undefined, which IndexedDB keeps apart from an absent one.
  await db.meta.put({ key: 'odd', value: 'x', extra: undefined } as never);
}

describe('backup → wipe → restore', () => {
  it('gives back every table field by field, user fields, rules, held updates and cursors included', async () => {
    await seed();
    const original = await everything();
    expect(original.heldUpdates).toHaveLength(1);
    expect(original.rules).toHaveLength(1);
    const dump = await dumpLedger(db, { ...opts, passphrase: PASS, chunkRows: 7 });
    expect(dump.rows).toBe(Object.values(original).reduce((s, r) => s + r.length, 0));
    expect(Object.keys(dump.counts).sort()).toEqual(db.tables.map((t) => t.name).sort());
    await wipe();
    const opened = await openBackup(db, dump.bytes, PASS);
    await restoreLedger(db, opened, opts);
    expect(await everything()).toStrictEqual(original);
    expect('extra' in (await db.meta.get('odd'))!).toBe(true);
  });

  it('a chunked read is the same file as a one-chunk read, and reports its progress up to the total', async () => {
    await seed();
    const progress: number[] = [];
    const small = await dumpLedger(db, { ...opts, chunkRows: 3, onProgress: (done, total) => progress.push(done - total) });
    const big = await dumpLedger(db, { ...opts, chunkRows: 100_000 });
    expect(new TextDecoder().decode(small.bytes)).toBe(new TextDecoder().decode(big.bytes));
    expect(progress.at(-1)).toBe(0);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('a wrong passphrase is a clear error and changes nothing', async () => {
    await seed();
    const dump = await dumpLedger(db, { ...opts, passphrase: PASS });
    const before = await everything();
    const e = await openBackup(db, dump.bytes, 'Correct horse battery staple').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(BackupError);
    expect((e as BackupError).code).toBe('wrongPassphrase');
    expect(await everything()).toStrictEqual(before);
    expect(await undoOffer(db)).toBeNull();
  });

  it('undo restore puts back exactly the ledger the restore replaced', async () => {
    await seed();
    const backup = await dumpLedger(db, opts);
    // The ledger moves on after the backup: a new note and a new sync.
    await editUserFields(db, 'plaid:t5', { note: 'after the backup' }, now());
    expect((await applyUpdate(db, update('K2', 'K9', [tx('plaid:t99', { date: '2026-04-01' })]), meta)).outcome).toBe('applied');
    const current = await everything();
    await restoreLedger(db, await openBackup(db, backup.bytes), opts);
    expect((await db.transactions.get('plaid:t99'))).toBeUndefined();
    expect(await undoOffer(db)).toMatchObject({ restoredFrom: backup.createdAt });
    await undoRestore(db);
    expect(await everything()).toStrictEqual(current);
    expect(await undoOffer(db)).toBeNull();
  });

  it('a sync that commits between the snapshot and the replace stops the restore, which changes nothing', async () => {
    await seed();
    const backup = await dumpLedger(db, opts);
    let during: Record<string, unknown[]> = {};
    const r = restoreLedger(db, await openBackup(db, backup.bytes), {
      ...opts,
      beforeReplace: async () => {
        await db.cursors.update('c1', { cursor: 'K-raced' });
        during = await everything();
      },
    });
    await expect(r).rejects.toThrow(/changed while the restore was getting ready/);
    expect(await everything()).toStrictEqual(during);
  });

  it('after a restore the next sync continues from the restored cursor: applied, not stale, no row twice', async () => {
    await seed();
    const backup = await dumpLedger(db, opts);
    const cursor = (await db.cursors.get('c1'))!.cursor;
    await wipe();
    await restoreLedger(db, await openBackup(db, backup.bytes), opts);
    const rows = await db.transactions.count();
    const next = await applyUpdate(db, update(cursor, 'K10', [tx('plaid:t40', { date: '2026-04-02' }), tx('plaid:t0', { date: '2026-03-01', merchant: 'Blue Bottle' })]), meta);
    expect(next.outcome).toBe('applied');
    expect(await db.transactions.count()).toBe(rows + 1);
    expect((await db.cursors.get('c1'))!.cursor).toBe('K10');
  });

  it('includes a table a later schema version adds, without a list kept anywhere', async () => {
    const later = openDb(`restore-later-${n}`);
    later.version(99).stores({ manualAccounts: 'id' });
    await later.open();
    await (later.table('manualAccounts')).put({ id: 'm1', name: 'Cash', balanceMinor: 1200 });
    const dump = await dumpLedger(later, opts);
    expect(dump.counts.manualAccounts).toBe(1);
    await later.table('manualAccounts').clear();
    await restoreLedger(later, await openBackup(later, dump.bytes), opts);
    expect(await later.table('manualAccounts').toArray()).toStrictEqual([{ id: 'm1', name: 'Cash', balanceMinor: 1200 }]);
    later.close();
  });

  it('brings a backup of an older database version up to this one, each upgrade moving its rows', async () => {
    // A version 10 ledger: its change log still one record per change in `changes` (v11 packs it).
    const scratch = `restore-v10-${++n}`;
    const v10 = openDb(scratch, 10);
    await v10.open();
    expect(v10.verno).toBe(10);
    const change = (txId: string, kind: 'added' | 'removed') => ({ runId: 'r1', connectionId: 'c1', txId, kind, fields: [], relatedId: null, at: 'r1-at' });
    await v10.table('changes').bulkAdd([change('plaid:1', 'added'), change('plaid:2', 'removed')]);
    await v10.meta.put({ key: 'changesSeenUpTo', value: 'r1' });
    const dump = await dumpLedger(v10, opts);
    v10.close();
    await Dexie.delete(scratch);

    const opened = await openBackup(db, dump.bytes);
    expect(opened.header.schemaVersion).toBe(10);
    expect(Object.keys(opened.tables).sort()).toEqual(db.tables.map((t) => t.name).sort());
    await restoreLedger(db, opened, opts);
    expect((await allChanges(db)).map(({ seq: _s, ...c }) => c)).toEqual([change('plaid:1', 'added'), change('plaid:2', 'removed')]);
    expect(await db.meta.get('changesSeenUpTo')).toEqual({ key: 'changesSeenUpTo', value: 'r1' });
    // The scratch database is gone again.
    expect((await Dexie.getDatabaseNames()).some((name) => name.endsWith('-backup-upgrade'))).toBe(false);
  });

  it('refuses a backup of a newer database version, and stops a backup that would carry a secret', async () => {
    const newer = await encodeBackup({ meta: [] }, { appVersion: '9', schemaVersion: db.verno + 1, createdAt: now().toISOString() });
    await expect(openBackup(db, newer)).rejects.toMatchObject({ code: 'newerSchema' });
    await db.meta.put({ key: 'leak', value: 'x', accessToken: 'access-sandbox-00000000-1111' } as never);
    await expect(dumpLedger(db, opts)).rejects.toThrow(/meta\[\d+\]\.accessToken looks like a secret/);
  });
});

describe('previewRestore', () => {
  it('per table now vs in the file; connections with and without a sign-in here; accounts; live date range; backup date', async () => {
    await seed();
    const backup = await dumpLedger(db, opts);
    await wipe();
    await db.meta.put({ key: 'k', value: 'v' });
    const signedIn: ConnectionInfo[] = [];
    const p = await previewRestore(db, await openBackup(db, backup.bytes), signedIn);
    expect(p.createdAt).toBe(now().toISOString());
    expect(p.tables.find((t) => t.name === 'transactions')).toEqual({ name: 'transactions', now: 0, inFile: 31 });
    expect(p.tables.find((t) => t.name === 'meta')).toMatchObject({ now: 1 });
    expect(p.tables.map((t) => t.name).sort()).toEqual(db.tables.map((t) => t.name).sort());
    expect(p.connections).toEqual([{ id: 'c1', institutionName: 'First Platypus Bank', provider: 'plaid', demo: false, cursor: true, signedInHere: false }]);
    expect(p.accounts).toEqual({ now: 0, inFile: 1 });
    expect(p.transactions).toEqual({ live: 30, from: '2026-03-01', to: '2026-03-30' });
    const withSignIn = await previewRestore(db, await openBackup(db, backup.bytes), [{ id: 'c1' } as ConnectionInfo]);
    expect(withSignIn.connections[0]!.signedInHere).toBe(true);
  });
});
