import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { syncConnection, type SyncApi } from '../../../../renderer/src/sync/runSync';
import { openDb } from '../../../../renderer/src/db/schema';
import type { PullChunk } from '../../../../shared/ipc/contract';
import type { PullResult, SyncUpdate } from '../../../../shared/types';

const update = (fromCursor: string | null, nextCursor: string): SyncUpdate => ({
  pullId: crypto.randomUUID(), connectionId: 'c1', fromCursor, nextCursor, accounts: [], removals: [], replace: [], pulledAt: '2026-11-21T10:00:00.000Z', pages: 1, restarts: 0,
  upserts: [{ id: 'plaid:t1', connectionId: 'c1', accountId: 'plaid:a', amountMinor: -100, currency: 'USD', date: '2026-11-01', authorizedDate: null, description: 'x', merchant: null, category: null, pending: false, pendingId: null }],
});

/** Main's side of a streamed first sync, for a result given whole: its rows, then its header. */
function chunksOf(result: PullResult): PullChunk[] {
  if (result.kind === 'waiting') return [{ kind: 'waiting', message: result.message, retryAt: result.retryAt }];
  if (result.kind === 'error') return [{ kind: 'error', error: result.error }];
  const { upserts, removals } = result.update;
  return [{ kind: 'rows', upserts, removals }, { kind: 'done', update: { ...result.update, upserts: [], removals: [] } }];
}

function fakeApi(respond: (cursor: string | null) => PullResult) {
  const calls: string[] = [];
  const streams = new Map<string, PullChunk[]>();
  const api: SyncApi = {
    // A first sync (no cursor) streams; it is logged as the same pull.
    pullStream: async () => {
      calls.push('pull:null');
      await new Promise((r) => setTimeout(r, 5));
      const streamId = `ps_test${String(streams.size).padStart(8, '0')}`;
      streams.set(streamId, chunksOf(respond(null)));
      return { streamId };
    },
    pullNext: async ({ streamId }) => {
      const next = streams.get(streamId)?.shift();
      if (!next) throw new Error(`stream ${streamId} is over`);
      return next;
    },
    requestRefresh: async () => {
      calls.push('refresh');
      return { requested: true, message: null, availableAt: null };
    },
    pull: async ({ cursor }) => {
      calls.push(`pull:${cursor}`);
      await new Promise((r) => setTimeout(r, 5));
      return respond(cursor);
    },
    reportSync: async ({ outcome }) => void calls.push(`report:${outcome}`),
  };
  return { api, calls };
}

describe('syncConnection', () => {
  it('Refresh now during a running sync joins it', async () => {
    const db = openDb('run-join');
    const { api, calls } = fakeApi((c) => ({ kind: 'update', update: update(c, 'K1') }));
    const background = syncConnection(api, db, 'c1', 'launch');
    const manual = syncConnection(api, db, 'c1', 'manual');
    expect(manual).toBe(background);
    await background;
    expect(calls).toEqual(['pull:null', 'report:applied']);
    expect((await db.cursors.get('c1'))?.cursor).toBe('K1');
  });

  it('Refresh now asks the provider for fresh data first', async () => {
    const db = openDb('run-manual');
    const { api, calls } = fakeApi((c) => ({ kind: 'update', update: update(c, 'K1') }));
    await syncConnection(api, db, 'c1', 'manual');
    expect(calls[0]).toBe('refresh');
  });

  it('when another window applied first, pulls again from the newer cursor instead of applying twice', async () => {
    const db = openDb('run-stale');
    await db.cursors.put({ connectionId: 'c1', cursor: 'K0', updatedAt: '' });
    let first = true;
    const { api, calls } = fakeApi((c) => {
      if (first) {
        first = false;
        // the other window commits while our pull is in flight
        void db.cursors.put({ connectionId: 'c1', cursor: 'K1', updatedAt: '' });
      }
      return { kind: 'update', update: update(c, c === 'K0' ? 'K1' : 'K2') };
    });
    const r = await syncConnection(api, db, 'c1', 'launch');
    expect(calls).toEqual(['pull:K0', 'pull:K1', 'report:applied']);
    expect(r.kind).toBe('applied');
    expect(await db.syncRuns.count()).toBe(1);
  });

  it('passes a failed pull through without touching the database', async () => {
    const db = openDb('run-fail');
    const { api } = fakeApi(() => ({ kind: 'error', error: { code: 'rate_limited', message: 'slow down', retryAt: null, requestId: null } }));
    const r = await syncConnection(api, db, 'c1', 'launch');
    expect(r).toMatchObject({ kind: 'not_applied', pull: { kind: 'error' } });
    expect(await db.cursors.count()).toBe(0);
  });

  it('a suspicious update comes back held: reported to main as held, not retried, nothing applied', async () => {
    const db = openDb('run-held');
    await db.cursors.put({ connectionId: 'c1', cursor: 'K0', updatedAt: '' });
    await db.accounts.put({ id: 'plaid:a', connectionId: 'c1', name: 'Checking', officialName: null, mask: null, kind: 'depository', subtype: null, currency: 'USD', currentMinor: 10_000, availableMinor: null, limitMinor: null, updatedAt: '' });
    // The balance jumps from $100 to $1,000,000: far past Plaid's 10× over a $1,000 floor.
    const { api, calls } = fakeApi((c) => {
      const u = update(c, 'K1');
      return { kind: 'update', update: { ...u, accounts: [{ id: 'plaid:a', connectionId: 'c1', name: 'Checking', officialName: null, mask: null, kind: 'depository', subtype: null, currency: 'USD', currentMinor: 100_000_000, availableMinor: null, limitMinor: null }] } };
    });
    const r = await syncConnection(api, db, 'c1', 'timer');
    expect(r).toMatchObject({ kind: 'held', result: { outcome: 'held', reasons: [{ kind: 'balanceJump', beforeMinor: 10_000, afterMinor: 100_000_000 }] } });
    expect(calls).toEqual(['pull:K0', 'report:held']);
    expect((await db.cursors.get('c1'))?.cursor).toBe('K0');
    expect(await db.transactions.count()).toBe(0);
    expect(await db.heldUpdates.count()).toBe(1);
  });
});
