/**
 * The review inbox: every open guess (reviewSources.ts) in one list, newest first, each with
 * Confirm and, where it has one, Reject; the last answer can be undone. Keyboard: j/k or ↓/↑ move
 * between items, Enter or C confirms, X or Delete rejects, U undoes the last answer (ShortcutsDialog
 * lists them). What happened is announced in a polite live region and shown with its Undo button.
 */
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { formatMoney } from '../../../../shared/money';
import { useLedgerline } from '../../hooks/useLedgerline';
import { useReviewItems } from '../../hooks/useReviewItems';
import type { ReviewAction, ReviewItem, ReviewUndo } from './reviewSources';
import './review.css';

interface LastAnswer {
  done: string;
  undo: ReviewUndo;
}

export function ReviewView() {
  const { db } = useLedgerline();
  const items = useReviewItems();
  const [index, setIndex] = useState(0);
  const [last, setLast] = useState<LastAnswer | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [busy, setBusy] = useState(false);
  const listRef = useRef<HTMLUListElement>(null);
  const count = items?.length ?? 0;
  const current = Math.min(index, Math.max(0, count - 1));

  const focusItem = useCallback((i: number) => {
    setIndex(i);
    listRef.current?.querySelectorAll<HTMLElement>('[data-review-item]')[i]?.focus();
  }, []);

  // When an answered item leaves the list, the focus stays at the same place in it.
  useEffect(() => {
    const list = listRef.current;
    if (!list || !list.contains(document.activeElement) || document.activeElement?.closest('[data-review-item]')) return;
    list.querySelectorAll<HTMLElement>('[data-review-item]')[current]?.focus();
  }, [items, current]);

  const answer = async (item: ReviewItem, action: ReviewAction) => {
    if (busy) return;
    setBusy(true);
    try {
      const undo = await action.run(db);
      if (undo === null) {
        setAnnouncement('That was already answered, in another window or a moment ago.');
        return;
      }
      setLast({ done: action.done, undo });
      setAnnouncement(`${action.done}. Press U to undo.`);
      const at = items?.indexOf(item) ?? current;
      setIndex(at >= 0 ? at : current);
      // The answered item's element goes away: keep the keyboard in the list.
      requestAnimationFrame(() => listRef.current?.querySelectorAll<HTMLElement>('[data-review-item]')[at]?.focus() ?? listRef.current?.focus());
    } finally {
      setBusy(false);
    }
  };

  const undoLast = async () => {
    if (!last || busy) return;
    setBusy(true);
    try {
      const undone = await last.undo.run(db);
      setAnnouncement(undone ? `Undone: ${last.done}.` : 'Cannot undo: it changed since. Nothing was changed.');
      setLast(null);
    } finally {
      setBusy(false);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (e.altKey || ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() !== 'z')) return;
    const onButton = e.target instanceof HTMLButtonElement;
    const item = items?.[current];
    const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    if (key === 'ArrowDown' || key === 'j') focusItem(Math.min(count - 1, current + 1));
    else if (key === 'ArrowUp' || key === 'k') focusItem(Math.max(0, current - 1));
    else if (key === 'Home') focusItem(0);
    else if (key === 'End') focusItem(Math.max(0, count - 1));
    else if ((key === 'Enter' && !onButton) || key === 'c') {
      if (item) void answer(item, item.confirm);
    } else if (key === 'x' || key === 'Delete') {
      if (item?.reject) void answer(item, item.reject);
      else if (item) setAnnouncement(`${item.kindLabel} has no Reject: ${item.confirm.label} is the only answer.`);
    } else if (key === 'u' || (key === 'z' && (e.ctrlKey || e.metaKey))) void undoLast();
    else return;
    e.preventDefault();
  };

  return (
    <section className="review" aria-labelledby="review-title" data-testid="review-view">
      <header className="review__header">
        <h2 className="review__title" id="review-title">Review</h2>
        <p className="review__subtitle">
          What Ledgerline guessed and you should confirm. Nothing here changes your data until you answer.
          <span className="review__keys" aria-hidden="true"> Keys: j/k to move, Enter or C to confirm, X to reject, U to undo.</span>
        </p>
      </header>
      <div className="review__status" role="status" aria-live="polite" data-testid="review-announcement">
        {announcement && <span>{announcement}</span>}
        {last && (
          <button type="button" className="button button--ghost button--small" disabled={busy} onClick={() => void undoLast()} data-testid="review-undo">
            Undo
          </button>
        )}
      </div>
      {items === undefined ? null : count === 0 ? (
        <p className="review__empty" data-testid="review-empty">Nothing to review. Guesses Ledgerline makes during syncs — a pending charge that may have posted, a balance that does not add up — will appear here.</p>
      ) : (
        <ul className="review__list" ref={listRef} tabIndex={-1} aria-label={`${count} to review`} onKeyDown={onKeyDown} data-testid="review-list">
          {items.map((item, i) => (
            <li key={item.key} className="review__row">
              <ReviewCard item={item} selected={i === current} busy={busy} onFocus={() => setIndex(i)} onAnswer={(a) => void answer(item, a)} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ReviewCard({ item, selected, busy, onFocus, onAnswer }: {
  item: ReviewItem; selected: boolean; busy: boolean; onFocus: () => void; onAnswer: (a: ReviewAction) => void;
}) {
  const titleId = `review-${item.key}`;
  return (
    <article
      className={`review-item review-item--${item.source}${selected ? ' review-item--selected' : ''}`}
      tabIndex={selected ? 0 : -1}
      aria-labelledby={titleId}
      data-review-item
      data-testid="review-item"
      data-source={item.source}
      onFocus={(e) => { if (e.target === e.currentTarget) onFocus(); }}
    >
      <h3 className="review-item__title" id={titleId}>
        <span className={`review-item__kind review-item__kind--${item.source}`}>{item.kindLabel}</span>
        <span className="review-item__text">{item.title}</span>
      </h3>
      {item.lines.length > 0 && (
        <ul className="review-item__lines">
          {item.lines.map((line, i) => (
            <li key={i} className={`review-item__line${line.strong ? ' review-item__line--strong' : ''}`} data-testid="review-line">
              <span className="review-item__line-text">{line.text}</span>
              {line.amount && (
                <span className={`review-item__amount amount${line.amount.minor > 0 ? ' amount--in' : ''}`}>
                  {formatMoney(line.amount.minor, line.amount.currency, { signed: line.amount.minor > 0 })}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      <div className="review-item__actions">
        <button type="button" className="button button--primary button--small" disabled={busy} tabIndex={selected ? 0 : -1}
          aria-label={`${item.confirm.label}: ${item.confirm.done}`} data-testid="review-confirm" onClick={() => onAnswer(item.confirm)}>
          {item.confirm.label}
        </button>
        {item.reject && (
          <button type="button" className="button button--ghost button--small" disabled={busy} tabIndex={selected ? 0 : -1}
            aria-label={`${item.reject.label}: ${item.reject.done}`} data-testid="review-reject" onClick={() => item.reject && onAnswer(item.reject)}>
            {item.reject.label}
          </button>
        )}
      </div>
    </article>
  );
}
