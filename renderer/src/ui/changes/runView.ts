/**
 * One sync run, arranged for the Changes view in the order a person checks it: what needs their
 * answer, what went away, what the bank corrected, what posted, what was re-issued, what is new.
 * Every change is kept (the card virtualizes long sections); a backfill of older history is
 * grouped by account and date range so it is told in one line instead of hiding the rest.
 * Pure: the loader reads, this sorts.
 */
import { dayNumber } from '../../../../shared/isoDate';
import type { ChangeRow, SuggestionRow, SyncRunRow, TransactionRow } from '../../db/schema';

export interface Listed {
  change: ChangeRow;
  row: TransactionRow | undefined;
}

export interface Posting extends Listed {
  /** The pending predecessor (a tombstone now, or the row itself when it posted in place). */
  pending: TransactionRow | undefined;
}

export interface OpenSuggestion {
  suggestion: SuggestionRow;
  posted: TransactionRow | undefined;
  pending: TransactionRow | undefined;
}

/** Older rows one account gained in this run, from `from` to `to` (inclusive, YYYY-MM-DD). */
export interface OlderGroup {
  accountId: string;
  from: string;
  to: string;
  items: Listed[];
}

export interface RunView {
  run: SyncRunRow;
  /** The connection's first sync: an import, summarized rather than listed. */
  isImport: boolean;
  suggestions: OpenSuggestion[];
  removed: Listed[];
  modified: Listed[];
  postings: Posting[];
  reidentified: Listed[];
  /** Additions listed one by one: recent ones, and older ones too few to summarize. */
  added: Listed[];
  /** Additions of older history, summarized per account. */
  older: OlderGroup[];
  /** Every change of the run was read (a first, bounded read of a large run is not). */
  complete: boolean;
}

/** An addition dated more than this many days before its run is older history, not new activity. */
export const OLDER_THAN_DAYS = 14;
/** An account's older additions are summarized from this many on; fewer are simply listed. */
export const SUMMARIZE_FROM = 10;

/** Newest transaction first, then by description, so a run reads like the transactions list. */
function byRowDate(a: Listed, b: Listed): number {
  return (b.row?.date ?? '').localeCompare(a.row?.date ?? '') || (a.row?.description ?? '').localeCompare(b.row?.description ?? '');
}

export function buildRunView(
  run: SyncRunRow,
  changes: readonly ChangeRow[],
  suggestions: readonly SuggestionRow[],
  rows: ReadonlyMap<string, TransactionRow>,
): RunView {
  const open = suggestions.filter((s) => s.status === 'open');
  // An open suggestion shows its two rows together; they are not also listed as new and removed.
  const inSuggestion = new Set(open.flatMap((s) => [s.postedId, s.pendingId]));
  const view: RunView = {
    run, isImport: run.fromCursor === null,
    suggestions: open.map((s) => ({ suggestion: s, posted: rows.get(s.postedId), pending: rows.get(s.pendingId) })),
    removed: [], modified: [], postings: [], reidentified: [], added: [], older: [], complete: true,
  };
  const cutoff = dayNumber(run.finishedAt.slice(0, 10)) - OLDER_THAN_DAYS;
  const olderByAccount = new Map<string, Listed[]>();
  for (const change of changes) {
    const row = rows.get(change.txId);
    switch (change.kind) {
      case 'posted':
        view.postings.push({ change, row, pending: change.relatedId === null ? undefined : rows.get(change.relatedId) });
        break;
      case 'modified':
        view.modified.push({ change, row });
        break;
      case 'added':
        if (inSuggestion.has(change.txId)) break;
        if (row && dayNumber(row.date) < cutoff) {
          const list = olderByAccount.get(row.accountId);
          if (list) list.push({ change, row });
          else olderByAccount.set(row.accountId, [{ change, row }]);
        } else {
          view.added.push({ change, row });
        }
        break;
      case 'removed':
        if (!inSuggestion.has(change.txId)) view.removed.push({ change, row });
        break;
      case 'reidentified':
        view.reidentified.push({ change, row });
        break;
    }
  }
  for (const [accountId, items] of olderByAccount) {
    if (items.length < SUMMARIZE_FROM) {
      view.added.push(...items);
      continue;
    }
    items.sort(byRowDate);
    view.older.push({ accountId, from: items.at(-1)?.row?.date ?? '', to: items[0]?.row?.date ?? '', items });
  }
  view.older.sort((a, b) => b.items.length - a.items.length || a.accountId.localeCompare(b.accountId));
  for (const list of [view.removed, view.modified, view.postings, view.reidentified, view.added]) list.sort(byRowDate);
  return view;
}

/** How many additions the run has, listed and summarized. */
export const addedCount = (view: RunView): number => view.added.length + view.older.reduce((n, g) => n + g.items.length, 0);
