/**
 * A connection's first sync, streamed and staged: the rows are written in bounded read-write
 * transactions while main is still paging the provider, and the run record, the accounts, the
 * balance checks and the cursor are written last, in one small transaction — so the cursor is
 * never stored ahead of the rows it covers, and an import that does not finish is undone.
 *
 * Why not one transaction for the whole import (as until session 10): Chromium's IndexedDB keeps an
 * undo log on disk for any transaction whose writes pass 1 MiB (LevelDBScopes' write-batch size),
 * deletes it after the commit, and every later open of the database scans past those deleted
 * entries until LevelDB happens to compact them. Measured on this machine (fresh profiles, 100k
 * rows, 6 cold opens each): after one 100k-row transaction every open took 340–460 ms; after
 * 500-row transactions 26–167 ms (median ~35), and the write itself was faster (16.8 s vs 20.1 s).
 * A 100k-row first sync made every later app start ~0.6 s slower (traced: 618 ms in
 * `BackingStore::OpenAndVerify.LevelDBScopes` before the first read).
 *
 * All or nothing, kept another way: a marker (`meta` row `importing:<connection>`, written with the
 * first rows) names the import in progress, and the import holds the connection's Web Lock while
 * it runs (so another window waits for it, and knows a marker without a held lock for a crashed
 * one). Every write checks the marker is still there, the last
 * transaction removes it with the cursor, and an import that fails is undone at once (its rows
 * deleted in bounded transactions); one cut short by a crash is undone as the app next starts
 * (undoInterruptedImports, from launchSync) and, failing that, before the next import starts. Removing the connection deletes the marker, which stops an import still running. While
 * it runs, the rows written so far are in the table but the list does not count them (its total
 * is the connections' `liveRows`, written with the cursor), and the search index reloads only
 * once it is done (runSync).
 *
 * Only an empty connection (no cursor, no rows) is imported this way: there is nothing to diff,
 * reconcile or tombstone, so each row is written as it comes. Per-row "added" changes are not
 * recorded for an import (the Changes view shows it as "First sync: N transactions imported").
 * The run record and cursor go through the same recorder as applyUpdate's (apply/runRecorder.ts).
 * An import into an empty connection is never held for review (there is nothing it could remove or
 * re-identify, and no stored balance to jump from); the rare import into rows without a cursor (and
 * no import marker) goes through applyUpdate and can be.
 */
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

/**
 * Rows per import transaction. Each stays well under the 1 MiB write batch past which Chromium
 * writes an undo log (a stored row with its four index entries is about 0.7–1 KB here).
 */
export const IMPORT_ROWS_PER_TX = 500;

/** Import transactions issued and not yet committed: enough to keep the database busy. */
const MAX_WRITES_IN_FLIGHT = 3;

/** How long main may take to answer for one chunk before the import gives up (it pages a slow provider). */
const CHUNK_TIMEOUT_MS = 120_000;

const IMPORT_MARKER_PREFIX = 'importing:';

/** The `meta` key of a connection's import in progress (see the module header). */
export const importMarkerKey = (connectionId: string) => `${IMPORT_MARKER_PREFIX}${connectionId}`;

/**
 * Runs `work` holding the connection's import lock (Web Locks, shared by every window of the app
 * and released by the browser when a window closes or crashes): so a marker whose lock nobody holds
 * is an interrupted import, and one whose lock another window holds is a running one, never to be
 * undone. `ifAvailable`: run `work(false)` at once instead of waiting when another window holds it.
 * Where the API is missing (Node, in unit tests) there is one window, and `work` runs unlocked.
 */
function withImportLock<T>(connectionId: string, options: { ifAvailable: boolean }, work: (held: boolean) => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (!locks) return work(true);
  return locks.request(`ledgerline-import:${connectionId}`, { mode: 'exclusive', ifAvailable: options.ifAvailable }, (lock) => work(lock !== null));
}

/**
 * Undoes every import a crash or a closed window cut short (its marker is stored, its lock free):
 * run once as the app starts (launchSync), before anything syncs, so rows no cursor covers never
 * linger in budgets, reports or the list until that connection's next sync. An import another
 * window is running is left alone.
 */
export async function undoInterruptedImports(db: LedgerlineDb): Promise<void> {
  const keys = await db.meta.where('key').startsWith(IMPORT_MARKER_PREFIX).primaryKeys();
  for (const key of keys) {
    const connectionId = key.slice(IMPORT_MARKER_PREFIX.length);
    await withImportLock(connectionId, { ifAvailable: true }, async (held) => {
      if (held) await undoImport(db, connectionId, null);
    });
  }
}

