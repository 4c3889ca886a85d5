import { UNKNOWN_CURRENCY } from '../../../../shared/money';
import { useState } from 'react';
import { describeDaysToPost, describePosting } from '../../../../shared/reconcile/describePosting';
import { resolveSuggestion, type SuggestionAnswer } from '../../db/resolveSuggestion';
import { useLedgerline } from '../../hooks/useLedgerline';
import { shortDay } from '../format';
import { Money } from '../Money';
import { ChangeItem } from './ChangeItem';
import { SUGGEST_REASON } from './changeText';
import type { RowSlot } from './RunSection';
import type { OpenSuggestion } from './runView';
import { TxTitle } from './TxTitle';

/**
 * "Is this the same purchase?" — a likely pending → posted pair Ledgerline would not merge on its
 * own. Confirm merges it (the note and category carry over); Reject keeps both as they are.
 */
export function SuggestionItem({ item, slot }: { item: OpenSuggestion; slot?: RowSlot }) {
  const { db } = useLedgerline();
  const [busy, setBusy] = useState(false);
  const { suggestion, posted, pending } = item;
  const currency = posted?.currency ?? pending?.currency ?? UNKNOWN_CURRENCY;
  const before = pending?.amountMinor ?? 0;
  const after = posted?.amountMinor ?? 0;
  const words = describePosting(before, after, currency, posted?.category ?? pending?.category ?? null);
  const name = posted?.merchant ?? posted?.description ?? 'this charge';
  const answer = async (a: SuggestionAnswer) => {
    setBusy(true);
    try {
      await resolveSuggestion(db, suggestion.postedId, a);
    } finally {
      setBusy(false);
    }
  };

  return (
    <ChangeItem
      kind="suggestion"
      testId="suggestion"
      slot={slot}
      txId={suggestion.postedId}
      date={posted?.date}
      title={
        <>
          <TxTitle row={posted} fallback="A posted charge" />
          <span className="change__question">may be the pending charge from {pending ? shortDay(pending.date) : 'earlier'}</span>
        </>
      }
      meta={
        <>
          <span className={`change__part posting-change posting-change--${words.kind}`}>{words.text}</span>
          <span className="change__part">{describeDaysToPost(suggestion.daysToPost)}</span>
          <span className="change__part suggestion__reason">{suggestion.reason ? SUGGEST_REASON[suggestion.reason] : 'A likely pair'}</span>
        </>
      }
      amount={
        <span className="amount-pair">
          <Money minor={before} currency={currency} className="amount-pair__before" />
          <span className="amount-pair__arrow" aria-label="posted as">→</span>
          <Money minor={after} currency={currency} className="amount-pair__after" />
        </span>
      }
    >
      <div className="suggestion__actions">
        <span className="suggestion__prompt">Same purchase?</span>
        <button type="button" className="button button--primary button--small" disabled={busy} data-testid="suggestion-confirm"
          onClick={() => void answer('confirm')} aria-label={`Confirm: ${name} is the pending charge, merged`}>
          Confirm
        </button>
        <button type="button" className="button button--ghost button--small" disabled={busy} data-testid="suggestion-reject"
          onClick={() => void answer('reject')} aria-label={`Reject: keep ${name} and the pending charge apart`}>
          Reject
        </button>
      </div>
    </ChangeItem>
  );
}
