import type { ReactNode } from 'react';
import { shortDay } from '../format';

/** The common shape of one line in a run: date, what and why, amount on the right. */
export function ChangeItem(props: { kind: string; date: string | undefined; title: ReactNode; meta?: ReactNode; amount: ReactNode; children?: ReactNode; testId?: string }) {
  const { kind, date, title, meta, amount, children, testId } = props;
  return (
    <li className={`change change--${kind}`} data-testid={testId ?? `change-${kind}`}>
      <span className="change__date">{date ? <time dateTime={date}>{shortDay(date)}</time> : null}</span>
      <div className="change__body">
        <div className="change__headline">{title}</div>
        {meta && <div className="change__meta">{meta}</div>}
        {children}
      </div>
      <div className="change__amount">{amount}</div>
    </li>
  );
}
