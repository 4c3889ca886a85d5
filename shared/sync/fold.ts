/**
 * The one fold of a pull's pages into one change set: "the last word on an id wins". Every path
 * that turns a sequence of pages (or streamed chunks) into a single update folds through here —
 * main's non-streamed pull (electron/providers/foldingSink.ts), MoneyKit's drain (foldDrain) and the
 * renderer's streamed import (applyStream's StreamFold) — so they cannot disagree about what a page
 * means.
 *
 * Within a chunk, its upserts are read before its removals; across chunks, later wins:
 *   - an upsert replaces any earlier upsert of that id and cancels an earlier removal of it;
 *   - a removal cancels any earlier upsert of that id and is kept (a removal of a row the update
 *     never upserted may still name a stored row).
 * Order is that of a Map/Set: an id keeps its first position while it stays in one list, and moves
 * to the end of the other list when it crosses over (the stored rows and changes follow this order).
 *
 * Accounts fold by the same rule without removals (latestById): the latest view of an account
 * wins, kept in the position it was first seen in.
 */

/** One page or chunk: rows restated by the provider and ids it says are gone. */
export interface ChangeChunk<T> {
  readonly upserts: readonly T[];
  readonly removals: readonly string[];
}

/** A folded change set: each id at most once, in exactly one of the two lists. */
export interface FoldedChanges<T> {
  upserts: T[];
  removals: string[];
}

/** The fold as an accumulator, for a caller that receives chunks one at a time (a stream). */
export class ChangeFold<T extends { readonly id: string }> {
  private upserts = new Map<string, T>();
  private removals = new Set<string>();

  add(chunk: ChangeChunk<T>): void {
    for (const row of chunk.upserts) {
      this.removals.delete(row.id);
      this.upserts.set(row.id, row);
    }
    for (const id of chunk.removals) {
      this.upserts.delete(id);
      this.removals.add(id);
    }
  }

  /** Forgets everything folded so far (a pull that starts over). */
  clear(): void {
    this.upserts = new Map();
    this.removals = new Set();
  }

  result(): FoldedChanges<T> {
    return { upserts: [...this.upserts.values()], removals: [...this.removals] };
  }
}

/** Folds chunks, in order, into one change set. */
export function foldChanges<T extends { readonly id: string }>(chunks: Iterable<ChangeChunk<T>>): FoldedChanges<T> {
  const fold = new ChangeFold<T>();
  for (const chunk of chunks) fold.add(chunk);
  return fold.result();
}

/** The latest of each id, in the order ids were first seen (accounts across pages). */
export function latestById<T>(items: Iterable<T>, idOf: (item: T) => string): T[] {
  const byId = new Map<string, T>();
  for (const item of items) byId.set(idOf(item), item);
  return [...byId.values()];
}
