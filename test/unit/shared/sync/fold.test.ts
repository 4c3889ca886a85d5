import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChangeFold, foldChanges, latestById, type ChangeChunk } from '../../../../shared/sync/fold';

type Row = { id: string; v: number };
const row = (id: string, v = 0): Row => ({ id, v });

describe('foldChanges', () => {
  it('the last word on an id wins across chunks', () => {
    const folded = foldChanges<Row>([
      { upserts: [row('a', 1), row('b', 1)], removals: ['c'] },
      { upserts: [row('a', 2), row('c', 2)], removals: ['b'] },
    ]);
    expect(folded).toEqual({ upserts: [row('a', 2), row('c', 2)], removals: ['b'] });
  });

  it('reads a chunk\'s upserts before its removals', () => {
    expect(foldChanges<Row>([{ upserts: [row('a')], removals: ['a'] }])).toEqual({ upserts: [], removals: ['a'] });
  });

  it('keeps a removal of an id it never saw upserted (it may name a stored row)', () => {
    expect(foldChanges<Row>([{ upserts: [], removals: ['x', 'x'] }])).toEqual({ upserts: [], removals: ['x'] });
  });

  it('keeps an id where it was first seen while it stays upserted, and moves it to the end when it comes back', () => {
    const folded = foldChanges<Row>([
      { upserts: [row('a', 1), row('b', 1), row('c', 1)], removals: [] },
      { upserts: [row('a', 2)], removals: ['b'] },
      { upserts: [row('b', 3)], removals: [] },
    ]);
    expect(folded.upserts).toEqual([row('a', 2), row('c', 1), row('b', 3)]);
    expect(folded.removals).toEqual([]);
  });

  it('of nothing is nothing', () => {
    expect(foldChanges<Row>([])).toEqual({ upserts: [], removals: [] });
  });

  it('agrees with replaying every event in order (model)', () => {
    const id = fc.constantFrom('a', 'b', 'c', 'd', 'e');
    const chunk = fc.record({ upserts: fc.array(fc.record({ id, v: fc.integer() })), removals: fc.array(id) });
    fc.assert(fc.property(fc.array(chunk, { maxLength: 8 }), (chunks: ChangeChunk<Row>[]) => {
      // The model: one state per id, the latest event's.
      const state = new Map<string, { kind: 'upsert'; row: Row } | { kind: 'removal' }>();
      for (const c of chunks) {
        for (const r of c.upserts) state.set(r.id, { kind: 'upsert', row: r });
        for (const r of c.removals) state.set(r, { kind: 'removal' });
      }
      const folded = foldChanges(chunks);
      const upserted = [...state].flatMap(([, s]) => (s.kind === 'upsert' ? [s.row] : []));
      const removed = [...state].flatMap(([i, s]) => (s.kind === 'removal' ? [i] : []));
      expect(new Set(folded.upserts)).toEqual(new Set(upserted));
      expect(new Set(folded.removals)).toEqual(new Set(removed));
      expect(folded.upserts.length + folded.removals.length).toBe(state.size);
    }));
  });
});

describe('ChangeFold', () => {
  it('folds chunk by chunk, and clear() forgets everything before it (a restarted pull)', () => {
    const fold = new ChangeFold<Row>();
    fold.add({ upserts: [row('a')], removals: ['b'] });
    fold.clear();
    fold.add({ upserts: [row('c')], removals: [] });
    expect(fold.result()).toEqual({ upserts: [row('c')], removals: [] });
  });

  it('hands out copies: folding more does not change an earlier result', () => {
    const fold = new ChangeFold<Row>();
    fold.add({ upserts: [row('a')], removals: [] });
    const first = fold.result();
    fold.add({ upserts: [], removals: ['a'] });
    expect(first).toEqual({ upserts: [row('a')], removals: [] });
  });
});

describe('latestById', () => {
  it('keeps the latest of each id, in the order ids were first seen', () => {
    const accounts = [{ id: 'x', balance: 1 }, { id: 'y', balance: 1 }, { id: 'x', balance: 2 }];
    expect(latestById(accounts, (a) => a.id)).toEqual([{ id: 'x', balance: 2 }, { id: 'y', balance: 1 }]);
  });
});
