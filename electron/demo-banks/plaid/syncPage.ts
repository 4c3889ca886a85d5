/**
 * Plaid's cursor sync over an item's event log: the opaque cursor encodes a window of the log and
 * how far into it a client has paged, so a page served after the log grew is genuinely a mutation
 * during pagination.
 */
import type { LedgerSim } from '../ledger/ledgerSim';
import { logCursorCodec, type LogCursor } from '../ledger/logCursor';
import { PlaidError } from './errors';
import { toAccountWire, toTransactionWire, type SyncPageWire } from './wire';

/** Decoded form of the opaque cursor: the diff window [start, end) of the item's log, and how far into it. */
export type SyncCursor = LogCursor<'item'>;

const cursorCodec = logCursorCodec('item');
export const encodeCursor = cursorCodec.encode;
export const decodeCursor = cursorCodec.decode;

/**
 * One page of /transactions/sync (everything but request_id). A cursor at offset 0 starts a new
 * window ending at the current log length; a later page keeps its window, and fails with
 * TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION once the log has grown past it, because the pages
 * already served would no longer add up to the net change.
 */
export function buildSyncPage(itemId: string, ledger: LedgerSim, cursorText: string | undefined, count: number): SyncPageWire {
  const length = ledger.logLength;
  const window = resolveWindow(itemId, length, cursorText);
  const changes = ledger.changesBetween(window.start, window.end);
  if (window.offset > changes.length) throw new PlaidError('INVALID_FIELD', 'cursor is not valid');
  const hasMore = window.offset + count < changes.length;
  const page: SyncPageWire = {
    // Filled below: as Plaid documents, only the accounts that have transactions in this response.
    accounts: [],
    added: [],
    modified: [],
    removed: [],
    next_cursor: encodeCursor(
      hasMore ? { ...window, offset: window.offset + count } : { item: itemId, start: window.end, end: window.end, offset: 0 },
    ),
    has_more: hasMore,
    transactions_update_status: 'HISTORICAL_UPDATE_COMPLETE',
  };
  const touched = new Set<string>();
  for (const change of changes.slice(window.offset, window.offset + count)) {
    touched.add(change.txn.accountId);
    if (change.kind === 'removed') page.removed.push({ transaction_id: change.txn.id, account_id: change.txn.accountId });
    else page[change.kind].push(toTransactionWire(change.txn));
  }
  page.accounts = ledger.accounts.filter((a) => touched.has(a.id)).map((account) => toAccountWire(ledger, account));
  return page;
}

function resolveWindow(itemId: string, length: number, cursorText: string | undefined): SyncCursor {
  if (cursorText === undefined || cursorText === '') return { item: itemId, start: 0, end: length, offset: 0 };
  // "now" is Plaid's migration cursor: no history, just a position to sync forward from.
  if (cursorText === 'now') return { item: itemId, start: length, end: length, offset: 0 };
  const cursor = decodeCursor(cursorText);
  if (cursor === null || cursor.end > length) throw new PlaidError('INVALID_FIELD', 'cursor is not valid');
  if (cursor.item !== itemId) throw new PlaidError('INVALID_FIELD', 'cursor does not belong to this item');
  if (cursor.offset === 0) return { ...cursor, end: length };
  if (length > cursor.end) throw new PlaidError('TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION');
  return cursor;
}
