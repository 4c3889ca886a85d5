import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { applyUpdate, type ApplyResult } from '../../../../renderer/src/db/applyUpdate';
import { editUserFields } from '../../../../renderer/src/db/editUserFields';
import { openDb, type LedgerlineDb } from '../../../../renderer/src/db/schema';
import type { Transaction } from '../../../../shared/types';
import { meta, tx, update } from '../../../support/db/fixtures';
import { runChanges } from '../../../../renderer/src/db/changeLog';

// Pending → posted as applyUpdate records it, and the user's fields across provider updates.

let db: LedgerlineDb;
let n = 0;
beforeEach(async () => {
  db = openDb(`p2p-${++n}`);
  await db.open();
});

const runId = (r: ApplyResult) => (r.outcome === 'applied' ? r.runId : '');
const changesOf = async (r: ApplyResult) =>
  (await runChanges(db, runId(r))).map((c) => `${c.kind}:${c.txId}:${c.relatedId}${c.match ? `:${c.match.method}` : ''}`).sort();
const coffeePending = (id: string, extra: Partial<Transaction> = {}) =>
  tx(id, { pending: true, amountMinor: -475, description: 'STARBUCKS STORE 05412', date: '2026-11-09', ...extra });
const coffeePosted = (id: string, extra: Partial<Transaction> = {}) =>
  tx(id, { amountMinor: -475, description: 'Starbucks', merchant: 'Starbucks', date: '2026-11-10', ...extra });

describe('user fields', () => {
  it('are never overwritten by provider updates, even one that carries keys of the same name', async () => {
    await applyUpdate(db, update(null, 'K1', [tx('plaid:1')]), meta);
    await editUserFields(db, 'plaid:1', { userCategory: 'Gifts', note: 'for Sam' });
    const sneaky = { ...tx('plaid:1', { amountMinor: -1200, category: 'GENERAL_MERCHANDISE' }), userCategory: 'Provider says', note: null } as Transaction;
    const r = await applyUpdate(db, update('K1', 'K2', [sneaky]), meta);
    expect(r).toMatchObject({ modified: 1 });
    expect(await db.transactions.get('plaid:1')).toMatchObject({ amountMinor: -1200, category: 'GENERAL_MERCHANDISE', userCategory: 'Gifts', note: 'for Sam' });
  });

  it('trims and clears: an empty note is no note', async () => {
    await applyUpdate(db, update(null, 'K1', [tx('plaid:1')]), meta);
    await editUserFields(db, 'plaid:1', { note: '  lunch with Ana  ' });
    expect((await db.transactions.get('plaid:1'))?.note).toBe('lunch with Ana');
    await editUserFields(db, 'plaid:1', { note: '   ' });
    expect((await db.transactions.get('plaid:1'))?.note).toBeNull();
    expect(await editUserFields(db, 'plaid:missing', { note: 'x' })).toBe(false);
  });

  it('survive pending → posted by the provider link, and the posted row links back', async () => {
    await applyUpdate(db, update(null, 'K1', [tx('plaid:p', { pending: true, amountMinor: -2000 })]), meta);
    await editUserFields(db, 'plaid:p', { userCategory: 'Dining out', note: 'team lunch' });
    const r = await applyUpdate(db, update('K1', 'K2', [tx('plaid:t', { pendingId: 'plaid:p', amountMinor: -2400 })], ['plaid:p']), meta);
    expect(await changesOf(r)).toEqual(['posted:plaid:t:plaid:p:link']);
    expect(await db.transactions.get('plaid:t')).toMatchObject({ userCategory: 'Dining out', note: 'team lunch', postedFromId: 'plaid:p' });
  });

  it('survive a pending row that turns posted under its own id, recorded as a posting with its field diff', async () => {
    await applyUpdate(db, update(null, 'K1', [tx('mk:1', { pending: true, amountMinor: -2000, date: '2026-11-08' })]), meta);
    await editUserFields(db, 'mk:1', { note: 'keep me' });
    const r = await applyUpdate(db, update('K1', 'K2', [tx('mk:1', { amountMinor: -2300, date: '2026-11-10' })]), meta);
    expect(r).toMatchObject({ posted: 1, modified: 0, added: 0 });
    const [c] = await runChanges(db, runId(r));
    expect(c).toMatchObject({ kind: 'posted', txId: 'mk:1', relatedId: 'mk:1', match: { method: 'sameId', confidence: 1 } });
    expect(c?.fields).toEqual([
      { field: 'amountMinor', before: -2000, after: -2300 },
      { field: 'date', before: '2026-11-08', after: '2026-11-10' },
      { field: 'pending', before: true, after: false },
    ]);
    expect(await db.transactions.get('mk:1')).toMatchObject({ note: 'keep me', postedFromId: 'mk:1', pending: false });
    expect((await db.transactions.get('mk:1'))?.pendingKey).toBeUndefined();
  });

  it('survive an unlinked posting matched by exact amount and date (a pending-only replace scope dropped the pending)', async () => {
    await applyUpdate(db, update(null, 'K1', [coffeePending('mk:p')]), meta);
    await editUserFields(db, 'mk:p', { note: 'with Jo' });
    const scope = { accountIds: ['plaid:a1'], from: null, to: null, pendingOnly: true };
    const r = await applyUpdate(db, update('K1', 'K2', [coffeePosted('mk:t')], [], [scope]), meta);
    expect(r).toMatchObject({ posted: 1, added: 0, removed: 0, suggested: 0 });
    expect(await changesOf(r)).toEqual(['posted:mk:t:mk:p:exact']);
    expect(await db.transactions.get('mk:t')).toMatchObject({ note: 'with Jo', postedFromId: 'mk:p' });
    expect((await db.transactions.get('mk:p'))?.removedAt).not.toBeNull();
  });
});

