import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DBCore, DBCoreMutateRequest, DBCoreTable, Middleware } from 'dexie';
import { applyStream, IMPORT_ROWS_PER_TX, importMarkerKey, undoInterruptedImports, type StreamApi } from '../../../../renderer/src/db/applyStream';
import { storedRow } from '../../../../renderer/src/db/apply/writeRows';
import { liveRowCount } from '../../../../renderer/src/db/liveCount';
import { purgeConnection } from '../../../../renderer/src/db/purgeConnection';
import { openDb } from '../../../../renderer/src/db/schema';
import type { PullChunk } from '../../../../shared/ipc/contract';
import type { SyncUpdate, Transaction } from '../../../../shared/types';

const tx = (n: number, over: Partial<Transaction> = {}): Transaction => ({
  id: `plaid:t${n}`, connectionId: 'c1', accountId: 'plaid:a', amountMinor: -n, currency: 'USD', date: `2026-11-${String(1 + (n % 28)).padStart(2, '0')}`,
  authorizedDate: null, description: `row ${n}`, merchant: null, category: null, pending: false, pendingId: null, ...over,
});
const header = (over: Partial<SyncUpdate> = {}): SyncUpdate => ({
  pullId: crypto.randomUUID(), connectionId: 'c1', fromCursor: null, nextCursor: 'K1', accounts: [], upserts: [], removals: [],
  replace: [], pulledAt: '2026-11-21T10:00:00.000Z', pages: 3, restarts: 0, ...over,
});
const meta = { trigger: 'launch' as const, startedAt: '2026-11-21T10:00:00.000Z' };

/** Main's side, scripted: each pullNext hands over the next chunk; `during` runs before chunk i is handed over. */
function scripted(chunks: PullChunk[], during: (i: number) => Promise<void> = async () => undefined): StreamApi & { started: number } {
  let i = 0;
  const api = {
    started: 0,
    pullStream: async () => {
      api.started++;
      return { streamId: 'ps_test00000000' };
    },
    pullNext: async () => {
      await during(i);
      const chunk = chunks[i++];
      if (!chunk) throw new Error('the stream is over');
      return chunk;
    },
  };
  return api;
}