/** The import's marker is gone or another's: the connection was removed, or another window took over. */
class ImportLost extends Error {
  constructor() {
    super('The first sync was stopped: the connection was removed or another window is importing it.');
  }
}

export function applyStream(
  api: StreamApi,
  db: LedgerlineDb,
  connectionId: string,
  meta: { trigger: SyncTrigger; startedAt: string; now?: () => Date },
): Promise<StreamResult> {
  // A second window's first sync of the same connection waits here, then finds the cursor (stale).
  return withImportLock(connectionId, { ifAvailable: false }, () => importLocked(api, db, connectionId, meta));
}

async function importLocked(
  api: StreamApi,
  db: LedgerlineDb,
  connectionId: string,
  meta: { trigger: SyncTrigger; startedAt: string; now?: () => Date },
): Promise<StreamResult> {
  const now = (meta.now ?? (() => new Date()))().toISOString();
  const token = crypto.randomUUID();
  const marker = importMarkerKey(connectionId);

  // Where this connection stands; an import cut short by a crash is undone first.
  const begin = () => db.transaction('rw', [db.cursors, db.transactions, db.meta], async () => {
    const stored = (await db.cursors.get(connectionId))?.cursor ?? null;
    if (stored !== null) return { kind: 'stale' as const, stored };
    if (await db.meta.get(marker)) return { kind: 'interrupted' as const };
    // No cursor but rows and no import marker (never written that way, but a database is the user's): diff it properly.
    if ((await db.transactions.where('connectionId').equals(connectionId).limit(1).count()) > 0) return { kind: 'diff' as const };
    await db.meta.put({ key: marker, value: JSON.stringify({ token, startedAt: meta.startedAt }) });
    return { kind: 'import' as const };
  });
  let start = await begin();
  if (start.kind === 'interrupted') {
    await undoImport(db, connectionId, null);
    start = await begin();
  }
  if (start.kind === 'stale') return { kind: 'stale', storedCursor: start.stored };
  if (start.kind === 'interrupted') throw new Error('An interrupted first sync could not be undone.');

  const open = () => withTimeout(api.pullStream({ connectionId, trigger: meta.trigger }), CHUNK_TIMEOUT_MS);
  const next = (streamId: string) => withTimeout(api.pullNext({ streamId }), CHUNK_TIMEOUT_MS);
  if (start.kind === 'diff') {
    const { streamId } = await open();
    const update = await collect(streamId, next).catch((e: unknown) => {
      if (e instanceof NotApplied) return e;
      throw e;
    });
    if (update instanceof NotApplied) return { kind: 'not_applied', pull: update.pull };
    const result = await applyUpdate(db, update, meta);
    if (result.outcome === 'held') return { kind: 'held', result };
    return result.outcome === 'applied' ? { kind: 'applied', result, update } : { kind: 'stale', storedCursor: result.storedCursor };
  }

  /** One bounded write of the import, refused once its marker is gone (see ImportLost). */
  const write = (work: () => Promise<unknown>) => db.transaction('rw', [db.transactions, db.meta], async () => {
    if (!(await ownsMarker(db, marker, token))) throw new ImportLost();
    await work();
  });
  const live = new Set<string>();
  // Writes are issued without waiting for the one before (IndexedDB runs them in order), so the
  // database never idles between them; a few at most are in flight.
  const inFlight: Promise<unknown>[] = [];
  const issue = async (w: Promise<unknown>) => {
    w.catch(() => undefined); // awaited below
    inFlight.push(w);
    while (inFlight.length > MAX_WRITES_IN_FLIGHT) await inFlight.shift();
  };
  const settle = async () => {
    // Every write is waited for, even after one failed, so nothing lands after the undo.
    const all = inFlight.splice(0);
    const failed = (await Promise.allSettled(all)).find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  };

  try {
    const { streamId } = await open();
    let coming = next(streamId);
    for (;;) {
      const chunk = await coming;
      // The next chunk crosses the IPC while this one is written.
      if (chunk.kind === 'rows' || chunk.kind === 'restart') {
        coming = next(streamId);
        coming.catch(() => undefined); // seen by the await above on the next turn; never unhandled if a write fails first
      }
      if (chunk.kind === 'rows') {
        for (const part of bounded(chunk.upserts)) {
          const rows = part.map((t) => storedRow(t, {}, now, now));
          await issue(write(() => db.transactions.bulkPut(rows)));
        }
        for (const t of chunk.upserts) live.add(t.id);
        // Only rows this import wrote: an id of another connection is never touched.
        for (const ids of bounded(chunk.removals.filter((id) => live.delete(id)))) await issue(write(() => db.transactions.bulkDelete(ids)));
      } else if (chunk.kind === 'restart') {
        await settle();
        await undoImport(db, connectionId, token);
        live.clear();
      } else if (chunk.kind === 'done') {
        await settle();
        const { update } = chunk;
        if (update.connectionId !== connectionId || update.fromCursor !== null) throw new Error('the streamed update is for another connection or cursor');
        return await db.transaction('rw', applyTables(db), async (): Promise<StreamResult> => {
          if (!(await ownsMarker(db, marker, token))) throw new ImportLost();
          const stored = (await db.cursors.get(connectionId))?.cursor ?? null;
          if (stored !== null) return { kind: 'stale', storedCursor: stored };
          await db.meta.delete(marker);
          await writeAccounts(db, update.accounts, now);
          await nextLedgerSeq(db); // the index reloads after an import (runSync), but the numbering counts it
          await db.heldUpdates.where('connectionId').equals(connectionId).delete(); // none can start before an import
          // An import starts every account's balance check from the provider's balance (balanceCheck.ts).
          await writeBalanceChecks(db, await checkBalances(db, { runId: update.pullId, connectionId, accounts: update.accounts, deltas: new Map(), now, restart: true }));
          const counts = { added: live.size, modified: 0, removed: 0, posted: 0, reidentified: 0, suggested: 0 };
          const finishedAt = (meta.now ?? (() => new Date()))().toISOString();
          await commitRun(db, { update, trigger: meta.trigger, startedAt: meta.startedAt, finishedAt, counts, changed: live.size > 0, liveRows: live.size, now });
          return { kind: 'applied', result: { outcome: 'applied', runId: update.pullId, ...counts }, update };
        }).then(async (out) => {
          // Stale: another window committed this connection's import; its rows are the same ones.
          if (out.kind === 'stale') await db.meta.delete(marker);
          return out;
        });
      } else {
        await settle();
        throw new NotApplied(chunk);
      }
    }
  } catch (e) {
    await settle().catch(() => undefined);
    // Undone now; if even that fails, the marker stays and the next import undoes it first.
    if (!(e instanceof ImportLost)) await undoImport(db, connectionId, token).then(() => db.meta.delete(marker)).catch(() => undefined);
    if (e instanceof NotApplied) return { kind: 'not_applied', pull: e.pull };
    throw e;
  }
}

