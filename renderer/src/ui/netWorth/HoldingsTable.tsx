/**
 * A SnapTrade connection's holdings, read from the provider when shown (`holdings:list`, never
 * stored): per account, each position's units and price as SnapTrade sent them (decimal strings),
 * its value and cost computed exactly in main (shared/holdings.ts), and the gain.
 */
import { useQuery } from '@tanstack/react-query';
import { useLedgerline } from '../../hooks/useLedgerline';
import { useNow } from '../../hooks/useNow';
import { formatMoney } from '../../../../shared/money';
import type { AccountHoldings, Holding } from '../../../../shared/holdings';
import { Spinner } from '../Spinner';
import { relativeTime } from '../format';

const unitsFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 20 });
/** A decimal string in the locale's digits, every decimal kept (Intl formats the string exactly). */
const decimalText = (s: string | null): string => (s === null ? '—' : unitsFormat.format(s as Intl.StringNumericLiteral));
const priceText = (s: string | null, currency: string): string => {
  if (s === null) return '—';
  const f = new Intl.NumberFormat(undefined, { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 20 });
  try {
    return f.format(s as Intl.StringNumericLiteral);
  } catch {
    return `${decimalText(s)} ${currency}`;
  }
};

function HoldingRow({ h }: { h: Holding }) {
  const gain = h.valueMinor !== null && h.costMinor !== null ? h.valueMinor - h.costMinor : null;
  return (
    <tr data-testid="holding" data-symbol={h.symbol} data-value-minor={h.valueMinor ?? ''}>
      <th scope="row" className="holdings__symbol">
        <span className="holdings__ticker">{h.symbol}</span>
        <span className="holdings__desc">{h.description ?? h.kind}</span>
      </th>
      <td className="budget-num amount">{decimalText(h.units)}</td>
      <td className="budget-num amount">{priceText(h.price, h.currency)}</td>
      <td className="budget-num amount" data-testid="holding-value">{h.valueMinor === null ? '—' : formatMoney(h.valueMinor, h.currency)}</td>
      <td className="budget-num amount">{h.costMinor === null ? '—' : formatMoney(h.costMinor, h.currency)}</td>
      <td className={`budget-num amount${gain !== null && gain < 0 ? ' budget-left--over' : gain !== null && gain > 0 ? ' amount--in' : ''}`}>
        {gain === null ? '—' : formatMoney(gain, h.currency, { signed: true })}
      </td>
    </tr>
  );
}

export function HoldingsTable({ connectionId, accountNames }: { connectionId: string; accountNames: ReadonlyMap<string, string> }) {
  const { api } = useLedgerline();
  const now = useNow(60_000);
  const query = useQuery({
    queryKey: ['holdings', connectionId],
    queryFn: () => api.listHoldings({ connectionId }),
    staleTime: 5 * 60_000,
    retry: false,
  });
  if (query.isPending) return <p className="holdings__note"><Spinner size="sm" /> Reading positions from SnapTrade…</p>;
  if (query.isError) {
    return (
      <div className="holdings__note" role="alert">
        Couldn&rsquo;t read the holdings: {query.error.message}{' '}
        <button type="button" className="button button--ghost button--small" onClick={() => void query.refetch()}>Try again</button>
      </div>
    );
  }
  const accounts: readonly AccountHoldings[] = query.data.accounts;
  if (accounts.length === 0) return <p className="holdings__note">No investment accounts on this connection.</p>;
  return (
    <>
      {accounts.map((a) => (
        <div key={a.accountId} className="holdings" data-testid="holdings-account" data-account-id={a.accountId}>
          <h4 className="holdings__title">
            {accountNames.get(a.accountId) ?? a.accountId}
            {a.asOf && <span className="holdings__asof"> · prices as of {relativeTime(a.asOf, now)}</span>}
          </h4>
          {a.holdings.length === 0 ? <p className="holdings__note">No positions: cash only.</p> : (
            <div className="budget-table__scroll">
              <table className="budget-table holdings__table">
                <thead>
                  <tr>
                    <th scope="col">Position</th>
                    <th scope="col" className="budget-num">Units</th>
                    <th scope="col" className="budget-num">Price</th>
                    <th scope="col" className="budget-num">Value</th>
                    <th scope="col" className="budget-num">Cost basis</th>
                    <th scope="col" className="budget-num">Gain</th>
                  </tr>
                </thead>
                <tbody>{a.holdings.map((h) => <HoldingRow key={h.symbol} h={h} />)}</tbody>
              </table>
            </div>
          )}
        </div>
      ))}
    </>
  );
}
