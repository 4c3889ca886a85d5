/**
 * Tells every ledger index (this window's worker and other windows') which transactions changed
 * after a write commits. STUB — the index work (issue 7, search) implements the channel.
 * Call it after the write's transaction has committed, never inside it.
 */
import type { LedgerlineDb } from '../db/schema';

export type IndexChange = { ids: readonly string[] } | { all: true };

export function notifyIndex(_db: LedgerlineDb, _change: IndexChange): void {
  // implemented by the ledger index
}
