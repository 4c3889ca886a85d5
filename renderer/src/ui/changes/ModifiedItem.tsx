import { UNKNOWN_CURRENCY } from '../../../../shared/money';
import { Money } from '../Money';
import { ChangeItem } from './ChangeItem';
import { FieldDiffs } from './FieldDiffs';
import type { RowSlot } from './RunSection';
import type { Listed } from './runView';
import { TxTitle } from './TxTitle';

/** A row the bank changed after the fact: every field that changed, before → after. */
export function ModifiedItem({ item, slot }: { item: Listed; slot?: RowSlot }) {
  const { change, row } = item;
  const currency = row?.currency ?? UNKNOWN_CURRENCY;
  return (
    <ChangeItem kind="modified" date={row?.date} slot={slot} txId={change.txId} title={<TxTitle row={row} fallback={change.txId} />}
      amount={row ? <Money minor={row.amountMinor} currency={currency} /> : null}>
      <FieldDiffs fields={change.fields} currency={currency} />
    </ChangeItem>
  );
}
