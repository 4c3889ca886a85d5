import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { readImportFile } from '../../../../shared/import/readFile';
import type { ImportRow } from '../../../../shared/import/types';
import { applyUpdate } from '../../../../renderer/src/db/applyUpdate';
import { allChanges } from '../../../../renderer/src/db/changeLog';
import { commitImport, ImportError, planImport } from '../../../../renderer/src/db/importFile';
import { liveRowCount } from '../../../../renderer/src/db/liveCount';
import { addManualTransaction, createManualAccount, deleteManualTransaction } from '../../../../renderer/src/db/manualAccounts';
import { revertRun } from '../../../../renderer/src/db/revertRun';
import { openDb, type LedgerlineDb, type TransactionRow } from '../../../../renderer/src/db/schema';
import { meta, tx, update } from '../../../support/db/fixtures';

let db: LedgerlineDb;
let n = 0;
const now = new Date('2026-11-20T09:00:00.000Z');
const fixture = (name: string, currency = 'USD') => readImportFile(new Uint8Array(readFileSync(`test/fixtures/import/${name}`)), { fileName: name, currency });

const row = (date: string, amountMinor: number, description: string, fitId: string | null = null): ImportRow => ({
  line: 1, date, amountMinor, currency: 'USD', description, memo: null, category: null, fitId, checkNum: null, splits: null,
});

async function table(): Promise<Map<string, TransactionRow>> {
  return new Map((await db.transactions.toArray()).map((r) => [r.id, r]));
}

beforeEach(async () => {
  db = openDb(`import-${++n}`);
  await db.open();
});

describe('importing a file into a manual account', () => {
  it('previews new rows, writes them as one run of added changes, moves the balance; the same file again is all duplicates', async () => {
    const acct = await createManualAccount(db, { name: 'Credit union', type: 'checking', currency: 'USD', balanceMinor: 100_000 }, now);
    const file = fixture('credit-union-sgml.ofx');
    const plan = await planImport(db, acct, file.rows);
    expect([plan.newCount, plan.duplicateCount]).toEqual([5, 0]);
    const before = await table();
    expect(before.size).toBe(0); // the preview wrote nothing

    const done = await commitImport(db, { accountId: acct, rows: file.rows, fileName: 'cu.ofx', format: 'ofx', expectNew: plan.newCount, now });
    expect(done).toMatchObject({ added: 5, skipped: 0 });
    const rows = [...(await table()).values()];
    expect(rows.map((r) => [r.date, r.amountMinor, r.description, r.fitId]).sort()).toEqual(file.rows.map((r) => [r.date, r.amountMinor, r.description, r.fitId]).sort());
    expect(rows.every((r) => r.id.startsWith('import:') && r.connectionId === 'manual' && r.listKey === `${r.date}|${r.id}` && r.firstSeenAt === now.toISOString())).toBe(true);
    const sum = file.rows.reduce((s, r) => s + r.amountMinor, 0);
    expect((await db.accounts.get(acct))?.currentMinor).toBe(100_000 + sum);
    const run = await db.syncRuns.get(done.runId!);
    expect(run).toMatchObject({ kind: 'import', connectionId: 'manual', fromCursor: 'local', nextCursor: 'local', added: 5, outcome: 'changes', importOf: { accountId: acct, fileName: 'cu.ofx', format: 'ofx' } });
    expect((await allChanges(db)).map((c) => [c.runId, c.kind]).sort()).toEqual(rows.map(() => [done.runId, 'added']));
    expect(await db.cursors.get('manual')).toMatchObject({ cursor: 'local', liveRows: 5 });

    const again = await planImport(db, acct, file.rows);
    expect([again.newCount, again.duplicateCount]).toEqual([0, 5]);
    expect(again.candidates.every((c) => c.verdict?.kind === 'stored' && c.verdict.confidence === 'certain' || c.verdict?.kind === 'stored')).toBe(true);
    // The row without a FITID matched by date, amount and name.
    expect(again.candidates.find((c) => c.row.fitId === null)?.verdict).toMatchObject({ kind: 'stored', reason: 'description' });
  });

  it('undo removes exactly the imported rows and moves the balance back; a row typed in meanwhile stays', async () => {
    const acct = await createManualAccount(db, { name: 'Cash', type: 'cash', currency: 'USD', balanceMinor: 5_000 }, now);
    const typed = await addManualTransaction(db, acct, { date: '2024-01-10', description: 'Typed', amountMinor: -100 }, now);
    const before = await table();
    const file = fixture('cash-ambiguous.qif');
    const plan = await planImport(db, acct, file.rows);
    const done = await commitImport(db, { accountId: acct, rows: file.rows, fileName: 'c.qif', format: 'qif', expectNew: plan.newCount, now });
    // One imported row deleted by hand before the undo: the undo must not move the balance for it again.
    const imported = [...(await table()).keys()].filter((id) => id.startsWith('import:'));
    await deleteManualTransaction(db, imported[0]!, now);
    const result = await revertRun(db, done.runId!, now);
    expect(result.outcome).toBe('reverted');
    expect(await table()).toEqual(before);
    expect((await db.accounts.get(acct))?.currentMinor).toBe(5_000 - 100);
    expect(await liveRowCount(db)).toBe(1);
    expect(await db.transactions.get(typed)).toBeDefined();
    expect((await db.syncRuns.get(done.runId!))?.revertedBy).toBe(`revert:${done.runId}`);
  });

  it('refuses to write when the account changed since the preview, and writes nothing', async () => {
    const acct = await createManualAccount(db, { name: 'Cash', type: 'cash', currency: 'USD', balanceMinor: 0 }, now);
    const rows = [row('2024-02-01', -500, 'Bakery'), row('2024-02-02', -700, 'Bookshop')];
    const plan = await planImport(db, acct, rows);
    await addManualTransaction(db, acct, { date: '2024-02-01', description: 'Bakery', amountMinor: -500 }, now);
    const before = await table();
    await expect(commitImport(db, { accountId: acct, rows, fileName: 'f.csv', format: 'csv', expectNew: plan.newCount, now })).rejects.toBeInstanceOf(ImportError);
    expect(await table()).toEqual(before);
    expect(await db.syncRuns.count()).toBe(0);
  });

  it('in-file duplicates: the same FITID twice is skipped once; two equal rows without FITIDs are both imported', async () => {
    const acct = await createManualAccount(db, { name: 'Cash', type: 'cash', currency: 'USD', balanceMinor: 0 }, now);
    const plan = await planImport(db, acct, [
      row('2024-02-01', -500, 'Coffee', 'F1'), row('2024-02-01', -500, 'Coffee', 'F1'),
      row('2024-02-03', -450, 'Tea'), row('2024-02-03', -450, 'Tea'),
    ]);
    expect(plan.candidates.map((c) => c.verdict?.kind ?? null)).toEqual([null, 'file', null, 'file']);
    expect(plan.newCount).toBe(3);
  });
});

