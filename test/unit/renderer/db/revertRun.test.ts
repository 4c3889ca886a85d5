import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { applyUpdate, type ApplyResult } from '../../../../renderer/src/db/applyUpdate';
import { editUserFields } from '../../../../renderer/src/db/editUserFields';
import { resolveSuggestion } from '../../../../renderer/src/db/resolveSuggestion';
import { planRevert, revertRun, revertRunId } from '../../../../renderer/src/db/revertRun';
import { openDb, type LedgerlineDb, type TransactionRow } from '../../../../renderer/src/db/schema';
import { meta, tx, update } from '../../../support/db/fixtures';
import { runChanges } from '../../../../renderer/src/db/changeLog';

let db: LedgerlineDb;
let n = 0;
const at = (iso: string) => ({ ...meta, now: () => new Date(iso) });
const runIdOf = (r: ApplyResult) => (r.outcome === 'applied' ? r.runId : '');

/** The whole transactions table, by id: a revert must give back exactly this. */
async function table(): Promise<Map<string, TransactionRow>> {
  return new Map((await db.transactions.toArray()).map((r) => [r.id, r]));
}

/** Compares two tables field by field, naming the first row and field that differ. */
function expectSameTable(got: Map<string, TransactionRow>, want: Map<string, TransactionRow>): void {
  expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
  for (const [id, row] of want) {
    const other = got.get(id) as unknown as Record<string, unknown>;
    const fields = new Set([...Object.keys(row), ...Object.keys(other)]);
    for (const field of fields) expect(other[field], `${id}.${field}`).toEqual((row as unknown as Record<string, unknown>)[field]);
  }
}

const liveCount = async () => db.transactions.where('connectionId').equals('c1').filter((r) => r.listKey !== undefined).count();

beforeEach(async () => {
  db = openDb(`revert-${++n}`);
  await db.open();
  await applyUpdate(db, update(null, 'K1', [
    tx('plaid:keep', { amountMinor: -500, description: 'Bakery' }),
    tx('plaid:mod', { amountMinor: -1200, description: 'Starbucks' }),
    tx('plaid:gone', { amountMinor: -300, description: 'Parking' }),
    tx('plaid:pend', { pending: true, amountMinor: -4000, description: 'ZUNI CAFE', date: '2026-11-08' }),
    tx('plaid:flip', { pending: true, amountMinor: -2500, description: 'Shell', date: '2026-11-09' }),
    tx('plaid:old', { amountMinor: -700, description: 'Library fine', date: '2026-11-02' }),
  ]), at('2026-11-20T09:00:00.000Z'));
  // The user's fields on the pending row that the next sync merges into its posted row.
  await editUserFields(db, 'plaid:pend', { userCategory: 'Dining out', note: 'birthday dinner' }, new Date('2026-11-20T09:30:00.000Z'));
  await editUserFields(db, 'plaid:mod', { note: 'coffee with Sam' }, new Date('2026-11-20T09:31:00.000Z'));
});

/** One sync that does every kind of change: add, modify, remove, link merge, same-id posting, re-identify. */
const everyKind = () => applyUpdate(db, update('K1', 'K2', [
  tx('plaid:new', { amountMinor: -999, description: 'Bookshop' }),
  tx('plaid:mod', { amountMinor: -1450, description: 'Starbucks' }),
  tx('plaid:posted', { amountMinor: -4800, description: 'Zuni Cafe', date: '2026-11-10', pendingId: 'plaid:pend' }),
  tx('plaid:flip', { pending: false, amountMinor: -2500, description: 'Shell', date: '2026-11-10' }),
  tx('plaid:old2', { amountMinor: -700, description: 'Library fine', date: '2026-11-02' }),
], ['plaid:gone', 'plaid:pend', 'plaid:old']), at('2026-11-21T09:00:00.000Z'));

