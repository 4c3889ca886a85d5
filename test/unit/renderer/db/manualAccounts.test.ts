import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { applyUpdate } from '../../../../renderer/src/db/applyUpdate';
import { liveRowCount } from '../../../../renderer/src/db/liveCount';
import {
  addManualTransaction, createManualAccount, deleteManualAccount, deleteManualTransaction, editManualTransaction, isLocalRowId,
  ManualAccountError, MANUAL_CONNECTION_ID, updateManualAccount,
} from '../../../../renderer/src/db/manualAccounts';
import { reconcileConnections } from '../../../../renderer/src/sync/launchSync';
import { openDb, type LedgerlineDb } from '../../../../renderer/src/db/schema';
import { meta, tx, update } from '../../../support/db/fixtures';

let db: LedgerlineDb;
let n = 0;
const now = new Date('2026-11-20T09:00:00.000Z');

beforeEach(async () => {
  db = openDb(`manual-${++n}`);
  await db.open();
});

const balance = async (id: string) => (await db.accounts.get(id))?.currentMinor;

describe('manual accounts', () => {
  it('creates an account under the local pseudo-connection, with its balance and a fixed cursor holding its live-row count', async () => {
    const id = await createManualAccount(db, { name: '  Wallet ', type: 'cash', currency: 'EUR', balanceMinor: 4250 }, now);
    expect(id).toMatch(/^manual:/);
    expect(await db.accounts.get(id)).toMatchObject({
      connectionId: MANUAL_CONNECTION_ID, name: 'Wallet', kind: 'depository', subtype: 'cash', currency: 'EUR', currentMinor: 4250, mask: null,
    });
    expect(await db.cursors.get(MANUAL_CONNECTION_ID)).toEqual({ connectionId: MANUAL_CONNECTION_ID, cursor: 'local', updatedAt: now.toISOString(), liveRows: 0 });
    // No connection row: main never lists it, so the launch's reconciliation has nothing to purge.
    expect(await db.connections.count()).toBe(0);
    await expect(createManualAccount(db, { name: '  ', type: 'cash', currency: 'EUR', balanceMinor: 0 })).rejects.toBeInstanceOf(ManualAccountError);
  });

  it('moves the stored balance with every added, edited and deleted row, and keeps liveRows right', async () => {
    const acct = await createManualAccount(db, { name: 'Cash', type: 'cash', currency: 'USD', balanceMinor: 10_000 }, now);
    const a = await addManualTransaction(db, acct, { date: '2026-11-18', description: ' Coffee  beans ', amountMinor: -1_299, note: ' for Sam ' }, now);
    const b = await addManualTransaction(db, acct, { date: '2026-11-19', description: 'Sold a lamp', amountMinor: 4_000 }, now);
    expect(await balance(acct)).toBe(10_000 - 1_299 + 4_000);
    expect(await db.transactions.get(a)).toMatchObject({
      id: a, connectionId: MANUAL_CONNECTION_ID, accountId: acct, currency: 'USD', description: 'Coffee beans', note: 'for Sam', pending: false,
      listKey: `2026-11-18|${a}`, removedAt: null,
    });
    expect(isLocalRowId(a)).toBe(true);
    expect(await liveRowCount(db)).toBe(2);

    await editManualTransaction(db, a, { date: '2026-11-17', description: 'Coffee beans', amountMinor: -1_500 }, now);
    expect(await balance(acct)).toBe(10_000 - 1_500 + 4_000);
    expect((await db.transactions.get(a))?.listKey).toBe(`2026-11-17|${a}`);

    await deleteManualTransaction(db, b, now);
    expect(await balance(acct)).toBe(10_000 - 1_500);
    expect(await db.transactions.get(b)).toBeUndefined();
    expect(await liveRowCount(db)).toBe(1);
    await expect(deleteManualTransaction(db, b)).rejects.toBeInstanceOf(ManualAccountError);
    await expect(addManualTransaction(db, acct, { date: 'not a day', description: 'x', amountMinor: 1 })).rejects.toBeInstanceOf(ManualAccountError);
  });

  it('edits the account; its currency only while it has no rows; a direct balance is a correction', async () => {
    const acct = await createManualAccount(db, { name: 'Card', type: 'credit', currency: 'USD', balanceMinor: -5_000 }, now);
    await updateManualAccount(db, acct, { name: 'Visa', type: 'loan', currency: 'CAD' }, now);
    expect(await db.accounts.get(acct)).toMatchObject({ name: 'Visa', kind: 'loan', subtype: 'loan', currency: 'CAD', currentMinor: -5_000 });
    await addManualTransaction(db, acct, { date: '2026-11-18', description: 'Payment', amountMinor: 2_000 }, now);
    await expect(updateManualAccount(db, acct, { currency: 'USD' })).rejects.toThrow('cannot change');
    await updateManualAccount(db, acct, { balanceMinor: -2_999 }, now);
    expect(await balance(acct)).toBe(-2_999);
  });

  it('never touches synced rows, and a sync or the launch reconciliation never touches manual ones', async () => {
    await applyUpdate(db, update(null, 'K1', [tx('plaid:t1', { amountMinor: -700 })]), meta);
    await expect(editManualTransaction(db, 'plaid:t1', { date: '2026-11-01', description: 'x', amountMinor: 1 })).rejects.toBeInstanceOf(ManualAccountError);
    await expect(deleteManualTransaction(db, 'plaid:t1')).rejects.toBeInstanceOf(ManualAccountError);

    const acct = await createManualAccount(db, { name: 'Cash', type: 'cash', currency: 'USD', balanceMinor: 0 }, now);
    const row = await addManualTransaction(db, acct, { date: '2026-11-02', description: 'Lunch', amountMinor: -1_200 }, now);
    await reconcileConnections(db, []); // main lists nothing: the demo connection c1 is not demo, nothing is purged
    await applyUpdate(db, update('K1', 'K2', [tx('plaid:t2')], ['plaid:t1']), meta);
    expect(await db.transactions.get(row)).toMatchObject({ amountMinor: -1_200, removedAt: null });
    expect(await db.accounts.get(acct)).toMatchObject({ currentMinor: -1_200 });
    expect(await liveRowCount(db)).toBe(2); // plaid:t2 and the lunch
  });

  it('deletes an account with its rows, their transfer answers and the runs of imports into it', async () => {
    const acct = await createManualAccount(db, { name: 'Cash', type: 'cash', currency: 'USD', balanceMinor: 0 }, now);
    const other = await createManualAccount(db, { name: 'Jar', type: 'savings', currency: 'USD', balanceMinor: 0 }, now);
    const r1 = await addManualTransaction(db, acct, { date: '2026-11-02', description: 'Lunch', amountMinor: -1_200 }, now);
    await addManualTransaction(db, acct, { date: '2026-11-03', description: 'Dinner', amountMinor: -2_200 }, now);
    const kept = await addManualTransaction(db, other, { date: '2026-11-03', description: 'Savings', amountMinor: 2_200 }, now);
    await db.transferDecisions.put({ id: `${r1}|${kept}`, outId: r1, inId: kept, status: 'confirmed', manual: true, confidence: null, at: now.toISOString() });
    await db.syncRuns.put({
      id: 'import:r', connectionId: MANUAL_CONNECTION_ID, trigger: 'manual', startedAt: '', finishedAt: '', fromCursor: 'local', nextCursor: 'local', outcome: 'changes',
      added: 0, modified: 0, removed: 0, posted: 0, reidentified: 0, suggested: 0, pages: 0, restarts: 0, kind: 'import', importOf: { accountId: acct, fileName: 'f.csv', format: 'csv' },
    });
    expect(await deleteManualAccount(db, acct)).toBe(2);
    expect(await db.accounts.get(acct)).toBeUndefined();
    expect((await db.transactions.toArray()).map((r) => r.id)).toEqual([kept]);
    expect(await db.transferDecisions.count()).toBe(0);
    expect(await db.syncRuns.get('import:r')).toBeUndefined();
    expect(await liveRowCount(db)).toBe(1);
  });
});
