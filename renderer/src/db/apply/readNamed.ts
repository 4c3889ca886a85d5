/**
 * Step 1 of applying an update: read what the update names. Reads are bulk and bounded by the
 * update — the rows it upserts, removes or links to (one bulkGet) and the live rows inside its
 * replace scopes (index ranges) — never the whole table.
 *
 * Most of a large incremental update is new rows, and IndexedDB has no multi-key get: each id is
 * one request (Dexie's bulkGet issues one get per key), and at 100k stored rows those requests,
 * mostly for ids that are not there, cost more than writing the update (bench/RESULTS.md, issue
 * 17). So when an update names many ids, the stored keys of its provider (ids are scoped
 * `<provider>:…`) are listed first in one getAllKeys request, and only the ids found are read.
 * That listing is bounded: it is used only while the provider's stored rows are fewer than
 * KEYS_PER_NAMED_ID times the ids to read. Listing is not free either: measured in Chromium on a
 * fresh on-disk profile (100k rows of the app's shape, 5 rounds), one getAllKeys of all 100k keys
 * took 334–902 ms (median 709, ~7 µs a key) while 1,200 gets in one transaction (500 found) took
 * 64–111 ms (median 83, ~70 µs a get): a key listed costs about a tenth of a get, not less.
 */
import type { SyncUpdate } from '../../../../shared/types';
import { droppedInScopes } from '../droppedInScopes';
import type { LedgerlineDb, TransactionRow } from '../schema';

export interface Named {
  /** The ids the update upserts. */
  restated: ReadonlySet<string>;
  /** Stored rows the update names or its scopes dropped, by id. */
  existing: ReadonlyMap<string, TransactionRow>;
  /** Live rows leaving the live set now: removed or dropped from a scope, and not restated. */
  leaving: ReadonlyMap<string, TransactionRow>;
  /** Pendings a posted row links to that left in an earlier update. */
  leftEarlier: readonly TransactionRow[];
}

export async function readNamed(db: LedgerlineDb, update: SyncUpdate): Promise<Named> {
  const restated = new Set(update.upserts.map((t) => t.id));
  const dropped = await droppedInScopes(db, update.replace, restated);
  const removalIds = new Set([...update.removals, ...dropped.map((r) => r.id)]);
  // Pendings a posted row links to that are in neither list: they may have left in an earlier update.
  const linked = update.upserts.flatMap((t) => (t.pendingId && !restated.has(t.pendingId) && !removalIds.has(t.pendingId) ? [t.pendingId] : []));
  const existing = new Map<string, TransactionRow>(dropped.map((r) => [r.id, r]));
  const toRead = [...restated, ...update.removals, ...linked].filter((id) => !existing.has(id));
  for (const row of await db.transactions.bulkGet([...(await storedAmong(db, toRead))])) if (row) existing.set(row.id, row);

  // Rows leaving the live set now (a removal of something already gone, or unknown, is a no-op).
  const leaving = new Map<string, TransactionRow>();
  for (const id of removalIds) {
    const prev = existing.get(id);
    if (prev && prev.removedAt === null && !restated.has(id)) leaving.set(id, prev);
  }
  const leftEarlier = linked.map((id) => existing.get(id)).filter((r): r is TransactionRow => r !== undefined && r.removedAt !== null && r.pending);
  return { restated, existing, leaving, leftEarlier };
}

/** Below this many ids, reading them one by one is cheaper than listing keys first. */
export const KEYS_FIRST_FROM = 200;
/** The keys listed may be at most this many times the ids to read: a get costs about ten listed keys (see the header). */
export const KEYS_PER_NAMED_ID = 10;

/** The provider scope of an id (`plaid:abc` → `plaid`), or null for an unscoped id. */
const scopeOf = (id: string): string | null => {
  const colon = id.indexOf(':');
  return colon > 0 ? id.slice(0, colon) : null;
};

/**
 * The ids (in their order) that may be stored: all of them for a small update; for a large one,
 * those whose provider's stored keys (one getAllKeys over the `<provider>:` key range) include
 * them. Never drops a stored id: an unscoped id, or a provider with too many rows, is read as is.
 */
export async function storedAmong(db: LedgerlineDb, ids: readonly string[]): Promise<readonly string[]> {
  if (ids.length < KEYS_FIRST_FROM) return ids;
  const byScope = new Map<string, string[]>();
  const unscoped: string[] = [];
  for (const id of ids) {
    const scope = scopeOf(id);
    if (scope === null) unscoped.push(id);
    else byScope.set(scope, [...(byScope.get(scope) ?? []), id]);
  }
  const keep = new Set(unscoped);
  // The live rows of every connection, kept with the cursors (a count over the keys would itself
  // walk them all): an estimate of how many keys a listing returns, tombstones aside.
  const liveRows = (await db.cursors.toArray()).reduce((n, c) => n + (c.liveRows ?? 0), 0);
  for (const [scope, named] of byScope) {
    if (named.length < KEYS_FIRST_FROM / 4 || liveRows > named.length * KEYS_PER_NAMED_ID) {
      for (const id of named) keep.add(id);
      continue;
    }
    const range = db.transactions.where(':id').between(`${scope}:`, `${scope};`, true, false);
    const stored = new Set(await range.primaryKeys());
    for (const id of named) if (stored.has(id)) keep.add(id);
  }
  return ids.filter((id) => keep.has(id));
}
