import { formatMoney } from '../../../../shared/money';
import { IS_EXCLUDED } from '../../../../shared/search/parseSearch';
import { useFilter } from '../FilterContext';
import type { SearchState } from '../useSearchResult';
import { Spinner } from '../../ui/Spinner';

/** "42 matches · −$1,234.56 · +€12.00": the count and the total per currency, never mixed. */
export function MatchSummary({ search, total }: { search: SearchState; total: number | undefined }) {
  if (!search.active) {
    if (total === undefined || total === 0) return <span className="match-summary" role="status" />;
    return (
      <span className="match-summary" role="status">
        <span className="transactions__count">{total.toLocaleString()} {total === 1 ? 'transaction' : 'transactions'}</span>
      </span>
    );
  }
  if (search.error) return <span className="match-summary match-summary--error" role="status">Search is unavailable: {search.error.message}</span>;
  if (!search.result) {
    return (
      <span className="match-summary" role="status" data-testid="indexing">
        <Spinner /> {search.indexing ? 'Indexing…' : 'Searching…'}
      </span>
    );
  }
  const { count, totals, complete, scanned } = search.result;
  const hidden = search.result.hiddenExcluded ?? 0;
  if (!search.filtered && complete) {
    // Nothing filtered, only the excluded rows hidden: the count of what is listed, and a way to them.
    return (
      <span className="match-summary" role="status" data-testid="match-summary">
        <span className="transactions__count" data-testid="match-count" data-count={count}>
          {count.toLocaleString()} {count === 1 ? 'transaction' : 'transactions'}
        </span>
        <HiddenExcluded hidden={hidden} />
      </span>
    );
  }
  if (!complete) {
    // The index is still loading: the rows shown are the newest matches, the count is not final.
    return (
      <span className="match-summary" role="status" data-testid="match-summary" data-complete="false">
        <span className="match-summary__count" data-testid="match-count">
          {count.toLocaleString()} {count === 1 ? 'match' : 'matches'} in the newest {scanned.toLocaleString()}
        </span>
        <span className="match-summary__of"><Spinner /> searching older transactions…</span>
      </span>
    );
  }
  return (
    <span className="match-summary" role="status" data-testid="match-summary">
      <span className="match-summary__count" data-testid="match-count" data-count={count}>
        {count.toLocaleString()} {count === 1 ? 'match' : 'matches'}
        {total !== undefined && <span className="match-summary__of"> of {total.toLocaleString()}</span>}
      </span>
      {totals.map((t) => (
        <span key={t.currency} className={`match-summary__total amount${t.minor > 0 ? ' amount--in' : ''}`}
          data-testid="match-total" data-currency={t.currency} data-minor={t.minor}>
          {formatMoney(t.minor, t.currency, { signed: t.minor > 0 })}
        </span>
      ))}
      <HiddenExcluded hidden={hidden} />
    </span>
  );
}

/** "2 excluded hidden · Show": the rows left out because the user excluded them, one click away. */
function HiddenExcluded({ hidden }: { hidden: number }) {
  const { filter, patchFilter } = useFilter();
  if (hidden === 0) return null;
  return (
    <span className="match-summary__excluded" data-testid="hidden-excluded" data-count={hidden}>
      {hidden.toLocaleString()} excluded hidden
      {' · '}
      <button type="button" className="link-button" data-testid="show-excluded"
        onClick={() => patchFilter({ text: `${filter.text.trim()} ${IS_EXCLUDED}`.trim() })}>
        Show
      </button>
    </span>
  );
}