describe('importing onto a synced account\'s older history', () => {
  const synced = async () => {
    await applyUpdate(db, update(null, 'K1', [
      tx('plaid:t1', { date: '2026-11-01', amountMinor: -1_000, description: 'Starbucks' }),
      tx('plaid:t2', { date: '2026-11-05', amountMinor: -2_500, description: 'Shell' }),
    ]), meta);
    return (await db.accounts.get('plaid:a1'))!;
  };

  it('finds the synced rows as duplicates, keeps the cursor, leaves the bank balance and the balance check alone; the next sync goes on as before', async () => {
    const account = await synced();
    const balancesBefore = await db.balances.toArray();
    const rows = [row('2026-11-02', -1_000, 'STARBUCKS STORE 123'), row('2025-06-01', -4_200, 'Old dentist bill'), row('2025-06-03', 90_000, 'Old salary')];
    const plan = await planImport(db, account.id, rows);
    expect(plan.candidates.map((c) => c.verdict?.kind ?? null)).toEqual(['stored', null, null]);
    expect(plan.candidates[0]?.match?.id).toBe('plaid:t1');
    const done = await commitImport(db, { accountId: account.id, rows, fileName: 'old.csv', format: 'csv', expectNew: 2, now });
    expect(await db.cursors.get('c1')).toMatchObject({ cursor: 'K1', liveRows: 4 });
    expect((await db.accounts.get(account.id))?.currentMinor).toBe(account.currentMinor);
    expect(await db.balances.toArray()).toEqual(balancesBefore);
    const imported = [...(await table()).values()].filter((r) => r.id.startsWith('import:'));
    expect(imported.map((r) => r.connectionId)).toEqual(['c1', 'c1']);

    // A later sync from the same cursor applies; a replace scope over all dates drops only the provider's rows it no longer lists.
    const next = await applyUpdate(db, update('K1', 'K2', [tx('plaid:t1', { date: '2026-11-01', amountMinor: -1_000, description: 'Starbucks' })], [], [
      { accountIds: ['plaid:a1'], from: null, to: null, pendingOnly: false },
    ]), meta);
    expect(next.outcome).toBe('applied');
    const after = await table();
    expect(after.get('plaid:t2')?.removedAt).not.toBeNull();
    for (const r of imported) expect(after.get(r.id)).toMatchObject({ removedAt: null, listKey: r.listKey });

    // Undo of the import is not blocked by that sync and takes only the imported rows out; the
    // balance check's implied balance stays where the sync left it (the import never moved it).
    const balancesAfterSync = await db.balances.toArray();
    expect((await revertRun(db, done.runId!, now)).outcome).toBe('reverted');
    const final = await table();
    expect([...final.keys()].filter((id) => id.startsWith('import:'))).toEqual([]);
    expect(final.get('plaid:t1')?.removedAt).toBeNull();
    expect(await db.balances.toArray()).toEqual(balancesAfterSync);
    expect(await db.cursors.get('c1')).toMatchObject({ cursor: 'K2' });
  });

  it('refuses an account whose connection has not synced yet', async () => {
    await db.accounts.put({ id: 'plaid:new', connectionId: 'c9', name: 'New', officialName: null, mask: null, kind: 'depository', subtype: null, currency: 'USD', currentMinor: 0, availableMinor: null, limitMinor: null, updatedAt: '' });
    await expect(commitImport(db, { accountId: 'plaid:new', rows: [row('2024-01-01', -1, 'x')], fileName: 'f', format: 'csv', expectNew: 1, now })).rejects.toThrow('first sync');
    expect(await db.transactions.count()).toBe(0);
  });
});
