import { memo, type KeyboardEvent } from 'react';
import { formatMoney } from '../../../shared/money';
import type { TransactionRow as Transaction } from '../db/schema';
import { accountLabelText, type AccountLabel } from '../hooks/useAccountNames';
import { useOpenTransaction } from '../hooks/useOpenTransaction';
import { ActivityBadge } from './ActivityBadge';
import { compactDay, humanizeCategory, shortDay } from './format';
import { explainCategory } from '../../../shared/categories/rules';
import { useRules } from '../hooks/useRules';
import { useCategoryCatalog } from '../hooks/useCategoryCatalog';
import { CategoryDot } from './categories/CategoryDot';
import { useCountedTransfer } from '../hooks/usePatterns';
import { TransferBadge } from './TransferBadge';
import './categories.css';
import { activitySummary, isInvestmentActivity } from './investmentFormat';
import { StaleBadge } from './StaleBadge';
import { isStalePending } from './stalePending';
import { UserFieldBadges } from './userFields/UserFieldBadges';
import { splitCategoryText } from '../../../shared/userFields/splits';

interface Props {
  tx: Transaction;
  account: AccountLabel | undefined;
  rowIndex: number;
  /** Where the virtualized row sits, in px from the top of the rows (numbers, so a row that did not move is not re-rendered). */
  top: number;
  height: number;
  /** Local calendar date, for the stale-pending badge. */
  today: string;
  selected: boolean;
}

/** The longest amount the fixed column holds at its narrowest ("-$999,999.99"). */
const WIDE_AMOUNT_CHARS = 12;

/**
 * One list row. Memoized: while the list scrolls, only the rows that came into view render; the
 * others keep their props (the same row object, account, position) and are skipped.
 */
export const TransactionRow = memo(function TransactionRow({ tx, account, rowIndex, top, height, today, selected }: Props) {
  const style = { height, transform: `translateY(${top}px)` };
  const open = useOpenTransaction();
  const inflow = tx.amountMinor > 0;
  const posted = !tx.pending && (tx.postedFromId != null || tx.pendingId !== null);
  const stale = isStalePending(tx, today);
  const transfer = useCountedTransfer(tx.id);
  // The effective category: the user's for this row, else their rule for the merchant, else the bank's.
  const rules = useRules();
  const catalog = useCategoryCatalog();
  const category = explainCategory(tx, rules.byKey, catalog);
  const color = catalog.entry(category.id)?.color ?? null;
  const bankCategory = tx.activityType ?? (humanizeCategory(tx.category) || 'nothing');
  // Second line: a trade's symbol, units and price; else the merchant when it says more than the description.
  const trade = isInvestmentActivity(tx) ? activitySummary(tx) : null;
  const secondLine = trade ?? (tx.merchant !== null && tx.merchant !== tx.description ? tx.merchant : null);
  const compact = compactDay(tx.date);
  const long = shortDay(tx.date);
  const amount = formatMoney(tx.amountMinor, tx.currency, { signed: inflow });
  // The amount column is fixed (no per-row measuring while scrolling); a rare amount longer than it
  // holds gets a row whose amount column fits it.
  const wide = amount.length > WIDE_AMOUNT_CHARS;
  const classes = ['tx-row', 'tx-grid', tx.pending && 'is-pending', selected && 'is-selected', wide && 'tx-row--wide-amount', tx.excludedAt && 'is-excluded'].filter(Boolean).join(' ');
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      open(tx.id);
    }
  };

  return (
    <div role="row" aria-rowindex={rowIndex} aria-selected={selected} className={classes} style={style} data-testid="tx-row" data-tx-id={tx.id}
      tabIndex={0} onClick={() => open(tx.id)} onKeyDown={onKeyDown}>
      <div role="cell" className="tx-cell tx-cell--date">
        {/* Another year's date is compact ("11/21/24"); its title spells it out. */}
        <time dateTime={tx.date} title={compact === long ? undefined : long}>{compact}</time>
      </div>
      <div role="cell" className="tx-cell tx-cell--description">
        {/* The text gives way first: the badges after it keep their size. */}
        <span className="tx-description">
          <span className="tx-description__text" title={tx.description}>{tx.description}</span>
          {tx.activityType && <ActivityBadge type={tx.activityType} />}
          {tx.pending && <span className="badge badge--pending" data-testid="pending-badge">Pending</span>}
          {stale && <StaleBadge date={tx.date} today={today} />}
          {posted && (
            <span className="badge badge--posted" data-testid="posted-badge" title="Posted — this replaced a pending authorization from the bank">
              Posted
            </span>
          )}
          {transfer && <TransferBadge pair={transfer} />}
          {tx.note && (
            <span className="tx-note-mark" data-testid="note-mark" title={`Note: ${tx.note}`} aria-label="Has a note">
              <NoteIcon />
            </span>
          )}
          <UserFieldBadges row={tx} />
        </span>
        {secondLine && (
          <span className={trade ? 'tx-merchant tx-trade' : 'tx-merchant'} data-testid={trade ? 'activity-summary' : undefined} title={secondLine}>
            {secondLine}
          </span>
        )}
      </div>
      <div role="cell" className={`tx-cell tx-cell--category${category.source === 'provider' ? '' : ` is-${category.source}`}`}
        data-category={category.id} data-category-source={category.source}
        title={category.source === 'user' ? `Your category (the bank says ${bankCategory})`
          : category.source === 'rule' ? `From your rule for ${category.rule?.merchantLabel ?? 'this merchant'} (the bank says ${bankCategory})`
          : (tx.category ?? tx.activityType ?? undefined)}>
        {color && <CategoryDot color={color} />}
        {splitCategoryText(tx) ?? category.label}
      </div>
      <div role="cell" className="tx-cell tx-cell--account" title={account ? accountLabelText(account) : undefined}>
        {account && <span className="tx-account__name">{account.name}</span>}
        {account?.mask && <span className="tx-account__mask">••{account.mask}</span>}
      </div>
      <div role="cell" className={`tx-cell tx-cell--amount amount${inflow ? ' amount--in' : ''}`}>
        {amount}
      </div>
    </div>
  );
});

function NoteIcon() {
  return (
    <svg className="icon icon--note" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d="M3.5 2.5h6l3 3v8h-9z M9.5 2.5v3h3 M5.5 8.5h5 M5.5 11h3.5" fill="none" stroke="currentColor" strokeWidth="1.3" strokeLinejoin="round" strokeLinecap="round" />
    </svg>
  );
}
