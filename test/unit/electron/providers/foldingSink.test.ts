import { describe, expect, it } from 'vitest';
import { FoldingSink, pullFolded } from '../../../../electron/providers/foldingSink';
import type { PullResult, SyncUpdate, Transaction } from '../../../../shared/types';

// The non-streamed pull's sink: pages fold by the one fold (the last word on an id wins), a restart clears them.
const tx = (id: string, amountMinor = -100): Transaction => ({
  id, connectionId: 'c1', accountId: 'plaid:a', amountMinor, currency: 'USD', date: '2026-11-01',
  authorizedDate: null, description: id, merchant: null, category: null, pending: false, pendingId: null,
});
const header = (): SyncUpdate => ({
  pullId: 'p1', connectionId: 'c1', fromCursor: null, nextCursor: 'K1', accounts: [], upserts: [], removals: [],
  replace: [], pulledAt: '2026-11-21T10:00:00.000Z', pages: 3, restarts: 0,
});

describe('FoldingSink', () => {
  it('folds the pages into the update: the last word on an id wins', async () => {
    const sink = new FoldingSink();
    await sink.page([tx('plaid:t1'), tx('plaid:t2')], []);
    await sink.page([tx('plaid:t1', -250)], ['plaid:t2', 'plaid:t9']);
    await sink.page([tx('plaid:t9')], []);
    const r = sink.complete({ kind: 'update', update: header() });
    expect(r.kind === 'update' && r.update.upserts.map((t) => [t.id, t.amountMinor])).toEqual([['plaid:t1', -250], ['plaid:t9', -100]]);
    expect(r.kind === 'update' && r.update.removals).toEqual(['plaid:t2']);
    expect(r.kind === 'update' && r.update.nextCursor).toBe('K1');
  });

  it('forgets every page before a restart', async () => {
    const sink = new FoldingSink();
    await sink.page([tx('plaid:t1')], ['plaid:t0']);
    await sink.restart();
    await sink.page([tx('plaid:t2')], []);
    const r = sink.complete({ kind: 'update', update: header() });
    expect(r.kind === 'update' && [r.update.upserts.map((t) => t.id), r.update.removals]).toEqual([['plaid:t2'], []]);
  });

  it('passes an error or waiting result through, rows and all dropped', async () => {
    const waiting: PullResult = { kind: 'waiting', message: 'later', retryAt: '2026-11-21T12:00:00.000Z' };
    expect(await pullFolded(async (sink) => {
      await sink.page([tx('plaid:t1')], []);
      return waiting;
    })).toBe(waiting);
  });
});
