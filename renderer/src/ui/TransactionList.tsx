import { useLiveQuery } from 'dexie-react-hooks';
import type { ConnectionView } from '../hooks/useConnections';
import { useLedgerline } from '../hooks/useLedgerline';
import { TransactionsEmptyState } from './TransactionsEmptyState';
import { TransactionTable } from './TransactionTable';

export function TransactionList({ connections, loaded }: { connections: readonly ConnectionView[]; loaded: boolean }) {
  const { db } = useLedgerline();
  // Counts index entries only, so tombstones (no listKey) are not counted and no rows are loaded.
  const count = useLiveQuery(() => db.transactions.where('listKey').above('').count(), [db]);

  return (
    <section className="transactions" aria-labelledby="transactions-title">
      <header className="transactions__header">
        <h2 className="transactions__title" id="transactions-title">Transactions</h2>
        {count !== undefined && count > 0 && (
          <span className="transactions__count">{count.toLocaleString()} {count === 1 ? 'transaction' : 'transactions'}</span>
        )}
      </header>
      {count === 0 && <TransactionsEmptyState connections={connections} loaded={loaded} />}
      {count !== undefined && count > 0 && <TransactionTable count={count} />}
    </section>
  );
}