describe('pending → posted in applyUpdate', () => {
  it('links a posted row to a pending that left in an earlier update', async () => {
    await applyUpdate(db, update(null, 'K1', [tx('plaid:p', { pending: true })]), meta);
    await editUserFields(db, 'plaid:p', { userCategory: 'Travel' });
    await applyUpdate(db, update('K1', 'K2', [], ['plaid:p']), meta);
    const r = await applyUpdate(db, update('K2', 'K3', [tx('plaid:t', { pendingId: 'plaid:p' })]), meta);
    expect(await changesOf(r)).toEqual(['posted:plaid:t:plaid:p:link']);
    expect(await db.transactions.get('plaid:t')).toMatchObject({ userCategory: 'Travel', postedFromId: 'plaid:p' });
  });

  it('two identical coffees on one day, posted without links: two postings, each pending used once', async () => {
    await applyUpdate(db, update(null, 'K1', [coffeePending('plaid:c1'), coffeePending('plaid:c2')]), meta);
    await editUserFields(db, 'plaid:c1', { note: 'mine' });
    const r = await applyUpdate(db, update('K1', 'K2', [coffeePosted('plaid:t1'), coffeePosted('plaid:t2')], ['plaid:c1', 'plaid:c2']), meta);
    expect(r).toMatchObject({ posted: 2, added: 0, removed: 0 });
    const rows = await db.transactions.bulkGet(['plaid:t1', 'plaid:t2']);
    expect(rows.map((t) => t?.postedFromId).sort()).toEqual(['plaid:c1', 'plaid:c2']);
    expect(rows.filter((t) => t?.note === 'mine')).toHaveLength(1);
  });

  it('a vanished pending is a removal, and a posted row with no plausible pending is an addition', async () => {
    await applyUpdate(db, update(null, 'K1', [tx('plaid:p', { pending: true, amountMinor: -2500, description: 'UBER *TRIP' })]), meta);
    const r = await applyUpdate(db, update('K1', 'K2', [tx('plaid:t', { amountMinor: -8900, description: 'Amazon' })], ['plaid:p']), meta);
    expect(await changesOf(r)).toEqual(['added:plaid:t:null', 'removed:plaid:p:null']);
    expect(r).toMatchObject({ added: 1, removed: 1, posted: 0, suggested: 0 });
  });

  it('a tip without a link is only a suggestion: nothing merged, nothing carried, both events recorded', async () => {
    await applyUpdate(db, update(null, 'K1', [tx('plaid:p', { pending: true, amountMinor: -4000, description: 'TST* ZUNI CAFE', date: '2026-11-08' })]), meta);
    await editUserFields(db, 'plaid:p', { note: 'birthday dinner' });
    const r = await applyUpdate(db, update('K1', 'K2', [tx('plaid:t', { amountMinor: -4800, description: 'Zuni Cafe', merchant: 'Zuni Cafe', date: '2026-11-10' })], ['plaid:p']), meta);
    expect(r).toMatchObject({ added: 1, removed: 1, posted: 0, suggested: 1 });
    expect(await db.suggestions.get('plaid:t')).toMatchObject({ pendingId: 'plaid:p', method: 'tolerant', status: 'open', confidence: 0.6, daysToPost: 2 });
    const posted = await db.transactions.get('plaid:t');
    expect(posted?.note).toBeUndefined();
    expect(posted?.postedFromId).toBeUndefined();
  });
});

describe('the run record', () => {
  it('says what triggered it, when it started and ended, its counts and its outcome', async () => {
    const r1 = await applyUpdate(db, update(null, 'K1', [tx('plaid:1', { pending: true }), tx('plaid:2')]), { trigger: 'launch', startedAt: '2026-11-21T09:59:58.000Z', now: () => new Date('2026-11-21T10:00:00.000Z') });
    expect(await db.syncRuns.get(runId(r1))).toMatchObject({
      trigger: 'launch', startedAt: '2026-11-21T09:59:58.000Z', finishedAt: '2026-11-21T10:00:00.000Z', outcome: 'changes',
      added: 2, modified: 0, removed: 0, posted: 0, reidentified: 0, suggested: 0, fromCursor: null, nextCursor: 'K1', pages: 1, restarts: 0,
    });
    const r2 = await applyUpdate(db, update('K1', 'K1', []), { trigger: 'timer', startedAt: '2026-11-21T11:00:00.000Z' });
    expect(await db.syncRuns.get(runId(r2))).toMatchObject({ trigger: 'timer', outcome: 'up_to_date', added: 0 });
  });

  it('keeps live pendings in the pendingKey index and takes tombstones and posted rows out of it', async () => {
    await applyUpdate(db, update(null, 'K1', [tx('plaid:p1', { pending: true }), tx('plaid:p2', { pending: true }), tx('plaid:x')]), meta);
    expect((await db.transactions.where('pendingKey').above('').primaryKeys()).sort()).toEqual(['plaid:p1', 'plaid:p2']);
    await applyUpdate(db, update('K1', 'K2', [tx('plaid:t', { pendingId: 'plaid:p1' })], ['plaid:p1', 'plaid:p2']), meta);
    expect(await db.transactions.where('pendingKey').above('').count()).toBe(0);
  });
});
