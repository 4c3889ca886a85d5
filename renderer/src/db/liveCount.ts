/**
 * How many transactions the list shows: the sum of each connection's `liveRows`, which every
 * write keeps in the same transaction as the rows (a few small reads instead of counting 100k
 * index entries, which takes the better part of a second). A connection without the figure (it
 * cannot happen after version 4, but a database is the user's) falls back to the exact count.
 */
import type { CursorRow, LedgerlineDb } from './schema';

export async function liveRowCount(db: LedgerlineDb): Promise<number> {
  return liveRowsOf(await db.cursors.toArray()) ?? db.transactions.where('listKey').above('').count();
}

/** The sum of the connections' `liveRows`, or null if one lacks the figure (then count the index). */
export function liveRowsOf(cursors: readonly CursorRow[]): number | null {
  let total = 0;
  for (const c of cursors) {
    if (c.liveRows === undefined) return null;
    total += c.liveRows;
  }
  return total;
}
