import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRunView } from '../../../../../renderer/src/ui/changes/loadChangeRuns';
import { openDb, type ChangeRow, type LedgerlineDb, type SyncRunRow, type TransactionRow } from '../../../../../renderer/src/db/schema';
import { tx } from '../../../../support/db/fixtures';
import { addRunChanges } from '../../../../../renderer/src/db/changeLog';

// The Changes view's reads of one run: a bounded first read (both ends of the run's changes) and
// the whole run, read in chunks of its contiguous key range — never another run's changes, never
// a change dropped, whatever the size.
let db: LedgerlineDb;
const run = (id: string): SyncRunRow => ({
  id, connectionId: 'c1', trigger: 'manual', startedAt: '2026-03-10T14:00:00.000Z', finishedAt: '2026-03-10T15:00:00.000Z', fromCursor: 'K',
  nextCursor: 'K2', outcome: 'changes', added: 0, modified: 0, removed: 0, posted: 0, reidentified: 0, suggested: 0, pages: 1, restarts: 0,
});
const row = (id: string): TransactionRow => ({ ...tx(id, { date: '2026-03-09' }), removedAt: null, firstSeenAt: 'f', updatedAt: 'u', listKey: `2026-03-09|${id}` });
const change = (runId: string, txId: string, kind: ChangeRow['kind']): ChangeRow => ({ runId, connectionId: 'c1', txId, kind, fields: [], relatedId: null, at: 'f' });

beforeAll(async () => {
  db = openDb('load-change-runs-test');
  await db.open();
  // A small run, then a big one (5,500 changes: additions, then 3 removals at its end), then
  // another small one, and a late change to the big run (a confirmed suggestion rewrites its run).
  const big = Array.from({ length: 5_497 }, (_, i) => change('big', `plaid:b${i}`, i === 2_500 ? 'modified' : 'added'));
  for (let i = 0; i < 3; i++) big.push(change('big', `plaid:gone${i}`, 'removed'));
  await addRunChanges(db, 'small', 'c1', [change('small', 'plaid:s1', 'added')]);
  await addRunChanges(db, 'big', 'c1', big);
  await addRunChanges(db, 'after', 'c1', [change('after', 'plaid:a1', 'added')]);
  await addRunChanges(db, 'big', 'c1', [change('big', 'plaid:late', 'posted')]);
  const ids = [...big.map((c) => c.txId), 'plaid:s1', 'plaid:a1', 'plaid:late'];
  await db.transactions.bulkPut(ids.map(row));
}, 60_000);
afterAll(() => db.close());

describe('loadRunView', () => {
  it('a small run is read whole by the first read', async () => {
    const view = await loadRunView(db, run('small'), 120);
    expect(view.complete).toBe(true);
    expect(view.added.map((a) => a.change.txId)).toEqual(['plaid:s1']);
  });

  it('the first read of a large run: both ends, the removals among them, marked incomplete', async () => {
    const view = await loadRunView(db, run('big'), 120);
    expect(view.complete).toBe(false);
    expect(view.removed.map((r) => r.change.txId).sort()).toEqual(['plaid:gone0', 'plaid:gone1', 'plaid:gone2']);
    expect(view.postings.map((p) => p.change.txId)).toEqual(['plaid:late']);
    expect(view.added.length + view.modified.length + view.removed.length + view.postings.length).toBe(240);
  });

  it('the whole run: every change of it, none of another run\'s', async () => {
    const view = await loadRunView(db, run('big'));
    expect(view.complete).toBe(true);
    expect(view.added).toHaveLength(5_496);
    expect(view.modified.map((m) => m.change.txId)).toEqual(['plaid:b2500']);
    expect(view.removed).toHaveLength(3);
    expect(view.postings.map((p) => p.change.txId)).toEqual(['plaid:late']);
    const all = [...view.added, ...view.modified, ...view.removed, ...view.postings].map((c) => c.change.txId);
    expect(new Set(all).size).toBe(5_501);
    expect(all).not.toContain('plaid:s1');
    expect(all).not.toContain('plaid:a1');
    expect(view.added.every((a) => a.row !== undefined)).toBe(true);
  });
});
