import { describePosting } from '../../../../shared/reconcile/describePosting';
import type { HistoryEvent } from './loadTransactionDetail';
import { MATCH_LABEL, runTime, TRIGGER_LABEL } from '../changes/changeText';
import { FieldDiffs } from '../changes/FieldDiffs';

function describe(event: HistoryEvent, selfId: string): { title: string; detail?: string } {
  const { change, row } = event;
  const predecessor = change.txId !== selfId;
  if (event.run?.kind === 'revert') {
    // An undo of a sync (db/revertRun.ts): what it did to this row, in its own words.
    if (change.kind === 'removed') return { title: 'Removed by an undo', detail: 'the undone sync had added it' };
    return { title: change.kind === 'added' ? 'Back as it was, by an undo' : 'Put back as it was, by an undo' };
  }
  switch (change.kind) {
    case 'added':
      return { title: row?.pending ? (predecessor ? 'The pending charge appeared' : 'Appeared as pending') : 'Appeared' };
    case 'modified':
      return { title: predecessor ? 'The pending charge was updated' : 'Updated by the bank' };
    case 'removed':
      return { title: row?.pending ? 'Pending charge released without posting' : 'Removed by the bank' };
    case 'reidentified':
      return { title: 'Re-issued by the bank under a new id' };
    case 'posted': {
      const amount = change.fields.find((f) => f.field === 'amountMinor');
      const words = typeof amount?.before === 'number' && typeof amount.after === 'number' && row
        ? describePosting(amount.before, amount.after, row.currency, row.category).text
        : 'same amount';
      return { title: 'Posted from pending', detail: `${words}${change.match ? ` · ${MATCH_LABEL[change.match.method]}` : ''}` };
    }
  }
}

/** Every sync that touched this transaction or its pending predecessor, newest first. */
export function HistoryTimeline({ history, selfId, currency }: { history: readonly HistoryEvent[]; selfId: string; currency: string }) {
  if (history.length === 0) return <p className="detail__muted">No sync has changed this transaction yet.</p>;
  return (
    <ol className="timeline" data-testid="tx-history">
      {history.map((event) => {
        const { title, detail } = describe(event, selfId);
        const fields = event.change.kind === 'modified' ? event.change.fields : [];
        return (
          <li key={event.change.seq ?? `${event.change.runId}:${event.change.txId}`} className={`timeline__item timeline__item--${event.change.kind}`}>
            <span className="timeline__dot" aria-hidden="true" />
            <div className="timeline__body">
              <p className="timeline__title">{title}</p>
              {detail && <p className="timeline__detail">{detail}</p>}
              <FieldDiffs fields={fields} currency={currency} />
              <p className="timeline__when">
                <time dateTime={event.change.at}>{runTime(event.change.at)}</time>
                {event.run && ` · ${event.run.kind === 'revert' ? 'Undo' : TRIGGER_LABEL[event.run.trigger]}`}
              </p>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