describe('applyStream (a first sync, written as it streams in bounded transactions, committed by its cursor)', () => {
  it('imports every row with its keys, then the accounts, the run and the cursor; no per-row changes', async () => {
    const db = openDb('stream-import');
    const api = scripted([
      { kind: 'rows', upserts: [tx(1), tx(2, { pending: true })], removals: [] },
      { kind: 'rows', upserts: [tx(3)], removals: ['plaid:t1'] },
      { kind: 'done', update: header() },
    ]);
    const out = await applyStream(api, db, 'c1', meta);
    expect(out.kind === 'applied' && out.result.added).toBe(2);
    expect((await db.transactions.toArray()).map((r) => r.id).sort()).toEqual(['plaid:t2', 'plaid:t3']);
    expect((await db.transactions.get('plaid:t2'))?.pendingKey).toBeDefined();
    expect((await db.transactions.get('plaid:t3'))?.listKey).toBe(`${tx(3).date}|plaid:t3`);
    expect((await db.cursors.get('c1'))?.cursor).toBe('K1');
    expect(await db.changeSets.count()).toBe(0);
    expect((await db.syncRuns.toArray()).map((r) => [r.fromCursor, r.added, r.outcome])).toEqual([[null, 2, 'changes']]);
  });

  it('takes each checkable account\'s balance as the balance check\'s starting point, in the same transaction', async () => {
    const db = openDb('stream-balance');
    const account = { id: 'plaid:a', connectionId: 'c1', name: 'Checking', officialName: null, mask: '0000', kind: 'depository' as const, subtype: 'checking', currency: 'USD', currentMinor: 123_456, availableMinor: null, limitMinor: null };
    const update = header({ accounts: [account, { ...account, id: 'plaid:i', kind: 'investment', subtype: 'brokerage', currentMinor: 9 }] });
    await applyStream(scripted([{ kind: 'rows', upserts: [tx(1), tx(2)], removals: [] }, { kind: 'done', update }]), db, 'c1', meta);
    expect(await db.balanceChecks.toArray()).toMatchObject([{ runId: update.pullId, accountId: 'plaid:a', providerMinor: 123_456, impliedMinor: 123_456, differenceMinor: 0, status: 'agrees' }]);
    expect(await db.balances.toArray()).toMatchObject([{ accountId: 'plaid:a', impliedMinor: 123_456, anchored: false }]);
  });

  it('a restart voids what was written so far', async () => {
    const db = openDb('stream-restart');
    const api = scripted([
      { kind: 'rows', upserts: [tx(1), tx(2)], removals: [] },
      { kind: 'restart' },
      { kind: 'rows', upserts: [tx(2), tx(4)], removals: [] },
      { kind: 'done', update: header({ restarts: 1 }) },
    ]);
    await applyStream(api, db, 'c1', meta);
    expect((await db.transactions.toArray()).map((r) => r.id).sort()).toEqual(['plaid:t2', 'plaid:t4']);
  });

  it('writes nothing at all when the stream ends in an error after rows were written', async () => {
    const db = openDb('stream-error');
    const error = { code: 'bad_response' as const, message: 'bad page', retryAt: null, requestId: null };
    const api = scripted([{ kind: 'rows', upserts: [tx(1)], removals: [] }, { kind: 'error', error }]);
    expect(await applyStream(api, db, 'c1', meta)).toEqual({ kind: 'not_applied', pull: { kind: 'error', error } });
    expect(await db.transactions.count()).toBe(0);
    expect(await db.cursors.count()).toBe(0);
    expect(await db.syncRuns.count()).toBe(0);
  });

  it('writes nothing when the renderer dies mid-stream (the chunk never comes)', async () => {
    const db = openDb('stream-crash');
    const api = scripted([{ kind: 'rows', upserts: [tx(1), tx(2)], removals: [] }, { kind: 'done', update: header() }], async (i) => {
      if (i === 1) throw new Error('the host went away');
    });
    await expect(applyStream(api, db, 'c1', meta)).rejects.toThrow('the host went away');
    expect(await db.transactions.count()).toBe(0);
    expect(await db.cursors.count()).toBe(0);
  });

  it('is stale (and asks main for nothing) when a cursor is already stored', async () => {
    const db = openDb('stream-stale');
    await db.cursors.put({ connectionId: 'c1', cursor: 'K0', updatedAt: meta.startedAt });
    const api = scripted([]);
    expect(await applyStream(api, db, 'c1', meta)).toEqual({ kind: 'stale', storedCursor: 'K0' });
    expect(api.started).toBe(0);
  });

  it('other connections\' rows are never touched by a removal or a restart', async () => {
    const db = openDb('stream-others');
    const other = { ...tx(9, { connectionId: 'c2' }), listKey: 'x', removedAt: null, firstSeenAt: meta.startedAt, updatedAt: meta.startedAt };
    await db.transactions.put(other);
    const api = scripted([
      { kind: 'rows', upserts: [tx(1)], removals: ['plaid:t9'] },
      { kind: 'restart' },
      { kind: 'done', update: header() },
    ]);
    await applyStream(api, db, 'c1', meta);
    expect((await db.transactions.toArray()).map((r) => r.id)).toEqual(['plaid:t9']);
  });
  it('writes the import in transactions of at most IMPORT_ROWS_PER_TX rows, the cursor in none of them', async () => {
    const db = openDb('stream-bounded');
    const perTx = new Map<IDBTransaction, { rows: number; tables: Set<string> }>();
    const counter: Middleware<DBCore> = {
      stack: 'dbcore',
      name: 'rows-per-transaction',
      create: (down) => ({
        ...down,
        table: (name: string): DBCoreTable => {
          const table = down.table(name);
          return {
            ...table,
            mutate: (req: DBCoreMutateRequest) => {
              const seen = perTx.get(req.trans as IDBTransaction) ?? { rows: 0, tables: new Set<string>() };
              seen.tables.add(name);
              if (name === 'transactions') seen.rows += req.type === 'put' || req.type === 'add' ? req.values.length : 0;
              perTx.set(req.trans as IDBTransaction, seen);
              return table.mutate(req);
            },
          };
        },
      }),
    };
    db.use(counter);
    const n = IMPORT_ROWS_PER_TX * 4 + 37;
    const rows = Array.from({ length: n }, (_, i) => tx(i));
    // Main's chunks are bigger than one transaction's share: each is split.
    const out = await applyStream(scripted([
      { kind: 'rows', upserts: rows.slice(0, 1500), removals: [] },
      { kind: 'rows', upserts: rows.slice(1500), removals: [] },
      { kind: 'done', update: header() },
    ]), db, 'c1', meta);
    expect(out.kind === 'applied' && out.result.added).toBe(n);
    expect(await db.transactions.count()).toBe(n);
    const writes = [...perTx.values()].filter((t) => t.rows > 0);
    expect(Math.max(...writes.map((t) => t.rows))).toBeLessThanOrEqual(IMPORT_ROWS_PER_TX);
    expect(writes.reduce((sum, t) => sum + t.rows, 0)).toBe(n);
    // The cursor is written once, after every row, in a transaction that writes no row.
    const cursorTx = [...perTx.values()].filter((t) => t.tables.has('cursors'));
    expect(cursorTx).toHaveLength(1);
    expect(cursorTx[0]?.rows).toBe(0);
    expect(await db.meta.get(importMarkerKey('c1'))).toBeUndefined();
  });

  it('the list does not count an import\'s rows until its cursor is written', async () => {
    const db = openDb('stream-uncounted');
    let seen: { rows: number; counted: number } | null = null;
    await applyStream(scripted([
      { kind: 'rows', upserts: [tx(1), tx(2)], removals: [] },
      { kind: 'done', update: header() },
    ], async (i) => {
      if (i !== 1) return;
      // Main holds back the last chunk until the first rows are committed.
      for (let n = 0; n < 100 && (await db.transactions.count()) < 2; n++) await new Promise((r) => setTimeout(r, 5));
      seen = { rows: await db.transactions.count(), counted: await liveRowCount(db) };
    }), db, 'c1', meta);
    expect(seen).toEqual({ rows: 2, counted: 0 });
    expect(await liveRowCount(db)).toBe(2);
  });

  it('undoes an import a crash cut short before importing again: no row of it is left', async () => {
    const db = openDb('stream-crashed');
    // What a crash after some import transactions leaves: rows and the marker, no cursor.
    const at = meta.startedAt;
    await db.transactions.bulkPut([tx(1), tx(2), tx(3)].map((t) => storedRow(t, {}, at, at)));
    await db.meta.put({ key: importMarkerKey('c1'), value: JSON.stringify({ token: 'gone', startedAt: at }) });
    // Since then the provider removed t1; the new import lists t2 and t4.
    const out = await applyStream(scripted([{ kind: 'rows', upserts: [tx(2), tx(4)], removals: [] }, { kind: 'done', update: header() }]), db, 'c1', meta);
    expect(out.kind).toBe('applied');
    expect((await db.transactions.toArray()).map((r) => r.id).sort()).toEqual(['plaid:t2', 'plaid:t4']);
    expect((await db.cursors.get('c1'))?.liveRows).toBe(2);
    expect(await db.meta.get(importMarkerKey('c1'))).toBeUndefined();
  });

  it('stops, leaving nothing, when the connection is removed while its first sync runs', async () => {
    const db = openDb('stream-purged');
    const api = scripted([
      { kind: 'rows', upserts: [tx(1), tx(2)], removals: [] },
      { kind: 'rows', upserts: [tx(3)], removals: [] },
      { kind: 'done', update: header() },
    ], async (i) => {
      if (i === 1) await purgeConnection(db, 'c1');
    });
    await expect(applyStream(api, db, 'c1', meta)).rejects.toThrow('connection was removed');
    expect(await db.transactions.count()).toBe(0);
    expect(await db.cursors.count()).toBe(0);
    expect(await db.syncRuns.count()).toBe(0);
    expect(await db.meta.get(importMarkerKey('c1'))).toBeUndefined();
  });

  it('an undo touches only the importing connection\'s rows', async () => {
    const db = openDb('stream-undo-others');
    const other = { ...tx(9, { connectionId: 'c2' }), listKey: 'x', removedAt: null, firstSeenAt: meta.startedAt, updatedAt: meta.startedAt };
    await db.transactions.put(other);
    const error = { code: 'bad_response' as const, message: 'bad page', retryAt: null, requestId: null };
    await applyStream(scripted([{ kind: 'rows', upserts: [tx(1), tx(2)], removals: [] }, { kind: 'error', error }]), db, 'c1', meta);
    expect((await db.transactions.toArray()).map((r) => r.id)).toEqual(['plaid:t9']);
  });
  describe('across windows (Web Locks: one exclusive lock per connection, released when a window goes)', () => {
    /**
     * Enough of the Web Locks API for these tests, from its spec: exclusive locks granted in request
     * order, `ifAvailable` answering null at once when held. Not modelled: shared mode, steal, signal.
     */
    function fakeLocks() {
      const held = new Map<string, Promise<unknown>>();
      return {
        request: async <T>(name: string, options: { ifAvailable?: boolean }, work: (lock: { name: string } | null) => Promise<T>): Promise<T> => {
          if (options.ifAvailable && held.has(name)) return work(null);
          while (held.has(name)) await held.get(name)?.catch(() => undefined);
          const run = work({ name });
          held.set(name, run);
          try {
            return await run;
          } finally {
            held.delete(name);
          }
        },
      };
    }
    afterEach(() => vi.unstubAllGlobals());

    it('a launch leaves alone an import another window is running, and undoes it once that window is gone', async () => {
      const locks = fakeLocks();
      vi.stubGlobal('navigator', { locks });
      const db = openDb('stream-locked');
      let release = () => undefined as void;
      const windowGone = new Promise<void>((resolve) => {
        release = resolve;
      });
      // Window A: its import wrote rows and holds the lock, waiting on main for the next chunk.
      const a = applyStream(scripted([{ kind: 'rows', upserts: [tx(1), tx(2)], removals: [] }, { kind: 'done', update: header() }], async (i) => {
        if (i === 1) await windowGone.then(() => {
          throw new Error('window A closed');
        });
      }), db, 'c1', meta);
      for (let n = 0; n < 100 && (await db.transactions.count()) < 2; n++) await new Promise((r) => setTimeout(r, 5));
      // Window B launches meanwhile: the marker is there, but its lock is held.
      await undoInterruptedImports(db);
      expect(await db.transactions.count()).toBe(2);
      expect(await db.meta.get(importMarkerKey('c1'))).toBeDefined();
      // A's window goes away: its import fails (and undoes itself here; after a real crash it could not).
      release();
      await expect(a).rejects.toThrow('window A closed');
      expect(await db.transactions.count()).toBe(0);
      expect(await db.meta.get(importMarkerKey('c1'))).toBeUndefined();
    });

    it('a second window\'s first sync of the same connection waits for the first, then finds its cursor', async () => {
      vi.stubGlobal('navigator', { locks: fakeLocks() });
      const db = openDb('stream-two-windows');
      const first = applyStream(scripted([{ kind: 'rows', upserts: [tx(1), tx(2)], removals: [] }, { kind: 'done', update: header({ nextCursor: 'K1' }) }]), db, 'c1', meta);
      const second = scripted([{ kind: 'rows', upserts: [tx(1)], removals: [] }, { kind: 'done', update: header({ nextCursor: 'K9' }) }]);
      const [a, b] = await Promise.all([first, applyStream(second, db, 'c1', meta)]);
      expect(a.kind).toBe('applied');
      expect(b).toEqual({ kind: 'stale', storedCursor: 'K1' });
      expect(second.started).toBe(0);
      expect((await db.transactions.toArray()).map((r) => r.id).sort()).toEqual(['plaid:t1', 'plaid:t2']);
    });
  });
});
