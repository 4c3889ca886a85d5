import type { AccountRow as Account } from '../db/schema';
import type { ConnectionView } from '../hooks/useConnections';
import { useLedgerline } from '../hooks/useLedgerline';
import { AccountRow } from './AccountRow';
import { ConnectionStatusLine } from './ConnectionStatusLine';
import { DemoBadge } from './DemoBadge';
import { DemoControls } from './DemoControls';

export function ConnectionGroup(props: { connection: ConnectionView; accounts: readonly Account[]; syncingHere: boolean; refreshAvailableAt: string | null }) {
  const { connection, accounts, syncingHere, refreshAvailableAt } = props;
  const { activity } = useLedgerline();
  const headingId = `connection-${connection.id}`;
  return (
    <section className="connection" aria-labelledby={headingId}>
      <header className="connection__header">
        <h3 className="connection__name" id={headingId}>{connection.institutionName}</h3>
        {connection.demo && <DemoBadge />}
      </header>
      {accounts.length > 0 ? (
        <ul className="connection__accounts">
          {accounts.map((a) => <AccountRow key={a.id} account={a} />)}
        </ul>
      ) : (
        <p className="connection__empty">Accounts appear after the first sync.</p>
      )}
      <ConnectionStatusLine
        connection={connection}
        syncingHere={syncingHere}
        refreshAvailableAt={refreshAvailableAt}
        onRetry={() => void activity.sync([connection], 'retry')}
      />
      {connection.demo && <DemoControls connection={connection} />}
    </section>
  );
}
