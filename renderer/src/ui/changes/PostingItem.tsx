import { UNKNOWN_CURRENCY } from '../../../../shared/money';
import { daysBetween } from '../../../../shared/isoDate';
import { describeDaysToPost, describePosting } from '../../../../shared/reconcile/describePosting';
import { Money } from '../Money';
import { ChangeItem } from './ChangeItem';
import { MATCH_LABEL, MATCH_TITLE } from './changeText';
import { FieldDiffs } from './FieldDiffs';
import type { RowSlot } from './RunSection';
import type { Posting } from './runView';
import { TxTitle } from './TxTitle';

/**
 * A pending charge that posted: the amount before and after, the difference in words ("+$4.50,
 * likely a tip"), how long it took and how Ledgerline knew it was the same purchase.
 */
export function PostingItem({ posting, slot }: { posting: Posting; slot?: RowSlot }) {
  const { change, row, pending } = posting;
  const amountChange = change.fields.find((f) => f.field === 'amountMinor');
  const currency = row?.currency ?? pending?.currency ?? UNKNOWN_CURRENCY;
  const before = typeof amountChange?.before === 'number' ? amountChange.before : (pending?.amountMinor ?? row?.amountMinor ?? 0);
  const after = row?.amountMinor ?? before;
  const words = describePosting(before, after, currency, row?.category ?? pending?.category ?? null);
  const dateChange = change.fields.find((f) => f.field === 'date');
  const pendingDate = typeof dateChange?.before === 'string' ? dateChange.before : (pending?.date ?? row?.date);
  const days = pendingDate && row ? Math.max(0, daysBetween(pendingDate, row.date)) : 0;
  const method = change.match?.method;

  return (
    <ChangeItem
      kind="posted"
      slot={slot}
      txId={change.txId}
      date={row?.date}
      title={<TxTitle row={row} fallback="A transaction" />}
      meta={
        <>
          <span className={`change__part posting-change posting-change--${words.kind}`} data-testid="posting-change">{words.text}</span>
          <span className="change__part">{describeDaysToPost(days)}</span>
          {method && (
            <span className={`change__part match match--${method}`} title={MATCH_TITLE[method]} data-testid="match-method">{MATCH_LABEL[method]}</span>
          )}
        </>
      }
      amount={
        <span className="amount-pair">
          {words.kind !== 'same' && <Money minor={before} currency={currency} className="amount-pair__before" />}
          {words.kind !== 'same' && <span className="amount-pair__arrow" aria-label="posted as">→</span>}
          <Money minor={after} currency={currency} className="amount-pair__after" />
        </span>
      }
    >
      {/* Amount, date and status are told above, and a merchant name the bank only now added is no news;
          anything else the bank changed on posting is listed. */}
      <FieldDiffs fields={change.fields.filter((f) => !(f.field === 'merchant' && f.before === null))} currency={currency}
        skip={['amountMinor', 'date', 'pending', 'authorizedDate']} />
    </ChangeItem>
  );
}
