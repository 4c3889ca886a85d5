/**
 * One sync run, arranged for the Changes view: what needs the user's answer first, then what
 * posted, what the bank updated, what is new and what went away. Pure: the loader reads, this sorts.
 */
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

export interface RunView {
  run: SyncRunRow;
  /** The connection's first sync: an import, summarized rather than listed. */
  isImport: boolean;
  suggestions: OpenSuggestion[];
  postings: Posting[];
  modified: Listed[];
  added: Listed[];
  removed: Listed[];
  reidentified: number;
  /** More changes than were read; the lists show the first ones. */
  truncated: boolean;
}

/** Newest transaction first, then by description, so a run reads like the transactions list. */
function byRowDate(a: Listed, b: Listed): number {
  return (b.row?.date ?? '').localeCompare(a.row?.date ?? '') || (a.row?.description ?? '').localeCompare(b.row?.description ?? '');
}

export function buildRunView(
  run: SyncRunRow,
  changes: readonly ChangeRow[],
  suggestions: readonly SuggestionRow[],
  rows: ReadonlyMap<string, TransactionRow>,
  truncated: boolean,
): RunView {
  const open = suggestions.filter((s) => s.status === 'open');
  // An open suggestion shows its two rows together; they are not also listed as new and removed.
  const inSuggestion = new Set(open.flatMap((s) => [s.postedId, s.pendingId]));
  const view: RunView = {
    run, isImport: run.fromCursor === null, truncated, reidentified: 0,
    suggestions: open.map((s) => ({ suggestion: s, posted: rows.get(s.postedId), pending: rows.get(s.pendingId) })),
    postings: [], modified: [], added: [], removed: [],
  };
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
        if (!inSuggestion.has(change.txId)) view.added.push({ change, row });
        break;
      case 'removed':
        if (!inSuggestion.has(change.txId)) view.removed.push({ change, row });
        break;
      case 'reidentified':
        view.reidentified++;
        break;
    }
  }
  for (const list of [view.postings, view.modified, view.added, view.removed]) list.sort(byRowDate);
  return view;
}