/** `items` in consecutive parts of at most IMPORT_ROWS_PER_TX: one bounded transaction's share each. */
function bounded<T>(items: readonly T[]): T[][] {
  const parts: T[][] = [];
  for (let i = 0; i < items.length; i += IMPORT_ROWS_PER_TX) parts.push(items.slice(i, i + IMPORT_ROWS_PER_TX));
  return parts;
}

/** Whether the connection's import marker is this import's (`token`). */
async function ownsMarker(db: LedgerlineDb, key: string, token: string): Promise<boolean> {
  const row = await db.meta.get(key);
  if (!row) return false;
  try {
    return (JSON.parse(row.value) as { token?: unknown }).token === token;
  } catch {
    return false;
  }
}

/**
 * Deletes the rows an import of `connectionId` wrote, IMPORT_ROWS_PER_TX at a time — only while the
 * connection has no cursor (an import only ever starts on an empty connection, so every row it
 * has then is the import's) and, for a running import (`token`), only while its marker is its own.
 * A crashed import's undo (`token` null) leaves the marker for the next import to replace.
 */
async function undoImport(db: LedgerlineDb, connectionId: string, token: string | null): Promise<void> {
  for (;;) {
    const done = await db.transaction('rw', [db.cursors, db.transactions, db.meta], async () => {
      if ((await db.cursors.get(connectionId)) !== undefined) return true;
      if (token !== null && !(await ownsMarker(db, importMarkerKey(connectionId), token))) return true;
      const ids = await db.transactions.where('connectionId').equals(connectionId).limit(IMPORT_ROWS_PER_TX).primaryKeys();
      if (ids.length === 0) {
        if (token === null) await db.meta.delete(importMarkerKey(connectionId));
        return true;
      }
      await db.transactions.bulkDelete(ids);
      return false;
    });
    if (done) return;
  }
}

/** `promise`, or a clear failure after `ms` (main stopped answering). */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`The first sync stopped: no answer from the background service for ${Math.round(ms / 1000)} s.`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Thrown when the stream ends without an update. */
class NotApplied extends Error {
  constructor(readonly pull: Exclude<PullResult, { kind: 'update' }>) {
    super('the streamed pull ended without an update');
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
