import { useEffect, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { SyncRunRow } from '../../db/schema';
import { loadRunView } from './loadChangeRuns';
import { useLedgerline } from '../../hooks/useLedgerline';
import { fullDateTime } from '../format';
import { ListedItem } from './ListedItem';
import { ModifiedItem } from './ModifiedItem';
import { OlderAdditions } from './OlderAdditions';
import { PostingItem } from './PostingItem';
import { RunSection } from './RunSection';
import { runCountParts, runTime, TRIGGER_LABEL, type CountKey } from './changeText';
import { addedCount, type RunView } from './runView';
import { BalanceCheckSection } from './BalanceCheckSection';
import { SuggestionItem } from './SuggestionItem';
import { UndoRun } from './UndoRun';

/** New rows listed before "Show all" (the checking sections list all of theirs, long ones in a scroll box). */
const PREVIEW_NEW = 8;
const ALL = Number.POSITIVE_INFINITY;
/** A run of up to this many changes is read whole at once; a larger one first shows a quick read. */
const WHOLE_UP_TO = 400;
/** The quick first read of a large run: this many of its first and of its last changes. */
const FIRST_READ = 60;

const sectionId = (runId: string, key: CountKey) => `run-${runId}-${key}`;

function scrollToSection(runId: string, key: CountKey): void {
  const el = document.getElementById(sectionId(runId, key));
  el?.scrollIntoView({ block: 'start' });
  el?.focus({ preventScroll: true });
}

/** Each section's true count: its own rows once the whole run is read, until then the run's record's. */
function sectionCounts(run: SyncRunRow, view: RunView | undefined): Record<CountKey, number> {
  if (view?.complete) {
    return {
      review: view.suggestions.length, removed: view.removed.length, modified: view.modified.length, posted: view.postings.length,
      reidentified: view.reidentified.length, added: addedCount(view),
    };
  }
  // An open suggestion shows its posted row and its pending row together, not as new and removed.
  const open = view?.suggestions.length ?? run.suggested;
  return {
    review: open, removed: Math.max(0, run.removed - open), modified: run.modified, posted: run.posted,
    reidentified: run.reidentified, added: Math.max(0, run.added - open),
  };
}

/** An undo's counts say what it did to the ledger, not what a bank sent. */
const UNDO_COUNT_TEXT: Partial<Record<CountKey, string>> = { removed: 'removed', modified: 'put back', added: 'back in the ledger' };

/**
 * One sync: when and why it ran, its counts (each a link to its section), then every change it
 * made, what needs checking first and the bulk of additions last — a backfill told in one line.
 */
export function RunCard(props: { run: SyncRunRow; institution: string; unread: boolean; onShowTransactions: (run: SyncRunRow) => void }) {
  const { run, institution, unread, onShowTransactions } = props;
  const { db } = useLedgerline();
  const isImport = run.fromCursor === null;
  // An undo of an earlier sync (db/revertRun.ts): listed like a run, worded as what it put back.
  const isUndo = run.kind === 'revert';
  const undone = useLiveQuery(async () => (run.revertOf ? db.syncRuns.get(run.revertOf) : undefined), [db, run.revertOf]);
  // Each card reads its own changes: the list of runs shows at once; a large run shows a bounded
  // first read, then all of it (read only after the first, so the two never compete).
  const large = run.added + run.modified + run.removed + run.posted + run.reidentified > WHOLE_UP_TO;
  const quick = useLiveQuery(() => (isImport ? Promise.resolve(undefined) : loadRunView(db, run, large ? FIRST_READ : undefined)), [db, run.id, isImport, large]);
  // The whole run is read once the first screen has painted, not in the same frame.
  const [readAll, setReadAll] = useState(false);
  const needsAll = readAll && quick !== undefined && !quick.complete;
  useEffect(() => {
    if (quick === undefined || quick.complete || readAll) return;
    const timer = setTimeout(() => setReadAll(true), 50);
    return () => clearTimeout(timer);
  }, [quick, readAll]);
  const full = useLiveQuery(() => (needsAll ? loadRunView(db, run) : Promise.resolve(undefined)), [db, run.id, needsAll]);
  const view = full ?? quick;
  const count = sectionCounts(run, view);
  const parts = runCountParts({
    suggested: count.review, removed: count.removed, modified: count.modified, posted: count.posted, reidentified: count.reidentified, added: count.added,
  }).map((p) => (isUndo && UNDO_COUNT_TEXT[p.key] ? { ...p, text: `${p.count.toLocaleString()} ${UNDO_COUNT_TEXT[p.key]}` } : p));
  const key = (prefix: string, id: string) => `${prefix}:${id}`;
  return (
    <article className={`run${unread ? ' run--unread' : ''}${run.revertedBy ? ' run--undone' : ''}${isUndo ? ' run--undo' : ''}`} data-testid="sync-run" data-run-id={run.id} aria-labelledby={`run-${run.id}`}
      aria-busy={!isImport && !view} data-read={isImport ? 'import' : view?.complete ? 'all' : view ? 'first' : 'none'}>
      <header className="run__header">
        <h3 className="run__title" id={`run-${run.id}`}>
          <span className="run__trigger">{isUndo ? 'Undo' : run.kind === 'import' ? 'Import' : TRIGGER_LABEL[run.trigger]}</span>
          <span className="run__institution">{run.importOf ? `${institution || 'Manual accounts'} · ${run.importOf.fileName}` : institution}</span>
          {unread && <span className="pill pill--new">New</span>}
          {run.revertedBy && <span className="pill pill--undone" data-testid="run-undone">Undone</span>}
        </h3>
        <time className="run__time" dateTime={run.finishedAt} title={fullDateTime(run.finishedAt)}>{runTime(run.finishedAt)}</time>
        {isUndo && (
          <p className="run__undo-of" data-testid="run-undo-of">
            {undone ? `Undid the ${undone.kind === 'import' ? 'import' : 'sync'} of ${runTime(undone.finishedAt)}: everything it changed is back as it was.` : 'Undid an earlier sync.'}
          </p>
        )}
        <p className="run__counts" data-testid="run-counts">
          {isImport ? `First sync: ${run.added.toLocaleString()} transactions imported` : parts.length === 0 ? 'No changes' : parts.map((p, i) => (
            <span key={p.key} className="run__count">
              {i > 0 && <span className="run__count-sep" aria-hidden="true"> · </span>}
              <button type="button" className="run__count-link" data-testid={`count-${p.key}`} disabled={!view}
                onClick={() => scrollToSection(run.id, p.key)}>{p.text}</button>
            </span>
          ))}
          <button type="button" className="run__count-link run__filter-link" data-testid="run-show-transactions" onClick={() => onShowTransactions(run)}>
            {isImport ? 'Show them in Transactions' : 'Show in Transactions'}
          </button>
        </p>
        {run.revertedBy
          ? <p className="run__undone-note" data-testid="run-undone-note">Undone{run.revertedAt ? ` (${runTime(run.revertedAt)})` : ''}: the rows below are back as they were before this sync (the undo is listed as its own entry).</p>
          : !isUndo && <UndoRun run={run} />}
      </header>
      <BalanceCheckSection runId={run.id} />
      {view && (
        <div className="run__sections">
          <RunSection id={sectionId(run.id, 'review')} title="Needs your review" tone="review" items={view.suggestions} preview={ALL} count={count.review} reading={!view.complete}
            render={(s, slot) => <SuggestionItem key={key('s', s.suggestion.postedId)} item={s} slot={slot} />} />
          <RunSection id={sectionId(run.id, 'removed')} title={isUndo ? 'Removed by the undo' : 'Removed'} tone="removed" items={view.removed} preview={ALL} count={count.removed} reading={!view.complete}
            note={isUndo ? 'rows the undone sync had added' : undefined}
            render={(r, slot) => <ListedItem key={key('r', r.change.txId)} item={r} kind="removed" undo={isUndo} slot={slot} />} />
          <RunSection id={sectionId(run.id, 'modified')} title={isUndo ? 'Put back' : 'Updated by the bank'} tone="modified" items={view.modified} preview={ALL} count={count.modified} reading={!view.complete}
            note={isUndo ? 'as they were before the undone sync' : undefined}
            render={(m, slot) => <ModifiedItem key={key('m', m.change.txId)} item={m} slot={slot} />} />
          <RunSection id={sectionId(run.id, 'posted')} title="Posted" tone="posted" items={view.postings} note="pending → posted" preview={ALL} count={count.posted} reading={!view.complete}
            render={(p, slot) => <PostingItem key={key('p', p.change.txId)} posting={p} slot={slot} />} />
          <RunSection id={sectionId(run.id, 'reidentified')} title="Re-identified" tone="reidentified" items={view.reidentified}
            note="unchanged rows the bank re-issued under a new id" preview={ALL} count={count.reidentified} reading={!view.complete}
            render={(r, slot) => <ListedItem key={key('i', r.change.txId)} item={r} kind="reidentified" slot={slot} />} />
          <RunSection id={sectionId(run.id, 'added')} title={isUndo ? 'Back in the ledger' : 'New'} tone="added" items={view.added} count={count.added} preview={PREVIEW_NEW} reading={!view.complete}
            note={isUndo ? 'removed or replaced by the undone sync, restored' : undefined}
            render={(a, slot) => <ListedItem key={key('a', a.change.txId)} item={a} kind="added" undo={isUndo} slot={slot} />}>
            {view.complete && view.older.map((g) => <OlderAdditions key={g.accountId} group={g} />)}
          </RunSection>
        </div>
      )}
    </article>
  );
}
