import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  addRunChanges, allChanges, changesAfter, changesOfRows, CHANGE_SET_SIZE, deleteRunsChanges, restoreChange, runChanges, runsChanges, updateChange,
} from '../../../../renderer/src/db/changeLog';
import { openDb, type ChangeRow, type LedgerlineDb } from '../../../../renderer/src/db/schema';

// The packed change log: a run's changes in sets of CHANGE_SET_SIZE, read back as ChangeRows with
// seqs that grow in write order, by run (whole, either end), by row, after a seq; a change taken
// out keeps the others' seqs and goes back into its own slot.
const change = (runId: string, txId: string, kind: ChangeRow['kind'] = 'added'): ChangeRow => ({
  runId, connectionId: 'c1', txId, kind, fields: [], relatedId: null, at: 'at',
});
const run = (runId: string, n: number, prefix = runId) => Array.from({ length: n }, (_, i) => change(runId, `${prefix}:${i}`));
const strip = ({ seq: _s, ...c }: ChangeRow) => c;

let db: LedgerlineDb;
beforeEach(async () => {
  db = openDb(`change-log-${Math.random()}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

describe('the packed change log', () => {
  it('writes one record per CHANGE_SET_SIZE changes and reads a run back whole, in order', async () => {
    const big = run('r1', CHANGE_SET_SIZE * 2 + 1);
    await addRunChanges(db, 'r1', 'c1', big);
    await addRunChanges(db, 'r2', 'c1', []);
    expect(await db.changeSets.count()).toBe(3);
    expect((await runChanges(db, 'r1')).map(strip)).toEqual(big);
    expect(await runChanges(db, 'r2')).toEqual([]);
  });

  it('reads the first or last N of a run across set boundaries', async () => {
    const big = run('r1', CHANGE_SET_SIZE + 50);
    await addRunChanges(db, 'r1', 'c1', big);
    for (const n of [1, 49, CHANGE_SET_SIZE, CHANGE_SET_SIZE + 10, CHANGE_SET_SIZE + 50, CHANGE_SET_SIZE * 3]) {
      expect((await runChanges(db, 'r1', { limit: n })).map(strip)).toEqual(big.slice(0, n));
      expect((await runChanges(db, 'r1', { limit: n, fromEnd: true })).map(strip)).toEqual(big.slice(Math.max(0, big.length - n)));
    }
  });

  it('finds a row\'s changes across runs in write order, and changes after a seq', async () => {
    await addRunChanges(db, 'r1', 'c1', [change('r1', 'a'), change('r1', 'b')]);
    await addRunChanges(db, 'r2', 'c1', [...run('r2', CHANGE_SET_SIZE), change('r2', 'a', 'modified')]);
    await addRunChanges(db, 'r3', 'c1', [change('r3', 'a', 'removed')]);
    expect((await changesOfRows(db, ['a'])).map((c) => `${c.runId}:${c.kind}`)).toEqual(['r1:added', 'r2:modified', 'r3:removed']);
    expect((await changesOfRows(db, ['b', 'zz'])).map((c) => c.txId)).toEqual(['b']);
    const lastOfR1 = Math.max(...(await runChanges(db, 'r1')).map((c) => c.seq ?? 0));
    expect((await changesAfter(db, lastOfR1)).map((c) => c.runId)).toEqual([...Array(CHANGE_SET_SIZE + 1).fill('r2'), 'r3']);
    const all = await allChanges(db);
    expect(all.map((c) => c.seq)).toEqual([...all.map((c) => c.seq ?? 0)].sort((x, y) => x - y));
    expect(new Set(all.map((c) => c.seq)).size).toBe(all.length);
    expect((await runsChanges(db, ['r3', 'r1'])).map((c) => c.txId).sort()).toEqual(['a', 'a', 'b']);
  });

  it('takes a change out without moving the others, rewrites one in place, and puts both back exactly', async () => {
    await addRunChanges(db, 'r1', 'c1', [change('r1', 'p', 'added'), change('r1', 'q', 'removed'), change('r1', 'z')]);
    const [p, q, z] = await runChanges(db, 'r1');
    if (!p?.seq || !q?.seq || !z) throw new Error('setup');
    expect(await updateChange(db, p.seq, { kind: 'posted', relatedId: 'q' })).toBe(true);
    expect(await updateChange(db, q.seq, null)).toBe(true);
    expect(await updateChange(db, q.seq, null)).toBe(false); // already out
    expect((await runChanges(db, 'r1')).map((c) => [c.seq, c.kind, c.txId])).toEqual([[p.seq, 'posted', 'p'], [z.seq, 'added', 'z']]);
    expect(await changesOfRows(db, ['q'])).toEqual([]); // the index follows
    expect(await restoreChange(db, q)).toBe(true);
    expect(await restoreChange(db, p)).toBe(true);
    expect(await runChanges(db, 'r1')).toEqual([p, q, z]);
    expect((await changesOfRows(db, ['q']))).toEqual([q]);
  });

  it('deletes every set of the runs it is given and no other', async () => {
    await addRunChanges(db, 'r1', 'c1', run('r1', CHANGE_SET_SIZE + 1));
    await addRunChanges(db, 'r2', 'c1', run('r2', 2));
    await deleteRunsChanges(db, ['r1']);
    expect((await allChanges(db)).map((c) => c.runId)).toEqual(['r2', 'r2']);
  });
});
