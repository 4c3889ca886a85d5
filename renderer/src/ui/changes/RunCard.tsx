import { fullDateTime } from '../format';
import { ListedItem } from './ListedItem';
import { ModifiedItem } from './ModifiedItem';
import { PostingItem } from './PostingItem';
import { RunSection } from './RunSection';
import { runCounts, runTime, TRIGGER_LABEL } from './changeText';
import type { RunView } from './runView';
import { SuggestionItem } from './SuggestionItem';

/** One sync: when and why it ran, then what it changed, the user's decisions first. */
export function RunCard({ view, institution, unread }: { view: RunView; institution: string; unread: boolean }) {
  const { run } = view;
  const key = (prefix: string, id: string) => `${prefix}:${id}`;
  return (
    <article className={`run${unread ? ' run--unread' : ''}`} data-testid="sync-run" data-run-id={run.id} aria-labelledby={`run-${run.id}`}>
      <header className="run__header">
        <h3 className="run__title" id={`run-${run.id}`}>
          <span className="run__trigger">{TRIGGER_LABEL[run.trigger]}</span>
          <span className="run__institution">{institution}</span>
          {unread && <span className="pill pill--new">New</span>}
        </h3>
        <time className="run__time" dateTime={run.finishedAt} title={fullDateTime(run.finishedAt)}>{runTime(run.finishedAt)}</time>
        <p className="run__counts" data-testid="run-counts">{view.isImport ? `First sync: ${run.added.toLocaleString()} transactions imported` : runCounts({ ...run, suggested: view.suggestions.length })}</p>
      </header>
      {!view.isImport && (
        <div className="run__sections">
          <RunSection title="Needs your review" tone="review" items={view.suggestions}
            render={(s) => <SuggestionItem key={key('s', s.suggestion.postedId)} item={s} />} />
          <RunSection title="Posted" tone="posted" items={view.postings} note="pending → posted"
            render={(p) => <PostingItem key={key('p', p.change.txId)} posting={p} />} />
          <RunSection title="Updated by the bank" tone="modified" items={view.modified}
            render={(m) => <ModifiedItem key={key('m', m.change.txId)} item={m} />} />
          <RunSection title="New" tone="added" items={view.added}
            render={(a) => <ListedItem key={key('a', a.change.txId)} item={a} kind="added" />} />
          <RunSection title="Removed" tone="removed" items={view.removed}
            render={(r) => <ListedItem key={key('r', r.change.txId)} item={r} kind="removed" />} />
          {(view.reidentified > 0 || view.truncated) && (
            <p className="run__footnote">
              {view.reidentified > 0 && `${view.reidentified} unchanged ${view.reidentified === 1 ? 'row was' : 'rows were'} re-issued by the bank under a new id. `}
              {view.truncated && 'This sync changed more than can be listed here; the transactions list has all of it.'}
            </p>
          )}
        </div>
      )}
    </article>
  );
}
