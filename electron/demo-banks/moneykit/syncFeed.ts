/**
 * The demo bank's MoneyKit face, part 2: `GET /links/{id}/transactions/sync` over a link's ledger.
 *
 * What one drain (pages until `has_more` is false) carries, for the window [start, end) of the
 * ledger's append-only log that its cursor names — "only changes that have occurred since the
 * previous call", as MoneyKit documents the cursor:
 *   1. the net change of POSTED rows in the window — new ones in `created`, revised ones in
 *      `updated`, withdrawn ones in `removed`;
 *   2. when the institution was read again in the window (a ledger step: every step appends to the
 *      log, so a non-empty window is one), the link's pending set as that refresh left it, every
 *      pending in `created` — MoneyKit "completely removes and replaces" pendings with each refresh,
 *      so the refreshed set is new. A window with no refresh carries no pendings at all: the ones a
 *      client already holds are still current (issue 14; the bank used to re-send the full set on
 *      every drain, the one reading under which a client that always replaced was safe).
 * Pendings are never in `updated` or `removed`. `link.products.transactions.refreshed_at` moves
 * with every step (linkState.ts), so a refresh whose pendings all posted is still visible.
 *
 * The cursor is opaque to clients; it encodes {link, start, end, offset}. A drain's first request
 * fixes `end` at the log's current length, and later pages of that drain keep the window, so the
 * log may grow mid-drain (MoneyKit has no mutation-during-pagination error): the drain simply
 * describes the ledger as of `end`, and the next drain starts there. Everything a window serves is
 * a pure function of the log prefix, so pages stay consistent across restarts too.
 */
import type { LedgerSim, SimTransaction } from '../ledger/ledgerSim';
import { invalidInput } from './errors';
import { logCursorCodec, type LogCursor } from '../ledger/logCursor';

export type SyncCursor = LogCursor<'link'>;

const cursorCodec = logCursorCodec('link');
export const encodeCursor = cursorCodec.encode;
export const decodeCursor = cursorCodec.decode;

export interface FeedEntry {
  readonly kind: 'created' | 'updated' | 'removed';
  readonly txn: SimTransaction;
}

export interface FeedPage {
  entries: readonly FeedEntry[];
  /** The cursor to send next: the rest of this window, or (last page) the start of the next one. */
  next: string;
  hasMore: boolean;
}

export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE_SIZE = 50;

/** One link's feed. Keeps the entries of the window being drained, so each page is a slice. */
export class SyncFeed {
  private cached: { start: number; end: number; entries: readonly FeedEntry[] } | null = null;

  constructor(
    private readonly linkId: string,
    private readonly ledger: LedgerSim,
  ) {}

  page(cursorText: string | undefined, size: number): FeedPage {
    const window = this.resolve(cursorText);
    const entries = this.entries(window.start, window.end);
    if (window.offset > entries.length) throw invalidInput(['query', 'cursor'], 'cursor is not valid for this link');
    const hasMore = window.offset + size < entries.length;
    const next: SyncCursor = hasMore
      ? { ...window, offset: window.offset + size }
      : { link: this.linkId, start: window.end, end: window.end, offset: 0 };
    return { entries: entries.slice(window.offset, window.offset + size), next: encodeCursor(next), hasMore };
  }

  private resolve(cursorText: string | undefined): SyncCursor {
    const length = this.ledger.logLength;
    // No cursor: the complete history of updates.
    if (cursorText === undefined || cursorText === '') return { link: this.linkId, start: 0, end: length, offset: 0 };
    const cursor = decodeCursor(cursorText);
    if (cursor === null || cursor.end > length || cursor.link !== this.linkId) {
      throw invalidInput(['query', 'cursor'], 'cursor is not valid for this link');
    }
    // A drain's first page opens a window up to now; later pages keep theirs.
    return cursor.offset === 0 ? { ...cursor, end: length } : cursor;
  }

  private entries(start: number, end: number): readonly FeedEntry[] {
    if (this.cached?.start === start && this.cached.end === end) return this.cached.entries;
    const posted: FeedEntry[] = [];
    for (const change of this.ledger.changesBetween(start, end)) {
      // Pending ids are never reused as posted ones (posting mints a new id), so `pending` on the
      // changed row decides which stream a change belongs to.
      if (change.txn.pending) continue;
      posted.push({ kind: change.kind === 'added' ? 'created' : change.kind === 'modified' ? 'updated' : 'removed', txn: change.txn });
    }
    // Each ledger step is an institution refresh and appends to the log: no growth, no refresh.
    const refreshed = end > start;
    const pendings = refreshed ? this.pendingsAt(end).map((txn): FeedEntry => ({ kind: 'created', txn })) : [];
    const entries = [...posted, ...pendings];
    this.cached = { start, end, entries };
    return entries;
  }

  /** The live pending set at log position `end`, in id order (the same order however it is computed). */
  private pendingsAt(end: number): SimTransaction[] {
    const rows =
      end === this.ledger.logLength
        ? this.ledger.liveTransactions()
        : // Only after a restart in the middle of a drain whose log has since grown: replay the prefix.
          this.ledger.changesBetween(0, end).filter((c) => c.kind !== 'removed').map((c) => c.txn);
    return rows.filter((t) => t.pending).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}
