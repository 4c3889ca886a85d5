/**
 * A connection's first sync, streamed: one read-write transaction is opened first, then the rows
 * are written chunk by chunk while main is still paging the provider, and the run record and the
 * cursor are written last — so the whole import commits at once or not at all, as applyUpdate's
 * does, but the writing overlaps the download and no chunk is held longer than it takes to write.
 *
 * Only an empty connection (no cursor, no rows) is imported this way: there is nothing to diff,
 * reconcile or tombstone, so each row is written as it comes. Per-row "added" changes are not
 * recorded for an import (the Changes view shows it as "First sync: N transactions imported").
 * The run record and cursor go through the same recorder as applyUpdate's (apply/runRecorder.ts).
 * An import into an empty connection is never held for review (there is nothing it could remove or
 * re-identify, and no stored balance to jump from); the rare import into rows without a cursor goes
 * through applyUpdate and can be.
 */
import Dexie from 'dexie';
import type { LedgerlineApi, PullChunk } from '../../../shared/ipc/contract';
import { ChangeFold } from '../../../shared/sync/fold';
import type { PullResult, SyncTrigger, SyncUpdate, Transaction } from '../../../shared/types';
import { checkBalances, writeBalanceChecks } from './apply/balanceCheck';
import { applyTables, commitRun, nextLedgerSeq } from './apply/runRecorder';
import { storedRow, writeAccounts } from './apply/writeRows';
import { applyUpdate, type ApplyResult } from './applyUpdate';
import type { LedgerlineDb } from './schema';

export type StreamApi = Pick<LedgerlineApi, 'pullStream' | 'pullNext'>;

export type StreamResult =
  | { kind: 'applied'; result: Extract<ApplyResult, { outcome: 'applied' }>; update: SyncUpdate }
  | { kind: 'stale'; storedCursor: string | null }
  /** Only the rare import into a connection that has rows but no cursor can be held (applyUpdate). */
  | { kind: 'held'; result: Extract<ApplyResult, { outcome: 'held' }> }
  | { kind: 'not_applied'; pull: Exclude<PullResult, { kind: 'update' }> };

/** Thrown inside the transaction to roll it back when the stream ends without an update. */
class NotApplied extends Error {
  constructor(readonly pull: Exclude<PullResult, { kind: 'update' }>) {
    super('the streamed pull ended without an update');
  }
}

/** Chunks written at once: enough to keep the database busy, few enough to bound memory. */
const MAX_WRITES_IN_FLIGHT = 3;

/** How long one chunk may take to arrive before the import gives up (main pages a slow provider). */
const CHUNK_TIMEOUT_MS = 120_000;

