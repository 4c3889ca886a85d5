import { explainCategory } from '../../../../shared/categories/rules';
import { useRules } from '../../hooks/useRules';
import { useCategoryCatalog } from '../../hooks/useCategoryCatalog';
import { activitySummary } from '../investmentFormat';
import { Money } from '../Money';
import { ChangeItem } from './ChangeItem';
import type { RowSlot } from './RunSection';
import type { Listed } from './runView';
import { TxTitle } from './TxTitle';

/** A row that arrived or went away, with why when it is worth saying (`undo`: an undo's entry put it back or took it out). */
export function ListedItem({ item, kind, slot, undo = false }: { item: Listed; kind: 'added' | 'removed' | 'reidentified'; slot?: RowSlot; undo?: boolean }) {
  const { change, row } = item;
  const rules = useRules();
  const catalog = useCategoryCatalog();
  // The category it shows in the list: the user's, their rule's for the merchant, or the bank's.
  const category = row ? explainCategory(row, rules.byKey, catalog) : null;
  let meta: string | null = category && category.id !== 'uncategorized' ? category.label : null;
  // A brokerage activity says what it was: "BUY · VTI · 1.5 sh @ $245.10".
  if (row?.activityType && category?.source === 'provider') meta = [row.activityType, activitySummary(row)].filter(Boolean).join(' · ');
  if (row?.pending) meta = kind === 'added' ? 'Pending' : 'Pending charge released without posting';
  else if (kind === 'removed') meta = 'Removed by the bank';
  else if (kind === 'reidentified') meta = 'Same transaction, new id from the bank';
  if (undo) meta = kind === 'removed' ? 'Added by the undone sync' : row?.pending ? 'Back as it was: pending' : 'Back as it was';
  return (
    <ChangeItem kind={kind} date={row?.date} slot={slot} txId={change.txId} title={<TxTitle row={row} fallback={change.txId} />}
      meta={meta && <span className={row?.pending ? 'change__pending' : undefined}>{meta}</span>}
      amount={row ? <Money minor={row.amountMinor} currency={row.currency} className={kind === 'removed' ? 'amount--removed' : ''} /> : null} />
  );
}
