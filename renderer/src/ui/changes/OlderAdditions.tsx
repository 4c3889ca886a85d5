import { useContext, useState } from 'react';
import { ChangesAccountNames } from './FieldDiffs';
import { ListedItem } from './ListedItem';
import { ChangeList } from './RunSection';
import type { OlderGroup } from './runView';

const dayRange = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', year: 'numeric' });
const localDay = (iso: string) => {
  const [y = 1970, m = 1, d = 1] = iso.split('-').map(Number);
  return new Date(y, m - 1, d);
};

/** "Jan 1 – Jul 18, 2025" (the year once when both ends share it), or one day. */
export function describeRange(from: string, to: string): string {
  return from === to ? dayRange.format(localDay(from)) : dayRange.formatRange(localDay(from), localDay(to));
}

/**
 * A backfill of older history for one account, in one line ("498 older transactions from Jan 1 –
 * Jul 18, 2025 added to Everyday Checking"), the rows themselves a click away.
 */
export function OlderAdditions({ group }: { group: OlderGroup }) {
  const [open, setOpen] = useState(false);
  const accounts = useContext(ChangesAccountNames);
  const n = group.items.length;
  const account = accounts?.get(group.accountId) ?? 'an account';
  return (
    <div className="older" data-testid="older-additions" data-account-id={group.accountId}>
      <p className="older__line">
        <span className="older__text" data-testid="older-summary">
          {`${n.toLocaleString()} older ${n === 1 ? 'transaction' : 'transactions'} from ${describeRange(group.from, group.to)} added to `}
          <span className="older__account">{account}</span>
        </span>
        <button type="button" className="run__more older__toggle" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="older-toggle">
          {open ? 'Hide them' : 'Show them'}
        </button>
      </p>
      {open && <ChangeList items={group.items} label={`Older transactions added to ${account}`}
        render={(a, slot) => <ListedItem key={a.change.txId} item={a} kind="added" slot={slot} />} />}
    </div>
  );
}
