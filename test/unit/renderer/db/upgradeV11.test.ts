import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { allChanges, changesAfter, changesOfRows, CHANGE_SET_SIZE, runChanges } from '../../../../renderer/src/db/changeLog';
import { openDb, SCHEMA_V8, type ChangeRow } from '../../../../renderer/src/db/schema';

// Version 11 packs the per-change records of versions 1–8 into change sets: every change kept,
// field for field, each run's in the order recorded, runs in the order of their first change, and
// the old store gone.
const change = (runId: string, txId: string, kind: ChangeRow['kind'], extra: Partial<ChangeRow> = {}): ChangeRow => ({
  runId, connectionId: runId.startsWith('m') ? 'c2' : 'c1', txId, kind, fields: [], relatedId: null, at: `${runId}-at`, ...extra,
});

const names: string[] = [];
afterEach(async () => {
  for (const name of names.splice(0)) await Dexie.delete(name);
});

async function createV8(name: string, changes: ChangeRow[]): Promise<void> {
  names.push(name);
  const v8 = new Dexie(name);
  v8.version(8).stores(SCHEMA_V8);
  await v8.table('changes').bulkAdd(changes);
  v8.close();
}

describe('schema v8 → v11: the change log packed', () => {
  it('keeps every change field for field, each run in order, and drops the old store', async () => {
    const big = Array.from({ length: CHANGE_SET_SIZE * 2 + 7 }, (_, i) => change('r2', `plaid:b${i}`, i % 3 === 0 ? 'modified' : 'added', {
      fields: i % 3 === 0 ? [{ field: 'amountMinor', before: i, after: i + 1 }] : [],
    }));
    const written = [
      change('r1', 'plaid:1', 'added'),
      change('r1', 'plaid:2', 'removed', { before: { id: 'plaid:2', note: 'kept' } as unknown as ChangeRow['before'] }),
      ...big,
      change('m1', 'moneykit:1', 'posted', { relatedId: 'moneykit:0', match: { method: 'link', confidence: 1 } }),
      change('r3', 'plaid:1', 'modified', { fields: [{ field: 'description', before: 'a', after: 'b' }] }),
    ];
    await createV8('upgrade-v11-a', written);
    const db = openDb('upgrade-v11-a');
    await db.open();
    try {
      expect(db.verno).toBe(14);
      expect(db.backendDB().objectStoreNames.contains('changes')).toBe(false);
      const strip = ({ seq: _s, ...c }: ChangeRow) => c;
      expect((await allChanges(db)).map(strip)).toEqual(written);
      expect((await runChanges(db, 'r2')).map(strip)).toEqual(big);
      expect(await db.changeSets.where('runId').equals('r2').count()).toBe(3);
      // seqs grow in write order, so "after this run" is what it was
      const seqs = (await allChanges(db)).map((c) => c.seq ?? -1);
      expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
      const lastOfR2 = Math.max(...(await runChanges(db, 'r2')).map((c) => c.seq ?? 0));
      expect((await changesAfter(db, lastOfR2)).map((c) => c.runId)).toEqual(['m1', 'r3']);
      expect((await changesOfRows(db, ['plaid:1'])).map((c) => `${c.runId}:${c.kind}`)).toEqual(['r1:added', 'r3:modified']);
    } finally {
      db.close();
    }
  });

  it('an empty log upgrades to an empty set table, and the next apply writes sets', async () => {
    await createV8('upgrade-v11-b', []);
    const db = openDb('upgrade-v11-b');
    await db.open();
    try {
      expect(await db.changeSets.count()).toBe(0);
    } finally {
      db.close();
    }
  });

  it('a run whose records were interleaved with another run\'s still packs whole, in its own order', async () => {
    const written = [change('r1', 'plaid:1', 'added'), change('r2', 'plaid:9', 'added'), change('r1', 'plaid:2', 'removed')];
    await createV8('upgrade-v11-c', written);
    const db = openDb('upgrade-v11-c');
    await db.open();
    try {
      expect((await runChanges(db, 'r1')).map((c) => c.txId)).toEqual(['plaid:1', 'plaid:2']);
      expect(await db.changeSets.count()).toBe(2);
    } finally {
      db.close();
    }
  });
});