export async function applyStream(
  api: StreamApi,
  db: LedgerlineDb,
  connectionId: string,
  meta: { trigger: SyncTrigger; startedAt: string; now?: () => Date },
): Promise<StreamResult> {
  const now = (meta.now ?? (() => new Date()))().toISOString();
  try {
    return await db.transaction('rw', applyTables(db), async (): Promise<StreamResult> => {
      const stored = (await db.cursors.get(connectionId))?.cursor ?? null;
      if (stored !== null) return { kind: 'stale', storedCursor: stored };
      const next = (streamId: string) => Dexie.waitFor(api.pullNext({ streamId }), CHUNK_TIMEOUT_MS);
      const { streamId } = await Dexie.waitFor(api.pullStream({ connectionId, trigger: meta.trigger }), CHUNK_TIMEOUT_MS);

      // No cursor but rows (never written that way, but a database is the user's): diff it properly.
      if ((await db.transactions.where('connectionId').equals(connectionId).limit(1).count()) > 0) {
        const update = await collect(streamId, next);
        const result = await applyUpdate(db, update, meta);
        if (result.outcome === 'held') return { kind: 'held', result };
        return result.outcome === 'applied' ? { kind: 'applied', result, update } : { kind: 'stale', storedCursor: result.storedCursor };
      }

      const live = new Set<string>();
      // Writes are issued without waiting for the one before (a transaction runs its requests in
      // order), so the database never idles between chunks; a few chunks at most are in flight.
      const inFlight: Promise<unknown>[] = [];
      const issue = async (write: Promise<unknown>) => {
        write.catch(() => undefined); // awaited below; a failure aborts the transaction either way
        inFlight.push(write);
        while (inFlight.length > MAX_WRITES_IN_FLIGHT) await inFlight.shift();
      };
      const settle = async () => {
        while (inFlight.length > 0) await inFlight.shift();
      };
      let coming = next(streamId);
      for (;;) {
        const chunk = await coming;
        // The next chunk crosses the IPC while this one is written.
        if (chunk.kind === 'rows' || chunk.kind === 'restart') {
          coming = next(streamId);
          coming.catch(() => undefined); // seen by the await above on the next turn; never unhandled if a write fails first
        }
        if (chunk.kind === 'rows') {
          if (chunk.upserts.length > 0) await issue(db.transactions.bulkPut(chunk.upserts.map((t) => storedRow(t, {}, now, now))));
          for (const t of chunk.upserts) live.add(t.id);
          // Only rows this import wrote: an id of another connection is never touched.
          const gone = chunk.removals.filter((id) => live.delete(id));
          if (gone.length > 0) await issue(db.transactions.bulkDelete(gone));
        } else if (chunk.kind === 'restart') {
          await settle();
          await db.transactions.where('connectionId').equals(connectionId).delete();
          live.clear();
        } else if (chunk.kind === 'done') {
          await settle();
          const { update } = chunk;
          if (update.connectionId !== connectionId || update.fromCursor !== null) throw new Error('the streamed update is for another connection or cursor');
          await writeAccounts(db, update.accounts, now);
          await nextLedgerSeq(db); // the index reloads after an import (runSync), but the numbering counts it
          await db.heldUpdates.where('connectionId').equals(connectionId).delete(); // none can start before an import
          // An import starts every account's balance check from the provider's balance (balanceCheck.ts).
          await writeBalanceChecks(db, await checkBalances(db, { runId: update.pullId, connectionId, accounts: update.accounts, deltas: new Map(), now, restart: true }));
          const counts = { added: live.size, modified: 0, removed: 0, posted: 0, reidentified: 0, suggested: 0 };
          const finishedAt = (meta.now ?? (() => new Date()))().toISOString();
          await commitRun(db, { update, trigger: meta.trigger, startedAt: meta.startedAt, finishedAt, counts, changed: live.size > 0, liveRows: live.size, now });
          return { kind: 'applied', result: { outcome: 'applied', runId: update.pullId, ...counts }, update };
        } else {
          await settle();
          throw new NotApplied(chunk);
        }
      }
    });
  } catch (e) {
    if (e instanceof NotApplied) return { kind: 'not_applied', pull: e.pull };
    throw e;
  }
}

/**
 * Folds a stream's chunks, in order, into one update's rows by the shared fold (shared/sync/fold.ts:
 * the last word on an id wins; a restart voids everything before it). Also how the tests record a
 * streamed pull as one reply.
 */
export class StreamFold {
  private readonly fold = new ChangeFold<Transaction>();

  add(chunk: Extract<PullChunk, { kind: 'rows' | 'restart' }>): void {
    if (chunk.kind === 'restart') this.fold.clear();
    else this.fold.add(chunk);
  }

  /** The whole update: the stream's header with the folded rows. */
  update(header: SyncUpdate): SyncUpdate {
    return { ...header, ...this.fold.result() };
  }
}

/** The whole stream as one update, for the rare import that has to be diffed. */
async function collect(streamId: string, next: (id: string) => Promise<PullChunk>): Promise<SyncUpdate> {
  const fold = new StreamFold();
  for (;;) {
    const chunk = await next(streamId);
    if (chunk.kind === 'rows' || chunk.kind === 'restart') fold.add(chunk);
    else if (chunk.kind === 'done') return fold.update(chunk.update);
    else throw new NotApplied(chunk);
  }
}
