import { useLiveQuery } from 'dexie-react-hooks';
import type { ConnectionView } from '../hooks/useConnections';
import { liveRowCount } from '../db/liveCount';
import { useWarm, useWarmStart } from '../db/warmStart';
import { excludedCount } from '../db/editUserFields';
import { useLedgerline } from '../hooks/useLedgerline';
import { useFilter } from '../search/FilterContext';
import { useSearchResult } from '../search/useSearchResult';
import { FilterChips } from '../search/ui/FilterChips';
import { ExportMenu } from './export/ExportMenu';
import { FilterPanel } from '../search/ui/FilterPanel';
import { MatchSummary } from '../search/ui/MatchSummary';
import { SearchBox } from '../search/ui/SearchBox';
import { TransactionsEmptyState } from './TransactionsEmptyState';
import { TransactionTable } from './TransactionTable';
import '../search/ui/search.css';

export function TransactionList({ connections, loaded }: { connections: readonly ConnectionView[]; loaded: boolean }) {
  const { db } = useLedgerline();
  const { filter, clear } = useFilter();
  // Rows the user excluded are hidden unless the search asks for them (`is:excluded`).
  const excluded = useLiveQuery(() => excludedCount(db), [db]);
  const search = useSearchResult(filter, (excluded ?? 0) > 0);
  // Live rows only (tombstones are not listed), from the per-connection counts kept with the cursors.
  // Until the live count answers, the boot's (db/warmStart.ts): the list's first rows need it.
  const count = useWarm(useLiveQuery(() => liveRowCount(db), [db]), useWarmStart(db)?.count);
  const hasRows = count !== undefined && count > 0;
  const shown = search.active ? search.result : null;

  return (
    <section className="transactions" aria-labelledby="transactions-title">
      <header className="transactions__header transactions__header--search">
        <h2 className="transactions__title" id="transactions-title">Transactions</h2>
        {hasRows && (
          <div className="transactions__tools">
            <SearchBox />
            <FilterPanel />
            <ExportMenu />
          </div>
        )}
        <MatchSummary search={search} total={count} />
      </header>
      {hasRows && <FilterChips />}
      {count === 0 && <TransactionsEmptyState connections={connections} loaded={loaded} />}
      {/* One table either way (its scroll state and pages survive typing); until the first answer
          arrives — the index may still be loading — it keeps showing every row. */}
      {hasRows && (!shown || shown.count > 0) && <TransactionTable count={shown ? shown.count : count} ids={shown ? shown.ids : null} query={shown ? search.resultFor : null} />}
      {hasRows && shown?.count === 0 && !shown.complete && (
        <div className="search-empty" data-testid="search-pending">
          <p className="search-empty__title">No match in the newest {shown.scanned.toLocaleString()} transactions yet</p>
          <p className="search-empty__hint">Still searching older ones — results appear here as soon as the search index has loaded.</p>
        </div>
      )}
      {hasRows && shown?.count === 0 && shown.complete && (
        <div className="search-empty" data-testid="search-empty">
          <p className="search-empty__title">No transactions match</p>
          <p className="search-empty__hint">Try fewer words, another spelling, or an amount like 12.50.</p>
          <button type="button" className="button button--ghost" onClick={clear}>Clear search and filters</button>
        </div>
      )}
    </section>
  );
}