describe('revertRun', () => {
  it("moves the balance check's implied balance back with the rows, so the next check compares the bank with the rows the undo left", async () => {
    const state = async () => (await db.balances.toArray()).find((b) => b.accountId === 'plaid:a1' && b.currency === 'USD');
    const run = runIdOf(await everyKind());
    const impliedAfter = (await state())?.impliedMinor;
    expect(impliedAfter).toBeTypeOf('number');
    expect((await revertRun(db, run, new Date('2026-11-21T10:00:00.000Z'))).outcome).toBe('reverted');
    // The undo's posted change is the sync's, reversed: +999 Bookshop deleted, +250 Starbucks back to
    // −1,200, +4,800 posted Zuni deleted (its pending is not posted), +2,500 Shell pending again,
    // −300 Parking back (the re-identified library fine nets to nothing).
    expect((await state())?.impliedMinor).toBe((impliedAfter ?? 0) + 999 + 250 + 4800 + 2500 - 300);
  });

  it('puts back every row the sync touched exactly as it was, field by field, including a merge with a note and a category', async () => {
    const before = await table();
    const cursorBefore = await db.cursors.get('c1');
    const applied = await everyKind();
    expect(applied).toMatchObject({ outcome: 'applied', added: 1, modified: 1, removed: 1, posted: 2, reidentified: 1 });
    // The merge carried the pending's fields onto the posted row.
    expect(await db.transactions.get('plaid:posted')).toMatchObject({ note: 'birthday dinner', userCategory: 'Dining out' });

    const plan = await planRevert(db, runIdOf(applied));
    expect(plan.ok && plan.plan.counts).toEqual({ deleted: 3, restored: 5, deletedWithUserFields: 1 });

    const result = await revertRun(db, runIdOf(applied), new Date('2026-11-21T10:00:00.000Z'));
    expect(result).toMatchObject({ outcome: 'reverted', revertRunId: revertRunId(runIdOf(applied)) });
    expectSameTable(await table(), before);
    // The cursor does not move back; the live count beside it follows the rows.
    const cursor = await db.cursors.get('c1');
    expect(cursor?.cursor).toBe('K2');
    expect(cursor?.liveRows).toBe(await liveCount());
    expect(cursor?.liveRows).toBe(cursorBefore?.liveRows);
  });

  it('is an entry in Changes of its own: a revert run naming the sync, its changes, and the sync marked undone', async () => {
    const applied = await everyKind();
    await revertRun(db, runIdOf(applied), new Date('2026-11-21T10:00:00.000Z'));
    const id = revertRunId(runIdOf(applied));
    expect(await db.syncRuns.get(id)).toMatchObject({
      kind: 'revert', revertOf: runIdOf(applied), fromCursor: 'K2', nextCursor: 'K2', outcome: 'changes', added: 3, removed: 3, modified: 2,
    });
    expect(await db.syncRuns.get(runIdOf(applied))).toMatchObject({ revertedBy: id, revertedAt: '2026-11-21T10:00:00.000Z' });
    const log = await runChanges(db, id);
    expect(log.map((c) => `${c.kind}:${c.txId}`).sort()).toEqual([
      'added:plaid:gone', 'added:plaid:old', 'added:plaid:pend', 'modified:plaid:flip', 'modified:plaid:mod',
      'removed:plaid:new', 'removed:plaid:old2', 'removed:plaid:posted',
    ].sort());
    expect(log.find((c) => c.txId === 'plaid:mod')?.fields).toEqual([{ field: 'amountMinor', before: -1450, after: -1200 }]);
  });

  it('refuses a second undo clearly and changes nothing', async () => {
    const applied = await everyKind();
    await revertRun(db, runIdOf(applied));
    const after = await table();
    expect(await revertRun(db, runIdOf(applied))).toMatchObject({ outcome: 'refused', refusal: { kind: 'alreadyReverted' } });
    expect(await revertRun(db, revertRunId(runIdOf(applied)))).toMatchObject({ outcome: 'refused', refusal: { kind: 'isRevert' } });
    expectSameTable(await table(), after);
  });

  it('keeps what the user set after the sync: a note on the posted row goes back to the pending, a category on a modified row stays', async () => {
    const applied = await everyKind();
    await editUserFields(db, 'plaid:posted', { note: 'birthday dinner, with tip' }, new Date('2026-11-21T09:10:00.000Z'));
    await editUserFields(db, 'plaid:mod', { userCategory: 'Coffee' }, new Date('2026-11-21T09:11:00.000Z'));
    await revertRun(db, runIdOf(applied));
    expect(await db.transactions.get('plaid:pend')).toMatchObject({ note: 'birthday dinner, with tip', userCategory: 'Dining out', pending: true, removedAt: null });
    expect(await db.transactions.get('plaid:posted')).toBeUndefined();
    expect(await db.transactions.get('plaid:mod')).toMatchObject({ amountMinor: -1200, note: 'coffee with Sam', userCategory: 'Coffee' });
  });

  it('under a later sync that changed one of its rows again: blocked, naming that sync and the field; nothing changes', async () => {
    const first = await everyKind();
    const later = await applyUpdate(db, update('K2', 'K3', [tx('plaid:mod', { amountMinor: -1500, description: 'Starbucks' })]), at('2026-11-30T09:00:00.000Z'));
    const snapshot = await table();
    const result = await revertRun(db, runIdOf(first));
    expect(result).toMatchObject({
      outcome: 'refused',
      refusal: { kind: 'blocked', by: { run: { id: runIdOf(later), finishedAt: '2026-11-30T09:00:00.000Z' }, change: { kind: 'modified', txId: 'plaid:mod' }, description: 'Starbucks' } },
    });
    expectSameTable(await table(), snapshot);
    // Undo the later one first: then the older one can go too, back to before both.
    expect(await revertRun(db, runIdOf(later))).toMatchObject({ outcome: 'reverted' });
    expect(await revertRun(db, runIdOf(first))).toMatchObject({ outcome: 'reverted' });
    expect(await db.transactions.get('plaid:mod')).toMatchObject({ amountMinor: -1200, note: 'coffee with Sam' });
  });

  it('a later sync that touched other rows does not block, and its rows stay as it left them', async () => {
    const first = await everyKind();
    await applyUpdate(db, update('K2', 'K3', [tx('plaid:keep', { amountMinor: -550, description: 'Bakery' }), tx('plaid:later', { description: 'Cinema' })]), at('2026-11-30T09:00:00.000Z'));
    expect(await revertRun(db, runIdOf(first))).toMatchObject({ outcome: 'reverted' });
    expect(await db.transactions.get('plaid:keep')).toMatchObject({ amountMinor: -550 });
    expect(await db.transactions.get('plaid:later')).toMatchObject({ removedAt: null });
    expect((await db.cursors.get('c1'))?.liveRows).toBe(await liveCount());
  });

  it('a later sync that took one of its rows as a pending predecessor blocks it (the link is logged on the other row)', async () => {
    const first = await applyUpdate(db, update('K1', 'K2', [tx('plaid:p2', { pending: true, amountMinor: -800, description: 'Deli', date: '2026-11-20' })]), at('2026-11-21T09:00:00.000Z'));
    await applyUpdate(db, update('K2', 'K3', [tx('plaid:t2', { amountMinor: -800, description: 'Deli', date: '2026-11-21', pendingId: 'plaid:p2' })], ['plaid:p2']), at('2026-11-30T09:00:00.000Z'));
    expect(await revertRun(db, runIdOf(first))).toMatchObject({ outcome: 'refused', refusal: { kind: 'blocked', by: { change: { kind: 'posted', txId: 'plaid:t2' } } } });
  });

  it('undoes a confirmed suggestion with the run: the pending row comes back from the image the confirm kept', async () => {
    const before = await table();
    const applied = await applyUpdate(db, update('K1', 'K2', [tx('plaid:tip', { amountMinor: -4800, description: 'Zuni Cafe', merchant: 'Zuni Cafe', date: '2026-11-10' })], ['plaid:pend']), at('2026-11-21T09:00:00.000Z'));
    expect(applied).toMatchObject({ suggested: 1 });
    await resolveSuggestion(db, 'plaid:tip', 'confirm', new Date('2026-11-21T09:05:00.000Z'));
    expect(await revertRun(db, runIdOf(applied))).toMatchObject({ outcome: 'reverted' });
    expectSameTable(await table(), before);
    expect(await db.suggestions.count()).toBe(0);
  });

  it('refuses a first sync (remove the connection instead) and a run recorded before undo existed', async () => {
    const [importRun] = await db.syncRuns.toArray();
    expect(await revertRun(db, importRun?.id ?? '')).toMatchObject({ outcome: 'refused', refusal: { kind: 'import' } });
    const applied = await everyKind();
    // What a run recorded before undo looks like: no before-images.
    await db.changeSets.where('runId').equals(runIdOf(applied)).modify((s) => { for (const c of s.changes) if (c) delete c.before; });
    const snapshot = await table();
    expect(await revertRun(db, runIdOf(applied))).toMatchObject({ outcome: 'refused', refusal: { kind: 'noImages' } });
    expectSameTable(await table(), snapshot);
  });
});
