import type { ReactNode } from 'react';
import { useOpenTransaction } from '../../hooks/useOpenTransaction';
import type { RowSlot } from './RunSection';

const monthDay = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const withYear = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', year: 'numeric' });

/**
 * The date column: day and month, and below them the year when it is not this one — so the column
 * stays narrow and a date from last year never runs into the description beside it.
 */
function ChangeDate({ date }: { date: string }) {
  const [y = 1970, m = 1, d = 1] = date.split('-').map(Number);
  const day = new Date(y, m - 1, d); // local midnight, as shortDay reads a calendar date
  return (
    <time dateTime={date} className="change__day" title={withYear.format(day)}>
      <span>{monthDay.format(day)}</span>
      {y !== new Date().getFullYear() && <span className="change__year">{y}</span>}
    </time>
  );
}

/**
 * The common shape of one line in a run: date, what and why, amount on the right. A click anywhere
 * on it opens the transaction's detail (the title is the keyboard's way in).
 */
export function ChangeItem(props: {
  kind: string; date: string | undefined; title: ReactNode; meta?: ReactNode; amount: ReactNode; children?: ReactNode; testId?: string; slot?: RowSlot; txId?: string;
}) {
  const { kind, date, title, meta, amount, children, testId, slot, txId } = props;
  const open = useOpenTransaction();
  return (
    <li className={`change change--${kind}`} data-testid={testId ?? `change-${kind}`} ref={slot?.ref} data-index={slot?.index} data-change-tx={txId}
      onClick={(e) => { if (txId && !(e.target as Element).closest('button, a, input')) open(txId); }}>
      <span className="change__date">{date ? <ChangeDate date={date} /> : null}</span>
      <div className="change__body">
        <div className="change__headline">{title}</div>
        {meta && <div className="change__meta">{meta}</div>}
        {children}
      </div>
      <div className="change__amount">{amount}</div>
    </li>
  );
}
